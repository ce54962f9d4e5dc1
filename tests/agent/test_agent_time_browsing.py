"""Browsing by time as a person says it: "what happened in March 2022?" (the posts of
that time), "posts from summer 2022" (June to August), "posts between 2020 and 2021" (both years); all went to the
LLM. An empty month says which months of that year hold posts. Checked against a REAL embedded FalkorDB holding the
agent fixture graph. Each test checks that its question is not a suite phrasing."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_time_browsing_test", query_row_limit=100)



def _busiest(store: Any) -> tuple[int, int]:
    row = store.query("MATCH (p:Post) WHERE p.month IS NOT NULL RETURN p.year AS y, p.month AS m, count(p) AS n "
                      "ORDER BY n DESC, y, m LIMIT 1")[0]
    return int(row["y"]), int(row["m"])


def test_what_happened_in_a_month_lists_its_posts(store: Any) -> None:
    year, month = _busiest(store)
    name = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december"][month - 1]
    question = f"what happened in {name} {year}?"
    assert question not in suite_phrasings()
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    assert set(answer.post_ids) == post_ids_where(store, f"p.year = {year} AND p.month = {month}"), answer.answer


def test_a_season_is_its_three_months(store: Any) -> None:
    year = store.query("MATCH (p:Post) WHERE p.month >= 6 AND p.month <= 8 RETURN p.year AS y, count(p) AS n "
                       "ORDER BY n DESC LIMIT 1")[0]["y"]
    question = f"show my posts from the summer of {year}"
    assert question not in suite_phrasings()
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    gold = post_ids_where(store, f"p.year = {year} AND p.month >= 6 AND p.month <= 8")
    assert set(answer.post_ids) == gold, answer.answer
    assert "from June to August" in answer.answer


def test_a_span_of_years_holds_both(store: Any) -> None:
    years = sorted({int(r["y"]) for r in store.query("MATCH (p:Post) WHERE p.year IS NOT NULL RETURN p.year AS y")})
    assert len(years) >= 2
    first, last = years[0], years[1]
    question = f"how many posts between {first} and {last}?"
    assert question not in suite_phrasings()
    gold = store.query(f"MATCH (p:Post) WHERE p.year >= {first} AND p.year <= {last} RETURN count(p) AS n")[0]["n"]
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and answer.answer.startswith(f"{gold} posts"), answer.answer


def test_an_empty_month_names_the_months_that_hold_posts(store: Any) -> None:
    year, _ = _busiest(store)
    held = {int(r["m"]) for r in store.query(f"MATCH (p:Post) WHERE p.year = {year} RETURN DISTINCT p.month AS m")}
    empty = next(m for m in range(1, 13) if m not in held)
    name = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December"][empty - 1]
    question = f"what happened in {name.lower()} {year}"
    assert question not in suite_phrasings()
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    assert f"In {year} your posts are from: " in answer.answer, answer.answer
    assert name not in answer.answer.split(f"In {year} your posts are from: ")[1].split(".")[0]


