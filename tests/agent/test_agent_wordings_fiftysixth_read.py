"""Readings added after the fifty-sixth blind round (a sceptical person checking the answers) was read, checked on a
REAL embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- "posts about travel per year" then "the busiest year?": the year with the most of those (it had ranked every post's
  year: confidently wrong);
- "how many photos are those?" after a listing: how many of them (it had counted every post: confidently wrong);
  "are any of them negative?" after a count: which of them are; "any of those flagged as / on the negative side",
  "really bad vibes", "which ones don't even mention Paris", "posts not mentioning Anna", "got a real person in the
  picture", "that travel topic", "a salty caption", "ended up in the travel topic", "use #travel on them", "carry the
  #summer hashtag", "which wins?", "overused 2+ times", "foodie", "yeer", "be straight with me:";
- a sentence said before the question that hedges ("..., or not.", "before.") or that the question turns round ("...
  felt gloomy. Which travel posts aren't negative?") no longer stops the question being read;
- "which years have no photo showing a dog?": the years none of whose photos shows one (it had been photos without
  any photo, and a dog).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import (
    ABOUT_TOPIC,
    NAMES_ENTITY,
    SHOWS_TAG,
    answered_post_ids,
    first_value,
    fixture_graph,
    last_answer,
    post_ids_where,
    same_rows,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

TOPIC = ABOUT_TOPIC
SHOWS = SHOWS_TAG
NAMES = NAMES_ENTITY
HASHTAG = "(p)-[:MENTIONS]->(:Entity {{name: '{}', label: 'HASHTAG'}})"

# (turns, the posts the last turn lists, as a WHERE condition on p)
LISTINGS = [
    (["list the beach posts", "are any of those flagged as negative?"],
     f"{TOPIC.format('beach')} AND p.sentiment = 'negative'"),
    (["show me the travel posts", "any of em really bad vibes?"],
     f"{TOPIC.format('travel')} AND p.sentiment = 'negative'"),
    (["list the posts in the travel topic", "which ones don't even mention paris?"],
     f"{TOPIC.format('travel')} AND NOT {NAMES.format('paris')}"),
    (["posts not mentioning anna"], f"NOT {NAMES.format('anna')}"),
    (["the food posts please", "which ones got a real person in the picture?"],
     f"{TOPIC.format('food')} AND {SHOWS.format('person')}"),
    (["The tags have been off for me before, so I'm checking. Which photos show a dog?"], SHOWS.format("dog")),
    (["Travel always felt gloomy to me. Which travel posts aren't negative?"],
     f"{TOPIC.format('travel')} AND p.sentiment <> 'negative'"),
    (["which posts in that travel topic are positive?"], f"{TOPIC.format('travel')} AND p.sentiment = 'positive'"),
    (["which beach posts have a salty caption?"], f"{TOPIC.format('beach')} AND p.caption_sentiment = 'negative'"),
    (["how many photos show a person?", "are any of these negative??"],
     f"{SHOWS.format('person')} AND p.sentiment = 'negative'"),
    (["list my holiday posts", "Be straight with me: any of those on the negative side?"],
     f"{TOPIC.format('holiday')} AND p.sentiment = 'negative'"),
    (["list my foodie posts"], TOPIC.format("food")),
]
# the year with the most posts about a topic; the hashtags in at least 2 posts
TOP_YEAR = ("MATCH (p:Post) WHERE (p)-[:ABOUT]->(:Topic {{name: '{}'}}) RETURN p.year AS year, count(p) AS posts "
            "ORDER BY posts DESC, year LIMIT 1")
HASHTAGS_IN_TWO = ("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) WITH e.name AS hashtag, "
                   "count(DISTINCT p) AS posts WHERE posts >= 2 RETURN hashtag, posts")
COUNT_WHERE = "MATCH (p:Post) WHERE {} RETURN count(p) AS posts"
# (turns, a gold query whose rows the last turn's answer holds)
ROWS = [
    (["posts about travel per year", "the busiest year?"], TOP_YEAR.format("travel")),
    (["when did I write about the beach?", "what yeer had the most of those?"], TOP_YEAR.format("beach")),
    (["which posts name max?", "ok how many photos are those?"], COUNT_WHERE.format(NAMES.format("max"))),
    (["how many posts ended up in the travel topic?"], COUNT_WHERE.format(TOPIC.format("travel"))),
    (["how many travel posts are there?", "and how many actually use #travel on them?"],
     COUNT_WHERE.format(f"{TOPIC.format('travel')} AND {HASHTAG.format('travel')}")),
    (["how many beach posts?", "how many of those carry the #summer hashtag?"],
     COUNT_WHERE.format(f"{TOPIC.format('beach')} AND {HASHTAG.format('summer')}")),
    (["which hashtags have I overused 2+ times?"], HASHTAGS_IN_TWO),
    (["I think I reuse the same hashtags all the time, or not. Which hashtags appear in 2 or more posts?"],
     HASHTAGS_IN_TWO),
]


def test_these_phrasings_are_not_in_a_suite() -> None:
    said = {turn for turns, _ in LISTINGS + ROWS for turn in turns}
    assert not said & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_fiftysixth_read_test", query_row_limit=100)


@pytest.mark.parametrize("turns, where", LISTINGS, ids=[" / ".join(t) for t, _ in LISTINGS])
def test_the_posts_the_last_turn_asks_for(store: Any, turns: list[str], where: str) -> None:
    gold = post_ids_where(store, where)
    answer = last_answer(store, turns)
    assert answer.route == "parser" and answered_post_ids(answer) == gold, (answer.answer, answer.cypher)


@pytest.mark.parametrize("turns, gold_query", ROWS, ids=[" / ".join(t) for t, _ in ROWS])
def test_the_figures_the_last_turn_asks_for(store: Any, turns: list[str], gold_query: str) -> None:
    gold = store.query(gold_query)
    assert gold and first_value(store, gold_query) not in (0, None)
    answer = last_answer(store, turns)
    assert answer.route == "parser" and same_rows(answer, gold), (answer.answer, answer.cypher, answer.rows)


def test_a_count_follow_up_keeps_what_was_listed(store: Any) -> None:
    """'how many photos are those?' had counted every post of the graph."""
    every = first_value(store, "MATCH (p:Post) RETURN count(p)")
    answer = last_answer(store, ["which posts name max?", "ok how many photos are those?"])
    assert every not in [v for row in answer.rows for v in row.values()], answer.answer


def test_two_named_groups_compared_by_which_wins(store: Any) -> None:
    counts = {name: first_value(store, f"MATCH (p:Post) WHERE {TOPIC.format(name)} RETURN count(p)")
              for name in ("travel", "food")}
    answer = last_answer(store, ["travel posts vs food posts, which wins?"])
    assert answer.route == "parser", answer.answer
    assert {row["topic"]: row["posts"] for row in answer.rows} == counts, answer.rows
    winner = max(counts, key=counts.__getitem__)
    assert f"More: {winner}" in answer.answer, answer.answer


def test_years_with_no_photo_showing_a_thing(store: Any) -> None:
    years = {r["year"] for r in store.query("MATCH (p:Post) RETURN DISTINCT p.year AS year")}
    with_dog = {r["year"] for r in store.query(f"MATCH (p:Post) WHERE {SHOWS.format('dog')} "
                                                "RETURN DISTINCT p.year AS year")}
    assert years - with_dog and with_dog  # some years have a dog photo, some none
    answer = last_answer(store, ["which years have no photo showing a dog?"])
    assert answer.route == "parser" and {row["year"] for row in answer.rows} == years - with_dog, answer.answer
