"""Wordings the parser reads since the forty-second blind round was read, checked on a REAL embedded FalkorDB holding
the agent fixture graph against gold rows computed from the graph:
- "opposite sentiment (one happy, one sad)", "pos/neg": the explanation of "opposite" said again is not a filter of
  its own (it had added the posts' own verdict, confidently wrong), and "pull in opposite directions" is opposite;
- the share of posts whose caption and photo agree (or disagree), out of the posts with a photo when said so;
- photos with a person whose caption names no one (no person's name, no @mention);
- "filed under <topic>", "not actually negative", "<thing> posts which years", "where <name> comes up",
  "captions that reference <name>";
- posts edited after they went up: said not to be recorded;
- a narrowing follow-up that names a value the posts already have keeps the earlier filters (it had dropped them,
  confidently wrong); "narrow it to the pics with something to eat", "just the ones where the photo shows ...";
- "list ... first" orders the chat, not the posts;
- "do I have more sad photos or more sad captions".
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["how many posts have a caption and a photo with opposite sentiment, one happy and the other sad?",
             "count of posts where text and picture have opposite moods (pos/neg)",
             "in how many posts do my words and my photo point in opposite directions?",
             "of my posts with a photo, what share have the same sentiment in the caption and the photo?",
             "what percent of all my posts have a caption that agrees with the photo?",
             "which photos have someone in them but a caption that names nobody?",
             "which posts filed under travel are not actually negative?",
             "beach posts which years",
             "which posts did I write where Rome comes up?",
             "which captions reference acme?",
             "show me the captions I edited after posting",
             "posts about the beach", "just the ones where the picture shows a dog",
             "which of those show a dog?",
             "could you list my food posts first?",
             "do i have more negative photos or more negative captions?",
             "narrow them down to the photos having something to eat in them",
             "list the posts about travel"]
OPPOSITE = ("(p.caption_sentiment = 'positive' AND p.image_sentiment = 'negative' OR "
            "p.caption_sentiment = 'negative' AND p.image_sentiment = 'positive')")


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fortysecond_read_test", query_row_limit=100)


def _count(answer: Any) -> int:
    return int(next(iter(answer.rows[0].values())))


def test_opposite_said_with_its_explanation(store: Any) -> None:
    gold = len(post_ids_where(store, OPPOSITE))
    for question in PHRASINGS[:3]:
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and answer.rows and _count(answer) == gold, (question, answer.answer)


def test_share_of_posts_whose_caption_and_photo_agree(store: Any) -> None:
    row = store.query("MATCH (p:Post) OPTIONAL MATCH (p)-[:HAS_IMAGE]->(i:Image) WITH p, count(i) > 0 AS photo "
                      "RETURN sum(CASE WHEN photo THEN 1 ELSE 0 END) AS with_photo, count(p) AS posts, "
                      "sum(CASE WHEN p.caption_sentiment = p.image_sentiment THEN 1 ELSE 0 END) AS same")[0]
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser" and answer.rows[0]["posts"] == row["with_photo"], answer.answer
    assert answer.rows[0]["matching"] == row["same"] and "agree" in answer.answer, answer.answer
    everyone = parser_agent(store).ask(PHRASINGS[4])
    assert everyone.route == "parser" and everyone.rows[0]["posts"] == row["posts"], everyone.answer


def test_photos_of_someone_whose_caption_names_no_one(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'person'}) AND NOT "
                                 "(p)-[:MENTIONS]->(:Entity {label: 'PERSON'}) AND NOT (p)-[:MENTIONS]->(:Entity "
                                 "{label: 'MENTION'})")
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer


def test_filed_under_not_actually_and_years_of_a_topic(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND p.sentiment <> 'negative'")
    answer = parser_agent(store).ask(PHRASINGS[6])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer
    years = {r["y"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN DISTINCT "
                                         "p.year AS y")}
    answer = parser_agent(store).ask(PHRASINGS[7])
    assert answer.route == "parser" and {r["year"] for r in answer.rows} == years, answer.answer


def test_a_name_that_comes_up_or_is_referenced(store: Any) -> None:
    for question, name in ((PHRASINGS[8], "rome"), (PHRASINGS[9], "acme")):
        gold = post_ids_where(store, f"(p)-[:MENTIONS]->(:Entity {{name: '{name}'}})")
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and gold and set(answer.post_ids) == gold, (question, answer.answer)


def test_edited_posts_are_not_recorded(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[10])
    assert "does not record which posts were edited" in answer.answer and not answer.rows, answer.answer


def test_narrowing_again_by_the_same_value_keeps_the_topic(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'beach'}) AND "
                                 "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'})")
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[11]).route == "parser"
    first = agent.ask(PHRASINGS[12])
    assert first.route == "parser" and gold and set(first.post_ids) == gold, first.answer
    again = agent.ask(PHRASINGS[13])
    assert again.route == "parser" and set(again.post_ids) == gold, again.answer


def test_narrow_it_to_something_to_eat(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND "
                                 "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {kind: 'food'})")
    every_food = post_ids_where(store, "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {kind: 'food'})")
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[17]).route == "parser"
    answer = agent.ask(PHRASINGS[16])
    assert answer.route == "parser" and gold != every_food and set(answer.post_ids) == gold, answer.answer


def test_list_first_is_not_the_oldest_first(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'food'})")
    answer = parser_agent(store).ask(PHRASINGS[14])
    assert answer.route == "parser" and set(answer.post_ids) == gold and len(gold) > 1, answer.answer


def test_more_negative_photos_or_captions(store: Any) -> None:
    row = store.query("MATCH (p:Post) RETURN sum(CASE WHEN p.caption_sentiment = 'negative' THEN 1 ELSE 0 END) AS c,"
                      " sum(CASE WHEN p.image_sentiment = 'negative' THEN 1 ELSE 0 END) AS i")[0]
    answer = parser_agent(store).ask(PHRASINGS[15])
    assert answer.route == "parser" and answer.rows[0]["captions"] == row["c"], answer.answer
    assert answer.rows[0]["photos"] == row["i"], answer.answer
