"""Training the entity filter: grouped folds, the threshold rule, the blind sample refused, a saved artefact."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from extractors.entity_filter import FilterModel
from research.training import train_entity_filter as train

FIELDS = ["row", "post_id", "entity", "label", "verdict", "gold_label", "key", "text"]


def _labels(path: Path) -> Path:
    """60 rows: people with census first names (right) and capitalised phrases typed PERSON (not names)."""
    firsts = ["Anna", "Mary", "John", "David", "Linda", "Paul"]
    rows = []
    for i in range(30):
        name = f"{firsts[i % 6]} Walker"
        rows.append({"row": 2 * i, "post_id": f"a{i}", "entity": name, "label": "PERSON", "verdict": "correct",
                     "gold_label": "PERSON", "key": name.lower(), "text": f"Met {name} at the market on day {i}"})
        rows.append({"row": 2 * i + 1, "post_id": f"b{i}", "entity": "Calm Fun", "label": "PERSON",
                     "verdict": "not_entity", "gold_label": "", "key": "calm fun",
                     "text": f"Winter Rainy Calm Fun Happy {i}"})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_folds_never_split_a_caption() -> None:
    groups = np.array([0, 0, 1, 2, 2, 2, 3, 4, 5, 5])
    folds = train.folds(groups, 3, seed=1)
    assert sorted(np.concatenate(folds).tolist()) == list(range(10))
    for valid in folds:
        inside = set(groups[valid].tolist())
        assert all(set(np.flatnonzero(np.isin(groups, [g])).tolist()) <= set(valid.tolist()) for g in inside)


def test_the_threshold_keeps_the_most_recall_at_the_target_precision(tmp_path: Path) -> None:
    data = train.build(train.read_rows([_labels(tmp_path / "labels.csv")]))
    prob = np.where(data.right, 0.9, 0.2)
    prob[np.flatnonzero(~data.right)[:2]] = 0.95  # two confident errors
    everything = np.arange(len(prob))
    threshold = train.choose_threshold(prob, data, everything, "with_rules", 0.9)
    assert threshold == pytest.approx(0.9)  # keeps the 30 right and the 2 errors: 30/32 >= 0.9
    assert train.choose_threshold(prob, data, everything, "with_rules", 0.99) == pytest.approx(0.9)  # most precise


def test_training_refuses_the_blind_sample(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        train.main(["--labels", str(_labels(tmp_path / "labels_blind6.csv")), "--out", str(tmp_path / "f.npz")])


def test_training_writes_a_loadable_artefact_and_its_sidecar(tmp_path: Path) -> None:
    labels = _labels(tmp_path / "labels.csv")
    out = tmp_path / "filter.npz"
    assert train.main(["--labels", str(labels), "--out", str(out), "--feature-sets", "cheap", "--repeats", "1",
                       "--C", "0.1", "--modes", "with_rules"]) == 0
    model = FilterModel.load(out)
    assert model is not None and model.mode == "with_rules" and not model.uses_embeddings
    sidecar = json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))
    assert sidecar["data"] == {str(labels): train.sha256(labels)}
    assert sidecar["chosen"]["C"] == 0.1 and sidecar["artefact_sha256"] == train.sha256(out)
    assert sidecar["cv_chosen"]["precision"] >= 0.9  # first names vs a tag list: easy to tell apart
