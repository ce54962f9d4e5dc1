"""Wordings the parser reads since the thirty-first blind round was read, checked on a REAL embedded FalkorDB holding
the agent fixture graph: the person "mentioned by name more than anybody else" and "the buddy I mention most"; a sad
caption "while the picture came out happy and positive"; "during which season"; "some kind of animal in them"; "the
most negative topics by percentage" (a ranking by share); "where there's a cat in the picture"; "have to do with";
"one of the things I posted about during 2021"; "how often the mood of the caption matches the mood of the photo";
"where Max's name comes up", then "now the ones where Sarah's name comes up instead"; "what do my laptop photos
show?" where 'laptop' is a photo tag and no topic (with a topic of that name too it stays with the LLM).
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import assert_parsed_to, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["who gets mentioned by name more than anybody else in my posts?", "who's the buddy I mention most?",
             "show posts where my caption was sad while the picture came out happy and positive",
             "during which season did I post the fewest posts?",
             "what % of my pictures have some kind of animal in them?", "top 2 most negative topics by percentage",
             "posts where there's a cat in the picture", "did any of my 2022 posts have to do with work?",
             "was cycling one of the things I posted about during 2021?",
             "count how often the mood of the caption matches the mood of the photo",
             "list every post where Max's name comes up", "now the ones where Sarah's name comes up instead",
             "what do my laptop photos show?", "what do my beach photos show?"]
TOP_PERSON = ("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) RETURN e.name AS name, count(DISTINCT p) AS n "
              "ORDER BY n DESC, name LIMIT 1")
NAMED = "MATCH (p:Post)-[:MENTIONS]->(:Entity {{name: '{name}'}}) RETURN DISTINCT p.id AS id, p.caption AS c, " \
        "p.created_at AS d"


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_thirty_first_test", query_row_limit=100)


@pytest.mark.parametrize("question,gold", [
    (PHRASINGS[0], TOP_PERSON), (PHRASINGS[1], TOP_PERSON),
    (PHRASINGS[2], ("MATCH (p:Post) WHERE p.caption_sentiment = 'negative' AND p.image_sentiment = 'positive' "
                   "RETURN p.id AS id, p.caption AS c, p.created_at AS d")),
    (PHRASINGS[4], ("MATCH (i:Image) OPTIONAL MATCH (i)-[:DEPICTS]->(t:Tag {kind: 'animal'}) WITH i, count(t) AS a "
                    "WITH count(i) AS photos, sum(CASE WHEN a > 0 THEN 1 ELSE 0 END) AS m "
                    "RETURN m, photos, round(10000.0 * m / photos) / 100")),
    (PHRASINGS[6], ("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'cat'}) "
                   "RETURN DISTINCT p.id AS id, p.caption AS c, p.created_at AS d")),
    (PHRASINGS[9], "MATCH (p:Post) WHERE p.caption_sentiment = p.image_sentiment RETURN count(p) AS n"),
    (PHRASINGS[10], NAMED.format(name="max")),
])
def test_read_by_the_parser(store: Any, question: str, gold: str) -> None:
    assert_parsed_to(store, question, gold, ignore_extra_columns=True)


def test_the_quietest_season(store: Any) -> None:
    seasons = {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring", 6: "summer",
               7: "summer", 8: "summer", 9: "autumn", 10: "autumn", 11: "autumn"}
    counts: dict[str, int] = {}
    for row in store.query("MATCH (p:Post) WHERE p.month IS NOT NULL RETURN p.month AS m"):
        counts[seasons[row["m"]]] = counts.get(seasons[row["m"]], 0) + 1
    fewest = min(counts.values())
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert answer.route == "parser", answer.answer
    named = [s for s, n in counts.items() if n == fewest]
    assert any(s in answer.answer.split("\n")[0] for s in named), (answer.answer, counts)


def test_topics_ranked_by_their_negative_share(store: Any) -> None:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t.name AS topic, count(DISTINCT p) AS n, "
                       "count(DISTINCT CASE WHEN p.sentiment = 'negative' THEN p END) AS neg WHERE n >= 3 "
                       "RETURN topic, neg, n, round(10000.0 * neg / n) / 100 AS pct ORDER BY pct DESC, neg DESC, "
                       "topic LIMIT 2")
    answer = parser_agent(store).ask(PHRASINGS[5])
    assert answer.route == "parser" and [r["topic"] for r in answer.rows] == [r["topic"] for r in rows], \
        (answer.cypher, answer.rows)


@pytest.mark.parametrize("question,year,topic", [(PHRASINGS[7], 2022, "work"), (PHRASINGS[8], 2021, "cycling")])
def test_a_topic_in_a_year(store: Any, question: str, year: int, topic: str) -> None:
    gold = {r["id"] for r in store.query(f"MATCH (p:Post)-[:ABOUT]->(:Topic {{name: '{topic}'}}) "
                                         f"WHERE p.year = {year} RETURN p.id AS id")}
    answer = parser_agent(store).ask(question)
    assert gold and answer.route == "parser" and set(answer.post_ids) == gold, (answer.cypher, answer.answer)


def test_now_the_ones_naming_someone_else(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[10]).route == "parser"
    answer = agent.ask(PHRASINGS[11])
    gold = {r["id"] for r in store.query(NAMED.format(name="sarah"))}
    assert answer.route == "parser" and set(answer.post_ids) == gold, (answer.cypher, answer.answer)


def test_what_the_photos_of_a_tag_show(store: Any) -> None:
    gold = {r["t"] for r in store.query(
        "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'laptop'}) "
        "MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(t:Tag) RETURN DISTINCT t.name AS t")}
    answer = parser_agent(store).ask(PHRASINGS[12])
    assert len(gold) > 1 and answer.route == "parser", answer.answer
    assert {next(iter(r.values())) for r in answer.rows} == gold, (answer.cypher, answer.rows)
    # 'beach' is a topic too: the photos tagged so, as "how many beach photos" reads them
    beach = parser_agent(store).ask(PHRASINGS[13])
    assert beach.route == "parser" and "'beach'" in beach.answer, beach.answer
    assert "(:Tag {name: 'beach'})" in beach.cypher, beach.cypher
