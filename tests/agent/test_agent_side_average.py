"""'The average caption sentiment in 2022', 'average sentiment of my photos per year': the average of that side's
score (caption or photo), said as such; before, the overall score was averaged and given as the answer. A share
cites posts of the share (the positive ones), not the collection's first posts. Checked
against a REAL embedded FalkorDB holding the agent fixture graph. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_side_average_test", query_row_limit=100)


@pytest.mark.parametrize(("question", "score", "whose"), [
    ("what was the average caption sentiment of my posts?", "caption_sentiment_score", "caption "),
    ("tell me the mean sentiment of my pictures", "image_sentiment_score", "photo "),
    ("what was my average sentiment?", "sentiment_score", ""),
])
def test_an_average_of_one_side_reads_that_sides_score(store: Any, question: str, score: str, whose: str) -> None:
    gold = store.query(f"MATCH (p:Post) RETURN avg(p.{score}) AS s")[0]["s"]
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    assert f"Average {whose}sentiment score: {gold:+.2f} (-1 negative ... +1 positive)." in answer.answer, \
        (answer.cypher, answer.answer)


def test_a_side_average_per_year(store: Any) -> None:
    per_year = store.query("MATCH (p:Post) WHERE p.year IS NOT NULL RETURN p.year AS year, "
                           "avg(p.image_sentiment_score) AS s ORDER BY year")
    answer = parser_agent(store).ask("the average photo sentiment for each year")
    assert answer.answer.startswith("Average photo sentiment score per year"), answer.answer
    assert all(f"- {r['year']}: {r['s']:+.2f}" in answer.answer for r in per_year if r["s"] is not None)


@pytest.mark.parametrize(("question", "members"), [
    ("what fraction of my posts came out positive?", "MATCH (p:Post {sentiment: 'positive'}) RETURN p.id AS id"),
    ("what percent of my posts are about travel",
     "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) RETURN p.id AS id"),
])
def test_a_share_cites_posts_of_the_share(store: Any, question: str, members: str) -> None:
    inside = {r["id"] for r in store.query(members)}
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and answer.post_ids, answer.answer
    assert set(answer.post_ids) <= inside, (answer.post_ids, inside)


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["what fraction of my posts came out positive?", "what percent of my posts are about travel",
            "what was the average caption sentiment of my posts?", "tell me the mean sentiment of my pictures",
            "what was my average sentiment?", "the average photo sentiment for each year"]
    assert not {q.lower() for q in mine} & suite_phrasings()
