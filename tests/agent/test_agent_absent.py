"""Values a question names that the graph does not hold, against a REAL embedded FalkorDB with the agent fixture
graph: a name in a slot whose grammar demands one ("mention X", "about X", "show a X", "#X") is answered from the
grammar with what is true (0 posts have it, all posts lack it) and says it is not in the graph, with near names;
an ordinary word is never taken for such a value (those questions still go to the LLM). Also: a listed post
without a caption shows its photo's generated caption, marked as generated."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agent.absent import canonical, could_be_name
from data.models import Post
from extractors.base import Extraction, ImageInfo, ImageTag, PostAnalysis, SentimentVerdict
from tests.support.agent_helpers import fixture_graph, parser_agent
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_absent_test", query_row_limit=100)



def total_posts(store: Any) -> int:
    return int(store.query("MATCH (p:Post) RETURN count(p) AS n")[0]["n"])


def test_an_entity_the_graph_lacks_is_counted_true_and_said_to_be_absent(store: Any) -> None:
    assert not store.query("MATCH (e:Entity {name: 'tokyo'}) RETURN e")  # the premise: no Tokyo in the fixture
    answer = parser_agent(store).ask("How many posts do not mention Tokyo?")
    assert answer.route == "parser" and answer.rows == [{"posts": total_posts(store)}]
    assert "'tokyo' is not among the names recognised in your posts" in answer.answer and "every post" in answer.answer
    answer = parser_agent(store).ask("How many posts mention Tokyo?")
    assert answer.route == "parser" and answer.rows == [{"posts": 0}]
    assert "not among the names recognised" in answer.answer


def test_a_follow_up_negates_an_absent_value(store: Any) -> None:
    agent = parser_agent(store)
    assert agent.ask("How many of my posts mention Tokyo?").rows == [{"posts": 0}]
    answer = agent.ask("And how many don't?")
    assert answer.route == "parser" and answer.rows == [{"posts": total_posts(store)}]


def test_an_absent_topic_names_the_tag_it_may_mean(store: Any) -> None:
    assert not store.query("MATCH (t:Topic {name: 'pizza'}) RETURN t")
    assert store.query("MATCH (t:Tag {name: 'pizza'}) RETURN t")
    answer = parser_agent(store).ask("Which posts are about pizza?")
    assert answer.route == "parser" and answer.rows == []
    assert "No topic 'pizza' is in your graph" in answer.answer and "the tag 'pizza'" in answer.answer


def test_absent_tags_and_hashtags_are_answered_in_their_own_slot(store: Any) -> None:
    photos = int(store.query("MATCH (i:Image) RETURN count(i) AS n")[0]["n"])
    answer = parser_agent(store).ask("How many photos do not show a giraffe?")
    assert answer.route == "parser" and answer.rows == [{"photos": photos}]
    assert "tagged 'giraffe'" in answer.answer
    answer = parser_agent(store).ask("How many pictures show giraffes?")
    assert answer.route == "parser" and answer.rows == [{"photos": 0}]
    answer = parser_agent(store).ask("Which posts use the hashtag #tokyo?")
    assert answer.route == "parser" and answer.rows == [] and "#tokyo is not in your graph" in answer.answer


def test_a_close_spelling_is_offered(store: Any) -> None:
    answer = parser_agent(store).ask("How many posts mention Berlni?")  # fuzzy grounding is for >= 5 letters
    if answer.route == "parser" and answer.rows == [{"posts": 0}]:
        assert "did you mean" in answer.answer and "berlin" in answer.answer
    else:  # the grounder took it for Berlin: then it counts Berlin's posts
        gold = store.query("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'berlin'}) RETURN count(DISTINCT p) AS n")
        assert answer.rows[0]["posts"] == gold[0]["n"]


@pytest.mark.parametrize("question", [
    "Which posts mention something funny?",   # not a name
    "Which photos show how I felt?",          # a verb phrase after 'show'
    "Show giraffes",                          # the imperative 'show', not a photo's verb
    "How many posts mention anything?",
    "Which posts rave about giraffes?",       # 'rave' is not understood: the whole question goes to the LLM
    "How many old posts do I have?",          # 'X posts' does not demand a name
    "Which posts are about me?",
    "Which posts mention them?",
])
def test_ordinary_words_never_become_absent_values(store: Any, question: str) -> None:
    answer = parser_agent(store).ask(question)
    assert answer.route == "llm", (question, answer.cypher)
    assert "not in your graph" not in answer.answer


def test_which_words_can_be_names() -> None:
    assert could_be_name("rome") and could_be_name("#summer") and could_be_name("o'brien")
    for word in ("the", "something", "posts", "photos", "2021", "march", "happy", "most", "how", "~", "x"):
        assert not could_be_name(word), word
    assert canonical("giraffes", "tag") == "giraffe" and canonical("Paris", "entity") == "paris"
    assert canonical("#Summer", "entity") == "summer" and canonical("puppies", "topic") == "puppy"


def test_a_listed_caption_less_post_shows_its_generated_caption_marked(falkordb_home: Path) -> None:  # noqa: F811
    from graph.falkordb_store import FalkorDBStore
    from graph.writer import write_analyses

    store = FalkorDBStore(graph_settings(falkordb_home, graph_name="agent_generated_caption_test"))
    try:
        store.clear()
        store.ensure_schema()
        made = "a cat sleeping on a red sofa"
        items = []
        for pid, caption, generated in (("g1", "", made), ("g2", "Our cat again", "a cat on a chair")):
            ex = Extraction(language="en")
            ex.sentiments["combined"] = SentimentVerdict("positive", 0.6, model="test")
            ex.images[0] = ImageInfo(0, width=10, height=10, format="JPEG", generated_caption=generated,
                                     tags=[ImageTag("cat", "animal", 0.9)])
            post = Post(id=pid, caption=caption, images=(f"/photos/{pid}.jpg",),
                        created_at=datetime(2024, 5, int(pid[1]), tzinfo=UTC), source="test")
            items.append(PostAnalysis(post=post, extraction=ex))
        write_analyses(store, items, pipeline="test")
        answer = parser_agent(store).ask("Which posts show a cat?")
        assert answer.route == "parser" and sorted(r["post_id"] for r in answer.rows) == ["g1", "g2"]
        assert f"- 2024-05-01: (no caption; generated from the photo: \u201c{made}\u201d)" in answer.answer
        assert "- 2024-05-02: Our cat again" in answer.answer and "a cat on a chair" not in answer.answer
    finally:
        store.clear()
        store.close()


@pytest.mark.parametrize(("question", "gold"), [
    ("How often did I use #summer?",
     "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'summer', label: 'HASHTAG'}) RETURN count(DISTINCT p) AS n"),
    ("Which hashtags did I use at least twice?",
     ("MATCH (p:Post)-[:MENTIONS]->(e:Entity {label: 'HASHTAG'}) WITH e, count(DISTINCT p) AS n WHERE n >= 2 "
      "RETURN e.name AS h, n")),
    ("Which tags appear in 3 photos or more?",
     "MATCH (i:Image)-[:DEPICTS]->(t:Tag) WITH t, count(DISTINCT i) AS n WHERE n >= 3 RETURN t.name AS t, n"),
    ("Break down my posts about work by sentiment",
     "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'work'}) RETURN p.sentiment AS s, count(DISTINCT p) AS n"),
])
def test_how_often_twice_n_units_or_more_and_break_down(store: Any, question: str, gold: str) -> None:
    from research.agent_eval.scoring import results_match

    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", question
    gold_rows = store.query(gold)
    assert gold_rows and results_match(gold_rows, answer.rows), (question, answer.rows)
