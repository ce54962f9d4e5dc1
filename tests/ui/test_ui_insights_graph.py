"""Insights and Graph pages against a real graph (embedded FalkorDB, and Neo4j) holding 12 hand-made posts."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from core.settings import get_settings
from tests.support.graph_server import ENGINES
from tests.support.ui_collection import sample_analyses
from tests.support.ui_fixtures import engine_ui_graph
from tests.support.ui_helpers import app_on, texts
from ui.graph_view import browser_cypher, browser_url


@pytest.fixture(scope="module", params=ENGINES)
def store(request):
    yield from engine_ui_graph(request, "ui-insights", lambda home: sample_analyses(home / "photos"))


def test_insights_charts_and_agreement(store):
    at = app_on("insights")
    assert len(at.get("vega_lite_chart")) == 5
    assert any(t.startswith("12 dated posts in 11 months (2023-01 to 2023-11)") for t in texts(at))
    agreement = at.metric[0]
    assert agreement.label == "Agreement" and agreement.value == "67%"  # 8 of 12 posts agree
    table = at.dataframe[-1].value
    assert int(table.loc["negative", "positive"]) == 1  # p02: negative caption, positive photo
    assert int(table.loc["positive", "positive"]) == 5
    topics = at.dataframe[0].value.set_index("topic")
    assert topics.loc["travel", "posts"] == 4 and topics.loc["travel", "negative"] == 2
    assert topics.loc["beach", "positive_share"] == pytest.approx(0.667, abs=0.001)


def test_insights_topic_threshold(store):
    at = app_on("insights")
    at.slider(key="min_topic_posts").set_value(3).run()
    assert set(at.dataframe[0].value["topic"]) == {"travel", "food", "dogs", "beach"}
    at.slider(key="min_topic_posts").set_value(4).run()
    assert set(at.dataframe[0].value["topic"]) == {"travel"}


def test_graph_of_a_topic_and_of_a_post(store):
    at = app_on("graph")
    at.selectbox(key="graph_topic").set_value("beach").run()
    assert any(t.startswith("4 nodes, 3 relationships") for t in texts(at))
    at.radio(key="graph_mode").set_value("post").run()
    at.text_input(key="graph_post").set_value("p05").run()
    assert any(t.startswith("9 nodes, 10 relationships") for t in texts(at))
    kinds = sorted(at.dataframe[0].value["kind"])
    assert kinds == ["Entity", "Entity", "Image", "Keyphrase", "Post", "Sentiment", "Tag", "Topic", "Topic"]
    links = at.get("link_button")
    if store.backend == "falkordb":
        assert not links  # no Neo4j Browser to link to
    else:  # the Browser of the server the app uses, opened on the same neighbourhood
        url = links[0].proto.url
        assert url.startswith(get_settings().neo4j_browser_url + "?cmd=edit&arg=")
        assert parse_qs(urlparse(url).query)["arg"] == [browser_cypher("post", "p05")]
    at.text_input(key="graph_post").set_value("nope").run()
    assert any("Nothing found for post 'nope'" in t for t in texts(at))


def test_show_in_graph_from_the_post_detail(store):
    at = app_on("browse")
    at.button(key="grid-p07").click().run()
    at.button(key="graph-p07").click().run()
    assert not at.exception
    assert at.radio(key="graph_mode").value == "post" and at.text_input(key="graph_post").value == "p07"


def test_neo4j_browser_link_carries_the_query():
    cypher = browser_cypher("post", 'it\'s "quoted"')
    url = browser_url(cypher, "bolt://graphhost:7687")
    assert url.startswith("http://graphhost:7474/browser/?cmd=edit&arg=")
    query = parse_qs(urlparse(url).query)
    assert query["arg"] == [cypher] and query["connectURL"] == ["bolt://graphhost:7687"]
    assert browser_url(cypher, "bolt://x:1", "https://b.example/browser").startswith("https://b.example/browser/?")
    assert '{id: "it\'s \\"quoted\\""}' in cypher
