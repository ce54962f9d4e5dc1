"""Readings added after the forty-eighth blind round (two or three conditions combined) was read, checked on a REAL
embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- "what % of my 2022 posts had a negative photo": out of all those posts (a post without a photo has no negative
  photo); it had been out of the posts with a photo, which the answer said, but the question had not asked;
- a season said alone ("during the spring months": March to May of any year), "the most beach photos" ranked with a
  word between "the most" and "photos", "2021+" (from 2021 on, not a count threshold), "beach only" narrowing the
  posts listed before (it had replaced the earlier name: confidently wrong), "just the ones with Anna" (a name),
  "drop the happy ones" (the others), "me complaining in the text" (a negative caption), "the photo turned out"
  (the photo's verdict; it had been read as the post's, confidently wrong), "the photo looks lovely" (positive).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import (
    answered_post_ids,
    fixture_graph,
    parser_agent,
    post_ids_where,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["what % of my 2022 posts had a negative photo?", "how many posts did I share during the spring months?",
             "in what year did I share the most beach photos?", "travel posts 2021+", "list the posts that name sarah",
             "drop the happy ones", "posts naming anna", "travel posts only", "posts showing a bicycle",
             "just the ones with anna", "how many food posts have me complaining in the text?",
             "my latest post whose photo turned out negative",
             "which 2 topics have the most posts where I moan in the text but the photo looks lovely?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fortyeighth_read_test", query_row_limit=100)


def test_a_share_of_posts_having_a_photo_verdict_is_out_of_all_of_them(store: Any) -> None:
    every = post_ids_where(store, "p.year = 2022")
    negative = post_ids_where(store, "p.year = 2022 AND p.image_sentiment = 'negative'")
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser", answer.answer
    row = answer.rows[0]
    assert (row["matching"], row["posts"]) == (len(negative), len(every)), answer.answer
    assert "out of all of them" in answer.answer, answer.answer


def test_a_season_said_alone_is_its_months_of_any_year(store: Any) -> None:
    gold = post_ids_where(store, "p.month >= 3 AND p.month <= 5")
    answer = parser_agent(store).ask(PHRASINGS[1])
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == len(gold), answer.answer


def test_the_year_with_the_most_photos_of_a_thing(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'beach'}) "
                       "RETURN p.year AS y, count(DISTINCT p) AS n ORDER BY n DESC")
    best = {r["y"] for r in rows if r["n"] == rows[0]["n"]}
    answer = parser_agent(store).ask(PHRASINGS[2])
    assert answer.route == "parser" and {r["year"] for r in answer.rows} <= best and answer.rows, answer.answer


def test_a_year_plus_is_from_that_year_on(store: Any) -> None:
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) WHERE p.year >= 2021 "
                                         "RETURN p.id AS id")}
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser" and answered_post_ids(answer) == gold, answer.answer


def test_drop_the_positive_ones_keeps_the_others(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask(PHRASINGS[4])
    answer = agent.ask(PHRASINGS[5])
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'sarah'}) "
                                         "WHERE p.sentiment <> 'positive' RETURN p.id AS id")}
    assert answer.route == "parser" and answered_post_ids(answer) == gold, answer.answer


def test_a_value_then_only_narrows_the_posts_listed(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask(PHRASINGS[6])
    answer = agent.ask(PHRASINGS[7])
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'anna'}) "
                                         "MATCH (p)-[:ABOUT]->(:Topic {name: 'travel'}) RETURN DISTINCT p.id AS id")}
    travel = {r["id"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) RETURN p.id AS id")}
    assert gold != travel, "the fixture should tell narrowing from replacing"
    assert answer.route == "parser" and answered_post_ids(answer) == gold, answer.answer


def test_just_the_ones_with_a_name(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask(PHRASINGS[8])
    answer = agent.ask(PHRASINGS[9])
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'bicycle'}) "
                                         "MATCH (p)-[:MENTIONS]->(:Entity {name: 'anna'}) RETURN DISTINCT p.id AS id")}
    assert answer.route == "parser" and answered_post_ids(answer) == gold, answer.answer


def test_complaining_in_the_text_is_a_negative_caption(store: Any) -> None:
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'food'}) "
                                         "WHERE p.caption_sentiment = 'negative' RETURN p.id AS id")}
    answer = parser_agent(store).ask(PHRASINGS[10])
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == len(gold), answer.answer


def test_a_photo_that_turned_out_negative_is_the_photo_verdict(store: Any) -> None:
    rows = store.query("MATCH (p:Post) WHERE p.image_sentiment = 'negative' RETURN p.id AS id "
                       "ORDER BY p.created_at DESC LIMIT 1")
    answer = parser_agent(store).ask(PHRASINGS[11])
    assert answer.route == "parser" and [r["post_id"] for r in answer.rows] == [rows[0]["id"]], answer.answer


def test_topics_ranked_by_a_moaning_caption_under_a_lovely_photo(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE p.caption_sentiment = 'negative' "
                       "AND p.image_sentiment = 'positive' RETURN t.name AS t, count(DISTINCT p) AS n ORDER BY n DESC")
    answer = parser_agent(store).ask(PHRASINGS[12])
    assert answer.route == "parser" and rows, answer.answer
    counts = {r["t"]: r["n"] for r in rows}
    assert all(counts.get(r["topic"]) == r["posts"] for r in answer.rows), answer.answer
    assert answer.rows[0]["posts"] == rows[0]["n"], answer.answer


def test_dropping_a_verdict_is_a_filter_and_a_real_write_is_still_refused() -> None:
    from agent.chain import is_write_request

    assert not is_write_request("drop the happy ones")
    assert not is_write_request("Remove the sad posts please")
    assert is_write_request("drop all the posts")
    assert is_write_request("remove the negative posts from the graph")
    assert is_write_request("delete the sad ones")


def test_a_verdict_in_a_relative_clause_is_said_of_the_photos(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'city'}) "
                       "WHERE p.sentiment <> 'positive' RETURN p.year AS y, count(DISTINCT p) AS n ORDER BY n DESC")
    best = {r["y"] for r in rows if r["n"] == rows[0]["n"]}
    answer = parser_agent(store).ask("in what year did I share the most city pics that were not positive?")
    assert answer.route == "parser" and answer.rows and {r["year"] for r in answer.rows} <= best, answer.answer
    # said of the years themselves, the verdict stays ambiguous (of their posts? mostly?) and goes to the LLM
    assert parser_agent(store).ask("which years were not positive?").route == "llm"


def test_at_mention_said_bare_is_the_posts_with_one(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:MENTIONS]->(:Entity {label: 'MENTION'}) AND p.sentiment <> 'positive'")
    assert gold, "the fixture should hold such a post"
    for phrasing in ("@mention posts that are not positive", "not positive posts with @mention"):
        answer = parser_agent(store).ask(phrasing)
        assert answer.route == "parser" and answered_post_ids(answer) == gold, (phrasing, answer.answer)
