"""Readings added after the fifty-fifth blind round (a person talking through their album) was read, checked on a
REAL embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- "which of my travel posts have a hashtag?" then "and the ones without a hashtag?": the other side of the same posts
  (both had been kept: no post, confidently wrong); "did I hashtag", "with hashtag", "n" for "and";
- "which one's the earliest?" after a listing: that one post (the "'s" had been dropped: every post, oldest first);
- "which of my posts showing a dog are positive?" then "and the ones showing a cat?": the cat ones instead (it had
  asked for a dog and a cat in one photo).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import answered_post_ids, fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = [
    "which of my travel posts have a hashtag?", "and the ones without any hashtag at all?",
    "which travel posts did i hashtag?", "n the ones w zero hashtags?",
    "show me my dog pics", "and which one's the earliest?",
    "which of my posts showing a dog are positive?", "and the ones showing a cat?",
]
HASHTAG = "(p)-[:MENTIONS]->(:Entity {label: 'HASHTAG'})"
TRAVEL = "(p)-[:ABOUT]->(:Topic {name: 'travel'})"


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fiftyfifth_read_test", query_row_limit=100)


@pytest.mark.parametrize("first, follow", [(0, 1), (2, 3)])
def test_with_a_hashtag_then_the_ones_without(store: Any, first: int, follow: int) -> None:
    with_one = post_ids_where(store, f"{TRAVEL} AND {HASHTAG}")
    without = post_ids_where(store, f"{TRAVEL} AND NOT {HASHTAG}")
    assert with_one and without
    agent = parser_agent(store)
    answer = agent.ask(PHRASINGS[first])
    assert answer.route == "parser" and answered_post_ids(answer) == with_one, answer.answer
    answer = agent.ask(PHRASINGS[follow])
    assert answer.route == "parser" and answered_post_ids(answer) == without, answer.answer


def test_which_ones_the_oldest_after_a_listing(store: Any) -> None:
    oldest = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) RETURN p.id AS id "
                         "ORDER BY p.created_at LIMIT 1")[0]["id"]
    agent = parser_agent(store)
    agent.ask(PHRASINGS[4])
    answer = agent.ask(PHRASINGS[5])
    assert answer.route == "parser" and answered_post_ids(answer) == {oldest}, answer.answer


def test_and_the_ones_showing_another_thing_switches_it(store: Any) -> None:
    gold = post_ids_where(store, "p.sentiment = 'positive' AND (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->"
                                 "(:Tag {name: 'cat'})")
    assert gold
    agent = parser_agent(store)
    agent.ask(PHRASINGS[6])
    answer = agent.ask(PHRASINGS[7])
    assert answer.route == "parser" and answered_post_ids(answer) == gold, answer.answer
