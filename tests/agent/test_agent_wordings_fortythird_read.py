"""Readings added after the forty-third blind round was read, checked on a REAL embedded FalkorDB holding the agent
fixture graph against gold rows computed from the graph:
- "in how many different years (months) ...": the number of years (months), each named; it had listed each year's
  posts, scored confidently wrong;
- "topics (hashtags) I posted about in at least 3 different years": counted in years, not posts (confidently wrong
  before), also said "present in 3+ years", "a couple of different years", "#tags";
- "any of my ... ? which ones?": the posts listed, not counted (confidently wrong before);
- "Max + a beach in the photo", "mentoning" (a slip), "followers" misspelt (not recorded), "food posts % negative".
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["in how many separate years did I mention max?",
             "over how many months of 2021 did I post?",
             "which topics show up in my posts in at least 3 different years?",
             "themes present in 2+ years",
             "which of my #tags were used in at least a couple of different years?",
             "any of my posts about travel where the picture shows a city? which ones?",
             "the posts that name sarah + a person in the photo",
             "which posts mentoning anna are positive?",
             "how many folowers did I gain last year?",
             "food posts % positive"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fortythird_read_test", query_row_limit=100)


def test_how_many_different_years_and_months(store: Any) -> None:
    years = sorted(r["y"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'max'}) "
                                               "RETURN DISTINCT p.year AS y"))
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser" and answer.rows[0]["years"] == len(years) > 1, answer.answer
    assert answer.answer.startswith(f"{len(years)} years: ") and all(str(y) in answer.answer for y in years)
    months = {r["m"] for r in store.query("MATCH (p:Post) WHERE p.year = 2021 RETURN DISTINCT p.month AS m")}
    answer = parser_agent(store).ask(PHRASINGS[1])
    assert answer.route == "parser" and answer.rows[0]["months"] == len(months) > 1, answer.answer


def _in_years(store: Any, pattern: str, at_least: int) -> set[str]:
    rows = store.query(f"MATCH (p:Post)-{pattern} WITH g.name AS name, count(DISTINCT p.year) AS y "
                       f"WHERE y >= {at_least} RETURN name")
    return {r["name"] for r in rows}


def test_groups_in_at_least_n_different_years(store: Any) -> None:
    for question, pattern, n in ((PHRASINGS[2], "[:ABOUT]->(g:Topic)", 3), (PHRASINGS[3], "[:ABOUT]->(g:Topic)", 2),
                                 (PHRASINGS[4], "[:MENTIONS]->(g:Entity {label: 'HASHTAG'})", 2)):
        gold = _in_years(store, pattern, n)
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and gold, (question, answer.answer)
        assert {next(iter(r.values())) for r in answer.rows} == gold, (question, answer.answer)
        assert "different years" in answer.answer, answer.answer


def test_any_which_ones_lists_them(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:ABOUT]->(:Topic {name: 'travel'}) AND "
                                 "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'city'})")
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer
    assert "post_id" in answer.rows[0], answer.answer


def test_plus_a_slip_and_a_terse_share(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:MENTIONS]->(:Entity {name: 'sarah'}) AND "
                                 "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'person'})")
    answer = parser_agent(store).ask(PHRASINGS[6])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer
    gold = post_ids_where(store, "(p)-[:MENTIONS]->(:Entity {name: 'anna'}) AND p.sentiment = 'positive'")
    answer = parser_agent(store).ask(PHRASINGS[7])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer
    row = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'food'}) RETURN count(p) AS n, "
                      "sum(CASE WHEN p.sentiment = 'positive' THEN 1 ELSE 0 END) AS pos")[0]
    answer = parser_agent(store).ask(PHRASINGS[9])
    assert answer.route == "parser" and (answer.rows[0]["matching"], answer.rows[0]["posts"]) == (row["pos"], row["n"])


def test_misspelt_followers_are_not_recorded(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[8])
    assert "does not record likes, comments, followers" in answer.answer and not answer.rows, answer.answer
