"""'Are my photos happier than my captions?', 'do my captions or my photos look happier?': all captions' and all
photos' scores compared (the two averages over the posts with both, which side is ahead, post by post how often each
side scored higher, each side's verdicts); before, these went to the LLM (or, with no LLM, were not answered). The
per-post reading ('posts where the photo looks happier than the caption') stays a listing of those posts. Checked
on both engines (a REAL embedded FalkorDB and, where it runs, Neo4j) holding the agent fixture graph. None of these
phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.agent_helpers import engine_fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import ENGINES, falkordb_home, graph_settings  # noqa: F401 - session server fixture

OWN = "coalesce(p.caption_generated, false) = false AND trim(coalesce(p.caption, '')) <> ''"
BOTH = ("MATCH (p:Post) WHERE " + OWN + " AND p.caption_sentiment_score IS NOT NULL "
        "AND p.image_sentiment_score IS NOT NULL {extra}"
        "RETURN count(p) AS n, avg(p.caption_sentiment_score) AS caption, avg(p.image_sentiment_score) AS photo, "
        "sum(CASE WHEN p.image_sentiment_score > p.caption_sentiment_score THEN 1 ELSE 0 END) AS photo_higher")
# each side's verdicts over its own posts: every caption the user wrote, every photo
VERDICTS = ("MATCH (p:Post) RETURN sum(CASE WHEN " + OWN + " AND p.caption_sentiment IS NOT NULL THEN 1 ELSE 0 END) "
            "AS captions, sum(CASE WHEN " + OWN + " AND p.caption_sentiment = 'negative' THEN 1 ELSE 0 END) AS neg_c, "
            "sum(CASE WHEN p.image_sentiment IS NOT NULL THEN 1 ELSE 0 END) AS photos, "
            "sum(CASE WHEN p.image_sentiment = 'negative' THEN 1 ELSE 0 END) AS neg_p")

QUESTIONS = ["are my pictures happier than my captions?", "are my captions happier than my photos?",
             "do my captions or my photos seem more positive?",
             "which ones are sadder, the captions or the photos?", "average photo score vs average caption score"]


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from engine_fixture_graph(request, "agent_sides_averaged_test", query_row_limit=100)


def _gold(store: Any, extra: str = "") -> dict[str, Any]:
    row = store.query(BOTH.format(extra=extra))[0]
    assert row["n"] >= 3 and abs(row["photo"] - row["caption"]) >= 0.05, row  # the fixture's premise: a clear gap
    return row


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_two_sides_averages_are_compared(store: Any, question: str) -> None:
    gold = _gold(store)
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    ahead, behind = ("photos", "captions") if gold["photo"] > gold["caption"] else ("captions", "photos")
    assert answer.answer.startswith(f"Your {ahead} read more positive than your {behind} on average: "
                                    f"photos {gold['photo']:+.2f}, captions {gold['caption']:+.2f}"), answer.answer
    assert f"over the {gold['n']} posts with both" in answer.answer
    assert f"the photo scored higher on {int(gold['photo_higher'])} " in answer.answer
    v = store.query(VERDICTS)[0]
    captions, photos = answer.answer.split("Verdicts: of your ")[1].split("\n")[0].split("; of your ")
    assert captions.startswith(f"{int(v['captions'])} captions, ") and captions.endswith(f" {int(v['neg_c'])} negative")
    assert photos.startswith(f"{int(v['photos'])} photos, "), photos
    assert photos.endswith(f" {int(v['neg_p'])} negative."), photos


def test_a_year_narrows_both_sides(store: Any) -> None:
    year = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image) WHERE p.year IS NOT NULL AND p.caption <> '' "
                       "RETURN p.year AS y, count(DISTINCT p) AS n ORDER BY n DESC, y LIMIT 1")[0]["y"]
    gold = store.query(BOTH.format(extra=f"AND p.year = {int(year)} "))[0]
    answer = parser_agent(store).ask(f"in {year}, were my photos more upbeat than my captions?")
    assert answer.route == "parser", answer.answer
    assert f"photos {gold['photo']:+.2f}, captions {gold['caption']:+.2f}" in answer.answer, answer.answer
    assert f"over the {gold['n']} posts" in answer.answer or gold["n"] == 1


def test_the_examples_are_posts_where_the_side_ahead_scored_higher(store: Any) -> None:
    gold = _gold(store)
    higher = "image_sentiment_score > p.caption_sentiment_score" if gold["photo"] > gold["caption"] \
        else "caption_sentiment_score > p.image_sentiment_score"
    inside = {r["id"] for r in store.query(f"MATCH (p:Post) WHERE p.{higher} RETURN p.id AS id")}
    answer = parser_agent(store).ask(QUESTIONS[0])
    assert answer.post_ids and set(answer.post_ids) <= inside, (answer.post_ids, inside)


def test_one_posts_two_sides_stay_a_listing(store: Any) -> None:
    gold = store.query("MATCH (p:Post) WHERE p.image_sentiment_score > p.caption_sentiment_score "
                       "RETURN count(p) AS n")[0]["n"]
    answer = parser_agent(store).ask("how many posts have a picture that looks happier than its caption?")
    assert answer.route == "parser", answer.answer
    assert answer.answer.startswith(f"{gold} post"), answer.answer
    assert "where the photo's sentiment score is higher than the caption's" in answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = [*QUESTIONS, "in 2021, were my photos more upbeat than my captions?",
            "how many posts have a picture that looks happier than its caption?"]
    assert not {q.lower() for q in mine} & suite_phrasings()
