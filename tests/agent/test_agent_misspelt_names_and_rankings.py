"""Wordings the parser left to the LLM or misread on the fifteenth blind round's held-out half (read after its
blind run, so that half counts as dev now), checked here with other wordings: a name typed one slip from a name the
graph holds ("a dgo", "an aminal") is read as that name and the answer says so; "humans" are the tag 'person'; a
season with a two-digit year or with its months said again; "rank my topics", "sorted by the number of posts",
"biggest first"; a grumpy caption; "in the Japanese language"; polite and texting wrappers ("would you mind
counting", "if you could work that out", "(animals, food and so on)", "counting back from my latest post", "flip it
around:"). Checked against a REAL embedded FalkorDB holding the agent fixture graph where a
graph is needed. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.absent import value_typos
from agent.parser import parse
from agent.plan import Filter
from agent.spelling import slip_rank
from agent.vocab import GraphFacts
from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

DOG_PHOTOS = "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) RETURN count(DISTINCT i) AS n"
PERSON_LESS = ("MATCH (p:Post) WHERE (p)-[:HAS_IMAGE]->(:Image) AND NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->"
               "(:Tag {name: 'person'}) RETURN count(p) AS n")
TAGS = GraphFacts(names={"Tag": {"cat": ["animal"], "coat": ["clothing"], "dog": ["animal"]},
                         "Tag.kind": {"animal": [""], "clothing": [""]}}, newest=(2024, 6))


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_misspelt_names_test", query_row_limit=100)


def test_a_name_one_slip_from_a_tag_is_read_as_it_and_said(store: Any) -> None:
    gold = store.query(DOG_PHOTOS)[0]["n"]
    assert gold  # the premise: the fixture tags dogs
    answer = parser_agent(store).ask("count my photos that show a dgo")
    assert answer.route == "parser" and int(next(iter(answer.rows[0].values()))) == gold, answer.answer
    assert "I read 'dgo' as 'dog'" in answer.answer, answer.answer


def test_the_follow_up_of_a_misspelt_name_keeps_the_name_meant(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask("count my photos that show a dgo")
    answer = agent.ask("and in 2022?")
    gold = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) WHERE p.year = 2022 "
                       "RETURN count(DISTINCT i) AS n")[0]["n"]
    assert answer.route == "parser" and int(next(iter(answer.rows[0].values()))) == gold, answer.answer


@pytest.mark.parametrize(("typed", "meant"), [("cta", "cat"), ("aminal", "animal"), ("dgos", "dog")])
def test_misspelt_names_map_to_the_one_name_a_slip_away(typed: str, meant: str) -> None:
    plan = parse(f"how many photos show {typed}", TAGS)
    assert plan is not None and f"typed={typed}>{meant}" in plan.notes, plan
    assert {f.value for f in plan.filters} == {meant} and not any(f.missing for f in plan.filters), plan


@pytest.mark.parametrize("typed", ["car", "caat", "gdo"])
def test_no_guess_for_a_real_word_a_tie_or_two_slips(typed: str) -> None:
    # 'car' is an English word (meant as written even beside the tag 'cat'); 'caat' is one slip from both 'cat' and
    # 'coat'; 'gdo' is two slips from 'dog'
    assert value_typos((Filter("tag", typed, missing=True),), TAGS) == {}
    plan = parse(f"how many photos show a {typed}", TAGS)
    assert plan is not None and plan.filters[0].missing and plan.filters[0].value == typed, plan


def test_a_slip_across_one_letter_is_ranked_below_the_likelier_ones() -> None:
    assert slip_rank("aminal", "animal") == 2 and slip_rank("dgo", "dog") == 1 and slip_rank("do", "dog") == 0
    assert slip_rank("amnial", "animal") is None


def test_humans_are_the_tag_person(store: Any) -> None:
    gold = store.query(PERSON_LESS)[0]["n"]
    answer = parser_agent(store).ask("of my posts with a photo, how many have no humans in them?")
    assert answer.route == "parser" and int(next(iter(answer.rows[0].values()))) == gold, answer.answer


@pytest.mark.parametrize("question", ["how many posts in summer 23",
                                      "how many posts in the summer of 2023, that is june to august",
                                      "how many posts over the june-to-august period of 2023"])
def test_a_summer_with_a_short_year_or_its_months_said_again(question: str) -> None:
    plan = parse(question, TAGS)
    assert plan is not None and (plan.get("year").value, plan.get("month_from").value, plan.get("month_to").value) \
        == (2023, 6, 8), plan


def test_a_season_whose_months_are_said_wrong_is_not_guessed() -> None:
    assert parse("how many posts in the summer of 2023, so march to may", TAGS) is None


@pytest.mark.parametrize(("question", "direction"), [
    ("rank my hashtags", "desc"), ("my topics sorted by the number of posts", "desc"),
    ("order my tags by how many photos each has, smallest first", "asc"), ("rank the months by post count", "desc"),
])
def test_rank_sort_and_order_rank_every_group(question: str, direction: str) -> None:
    plan = parse(question, TAGS)
    assert plan is not None and plan.direction == direction and plan.limit == 500, plan


def test_ranked_topics_answer_every_topic_most_first(store: Any) -> None:
    gold = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS t, count(DISTINCT p) AS n")
    answer = parser_agent(store).ask("please rank all of my topics")
    counts = [int(r["posts"]) for r in answer.rows]
    assert answer.route == "parser" and len(answer.rows) == len(gold) and counts == sorted(counts, reverse=True), \
        answer.answer


def test_a_grumpy_caption_is_a_negative_one() -> None:
    plan = parse("show me posts with a grumpy caption and a cheerful photo", TAGS)
    assert plan is not None and {(f.field, f.value) for f in plan.filters} == {
        ("caption_sentiment", "negative"), ("image_sentiment", "positive")}, plan


@pytest.mark.parametrize("question", ["how many captions did I write in the Korean language?",
                                      "how many posts are in Koreann"])
def test_a_language_said_as_the_language_or_misspelt(question: str) -> None:
    plan = parse(question, TAGS)
    assert plan is not None and plan.get("language") is not None and plan.get("language").value == "ko", plan


@pytest.mark.parametrize("question", [
    "would you mind counting my posts about dogs?",
    "what share of my posts show a dog, if you could work that out",
    "which kinds of things (animals, clothes and so on) show up most in my photos?",
    "how many posts did I share in the last 3 months, counting back from my latest post?",
    "would you be able to tell me the date of my very first post?",
])
def test_polite_and_texting_wrappers_are_understood(question: str) -> None:
    assert parse(question, TAGS) is not None


def test_flip_it_around_reads_the_question_after_it() -> None:
    plan = parse("Flip it around: the month with the fewest posts", TAGS)
    assert plan is not None and plan.subject == "month" and plan.direction == "asc", plan


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["count my photos that show a dgo", "of my posts with a photo, how many have no humans in them?",
            "how many posts in summer 23", "rank my hashtags", "my topics sorted by the number of posts",
            "order my tags by how many photos each has, smallest first", "please rank all of my topics",
            "show me posts with a grumpy caption and a cheerful photo",
            "how many captions did I write in the Korean language?", "would you mind counting my posts about dogs?",
"Flip it around: the month with the fewest posts"]
    assert not {q.lower() for q in mine} & suite_phrasings()
