"""Readings added after the fifty-first blind round (a data-curious person who wants numbers) was read, checked on a
REAL embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- "which topics have an average score above X": the topics whose average passes (it had been each topic's average
  over its posts scoring above X, confidently wrong);
- a trailing ask for the figures the answer shows anyway ("..., and how many posts does each one have?");
- "how many of my posts have no hashtag, and what share is that?": the share of posts lacking something;
- "percent photos with a dog", "how many photos of each kind of animal", "the lowest and highest scores of my beach
  posts", "percent negative: beach vs cycling" (shares of two named values side by side), "which one turns up the
  most" (one);
- "how many pics show a dog?" then "and the average sentiment score of those?": of those posts (it went to the LLM);
- "the mean number of tags per pic", "on average how many hashtags does a post have?" (a new reading).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["which topics have an average sentiment score below 0.2?",
             "what are my two biggest topics, and how many posts does each one have?",
             "how many of my posts have no hashtag, and what share is that?", "percent photos with a dog",
             "how many photos of each kind of animal do I have?", "lowest and highest scores of my beach posts",
             "percent negative: beach vs cycling", "among the animals my photos show, which one turns up the most?",
             "how many pics show a dog?", "and the average sentiment score of those?",
             "what's the mean number of tags per pic?", "on average, how many hashtags are on a post?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fiftyfirst_read_test", query_row_limit=100)


def test_topics_whose_average_passes_a_bar(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH DISTINCT p, t RETURN t.name AS t, "
                       "avg(p.sentiment_score) AS a")
    gold = {r["t"] for r in rows if r["a"] < 0.2}
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser" and gold and gold != {r["t"] for r in rows}, answer.answer
    assert {r["topic"] for r in answer.rows} == gold, answer.rows
    assert all(r["avg_score"] < 0.2 for r in answer.rows), answer.rows


def test_a_ranking_with_the_counts_asked_for_again(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS topic, count(DISTINCT p) AS posts "
                       "ORDER BY posts DESC, topic LIMIT 2")
    answer = parser_agent(store).ask(PHRASINGS[1])
    assert answer.route == "parser", answer.answer
    assert [(r["topic"], r["posts"]) for r in answer.rows[:2]] == [(r["topic"], r["posts"]) for r in rows]


def test_the_share_of_posts_lacking_a_hashtag(store: Any) -> None:
    rows = store.query("MATCH (p:Post) OPTIONAL MATCH (p)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) "
                       "WITH p, count(e) AS n RETURN count(p) AS posts, sum(CASE WHEN n = 0 THEN 1 ELSE 0 END) AS none")
    answer = parser_agent(store).ask(PHRASINGS[2])
    assert answer.route == "parser", answer.answer
    assert (answer.rows[0]["matching"], answer.rows[0]["posts"]) == (rows[0]["none"], rows[0]["posts"]), answer.rows


def test_percent_of_photos_and_photos_of_each_kind(store: Any) -> None:
    photos = store.query("MATCH (i:Image) OPTIONAL MATCH (i)-[:DEPICTS]->(t:Tag {name: 'dog'}) "
                         "WITH i, count(t) AS n RETURN count(i) AS all, sum(CASE WHEN n > 0 THEN 1 ELSE 0 END) AS dog")
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser" and answer.rows[0]["matching"] == photos[0]["dog"], answer.answer
    kinds = {r["t"]: r["n"] for r in store.query("MATCH (i:Image)-[:DEPICTS]->(t:Tag {kind: 'animal'}) "
                                                 "RETURN t.name AS t, count(DISTINCT i) AS n")}
    answer = parser_agent(store).ask(PHRASINGS[4])
    assert answer.route == "parser" and {r["tag"]: r["images"] for r in answer.rows} == kinds, answer.answer


def test_lowest_and_highest_score(store: Any) -> None:
    scores = [r["s"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) WITH DISTINCT p "
                                          "RETURN p.sentiment_score AS s") if r["s"] is not None]
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and len(scores) > 1, answer.answer
    row = answer.rows[0]
    assert (row["lowest"], row["highest"], row["posts"]) == (min(scores), max(scores), len(scores)), row
    assert row["average"] == pytest.approx(sum(scores) / len(scores), abs=1e-4), row


def test_shares_of_two_named_topics_side_by_side(store: Any) -> None:
    gold = {}
    for topic in ("beach", "cycling"):
        rows = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: $t}) WITH DISTINCT p RETURN count(p) AS n, "
                           "sum(CASE WHEN p.sentiment = 'negative' THEN 1 ELSE 0 END) AS neg", {"t": topic})
        gold[topic] = (rows[0]["neg"], rows[0]["n"])
    answer = parser_agent(store).ask(PHRASINGS[6])
    assert answer.route == "parser", answer.answer
    assert {r["topic"]: (r["matching"], r["posts"]) for r in answer.rows} == gold, answer.rows


def test_which_one_turns_up_the_most_is_one(store: Any) -> None:
    rows = store.query("MATCH (i:Image)-[:DEPICTS]->(t:Tag {kind: 'animal'}) RETURN t.name AS t, "
                       "count(DISTINCT i) AS n ORDER BY n DESC")
    assert rows[0]["n"] > rows[1]["n"]
    answer = parser_agent(store).ask(PHRASINGS[7])
    assert answer.route == "parser" and [r["tag"] for r in answer.rows] == [rows[0]["t"]], answer.answer


def test_the_average_of_the_posts_with_photos_counted_before(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) WITH DISTINCT p "
                       "RETURN avg(p.sentiment_score) AS a")
    agent = parser_agent(store)
    agent.ask(PHRASINGS[8])
    answer = agent.ask(PHRASINGS[9])
    assert answer.route == "parser", answer.answer
    assert answer.rows[0]["avg_score"] == pytest.approx(rows[0]["a"], abs=1e-9), answer.rows


@pytest.mark.parametrize("said, gold_query, unit", [
    (10, ("MATCH (:Post)-[:HAS_IMAGE]->(i:Image) WITH DISTINCT i OPTIONAL MATCH (i)-[:DEPICTS]->(t:Tag) "
         "WITH i, count(DISTINCT t) AS n RETURN avg(n) AS a, count(*) AS total"), "photos"),
    (11, ("MATCH (p:Post) OPTIONAL MATCH (p)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) "
         "WITH p, count(DISTINCT e) AS n RETURN avg(n) AS a, count(*) AS total"), "posts")])
def test_the_average_number_of_tags_per_photo_and_hashtags_per_post(store: Any, said: int, gold_query: str,
                                                                     unit: str) -> None:
    gold = store.query(gold_query)[0]
    answer = parser_agent(store).ask(PHRASINGS[said])
    assert answer.route == "parser", answer.answer
    assert answer.rows[0]["average"] == pytest.approx(gold["a"], abs=1e-4), answer.rows
    assert answer.rows[0][unit] == gold["total"], answer.rows
