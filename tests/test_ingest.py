"""The ingest package: which extractors a pipeline name means."""
from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from core.settings import Settings
from ingest.pipelines import PIPELINES, build_extractors


class _Tagger:
    name, version, batch_size = "imagenet_tagger", "1", 8

    def __init__(self, settings: Settings) -> None:
        self.settings = settings


def test_pipeline_names_pick_their_extractors(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    vision = types.ModuleType("extractors.vision")
    vision.ImageNetTagger = _Tagger  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "extractors.vision", vision)
    monkeypatch.setitem(sys.modules, "extractors.image_sentiment", None)  # import raises: that part drops out
    settings = Settings(home=tmp_path)
    names = {pipeline: [e.name for e in build_extractors(pipeline, settings)] for pipeline in PIPELINES}
    assert names["minimal"] == ["hashtags"]
    assert "imagenet_tagger" not in names["text"] and "hashtags" not in names["text"]
    assert names["full"] == ["imagenet_tagger", *names["text"]]
