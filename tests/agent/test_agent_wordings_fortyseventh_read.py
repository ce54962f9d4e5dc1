"""Readings added after the forty-seventh blind round (mood and feeling) was read, checked on a REAL embedded FalkorDB
holding the agent fixture graph against gold rows computed from the graph:
- posts ranked by how far apart the caption's and the photo's sentiment scores are ("the widest gap between the
  text's mood and the picture's mood"): a new ranking (it went to the LLM);
- "my 2 most cheerful posts" (ranked by score), "the most miserable topics ..., on average" (ranked by the average),
  "scores worse than -0.3" (below), "how do the average moods of X compare to those with Y" (side by side), "topics
  that do not have one negative post" (none of their posts), "any of those where I was in a bad mood" (negative),
  "average mood for every year, earliest first" (per year). All went to the LLM before.
None of these phrasings is in a suite."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["which 3 posts have the widest gap between the text's mood and the picture's mood?",
             "my 2 most cheerful posts", "the 2 most miserable topics I write about, on average",
             "how many posts got a score worse than -0.3?",
             "how do the average moods of my posts with dog photos compare to those with cat photos?",
             "which topics do not have one negative post?", "list the posts naming max",
             "any of those where I was in a bad mood?", "average mood for every year, earliest first"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fortyseventh_read_test", query_row_limit=100)


def test_posts_ranked_by_the_gap_between_caption_and_photo(store: Any) -> None:
    rows = store.query("MATCH (p:Post) WHERE p.caption_sentiment_score IS NOT NULL AND p.image_sentiment_score IS NOT "
                       "NULL RETURN p.id AS id, p.caption_sentiment_score AS c, p.image_sentiment_score AS i")
    gaps = sorted(((abs(r["c"] - r["i"]), r["id"]) for r in rows), key=lambda t: (-t[0], t[1]))
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert answer.route == "parser", answer.answer
    assert [r["post_id"] for r in answer.rows] == [pid for _, pid in gaps[:3]], answer.answer
    assert all(abs(r["gap"] - g) < 1e-6 for r, (g, _) in zip(answer.rows, gaps, strict=False)), answer.answer
    assert "furthest apart" in answer.answer and "caption" in answer.answer, answer.answer


def test_most_cheerful_posts_are_the_highest_scores(store: Any) -> None:
    scores = sorted(store.query("MATCH (p:Post) RETURN p.id AS id, p.sentiment_score AS s"), key=lambda r: -r["s"])
    answer = parser_agent(store).ask(PHRASINGS[1])
    assert answer.route == "parser" and len(answer.rows) == 2, answer.answer
    assert {r["post_id"] for r in answer.rows} == {r["id"] for r in scores[:2]}, answer.answer


def test_most_miserable_topics_on_average(store: Any) -> None:
    per: dict[str, list[float]] = defaultdict(list)
    for r in store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS t, p.sentiment_score AS s"):
        per[r["t"]].append(r["s"])
    means = sorted((sum(v) / len(v), t) for t, v in per.items())
    answer = parser_agent(store).ask(PHRASINGS[2])
    assert answer.route == "parser", answer.answer
    assert [r["topic"] for r in answer.rows][:2] == [t for _, t in means[:2]], answer.answer


def test_a_score_worse_than_a_number_is_below_it(store: Any) -> None:
    gold = post_ids_where(store, "p.sentiment_score < -0.3")
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == len(gold), answer.answer


def test_average_moods_compared_to_those_with_another_photo(store: Any) -> None:
    means = {}
    for tag in ("dog", "cat"):
        rows = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: $t}) WITH DISTINCT p "
                           "RETURN avg(p.sentiment_score) AS a", {"t": tag})
        means[tag] = rows[0]["a"]
    answer = parser_agent(store).ask(PHRASINGS[4])
    assert answer.route == "parser", answer.answer
    got = {r["tag"]: r for r in answer.rows}
    assert set(got) == {"dog", "cat"}, answer.answer
    assert all(abs(next(v for k, v in got[t].items() if k != "tag" and isinstance(v, float)) - means[t]) < 1e-6
               for t in means), answer.answer


def test_topics_that_do_not_have_one_negative_post(store: Any) -> None:
    per: dict[str, set[str]] = defaultdict(set)
    for r in store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS t, p.sentiment AS s"):
        per[r["t"]].add(r["s"])
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser", answer.answer
    assert {r["topic"] for r in answer.rows} == {t for t, s in per.items() if "negative" not in s}, answer.answer


def test_a_bad_mood_among_those_is_negative(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask(PHRASINGS[6])
    answer = agent.ask(PHRASINGS[7])
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'max'}) "
                                         "WHERE p.sentiment = 'negative' RETURN p.id AS id")}
    assert answer.route == "parser", answer.answer
    assert {r["post_id"] for r in answer.rows} == gold, answer.answer
    assert "negative" in answer.answer, answer.answer


def test_average_mood_per_year_earliest_first(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[8])
    years = sorted(r["y"] for r in store.query("MATCH (p:Post) WHERE p.year IS NOT NULL RETURN DISTINCT p.year AS y"))
    assert answer.route == "parser", answer.answer
    assert [r["year"] for r in answer.rows] == years, answer.answer
