"""Wordings the parser reads since the thirty-fifth blind round was read, checked on a REAL embedded FalkorDB holding
the agent fixture graph:
- "a caption that is (not) <verdict>" said alone: the caption's verdict (it had read the post's; "a photo that is
  sad" alone may still be said of the post); "posts having ...";
- a pronoun with nothing to point at ("how many are those?" first in a chat, or after a question the parser did not
  read): not answered of all posts (it had said the number of every post);
- a left-over word one slip from two filler words ("ther": there, their): read as either;
- "pup", "kitties" and other pet words: the dog (cat) photos;
- "<topic> tweets", "updates": posts; "did I share the most posts": ranked by how many;
- "the friends I name": the people mentioned; "posts with people in the photo": photos tagged 'person';
- "a photo that also looks happy", "an equally happy photo": that side's verdict; "a piece of clothing": clothing;
- "by number of tweets"; "..., how many of each?" after two names: both compared with their counts;
- a post "most popular by hearts": engagement the graph does not record;
- "the <topic> one" after topics were listed; "what subjects do my posts cover"; "was there a single ...";
- "not sad (i.e. happy or neutral)"; groups that "cover at least N posts", with "their sizes"; "show me only the
  <groups> ..."; "rank the top N <groups>".
Probing as a user after that round:
- the day of the week: "on weekends", "not at weekends", "on Sundays", "weekday posts", and the share of them (days
  of the post's UTC timestamp, said in the answer);
- "did I post anything in <month>?" right after a question about accounts: my posts, not that question's accounts;
- "what are my posts about mostly?": the most common topics (the adverb had been read as a topic name).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.wording import normalise
from tests.support.agent_helpers import (
    assert_parsed_to,
    first_value,
    fixture_graph,
    parser_agent,
    post_ids_where,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["list the posts having a caption that is not negative", "show posts with a caption which is happy",
             "and how many are those?", "how many of them are happy?", "how many dog photos are ther",
             "how many photos of my pups?", "how many kitties pics do i have", "how many travel tweets?",
             "which year did I share the most updates", "which 2 friends do I name most often",
             "how many 2021 posts have people in the picture",
             "posts with a happy caption and a photo that also looks happy",
             "posts with a happy caption and an equally happy photo", "rank my topics by number of tweets",
             "beach or dog photos - how many of each?", "which picture is my most popular by hearts?",
             "which topics do I have?", "how many posts are in the food one?", "what subjects do my posts cover?",
             "was there a single post in 2020 mentioning Max?",
             "how many posts have a caption that is not sad (i.e. happy or neutral)?",
             "which topics cover at least 5 posts, together with their sizes", "show me only the topics about summer",
             "can you rank the top 2 topics", "how many of my posts went up on weekends?",
             "list my posts that were not made at weekends", "how many happy posts did I share on a Sunday?",
             "which percentage of my posts were weekday posts?", "which accounts do I @mention most?",
             "did I post anything in March 2022?", "what are my posts about mostly?", "what did I mainly post about?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_fifth_read_test", query_row_limit=100)


@pytest.mark.parametrize("question,where", [
    (PHRASINGS[0], "p.caption_sentiment <> 'negative'"), (PHRASINGS[1], "p.caption_sentiment = 'positive'")])
def test_a_caption_that_is_a_verdict_is_the_captions_verdict(store: Any, question: str, where: str) -> None:
    gold = post_ids_where(store, where)
    post_verdict = post_ids_where(store, where.replace("caption_sentiment", "sentiment"))
    assert gold != post_verdict  # the fixture tells the two readings apart
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and "p.caption_sentiment" in answer.cypher, answer.cypher
    assert set(answer.post_ids) == gold, answer.answer


@pytest.mark.parametrize("question", PHRASINGS[2:4])
def test_a_pronoun_with_nothing_to_point_at_is_not_answered_of_all_posts(store: Any, question: str) -> None:
    assert parser_agent(store).ask(question).route == "llm"
    agent = parser_agent(store)
    assert agent.ask("how many posts mention Max?").route == "parser"
    answer = agent.ask(question)  # after a question the parser read, the same words are its follow-up
    assert answer.route == "parser" and "max" in answer.cypher, answer.cypher


def test_a_slip_between_two_filler_words(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[4], "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                     "RETURN count(DISTINCT i) AS n")


@pytest.mark.parametrize("question,tag", [(PHRASINGS[5], "dog"), (PHRASINGS[6], "cat")])
def test_pet_words(store: Any, question: str, tag: str) -> None:
    gold = first_value(store, f"MATCH (i:Image)-[:DEPICTS]->(:Tag {{name: '{tag}'}}) RETURN count(DISTINCT i) AS n")
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and list(answer.rows[0].values()) == [gold], answer.answer


def test_topic_tweets_and_updates(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[7], "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) "
                     "RETURN count(DISTINCT p) AS n")
    per_year = store.query("MATCH (p:Post) RETURN p.year AS y, count(p) AS n ORDER BY n DESC")
    answer = parser_agent(store).ask(PHRASINGS[8])
    assert answer.route == "parser" and answer.rows, answer.answer
    busiest = {r["y"] for r in per_year if r["n"] == per_year[0]["n"]}
    assert next(iter(answer.rows[0].values())) in busiest, answer.answer


def test_the_friends_i_name(store: Any) -> None:
    counts = store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) "
                         "RETURN e.name AS k, count(DISTINCT p) AS n ORDER BY n DESC, k")
    answer = parser_agent(store).ask(PHRASINGS[9])
    assert answer.route == "parser" and len(answer.rows) >= 2, answer.answer
    top = {r["k"] for r in counts if r["n"] >= counts[1]["n"]}
    assert {next(iter(r.values())) for r in answer.rows} <= top, answer.answer


def test_people_in_the_photo(store: Any) -> None:
    gold = first_value(store, "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'person'}) "
                       "WHERE p.year = 2021 RETURN count(DISTINCT p) AS n")
    answer = parser_agent(store).ask(PHRASINGS[10])
    assert answer.route == "parser" and gold > 0 and list(answer.rows[0].values()) == [gold], answer.answer


@pytest.mark.parametrize("question", PHRASINGS[11:13])
def test_the_photo_side_said_with_also_or_equally(store: Any, question: str) -> None:
    gold = post_ids_where(store, "p.caption_sentiment = 'positive' AND p.image_sentiment = 'positive'")
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer


def test_a_piece_of_clothing_is_clothing() -> None:
    assert normalise("what share of my photos show some piece of clothing") == \
        normalise("what share of my photos show clothing")


def test_ranked_by_number_of_tweets(store: Any) -> None:
    counts = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS k, count(DISTINCT p) AS n "
                         "ORDER BY n DESC, k")
    answer = parser_agent(store).ask(PHRASINGS[13])
    assert answer.route == "parser" and [r["n"] for r in counts][:3] == [list(r.values())[1] for r in answer.rows][:3]


def test_how_many_of_each_compares_the_two(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[14])
    gold = {name: first_value(store, f"MATCH (i:Image)-[:DEPICTS]->(:Tag {{name: '{name}'}}) "
                                     "RETURN count(DISTINCT i) AS n")
            for name in ("beach", "dog")}
    assert answer.route == "parser", answer.answer
    assert all(f"{name}: {n} photo" in answer.answer for name, n in gold.items()), answer.answer


def test_popular_by_hearts_is_not_recorded(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[15])
    assert "does not record likes" in answer.answer and not answer.rows, answer.answer
    topic = parser_agent(store).ask("what is my most popular topic?")  # my most common one
    assert topic.route == "parser" and "does not record" not in topic.answer, topic.answer


def test_the_named_one_after_topics_were_listed(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[16]).route == "parser"
    answer = agent.ask(PHRASINGS[17])
    gold = first_value(store, "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'food'}) RETURN count(DISTINCT p) AS n")
    assert answer.route == "parser" and list(answer.rows[0].values()) == [gold], answer.answer
    topics = parser_agent(store).ask(PHRASINGS[18])
    gold = {r["k"] for r in store.query("MATCH (t:Topic) RETURN t.name AS k")}
    assert topics.route == "parser" and {next(iter(r.values())) for r in topics.rows} == gold, topics.answer


def test_was_there_a_single_post(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[19])
    gold = post_ids_where(store, "p.year = 2020 AND (p)-[:MENTIONS]->(:Entity {name: 'max'})")
    assert answer.route == "parser" and "max" in answer.cypher and "2020" in answer.cypher, answer.cypher
    assert gold and set(answer.post_ids) == gold, answer.answer


def test_not_sad_said_again_as_the_other_two(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[20], "MATCH (p:Post) WHERE p.caption_sentiment <> 'negative' "
                     "RETURN count(p) AS n")


def test_groups_covering_n_posts_and_only_the_groups(store: Any) -> None:
    counts = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS k, count(DISTINCT p) AS n")
    answer = parser_agent(store).ask(PHRASINGS[21])
    assert answer.route == "parser" and {r["topic"] for r in answer.rows} == {r["k"] for r in counts if r["n"] >= 5}
    only = parser_agent(store).ask(PHRASINGS[22])
    assert only.route == "parser", only.answer
    ranked = parser_agent(store).ask(PHRASINGS[23])
    assert ranked.route == "parser" and len(ranked.rows) >= 2, ranked.answer


WEEKDAY = "((toInteger(floor(p.timestamp / 86400.0)) + 3) % 7)"  # 0 Monday ... 6 Sunday, as 1970-01-01 was a Thursday


def test_the_weekday_expression_names_known_days(store: Any) -> None:
    days = {r["c"][:10]: r["d"] for r in store.query(f"MATCH (p:Post) RETURN p.created_at AS c, {WEEKDAY} AS d")}
    import datetime

    assert days and all(datetime.date.fromisoformat(c).weekday() == d for c, d in days.items()), days


@pytest.mark.parametrize("question,where,counted", [
    (PHRASINGS[24], f"{WEEKDAY} IN [5, 6]", True), (PHRASINGS[25], f"NOT {WEEKDAY} IN [5, 6]", False),
    (PHRASINGS[26], f"{WEEKDAY} = 6 AND p.sentiment = 'positive'", True)])
def test_posts_by_the_day_of_the_week(store: Any, question: str, where: str, counted: bool) -> None:
    gold = post_ids_where(store, where)
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and "days of the week in UTC" in answer.answer, answer.answer
    if counted:
        assert next(iter(answer.rows[0].values())) == len(gold), answer.answer
    else:
        assert set(answer.post_ids) == gold, answer.answer


def test_the_share_of_weekday_posts(store: Any) -> None:
    weekday = len(post_ids_where(store, f"{WEEKDAY} < 5"))
    total = len(post_ids_where(store, "true"))
    answer = parser_agent(store).ask(PHRASINGS[27])
    assert answer.route == "parser" and f"{weekday} of {total} posts" in answer.answer, answer.answer


def test_did_i_post_anything_after_an_accounts_question(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[28]).route == "parser"
    answer = agent.ask(PHRASINGS[29])
    gold = len(post_ids_where(store, "p.year = 2022 AND p.month = 3"))
    assert answer.route == "parser" and "(Understood as: posts in March 2022" in answer.answer, answer.answer
    assert next(iter(answer.rows[0].values())) == gold, answer.answer


@pytest.mark.parametrize("question", PHRASINGS[30:32])
def test_what_my_posts_are_mostly_about(store: Any, question: str) -> None:
    counts = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS k, count(DISTINCT p) AS n "
                         "ORDER BY n DESC, k")
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and "not in your graph" not in answer.answer, answer.answer
    assert next(iter(answer.rows[0].values())) in {r["k"] for r in counts if r["n"] == counts[0]["n"]}, answer.answer
