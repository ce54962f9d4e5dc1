"""Import, Compare and Settings pages, the sidebar, and the empty-graph message, on real embedded graphs."""
from __future__ import annotations

import subprocess
import sys

import pytest

from core.settings import get_settings
from extractors.entities import HashtagMentionExtractor
from tests.support.ui_fixtures import open_ui_graph
from tests.support.ui_helpers import app_on, texts
from ui import resources


@pytest.fixture
def empty_graph(tmp_path):
    yield from open_ui_graph(tmp_path / "home")


def test_empty_graph_says_how_to_load_one(empty_graph):
    for page in ("chat", "browse", "insights", "graph"):
        at = app_on(page)
        assert any("No graph loaded yet" in t and "make demo" in t for t in texts(at)), page
    # AppTest drops the sidebar after switch_page, so the sidebar is checked on the default page
    assert any("No graph loaded yet" in i.value for i in app_on("chat").sidebar.info)


def test_import_loads_a_csv_with_progress_and_summary(empty_graph, tmp_path, monkeypatch):
    # the minimal pipeline's extractor, given directly: this tests the page and load_posts, not the pipeline
    # factory (ingest.pipelines.build_extractors), which has its own tests
    monkeypatch.setattr(resources, "get_extractors", lambda pipeline: [HashtagMentionExtractor()])
    csv = tmp_path / "posts.csv"
    csv.write_text("id,caption,date\n1,Hello #beach,2024-01-02\n2,Dinner with @anna #food,2024-02-03\n"
                   "3,,2024-03-04\n4,Third #beach,not a date\n", encoding="utf-8")
    at = app_on("import_data")
    at.text_input(key="import_path").set_value(str(csv)).run()
    at.selectbox(key="import_pipeline").set_value("minimal").run()
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Loaded"] == str(len(empty_graph.query("MATCH (p:Post) RETURN p.id AS id")))
    assert int(metrics["Loaded"]) >= 2 and metrics["Unchanged"] == "0" and metrics["Extractor failures"] == "0"
    assert empty_graph.query("MATCH (:Entity {name: 'beach', label: 'HASHTAG'})<-[:MENTIONS]-(p) RETURN count(p) AS n"
                             )[0]["n"] >= 1
    assert app_on("chat").sidebar.metric[0].value == metrics["Loaded"]  # cached counts were refreshed
    at.button[0].click().run()  # the same file again: nothing to do
    assert {m.label: m.value for m in at.metric}["Unchanged"] == metrics["Loaded"]


def test_import_reports_a_missing_path(empty_graph):
    at = app_on("import_data")
    at.text_input(key="import_path").set_value("/no/such/folder").run()
    at.button[0].click().run()
    assert any(e.value.startswith("**Nothing exists at that path.**") for e in at.error)


def test_compare_shows_the_report_or_how_to_make_it(empty_graph, tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setenv("FEEDLENS_COMPARE_REPORT", str(tmp_path / "none.md"))
    get_settings.cache_clear()
    at = app_on("compare")
    assert any("No evaluation report here" in t and "research.evaluate compare" in t for t in texts(at))
    report = tmp_path / "docs" / "eval_compare.md"
    (report.parent / "eval_compare").mkdir(parents=True)
    Image.new("RGB", (40, 30), "red").save(report.parent / "eval_compare" / "f1.png")
    report.write_text("# Caption only vs caption + image\n\nMacro F1 rose.\n\n![F1](eval_compare/f1.png)\n\nEnd.\n")
    monkeypatch.setenv("FEEDLENS_COMPARE_REPORT", str(report))
    get_settings.cache_clear()
    at = app_on("compare")
    assert any("Macro F1 rose." in t for t in texts(at)) and any(t.strip() == "End." for t in texts(at))
    assert len(at.get("image")) == 1


def settings_page_with(monkeypatch, provider: str):
    """The Settings page rendered with FEEDLENS_LLM_PROVIDER=provider."""
    monkeypatch.setenv("FEEDLENS_LLM_PROVIDER", provider)
    get_settings.cache_clear()
    try:
        return app_on("settings")
    finally:
        get_settings.cache_clear()


def test_settings_lists_backend_llm_and_env_vars(empty_graph, monkeypatch):
    at = settings_page_with(monkeypatch, "ollama")
    graph_rows = at.dataframe[0].value.set_index("setting")
    assert (graph_rows.loc["backend", "value"] == "falkordb"
            and graph_rows.loc["backend", "env var"] == "FEEDLENS_BACKEND")
    assert graph_rows.loc["neo4j_uri", "env var"] == "NEO4J_URI"
    llm_rows = at.dataframe[2].value.set_index("setting")
    assert llm_rows.loc["provider", "value"] == "ollama"
    assert any("Graph reachable (falkordb): 0 posts" in s.value for s in at.success)


def test_settings_says_when_the_chat_model_cannot_be_built(empty_graph, monkeypatch):
    at = settings_page_with(monkeypatch, "none")
    warnings = [w.value for w in at.warning]
    assert any("chat model not available" in w and "FEEDLENS_LLM_PROVIDER=none" in w for w in warnings), warnings
    assert not any("agent available" in s.value for s in at.success)


def test_importing_ui_modules_loads_no_torch():
    code = ("import sys; import ui.components, ui.filters, ui.charts, ui.graph_view, ui.agent_bridge, ui.importing, "
            "ui.resources, ui.thumbs, graph.browse; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_mistyped_setting_stops_the_app_with_the_fix(empty_graph, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.support.ui_helpers import APP

    monkeypatch.setenv("FEEDLENS_BACKEDN", "neo4j")
    get_settings.cache_clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
    finally:
        monkeypatch.delenv("FEEDLENS_BACKEDN")
        get_settings.cache_clear()
    assert not at.exception
    assert any("FEEDLENS_BACKEDN (did you mean FEEDLENS_BACKEND?)" in e.value for e in at.error)
