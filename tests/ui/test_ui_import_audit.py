"""What the Import page says after a load, a failed load and a load that found nothing (real embedded FalkorDB)."""
from __future__ import annotations

import pytest

from extractors.entities import HashtagMentionExtractor
from tests.support.ui_fixtures import open_ui_graph
from tests.support.ui_helpers import app_on, texts
from ui import resources


@pytest.fixture
def empty_graph(tmp_path, monkeypatch):
    # the minimal pipeline's extractor, given directly (as test_ui_admin does): the page is under test here
    monkeypatch.setattr(resources, "get_extractors", lambda pipeline: [HashtagMentionExtractor()])
    yield from open_ui_graph(tmp_path / "home")


def load(at, path):
    at.text_input(key="import_path").set_value(str(path)).run()
    at.selectbox(key="import_pipeline").set_value("minimal").run()
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_after_a_load_the_page_and_sidebar_show_the_new_posts(empty_graph, tmp_path):
    csv = tmp_path / "posts.csv"
    csv.write_text("id,caption,date\n1,Hello #beach,2024-01-02\n2,Dinner #food,2024-02-03\n", encoding="utf-8")
    at = load(app_on("import_data"), csv)
    assert {m.label: m.value for m in at.metric}["Loaded"] == "2"
    assert not any("No graph loaded yet" in t for t in texts(at))  # no stale 'empty graph' hint beside it
    assert {m.label: m.value for m in at.sidebar.metric}["Posts"] == "2"
    # the minimal pipeline reads no sentiment: the sidebar says so instead of 'unknown'
    assert at.sidebar.caption[0].value == "By final verdict: :gray[no verdict] 2"


def test_a_failed_load_does_not_show_the_previous_summary(empty_graph, tmp_path):
    csv = tmp_path / "posts.csv"
    csv.write_text("id,caption\n1,Hello #beach\n", encoding="utf-8")
    at = load(app_on("import_data"), csv)
    assert [s.value for s in at.subheader] == [f"Summary: {csv}"]
    at = load(at, tmp_path / "missing.csv")
    assert any(e.value.startswith("**Nothing exists at that path.**") for e in at.error)
    assert not at.subheader and not [m for m in at.metric if m.label == "Loaded"]


def test_a_load_that_finds_nothing_says_so(empty_graph, tmp_path):
    csv = tmp_path / "empty.csv"
    csv.write_text("text,x\n", encoding="utf-8")
    at = load(app_on("import_data"), csv)
    assert [w.value for w in at.warning] == ["The CSV has a header row but no posts under it."]


def posts_in_sidebar(at) -> str:
    return {m.label: m.value for m in at.sidebar.metric}["Posts"]


def details(at) -> str:
    return " ".join(c.value for c in at.code)


def test_a_damaged_export_says_what_is_wrong_and_loses_or_doubles_nothing(empty_graph, tmp_path):
    csv = tmp_path / "posts.csv"
    csv.write_text("id,caption\n1,Hello #beach\n2,Dinner #food\n", encoding="utf-8")
    at = load(app_on("import_data"), csv)
    assert posts_in_sidebar(at) == "2"
    export = tmp_path / "instagram"
    posts = export / "your_instagram_activity" / "content" / "posts_1.json"
    posts.parent.mkdir(parents=True)
    posts.write_text('[{"media": [{"uri": "a.jpg", "title": "hi"', encoding="utf-8")  # cut off mid-file
    at = load(at, export)
    shown = " ".join(e.value for e in at.error)
    assert shown.startswith("**The export's posts file is damaged") and "Download the export again" in shown
    assert str(tmp_path) not in shown and "JSON (line" not in shown  # no path, no parser message on the page
    assert str(posts) in details(at) and "line 1, column" in details(at)  # they are behind "Details"
    assert at.expander[-1].label == "Details" and "Your graph is unchanged." in shown
    assert posts_in_sidebar(at) == "2"
    at = load(at, csv)  # the same CSV again: nothing lost, nothing doubled
    assert {m.label: m.value for m in at.metric}["Unchanged"] == "2" and posts_in_sidebar(at) == "2"


def test_a_folder_without_photos_says_so(empty_graph, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "todo.txt").write_text("buy milk", encoding="utf-8")
    at = load(app_on("import_data"), folder)
    assert any(w.value.startswith("No photos found in this folder: FeedLens reads photo files (")
               and "The 1 file in it that is not a photo is listed below." in w.value for w in at.warning)


def test_a_csv_without_known_columns_can_be_told_them(empty_graph, tmp_path):
    binary = tmp_path / "export.csv"
    binary.write_bytes(bytes(range(256)) * 8)  # not text at all, whatever its name says
    at = load(app_on("import_data"), binary)
    assert at.error[0].value.startswith("**This file is not a text table")
    csv = tmp_path / "words.csv"
    csv.write_text("words,when\nSunny day,2024-01-02\n", encoding="utf-16")  # another encoding: read as it is
    at = load(at, csv)
    assert at.error[0].value == ("**FeedLens found no caption column and no image column in this CSV.** Say which "
                                 "column holds the caption (and which the photo's file name); its columns are: "
                                 "words, when. Your graph is unchanged.")
    at.text_input(key="import_caption_column").set_value("words").run()
    at = load(at, csv)
    assert {m.label: m.value for m in at.metric}["Loaded"] == "1" and not at.error


def test_an_unexpected_error_is_a_sentence_and_the_detail_is_folded(empty_graph, tmp_path, monkeypatch):
    import ingest.source

    def broken(*args, **kwargs):
        raise RuntimeError("disk controller said no at /srv/secret")

    monkeypatch.setattr(ingest.source, "load_posts", broken)
    csv = tmp_path / "posts.csv"
    csv.write_text("id,caption\n1,Hello\n", encoding="utf-8")
    at = load(app_on("import_data"), csv)
    assert at.error[0].value.startswith("**The import stopped on an unexpected error.** It is recorded in the app's "
                                        "log. Posts already in your graph are kept")
    assert "secret" not in at.error[0].value and "RuntimeError: disk controller said no" in details(at)


def test_a_lighter_reimport_keeps_what_a_fuller_pipeline_found(empty_graph, tmp_path, monkeypatch):
    """Loading the same posts again with 'minimal' after a fuller pipeline must not erase their sentiment: the
    lighter pipeline would re-extract them and write back only hashtags."""
    from extractors.sentiment.base import CaptionSentiment
    from extractors.sentiment.vader import VaderBackend

    pipelines = {"full": [HashtagMentionExtractor(), CaptionSentiment(VaderBackend())],
                 "minimal": [HashtagMentionExtractor()]}
    monkeypatch.setattr(resources, "get_extractors", lambda pipeline: pipelines[pipeline])
    csv = tmp_path / "posts.csv"
    csv.write_text("id,caption\n1,I love this sunny beach #summer\n2,Terrible traffic again\n", encoding="utf-8")
    at = app_on("import_data")
    at.text_input(key="import_path").set_value(str(csv)).run()
    at.selectbox(key="import_pipeline").set_value("full").run()
    at.button[0].click().run()
    sentiments = "MATCH (p:Post) RETURN p.id AS id, p.caption_sentiment AS verdict ORDER BY id"
    before = empty_graph.query(sentiments, {})
    assert [r["verdict"] for r in before] == ["positive", "negative"]
    at = load(at, csv)  # the same posts, now with 'minimal'
    assert {m.label: m.value for m in at.metric}["Unchanged"] == "2"
    assert "2 unchanged posts had been loaded with a fuller pipeline and were kept as they were" in at.info[0].value
    assert empty_graph.query(sentiments, {}) == before
