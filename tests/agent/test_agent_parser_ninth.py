"""The grammar added after the ninth blind round's dev half: groups past a share of one verdict ("at least half
negative", "over 30% sad"), the share of posts in a language, "since <month> <year>", "<year> or later", a limit said
before a ranking whose subject another slot took ("the 3 ... most"), one slipped letter in a word of the grammar,
shorthand ("w/", "caption = positive", "gloomy-looking", "tags with a #"), intensifiers before a verdict ("just
meh"), "something to eat" for food photos, posts never given a topic, and follow-ups that name the value again
("the dog ones") or end in "which are they?". Checked against a REAL embedded FalkorDB holding the agent fixture
graph: each answer's rows equal a hand-written gold query. None of these phrasings is in an evaluation suite
(research/agent_eval/families*.jsonl); a test below checks that."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.answer import post_ids_in, render_share
from agent.parser import _typos_fixed
from tests.support.agent_helpers import SHARE, assert_parsed_to, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_ninth_test", query_row_limit=100)


TOPIC_SHARE = ("MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t.name AS k, count(DISTINCT p) AS n, "
               "count(DISTINCT CASE WHEN p.sentiment = '{s}' THEN p END) AS m WHERE {cond} RETURN k, m, n")
CASES = {
    "list the topics that are at least half positive":
        TOPIC_SHARE.format(s="positive", cond="2 * m >= n"),
    "topics where over 40% of the posts are sad":
        TOPIC_SHARE.format(s="negative", cond="100 * m > 40 * n"),
    "what share of my posts are written in german?":
        "MATCH (p:Post) " + SHARE.format(cond="p.language = 'de'"),
    "how many beach posts since june 2020": "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) "
                                            "WHERE p.created_at >= '2020-06' RETURN count(DISTINCT p)",
    "count my posts after aug 2022": "MATCH (p:Post) WHERE p.created_at >= '2022-09' RETURN count(p)",
    "how many travel posts from 2022 or later?": "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) "
                                                 "WHERE p.year >= 2022 RETURN count(DISTINCT p)",
    "tell me the 2 topics i write about most": "MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t.name AS k, "
                                               "count(DISTINCT p) AS n RETURN k, n ORDER BY n DESC, k LIMIT 2",
    "how many pictres of a dog do I have": "MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                                           "RETURN count(DISTINCT i)",
    "posts w/ a cake in the photo": "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'cake'}) "
                                    "RETURN DISTINCT p.id",
    "posts where caption = negative": "MATCH (p:Post) WHERE p.caption_sentiment = 'negative' RETURN p.id",
    "posts with a happy caption and a gloomy-looking photo":
        "MATCH (p:Post) WHERE p.caption_sentiment = 'positive' AND p.image_sentiment = 'negative' RETURN p.id",
    "which labels with a # are in more than one post": "MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) "
                                                      "WITH e.name AS k, count(DISTINCT p) AS n WHERE n > 1 "
                                                      "RETURN k, n",
    "posts where the photo is kind of sad": "MATCH (p:Post) WHERE p.image_sentiment = 'negative' RETURN p.id",
    "posts whose caption felt meh": "MATCH (p:Post) WHERE p.caption_sentiment = 'neutral' RETURN p.id",
    "do I have photos of anything to eat": "MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(:Tag {kind: 'food'}) "
                                           "RETURN DISTINCT p.id",
    "list posts that were never given a topic": "MATCH (p:Post) WHERE NOT (p)-[:ABOUT]->(:Topic) RETURN p.id",
    "could you count my cycling posts": "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'cycling'}) "
                                        "RETURN count(DISTINCT p)",
}


@pytest.mark.parametrize("question", list(CASES))
def test_ninth_round_phrasings_are_parsed_to_the_gold_rows(store: Any, question: str) -> None:
    assert_parsed_to(store, question, CASES[question], ignore_extra_columns=True)


@pytest.mark.parametrize("first, follow_up, gold", [
    ("count the photos of mine that show a dog", "how many of the dog ones are positive overall",
     ("MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) WHERE p.sentiment = 'positive' "
      "RETURN count(DISTINCT i) AS n")),
    ("how many posts from 2021?", "and the sad ones, which are they?",
     "MATCH (p:Post) WHERE p.year = 2021 AND p.sentiment = 'negative' RETURN p.id AS id"),
    ("list every travel post", "ok, which of those are from 2022?",
     "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) WHERE p.year = 2022 RETURN p.id AS id"),
])
def test_follow_ups_naming_the_value_again_or_asking_which_are_they(store: Any, first: str, follow_up: str,
                                                                    gold: str) -> None:
    agent = parser_agent(store)
    agent.ask(first)
    answer = agent.ask(follow_up)
    rows = store.query(gold)
    assert answer.route == "parser", (answer.cypher, answer.answer)
    if "n" in rows[0]:
        assert next(iter(answer.rows[0].values())) == rows[0]["n"], (answer.cypher, answer.rows)
    else:
        assert sorted(post_ids_in(answer.rows)) == sorted(r["id"] for r in rows), (answer.cypher, answer.rows)


def test_a_value_named_again_only_follows_when_it_was_asked_about(store: Any) -> None:
    """'the cat ones' after a question about dogs names nothing asked before: not read as a follow-up."""
    agent = parser_agent(store)
    agent.ask("count the photos of mine that show a dog")
    answer = agent.ask("how many of the pizza ones are positive")
    assert not (answer.route == "parser" and "dog" in (answer.cypher or "")), answer.cypher


def test_a_share_floor_is_said_in_the_answer_with_its_support(store: Any) -> None:
    answer = parser_agent(store).ask("what topics are at least half negative")
    gold = store.query(TOPIC_SHARE.format(s="negative", cond="2 * m >= n AND n >= 3"))
    assert answer.route == "parser" and "at least half negative" in answer.answer, answer.answer
    assert {r["k"] for r in gold} <= {r["topic"] for r in answer.rows}, (answer.rows, gold)


def test_the_share_wording_keeps_mostly_as_more_than_half() -> None:
    rows = [{"topic": "a", "matching": 3, "posts": 4, "share_pct": 75.0}]
    assert "is mostly negative (more than half of its posts)" in render_share(rows, "topic", "negative", 3, 1, 1)
    floor = render_share(rows, "topic", "negative", 3, 1, 1, (">", 30))
    assert "is more than 30% negative" in floor and "more than half" not in floor
    assert render_share([], "topic", "negative", 3, 0, 0, (">=", 50)) == \
        "No topic is at least half negative: none has at least half of its posts negative."


def test_a_slip_is_fixed_only_when_one_grammar_word_is_meant() -> None:
    """'pictres' is one slip from 'pictures' only; 'zorblax' is near no grammar word, and a short word is left
    alone (too many words are one letter from it)."""
    assert _typos_fixed("how many pictres of dogs", ("pictres",)) == "how many pictures of dogs"
    assert _typos_fixed("how many zorblax posts", ("zorblax",)) is None
    assert _typos_fixed("how many dgos", ("dgos",)) is None


def test_from_a_month_alone_is_that_month_not_a_start(store: Any) -> None:
    answer = parser_agent(store).ask("how many posts from july 2020?")
    gold = store.query("MATCH (p:Post) WHERE p.year = 2020 AND p.month = 7 RETURN count(p) AS n")
    assert answer.route == "parser" and answer.rows[0]["posts"] == gold[0]["n"], answer.rows


HELD_OUT_READ = {
    # from the held-out half, read after its runs (other wordings here)
    "in which topics are 40% or more of the posts positive":
        TOPIC_SHARE.format(s="positive", cond="100 * m >= 40 * n"),
    "topics where sad posts make up at least half": TOPIC_SHARE.format(s="negative", cond="2 * m >= n"),
    "how many of my posts were not put in any topic": "MATCH (p:Post) WHERE NOT (p)-[:ABOUT]->(:Topic) "
                                                      "RETURN count(p)",
    "list the posts that don't belong to a topic": "MATCH (p:Post) WHERE NOT (p)-[:ABOUT]->(:Topic) RETURN p.id",
    "are there any posts with no photo? which ones": "MATCH (p:Post) WHERE NOT (p)-[:HAS_IMAGE]->(:Image) "
                                                     "RETURN p.id",
    "how many photos does a pizza appear in": "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'pizza'}) "
                                              "RETURN count(DISTINCT i)",
    "is there a cake in my pictures": "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'cake'}) RETURN count(DISTINCT i)",
    "posts where the caption reads as sad while the photo looks happy":
        "MATCH (p:Post) WHERE p.caption_sentiment = 'negative' AND p.image_sentiment = 'positive' RETURN p.id",
    "how many travel posts have a caption that reads positive":
        "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) WHERE p.caption_sentiment = 'positive' "
        "RETURN count(DISTINCT p)",
    "how many of my posts mention rome, out of all of them?":
        "MATCH (p:Post) OPTIONAL MATCH (p)-[:MENTIONS]->(e:Entity {name: 'rome'}) WITH p, count(e) AS k "
        + SHARE.format(cond="k > 0"),
    "count my cycling posts from 2021 until now": "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'cycling'}) "
                                                  "WHERE p.year >= 2021 RETURN count(DISTINCT p)",
    "list the 2 places I name most": "MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'GPE'}) WITH e.name AS k, "
                                     "count(DISTINCT p) AS n RETURN k, n ORDER BY n DESC, k LIMIT 2",
}


@pytest.mark.parametrize("question", list(HELD_OUT_READ))
def test_wordings_of_the_read_held_out_half_are_parsed_to_the_gold_rows(store: Any, question: str) -> None:
    assert_parsed_to(store, question, HELD_OUT_READ[question], ignore_extra_columns=True)


def test_a_follow_up_to_an_unanswered_question_is_not_read_as_a_fresh_one(store: Any) -> None:
    """(Confidently wrong in the held-out half: the first question went unanswered, and 'and in 2023, which ones?'
    was answered as 'posts in 2023'.) After an answer the parser did not give, a follow-up marker hands the
    question to the LLM, which has the conversation; an older plan is not followed either."""
    agent = parser_agent(store)
    agent.ask("how many posts about cycling?")
    agent.ask("how many zorblax wibbles are there")  # unanswered (the fake LLM writes nothing usable)
    answer = agent.ask("and in 2022, which ones?")
    assert answer.route != "parser", (answer.cypher, answer.answer)
    fresh = parser_agent(store)
    assert fresh.ask("and in 2022, which ones?").route == "parser"  # no conversation: no one to follow


def test_which_ones_said_first_follows_the_last_answer(store: Any) -> None:
    """(Confidently wrong in the held-out half: 'Which ones had a negative sentiment?' after the 2020 posts had
    dropped the year.)"""
    agent = parser_agent(store)
    agent.ask("list my posts from 2021")
    answer = agent.ask("Which ones were sad?")
    gold = store.query("MATCH (p:Post) WHERE p.year = 2021 AND p.sentiment = 'negative' RETURN p.id AS id")
    assert answer.route == "parser" and sorted(post_ids_in(answer.rows)) == sorted(r["id"] for r in gold), \
        (answer.cypher, answer.rows)


DECLINED = ["how many saves did my beach posts get?", "which photo was bookmarked the most",
            "how many profile visits came from my cat posts", "how many people shared my cycling posts?"]


@pytest.mark.parametrize("question", DECLINED)
def test_saves_bookmarks_and_profile_visits_are_declined_with_what_the_graph_holds(store: Any, question: str) -> None:
    """(The ninth round's held-out half: the model had answered 'total saves in 2022' with a sum of sentiment
    scores.) No import records saves, bookmarks or profile visits: declined before the LLM writes a query."""
    answer = parser_agent(store).ask(question)
    assert answer.error and not answer.rows and "saves" in answer.answer and "Your graph holds" in answer.answer


@pytest.mark.parametrize("question", ["what share of my posts are positive?", "how many posts did I share in 2021?"])
def test_share_and_shared_alone_are_not_engagement(store: Any, question: str) -> None:
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and answer.rows, (answer.answer, answer.error)


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = [*CASES, *HELD_OUT_READ, *DECLINED, "what share of my posts are positive?",
            "how many posts did I share in 2021?", "how many zorblax wibbles are there", "and in 2022, which ones?",
            "how many posts about cycling?", "list my posts from 2021", "Which ones were sad?",
            "count the photos of mine that show a dog", "how many of the dog ones are positive overall",
            "how many posts from 2021?", "and the sad ones, which are they?", "list every travel post",
            "ok, which of those are from 2022?", "how many of the pizza ones are positive",
            "what topics are at least half negative", "how many posts from july 2020?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
