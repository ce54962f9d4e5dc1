"""Posts ranked by how many hashtags (people, photo tags...) each one has ("which post has the most hashtags"),
checked on a REAL embedded FalkorDB holding the agent fixture graph against numbers computed in Python from the
graph's own rows. Before, these went to the LLM. The posts tied with the last one asked for are shown and said to be
tied; posts asked about that have none give a plain "none has any", not a note about their sentiment. None of these
phrasings is in a suite."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["which one post of mine has the most hashtags in it?", "my two pics with the most tags",
             "which post names the most people?", "which of my 2021 posts has the most hashtags?",
             "which of my neutral posts names the most people?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_most_per_post_test", query_row_limit=100)


def _per_post(store: Any, pattern: str, where: str = "true") -> Counter[str]:
    rows = store.query(f"MATCH (p:Post)-{pattern} WHERE {where} RETURN p.id AS id, count(DISTINCT g) AS n")
    return Counter({r["id"]: r["n"] for r in rows})


def _top_with_ties(counts: Counter[str], k: int) -> set[str]:
    ranked = counts.most_common()
    cut = ranked[min(k, len(ranked)) - 1][1]
    return {pid for pid, n in ranked if n >= cut}


def test_the_post_with_the_most_hashtags(store: Any) -> None:
    counts = _per_post(store, "[:MENTIONS]->(g:Entity {label: 'HASHTAG'})")
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser" and {r["post_id"] for r in answer.rows} == _top_with_ties(counts, 1), answer.answer
    assert all(r["hashtags"] == counts[r["post_id"]] for r in answer.rows), answer.answer
    if len(answer.rows) > 1:
        assert "tied" in answer.answer, answer.answer


def test_two_photos_with_the_most_tags_keep_the_ties(store: Any) -> None:
    counts = _per_post(store, "[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(g:Tag)")
    answer = parser_agent(store).ask(PHRASINGS[1])
    gold = _top_with_ties(counts, 2)
    assert answer.route == "parser" and {r["post_id"] for r in answer.rows} == gold, answer.answer
    assert ("tied" in answer.answer) == (len(gold) > 2), answer.answer


def test_the_post_naming_the_most_people_and_a_year(store: Any) -> None:
    people = _per_post(store, "[:MENTIONS]->(g:Entity {label: 'PERSON'})")
    answer = parser_agent(store).ask(PHRASINGS[2])
    assert answer.route == "parser" and {r["post_id"] for r in answer.rows} == _top_with_ties(people, 1), \
        answer.answer
    of_2021 = _per_post(store, "[:MENTIONS]->(g:Entity {label: 'HASHTAG'})", "p.year = 2021")
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser" and {r["post_id"] for r in answer.rows} == _top_with_ties(of_2021, 1), \
        answer.answer


def test_posts_without_any_say_so(store: Any) -> None:
    named = _per_post(store, "[:MENTIONS]->(g:Entity {label: 'PERSON'})", "p.sentiment = 'neutral'")
    neutral = store.query("MATCH (p:Post {sentiment: 'neutral'}) RETURN count(p) AS n")[0]["n"]
    answer = parser_agent(store).ask(PHRASINGS[4])
    assert answer.route == "parser", answer.answer
    if named:
        assert {r["post_id"] for r in answer.rows} == _top_with_ties(named, 1), answer.answer
    else:
        assert not answer.rows and f"None of the {neutral} posts asked about has any people" in answer.answer, \
            answer.answer
        assert "verdict" not in answer.answer, answer.answer
