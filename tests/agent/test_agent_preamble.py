"""Greetings, openers and sign-offs around a question ("Hey there! Quick one - I was hoping you could ...",
"... thanks a lot :)") are taken off before the parser reads it, so a polite question gets the same answer as the
bare one instead of going to the LLM over the word "hoping". Checked as text, and as answers from a REAL embedded
FalkorDB holding the agent fixture graph. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.preamble import strip_preamble
from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

WRAPPED = {
    "hey there! i was hoping you could tell me how many photos show a dog.": "tell me how many photos show a dog.",
    "hello again, i was wondering whether you could count my negative posts":
        "count my negative posts",
    "good afternoon! would it be possible to see my positive posts from 2021?": "my positive posts from 2021?",
    "hiya - quick question: which topic do i post about most?": "which topic do i post about most?",
    "yo, i'd love to know how many posts are neutral": "how many posts are neutral",
    "um, so, i've been curious about which hashtags i use most": "which hashtags i use most",
    "out of curiosity, how many cat photos are there? thanks so much!": "how many cat photos are there?",
    "could you help me figure out how many posts mention paris, if you don't mind": "how many posts mention paris",
    "i'm trying to work out my busy spells - which months had 3 posts?": "which months had 3 posts?",
    "do you happen to know whether i ever posted a horse? :)": "i ever posted a horse?",
}
# words that only look like an opener: left as they are
UNTOUCHED = ["his photos from 2020", "your favourite topic", "so far, how many posts?", "well-lit photos",
             "i like dogs, which posts show one?", "right after new year, what did i post?",
             "i'm looking for posts about dogs", "how many posts mention thanks"]


@pytest.mark.parametrize("wrapped,bare", WRAPPED.items())
def test_the_wrapping_comes_off(wrapped: str, bare: str) -> None:
    assert strip_preamble(wrapped) == bare


@pytest.mark.parametrize("text", UNTOUCHED)
def test_words_that_only_look_like_openers_stay(text: str) -> None:
    assert strip_preamble(text) == text


def test_these_phrasings_are_not_in_a_suite() -> None:
    mine = set(WRAPPED) | set(UNTOUCHED) | set(POLITE)
    assert not mine & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_preamble_test", query_row_limit=100)


POLITE = {
    "hi! i was hoping you could count the photos with a dog in them": "count the photos with a dog in them",
    "good evening, i was wondering if you could list my negative posts. cheers!": "list my negative posts",
    "hey feedlens, quick one: which year had the most posts? thank you": "which year had the most posts?",
}


@pytest.mark.parametrize("polite,bare", POLITE.items())
def test_a_polite_question_is_answered_like_the_bare_one(store: Any, polite: str, bare: str) -> None:
    agent = parser_agent(store)
    plain, wrapped = agent.ask(bare), agent.ask(polite)
    assert plain.route == "parser" and plain.rows, plain.answer
    assert wrapped.route == "parser", wrapped.answer
    assert wrapped.rows == plain.rows and wrapped.cypher == plain.cypher
