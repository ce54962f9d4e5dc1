"""Two wordings a person uses that the parser left to the LLM: "posts with my dog" (a name, else what the photos
show, read after 'my'), and "what did I post about most in 2021?" (a trailing 'about' followed by more than one
consumed phrase: the topics are asked for). Checked against a REAL embedded FalkorDB holding the agent fixture
graph. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_possessive_about_test", query_row_limit=100)


def test_posts_with_my_pet_are_the_posts_whose_photos_show_it(store: Any) -> None:
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                                         "RETURN DISTINCT p.id AS id")}
    assert gold and not store.query("MATCH (e:Entity {name: 'dog'}) RETURN e")  # the premise: a tag, not a name
    answer = parser_agent(store).ask("list the posts with my dog")
    assert answer.route == "parser", answer.answer
    assert set(answer.post_ids) == gold, (answer.post_ids, gold)


def test_what_i_posted_about_most_in_a_year_is_its_topics(store: Any) -> None:
    year = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic) WHERE p.year IS NOT NULL "
                       "RETURN p.year AS y, count(DISTINCT p) AS n ORDER BY n DESC, y LIMIT 1")[0]["y"]
    top = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE p.year = $y RETURN t.name AS t, "
                      "count(DISTINCT p) AS n ORDER BY n DESC, t", {"y": year})
    question = f"what did I post about the most in {year}?"
    assert question not in suite_phrasings()
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    assert answer.rows and answer.rows[0].get("topic") in {r["t"] for r in top if r["n"] == top[0]["n"]}, answer.rows


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["list the posts with my dog"]
    assert not {q.lower() for q in mine} & suite_phrasings()
