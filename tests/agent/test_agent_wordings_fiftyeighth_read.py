"""Readings added after the fifty-eighth blind round (planning a printed photo book) was read, checked on a REAL
embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- "which year have I got the fewest pics from?": the year with the fewest posts with a photo (every post had been
  counted, the photo-less ones too: confidently wrong);
- "drop the negative ones, I just want the happy ones" after a listing: the others among them (it had been refused as
  a request to delete), also with a slip in the verdict ("skip the negatvie ones");
- "so how many do we have left", "how many is taht now?", "and only frmo 2022?", "now only the ones with someone
  really in the picture", "how many if I skip the ones where the picture looks gloomy?" (the photo's verdict),
  "which 2 travel posts are the most happy", "have a pic that isn't negative" (the photo's verdict, not the post's),
  a number said in a sentence before the question and asked again
  ("... two slots. What are my 2 happiest travel posts?"), "which pics did ppl love the most" (not in the graph);
- "which topic has the most gloomy posts" still counts the gloomy posts (not the gloomiest topic by score).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import (
    ABOUT_TOPIC,
    SHOWS_TAG,
    answered_post_ids,
    assert_last_turn_counts,
    assert_last_turn_lists,
    fixture_graph,
    last_answer,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

TOPIC = ABOUT_TOPIC
SHOWS = SHOWS_TAG

# (turns, the posts the last turn lists, as a WHERE condition on p)
LISTINGS = [
    (["list the beach posts", "Drop the negative ones, I just want the happy ones."],
     f"{TOPIC.format('beach')} AND p.sentiment <> 'negative'"),
    (["list the travel posts", "skip the negatvie ones"], f"{TOPIC.format('travel')} AND p.sentiment <> 'negative'"),
    (["the beach posts", "and only frmo 2022?"], f"{TOPIC.format('beach')} AND p.year = 2022"),
    (["show me the travel posts", "now only the ones with someone really in the picture"],
     f"{TOPIC.format('travel')} AND {SHOWS.format('person')}"),
]
# (turns, the count the last turn asks for, as a WHERE condition on p)
COUNTS = [
    (["my holiday posts", "skip the negative ones", "so how many do we have left"],
     f"{TOPIC.format('holiday')} AND p.sentiment <> 'negative'"),
    (["list the travel posts", "skip the negatvie ones", "how many is taht now?"],
     f"{TOPIC.format('travel')} AND p.sentiment <> 'negative'"),
    (["how many food posts?", "and how many if I skip the ones where the picture looks gloomy?"],
     f"{TOPIC.format('food')} AND p.image_sentiment <> 'negative'"),
    # the photo's verdict (it had been the post's overall one, with a photo: 4 where 6 were asked for)
    (["list the travel posts", "and how many of those have a pic that isn't negative?"],
     f"{TOPIC.format('travel')} AND p.image_sentiment <> 'negative'"),
]
OTHERS = ["which year have I got the fewest pics from?", "which 2 travel posts are the most happy",
          "Heading for a print with two slots. What are my 2 happiest travel posts?",
          "which pics did ppl love the most", "which topic has the most gloomy posts"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    said = {turn for turns, _ in LISTINGS + COUNTS for turn in turns} | set(OTHERS)
    assert not {s.lower() for s in said} & {s.lower() for s in suite_phrasings()}


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fiftyeighth_read_test", query_row_limit=100)


@pytest.mark.parametrize("turns, where", LISTINGS, ids=[" / ".join(t) for t, _ in LISTINGS])
def test_the_posts_the_last_turn_asks_for(store: Any, turns: list[str], where: str) -> None:
    assert_last_turn_lists(store, turns, where)


@pytest.mark.parametrize("turns, where", COUNTS, ids=[" / ".join(t) for t, _ in COUNTS])
def test_the_count_the_last_turn_asks_for(store: Any, turns: list[str], where: str) -> None:
    assert_last_turn_counts(store, turns, where)


def test_the_year_with_the_fewest_photos(store: Any) -> None:
    photos = store.query("MATCH (p:Post) WHERE (p)-[:HAS_IMAGE]->(:Image) RETURN p.year AS year, count(p) AS n "
                         "ORDER BY n, year")
    posts = store.query("MATCH (p:Post) RETURN p.year AS year, count(p) AS n ORDER BY n, year")
    assert photos[0]["year"] != posts[0]["year"]  # counting every post names another year
    answer = last_answer(store, [OTHERS[0]])
    assert answer.route == "parser" and answer.rows[0]["year"] == photos[0]["year"], answer.answer


@pytest.mark.parametrize("question", OTHERS[1:3])
def test_the_two_happiest(store: Any, question: str) -> None:
    gold = {r["id"] for r in store.query(f"MATCH (p:Post) WHERE {TOPIC.format('travel')} RETURN p.id AS id "
                                         "ORDER BY p.sentiment_score DESC LIMIT 2")}
    answer = last_answer(store, [question])
    assert answer.route == "parser" and answered_post_ids(answer) == gold, answer.answer


def test_what_people_liked_is_not_in_the_graph(store: Any) -> None:
    answer = last_answer(store, [OTHERS[3]])
    assert "does not record likes" in answer.answer and not answer.rows, answer.answer


def test_the_most_gloomy_posts_are_counted(store: Any) -> None:
    top = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE p.sentiment = 'negative' "
                      "RETURN t.name AS topic, count(p) AS n ORDER BY n DESC, topic LIMIT 1")[0]
    answer = last_answer(store, [OTHERS[4]])
    assert answer.route == "parser" and list(answer.rows[0].values())[:2] == [top["topic"], top["n"]], answer.answer
