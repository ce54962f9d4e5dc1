"""'Which topics are mostly neutral?' when no topic with enough posts is: the answer says so and shows the nearest
ones (the highest shares among topics with enough posts), read from the graph; when some are, only those. An
average score per year says its scale and where it was lowest and highest instead of "6 results". Checked
against a REAL embedded FalkorDB holding the agent fixture graph. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

SHARES = ("MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t.name AS topic, count(DISTINCT p) AS posts, "
          "count(DISTINCT CASE WHEN p.sentiment = $s THEN p END) AS m WHERE posts >= 3 AND m > 0 "
          "RETURN topic, m, posts ORDER BY 1.0 * m / posts DESC, m DESC, topic")


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_mostly_closest_test", query_row_limit=100)


def test_none_mostly_neutral_comes_with_the_closest_topics(store: Any) -> None:
    shares = store.query(SHARES, {"s": "neutral"})
    assert shares and all(r["m"] * 2 <= r["posts"] for r in shares)  # the premise: none with 3+ posts is
    answer = parser_agent(store).ask("are any of my topics mostly neutral?")
    assert answer.route == "parser", answer.answer
    first = shares[0]
    assert ("The closest, of the topics with at least 3 posts:\n"
            f"- {first['topic']}: {first['m']} of {first['posts']} posts neutral") in answer.answer, answer.answer
    assert answer.answer.count("\n- ") == min(3, len(shares))


def test_no_closest_line_when_some_topics_are_mostly_that(store: Any) -> None:
    answer = parser_agent(store).ask("are any of my topics mostly positive?")
    assert answer.route == "parser" and "mostly positive" in answer.answer and "closest" not in answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["are any of my topics mostly neutral?", "are any of my topics mostly positive?",
            "what was my average sentiment score in each year?"]
    assert not {q.lower() for q in mine} & suite_phrasings()


def test_an_average_per_year_names_its_scale_and_its_lowest_and_highest_year(store: Any) -> None:
    per_year = store.query("MATCH (p:Post) WHERE p.year IS NOT NULL RETURN p.year AS year, "
                           "avg(p.sentiment_score) AS s ORDER BY year")
    answer = parser_agent(store).ask("what was my average sentiment score in each year?")
    assert answer.route == "parser", answer.answer
    assert answer.answer.startswith("Average sentiment score per year (-1 negative ... +1 positive):\n")
    for row in per_year:
        assert f"- {row['year']}: {row['s']:+.2f}" in answer.answer
    low, high = min(per_year, key=lambda r: r["s"]), max(per_year, key=lambda r: r["s"])
    assert f"Lowest: {low['year']} ({low['s']:+.2f}); highest: {high['year']} ({high['s']:+.2f})." in answer.answer
