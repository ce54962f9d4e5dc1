"""The one ingest path: the CLI (new and old name) and the Import page run ingest_source and build the same
graph and report, on a real embedded FalkorDB; and which extractors a pipeline name means."""
from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from core.settings import Settings
from ingest.cli import main
from ingest.pipelines import PIPELINES, build_extractors
from ingest.source import IngestRequest, ingest_source
from research.graph_dump import dump_graph
from tests.support.ui_fixtures import open_ui_graph
from tests.support.ui_helpers import app_on

REPO = Path(__file__).resolve().parents[2]
# five rows: one with a photo, one whose photo is missing (kept, with a warning), one empty and one with a bad
# date (both skipped with their reasons)
CSV = ("id,caption,date,image\n1,Hello #beach,2024-01-02,a.jpg\n2,Dinner with @anna #food,2024-02-03,\n"
       "3,,2024-03-04,\n4,Third #beach,not a date,\n5,Lunch #food with @bob,2024-05-06,missing.jpg\n")


@pytest.fixture
def home(tmp_path: Path):
    """FEEDLENS_HOME for both the CLI and the app, with its real embedded graph (yielded as the store)."""
    yield from open_ui_graph(tmp_path / "home")


@pytest.fixture
def csv(tmp_path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (40, 30), "red").save(tmp_path / "a.jpg")
    path = tmp_path / "posts.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def _reports(home: Path) -> list[dict]:
    """The saved load reports, oldest first, without their timings."""
    reports = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((home / "reports").glob("load-*.json"))]
    for report in reports:
        del report["seconds"], report["extractor_seconds"]
    return reports


def test_cli_loads_a_csv_prints_its_summary_and_saves_the_report(home, csv: Path, tmp_path: Path, capsys) -> None:
    assert main([str(csv), "--pipeline", "minimal", "--no-progress"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"imported 3 posts from {csv} (2 rows skipped)"
    assert out[1] == "warning: 1 posts kept without some images (missing); the load summary lists them"
    assert out[2] == f"source: {csv}"
    assert out[3].startswith("posts imported: 3, loaded: 3, unchanged (skipped): 0, rows written: ")
    assert out[4:7] == ["rows skipped while importing: 2", f"  - {csv.name}:4: empty row: no caption and no image",
                        f"  - {csv.name}:5: column 'date': unreadable date 'not a date'"]
    report = Path(out[-1].removeprefix("report: "))
    assert out[-1].startswith("report: ") and report.parent == tmp_path / "home" / "reports"
    saved = json.loads(report.read_text(encoding="utf-8"))
    assert saved["source"] == str(csv) and saved["loaded"] == 3 and len(saved["import_skipped"]) == 2
    mentions = home.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity) RETURN p.id AS post, e.name AS name")
    assert sorted((r["post"], r["name"]) for r in mentions) == [
        ("csv:posts:1", "beach"), ("csv:posts:2", "anna"), ("csv:posts:2", "food"),
        ("csv:posts:5", "bob"), ("csv:posts:5", "food")]
    assert main([str(csv), "--pipeline", "minimal", "--no-progress", "--limit", "2"]) == 0
    assert "posts imported: 2, loaded: 0, unchanged (skipped): 2" in capsys.readouterr().out


def test_column_flags_name_the_columns_of_an_unusual_csv(home, tmp_path: Path, capsys) -> None:
    """--caption-column / --date-column / --id-column reach the importer (they used to be dropped silently)."""
    path = tmp_path / "export.csv"
    path.write_text("key,words,when\nx1,Morning swim #sea,2023-06-01\nx2,Rainy commute again,2023-06-02\n",
                    encoding="utf-8")
    assert main([str(path), "--pipeline", "minimal", "--no-progress"]) == 2  # no column it knows by name
    assert "--image-column and --caption-column" in capsys.readouterr().err
    assert main([str(path), "--pipeline", "minimal", "--no-progress", "--caption-column", "words",
                 "--date-column", "when", "--id-column", "key"]) == 0
    rows = home.query("MATCH (p:Post) RETURN p.id AS id, p.caption AS caption, p.year AS year ORDER BY id")
    assert [(r["caption"], r["year"]) for r in rows] == [("Morning swim #sea", 2023), ("Rainy commute again", 2023)]
    assert [r["id"].rsplit(":", 1)[-1] for r in rows] == ["x1", "x2"]


def test_cli_and_import_page_build_the_same_graph_and_report(home, csv: Path, tmp_path: Path) -> None:
    assert main([str(csv), "--pipeline", "minimal", "--no-progress", "--limit", "2"]) == 0
    from_cli, (cli_report,) = dump_graph(home), _reports(tmp_path / "home")
    assert len(from_cli[0]) > 2  # posts, an image, entities
    home.clear()
    for report in (tmp_path / "home" / "reports").iterdir():
        report.unlink()
    at = app_on("import_data")
    at.text_input(key="import_path").set_value(str(csv)).run()
    at.selectbox(key="import_pipeline").set_value("minimal").run()
    at.number_input(key="import_limit").set_value(2).run()
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Loaded"] == "2"
    assert dump_graph(home) == from_cli
    assert _reports(tmp_path / "home") == [cli_report]


def test_a_report_that_cannot_be_saved_leaves_the_load_done(home, csv: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "home" / "reports").write_text("a file where the reports folder goes", encoding="utf-8")
    outcome = ingest_source(IngestRequest(csv, pipeline="minimal"), Settings(home=tmp_path / "home"))
    assert outcome.report is None and isinstance(outcome.report_error, OSError)
    assert outcome.summary.loaded == 3 and len(outcome.summary.import_skipped) == 2
    assert home.query("MATCH (p:Post) RETURN count(p) AS n") == [{"n": 3}]
    # the command fails without its report, as it always has, naming the file in the way instead of a traceback
    assert main([str(csv), "--pipeline", "minimal", "--no-progress"]) == 2
    assert f"{tmp_path / 'home' / 'reports'} is a file where FeedLens keeps a folder" in capsys.readouterr().err


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


def test_a_lighter_pipeline_is_recognised_by_the_extractors_it_names() -> None:
    from ingest.loading import is_lighter

    full = "embeddings@3;caption_sentiment@2;entities@6;topics@1;image_tags@2"
    assert is_lighter("hashtags@1", full)  # the entities extractor finds hashtags and @mentions too
    assert is_lighter("embeddings@3;caption_sentiment@2;entities@6", full)
    assert not is_lighter(full, "hashtags@1") and not is_lighter(full, full) and not is_lighter("hashtags@1", None)
    assert not is_lighter("caption_sentiment@3", "embeddings@3;entities@6")  # a different extractor: re-read
