"""Rankings read as sentences: "what was my saddest year?" answered "1 result: - year: 2021; avg score: -0.19" and
"which topic is the happiest?" "Avg score by topic: café (0.55)."; now "The year with the lowest average sentiment
score: 2021, -0.19 (-1 negative ... +1 positive)." and a signed line per group. Hashtags are shown as '#music' and
accounts as '@luca' (the graph keeps the bare name, which a place can share); "posts without #music" is read
(it went to the LLM). Checked against a REAL embedded FalkorDB
holding the agent fixture graph. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_named_rankings_test", query_row_limit=100)


def test_the_gloomiest_year_is_a_sentence(store: Any) -> None:
    low = store.query("MATCH (p:Post) WHERE p.year IS NOT NULL RETURN p.year AS y, avg(p.sentiment_score) AS s "
                      "ORDER BY s ASC LIMIT 1")[0]
    answer = parser_agent(store).ask("which year was my gloomiest?")
    assert answer.route == "parser", answer.answer
    assert answer.answer.startswith(f"The year with the lowest average sentiment score: {low['y']}, "
                                    f"{low['s']:+.2f} (-1 negative ... +1 positive)."), answer.answer


def test_an_average_per_topic_is_a_line_each(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS t, avg(p.sentiment_score) AS s "
                       "ORDER BY s DESC LIMIT 5")
    answer = parser_agent(store).ask("what is the mean sentiment score of each topic?")
    assert answer.route == "parser", answer.answer
    assert answer.answer.startswith("Average sentiment score per topic (-1 negative ... +1 positive)")
    for row in rows:
        assert f"- {row['t']}: {row['s']:+.2f}" in answer.answer, answer.answer


def test_hashtags_and_accounts_carry_their_sign(store: Any) -> None:
    top = store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) RETURN e.name AS n, count(p) AS c "
                      "ORDER BY c DESC, n LIMIT 1")[0]
    answer = parser_agent(store).ask("what hashtag did I put on the most posts so far?")
    assert answer.route == "parser" and f"- #{top['n']}: {top['c']} posts" in answer.answer, answer.answer
    assert answer.rows[0]["hashtag"] == top["n"]  # the rows keep the graph's name
    accounts = parser_agent(store).ask("list the accounts I @mention")
    assert accounts.route == "parser" and "@luca" in accounts.answer, (accounts.cypher, accounts.answer)


def test_a_hashtag_denied_keeps_the_posts_without_it(store: Any) -> None:
    gold = store.query("MATCH (p:Post) WHERE NOT (p)-[:MENTIONS]->(:Entity {name: 'music', label: 'HASHTAG'}) "
                       "RETURN count(p) AS n")[0]["n"]
    answer = parser_agent(store).ask("how many of my posts are without #music?")
    assert answer.route == "parser" and answer.answer.startswith(f"{gold} posts."), answer.answer
    assert "without #music" in answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["which year was my gloomiest?", "what is the mean sentiment score of each topic?",
            "what hashtag did I put on the most posts so far?", "list the accounts I @mention",
            "how many of my posts are without #music?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
