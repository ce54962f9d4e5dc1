"""Wordings the parser reads since the thirty-sixth blind round was read, checked on a REAL embedded FalkorDB holding
the agent fixture graph:
- "which of those were the sad ones?" after a count: those posts listed (it had counted them again);
- "how many of the posts with that person show a dog?" after "who do I mention most": that person's posts narrowed
  (a value of another field had replaced the person: every post showing a dog); "its posts" points at the one named;
- "..., could you look into it for me?" said after the question; "out of the posts with ...";
- "the #x hashtag", "the tag #x": the hashtag itself (the noun had asked for hashtags, so nothing was answered);
- "how many retweets are there", "retweet count": the posts that are retweets ('RT @'; it had said the graph records
  no engagement), while "the most retweets", "retweets ... got" stay engagement the graph does not record;
- "ranked by tweets", "with how many tweets each one has", "I tweet about";
- a remark after the question ("Just wondering ..."), when no word of it narrows or names anything;
- "posts that pair sad text with a happy photo"; "on average, how positive were ..., as a score?".
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import assert_parsed_to, fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["how many posts mention Max?", "so which of them were the happy ones?", "who do I mention most?",
             "how many of the posts with that person show a dog?",
             "and out of the posts with that person, how many are from 2021?",
             "which topic do I post about most often, could you look into it for me?",
             "how many of its posts are sad?", "how many of my dog photos lack the #summer hashtag?",
             "list posts with the tag #summer", "top 3 topics by tweets",
             "the 2 topics I post about most, with how many tweets each one has",
             "How many posts did I make in 2021? Just wondering, no rush.",
             "How many posts did I make in 2021? I wonder if it was more in summer.",
             "how many posts pair sad text with a happy photo?",
             "On average, how positive were my 2020 posts, as a number?", "how many RTs are in my feed?",
             "which post got the most retweets?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_sixth_read_test", query_row_limit=100)


MAX = "(p)-[:MENTIONS]->(:Entity {name: 'max'})"


def test_which_of_those_after_a_count_lists_them(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[0]).route == "parser"
    answer = agent.ask(PHRASINGS[1])
    gold = post_ids_where(store, f"{MAX} AND p.sentiment = 'positive'")
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer
    assert "counted" not in answer.answer, answer.answer


def test_that_person_keeps_the_one_named_beside_what_the_question_adds(store: Any) -> None:
    for question, where in ((PHRASINGS[3], f"{MAX} AND (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {{name: 'dog'}})"),
                            (PHRASINGS[4], f"{MAX} AND p.year = 2021")):
        agent = parser_agent(store)
        first = agent.ask(PHRASINGS[2])
        assert first.route == "parser" and first.rows[0]["person"] == "max", first.answer
        answer = agent.ask(question)
        gold = len(post_ids_where(store, where))
        assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold, (question, answer.answer)
        assert "max" in answer.cypher, answer.cypher


def test_its_posts_after_the_top_topic(store: Any) -> None:
    agent = parser_agent(store)
    top = agent.ask(PHRASINGS[5])
    assert top.route == "parser" and len(top.rows) == 1, top.answer
    name = top.rows[0]["topic"]
    answer = agent.ask(PHRASINGS[6])
    gold = len(post_ids_where(store, f"(p)-[:ABOUT]->(:Topic {{name: '{name}'}}) AND p.sentiment = 'negative'"))
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold, answer.answer


def test_the_hashtag_said_with_its_noun(store: Any) -> None:
    gold = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                       "WHERE NOT (p)-[:MENTIONS]->(:Entity {name: 'summer', label: 'HASHTAG'}) "
                       "RETURN count(DISTINCT p) AS n")[0]["n"]
    answer = parser_agent(store).ask(PHRASINGS[7])
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold, answer.answer
    listed = parser_agent(store).ask(PHRASINGS[8])
    assert listed.route == "parser" and set(listed.post_ids) == post_ids_where(
        store, "(p)-[:MENTIONS]->(:Entity {name: 'summer', label: 'HASHTAG'})"), listed.answer


def test_ranked_by_tweets_with_their_counts(store: Any) -> None:
    counts = [r["n"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS k, "
                                          "count(DISTINCT p) AS n ORDER BY n DESC, k")]
    for question, n in ((PHRASINGS[9], 3), (PHRASINGS[10], 2)):
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and [r["posts"] for r in answer.rows][:n] == counts[:n], answer.answer


def test_a_remark_after_the_question(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[11])
    gold = len(post_ids_where(store, "p.year = 2021"))
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold, answer.answer
    narrowing = parser_agent(store).ask(PHRASINGS[12])  # the remark names a season: not dropped
    assert narrowing.route == "llm", narrowing.answer


def test_sad_text_paired_with_a_happy_photo(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[13], "MATCH (p:Post) WHERE p.caption_sentiment = 'negative' "
                     "AND p.image_sentiment = 'positive' RETURN count(p) AS n")


def test_on_average_as_a_number(store: Any) -> None:
    gold = store.query("MATCH (p:Post) WHERE p.year = 2020 RETURN avg(p.sentiment_score) AS a")[0]["a"]
    answer = parser_agent(store).ask(PHRASINGS[14])
    assert answer.route == "parser" and abs(next(iter(answer.rows[0].values())) - gold) < 1e-6, answer.answer


def test_retweet_counts_and_engagement(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[15])
    gold = store.query("MATCH (p:Post) WHERE p.caption CONTAINS 'RT @' RETURN count(p) AS n")[0]["n"]
    assert answer.route == "parser" and "retweets" in answer.answer and next(iter(answer.rows[0].values())) == gold
    engagement = parser_agent(store).ask(PHRASINGS[16])
    assert "does not record" in engagement.answer and not engagement.rows, engagement.answer
