"""Wordings the parser reads since session 30 began, checked on a REAL embedded FalkorDB holding the agent fixture
graph:
- "a caption that is (not) <verdict>" said alone: the caption's verdict (it had read the post's; "a photo that is
  sad" alone may still be said of the post).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["list the posts having a caption that is not negative", "show posts with a caption which is happy"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_fifth_read_test", query_row_limit=100)


def _ids(store: Any, where: str) -> set[str]:
    return {r["id"] for r in store.query(f"MATCH (p:Post) WHERE {where} RETURN p.id AS id")}


@pytest.mark.parametrize("question,where", [
    (PHRASINGS[0], "p.caption_sentiment <> 'negative'"), (PHRASINGS[1], "p.caption_sentiment = 'positive'")])
def test_a_caption_that_is_a_verdict_is_the_captions_verdict(store: Any, question: str, where: str) -> None:
    gold = _ids(store, where)
    post_verdict = _ids(store, where.replace("caption_sentiment", "sentiment"))
    assert gold != post_verdict  # the fixture tells the two readings apart
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and "p.caption_sentiment" in answer.cypher, answer.cypher
    assert set(answer.post_ids) == gold, answer.answer
