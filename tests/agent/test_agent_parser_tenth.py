"""The grammar added after the tenth blind round's dev half: posts with (or without) a photo as a filter ('how many
of them have a pic attached' had dropped it: confidently wrong), 'do the same for cats' keeping the kind of value
asked about, a denied verdict said after an elided copula ('the photo looks sad but the text wasn't negative' had
added a third verdict: confidently wrong), passive engagement ('how many times were my posts shared') declined,
'without the dog', '@ handle', 'came with', 'feature', 'ended up', 'went up', 'yr', 'reach 10 posts', 'starting in
2021', 'negative things', 'out of the posts with X, what fraction ...'. Checked against a REAL embedded FalkorDB
holding the agent fixture graph: each answer's rows equal a hand-written gold query. None of these phrasings is in an
evaluation suite (research/agent_eval/families*.jsonl); a test below checks that."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import SHARE, assert_parsed_to, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_tenth_test", query_row_limit=100)


CASES = {
    "how many 2022 posts have a photo attached": "MATCH (p:Post) WHERE p.year = 2022 AND (p)-[:HAS_IMAGE]->(:Image) "
                                                 "RETURN count(p)",
    "list the travel posts that came with a photo": "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) "
                                                    "WHERE (p)-[:HAS_IMAGE]->(:Image) RETURN DISTINCT p.id",
    "posts where the photo looks happy but the caption wasn't positive":
        "MATCH (p:Post) WHERE p.image_sentiment = 'positive' AND p.caption_sentiment <> 'positive' RETURN p.id",
    "beach posts without the dog": "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) "
                                   "WHERE NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                                   "RETURN DISTINCT p.id",
    "count posts that have no @ handle": "MATCH (p:Post) WHERE NOT (p)-[:MENTIONS]->(:Entity {label: 'MENTION'}) "
                                         "RETURN count(p)",
    "how many posts that feature a pizza ended up positive":
        "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'pizza'}) WHERE p.sentiment = 'positive' "
        "RETURN count(DISTINCT p)",
    "which yr had the most posts": "MATCH (p:Post) WITH p.year AS y, count(p) AS n RETURN y, n ORDER BY n DESC, y "
                                   "LIMIT 1",
    "topics that reach 5+ posts": "MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t.name AS k, count(DISTINCT p) AS n "
                                 "WHERE n >= 5 RETURN k, n",
    "posts per year starting in 2022": "MATCH (p:Post) WHERE p.year >= 2022 RETURN p.year, count(p)",
    "years with at least 2 sad things": "MATCH (p:Post {sentiment: 'negative'}) WITH p.year AS y, count(p) AS n "
                                        "WHERE n >= 2 RETURN y, n",
    "out of the posts about travel, what share are negative":
        "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) WITH DISTINCT p "
        + SHARE.format(cond="p.sentiment = 'negative'"),
}


HELD_OUT_READ = {
    # from the held-out half, read after its runs (other wordings here)
    "how many posts between march and july 2022": "MATCH (p:Post) WHERE p.year = 2022 AND p.month >= 3 "
                                                  "AND p.month <= 7 RETURN count(p)",
    "count my posts in the first 4 months of 2021": "MATCH (p:Post) WHERE p.year = 2021 AND p.month <= 4 "
                                                    "RETURN count(p)",
    "posts in the second half of 2020": "MATCH (p:Post) WHERE p.year = 2020 AND p.month >= 7 RETURN p.id",
    "how many posts from feb to may 2022": "MATCH (p:Post) WHERE p.year = 2022 AND p.month >= 2 AND p.month <= 5 "
                                           "RETURN count(p)",
    "how many posts from the start of 2021 until the end of march": "MATCH (p:Post) WHERE p.year = 2021 "
                                                                    "AND p.month <= 3 RETURN count(p)",
    "which posts include a photo": "MATCH (p:Post) WHERE (p)-[:HAS_IMAGE]->(:Image) RETURN p.id",
    "travel posts whose photo doesn't include a city": "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) "
                                                       "WHERE NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->"
                                                       "(:Tag {name: 'city'}) RETURN DISTINCT p.id",
    "posts where the photo comes across sad": "MATCH (p:Post) WHERE p.image_sentiment = 'negative' RETURN p.id",
    "which 2 photo tags are the most common": "MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(t:Tag) "
                                              "WITH t.name AS k, count(DISTINCT i) AS n RETURN k, n "
                                              "ORDER BY n DESC, k LIMIT 2",
    "posts per year since 2021 up to now": "MATCH (p:Post) WHERE p.year >= 2021 RETURN p.year, count(p)",
}


@pytest.mark.parametrize("question", list(HELD_OUT_READ))
def test_wordings_of_the_read_held_out_half_are_parsed_to_the_gold_rows(store: Any, question: str) -> None:
    assert_parsed_to(store, question, HELD_OUT_READ[question], ignore_extra_columns=True)


def test_the_first_months_of_a_year_are_not_its_first_posts(store: Any) -> None:
    """(Confidently wrong in the held-out half: 'the first six months of 2022' was read as the first 6 posts.)"""
    answer = parser_agent(store).ask("how many posts in the first three months of 2022")
    gold = store.query("MATCH (p:Post) WHERE p.year = 2022 AND p.month <= 3 RETURN count(p) AS n")
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold[0]["n"], answer.cypher
    assert "from January to March" in answer.answer, answer.answer


def test_a_follow_up_with_a_value_of_the_same_kind(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask("pizza photos: how many?")
    answer = agent.ask("ok and how many with a cake")
    gold = store.query("MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'cake'}) RETURN count(DISTINCT i) AS n")
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold[0]["n"], answer.cypher


@pytest.mark.parametrize("question", list(CASES))
def test_tenth_round_phrasings_are_parsed_to_the_gold_rows(store: Any, question: str) -> None:
    assert_parsed_to(store, question, CASES[question], ignore_extra_columns=True)


def test_a_follow_up_asking_which_have_a_photo_keeps_the_photo_filter(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask("how many posts in 2020?")
    answer = agent.ask("and how many of those came with a picture?")
    gold = store.query("MATCH (p:Post) WHERE p.year = 2020 AND (p)-[:HAS_IMAGE]->(:Image) RETURN count(p) AS n")
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold[0]["n"], answer.cypher


def test_do_the_same_for_keeps_the_kind_of_value_asked_about(store: Any) -> None:
    agent = parser_agent(store)
    agent.ask("how many posts show a pizza in the photo?")
    answer = agent.ask("now do the same for cake")
    gold = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'cake'}) "
                       "RETURN count(DISTINCT p) AS n")
    assert answer.route == "parser" and "Tag" in answer.cypher, answer.cypher
    assert next(iter(answer.rows[0].values())) == gold[0]["n"], answer.rows


def test_a_photo_that_shows_something_is_not_the_photo_filter(store: Any) -> None:
    answer = parser_agent(store).ask("how many posts with a photo of a cake")
    gold = store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'cake'}) "
                       "RETURN count(DISTINCT p) AS n")
    assert answer.route == "parser" and next(iter(answer.rows[0].values())) == gold[0]["n"], answer.cypher


@pytest.mark.parametrize("question", ["how many times were my posts shared?", "which photo got saved the most"])
def test_passive_engagement_is_declined(store: Any, question: str) -> None:
    answer = parser_agent(store).ask(question)
    assert answer.error and not answer.rows and "Your graph holds" in answer.answer, answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = [*CASES, *HELD_OUT_READ, "how many posts in the first three months of 2022", "pizza photos: how many?",
            "ok and how many with a cake", "how many posts in 2020?", "and how many of those came with a picture?",
            "how many posts show a pizza in the photo?", "now do the same for cake",
            "how many posts with a photo of a cake", "how many times were my posts shared?",
            "which photo got saved the most"]
    assert not {q.lower() for q in mine} & suite_phrasings()
