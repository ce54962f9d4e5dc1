"""Wordings the parser reads since the thirty-second blind round was read, checked on a REAL embedded FalkorDB holding
the agent fixture graph:
- a bare "% sad" right after a question about some posts is the share of those posts (the wording had added "of
  posts", so it answered the share of all posts, no caveat); asked first, it is the share of all posts;
- "<name> topic posts" and "about the <name> topic" are the posts about that topic;
- a group said right before "most sad posts" ("year most sad posts"), and "appears on the most / on more of my sad
  posts than any other": the group with the most such posts, not the posts ranked by score;
- "... ? a percentage would be fine" asks for a share; "most used first" after a ranking is its order anyway;
- a photo "whose mood matches the caption": caption and photo agree;
- a guess said first as a sentence of its own ("I guess I ... !") is read with the question when the question keeps
  what it names; "which one is it?" after the question is wrapping;
- "which months were my quieter ones, the months when ...": the months the second part defines;
- a question said in two sentences, the first setting what it is about ("I have written about X quite often. Can you
  list the ones that were sad?"): the last read as a follow-up of the first, when the last keeps every filter of the
  first; a first sentence that only says what it is curious about in words naming the collection sets nothing; one
  that names something the grammar does not read (a word it does not know) is not guessed;
- "named by name"; "the text mood is identical to the picture mood" (caption and photo agree);
- the months of a year with no post at all (it had gone to the LLM, which counted posts); "don't have a sad
  caption" (the caption's verdict, not the post's); "English-language"; "how big a fraction was";
  "negatively worded captions".
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.preamble import strip_preamble
from tests.support.agent_helpers import SHARE, assert_parsed_to, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["how many travel posts do I have?", "% sad", "music topic posts count",
             "how many of my posts are under the food topic", "year most sad posts",
             "which topic shows up on more of my happy posts than any other one?",
             "how many posts carry a hashtag? a percentage is fine",
             "the 3 tags on the most photos, most used first",
             "count posts with a picture whose mood matches the caption",
             "I guess I post my dog a lot! how many of my photos show a dog?",
             "which year did I post the most happy posts in? which one is it?",
             "which months were my quieter ones, the months when I posted fewer than 2 times",
             "I have written about travel quite often. Can you list the ones that were sad?",
             "What do my pics show the most? Just give me the top 3 tags",
             "I'm curious about clashes. How many posts have a sad caption and a happy photo?",
             "I love the summer. How many posts are sad?",
             "show me the people I named by name",
             "how many posts where the text mood is identical to the picture mood",
             "is there anything I write about more than 3 times? which topics?",
             "I guess I mostly post about travel. How many posts are sad?",
             "I never post on weekends. How many are sad?",
             "in 2022, which months did I post nothing at all?", "which months of 2022 had zero posts",
             "which posts with a dog in the photo don't have a sad caption?",
             "how much of my feed is English-language, as a percentage?",
             "of my 2022 posts, how big a fraction was positive?", "negatively worded captions: how many?"]
ABOUT = "MATCH (p:Post)-[:ABOUT]->(:Topic {{name: '{topic}'}})"
PER_GROUP = ("MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE p.sentiment = '{verdict}' "
             "RETURN t.name AS k, count(DISTINCT p) AS n")


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_second_read_test", query_row_limit=100)


def _share(rows: list[dict[str, Any]]) -> float:
    return float(list(rows[0].values())[2])


def test_a_bare_share_after_a_question_is_of_the_posts_asked_about(store: Any) -> None:
    travel = store.query(ABOUT.format(topic="travel") + " WITH DISTINCT p "
                         + SHARE.format(cond="p.sentiment = 'negative'"))
    every = store.query("MATCH (p:Post) " + SHARE.format(cond="p.sentiment = 'negative'"))
    assert _share(travel) != _share(every)  # the fixture tells the two readings apart
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[0]).route == "parser"
    answer = agent.ask(PHRASINGS[1])
    assert answer.route == "parser" and answer.rows[0]["share_pct"] == _share(travel), answer.answer
    fresh = parser_agent(store).ask(PHRASINGS[1])
    assert fresh.route == "parser" and fresh.rows[0]["share_pct"] == _share(every), fresh.answer


@pytest.mark.parametrize("question,topic", [(PHRASINGS[2], "music"), (PHRASINGS[3], "food")])
def test_the_posts_of_a_topic_said_with_the_word_topic(store: Any, question: str, topic: str) -> None:
    assert_parsed_to(store, question, ABOUT.format(topic=topic) + " RETURN count(DISTINCT p) AS n")


def test_a_year_said_before_most_sad_posts_is_the_year_with_the_most(store: Any) -> None:
    counts = store.query("MATCH (p:Post) WHERE p.sentiment = 'negative' RETURN p.year AS k, count(p) AS n "
                         "ORDER BY n DESC, k")
    answer = parser_agent(store).ask(PHRASINGS[4])
    assert answer.route == "parser" and "p.sentiment = 'negative'" in answer.cypher, answer.cypher
    assert answer.rows and answer.rows[0]["year"] == counts[0]["k"], answer.answer


def test_the_topic_on_more_happy_posts_than_any_other(store: Any) -> None:
    counts = sorted(store.query(PER_GROUP.format(verdict="positive")), key=lambda r: (-r["n"], r["k"]))
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and "avg(" not in answer.cypher, answer.cypher
    assert answer.rows[0]["topic"] == counts[0]["k"], answer.answer


def test_a_percentage_asked_for_after_the_question_is_a_share(store: Any) -> None:
    gold = store.query("MATCH (p:Post) OPTIONAL MATCH (p)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) "
                       "WITH p, count(e) AS h " + SHARE.format(cond="h > 0"))
    answer = parser_agent(store).ask(PHRASINGS[6])
    assert answer.route == "parser" and answer.rows[0]["share_pct"] == _share(gold), answer.answer


def test_most_used_first_is_the_rankings_own_order(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[7], "MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(t:Tag) "
                     "RETURN t.name AS tag, count(DISTINCT i) AS n ORDER BY n DESC, tag LIMIT 3")


def test_a_photo_whose_mood_matches_the_caption(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[8], "MATCH (p:Post) WHERE p.caption_sentiment = p.image_sentiment "
                     "RETURN count(p) AS n")


def test_a_guess_said_first_and_the_question_asked_again(store: Any) -> None:
    # the guess names 'dog', which the question keeps: the question is read (a guess that named something the
    # question drops would not be: see the tests below)
    assert_parsed_to(store, PHRASINGS[9], "MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                     "RETURN count(DISTINCT i) AS n")
    assert strip_preamble(PHRASINGS[10].lower()) == "which year did i post the most happy posts in?"
    # a statement is not wrapping: it may name what the question is about
    said = "i think i post my dog a lot! how many are sad?"
    assert strip_preamble(said) == said


def test_the_months_a_second_part_defines(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[11], "MATCH (p:Post) WITH p.year AS y, p.month AS m, count(p) AS n "
                     "WHERE n < 2 RETURN y, m, n")


def test_a_sentence_that_sets_what_the_question_is_about(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[12], ABOUT.format(topic="travel") + " WHERE p.sentiment = 'negative' "
                     "RETURN DISTINCT p.id AS id, p.caption AS caption, p.created_at AS created_at")
    assert_parsed_to(store, PHRASINGS[13], "MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(t:Tag) "
                     "RETURN t.name AS tag, count(DISTINCT i) AS n ORDER BY n DESC, tag LIMIT 3")
    assert_parsed_to(store, PHRASINGS[14], "MATCH (p:Post) WHERE p.caption_sentiment = 'negative' "
                     "AND p.image_sentiment = 'positive' RETURN count(p) AS n")


def test_a_first_sentence_naming_what_the_grammar_cannot_read_is_not_guessed(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[15])  # 'love' is not read: the summer posts, or all of them?
    assert answer.route == "llm", (answer.cypher, answer.answer)


@pytest.mark.parametrize("question", [PHRASINGS[19], PHRASINGS[20]])
def test_a_first_sentence_that_narrows_is_not_dropped(store: Any, question: str) -> None:
    # 'travel' (a topic) and 'never' ... 'weekends' may narrow the question: not answered over every post
    answer = parser_agent(store).ask(question)
    assert answer.route == "llm" or "travel" in answer.cypher, (answer.cypher, answer.answer)


def test_a_count_the_first_sentence_sets_is_not_dropped(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[18])  # it had listed every topic, not those with more than 3 posts
    assert answer.route == "llm" or "> 3" in answer.cypher or "$n" in answer.cypher, (answer.cypher, answer.answer)
    if answer.route == "parser":
        gold = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t, count(DISTINCT p) AS n WHERE n > 3 "
                           "RETURN t.name AS topic")
        assert {r["topic"] for r in answer.rows} == {r["topic"] for r in gold}, answer.answer


def test_named_by_name_and_a_text_mood_identical_to_the_picture_mood(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[16], "MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) "
                     "RETURN e.name AS person, count(DISTINCT p) AS posts")  # each with its posts
    assert_parsed_to(store, PHRASINGS[17], "MATCH (p:Post) WHERE p.caption_sentiment = p.image_sentiment "
                     "RETURN count(p) AS n")


def test_the_months_of_a_year_with_no_post_at_all(store: Any) -> None:
    posted = {r["m"] for r in store.query("MATCH (p:Post) WHERE p.year = 2022 RETURN DISTINCT p.month AS m")}
    empty = [m for m in range(1, 13) if m not in posted]
    assert 0 < len(empty) < 12  # the fixture has months with and without posts in 2022
    for question in (PHRASINGS[21], PHRASINGS[22]):
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and [r["month"] for r in answer.rows] == empty, (question, answer.answer)
        assert f"{len(empty)} months of 2022 had no post" in answer.answer or len(empty) == 1, answer.answer


def test_a_caption_that_is_not_sad_and_other_wordings(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[23], "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                     "WITH DISTINCT p WHERE p.caption_sentiment <> 'negative' "
                     "RETURN p.id AS id, p.caption AS caption, p.created_at AS created_at")
    english = store.query("MATCH (p:Post) " + SHARE.format(cond="p.language = 'en'"))
    answer = parser_agent(store).ask(PHRASINGS[24])
    assert answer.route == "parser" and answer.rows[0]["share_pct"] == _share(english), answer.answer
    positive = store.query("MATCH (p:Post) WHERE p.year = 2022 " + SHARE.format(cond="p.sentiment = 'positive'"))
    answer = parser_agent(store).ask(PHRASINGS[25])
    assert answer.route == "parser" and answer.rows[0]["share_pct"] == _share(positive), answer.answer
    assert_parsed_to(store, PHRASINGS[26], "MATCH (p:Post) WHERE p.caption_sentiment = 'negative' RETURN count(p)")
