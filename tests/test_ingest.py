"""The ingest package: which extractors a pipeline name means, and the CLI under its new and old names."""
from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest

from core.settings import Settings
from ingest.pipelines import PIPELINES, build_extractors

REPO = Path(__file__).resolve().parent.parent


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


def test_the_old_command_name_runs_the_same_cli() -> None:
    def help_of(module: str) -> str:
        out = subprocess.run([sys.executable, "-m", module, "--help"], cwd=REPO, capture_output=True, text=True,
                             check=True)
        return out.stdout

    new, old = help_of("ingest"), help_of("graph.load")
    assert new.startswith("usage: python -m ingest ") and old.startswith("usage: python -m graph.load ")
    assert "--caption-column" in new and "--pipeline {full,text,minimal}" in new
    # the same options, only the program name (and the usage indent that follows it) differs
    assert old.replace("python -m graph.load", "python -m ingest").split() == new.split()
