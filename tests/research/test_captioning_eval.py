"""`python -m research.evaluate captions` end to end on a slice of Flickr8k dev (real data and the packaged model)."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT
from research.evaluate import main


def test_bad_dataset_spec_is_a_clear_exit(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="flickr8k:PATH"):
        main(["captions", "--dataset", f"coco:{tmp_path}"])
    with pytest.raises(SystemExit, match="captions.csv not found"):
        main(["captions", "--dataset", f"flickr8k:{tmp_path}"])


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_ARTEFACT.is_file(), reason="the packaged captioner artefact is not built")
def test_scores_and_report_on_a_dev_slice(shared_data: Path, tmp_path: Path) -> None:
    out, scores = tmp_path / "report.md", tmp_path / "scores.json"
    code = main(["captions", "--dataset", f"flickr8k:{shared_data / 'flickr8k'}", "--split", "dev", "--limit", "40",
                 "--beams", "1,3", "--tokenizer", "simple", "--no-meteor", "--examples", "5", "--out", str(out),
                 "--json", str(scores)])
    assert code == 0
    text = out.read_text()
    assert "dev-split numbers" in text and text.count("<img src=") == 5
    import json

    rows = json.loads(scores.read_text())
    assert [r["beam"] for r in rows] == [1, 3]
    assert all(0.0 < r["BLEU-4"] < 1.0 and r["CIDEr-D"] > 0.1 for r in rows)
