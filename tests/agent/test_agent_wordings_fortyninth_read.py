"""Readings added after the forty-ninth blind round (a person curating their feed) was read, checked on a REAL embedded
FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- "did I ever post about X? which ones?": the posts listed (it had answered the yes/no count, confidently wrong);
- posts not in a language are listed with their language, and posts not of a verdict with their verdict (the
  listed posts' values differ, so the answer shows them);
- "which of them is the most negative" after a listing of posts: the one with the lowest score (it went to the LLM);
- "toss the sad ones, what's still there?", "from those, remove the happy ones and show me the rest": the others
  (a write verb said so is no write request); "leave out the ones that aren't happy": only the happy ones.
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.chain import is_write_request
from core.languages import NAMES
from tests.support.agent_helpers import (
    answered_post_ids,
    fixture_graph,
    parser_agent,
    post_ids_where,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["did I ever post about cycling? which ones?", "my captions in a language other than english",
             "list my beach posts", "which of them is the most negative?", "list my cycling posts",
             "toss the sad ones, what's still there?", "from those, remove the happy ones and show me the rest",
             "leave out the ones that aren't happy"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fortyninth_read_test", query_row_limit=100)


def test_did_i_ever_then_which_ones_lists_them(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'cycling'})")
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser" and gold and answered_post_ids(answer) == gold, answer.answer


def test_posts_not_in_english_come_with_their_language(store: Any) -> None:
    gold = {r["id"]: r["l"] for r in store.query("MATCH (p:Post) WHERE p.language IS NOT NULL AND NOT p.language IN "
                                                 "['en', 'und'] RETURN p.id AS id, p.language AS l")}
    answer = parser_agent(store).ask(PHRASINGS[1])
    assert answer.route == "parser" and gold, answer.answer
    assert {r["post_id"]: r["language"] for r in answer.rows} == {k: NAMES.get(v, v) for k, v in gold.items()}, \
        answer.rows


def test_the_most_negative_of_the_posts_listed(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN p.id AS id, p.sentiment_score AS s "
                       "ORDER BY s ASC LIMIT 1")
    agent = parser_agent(store)
    agent.ask(PHRASINGS[2])
    answer = agent.ask(PHRASINGS[3])
    assert answer.route == "parser" and [r["post_id"] for r in answer.rows] == [rows[0]["id"]], answer.answer


@pytest.mark.parametrize("said, verdict", [(PHRASINGS[5], "negative"), (PHRASINGS[6], "positive")])
def test_leaving_out_a_verdict_keeps_the_others_with_theirs(store: Any, said: str, verdict: str) -> None:
    assert not is_write_request(said)
    agent = parser_agent(store)
    agent.ask(PHRASINGS[4])
    answer = agent.ask(said)
    gold = {r["id"]: r["s"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'cycling'}) "
                                                 "WHERE p.sentiment <> $v RETURN p.id AS id, p.sentiment AS s",
                                                 {"v": verdict})}
    assert answer.route == "parser" and gold, answer.answer
    assert {r["post_id"]: r["sentiment"] for r in answer.rows} == gold, answer.rows


def test_leaving_out_the_ones_that_are_not_happy(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask(PHRASINGS[4])
    answer = agent.ask(PHRASINGS[7])
    gold = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'cycling'}) AND p.sentiment = 'positive'")
    assert answer.route == "parser" and gold and answered_post_ids(answer) == gold, answer.answer


def test_a_plan_said_before_a_question_is_no_write_request() -> None:
    assert not is_write_request("I plan to remove the weak ones from my feed. Which of my posts are negative?")
    assert is_write_request("I want to delete all posts.")
    assert is_write_request("delete all posts. which topics are left?")


def test_top_n_most_negative_and_the_grimmest(store: Any) -> None:
    scores = sorted(r["s"] for r in store.query("MATCH (p:Post) RETURN p.sentiment_score AS s"))
    lowest = post_ids_where(store, f"p.sentiment_score <= {scores[1]}")  # the two lowest, with any tied with them
    for phrasing in ("top 2 most negative posts", "the 2 grimmest things I've posted"):
        answer = parser_agent(store).ask(phrasing)
        assert answer.route == "parser" and len(answer.rows) >= 2, (phrasing, answer.answer)
        assert {r["post_id"] for r in answer.rows} <= lowest, (phrasing, answer.answer)


def test_a_blank_caption_and_going_on_about(store: Any) -> None:
    answer = parser_agent(store).ask("posts with a blank caption")
    same = parser_agent(store).ask("posts without a caption")
    assert answer.route == same.route == "parser" and answer.rows == same.rows, answer.answer
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE p.year < 2022 RETURN t.name AS t, "
                       "count(DISTINCT p) AS n ORDER BY n DESC")
    best = {r["t"] for r in rows if r["n"] == rows[0]["n"]}
    answer = parser_agent(store).ask("before 2022, what was I going on about most?")
    assert answer.route == "parser" and answer.rows and {r["topic"] for r in answer.rows} <= best, answer.answer


def test_the_x_posts_or_the_y_ones_compared(store: Any) -> None:
    answer = parser_agent(store).ask("which mood is happier overall, the cycling posts or the beach ones?")
    assert answer.route == "parser", answer.answer
    assert {r["topic"] for r in answer.rows} == {"cycling", "beach"}, answer.answer
