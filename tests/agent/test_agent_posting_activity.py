"""'How often do I post?', 'how long have I been posting?', 'on average how many posts a month?': the posts' first
and last date, the span between, posts per month (and per year over a year or more), in how many months there is a
post, and each year's posts; before, these went to the LLM. 'How often did I post about cycling' stays a count of
those posts. Checked on both engines (a REAL embedded FalkorDB and, where it runs, Neo4j) holding the agent fixture
graph, against figures computed here from the posts' dates. None of these phrasings is in a suite."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from agent.summary import MONTH_NAMES
from tests.support.agent_helpers import engine_fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import ENGINES, falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from engine_fixture_graph(request, "agent_posting_activity_test", query_row_limit=100)


def _day(iso: str) -> str:
    return f"{int(iso[8:10])} {MONTH_NAMES[int(iso[5:7]) - 1]} {iso[:4]}"


def _expected(dates: list[str]) -> tuple[str, str, str]:
    first, last = min(dates), max(dates)
    months = (int(last[:4]) * 12 + int(last[5:7])) - (int(first[:4]) * 12 + int(first[5:7])) + 1
    active = len({d[:7] for d in dates})
    rate = f"On average {len(dates) / months:.1f} posts a month"
    active_months = f"there is a post in {active} of those {months} months."
    return f"{len(dates)} posts from {_day(first)} to {_day(last)}", rate, active_months


@pytest.mark.parametrize("question", ["how often do I post?", "for how long have I been posting",
                                      "on average how many posts do I make a month?"])
def test_the_posting_rate_and_span(store: Any, question: str) -> None:
    dates = [str(r["d"]) for r in store.query("MATCH (p:Post) WHERE p.created_at IS NOT NULL RETURN p.created_at AS d")]
    assert len({d[:4] for d in dates}) > 1  # the fixture's premise: several years
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    for part in _expected(dates):
        assert part in answer.answer, (part, answer.answer)
    years = Counter(int(d[:4]) for d in dates)
    assert "Per year: " + ", ".join(f"{y}: {n}" for y, n in sorted(years.items())) + "." in answer.answer


@pytest.mark.parametrize("question", ["how many posts did I make every year?",
                                      "how many times did I post per month in 2021?"])
def test_posts_of_each_year_or_month_stay_buckets(store: Any, question: str) -> None:
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and "first_post" not in (answer.rows or [{}])[0], answer.answer
    assert {"year", "month"} & set((answer.rows or [{}])[0]), answer.rows


@pytest.mark.parametrize(("question", "gold"), [
    ("how often did I post about cycling?", "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'cycling'}) RETURN count(p) AS n"),
    ("how often did I post in 2021?", "MATCH (p:Post) WHERE p.year = 2021 RETURN count(p) AS n"),
])
def test_how_often_of_some_posts_stays_a_count(store: Any, question: str, gold: str) -> None:
    n = store.query(gold)[0]["n"]
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and answer.answer.startswith(f"{n} post"), answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["how often do I post?", "for how long have I been posting", "on average how many posts do I make a month?",
            "how often did I post about cycling?", "how often did I post in 2021?",
            "how many posts did I make every year?", "how many times did I post per month in 2021?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
