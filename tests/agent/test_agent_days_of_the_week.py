"""Posts pooled by the day of the week ("which day of the week do I post most", "posts per weekday", the average
per day of the week), checked on a REAL embedded FalkorDB holding the agent fixture graph against days computed in
Python from each post's date, not from the query's own expression. A filter on days ("on weekdays") stays a filter.
None of these phrasings is in a suite."""
from __future__ import annotations

import calendar
import datetime
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["on which day of the week did I post most often?", "my posts by day of the week",
             "which day of the week has the most negative posts?", "what are my two quietest days of the week?",
             "how many posts per year?", "and per day of the week?", "how many posts did I make on weekdays?",
             "what is my average sentiment score for each day of the week?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_days_of_the_week_test", query_row_limit=100)


def _days(store: Any, where: str = "true") -> Counter[int]:
    """Posts per day of the week (0 Monday), from the ISO date of each post read in Python."""
    rows = store.query(f"MATCH (p:Post) WHERE p.created_at IS NOT NULL AND {where} RETURN p.created_at AS c")
    return Counter(datetime.date.fromisoformat(r["c"][:10]).weekday() for r in rows)


def _named(days: Counter[int]) -> dict[str, int]:
    """The rows' form: each day by its name ('Monday'), as the answer names it."""
    return {calendar.day_name[d]: n for d, n in days.items()}


def _ranked(days: Counter[int], most: bool) -> list[tuple[int, int]]:
    """(day, posts) busiest (quietest) first, ties by the day, as the answer orders them."""
    return sorted(days.items(), key=lambda kv: (-kv[1] if most else kv[1], kv[0]))


def test_the_busiest_day_of_the_week(store: Any) -> None:
    day, n = _ranked(_days(store), most=True)[0]
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser" and answer.rows[0]["weekday"] == calendar.day_name[day], answer.answer
    assert f"The day of the week with the most posts: {calendar.day_name[day]} ({n} post" in answer.answer
    assert "UTC" in answer.answer, answer.answer


def test_every_day_of_the_week_named_in_order(store: Any) -> None:
    days = _days(store)
    answer = parser_agent(store).ask(PHRASINGS[1])
    assert answer.route == "parser" and {r["weekday"]: r["posts"] for r in answer.rows} == _named(days), answer.answer
    shown = [calendar.day_name[d] for d in sorted(days)]
    assert [answer.answer.index(name) for name in shown] == sorted(answer.answer.index(name) for name in shown)


def test_the_day_with_the_most_negative_posts(store: Any) -> None:
    day, n = _ranked(_days(store, "p.sentiment = 'negative'"), most=True)[0]
    answer = parser_agent(store).ask(PHRASINGS[2])
    assert answer.route == "parser", answer.answer
    assert (answer.rows[0]["weekday"], answer.rows[0]["posts"]) == (calendar.day_name[day], n), answer.answer


def test_the_two_quietest_days(store: Any) -> None:
    gold = _ranked(_days(store), most=False)[:2]
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser" and [(r["weekday"], r["posts"]) for r in answer.rows] == \
        [(calendar.day_name[d], n) for d, n in gold], answer.answer
    assert "The 2 days of the week with the fewest posts" in answer.answer, answer.answer


def test_per_year_then_per_day_of_the_week(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask(PHRASINGS[4])
    answer = agent.ask(PHRASINGS[5])
    assert answer.route == "parser" and {r["weekday"]: r["posts"] for r in answer.rows} == _named(_days(store))
    assert "Posts per day of the week:" in answer.answer, answer.answer


def test_weekdays_said_as_a_filter_stay_a_filter(store: Any) -> None:
    days = _days(store)
    answer = parser_agent(store).ask(PHRASINGS[6])
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == sum(days[d] for d in range(5))


def test_the_average_per_day_of_the_week(store: Any) -> None:
    rows = store.query("MATCH (p:Post) WHERE p.created_at IS NOT NULL AND p.sentiment_score IS NOT NULL "
                       "RETURN p.created_at AS c, p.sentiment_score AS s")
    scores: dict[int, list[float]] = {}
    for r in rows:
        scores.setdefault(datetime.date.fromisoformat(r["c"][:10]).weekday(), []).append(r["s"])
    answer = parser_agent(store).ask(PHRASINGS[7])
    assert answer.route == "parser", answer.answer
    assert {r["weekday"]: round(r["avg_score"], 6) for r in answer.rows} == \
        {calendar.day_name[d]: round(sum(v) / len(v), 6) for d, v in scores.items()}, answer.answer
