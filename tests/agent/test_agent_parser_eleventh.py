"""The grammar added after the eleventh blind round's dev half: photos listed ('show me my dog photos' had gone to the
LLM: the parser only counted photos; now it lists the posts whose photo matches; 'what do my photos from 2022
show' gets their tags), 'w/o', a one-letter slip in
'hashtags' (a value slot had taken 'hashtgs' as a tag that does not exist), 'posts I tagged #x' and 'hashtagged x', a
bare '% positive', 'posts in them', 'the person I talk about most', 'did I post the most negative stuff' (the count
of negative posts, not the lowest average), 'was my caption positive'. Shares now carry two decimals, so 6 of 11
is 54.55 and not 54.5. Checked against a REAL embedded FalkorDB holding the agent fixture graph: each answer's rows
equal a hand-written gold query. None of these phrasings is in an evaluation suite
(research/agent_eval/families*.jsonl); a test below checks that."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import SHARE, assert_parsed_to, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_eleventh_test", query_row_limit=100)


CASES = {
    "show me my dog photos": "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) "
                             "RETURN DISTINCT p.id",
    "list my photos from 2022": "MATCH (p:Post) WHERE p.year = 2022 AND (p)-[:HAS_IMAGE]->(:Image) RETURN p.id",
    "beach pics w/o hashtags": "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'beach'}) "
                               "WHERE NOT (p)-[:MENTIONS]->(:Entity {label: 'HASHTAG'}) RETURN DISTINCT p.id",
    "which posts have hashtgs": "MATCH (p:Post) WHERE (p)-[:MENTIONS]->(:Entity {label: 'HASHTAG'}) RETURN p.id",
    "count the posts i tagged #summer": "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'summer', label: 'HASHTAG'}) "
                                        "RETURN count(DISTINCT p)",
    "posts hashtagged music": "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'music', label: 'HASHTAG'}) "
                              "RETURN DISTINCT p.id",
    "% negative in 2022": "MATCH (p:Post) WHERE p.year = 2022 WITH DISTINCT p "
                          + SHARE.format(cond="p.sentiment = 'negative'"),
    "years with 5 or more posts in them": "MATCH (p:Post) WITH p.year AS y, count(p) AS n WHERE n >= 5 RETURN y, n",
    "which person do i write about the most": "MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'PERSON'}) "
                                              "WITH e.name AS k, count(DISTINCT p) AS n RETURN k, n "
                                              "ORDER BY n DESC, k LIMIT 1",
    "in which year did i share the most positive stuff": "MATCH (p:Post {sentiment: 'positive'}) "
                                                         "WITH p.year AS y, count(p) AS n RETURN y, n "
                                                         "ORDER BY n DESC, y LIMIT 1",
    "what do my photos from 2022 show?": "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(t:Tag) "
                                         "WHERE p.year = 2022 RETURN DISTINCT t.name",
    "what is in my snow pics": "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'snow'}) "
                               "MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(t:Tag) RETURN DISTINCT t.name",
    "how often was my caption negative while the photo was positive":
        "MATCH (p:Post) WHERE p.caption_sentiment = 'negative' AND p.image_sentiment = 'positive' RETURN count(p)",
}


@pytest.mark.parametrize("question", list(CASES))
def test_eleventh_round_phrasings_are_parsed_to_the_gold_rows(store: Any, question: str) -> None:
    assert_parsed_to(store, question, CASES[question], ignore_extra_columns=True)


def test_a_share_carries_two_decimals(store: Any) -> None:
    answer = parser_agent(store).ask("what percent of my posts from 2021 are positive")
    gold = store.query("MATCH (p:Post) WHERE p.year = 2021 "
                       "RETURN sum(CASE WHEN p.sentiment = 'positive' THEN 1 ELSE 0 END) AS m, count(p) AS n")
    matching, posts = int(gold[0]["m"]), int(gold[0]["n"])
    assert answer.route == "parser" and answer.rows[0]["share_pct"] == round(100 * matching / posts, 2), answer.rows
    assert f"{matching} of {posts}" in answer.answer, answer.answer


def test_photos_listed_cite_their_posts(store: Any) -> None:
    answer = parser_agent(store).ask("show me my snow photos")
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'snow'}) "
                                         "RETURN DISTINCT p.id AS id")}
    assert answer.route == "parser" and {r["post_id"] for r in answer.rows} == gold and gold, answer.cypher


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = [*CASES, "what percent of my posts from 2021 are positive", "show me my snow photos",
            "how many things did I post during 2022?", "and what share of them were negative?",
            "what share of those posts are negative", "the percentage that is negative?",
            "how much of it was negative, as a percent", "which photo did my followers like the most?",
            "sort my posts by like count", "what do people love most in my feed",
            "which cities come up in more than one post", "name the towns where none of my posts were negative"]
    assert not {q.lower() for q in mine} & suite_phrasings()


@pytest.mark.parametrize("follow", ["and what share of them were negative?", "what share of those posts are negative",
                                    "the percentage that is negative?", "how much of it was negative, as a percent"])
def test_a_share_asked_after_a_count_is_a_share_of_those_posts(store: Any, follow: str) -> None:
    """(From the eleventh round's held-out half, read after its runs; other wordings here.) 'what share of them are
    negative' had lost its share (a list of the negative ones), and a share that names no posts ('share that's
    negative?') was taken over the whole collection: both confidently wrong."""
    agent = parser_agent(store)
    agent.ask("how many things did I post during 2022?")
    answer = agent.ask(follow)
    gold = store.query("MATCH (p:Post) WHERE p.year = 2022 "
                       "RETURN sum(CASE WHEN p.sentiment = 'negative' THEN 1 ELSE 0 END) AS m, count(p) AS n")
    matching, posts = int(gold[0]["m"]), int(gold[0]["n"])
    assert answer.route == "parser" and answer.rows[0]["share_pct"] == round(100 * matching / posts, 2), (
        answer.cypher, answer.rows)


@pytest.mark.parametrize("question", ["which photo did my followers like the most?", "sort my posts by like count",
                                      "what do people love most in my feed"])
def test_likes_said_with_the_verb_are_declined(store: Any, question: str) -> None:
    """(From the eleventh round's held-out half, read after its runs.) 'which post did people like the most? (by like
    count)' reached the LLM, which counted PERSON mentions and called them likes."""
    answer = parser_agent(store).ask(question)
    assert answer.error and not answer.rows and "Your graph" in answer.answer, answer.answer


def test_liking_something_in_a_photo_is_still_a_question() -> None:
    from agent.chain import ENGAGEMENT

    assert not ENGAGEMENT.search("which photos look like the beach")
    assert not ENGAGEMENT.search("posts that are most like my dog photos")


def test_cities_are_gpe_names_not_regions(store: Any) -> None:
    """(The tenth round's confidently wrong answer, on a half read long ago.) 'which cities ...' counted LOC names (the
    Alps) as cities; cities are spaCy's GPE (cities, states, countries), places are GPE and LOC."""
    assert_parsed_to(store, "which cities come up in more than one post",
                     "MATCH (p:Post)-[:MENTIONS]->(g:Entity {label: 'GPE'}) WITH g.name AS k, count(DISTINCT p) AS n "
                     "WHERE n > 1 RETURN k, n")
    answer = parser_agent(store).ask("name the towns where none of my posts were negative")
    gold = store.query("MATCH (p:Post)-[:MENTIONS]->(g:Entity {label: 'GPE'}) WITH g.name AS k, "
                       "sum(CASE WHEN p.sentiment = 'negative' THEN 1 ELSE 0 END) AS neg WHERE neg = 0 RETURN k")
    assert answer.route == "parser" and {r["place"] for r in answer.rows} == {g["k"] for g in gold}, answer.cypher
