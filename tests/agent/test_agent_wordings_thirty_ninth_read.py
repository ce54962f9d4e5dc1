"""Wordings the parser reads since the thirty-ninth blind round was read, checked on a REAL embedded FalkorDB holding
the agent fixture graph:
- "what do the pictures in those posts show", "and what's in the pics of these ones", "what do their photos show" after
  a listing: the tags of those posts' photos (it had listed the posts again, confidently wrong);
- "which topic is the most negative by average score": ranked by the average score (it had ranked the topics'
  negative posts by their own score);
- "..., worst first" after a number: the order of the ranking, not every group;
- "which animal shows up most in my photos": the one tag of that kind most photos show;
- "grub", "snacks": food; "in a language other than English": not in English;
- "who else is mentioned in those posts": the other people those posts name.
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import first_value, fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["show me the posts that mention Sarah", "what do the pictures in those posts show?",
             "and what's in the pics of these ones?", "what do their photos show?",
             "which topic is the most negative by average score?", "the 2 saddest topics on average, worst first",
             "which animal turns up most in my photos?", "how many photos of grub?",
             "which posts are in a language other than English?", "show me the posts that mention Max",
             "who else is mentioned in those posts?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_ninth_read_test", query_row_limit=100)


@pytest.mark.parametrize("follow", PHRASINGS[1:4])
def test_what_the_photos_of_the_posts_listed_show(store: Any, follow: str) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[0]).route == "parser"
    answer = agent.ask(follow)
    gold = {r["t"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'sarah'}) MATCH "
                                        "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(t:Tag) RETURN DISTINCT t.name AS t")}
    assert answer.route == "parser" and gold and {r["tag"] for r in answer.rows} == gold, answer.answer


def _topic_averages(store: Any) -> list[tuple[str, float]]:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH DISTINCT p, t.name AS topic "
                       "RETURN topic, avg(p.sentiment_score) AS a ORDER BY a, topic")
    return [(r["topic"], r["a"]) for r in rows]


def test_the_most_negative_topic_by_average_score(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[4])
    assert answer.route == "parser" and answer.rows[0]["topic"] == _topic_averages(store)[0][0], answer.answer
    assert "sentiment negative" not in answer.answer, answer.answer


def test_worst_first_keeps_the_number(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser", answer.answer
    assert [r["topic"] for r in answer.rows] == [t for t, _ in _topic_averages(store)[:2]], answer.answer


def test_the_one_animal_most_photos_show(store: Any) -> None:
    rows = store.query("MATCH (i:Image)-[:DEPICTS]->(t:Tag {kind: 'animal'}) "
                       "RETURN t.name AS t, count(DISTINCT i) AS n ORDER BY n DESC, t LIMIT 1")
    answer = parser_agent(store).ask(PHRASINGS[6])
    assert answer.route == "parser" and len(answer.rows) == 1 and answer.rows[0]["tag"] == rows[0]["t"], answer.answer


def test_grub_is_food(store: Any) -> None:
    gold = first_value(store, "MATCH (i:Image)-[:DEPICTS]->(:Tag {kind: 'food'}) RETURN count(DISTINCT i) AS n")
    answer = parser_agent(store).ask(PHRASINGS[7])
    assert answer.route == "parser" and gold and next(iter(answer.rows[0].values())) == gold, answer.answer


def test_a_language_other_than_english(store: Any) -> None:
    gold = post_ids_where(store, "p.language IS NOT NULL AND p.language <> 'en' AND p.language <> 'und'")
    answer = parser_agent(store).ask(PHRASINGS[8])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer


def test_who_else_the_posts_mention(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[9]).route == "parser"
    answer = agent.ask(PHRASINGS[10])
    gold = {r["n"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'max', label: 'PERSON'}) MATCH "
                                        "(p)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) RETURN DISTINCT e.name AS n")}
    assert answer.route == "parser" and gold - {"max"} and {r["person"] for r in answer.rows} == gold - {"max"}
    assert "other than max" in answer.answer, answer.answer
