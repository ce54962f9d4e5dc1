"""Follow-ups that swap what a share or a group question is about. "What fraction of my posts are negative?" then
"what about positive?" answered the share of negative posts among the positive ones (0%, confidently wrong); it is
now the share of positive posts, and likewise for "mostly", "never" and ranked shares. "My top 3 topics" then "and
the least common?" (or "my most negative post" then "and the most positive?") repeated the first answer; the ranking
now turns round. "Which topics are mostly
negative?" then "and hashtags?" went to the LLM; it is the same question of hashtags. An empty answer because of a
verdict ("which of them came out negative?") says which verdicts those posts have. Checked against a REAL embedded
FalkorDB holding the agent fixture graph. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_follow_up_switch_test", query_row_limit=100)


def test_a_shares_follow_up_swaps_the_verdict(store: Any) -> None:
    total = store.query("MATCH (p:Post) RETURN count(p) AS n")[0]["n"]
    positive = store.query("MATCH (p:Post {sentiment: 'positive'}) RETURN count(p) AS n")[0]["n"]
    assert 0 < positive < total  # the premise
    agent = parser_agent(store)
    agent.ask("what fraction of all my posts came out negative?")
    answer = agent.ask("what about positive?")
    assert answer.route == "parser", answer.answer
    assert answer.answer.startswith(f"{positive} of {total} posts"), answer.answer


def test_a_mostly_follow_up_swaps_the_verdict_then_the_group(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask("what topics come out mostly negative?")
    answer = agent.ask("what about positive?")
    assert answer.route == "parser" and "mostly positive" in answer.answer, answer.answer
    hashtags = agent.ask("and hashtags?")
    assert hashtags.route == "parser", hashtags.answer
    assert "hashtag" in hashtags.answer.split("\n")[0] and "mostly positive" in hashtags.answer, hashtags.answer


def test_a_ranking_follow_up_asks_the_other_group(store: Any) -> None:
    top = store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) RETURN e.name AS n, count(p) AS c "
                      "ORDER BY c DESC, n LIMIT 1")[0]
    agent = parser_agent(store)
    agent.ask("what are my five biggest topics?")
    answer = agent.ask("what about hashtags?")
    assert answer.route == "parser" and f"#{top['n']}: {top['c']} posts" in answer.answer, answer.answer


def test_an_answer_emptied_by_a_verdict_says_the_verdicts_there_are(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'coffee'}) RETURN p.sentiment AS s, count(p) AS n")
    assert rows and all(r["s"] != "negative" for r in rows)  # the premise: no coffee post is negative
    total = sum(int(r["n"]) for r in rows)
    agent = parser_agent(store)
    agent.ask("show my coffee posts")
    answer = agent.ask("which of them came out negative?")
    assert answer.route == "parser", answer.answer
    said = f"None of the {total} posts asked about has a negative verdict: " if total > 1 else \
        "The one post asked about has a "
    assert said in answer.answer, answer.answer


def test_a_ranking_follow_up_turns_the_ranking_round(store: Any) -> None:
    fewest = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS t, count(p) AS n ORDER BY n ASC, t "
                         "LIMIT 2")
    agent = parser_agent(store)
    agent.ask("name my two largest topics")
    answer = agent.ask("and the least common?")
    assert answer.route == "parser", answer.answer
    assert [r["topic"] for r in answer.rows][:1] == [fewest[0]["t"]] or answer.rows[0]["posts"] == fewest[0]["n"], \
        (answer.rows, fewest)
    assert len(answer.rows) == 2 and "fewest" in answer.answer


@pytest.mark.parametrize("follow", ["and the happiest?", "and the most positive one?"])
def test_the_gloomiest_post_then_the_happiest(store: Any, follow: str) -> None:
    """('... one' was read as the number 1 and sent the question to the LLM.)"""
    best = store.query("MATCH (p:Post) RETURN p.id AS id ORDER BY p.sentiment_score DESC LIMIT 1")[0]["id"]
    agent = parser_agent(store)
    agent.ask("which post is my gloomiest?")
    answer = agent.ask(follow)
    assert answer.route == "parser" and answer.post_ids[:1] == [best], (answer.post_ids, answer.answer)


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["what fraction of all my posts came out negative?", "what about positive?",
            "what topics come out mostly negative?",
            "and hashtags?", "what are my five biggest topics?", "what about hashtags?", "show my coffee posts",
            "which of them came out negative?", "name my two largest topics", "and the least common?",
            "which post is my gloomiest?", "and the happiest?", "and the most positive one?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
