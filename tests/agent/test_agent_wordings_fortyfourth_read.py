"""Readings added after the forty-fourth blind round (questions about what the photos show) was read, checked on a
REAL embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- photos that "look" happy or sad: the photo's own verdict, not the post's ("what share of my pics with someone in
  them look cheerful" had used the post's overall verdict, confidently wrong);
- "the sad caption ones" after a count: those posts listed (the count had been answered again, confidently
  wrong);
- "years with no dog photo", "which years did I not post any photo of a dog": the years none of whose photos shows
  it (it had listed the years holding any post without one, confidently wrong);
- photos whose mood differs from (doesn't match) their caption; "what clothing and accessories";
- "and now only those posted in 2022 or later".
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["what share of my pics with someone in them look cheerful?",
             "count my photos showing a dog", "the upbeat caption ones",
             "years with no dog photo", "which years did I not post any photo of a dog?",
             "which of my photos of a person have a different mood in the picture than in the caption?",
             "which beach photos have a mood that doesn't match the caption?",
             "what clothing and accessories show up in my pictures?",
             "list my beach photos", "and now only those posted in 2022 or later"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fortyfourth_read_test", query_row_limit=100)


def test_photos_that_look_happy_use_the_photo_verdict(store: Any) -> None:
    row = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'person'}) WITH DISTINCT p "
                      "RETURN count(p) AS n, sum(CASE WHEN p.image_sentiment = 'positive' THEN 1 ELSE 0 END) AS pos, "
                      "sum(CASE WHEN p.sentiment = 'positive' THEN 1 ELSE 0 END) AS overall")[0]
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser" and (answer.rows[0]["matching"], answer.rows[0]["posts"]) == (row["pos"], row["n"])
    assert row["pos"] != row["overall"] and "by the photo" in answer.answer, answer.answer


def test_the_caption_ones_after_a_count_are_listed(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) AND "
                                 "p.caption_sentiment = 'positive'")
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[1]).route == "parser"
    answer = agent.ask(PHRASINGS[2])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold and "post_id" in answer.rows[0], \
        answer.answer


def test_years_with_no_photo_of_a_thing(store: Any) -> None:
    every = {r["y"] for r in store.query("MATCH (p:Post) WHERE p.year IS NOT NULL RETURN DISTINCT p.year AS y")}
    dogs = {r["y"] for r in store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                                        "RETURN DISTINCT p.year AS y")}
    for question in PHRASINGS[3:5]:
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and every - dogs, answer.answer
        assert {r["year"] for r in answer.rows} == every - dogs, (question, answer.answer)


def test_photos_whose_mood_differs_from_the_caption(store: Any) -> None:
    for question, tag in ((PHRASINGS[5], "person"), (PHRASINGS[6], "beach")):
        gold = post_ids_where(store, f"(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {{name: '{tag}'}}) AND "
                                     "p.caption_sentiment IS NOT NULL AND p.image_sentiment IS NOT NULL AND "
                                     "p.caption_sentiment <> p.image_sentiment")
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and set(answer.post_ids) == gold, (question, answer.answer)


def test_clothing_and_accessories_are_read_as_clothes() -> None:
    # the fixture graph holds no clothing tags, so the reading is checked on the words: "clothes" is the plural of
    # the tag kind 'clothing' that the parser's kinds slot reads (its answer: tests of that slot)
    from agent.wording import normalise

    assert normalise(PHRASINGS[7]) == "what clothes appear in my photos"


def test_only_those_posted_from_a_year_on(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'beach'}) AND p.year >= 2022")
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[8]).route == "parser"
    answer = agent.ask(PHRASINGS[9])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer
