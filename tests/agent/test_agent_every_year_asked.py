"""Yes/no questions on every year or month ("did I post about travel every year?", "is there a dog photo from every
year?", "did I post every month in 2021?"), checked on a REAL embedded FalkorDB holding the agent fixture graph against
the years and months computed in Python from the graph's own rows: the answer says yes or no, and which years (months)
from the first dated post's to the last one's have none. Before, it listed the counts per year and left the person to
find the gaps (a year with none is no row). None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["did I post about travel every year?", "is there a dog photo from every year?",
             "did I post every month in 2021?", "have I posted something positive every single year?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_every_year_test", query_row_limit=100)


def _span(store: Any) -> tuple[int, int]:
    row = store.query("MATCH (p:Post) WHERE p.year IS NOT NULL RETURN min(p.year * 12 + p.month - 1) AS a, "
                      "max(p.year * 12 + p.month - 1) AS b")[0]
    return int(row["a"]), int(row["b"])


def _years_with(store: Any, match: str) -> set[int]:
    return {int(r["y"]) for r in store.query(f"{match} WHERE p.year IS NOT NULL RETURN DISTINCT p.year AS y")}


@pytest.mark.parametrize("phrasing, match", [
    (PHRASINGS[0], "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'})"),
    (PHRASINGS[1], "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'})"),
    (PHRASINGS[3], "MATCH (p:Post {sentiment: 'positive'})"),
])
def test_every_year_is_said_yes_or_no_with_the_years_missing(store: Any, phrasing: str, match: str) -> None:
    first, last = _span(store)
    years = list(range(first // 12, last // 12 + 1))
    have = _years_with(store, match)
    missing = [y for y in years if y not in have]
    answer = parser_agent(store).ask(phrasing)
    assert answer.route == "parser", answer.answer
    head = answer.answer.splitlines()[0]
    if missing:
        assert head.startswith("No: ") and f"{len(years) - len(missing)} of the {len(years)} years" in head, head
        assert all(str(y) in head.split("none in")[1] for y in missing), head
    else:
        assert head.startswith("Yes: ") and f"{len(years)} years" in head, head
    assert {int(r["year"]) for r in answer.rows} == have & set(years), answer.rows


def test_every_month_of_one_year(store: Any) -> None:
    first, last = _span(store)
    months = [m % 12 + 1 for m in range(max(first, 2021 * 12), min(last, 2021 * 12 + 11) + 1)]
    have = {int(r["m"]) for r in store.query("MATCH (p:Post) WHERE p.year = 2021 RETURN DISTINCT p.month AS m")}
    answer = parser_agent(store).ask(PHRASINGS[2])
    head = answer.answer.splitlines()[0]
    assert answer.route == "parser", answer.answer
    assert head.startswith("Yes: " if set(months) <= have else "No: "), head
    assert f"of the {len(months)} months" in head or f"({len(months)} months)" in head, head


def test_every_year_since_a_year_asks_only_of_those_years(store: Any) -> None:
    first, last = _span(store)
    years = list(range(max(first // 12, 2021), last // 12 + 1))
    have = _years_with(store, "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'})")
    answer = parser_agent(store).ask("have I posted about travel every single year since 2021?")
    head = answer.answer.splitlines()[0]
    assert answer.route == "parser", answer.answer
    missing = [y for y in years if y not in have]
    assert head.startswith("No: " if missing else "Yes: "), head
    assert f"from {years[0]} to {years[-1]}" in head, head


def test_every_month_since_a_month_gives_the_counts_without_a_yes_or_no(store: Any) -> None:
    answer = parser_agent(store).ask("did I post every month since march 2022?")
    assert answer.route == "parser", answer.answer
    assert not answer.answer.startswith(("Yes", "No")), answer.answer
