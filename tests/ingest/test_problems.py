"""What the user is told about skipped and degraded records: every one of them, grouped by reason with counts
on screen, and the complete list (plus the grouping) in the JSON report."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.models import Post
from ingest.cli import main
from ingest.loading import LoadSummary
from ingest.problems import degraded_rows, group_problems
from tests.data.fixtures_importers.builders import corrupt_jpeg, photo, write_json
from tests.support.ui_fixtures import open_ui_graph


def _rows(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"location": location, "reason": reason} for location, reason in pairs]


def test_reasons_that_differ_only_in_their_values_form_one_group():
    groups = group_problems(_rows(
        ("posts_1.json#3", "duplicate id 'instagram:a.jpg' (first seen at posts_1.json#0)"),
        ("q.csv:4", "expected 4 fields, got 1"),
        ("posts_1.json#4", "duplicate id 'instagram:b.jpg' (first seen at posts_1.json#1)"),
        ("q.csv:5", "expected 4 fields, got 1"),
        ("posts_1.json#5", "duplicate id 'instagram:c.jpg' (first seen at posts_1.json#2)"),
        ("posts_1.json#6", "creation_timestamp: timestamp 1e+20 is not a date between 1970 and 2100"),
        ("posts_1.json#7", "creation_timestamp: timestamp -5 is not a date between 1970 and 2100"),
        ("x.jpg", "unreadable image and no caption"),
        ("posts_1.json#8", "title: should be text (got true)"),
        ("posts_1.json#9", "title: should be text (got [])"),
    ))
    assert [(g.reason, g.count, g.locations) for g in groups] == [
        ("duplicate id …", 3, ["posts_1.json#3", "posts_1.json#4", "posts_1.json#5"]),
        ("expected 4 fields, got 1", 2, ["q.csv:4", "q.csv:5"]),
        ("creation_timestamp: timestamp … is not a date between 1970 and 2100", 2,
         ["posts_1.json#6", "posts_1.json#7"]),
        ("title: should be text", 2, ["posts_1.json#8", "posts_1.json#9"]),
        ("unreadable image and no caption", 1, ["x.jpg"]),
    ]


def test_summary_lines_list_every_skip_grouped_and_cut_long_groups():
    summary = LoadSummary(source="export", import_skipped=_rows(
        *[(f"img{i:02}.jpg", "unreadable image and no caption") for i in range(14)],
        ("posts_1.json#0", "media: should be a list of media objects or one uri (got 7)"),
        *[(f"q.csv:{line}", f"unreadable date 'day {line}'") for line in (2, 3, 4)],
    ))
    lines = summary.lines()
    start = lines.index("rows skipped while importing: 18")
    assert lines[start + 1:start + 4] == [
        ("  - unreadable image and no caption (14): img00.jpg, img01.jpg, img02.jpg, img03.jpg, img04.jpg "
        "and 9 more"),
        "  - unreadable date … (3): q.csv:2, q.csv:3, q.csv:4",
        "  - posts_1.json#0: media: should be a list of media objects or one uri (got 7)",
    ]


def test_degraded_posts_are_listed_by_what_they_lost(tmp_path: Path):
    posts = [
        Post(id="folder:a", caption="x", extras={"location": "a.jpg", "unreadable_images": [
            f"{tmp_path / 'a.jpg'}: unreadable: OSError: image file is truncated"]}),
        Post(id="instagram:m/b.jpg", caption="y", extras={"missing_images": [str(tmp_path / "m/b.jpg")],
                                                          "notes": ["caption cut from 9000 to 5000 characters"]}),
        Post(id="instagram:m/c.mp4", caption="z", extras={"videos": [str(tmp_path / "m/c.mp4")],
                                                          "media_urls": ["https://cdn.example/d.jpg"]}),
    ]
    rows = degraded_rows(posts, tmp_path)
    assert rows == _rows(
        ("a.jpg", "unreadable image (OSError: image file is truncated)"),
        ("m/b.jpg", "image file missing"),
        ("instagram:m/b.jpg", "caption cut from 9000 to 5000 characters"),
        ("m/c.mp4", "video, not analysed"),
        ("https://cdn.example/d.jpg", "remote media, not downloaded"),
    )
    summary = LoadSummary(import_degraded=rows)
    assert "parts lost while importing (posts kept): 5" in summary.lines()
    saved = json.loads(summary.save(tmp_path / "reports").read_text(encoding="utf-8"))
    assert saved["import_degraded"] == rows
    assert saved["degraded_by_reason"][0] == {
        "reason": "unreadable image (OSError: image file is truncated)", "count": 1, "locations": ["a.jpg"]}
    assert saved["skipped_by_reason"] == []


def test_similar_warnings_are_printed_once_with_a_count(capsys):
    from data.importers.base import ImportResult
    from ingest.cli import ConsoleObserver

    warnings = [f"ignored '{name}' (unknown file type)" for name in ("a.txt", "b.doc", "c.zip")]
    ConsoleObserver(Path("photos"), bars=False).read(ImportResult(warnings=[*warnings, "no sidecars"]), [])
    assert capsys.readouterr().out.splitlines()[1:] == [
        "warning: ignored … (unknown file type) (3 times; all in the report)", "warning: no sidecars"]


@pytest.fixture
def home(tmp_path: Path):
    """FEEDLENS_HOME with its real embedded graph, yielded as the store."""
    yield from open_ui_graph(tmp_path / "home")


def test_cli_names_every_bad_entry_and_lost_image_of_a_broken_export(home, tmp_path: Path, capsys) -> None:
    root = tmp_path / "export"
    photo(root / "media/posts/ok.jpg")
    for index in range(7):
        corrupt_jpeg(root / f"media/posts/bad{index}.jpg")
    entries = [{"media": [{"uri": "media/posts/ok.jpg", "title": 2024}], "creation_timestamp": 1546300800},
               {"media": 7, "creation_timestamp": 1546300801},
               {"media": "media/posts/gone.jpg", "creation_timestamp": 1546300802},
               {"media": [{"uri": "media/posts/x.jpg"}], "creation_timestamp": 1e20},
               *[{"media": [{"uri": f"media/posts/bad{i}.jpg"}], "creation_timestamp": 1546300900 + i}
                 for i in range(7)]]
    write_json(root / "your_instagram_activity/content/posts_1.json", entries)
    assert main([str(root), "--pipeline", "minimal", "--no-progress"]) == 0
    assert home.query("MATCH (p:Post) RETURN count(p) AS n") == [{"n": 9}]
    out = capsys.readouterr().out.splitlines()
    assert "rows skipped while importing: 2" in out
    assert "  - posts_1.json#1: media: should be a list of media objects or one uri (got 7)" in out
    assert ("  - posts_1.json#3: creation_timestamp: timestamp 1e+20 is not a date between 1970 and 2100"
            in out)
    assert "parts lost while importing (posts kept): 8" in out
    assert ("  - unreadable image (OSError: Truncated File Read) (7): media/posts/bad0.jpg, media/posts/bad1.jpg, "
            "media/posts/bad2.jpg, media/posts/bad3.jpg, media/posts/bad4.jpg and 2 more") in out
    assert "  - media/posts/gone.jpg: image file missing" in out
    saved = json.loads(Path(out[-1].removeprefix("report: ")).read_text(encoding="utf-8"))
    assert len(saved["import_skipped"]) == 2 and len(saved["import_degraded"]) == 8
    assert saved["degraded_by_reason"][0]["count"] == 7 and len(saved["degraded_by_reason"][0]["locations"]) == 7


def test_reasons_that_differ_in_words_stay_apart():
    groups = group_problems(_rows(
        ("", "1 posts kept without some images (missing); the load summary lists them"),
        ("", "4 posts kept without some images (unreadable); the load summary lists them"),
        ("a.jpg", "unreadable image (OSError: truncated)"), ("b.jpg", "unreadable image (OSError: truncated)"),
        ("c.jpg", "unreadable image (SyntaxError: not a PNG)"),
    ))
    assert [(g.reason, g.count) for g in groups] == [
        ("unreadable image (OSError: truncated)", 2),
        ("1 posts kept without some images (missing); the load summary lists them", 1),
        ("4 posts kept without some images (unreadable); the load summary lists them", 1),
        ("unreadable image (SyntaxError: not a PNG)", 1),
    ]


def test_import_page_shows_skipped_and_degraded_groups(home, tmp_path: Path) -> None:
    from tests.support.ui_helpers import app_on

    root = tmp_path / "export"
    corrupt_jpeg(root / "media/posts/bad.jpg")
    write_json(root / "content/posts_1.json", [{"media": 7}, {"media": "media/posts/bad.jpg", "title": 12}])
    at = app_on("import_data")
    at.text_input(key="import_path").set_value(str(root)).run()
    at.selectbox(key="import_pipeline").set_value("minimal").run()
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert {m.label: m.value for m in at.metric}["Skipped rows"] == "1"
    labels = [expander.label for expander in at.expander]
    assert "Skipped rows (1) and why" in labels and "Parts lost while importing (posts kept) (1) and why" in labels
    assert home.query("MATCH (p:Post) RETURN p.caption AS caption") == [{"caption": "12"}]


def test_extractor_failures_are_grouped_too():
    failures = [{"post_id": f"csv:p:{i}", "extractor": "vision", "error": f"OSError: image file is truncated "
                 f"({i} bytes not processed)"} for i in range(12)]
    lines = LoadSummary(failures=failures).lines()
    start = lines.index("extractor failures (posts loaded without that part): 12")
    assert lines[start + 1:] == [("  - [vision] OSError: image file is truncated (12): csv:p:0, csv:p:1, csv:p:2, "
                                 "csv:p:3, csv:p:4 and 7 more")]


def test_degraded_rows_add_what_the_importer_recorded_once(tmp_path: Path):
    from data.importers.base import SkippedRow

    post = Post(id="csv:p:3", caption="x", extras={"location": "p.csv:4",
                                                  "notes": ["caption cut from 99999 to 20000 characters"]})
    recorded = [SkippedRow("p.csv:4", "caption cut from 99999 to 20000 characters"),  # already in the post's notes
                SkippedRow("p.csv:3", "image truncated: the file ends early")]
    rows = degraded_rows([post], tmp_path / "p.csv", recorded)
    assert rows == [{"location": "p.csv:4", "reason": "caption cut from 99999 to 20000 characters"},
                    {"location": "p.csv:3", "reason": "image truncated: the file ends early"}]
