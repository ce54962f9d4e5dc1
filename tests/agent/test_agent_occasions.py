"""A topic said with the occasion it names ("my cycling trips", "posts about summer weekends") is that topic: before,
the second word was left over and the question went to the LLM. A name the graph lacks is said as asked
("christmas", not "christma"). Checked against a REAL embedded FalkorDB holding the agent fixture graph. None of
these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.absent import canonical
from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_occasions_test", query_row_limit=100)


@pytest.mark.parametrize(("question", "topic"), [
    ("how many posts about my cycling trips?", "cycling"),
    ("count my posts about summer weekends", "summer"),
])
def test_an_occasion_after_a_topic_is_that_topic(store: Any, question: str, topic: str) -> None:
    gold = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: $t}) RETURN count(DISTINCT p) AS n", {"t": topic})
    assert gold[0]["n"] >= 1  # the fixture's premise
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    assert answer.answer.startswith(f"{gold[0]['n']} post"), answer.answer
    assert f"about '{topic}'" in answer.answer


def test_a_missing_name_keeps_its_spelling(store: Any) -> None:
    answer = parser_agent(store).ask("how many posts are about christmas?")
    assert "No topic 'christmas' is in your graph" in answer.answer, answer.answer
    assert [canonical(w, "topic") for w in ("cats", "stories", "texas", "news", "beaches")] == \
        ["cat", "story", "texas", "news", "beach"]


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["how many posts about my cycling trips?", "count my posts about summer weekends",
            "how many posts are about christmas?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
