"""Yes/no questions asked without 'any' ('were there photos with a dog in 2022', 'are there negative posts'), or as
a bare noun phrase with 'y/n' ('dog photos in 2023? y/n'), are answered with 'Yes:' / 'No:' and the count, not a
listing (an empty listing was the answer to a 'no'); 'and which ones' still asks for the list, and 'do I have
photos of X' / 'did I post anything X' still list the posts (as earlier rounds read them). Counts of photos cite
the posts they belong to. Checked against a REAL embedded FalkorDB holding the agent fixture graph. None of these
phrasings is in an evaluation suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, same_rows, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_yes_no_test", query_row_limit=100)


DOG_PHOTOS = "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) RETURN count(DISTINCT i)"
YES_NO = {
    "were there photos with a dog": DOG_PHOTOS,
    "dog photos? y/n": DOG_PHOTOS,
    "were there pics of a dog in 1999": "MATCH (p:Post {year: 1999})-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->"
                                        "(:Tag {name: 'dog'}) RETURN count(DISTINCT i)",
    "are there posts about travel in 2023? yes or no": "MATCH (p:Post {year: 2023})-[:ABOUT]->"
                                                        "(:Topic {name: 'travel'}) RETURN count(DISTINCT p)",
    "are there negative posts": "MATCH (p:Post {sentiment: 'negative'}) RETURN count(p)",
    "travel posts, y/n": "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) RETURN count(DISTINCT p)",
}


@pytest.mark.parametrize("question", list(YES_NO))
def test_a_yes_no_without_any_is_answered_yes_or_no_with_the_count(store: Any, question: str) -> None:
    gold = store.query(YES_NO[question])
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", (question, answer.answer)
    assert same_rows(answer, gold), (question, answer.cypher, answer.rows)
    expected = "Yes: " if next(iter(gold[0].values())) else "No: "
    assert expected in answer.answer, answer.answer


def test_and_which_ones_still_asks_for_the_list(store: Any) -> None:
    answer = parser_agent(store).ask("were there photos with a dog, and which ones")
    gold = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                       "RETURN DISTINCT p.id AS id")
    assert answer.route == "parser" and "Yes: " not in answer.answer
    assert {r["id"] for r in gold} <= set(answer.post_ids), (answer.cypher, answer.post_ids)


def test_a_question_that_compares_is_not_read_as_a_yes_no() -> None:
    from agent.slots.heads import RULES
    from agent.wording import normalise

    yes_no = next(pattern for pattern, handler in RULES if handler.__name__ == "_yes_no")
    assert yes_no.search(normalise("were there photos of dogs"))
    for question in ("do i have photos of dogs", "did i post anything sad about dogs",
                     "were there more photos of dogs than cats",
                     "are there photos of dogs and how many", "did i post the most in 2021"):
        assert not yes_no.search(normalise(question)), question


def test_a_count_of_photos_cites_the_posts_they_belong_to(store: Any) -> None:
    answer = parser_agent(store).ask("how many pictures show a dog?")
    owners = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                         "RETURN DISTINCT p.id AS id")
    assert owners and set(answer.post_ids) == {r["id"] for r in owners}, answer.post_ids


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = [*YES_NO, "were there photos with a dog, and which ones", "how many pictures show a dog?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
