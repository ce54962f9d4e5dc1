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


def test_a_failed_load_does_not_show_the_previous_summary(empty_graph, tmp_path):
    csv = tmp_path / "posts.csv"
    csv.write_text("id,caption\n1,Hello #beach\n", encoding="utf-8")
    at = load(app_on("import_data"), csv)
    assert [s.value for s in at.subheader] == [f"Summary: {csv}"]
    at = load(at, tmp_path / "missing.csv")
    assert any("does not exist" in e.value for e in at.error)
    assert not at.subheader and not [m for m in at.metric if m.label == "Loaded"]


def test_a_load_that_finds_nothing_says_so(empty_graph, tmp_path):
    csv = tmp_path / "empty.csv"
    csv.write_text("text,x\n", encoding="utf-8")
    at = load(app_on("import_data"), csv)
    assert any(w.value.startswith(f"No posts found in {csv}") for w in at.warning)
