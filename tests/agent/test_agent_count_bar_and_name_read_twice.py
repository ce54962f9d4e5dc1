"""Two readings the last session noticed and left, checked on a REAL embedded FalkorDB holding the agent fixture
graph against counts computed from the graph:
- a yes/no held to a bar on the total ("do I have at least 3 pics of snow?"): yes or no by that bar, with the count
  (it had gone to the LLM); a follow-up "and at least N?" holds the same count to the new bar;
- a name said as one kind in a sentence before the question and as another kind in the question ("I hashtag
  #travel a lot. Show me the posts in the travel topic."): the question's kind (both had been kept: 1 post of 7).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import (
    answered_post_ids,
    first_value,
    fixture_graph,
    parser_agent,
    post_ids_where,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

SNOW = "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'snow'}) RETURN count(DISTINCT i) AS n"
TRAVEL = "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) RETURN count(DISTINCT p) AS n"
PHRASINGS = [
    "do i have at least {n} pics of snow?", "have i got more than {n} snow pictures",
    "are there fewer than {n} posts about travel?", "did i post at least {n} travel posts",
    "and at least {n}?",
    "i hashtag #travel all the time. show me the posts in the travel topic.",
]


def test_these_phrasings_are_not_in_a_suite() -> None:
    asked = {p.format(n=n) for p in PHRASINGS for n in range(12)}
    assert not asked & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_count_bar_test", query_row_limit=100)


@pytest.mark.parametrize("phrasing, gold, passes", [
    (0, SNOW, lambda count, bar: count >= bar), (1, SNOW, lambda count, bar: count > bar),
    (2, TRAVEL, lambda count, bar: count < bar), (3, TRAVEL, lambda count, bar: count >= bar),
])
def test_a_yes_no_held_to_a_bar_on_the_total(store: Any, phrasing: int, gold: str, passes: Any) -> None:
    count = first_value(store, gold)
    assert count >= 2  # bars below and above the count both occur
    for bar in (count - 1, count, count + 1):
        answer = parser_agent(store).ask(PHRASINGS[phrasing].format(n=bar))
        said = "Yes" if passes(count, bar) else "No"
        assert answer.route == "parser", answer.answer
        assert answer.answer.startswith(f"{said} ("), answer.answer
        assert f" {bar} asked): {count} " in answer.answer, answer.answer


def test_a_follow_up_holds_the_same_count_to_a_new_bar(store: Any) -> None:
    count = first_value(store, SNOW)
    agent = parser_agent(store)
    first = agent.ask(PHRASINGS[0].format(n=count + 1))
    assert first.answer.startswith("No ("), first.answer
    again = agent.ask(PHRASINGS[4].format(n=count))
    assert again.route == "parser" and again.answer.startswith(f"Yes (at least {count} asked): {count} "), again.answer


def test_a_name_said_as_another_kind_before_the_question(store: Any) -> None:
    topic = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'travel'})")
    both = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND "
                                 "(p)-[:MENTIONS]->(:Entity {name: 'travel', label: 'HASHTAG'})")
    assert len(topic) > len(both)  # reading the hashtag too would leave posts out
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and answered_post_ids(answer) == topic, (answer.answer, answer.cypher)
