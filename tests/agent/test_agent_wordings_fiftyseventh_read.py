"""Readings added after the fifty-seventh blind round (a person hunting for half-remembered posts) was read, checked
on a REAL embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- an answer that names exactly one post ("my gloomiest travel post", the one of my Anna posts up in the mountains)
  is what a follow-up pointing at it asks about: "what city was that one in?", "which hashtags are on it?", "when
  was that one posted?", "where was that one?" (it had listed every city, hashtag or post of the graph: confidently
  wrong);
- "when did I post it?" with nothing before it, or after an answer that found no post, is not answered with every
  post;
- "my most negative travel post ever" (one post), "saddest" said alone after a listing (the one), "any with a dog in the
  pic?", "the max ones?" and "which one's got somebody in the photo?" after a listing (those of them), "does any of
  them mention a place? which one?", "what have I posted with Max in it";
- "are my travel or food posts more often positive?": which has the higher share of positive posts (it had compared
  how many positive posts each has, and called them the same).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import (
    ABOUT_TOPIC,
    NAMES_ENTITY,
    SHOWS_TAG,
    answered_post_ids,
    assert_last_turn_lists,
    fixture_graph,
    last_answer,
    post_ids_where,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

TOPIC = ABOUT_TOPIC
SHOWS = SHOWS_TAG
NAMES = NAMES_ENTITY
PLACE = "(p)-[:MENTIONS]->(:Entity {label: 'GPE'})"

# (turns, the posts the last turn lists, as a WHERE condition on p)
LISTINGS = [
    (["my beach posts pls", "any with a dog in the pic?"], f"{TOPIC.format('beach')} AND {SHOWS.format('dog')}"),
    (["my beach posts pls", "the max ones?"], f"{TOPIC.format('beach')} AND {NAMES.format('max')}"),
    (["show me my beach posts", "which one's got somebody in the photo?"],
     f"{TOPIC.format('beach')} AND {SHOWS.format('person')}"),
    (["list my holiday posts", "do any of those name a place? which ones?"],
     f"{TOPIC.format('holiday')} AND ({PLACE} OR (p)-[:MENTIONS]->(:Entity {{label: 'LOC'}}))"),
    (["what have I posted with Max in it"], NAMES.format("max")),
]


def test_these_phrasings_are_not_in_a_suite() -> None:
    said = {turn for turns, _ in LISTINGS for turn in turns} | {
        "my gloomiest travel post?", "what city was that one in?", "where was that one?",
        "list my travel posts",
        "the happiest one?", "which hashtags are on it?", "posts that name anna",
        "which of those was up in the mountains?", "when did that one go up?", "when did i share it?",
        "which posts mention Zed?", "my most negative travel post ever", "saddest",
        "are my travel or food posts more often positive?"}
    assert not said & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fiftyseventh_read_test", query_row_limit=100)


def _extreme(store: Any, topic: str, order: str) -> str:
    return store.query(f"MATCH (p:Post) WHERE {TOPIC.format(topic)} AND p.sentiment_score IS NOT NULL "
                       f"RETURN p.id AS id ORDER BY p.sentiment_score {order} LIMIT 1")[0]["id"]


@pytest.mark.parametrize("turns, where", LISTINGS, ids=[" / ".join(t) for t, _ in LISTINGS])
def test_the_posts_the_last_turn_asks_for(store: Any, turns: list[str], where: str) -> None:
    assert_last_turn_lists(store, turns, where)


@pytest.mark.parametrize("follow", ["what city was that one in?", "where was that one?"])
def test_the_place_of_the_one_post_named(store: Any, follow: str) -> None:
    gloomiest = _extreme(store, "travel", "ASC")
    places = {r["name"] for r in store.query("MATCH (p:Post {id: $id})-[:MENTIONS]->(e:Entity {label: 'GPE'}) "
                                             "RETURN e.name AS name", {"id": gloomiest})}
    every = {r["name"] for r in store.query("MATCH (:Post)-[:MENTIONS]->(e:Entity {label: 'GPE'}) "
                                            "RETURN DISTINCT e.name AS name")}
    assert places and places != every  # the one post names fewer places than the graph holds
    answer = last_answer(store, ["my gloomiest travel post?", follow])
    assert answer.route == "parser", answer.answer
    assert {next(iter(row.values())) for row in answer.rows} == places, answer.answer


def test_the_hashtags_on_the_one_post_named(store: Any) -> None:
    happiest = _extreme(store, "travel", "DESC")
    tags = {r["name"] for r in store.query("MATCH (p:Post {id: $id})-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) "
                                           "RETURN e.name AS name", {"id": happiest})}
    answer = last_answer(store, ["list my travel posts", "the happiest one?", "which hashtags are on it?"])
    assert answer.route == "parser", answer.answer
    assert {next(iter(row.values())) for row in answer.rows} == tags, answer.answer  # none is none, not all


def test_when_that_one_was_posted(store: Any) -> None:
    gold = post_ids_where(store, f"{NAMES.format('anna')} AND {SHOWS.format('mountain')}")
    assert len(gold) == 1
    answer = last_answer(store, ["posts that name anna", "which of those was up in the mountains?",
                            "when did that one go up?"])
    assert answer.route == "parser" and answered_post_ids(answer) == gold, answer.answer
    assert store.query("MATCH (p:Post {id: $id}) RETURN p.created_at AS at", {"id": next(iter(gold))})[0]["at"][:10] \
        in answer.answer


@pytest.mark.parametrize("turns", [["when did i share it?"], ["which posts mention Zed?", "when did that one go up?"]])
def test_it_with_nothing_named_is_not_every_post(store: Any, turns: list[str]) -> None:
    every = post_ids_where(store, "true")
    answer = last_answer(store, turns)
    assert {str(r.get("post_id")) for r in answer.rows} != every, answer.answer


@pytest.mark.parametrize("turns, topic, order", [
    (["my most negative travel post ever"], "travel", "ASC"),
    (["list my travel posts", "saddest"], "travel", "ASC"),
])
def test_the_one_post_ranked(store: Any, turns: list[str], topic: str, order: str) -> None:
    answer = last_answer(store, turns)
    assert answer.route == "parser" and answered_post_ids(answer) == {_extreme(store, topic, order)}, answer.answer


def test_more_often_positive_compares_shares(store: Any) -> None:
    shares = {}
    for topic in ("travel", "food"):
        row = store.query(f"MATCH (p:Post) WHERE {TOPIC.format(topic)} RETURN count(p) AS n, "
                          "sum(CASE WHEN p.sentiment = 'positive' THEN 1 ELSE 0 END) AS pos")[0]
        shares[topic] = row["pos"] / row["n"]
    assert shares["travel"] != shares["food"]
    answer = last_answer(store, ["are my travel or food posts more often positive?"])
    assert answer.route == "parser", answer.answer
    assert f"Higher: {max(shares, key=shares.__getitem__)}" in answer.answer, answer.answer
