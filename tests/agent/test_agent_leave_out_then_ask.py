"""A leave-out and a question said in one turn, and a singular question with no noun, checked on a REAL embedded
FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- "Skip the sad ones. Which one is the newest of the rest?" after a listing: the newest of the others (the second
  sentence had gone to the LLM for its "left" / "the rest");
- "Get rid of the negative ones. How many remain?": a count of the others, and no write request (a write said after
  it still is one);
- "which is the oldest one?" after a listing: that one post (it listed them all, oldest first);
- "hashtags I used once and never again": exactly once ("never again" had gone to the LLM).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.chain import is_write_request
from tests.support.agent_helpers import (
    fixture_graph,
    parser_agent,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

LISTING = "give me every cycling post I have"
PHRASINGS = [LISTING, "Skip the sad ones. Which one is the newest of the rest?",
             "Get rid of the negative ones. How many remain?", "which is the oldest one?",
             "hashtags I used once and never again", "which hashtags did I use one time, then never again?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_leave_out_then_ask_test", query_row_limit=100)


def _cycling(store: Any, where: str = "true") -> list[dict[str, Any]]:
    return store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'cycling'}) WHERE " + where +
                       " RETURN p.id AS id, p.created_at AS at ORDER BY at")


def test_leave_out_then_the_newest_of_the_rest(store: Any) -> None:
    rest = _cycling(store, "p.sentiment <> 'negative'")
    assert len(rest) >= 2 and rest[-1]["at"] != rest[-2]["at"]
    agent = parser_agent(store)
    agent.ask(LISTING)
    answer = agent.ask(PHRASINGS[1])
    assert answer.route == "parser" and [r["post_id"] for r in answer.rows] == [rest[-1]["id"]], answer.answer


def test_leave_out_then_how_many_remain(store: Any) -> None:
    assert not is_write_request(PHRASINGS[2])
    assert is_write_request("Get rid of the negative ones. Then delete the rest.")
    agent = parser_agent(store)
    agent.ask(LISTING)
    answer = agent.ask(PHRASINGS[2])
    rest = _cycling(store, "p.sentiment <> 'negative'")
    assert answer.route == "parser" and answer.rows and list(answer.rows[0].values()) == [len(rest)], answer.answer


def test_which_is_the_oldest_after_a_listing_is_one_post(store: Any) -> None:
    posts = _cycling(store)
    assert len(posts) >= 2 and posts[0]["at"] != posts[1]["at"]
    agent = parser_agent(store)
    agent.ask(LISTING)
    answer = agent.ask(PHRASINGS[3])
    assert answer.route == "parser" and [r["post_id"] for r in answer.rows] == [posts[0]["id"]], answer.answer


@pytest.mark.parametrize("said", PHRASINGS[4:])
def test_once_and_never_again_is_exactly_once(store: Any, said: str) -> None:
    gold = {r["h"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) "
                                        "WITH e, count(DISTINCT p) AS n WHERE n = 1 RETURN e.name AS h")}
    answer = parser_agent(store).ask(said)
    assert answer.route == "parser" and gold, answer.answer
    assert {next(iter(r.values())) for r in answer.rows} == gold, answer.rows

