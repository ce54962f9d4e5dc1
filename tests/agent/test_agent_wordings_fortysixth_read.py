"""Readings changed after the forty-sixth blind round was read, checked on a REAL embedded FalkorDB holding the agent
fixture graph against gold rows computed from the graph:
- "when did I start posting about <topic>": the first post about it (it had counted the posts, confidently wrong);
- "what year did I first (last) post about <topic>", "... ? just the year": that year (it went to the LLM, or was
  counted in years);
- "who do I name (not the @ accounts)": the people named (such a parenthesis had been read as posts without any
  @mention, confidently wrong), "mention by name, not counting the @ accounts", "travel-topic posts that don't tag
  any @account", "a positive caption while the photo is neutral or negative".
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["when did I begin writing about the beach?", "when did I start posting about dogs? just the year",
             "in what year did I last post about travel?", "who do I name in my captions (not the @ accounts)?",
             "which people do I refer to by name in my captions, leaving aside the @ accounts?",
             "which of my travel-topic posts don't tag any @handle?",
             "how many posts have a happy caption while the photo is negative or neutral?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fortysixth_read_test", query_row_limit=100)


def _years(store: Any, topic: str) -> list[int]:
    return sorted(r["y"] for r in store.query(f"MATCH (p:Post)-[:ABOUT]->(:Topic {{name: '{topic}'}}) "
                                              "WHERE p.year IS NOT NULL RETURN DISTINCT p.year AS y"))


def test_when_did_i_start_is_the_first_post(store: Any) -> None:
    first = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN p.id AS id "
                        "ORDER BY p.created_at LIMIT 1")[0]["id"]
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser" and answer.post_ids == [first], answer.answer


def test_the_first_and_the_last_year(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[1])
    assert answer.route == "parser" and [r["year"] for r in answer.rows] == _years(store, "dog")[:1], answer.answer
    answer = parser_agent(store).ask(PHRASINGS[2])
    assert answer.route == "parser" and [r["year"] for r in answer.rows] == _years(store, "travel")[-1:], \
        answer.answer


def test_people_named_not_the_accounts(store: Any) -> None:
    gold = {r["n"] for r in store.query("MATCH (:Post)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) "
                                        "RETURN DISTINCT e.name AS n")}
    for question in PHRASINGS[3:5]:
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and {next(iter(r.values())) for r in answer.rows} == gold, answer.answer


def test_posts_of_a_topic_that_tag_no_account(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND "
                                 "NOT (p)-[:MENTIONS]->(:Entity {label: 'MENTION'})")
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer


def test_a_positive_caption_over_a_photo_that_is_not(store: Any) -> None:
    gold = len(post_ids_where(store, "p.caption_sentiment = 'positive' AND p.image_sentiment <> 'positive'"))
    answer = parser_agent(store).ask(PHRASINGS[6])
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold, answer.answer
