"""Wordings the parser reads since the thirty-seventh blind round was read, checked on a REAL embedded FalkorDB
holding the agent fixture graph:
- two slips in one question, one of them in a name the graph lacks ("phtoos ... no peolpe"): both read (the second
  had been kept as a missing tag, so every photo counted as without it, with no caveat the scorer counts);
- "in 4 posts or more", "more pics showing X or more showing Y", "could you work out ...", "posts that include #x";
- follow-ups said another way: "just the ones from 2021", "only keep the 2021 ones", "2021 only", "sad in tone".
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import assert_parsed_to, first_value, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["how many phtoos have no peolpe in them", "which topics appear in four posts or more?",
             "are there more pics showing dogs or more showing cats?",
             "could you work out the average sentiment score of my 2021 posts?", "how many posts include #summer?",
             "list the posts about travel", "now just the ones from 2021, please", "only keep the 2021 ones",
             "2021 only, how many", "how many of them are sad in tone?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_seventh_read_test", query_row_limit=100)


def test_two_slips_one_in_a_name_the_graph_lacks(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[0], "MATCH (i:Image) WHERE NOT (i)-[:DEPICTS]->(:Tag {name: 'person'}) "
                     "RETURN count(i) AS n")


def test_n_posts_or_more(store: Any) -> None:
    counts = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS k, count(DISTINCT p) AS n")
    answer = parser_agent(store).ask(PHRASINGS[1])
    assert answer.route == "parser" and {r["topic"] for r in answer.rows} == {r["k"] for r in counts if r["n"] >= 4}


def test_more_showing_one_or_more_showing_the_other(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[2])
    for tag in ("dog", "cat"):
        n = first_value(store, f"MATCH (i:Image)-[:DEPICTS]->(:Tag {{name: '{tag}'}}) RETURN count(DISTINCT i) AS n")
        assert f"{tag}: {n} photo" in answer.answer, answer.answer
    assert answer.route == "parser", answer.answer


def test_work_out_and_include(store: Any) -> None:
    gold = store.query("MATCH (p:Post) WHERE p.year = 2021 RETURN avg(p.sentiment_score) AS a")[0]["a"]
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser" and abs(next(iter(answer.rows[0].values())) - gold) < 1e-6, answer.answer
    assert_parsed_to(store, PHRASINGS[4], "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'summer', label: 'HASHTAG'}) "
                     "RETURN count(DISTINCT p) AS n")


@pytest.mark.parametrize("follow", PHRASINGS[6:9])
def test_follow_ups_narrowing_to_a_year(store: Any, follow: str) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[5]).route == "parser"
    answer = agent.ask(follow)
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) WHERE p.year = 2021 "
                                         "RETURN p.id AS id")}
    assert answer.route == "parser" and gold, answer.answer
    if "how many" in follow:
        assert next(iter(answer.rows[0].values())) == len(gold), answer.answer
    else:
        assert set(answer.post_ids) == gold, answer.answer


def test_a_verdict_said_in_tone(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask(PHRASINGS[5])
    answer = agent.ask(PHRASINGS[9])
    gold = first_value(store, "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) WHERE p.sentiment = 'negative' "
                         "RETURN count(DISTINCT p) AS n")
    assert gold > 0 and answer.route == "parser" and next(iter(answer.rows[0].values())) == gold, answer.answer
