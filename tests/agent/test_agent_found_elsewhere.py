"""A question about a topic the graph lacks, whose word the graph holds as a photo tag ("posts about pizza" where no
topic is called pizza but photos are tagged pizza): the literal answer (none, with the note saying so) stands and is
what the rows hold, and the same question asked of that tag follows, said as such, with its posts cited. A person,
place or organisation the captions name ("posts about Berlin") is read as that name, and the answer says so.
Checked against a REAL embedded FalkorDB holding the agent fixture graph. None of these phrasings is in an evaluation
suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_found_elsewhere_test", query_row_limit=100)


def _ids(store: Any, cypher: str) -> set[str]:
    return {str(r["id"]) for r in store.query(cypher)}


def test_a_topic_the_graph_lacks_is_asked_of_the_tag_with_that_word(store: Any) -> None:
    owners = _ids(store, "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'pizza'}) "
                         "RETURN DISTINCT p.id AS id")
    assert owners and not store.query("MATCH (t:Topic {name: 'pizza'}) RETURN t")
    answer = parser_agent(store).ask("how many of my posts are about pizza?")
    assert answer.route == "parser" and answer.rows == [{"posts": 0}], answer.rows  # the literal reading
    assert "No topic 'pizza'" in answer.answer
    assert f"Asked of the tag 'pizza' instead:\n{len(owners)} post" in answer.answer, answer.answer
    assert set(answer.post_ids) == owners


def test_about_a_place_no_topic_is_called_lists_the_posts_naming_it(store: Any) -> None:
    """'about Berlin' where no topic is called so but the captions name the place: those posts, and the answer
    says how 'about' was read (a photo tag spelt the same keeps the literal answer and the other reading, above)."""
    mentioning = _ids(store, "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'berlin'}) RETURN DISTINCT p.id AS id")
    assert mentioning and not store.query("MATCH (t:Topic {name: 'berlin'}) RETURN t")
    answer = parser_agent(store).ask("list the posts about berlin")
    assert answer.route == "parser" and set(answer.post_ids) == mentioning, answer.answer
    assert "No topic has that name, so 'about' was read as the name your captions mention" in answer.answer


@pytest.mark.parametrize("question", ["how many posts are not about pizza?", "how many posts are about quidditch?"])
def test_no_other_reading_for_a_negation_or_a_word_the_graph_lacks_everywhere(store: Any, question: str) -> None:
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and "instead:" not in answer.answer, answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["how many of my posts are about pizza?", "list the posts about berlin",
            "how many posts are not about pizza?", "how many posts are about quidditch?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
