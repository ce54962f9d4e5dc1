"""Wordings and intents the parser reads since the thirty-eighth blind round was read, checked on a REAL embedded
FalkorDB holding the agent fixture graph:
- "their hashtags", "what hashtags do they have" after a question about photos: the hashtags of those posts (it had
  answered with every hashtag);
- posts that have a caption (counted, and their share): the captions the user wrote (it had counted every post);
- "which year did I post the most about X", "... the most with #x": a ranking;
- "which months of 2022 did I skip posting": the months with no post;
- nationalities (spaCy's NORP) as a group; companies and institutions as organisations;
- the camera, phone or lens a photo was taken with: said not to be recorded;
- "hashtags used together with #x", "the topics my beach posts also have": the others of those posts, the named one
  left out and said so;
- a date: "on 25 December", "on Christmas Day", "2021-12-25" (any year unless one is said; an impossible date is not
  read);
- "someone in the photo": a person in it; "name-dropped": mentioned; "I mean" is not an average; "critters":
  animals; "were they grouped under": in (a topic); "part of the X topic": about X.
None of these phrasings is in a suite."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.parser import parse_detail
from agent.vocab import GraphFacts
from agent.wording import normalise
from tests.support.agent_helpers import first_value, fixture_graph, parser_agent, post_ids_where, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["list my summer posts", "their hashtags please", "which hashtags do they have?",
             "how many of my posts have a caption?", "roughly what share of my posts have a caption?",
             "which year did I write the most about travel?", "in 2020 which months did I skip posting?",
             "which companies do I mention?", "which nationalities do I mention?",
             "what camera took my photos?", "which phone were my pictures shot on?",
             "which topics do my beach posts also have?", "did I post anything on Christmas Day?",
             "how many posts from the 24th of december?", "posts on 2021-12-25", "posts on 31 February",
             "how many posts have someone in the shot?", "which people have I name-dropped?",
             "show me pictures of critters", "what topics were they grouped under?",
             "which posts show a dog but are not part of the beach topic?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_eighth_read_test", query_row_limit=100)


@pytest.fixture(scope="module")
def captionless(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    """The fixture graph with two posts whose caption the user did not write: one blank, one composed from the photo
    (as a load stores a caption-less photo's generated one)."""
    for store in fixture_graph(falkordb_home, "agent_thirty_eighth_captionless_test", query_row_limit=100):
        store.write("MATCH (p:Post {id: 'p01'}) SET p.caption = ''")
        store.write("MATCH (p:Post {id: 'p02'}) SET p.caption_generated = true")
        yield store


def _hashtags_of(store: Any, where: str) -> set[str]:
    rows = store.query(f"MATCH (p:Post)-[:MENTIONS]->(h:Entity {{label: 'HASHTAG'}}) WHERE {where} "
                       "RETURN DISTINCT h.name AS h")
    return {r["h"] for r in rows}


@pytest.mark.parametrize("follow", PHRASINGS[1:3])
def test_their_hashtags_after_a_listing(store: Any, follow: str) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[0]).route == "parser"
    answer = agent.ask(follow)
    gold = _hashtags_of(store, "(p)-[:ABOUT]->(:Topic {name: 'summer'})")
    everything = _hashtags_of(store, "true")
    assert answer.route == "parser" and gold and gold != everything, answer.answer
    assert {r["hashtag"] for r in answer.rows} == gold, answer.answer


def test_posts_that_have_a_caption(captionless: Any) -> None:
    store = captionless
    captioned, total = len(post_ids_where(store, "p.caption <> '' AND NOT coalesce(p.caption_generated, false)")), \
        len(post_ids_where(store, "true"))
    assert captioned == total - 2
    count = parser_agent(store).ask(PHRASINGS[3])
    assert count.route == "parser" and next(iter(count.rows[0].values())) == captioned, count.answer
    share = parser_agent(store).ask(PHRASINGS[4])
    assert share.route == "parser" and f"{captioned} of {total} posts" in share.answer, share.answer
    assert "have a caption you wrote" in share.answer, share.answer


def test_the_year_written_about_most(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) RETURN p.year AS y, count(p) AS n "
                       "ORDER BY n DESC, y LIMIT 1")
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and answer.rows[0]["year"] == rows[0]["y"], answer.answer


def test_months_skipped(store: Any) -> None:
    posted = {r["m"] for r in store.query("MATCH (p:Post) WHERE p.year = 2020 RETURN DISTINCT p.month AS m")}
    answer = parser_agent(store).ask(PHRASINGS[6])
    assert answer.route == "parser" and {r["month"] for r in answer.rows} == set(range(1, 13)) - posted, answer.answer


def test_companies_are_organisations_and_nationalities_a_group(store: Any) -> None:
    orgs = {r["n"] for r in store.query("MATCH (e:Entity {label: 'ORG'}) RETURN e.name AS n")}
    answer = parser_agent(store).ask(PHRASINGS[7])
    assert answer.route == "parser" and {r["organisation"] for r in answer.rows} == orgs and orgs, answer.answer
    answer = parser_agent(store).ask(PHRASINGS[8])  # the fixture names no nationality: none, from the parser
    assert answer.route == "parser" and "'NORP'" in answer.cypher and not answer.rows, answer.answer


@pytest.mark.parametrize("question", PHRASINGS[9:11])
def test_the_camera_is_not_recorded(store: Any, question: str) -> None:
    answer = parser_agent(store).ask(question)
    assert "does not record which camera, phone or lens took a photo" in answer.answer and not answer.rows


def test_the_groups_named_with_another_leave_it_out(store: Any) -> None:
    gold = {r["t"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) "
                                        "MATCH (p)-[:ABOUT]->(t:Topic) RETURN DISTINCT t.name AS t")} - {"beach"}
    answer = parser_agent(store).ask(PHRASINGS[11])
    assert answer.route == "parser" and gold and {r["topic"] for r in answer.rows} == gold, answer.answer
    assert "other than beach" in answer.answer, answer.answer


@pytest.mark.parametrize("question,day", [(PHRASINGS[12], "12-25"), (PHRASINGS[13], "12-24"),
                                          (PHRASINGS[14], "2021-12-25")])
def test_a_date(store: Any, question: str, day: str) -> None:
    gold = {r["id"] for r in store.query("MATCH (p:Post) RETURN p.id AS id, p.created_at AS c")
            if r["c"] and (r["c"][5:10] if len(day) == 5 else r["c"][:10]) == day}
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and gold and "(the date in UTC)" in answer.answer, answer.answer
    if "how many" in question:
        assert next(iter(answer.rows[0].values())) == len(gold), answer.answer
    else:
        assert set(answer.post_ids) == gold, answer.answer


def test_an_impossible_date_is_not_read() -> None:
    result = parse_detail(normalise(PHRASINGS[15]), GraphFacts())
    assert result.plan is None or result.plan.get("day") is None, result


def test_someone_in_the_shot_is_a_person_in_the_photo(store: Any) -> None:
    gold = first_value(store, "MATCH (p:Post) WHERE (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'person'}) "
                              "RETURN count(p) AS n")
    answer = parser_agent(store).ask(PHRASINGS[16])
    assert answer.route == "parser" and gold and next(iter(answer.rows[0].values())) == gold, answer.answer


def test_name_dropped_is_mentioned(store: Any) -> None:
    people = {r["n"] for r in store.query("MATCH (e:Entity {label: 'PERSON'}) RETURN e.name AS n")}
    answer = parser_agent(store).ask(PHRASINGS[17])
    assert answer.route == "parser" and {r["person"] for r in answer.rows} == people, answer.answer


@pytest.mark.parametrize("question", ["which months of 2022 had no posts, I mean none", "how are my posts, I mean"])
def test_i_mean_is_not_an_average(question: str) -> None:
    result = parse_detail(normalise(question), GraphFacts())
    assert result.plan is None or result.plan.measure != "average", result


def test_critters_then_the_topics_they_are_grouped_under(store: Any) -> None:
    agent = parser_agent(store)
    photos = agent.ask(PHRASINGS[18])
    gold_posts = post_ids_where(store, "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {kind: 'animal'})")
    assert photos.route == "parser" and set(photos.post_ids) == gold_posts and gold_posts, photos.answer
    topics = agent.ask(PHRASINGS[19])
    gold = {r["t"] for r in store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {kind: 'animal'}) "
                                        "MATCH (p)-[:ABOUT]->(t:Topic) RETURN DISTINCT t.name AS t")}
    assert topics.route == "parser" and {r["topic"] for r in topics.rows} == gold, topics.answer


def test_part_of_a_topic_is_about_it(store: Any) -> None:
    gold = post_ids_where(store, "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                                 "AND NOT (p)-[:ABOUT]->(:Topic {name: 'beach'})")
    answer = parser_agent(store).ask(PHRASINGS[20])
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer
    assert re.search(r"not about 'beach'", answer.answer), answer.answer
