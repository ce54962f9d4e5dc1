"""Wordings the parser reads since the fortieth blind round was read, checked on a REAL embedded FalkorDB holding the
agent fixture graph:
- "of those, which ones show ..." after a count: those posts listed (the count had been answered again, confidently
  wrong);
- "with a dog in the picture" said alone after a question: those posts that also have it (it had replaced the
  earlier topic);
- "rank my years from happiest to saddest": every year by its average score;
- pinned or archived posts: said not to be recorded;
after the forty-first round: "which topics have the most positive captions on average": ranked by the average
caption score (it had kept only the positive captions).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["how many of my posts are about the beach?", "of those, which ones show a dog?",
             "with a dog in the picture", "rank my years from happiest to saddest",
             "which posts have I pinned to my profile?", "which 2 topics have the most negative captions on average?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fortieth_read_test", query_row_limit=100)


BEACH_DOGS = ("(p)-[:ABOUT]->(:Topic {name: 'beach'}) AND (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'})")


def test_which_ones_after_a_count_lists_them(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[0]).route == "parser"
    answer = agent.ask(PHRASINGS[1])
    gold = post_ids_where(store, BEACH_DOGS)
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer


def test_with_said_alone_narrows(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[0]).route == "parser"
    answer = agent.ask(PHRASINGS[2])
    gold = post_ids_where(store, BEACH_DOGS)
    every_dog = post_ids_where(store, "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'})")
    assert answer.route == "parser" and gold != every_dog, answer.answer
    assert next(iter(answer.rows[0].values())) == len(gold), answer.answer


def test_years_from_happiest_to_saddest(store: Any) -> None:
    rows = store.query("MATCH (p:Post) WHERE p.year IS NOT NULL RETURN p.year AS y, avg(p.sentiment_score) AS a "
                       "ORDER BY a DESC, y")
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser" and [r["year"] for r in answer.rows] == [r["y"] for r in rows], answer.answer


def test_pinned_posts_are_not_recorded(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[4])
    assert "does not record which posts are pinned" in answer.answer and not answer.rows, answer.answer


def test_the_most_negative_captions_on_average(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE p.caption_sentiment_score IS NOT NULL "
                       "WITH DISTINCT p, t.name AS topic RETURN topic, avg(p.caption_sentiment_score) AS a ORDER BY a")
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and "caption" in answer.answer, answer.answer
    assert [round(r["avg_score"], 6) for r in answer.rows] == [round(r["a"], 6) for r in rows[:2]], answer.answer
