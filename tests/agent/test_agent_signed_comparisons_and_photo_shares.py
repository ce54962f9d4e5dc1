"""Found by probing as a user, checked on a REAL embedded FalkorDB holding the agent fixture graph:
- two hashtags compared ("#travel or #nature") are the hashtags, not the topics of the same names (the fixture has
  a topic 'travel' with many more posts than the hashtag: it had answered with the topics' counts, no caveat), and
  the answer says hashtags; "compare #a and #b" is read (the '#' had been left over, so the LLM got it); a hashtag
  compared with a bare word is not read as two hashtags;
- the share of posts with a kind of photo that have a verdict ("what % of my dog pictures are happy") says it counts
  the posts with such a photo, and gives the share by the photos' own verdict too when it differs;
- "what do my beach pics show" where 'beach' is both a photo tag and a topic: the photos tagged so, as "how many
  beach pics" reads them (it had gone to the LLM);
- "the happy ones?" right after a count lists those posts (the listing says how many too); it had counted again.
None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import assert_parsed_to, fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["which did I use more, #travel or #nature?", "have I used #summer more often than #music?",
             "compare #travel and #hiking for me", "did I use #summer more often than music",
             "what % of my dog pictures are happy?", "what do my beach pics show", "how many dog posts have i got",
             "just the happy ones?"]
HASHTAG_COUNTS = ("MATCH (p:Post)-[:MENTIONS]->(e:Entity {{label: 'HASHTAG'}}) WHERE e.name IN [{names}] "
                  "RETURN e.name AS hashtag, count(DISTINCT p) AS posts")


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_signed_comparisons_test", query_row_limit=100)


def test_the_fixture_has_hashtags_named_as_topics_with_other_counts(store: Any) -> None:
    """The check below can fail: the topic 'travel' and the hashtag 'travel' count different posts here."""
    topic = store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) RETURN count(DISTINCT p) AS n")[0]["n"]
    tag = store.query(HASHTAG_COUNTS.format(names="'travel'"))[0]["posts"]
    assert topic != tag


@pytest.mark.parametrize("question,names", [(PHRASINGS[0], "'travel', 'nature'"),
                                            (PHRASINGS[1], "'summer', 'music'"),
                                            (PHRASINGS[2], "'travel', 'hiking'")])
def test_two_hashtags_compared_are_the_hashtags(store: Any, question: str, names: str) -> None:
    assert_parsed_to(store, question, HASHTAG_COUNTS.format(names=names))
    answer = parser_agent(store).ask(question)
    assert "hashtags" in answer.answer and "#" in answer.answer.split("\n")[0], answer.answer


def test_a_hashtag_against_a_bare_word_is_not_two_hashtags(store: Any) -> None:
    answer = parser_agent(store).ask(PHRASINGS[3])
    assert "Understood as: hashtags" not in answer.answer, answer.answer


def test_a_share_of_photos_by_verdict_says_what_it_counted(store: Any) -> None:
    with_dog = "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}) WITH DISTINCT p "
    post = store.query(with_dog + "RETURN count(p) AS n, sum(CASE WHEN p.sentiment = 'positive' THEN 1 ELSE 0 END) "
                       "AS k")[0]
    photo = store.query(with_dog + "RETURN sum(CASE WHEN p.image_sentiment = 'positive' THEN 1 ELSE 0 END) AS k")[0]
    assert post["k"] != photo["k"]  # the fixture's dog posts read differently by photo: the second line is tested
    answer = parser_agent(store).ask(PHRASINGS[4])
    assert answer.route == "parser", answer.answer
    assert f"{int(post['k'])} of {post['n']} posts" in answer.answer, answer.answer
    assert "share of the posts with such a photo" in answer.answer, answer.answer
    assert "by the photos' own verdict" in answer.answer, answer.answer
    assert f"({int(photo['k'])} of {post['n']} posts)" in answer.answer, answer.answer


def test_what_photos_of_a_tag_that_is_also_a_topic_show(store: Any) -> None:
    assert store.query("MATCH (t:Topic {name: 'beach'}) RETURN count(t) AS n")[0]["n"] == 1
    assert_parsed_to(store, PHRASINGS[5], "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'beach'}) "
                     "WITH DISTINCT p MATCH (p)-[:HAS_IMAGE]->(i:Image)-[:DEPICTS]->(g:Tag) "
                     "RETURN g.name AS t, count(DISTINCT i) AS images")  # each with its photos


def test_the_happy_ones_after_a_count_are_listed(store: Any) -> None:
    gold = {r["id"] for r in store.query("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'dog'}) "
                                         "WHERE p.sentiment = 'positive' RETURN DISTINCT p.id AS id")}
    agent = parser_agent(store)
    assert agent.ask(PHRASINGS[6]).route == "parser"
    answer = agent.ask(PHRASINGS[7])
    assert answer.route == "parser" and len(gold) > 1 and set(answer.post_ids) == gold, answer.answer
    assert answer.answer.startswith(f"{len(gold)} posts:"), answer.answer
