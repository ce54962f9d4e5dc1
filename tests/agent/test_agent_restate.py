"""Restating (agent/restate.py): a question the parser does not read is reworded by the (here scripted) LLM, and the
rewording is answered from the parser's plan only when it keeps the question's numbers, negation, names, sentiment
and verdict source; otherwise the question goes on to the Cypher-writing path. Checked against a REAL embedded
FalkorDB holding the agent fixture graph. None of the questions here is in an evaluation suite."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.plan import Filter, QueryPlan
from agent.prompts import system_message
from agent.restate import clean_rewording, load_restate_examples, restate_messages, restatement_problem
from core.errors import LocalModelStopped
from tests.support.agent_helpers import (
    LLM_COUNT,
    RecordingFakeLLM,
    fixture_graph,
    same_rows,
    scripted_agent,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

SUITES = Path(__file__).resolve().parents[2] / "research" / "agent_eval"
NEGATIVE_COUNT = "MATCH (p:Post) WHERE p.sentiment = 'negative' RETURN count(p)"


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_restate_test", query_row_limit=100)


def restating(store: Any, replies: list[str]) -> Any:
    return scripted_agent(store, replies, store.settings, restate=True)


# --- the reply -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("reply, expected", [
    ("Plain: How many negative posts?", "How many negative posts?"),
    ('"How many negative posts?"<|im_end|>', "How many negative posts?"),
    ("\n  how many negative posts?\nQuestion: something else", "how many negative posts?"),
    ("MATCH (p:Post) RETURN count(p)", None),
    ("", None),
    ("<|im_end|>", None),
    ("x" * 400, None),
    ("so, how grim is my feed lately??", None),  # the question itself, unchanged
])
def test_a_reply_gives_one_plain_question_or_none(reply: str, expected: str | None) -> None:
    assert clean_rewording(reply, "So, how grim is my feed lately?") == expected


def test_the_prompt_holds_the_examples_and_the_previous_question() -> None:
    examples = load_restate_examples()[:2]
    system, human = restate_messages("and the gloomy ones?", examples, "how many beach posts?", system_message())
    assert system == ("system", system_message())  # the Cypher prompt's: the local model's cached prefix stays
    assert "Not Cypher" in human[1] and "one line" in human[1]
    assert all(e.question in human[1] and e.plain in human[1] for e in examples)
    assert human[1].rstrip().endswith("Question: and the gloomy ones?\nPlain:")
    assert "how many beach posts?" in human[1]


def test_the_packaged_examples_come_from_the_families_dev_halves_only() -> None:
    from research.agent_eval.families import split_of

    examples = load_restate_examples()
    assert len(examples) >= 100
    splits: dict[str, set[str]] = {}
    for path in SUITES.glob("families*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            family = json.loads(line)
            for q in family["questions"]:
                for text in (q if isinstance(q, list) else [q]):
                    splits.setdefault(text, set()).add(split_of(family["family"], q))
    for example in examples:
        assert splits.get(example.question) == {"dev"}, example
        assert splits.get(example.plain) == {"dev"}, example


# --- what a rewording must keep ------------------------------------------------------------------------------------

NEGATIVE_POSTS = QueryPlan(subject="posts", measure="count", filters=(Filter("sentiment", "negative"),))


@pytest.mark.parametrize("question, rewording, plan, why", [
    ("topics with at least 4 posts pls", "Which topics have at least 3 posts?",
     QueryPlan(subject="topic", threshold=(">=", 3)), "numbers"),
    ("posts that ain't about dogs", "Which posts are about dogs?",
     QueryPlan(subject="posts", measure="list", filters=(Filter("topic", "dog"),)), "negation"),
    ("how many posts about my pup", "How many posts are about cats?",
     QueryPlan(subject="posts", measure="count", filters=(Filter("topic", "cat"),)), "not in the question"),
    ("how many posts about the beach, roughly", "How many negative posts are about the beach?",
     QueryPlan(subject="posts", measure="count", filters=(Filter("topic", "beach"), Filter("sentiment", "negative"))),
     "negative sentiment"),
    ("how many of my posts come across gloomy", "How many posts have a negative photo?",
     QueryPlan(subject="posts", measure="count", filters=(Filter("image_sentiment", "negative"),)), "photos"),
    ("what did I post in the spring", "How many posts in March?",
     QueryPlan(subject="posts", measure="count", filters=(Filter("month", 3),)), "month"),
    ("the topics I hardly ever post about", "What are my most common topics?",
     QueryPlan(subject="topic", direction="desc"), None),
    ("which topic do I post the least about these days", "What is my most common topic?",
     QueryPlan(subject="topic", direction="desc"), "'most' ranking"),
])
def test_a_rewording_that_changes_the_question_is_refused(question: str, rewording: str, plan: QueryPlan,
                                                           why: str | None) -> None:
    problem = restatement_problem(question, rewording, plan, {}, {})
    if why is None:  # "hardly ever" names no direction the check knows: the answer's restatement shows the reading
        assert problem is None
    else:
        assert problem is not None and why in problem, problem


def test_a_rewording_must_keep_the_names_the_question_gave() -> None:
    plan = QueryPlan(subject="posts", measure="count", group_by="year")
    problem = restatement_problem("how did my cycling stuff change year to year", "How many posts per year?", plan,
                                  {"cycling": "Topic"}, {}, ["cycling"])
    assert problem is not None and "cycling" in problem


def test_a_faithful_rewording_passes() -> None:
    assert restatement_problem("yo how many gloomy vibes posts have i got", "How many negative posts?",
                               NEGATIVE_POSTS, {}, {}) is None
    assert restatement_problem("how many doggo pics do I have", "How many photos show a dog?",
                               QueryPlan(subject="images", measure="count", filters=(Filter("tag", "dog"),)),
                               {}, {}) is None


# --- the agent -----------------------------------------------------------------------------------------------------

QUESTION = "how many gloomy vibes posts have i got ngl"


def test_the_parser_alone_does_not_read_the_casual_question(store: Any) -> None:
    answer = scripted_agent(store, [LLM_COUNT] * 3, store.settings).ask(QUESTION)
    assert answer.route != "parser"


def test_a_faithful_rewording_is_answered_from_the_plan_and_says_so(store: Any) -> None:
    agent = restating(store, ["How many negative posts?", LLM_COUNT])
    answer = agent.ask(QUESTION)
    assert answer.route == "restated" and answer.error is None, answer.answer
    assert same_rows(answer, store.query(NEGATIVE_COUNT))
    assert "not sure" in answer.answer and "How many negative posts?" in answer.answer
    assert len(agent.fake_llm.seen) == 1 and "Plain:" in agent.fake_llm.seen[0]


def test_an_unfaithful_rewording_goes_on_to_the_cypher_path(store: Any) -> None:
    agent = restating(store, ["How many positive posts?", LLM_COUNT, LLM_COUNT, LLM_COUNT])
    answer = agent.ask(QUESTION)
    assert answer.route == "llm" and "MATCH (p:Post) RETURN count(p)" in answer.cypher
    assert "Cypher:" in agent.fake_llm.seen[1]


def test_a_rewording_the_parser_cannot_read_either_goes_on_to_the_cypher_path(store: Any) -> None:
    answer = restating(store, ["tell me the gloomy vibes count", LLM_COUNT, LLM_COUNT]).ask(QUESTION)
    assert answer.route == "llm"


def test_a_question_the_parser_reads_never_asks_for_a_rewording(store: Any) -> None:
    agent = restating(store, [LLM_COUNT])
    answer = agent.ask("How many negative posts?")
    assert answer.route == "parser" and agent.fake_llm.seen == []


class StoppingOnce(RecordingFakeLLM):
    """A model whose first generation dies (the supervised worker reports it and restarts)."""

    stopped: bool = False

    def _call(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> str:
        if not self.stopped:
            self.stopped = True
            raise LocalModelStopped("the local model stopped")
        return super()._call(messages, stop, run_manager, **kwargs)


def test_a_model_that_stops_while_rewording_leaves_the_cypher_path_to_answer(store: Any) -> None:
    from agent.chain import CypherAgent
    from agent.few_shot import FewShotSelector

    llm = StoppingOnce(responses=[LLM_COUNT] * 3, seen=[])
    selector = FewShotSelector(load_restate_examples(), embedder=None)
    agent = CypherAgent(store, llm, settings=store.settings.with_agent(restate=True),
                        selector=FewShotSelector(embedder=None), restate_selector=selector)
    answer = agent.ask(QUESTION)
    assert answer.route == "llm" and answer.error is None and llm.stopped


def test_no_question_here_is_in_an_evaluation_suite() -> None:
    suite = suite_phrasings()
    assert QUESTION.lower() not in suite
    assert "how many doggo pics do i have" not in suite


def test_a_rewording_must_keep_every_sentiment_the_question_speaks_of() -> None:
    plan = QueryPlan(subject="posts", measure="count", filters=(Filter("caption_sentiment", "negative"),))
    problem = restatement_problem("number of posts with a grim caption over a cheerful photo",
                                  "How many posts have a negative caption?", plan, {}, {})
    assert problem is not None and "positive" in problem
    per_sentiment = QueryPlan(subject="posts", measure="count", group_by="sentiment")
    assert restatement_problem("how happy vs sad are my posts", "How many posts per sentiment?", per_sentiment,
                               {}, {}) is None


@pytest.mark.parametrize("question, rewording, plan, why", [
    ("tally of everything I shared from 2021 onwards", "How many posts in 2021?",
     QueryPlan(subject="posts", measure="count", filters=(Filter("year", 2021),)), "date range"),
    ("which of my posts got the most reshares", "How many posts this year?",
     QueryPlan(subject="posts", measure="count", filters=(Filter("year", 2022),)), "a date"),
])
def test_a_rewording_must_not_add_or_lose_dates(question: str, rewording: str, plan: QueryPlan, why: str) -> None:
    problem = restatement_problem(question, rewording, plan, {}, {})
    assert problem is not None and why in problem, problem


@pytest.mark.parametrize("question, rewording, plan, why", [
    ("wat percantage of my stuff is beach posts", "How many posts are about the beach?",
     QueryPlan(subject="posts", measure="count", filters=(Filter("topic", "beach"),)), "share"),
    ("the years where nothing I posted was sad", "How many posts are not negative?",
     QueryPlan(subject="posts", measure="count", filters=(Filter("sentiment", "negative", negated=True),)), "years"),
])
def test_a_rewording_must_keep_a_share_and_the_nouns_asked_about(question: str, rewording: str, plan: QueryPlan,
                                                                   why: str) -> None:
    problem = restatement_problem(question, rewording, plan, {}, {})
    assert problem is not None and why in problem, problem


def test_a_rewording_that_keeps_the_years_passes() -> None:
    plan = QueryPlan(subject="year", measure="never", share_of="negative")
    assert restatement_problem("the years where nothing I posted was sad", "Which years had no negative posts?",
                               plan, {}, {}) is None


def test_rewording_is_off_unless_turned_on(store: Any) -> None:
    """Off by default (docs/eval_agent.md: no blind gain, 1.6x slower LLM route): the first reply goes to Cypher."""
    from agent.chain import CypherAgent
    from agent.few_shot import FewShotSelector

    llm = RecordingFakeLLM(responses=[LLM_COUNT] * 3, seen=[])
    agent = CypherAgent(store, llm, settings=store.settings, selector=FewShotSelector(embedder=None),
                        restate_selector=FewShotSelector(load_restate_examples(), embedder=None))
    answer = agent.ask(QUESTION)
    assert answer.route == "llm" and "Plain:" not in llm.seen[0] and "Cypher:" in llm.seen[0]
