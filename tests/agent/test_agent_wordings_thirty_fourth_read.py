"""Wordings the parser reads since the thirty-fourth blind round was read, checked on a REAL embedded FalkorDB holding
the agent fixture graph:
- "the year after" / "the previous year" right after a question about one year: that year's neighbour;
- an acknowledgement set off before the next question ("cheers - and ...", "brilliant, and ..."): not a word of it;
- "2021 and later years": since 2021; "... had music as their theme": about music;
- groups "where I wrote the most sad captions" or ranked "by sad photos": the groups with the most of them;
- "sad captions: percent with a happy photo"; "what part relates to <name>"; "when the text is sad, what part of the
  time is the picture happy"; "if you don't mind:" said first; "where I've posted the most ...";
- a tag misspelt more than one slip off ("mountane"): the literal answer (none) stands, and the same question asked
  of the one close spelling follows, said as a guess (it had answered "0 photos" after a did-you-mean note).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import SHARE, assert_parsed_to, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["how many posts did I make in 2020?", "and the year after that?", "and the previous year?",
             "cheers - and how many of those had music as their theme?", "brilliant, and which of them are sad?",
             "how many cat photos since 2021?", "only 2021 and later years, how many?",
             "the 2 topics where I wrote the most sad captions", "top 3 topics by happy photos",
             "sad captions: percent with a happy photo", "what part relates to Max?",
             "when the text is sad, what part of the time is the picture happy?",
             "one question if you don't mind: how many of my posts mention Max?",
             "the 3 topics where I've posted the most sad captions", "how many photos show a mountane?",
             "how many photos show a xylophone?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_fourth_read_test", query_row_limit=100)


def _count(store: Any, where: str) -> int:
    return int(store.query(f"MATCH (p:Post) WHERE {where} RETURN count(p) AS n")[0]["n"])


def test_the_year_next_to_the_last_one(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[0]).route == "parser"
    after = agent.ask(PHRASINGS[1])
    assert after.route == "parser" and after.rows[0] == {"posts": _count(store, "p.year = 2021")}, after.answer
    before = agent.ask(PHRASINGS[2])
    assert before.route == "parser" and before.rows[0] == {"posts": _count(store, "p.year = 2020")}, before.answer
    assert parser_agent(store).ask(PHRASINGS[1]).route == "llm"  # no year asked about before: not guessed


def test_an_acknowledgement_before_the_next_question(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[0]).route == "parser"
    music = agent.ask(PHRASINGS[3])
    gold = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'music'}) WHERE p.year = 2020 "
                       "RETURN count(DISTINCT p) AS n")[0]["n"]
    assert music.route == "parser" and list(music.rows[0].values()) == [gold], music.answer
    sad = parser_agent(store)
    sad.ask(PHRASINGS[0])
    answer = sad.ask(PHRASINGS[4])
    gold = {r["id"] for r in store.query("MATCH (p:Post) WHERE p.year = 2020 AND p.sentiment = 'negative' "
                                         "RETURN p.id AS id")}
    assert answer.route == "parser" and gold and set(answer.post_ids) == gold, answer.answer


def test_a_year_and_later_years(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[5]).route == "parser"
    answer = agent.ask(PHRASINGS[6])
    gold = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(:Tag {name: 'cat'}) WHERE p.year >= 2021 "
                       "RETURN count(DISTINCT i) AS n")[0]["n"]
    assert answer.route == "parser" and list(answer.rows[0].values()) == [gold], answer.answer


@pytest.mark.parametrize("question,side,verdict,limit", [(PHRASINGS[7], "caption", "negative", 2),
                                                         (PHRASINGS[8], "image", "positive", 3)])
def test_groups_with_the_most_captions_or_photos_of_a_verdict(store: Any, question: str, side: str, verdict: str,
                                                              limit: int) -> None:
    counts = store.query(f"MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE p.{side}_sentiment = '{verdict}' "
                         "RETURN t.name AS k, count(DISTINCT p) AS n ORDER BY n DESC, k")
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser" and f"p.{side}_sentiment" in answer.cypher, answer.cypher
    top = {r["k"] for r in counts if r["n"] >= counts[limit - 1]["n"]}
    assert {r["topic"] for r in answer.rows} <= top and len(answer.rows) >= limit, answer.answer


def test_shares_said_three_more_ways(store: Any) -> None:
    within = store.query("MATCH (p:Post) WHERE p.caption_sentiment = 'negative' AND (p)-[:HAS_IMAGE]->(:Image) "
                         + SHARE.format(cond="p.image_sentiment = 'positive'"))
    for question in (PHRASINGS[9], PHRASINGS[11]):
        answer = parser_agent(store).ask(question)
        assert answer.route == "parser" and answer.rows[0]["share_pct"] == list(within[0].values())[2], \
            (question, answer.answer)
    max_share = store.query("MATCH (p:Post) OPTIONAL MATCH (p)-[:MENTIONS]->(e:Entity {name: 'max'}) "
                            "WITH p, count(e) AS m " + SHARE.format(cond="m > 0"))
    answer = parser_agent(store).ask(PHRASINGS[10])
    assert answer.route == "parser" and answer.rows[0]["share_pct"] == list(max_share[0].values())[2], answer.answer


def test_a_theme_said_as_what_posts_had(store: Any) -> None:
    assert_parsed_to(store, "which posts had music as their theme?",
                     "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'music'}) "
                     "RETURN DISTINCT p.id AS id, p.caption AS caption, p.created_at AS created_at")


def test_if_you_do_not_mind_said_first_and_i_have_contracted(store: Any) -> None:
    assert_parsed_to(store, PHRASINGS[12], "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'max'}) "
                     "RETURN count(DISTINCT p) AS n")
    answer = parser_agent(store).ask(PHRASINGS[13])
    assert answer.route == "parser" and "p.caption_sentiment" in answer.cypher and len(answer.rows) >= 3, \
        answer.answer


def test_a_tag_misspelt_beyond_one_slip_is_asked_of_its_closest_spelling_as_a_guess(store: Any) -> None:
    gold = store.query("MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'mountain'}) RETURN count(DISTINCT i) AS n")[0]["n"]
    answer = parser_agent(store).ask(PHRASINGS[14])
    assert answer.route == "parser" and gold > 0, answer.answer
    assert "the closest spelling (I am not sure" in answer.answer and f"{gold} photo" in answer.answer, answer.answer
    far = parser_agent(store).ask(PHRASINGS[15])  # nothing close: no guess
    assert "closest spelling" not in far.answer, far.answer
