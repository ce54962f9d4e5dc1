"""Readings added after the sixtieth blind round (a person talking to the app by voice) was read, checked on a REAL
embedded FalkorDB holding the agent fixture graph against gold rows computed from the graph:
- dictated text: years as words ("twenty twenty one"), a slip corrected as it is said ("the beach posts no wait the
  hiking posts"), spoken filler ("um", "like", "you know"), slips of the ear ("witch of my posts", "the once from",
  "half a negative photo", "a positive captain"), a reason said before the question without punctuation ("I'm stuck on
  a train and just curious how many ...", "... right now so bear with me which of my posts ...");
- "which people do I name?" then "show me the posts with those people": the posts naming any of them (the people had
  been listed again, and "people" read as a person in the photo); likewise "how many posts use them?" after the
  hashtags;
- "ones with a dog in the photo" after a count: those posts, listed;
- a sentence of uncommon words before a question about a group is not dropped ("... something cranky? which
  cities?" is not every city).
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
    assert_last_turn_counts,
    assert_last_turn_lists,
    fixture_graph,
    last_answer,
    suite_phrasings,
)
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

TOPIC = ABOUT_TOPIC
SHOWS = SHOWS_TAG
NAMES = NAMES_ENTITY

# (turns, the posts the last turn lists, as a WHERE condition on p)
LISTINGS = [
    (["show me the beach posts no wait the hiking posts"], TOPIC.format("hiking")),
    (["um which posts have like a dog in the photo you know"], SHOWS.format("dog")),
    (["witch of my posts mention anna"], NAMES.format("anna")),
    (["list my beach posts", "ok so just the once from twenty twenty three please"],
     f"{TOPIC.format('beach')} AND p.year = 2023"),
    (["list the travel posts", "which of those half a negative photo then"],
     f"{TOPIC.format('travel')} AND p.image_sentiment = 'negative'"),
    (["which posts have a positive captain"], "p.caption_sentiment = 'positive'"),
    (["my hands are full right now so bear with me which of my posts name max"], NAMES.format("max")),
    (["which people do i name in my captions", "show me the posts with those people"],
     "(p)-[:MENTIONS]->(:Entity {label: 'PERSON'})"),
    (["how many dog pics have i got", "ones with a person in the photo"],
     f"{SHOWS.format('dog')} AND {SHOWS.format('person')}"),
]
# (turns, the count the last turn asks for, as a WHERE condition on p)
COUNTS = [
    (["how many posts did i make in twenty twenty one"], "p.year = 2021"),
    (["how many posts in twenty twenty one no wait twenty twenty three"], "p.year = 2023"),
    (["I'm stuck on a train and just curious how many posts mention paris"], NAMES.format("paris")),
    (["what hashtags have i used", "how many posts use them?"], "(p)-[:MENTIONS]->(:Entity {label: 'HASHTAG'})"),
    (["hiking topic post count"], TOPIC.format("hiking")),
]
CRANKY = "where was I when I posted something cranky? which cities?"


def test_these_phrasings_are_not_in_a_suite() -> None:
    said = {turn for turns, _ in LISTINGS + COUNTS for turn in turns} | {CRANKY}
    assert not {s.lower() for s in said} & {s.lower() for s in suite_phrasings()}


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_sixtieth_read_test", query_row_limit=100)


@pytest.mark.parametrize("turns, where", LISTINGS, ids=[" / ".join(t) for t, _ in LISTINGS])
def test_the_posts_the_last_turn_asks_for(store: Any, turns: list[str], where: str) -> None:
    assert_last_turn_lists(store, turns, where, not_every=True)


@pytest.mark.parametrize("turns, where", COUNTS, ids=[" / ".join(t) for t, _ in COUNTS])
def test_the_count_the_last_turn_asks_for(store: Any, turns: list[str], where: str) -> None:
    assert_last_turn_counts(store, turns, where)


def test_the_top_three_topics_when_asked_what_i_would_say(store: Any) -> None:
    gold = [r["name"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS name, "
                                           "count(DISTINCT p) AS n ORDER BY n DESC, name LIMIT 3")]
    answer = last_answer(store, ["what would you say are my three biggest topics"])
    assert answer.route == "parser" and [next(iter(r.values())) for r in answer.rows][:3] == gold, answer.answer


def test_the_last_time_i_posted_about(store: Any) -> None:
    gold = store.query(f"MATCH (p:Post) WHERE {TOPIC.format('hiking')} RETURN p.id AS id ORDER BY p.created_at DESC "
                       "LIMIT 1")[0]["id"]
    answer = last_answer(store, ["when was the last time i posted about hiking"])
    assert answer.route == "parser" and answered_post_ids(answer) == {gold}, answer.answer


def test_a_mood_the_grammar_does_not_know_is_not_dropped(store: Any) -> None:
    every = {r["name"] for r in store.query("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'GPE'}) "
                                            "RETURN DISTINCT e.name AS name")}
    answer = last_answer(store, [CRANKY])
    listed = {str(next(iter(r.values()))) for r in answer.rows} if answer.route == "parser" else set()
    assert answer.route != "parser" or listed != every, answer.answer


@pytest.mark.parametrize("said, kept", [
    ("photos i added in 2021", "added"),  # not read as "@mentioned" ("add mentioned" is)
    ("my first post", "my first post"),  # not "when did I first mention my"
    ("where is the most negative post from", "where is"),  # a place asked for, not "with"
    ("and the last one?", "last"),  # not "the last ones"
])
def test_the_new_readings_leave_ordinary_wordings_alone(said: str, kept: str) -> None:
    from agent.wording import normalise

    assert kept in normalise(said) and "@mentioned" not in normalise(said) and "ones" not in normalise(said)
