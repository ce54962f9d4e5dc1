"""Readings added after the sixty-first blind round (the people, pets and places in a person's life, by name) was
read, checked on a REAL embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
"Anna first mention date", "when did Sarah first turn up?", "which one do I name-check more, Max or Anna?",
"anyone I've name-dropped more than once?", "only the ones where the pic shows a dog", "which ones did I have a bad
time in?" after the cities, "which spots have I never been negative about?", "Rome mentions caption negative".
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import (
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

NAMES = NAMES_ENTITY
SHOWS = SHOWS_TAG
FIRST = [(["Anna first mention date"], "anna"), (["when did Sarah first turn up?"], "sarah")]
LISTINGS = [
    (["show me the posts naming max", "only the ones where the pic shows a dog"],
     f"{NAMES.format('max')} AND {SHOWS.format('dog')}"),
    (["rome mentions caption negative"], f"{NAMES.format('rome')} AND p.caption_sentiment = 'negative'"),
]
GROUPS = ["which cities do i mention", "which ones did i have a bad time in?",
          "which spots have i never been negative about?",
          "which one do i name-check more, max or anna?", "anyone i've name-dropped more than once?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    said = {turn for turns, _ in FIRST + LISTINGS for turn in turns} | set(GROUPS)
    assert not {s.lower() for s in said} & {s.lower() for s in suite_phrasings()}


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_sixtyfirst_read_test", query_row_limit=100)


@pytest.mark.parametrize("turns, name", FIRST, ids=[t[0] for t, _ in FIRST])
def test_when_a_name_first_came_up(store: Any, turns: list[str], name: str) -> None:
    first = store.query(f"MATCH (p:Post) WHERE {NAMES.format(name)} RETURN p.id AS id ORDER BY p.created_at LIMIT 1")
    answer = last_answer(store, turns)
    assert answer.route == "parser" and answered_post_ids(answer) == {first[0]["id"]}, answer.answer


@pytest.mark.parametrize("turns, where", LISTINGS, ids=[" / ".join(t) for t, _ in LISTINGS])
def test_the_posts_the_last_turn_asks_for(store: Any, turns: list[str], where: str) -> None:
    assert_last_turn_lists(store, turns, where)


def _names(answer: Any) -> set[str]:
    return {str(next(iter(r.values()))) for r in answer.rows}


def test_the_cities_of_a_bad_time(store: Any) -> None:
    gold = {r["name"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'GPE'}) "
                                           "WHERE p.sentiment = 'negative' RETURN DISTINCT e.name AS name")}
    answer = last_answer(store, GROUPS[:2])
    assert answer.route == "parser" and _names(answer) == gold, answer.answer


def test_places_never_negative(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity) WHERE e.label IN ['GPE', 'LOC'] "
                       "WITH e.name AS name, sum(CASE WHEN p.sentiment = 'negative' THEN 1 ELSE 0 END) AS bad "
                       "RETURN name, bad")
    gold = {r["name"] for r in rows if r["bad"] == 0}
    assert gold and gold != {r["name"] for r in rows}
    answer = last_answer(store, [GROUPS[2]])
    assert answer.route == "parser" and _names(answer) == gold, answer.answer


def test_two_names_compared(store: Any) -> None:
    answer = last_answer(store, [GROUPS[3]])
    counts = {n: len(post_ids_where(store, NAMES.format(n))) for n in ("max", "anna")}
    assert answer.route == "parser" and counts["max"] != counts["anna"]
    assert f"More: {max(counts, key=counts.get)}" in answer.answer, answer.answer


def test_people_named_more_than_once(store: Any) -> None:
    gold = {r["name"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) "
                                           "WITH e.name AS name, count(DISTINCT p) AS n WHERE n > 1 RETURN name")}
    answer = last_answer(store, [GROUPS[4]])
    assert answer.route == "parser" and gold and _names(answer) == gold, answer.answer
