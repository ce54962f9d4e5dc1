"""Readings added after the fifty-third blind round (an everyday mix of a user back after a month away) was read,
checked on a REAL embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- a sentence said before the question: the time away from the app ("back after a few weeks off", "I haven't opened
  the app in a month"), a time said vaguely ("a while ago"), another person's claim ("my sister says I never ...")
  and the names the question compares narrow nothing; a sentence that names a time the question may be about still
  sends it to the LLM; in a conversation, "those" after such a sentence is the last answer's posts;
- "those about the beach" after a count lists those posts (it had counted every beach photo, dropping the dog);
  "mentioning Rome" said alone after a listing narrows it (it had replaced the topic);
- "who'd I ...", "what're", "back in March 2021", "number of posts naming each", "keep bringing up", "keep
  spamming", "where I sounded cheerful", "looks kinda grim", "didn't have me complaining in the caption", "have I ever
  @ luca", "where I skipped hashtags", "my caption's grumpy", "the bad vibes ones", "k which of those", "quizzes",
  "rainy, stormy weather";
- a follow-up said with its reason first ("I have seen the early ones, so just the ones from 2022 onwards").
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.grounding import word_forms
from agent.wording import normalise
from tests.support.agent_helpers import answered_post_ids, fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = [
    "Back after a few weeks off, I want a quick recap. What are my 2 biggest topics?", "what are my 2 biggest topics?",
    "I haven't opened the app in a month. How many posts mention Rome?", "how many posts mention Rome?",
    "My sister says I only ever post boring stuff, never anything cute. How many of my pics show a dog?",
    "how many of my pics show a dog?",
    "Anna and Max both come up a lot. Did I mention Anna or Max in more posts?", "did I mention Anna or Max more?",
    "I moved away from Paris a while back. Which of my posts mention Paris?",
    "I posted a lot over the last few months. Which topics are negative?",
    "My brother says I post food all the time. How many photos do I have?",
    "pull up my travel posts", "I'd like to remember the sad days too. Which of those were negative?",
    "how many pics show a dog?", "those about the beach",
    "list my negative travel posts", "mentioning Rome",
    "who'd I bring up more often, Sarah or Anna?", "did I mention Sarah or Anna more often?",
    "what're my 2 top hashtags?", "what are my 2 top hashtags?",
    "what did I post back in March 2021?", "what did I post in March 2021?",
    "rome or paris - number of posts naming each", "rome or paris - number of posts",
    "which places do I keep bringing up, 2 posts or more?", "which hashtags do I keep spamming?",
    "which hashtags do I use?",
    "posts where I sounded cheerful but the photo looks kinda grim",
    "which travel posts didn't have me complaining in the caption?",
    "have I ever @ luca in a post?", "in how many posts do I @ someone?",
    "travel posts where I skipped hashtags", "posts where my caption's grumpy but the photo looks happy",
    "just the bad vibes ones", "how many travel posts do I have?", "k which of those are negative?",
    "I have seen the early ones, so just the ones from 2022 onwards please",
]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fiftythird_read_test", query_row_limit=100)


@pytest.mark.parametrize("said, plain", [(0, 1), (2, 3), (4, 5), (6, 7), (17, 18), (19, 20), (21, 22), (23, 24)])
def test_said_another_way_answers_as_said_plainly(store: Any, said: int, plain: int) -> None:
    answer, gold = parser_agent(store).ask(PHRASINGS[said]), parser_agent(store).ask(PHRASINGS[plain])
    assert answer.route == gold.route == "parser", (answer.answer, gold.answer)
    assert answer.rows == gold.rows and gold.rows, (PHRASINGS[said], answer.rows, gold.rows)


def test_a_vague_time_before_the_question_narrows_nothing(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[8])
    gold = post_ids_where(store, "(p)-[:MENTIONS]->(:Entity {name: 'paris'})")
    assert answer.route == "parser" and gold and answered_post_ids(answer) == gold, answer.answer


@pytest.mark.parametrize("index", [9, 10])
def test_a_sentence_that_may_narrow_is_not_guessed(store: Any, index: int) -> None:
    # a time ("over the last few months") or a name ("food") said before the question may be what it is about
    assert parser_agent(store).ask(PHRASINGS[index]).route != "parser"


def test_those_about_something_after_a_count_lists_them(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask(PHRASINGS[13])
    answer = agent.ask(PHRASINGS[14])
    gold = post_ids_where(store, "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) AND "
                                 "(p)-[:ABOUT]->(:Topic {name: 'beach'})")
    every_beach = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'beach'})")
    assert gold and gold != every_beach
    assert answer.route == "parser" and answered_post_ids(answer) == gold, answer.answer


def test_keep_bringing_up_is_mention(store: Any) -> None:
    gold = {r["n"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity) WHERE e.label IN ['GPE', 'LOC'] "
                                        "WITH e, count(DISTINCT p) AS k WHERE k >= 2 RETURN e.name AS n")}
    answer = parser_agent(store).ask(PHRASINGS[25])
    assert answer.route == "parser" and gold and {next(iter(r.values())) for r in answer.rows} == gold, answer.answer


def test_keep_spamming_is_use(store: Any) -> None:
    answer, plain = parser_agent(store).ask(PHRASINGS[26]), parser_agent(store).ask(PHRASINGS[27])
    assert answer.route == plain.route == "parser" and answer.rows == plain.rows and plain.rows, answer.answer


@pytest.mark.parametrize("index, where", [
    (28, "p.caption_sentiment = 'positive' AND p.image_sentiment = 'negative'"),
    (29, "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND NOT p.caption_sentiment = 'negative'"),
    (32, "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND NOT (p)-[:MENTIONS]->(:Entity {label: 'HASHTAG'})"),
    (33, "p.caption_sentiment = 'negative' AND p.image_sentiment = 'positive'"),
])
def test_casual_readings_of_the_caption_and_the_photo(store: Any, index: int, where: str) -> None:
    gold = post_ids_where(store, where)
    answer = parser_agent(store).ask(PHRASINGS[index])
    assert answer.route == "parser" and gold and answered_post_ids(answer) == gold, (PHRASINGS[index], answer.answer)


def test_the_at_sign_said_as_a_verb(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[30])
    assert answer.route == "parser" and answer.answer.startswith("Yes"), answer.answer
    # "@ someone" is anyone mentioned, not an account called 'someone'
    assert "@someone" not in normalise(PHRASINGS[31])


def test_word_forms_and_weather_said_after_the_adjectives() -> None:
    assert "quiz" in word_forms("quizzes")
    assert normalise("more about rainy, stormy weather or about art") == "more about rainy stormy or about art"
    assert normalise("rainy or stormy weather") == "rainy stormy"


TRAVEL_NEGATIVE = "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND p.sentiment = 'negative'"


@pytest.mark.parametrize("first, follow, where", [
    (11, 12, TRAVEL_NEGATIVE),  # "those" after a sentence, in a conversation: the last answer's posts
    (15, 16, TRAVEL_NEGATIVE + " AND (p)-[:MENTIONS]->(:Entity {name: 'rome'})"),  # "mentioning Rome" alone narrows
    (11, 34, TRAVEL_NEGATIVE),  # "just the bad vibes ones"
    (35, 36, TRAVEL_NEGATIVE),  # "k" is an acknowledgement
    (11, 37, "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND p.year >= 2022"),  # a follow-up with its reason first
])
def test_a_follow_up_answers_the_posts_asked_about(store: Any, first: int, follow: int, where: str) -> None:
    gold = post_ids_where(store, where)
    agent = parser_agent(store)
    agent.ask(PHRASINGS[first])
    answer = agent.ask(PHRASINGS[follow])
    assert answer.route == "parser" and gold and answered_post_ids(answer) == gold, (PHRASINGS[follow], answer.answer)
