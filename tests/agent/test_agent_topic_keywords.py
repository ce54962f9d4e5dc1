"""A topic asked for by a word that is not a topic's name but one of its keywords ("posts about brunch" where the
topic 'food' lists brunch among its keywords): the literal answer (no topic called brunch) stands, the topic is named
as what may have been meant, and the question asked of it follows, said as such, with its posts cited. A keyword of
two topics is not picked for the user: both are named. Checked against a REAL embedded FalkorDB holding the agent
fixture graph with keywords set on three topics. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

KEYWORDS = {"food": ["food", "brunch", "dinner"], "coffee": ["coffee", "espresso"], "work": ["work", "espresso"]}


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    for graph in fixture_graph(falkordb_home, "agent_topic_keywords_test", query_row_limit=100):
        for name, keywords in KEYWORDS.items():
            graph.write("MATCH (t:Topic {name: $name}) SET t.keywords = $keywords",
                        {"name": name, "keywords": keywords})
        yield graph


def _about(store: Any, topic: str) -> set[str]:
    return {str(r["id"]) for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: $t}) RETURN p.id AS id",
                                              {"t": topic})}


def test_a_keyword_of_one_topic_asks_that_topic(store: Any) -> None:
    food = _about(store, "food")
    assert food and not store.query("MATCH (n) WHERE n.name = 'brunch' RETURN n")  # the premise
    answer = parser_agent(store).ask("how many of my posts were about brunch?")
    assert answer.route == "parser", answer.answer
    assert answer.answer.startswith("No topic 'brunch' is in your graph"), answer.answer
    assert "did you mean the topic 'food'" in answer.answer
    assert f"Asked of the topic 'food' (one of its keywords is 'brunch') instead:\n{len(food)} posts." \
        in answer.answer
    assert answer.rows == [{"posts": 0}] or list(answer.rows[0].values()) == [0]  # the rows hold the literal answer
    assert answer.post_ids and set(answer.post_ids) <= food


def test_a_keyword_of_two_topics_is_not_picked(store: Any) -> None:
    answer = parser_agent(store).ask("how many of my posts were about espresso?")
    assert answer.route == "parser", answer.answer
    assert "the topic 'coffee'" in answer.answer and "the topic 'work'" in answer.answer, answer.answer
    assert "instead:" not in answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["how many of my posts were about brunch?", "how many of my posts were about espresso?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
