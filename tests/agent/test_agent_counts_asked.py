"""A listing of groups asked "with counts" or "and how many posts in each" gives each group with its count, and "what
shows up most in my pictures" (a verb in the singular) gives the one tag (ties shown); checked on a REAL embedded
FalkorDB holding the agent fixture graph. Before, "which topics do I post about, with counts" listed the names alone,
"... and how many posts in each?" went to the LLM, and the singular question listed every tag. None of these
phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["which topics have I posted about, with the counts?",
             "list the hashtags I put on posts and how many posts for each one",
             "which years have I posted in, with counts", "what turns up most in my pics?",
             "what are in my pics the most often?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_counts_asked_test", query_row_limit=100)


def _counts(store: Any, pattern: str) -> dict[str, int]:
    return {r["n"]: r["c"] for r in store.query(f"MATCH {pattern} RETURN x.name AS n, count(DISTINCT p) AS c")}


def _numbers_said(answer: str) -> dict[str, int]:
    import re
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^- #?([^:\n]+): (\d+) posts?\b", answer, re.MULTILINE)}


def test_topics_with_counts_give_each_count(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[0])
    gold = _counts(store, "(p:Post)-[:ABOUT]->(x:Topic)")
    said = _numbers_said(answer.answer)
    assert answer.route == "parser" and len(said) >= min(len(gold), 10), answer.answer
    assert all(gold[name] == n for name, n in said.items()), answer.answer


def test_hashtags_and_how_many_posts_in_each(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[1])
    gold = _counts(store, "(p:Post)-[:MENTIONS]->(x:Entity {label: 'HASHTAG'})")
    said = _numbers_said(answer.answer)
    assert answer.route == "parser" and gold and len(said) >= min(len(gold), 10), answer.answer
    assert all(gold[name] == n for name, n in said.items()), answer.answer


def test_years_with_counts_keep_their_breakdown(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[2])
    gold = {r["y"]: r["c"] for r in store.query("MATCH (p:Post) WHERE p.year IS NOT NULL "
                                               "RETURN p.year AS y, count(p) AS c")}
    assert answer.route == "parser" and {r["year"]: r["posts"] for r in answer.rows} == gold, answer.answer


def test_what_turns_up_most_is_the_top_tag_and_the_plural_lists_them(store: Any) -> None:
    rows = store.query("MATCH (i:Image)-[:DEPICTS]->(g:Tag) RETURN g.name AS t, count(DISTINCT i) AS c ORDER BY c DESC")
    top = {r["t"] for r in rows if r["c"] == rows[0]["c"]}
    one = parser_agent(store).ask(PHRASINGS[3])
    assert one.route == "parser" and {next(iter(r.values())) for r in one.rows} == top, one.answer
    many = parser_agent(store).ask(PHRASINGS[4])
    assert many.route == "parser" and len(many.rows) > len(top), many.answer
