"""Wordings the parser reads since session 28, checked on a REAL embedded FalkorDB holding the agent fixture graph:
- posts that name a place (a city, a country or another location: GPE or LOC), counted, and those that name a city
  (a GPE: since the forty-fifth blind round, a mountain range is not a city) as a share;
- "sort my hashtags by mood": a ranking by the average score (a breakdown by sentiment has no order), while "my
  topics by sentiment" stays each topic's posts per verdict;
- "are my beach pics mostly sad?" and "are most of my X photos happy?": the share (it had gone to the LLM);
- a question with no follow-up word that keeps the previous question's filters says so;
- "which of those is the happiest one?" after a top 3: which of those 3 (it had ranked every topic and answered with
  three others), with the others' figures beside it and a tie at the top named.
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.grounding import Grounder
from agent.parser import parse
from agent.plan import SENTIMENT
from agent.vocab import FactsCache
from tests.support.agent_helpers import SHARE, assert_parsed_to, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PLACE_POSTS = "MATCH (p:Post)-[:MENTIONS]->(e:Entity) WHERE e.label IN ['GPE', 'LOC'] RETURN DISTINCT p.id AS id"
CITY_POSTS = "MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'GPE'}) RETURN DISTINCT p.id AS id"
PHRASINGS = ["how many of my posts name a place at all?", "what share of my posts mention a city",
             "sort my hashtags by mood", "my topics by sentiment", "are my beach pics mostly sad?",
             "are most of my dog photos happy?", "my posts about dogs", "the mean photo score for each year please",
             "and per year?", "could you rank my topics by sentiment", "show my top 3 topics",
             "which of those is the happiest one?", "out of those, which has the fewest negative posts?",
             "my 5 most used hashtags", "which of these is the happiest one?"]
KEPT_NOTE = "kept from your previous question"


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_places_moods_test", query_row_limit=100)


def test_posts_that_name_a_place_are_counted(store: Any) -> None:
    places = {r["id"] for r in store.query(PLACE_POSTS)}
    located = store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'LOC'}) RETURN count(DISTINCT p) AS n")
    assert located[0]["n"] > 0  # the fixture names a location that is not a GPE: it must be counted too
    assert_parsed_to(store, PHRASINGS[0], f"MATCH (p:Post) WHERE p.id IN {sorted(places)} RETURN count(p) AS n")


def test_the_share_of_posts_that_name_a_city(store: Any) -> None:
    cond = f"p.id IN {sorted(r['id'] for r in store.query(CITY_POSTS))}"
    assert_parsed_to(store, PHRASINGS[1], "MATCH (p:Post) " + SHARE.format(cond=cond))


def test_a_ranking_by_mood_is_by_the_average_score(store: Any) -> None:
    gold = ("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) WITH DISTINCT p, e "
            "RETURN e.name AS hashtag, avg(p.sentiment_score) AS score ORDER BY score DESC, hashtag")
    answer = parser_agent(store).ask(PHRASINGS[2])
    assert answer.route == "parser", answer.answer
    rows = store.query(gold)
    assert [(r["hashtag"], round(r["score"], 2)) for r in rows] == \
        [(r["hashtag"], round(r["avg_score"], 2)) for r in answer.rows], (answer.cypher, answer.rows)
    ranked = parser_agent(store).ask(PHRASINGS[9])
    assert ranked.route == "parser" and "avg(" in ranked.cypher and "ORDER BY" in ranked.cypher, ranked.cypher


def test_topics_by_sentiment_without_a_ranking_word_is_a_breakdown(store: Any) -> None:
    plan = parse(PHRASINGS[3], FactsCache(Grounder(store)).get())
    assert plan is not None and plan.group_by == SENTIMENT and plan.direction is None, plan


@pytest.mark.parametrize("question,tag,verdict", [(PHRASINGS[4], "beach", "negative"),
                                                  (PHRASINGS[5], "dog", "positive")])
def test_mostly_said_of_some_photos_is_their_share(store: Any, question: str, tag: str, verdict: str) -> None:
    gold = (f"MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {{name: '{tag}'}}) WITH DISTINCT p "
            + SHARE.format(cond=f"p.sentiment = '{verdict}'"))
    assert_parsed_to(store, question, gold)


def test_filters_kept_without_a_follow_up_word_are_said(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[6]).route == "parser"
    kept = agent.ask(PHRASINGS[7])
    gold = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'dog'}) WITH DISTINCT p "
                       "RETURN p.year AS year, avg(p.image_sentiment_score) AS score ORDER BY year")
    assert kept.route == "parser" and KEPT_NOTE in kept.answer, kept.answer
    assert [(r["year"], round(r["score"], 2)) for r in gold] == \
        [(r["year"], round(r["avg_score"], 2)) for r in kept.rows], (kept.cypher, kept.rows)
    agent = parser_agent(store)
    agent.ask(PHRASINGS[6])
    said = agent.ask(PHRASINGS[8])  # a follow-up said as one keeps them without the note
    assert said.route == "parser" and KEPT_NOTE not in said.answer, said.answer


def _top(store: Any, group: str, limit: int) -> list[str]:
    match = {"topic": "(p:Post)-[:ABOUT]->(g:Topic)",
             "hashtag": "(p:Post)-[:MENTIONS]->(g:Entity {label: 'HASHTAG'})"}[group]
    return [r["name"] for r in store.query(f"MATCH {match} RETURN g.name AS name, count(DISTINCT p) AS n "
                                           f"ORDER BY n DESC, name LIMIT {limit}")]


def test_picking_the_happiest_among_the_top_three(store: Any) -> None:
    top = _top(store, "topic", 3)
    scores = {r["name"]: r["score"] for r in store.query(
        "MATCH (p:Post)-[:ABOUT]->(g:Topic) WHERE g.name IN $names WITH DISTINCT p, g "
        "RETURN g.name AS name, avg(p.sentiment_score) AS score", {"names": top})}
    best = max(scores, key=lambda name: scores[name])
    assert list(scores.values()).count(scores[best]) == 1  # the fixture has one happiest of the three
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[10]).route == "parser"
    answer = agent.ask(PHRASINGS[11])
    assert answer.route == "parser" and {r["topic"] for r in answer.rows} == set(top), (answer.cypher, answer.rows)
    assert f"Highest: {best}." in answer.answer, answer.answer


def test_picking_the_fewest_negative_among_the_top_three(store: Any) -> None:
    top = _top(store, "topic", 3)
    counts = {name: 0 for name in top}
    counts.update({r["name"]: r["n"] for r in store.query(
        "MATCH (p:Post)-[:ABOUT]->(g:Topic) WHERE g.name IN $names AND p.sentiment = 'negative' "
        "RETURN g.name AS name, count(DISTINCT p) AS n", {"names": top})})
    fewest = min(counts.values())
    agent = parser_agent(store)
    agent.ask(PHRASINGS[10])
    answer = agent.ask(PHRASINGS[12])
    names = [name for name, n in counts.items() if n == fewest]
    assert answer.route == "parser" and len(names) == 1 and f"Fewest: {names[0]}." in answer.answer, answer.answer


def test_a_tie_at_the_top_of_those_picked_is_named(store: Any) -> None:
    top = _top(store, "hashtag", 5)
    scores = {r["name"]: round(r["score"], 6) for r in store.query(
        "MATCH (p:Post)-[:MENTIONS]->(g:Entity {label: 'HASHTAG'}) WHERE g.name IN $names WITH DISTINCT p, g "
        "RETURN g.name AS name, avg(p.sentiment_score) AS score", {"names": top})}
    tied = [name for name in top if scores[name] == max(scores.values())]
    agent = parser_agent(store)
    agent.ask(PHRASINGS[13])
    answer = agent.ask(PHRASINGS[14])
    assert len(tied) > 1 and answer.route == "parser", answer.answer  # the fixture ties two hashtags at the top
    assert all(f"#{name}" in answer.answer.split("Highest:")[1] for name in tied), answer.answer  # shown as hashtags
    assert "tied" in answer.answer, answer.answer
