"""The agent end to end with scripted fake LLMs against a REAL embedded FalkorDB holding the agent fixture
graph: answers from rows, citations, retries with error feedback, follow-up memory, bad input."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.chain import LLM_CAVEAT, REFUSAL, CypherAgent
from agent.cypher import alias_order_aggregate, final_with_returned
from agent.grounding import Grounder
from tests.support.agent_helpers import fixture_graph, scripted_agent
from tests.support.graph_server import falkordb_home  # noqa: F401 - session server fixture

COUNT_NEGATIVE = "MATCH (p:Post) WHERE p.sentiment = 'negative' RETURN count(p) AS posts"


@pytest.fixture(scope="module")
def fixture_store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_chain_test", query_row_limit=40)


def agent_for(store: Any, responses: list[str], **kw: Any) -> CypherAgent:
    """An agent on the LLM path (templates off: these tests script the model's Cypher)."""
    return scripted_agent(store, responses, store.settings, **{"templates": False, **kw})


def test_count_answer_is_rendered_from_rows_with_example_posts(fixture_store: Any) -> None:
    answer = agent_for(fixture_store, [f"```cypher\n{COUNT_NEGATIVE}\n```"]).ask("How many negative posts?")
    assert answer.error is None and answer.rows == [{"posts": 10}]
    assert answer.answer.startswith("10 posts.\n") and LLM_CAVEAT in answer.answer  # an LLM answer says it is one
    assert 0 < len(answer.post_ids) <= 5
    sentiments = fixture_store.query("MATCH (p:Post) WHERE p.id IN $ids RETURN DISTINCT p.sentiment AS s",
                                     {"ids": answer.post_ids})
    assert sentiments == [{"s": "negative"}]  # cited posts are ones the count counted
    assert answer.attempts == 1 and answer.seconds >= 0


def test_post_rows_are_cited_directly(fixture_store: Any) -> None:
    cypher = "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'anna'}) RETURN p.id AS post_id, p.caption AS caption"
    answer = agent_for(fixture_store, [cypher]).ask("Which posts mention Anna?")
    assert sorted(answer.post_ids) == ["p15", "p18"]
    # posts read by their date and caption; the ids are the citations the UI shows as cards
    assert "- 2021-07-30: Concert with Anna, best night ever #music" in answer.answer and "p15" not in answer.answer


def test_rows_of_bare_post_ids_read_as_posts(fixture_store: Any) -> None:
    """A generated query returning only ids (here `id`, and with another column) is answered with the posts' dates
    and captions, as the parser's answers are; the ids stay the citations."""
    cypher = "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'anna'}) RETURN p.id AS id ORDER BY id"
    answer = agent_for(fixture_store, [cypher]).ask("Which posts mention Anna?")
    assert answer.answer.startswith("2 posts:\n- 2021-07-30: Concert with Anna, best night ever #music\n"
                                    "- 2021-12-25: Snowy Christmas in the mountains with Anna\n")
    assert "p15" not in answer.answer and answer.post_ids == ["p15", "p18"]
    cypher = ("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'anna'}) RETURN p.id AS post_id, p.sentiment AS sentiment "
              "ORDER BY post_id")
    answer = agent_for(fixture_store, [cypher]).ask("How do my posts with Anna feel?")
    assert answer.answer.startswith("2 posts:\n- 2021-07-30: Concert with Anna, best night ever #music; "
                                    "sentiment: positive\n")
    cypher = "MATCH (t:Tag) RETURN t.name AS id ORDER BY id LIMIT 2"  # an `id` column of no posts stays as it is
    assert "posts:" not in agent_for(fixture_store, [cypher]).ask("Which tags are there?").answer


def test_ranking_answer_lists_values_and_counts(fixture_store: Any) -> None:
    cypher = ("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS topic, count(p) AS posts "
              "ORDER BY posts DESC LIMIT 3")
    answer = agent_for(fixture_store, [cypher]).ask("top topics?")
    assert answer.answer.startswith("Posts by topic: travel (7), beach (6), holiday (5).")


def test_database_error_is_fed_back_and_retried(fixture_store: Any) -> None:
    broken = "MATCH (p:Post) WHERE p.year = 2021 RETURN count(p) AS posts ORDER BY"
    agent = agent_for(fixture_store, [broken, "MATCH (p:Post) WHERE p.year = 2021 RETURN count(p) AS posts"])
    seen: list[str] = []
    original = agent.chain.cypher_generation_chain

    class Spy:
        def invoke(self, args: dict[str, Any], **kw: Any) -> str:
            seen.append(args["feedback"])
            return original.invoke(args, **kw)

    object.__setattr__(agent.chain, "cypher_generation_chain", Spy())
    answer = agent.ask("How many posts in 2021?")
    assert answer.error is None and answer.rows == [{"posts": 11}] and answer.attempts == 2
    assert seen[0] == "" and "FalkorDB rejected the query" in seen[1] and broken in seen[1]


def test_schema_violation_is_retried_then_given_up_politely(fixture_store: Any) -> None:
    agent = agent_for(fixture_store, ["MATCH (p:Post) RETURN p.likes", "I think you want the likes.",
                                      "MATCH (p:Photo) RETURN p"], max_retries=2)
    answer = agent.ask("How popular were my posts?")
    assert answer.attempts == 3 and answer.error and not answer.rows
    assert answer.answer.startswith("Sorry, I could not turn that into a working graph query")


def test_prose_reply_counts_as_no_query(fixture_store: Any) -> None:
    agent = agent_for(fixture_store, ["I cannot answer that."], max_retries=0)
    answer = agent.ask("What is the meaning of life?")
    assert answer.error == "the model did not write a Cypher query" and "rephras" in answer.answer


def test_empty_result_is_said_plainly(fixture_store: Any) -> None:
    cypher = "MATCH (i:Image)-[:DEPICTS]->(:Tag {name: 'giraffe'}) RETURN count(i) AS images"
    answer = agent_for(fixture_store, [cypher]).ask("How many giraffes?")
    assert answer.answer.startswith("0 images.")
    cypher = "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'giraffe'}) RETURN p.id AS post_id"
    answer = agent_for(fixture_store, [cypher]).ask("Show giraffes")
    assert answer.answer.startswith("No results") and answer.post_ids == []


def test_follow_up_gets_previous_cypher_in_prompt(fixture_store: Any) -> None:
    first = "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'work'}) RETURN count(p) AS posts"
    second = "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'work'}) WHERE p.sentiment = 'negative' RETURN count(p) AS posts"
    agent = agent_for(fixture_store, [first, second])
    agent.ask("How many posts are about work?")
    answer = agent.ask("and the negative ones?")
    seen = agent.fake_llm.seen  # type: ignore[attr-defined]
    assert "Previous question: How many posts are about work?" not in seen[0]
    assert f"Previous Cypher: {first}" in seen[1] and answer.rows == [{"posts": 2}]
    assert [t.question for t in agent.memory.turns] == ["How many posts are about work?", "and the negative ones?"]


@pytest.mark.parametrize("question, expected", [
    ("", "Please type a question"),
    ("   ", "Please type a question"),
    ("x" * 10_000, "characters long"),
])
def test_bad_input_gets_a_specific_reply_without_calling_the_llm(fixture_store: Any, question: str,
                                                                 expected: str) -> None:
    answer = agent_for(fixture_store, ["MATCH (n) DETACH DELETE n"]).ask(question)
    assert expected in answer.answer and answer.attempts == 0 and answer.error


def test_other_languages_still_get_an_answer(fixture_store: Any) -> None:
    answer = agent_for(fixture_store, ["MATCH (p:Post) WHERE p.language = 'de' RETURN p.id AS post_id"]).ask(
        "Welche Beiträge sind auf Deutsch?")
    assert answer.error is None and answer.post_ids == ["p31"]


def test_llm_crash_becomes_a_polite_error(fixture_store: Any) -> None:
    agent = agent_for(fixture_store, ["x"])

    class Boom:
        def invoke(self, *args: Any, **kw: Any) -> str:
            raise ValueError("Requested tokens (5000) exceed context window of 4096")

    object.__setattr__(agent.chain, "cypher_generation_chain", Boom())
    answer = agent.ask("How many posts?")
    assert answer.answer.startswith("Sorry, something went wrong") and "context window" in (answer.error or "")


def test_grounding_finds_graph_values(fixture_store: Any) -> None:
    grounder = Grounder(fixture_store)
    found = {(g.target, g.name) for g in grounder.ground("Show the dogs and bikes in Paris on my trips #music")}
    assert {("Tag", "dog"), ("Tag", "bicycle"), ("Entity", "paris"), ("Topic", "travel"), ("Entity", "music")} <= found
    assert ("Topic", "music") not in found  # '#music' names the hashtag only


def test_write_request_is_refused_before_the_llm(fixture_store: Any) -> None:
    answer = agent_for(fixture_store, ["MATCH (p:Post) RETURN count(p) AS posts"]).ask("delete all my posts")
    assert answer.answer == REFUSAL and answer.attempts == 0


def test_wrong_shape_is_retried_with_feedback(fixture_store: Any) -> None:
    per_month = "MATCH (p:Post) WHERE p.year = 2022 RETURN p.month AS month, count(p) AS posts ORDER BY month"
    agent = agent_for(fixture_store, [per_month, "MATCH (p:Post) WHERE p.year = 2022 RETURN count(p) AS posts"])
    answer = agent.ask("How many posts did I make in 2022?")
    assert answer.rows == [{"posts": 11}] and answer.attempts == 2
    assert "asks for one number" in agent.fake_llm.seen[1]  # type: ignore[attr-defined]


def test_wrong_shape_on_every_attempt_keeps_the_first_rows(fixture_store: Any) -> None:
    per_month = "MATCH (p:Post) WHERE p.year = 2022 RETURN p.month AS month, count(p) AS posts ORDER BY month"
    agent = agent_for(fixture_store, [per_month, "MATCH (p:Post) RETURN p.nope", "I don't know"], max_retries=2)
    answer = agent.ask("How many posts did I make in 2022?")
    assert answer.error is None and len(answer.rows) == 10 and answer.attempts == 3  # 10 months


def test_impossible_zero_count_is_retried(fixture_store: Any) -> None:
    zero = ("MATCH (p:Post)-[:HAS_IMAGE]->(i:Image) WITH p, count(i) AS images WHERE images = 0 "
            "RETURN p.id AS post_id")
    agent = agent_for(fixture_store,
                      [zero, "MATCH (p:Post) WHERE NOT (p)-[:HAS_IMAGE]->(:Image) RETURN p.id AS post_id"])
    answer = agent.ask("Which posts have no image?")
    assert sorted(answer.post_ids) == ["p17", "p19", "p33"] and answer.attempts == 2


def test_an_answer_cut_by_the_row_limit_says_so(fixture_store: Any) -> None:
    agent = scripted_agent(fixture_store, ["MATCH (p:Post) RETURN p.id AS post_id"], fixture_store.settings,
                           templates=False)
    agent.graph.row_limit = 10
    answer = agent.ask("list every post id")
    assert len(answer.rows) == 10 and "Only the first 10 rows were read" in answer.answer


@pytest.mark.parametrize("question", ["How many likes did my posts about travel get?",
                                      "Which post has the most comments?", "How many followers do I have?"])
def test_questions_about_what_no_import_records_say_what_the_graph_holds(fixture_store: Any, question: str) -> None:
    agent = scripted_agent(fixture_store, ["MATCH (p:Post) RETURN count(p) AS posts"], fixture_store.settings)
    answer = agent.ask(question)
    assert answer.error and "does not record likes" in answer.answer and "Your graph holds 36 posts" in answer.answer
    assert not agent.fake_llm.seen  # type: ignore[attr-defined]


def test_words_with_other_meanings_are_not_taken_for_engagement(fixture_store: Any) -> None:
    agent = scripted_agent(fixture_store, ["MATCH (p:Post) RETURN count(p) AS posts"], fixture_store.settings)
    answer = agent.ask("Which posts have mountain views, following the river?")
    assert "does not record" not in answer.answer and agent.fake_llm.seen  # type: ignore[attr-defined]



def test_an_aggregate_in_order_by_gets_an_alias_and_keeps_its_meaning(fixture_store: Any) -> None:
    cypher = ("MATCH (t1:Topic {name: 'beach'})<-[:ABOUT]-(p:Post)-[:ABOUT]->(t2:Topic) WHERE t2.name <> 'beach' "
              "RETURN DISTINCT t2.name AS topic ORDER BY count(p) DESC LIMIT 10")
    fixed = alias_order_aggregate(cypher)
    assert fixed.endswith("RETURN DISTINCT t2.name AS topic, count(p) AS order_value "
                          "ORDER BY order_value DESC LIMIT 10")
    rows = fixture_store.query(fixed)
    gold = fixture_store.query("MATCH (:Topic {name: 'beach'})<-[:ABOUT]-(p:Post)-[:ABOUT]->(t:Topic) "
                               "WHERE t.name <> 'beach' RETURN DISTINCT t.name AS topic")
    assert {r["topic"] for r in rows} == {g["topic"] for g in gold}
    assert [r["order_value"] for r in rows] == sorted((r["order_value"] for r in rows), reverse=True)
    for unchanged in ("MATCH (p:Post) RETURN p.year AS y, count(p) AS n ORDER BY n DESC",
                      "MATCH (p:Post) WITH p ORDER BY count(p) RETURN p.id",
                      "MATCH (p:Post) WHERE p.caption = 'ORDER BY count(x)' RETURN p.id"):
        assert alias_order_aggregate(unchanged) == unchanged


def test_the_chain_repairs_an_aggregate_in_order_by_before_running_it(fixture_store: Any) -> None:
    reply = "MATCH (p:Post) WHERE p.sentiment = 'negative' RETURN p.year AS year ORDER BY count(p) ASC LIMIT 1"
    answer = agent_for(fixture_store, [reply]).ask("Which year had the fewest negative posts?")
    assert answer.error is None and answer.attempts == 1 and answer.rows[0]["year"] == 2023


def test_a_query_ending_in_with_gets_that_with_as_its_return(fixture_store: Any) -> None:
    cypher = ("MATCH (p:Post) WHERE p.sentiment = 'negative' WITH p.year AS year, count(p) AS n "
              "ORDER BY n DESC, year LIMIT 1")
    fixed = final_with_returned(cypher)
    assert fixed.endswith("RETURN p.year AS year, count(p) AS n ORDER BY n DESC, year LIMIT 1"), fixed
    gold = fixture_store.query("MATCH (p:Post {sentiment: 'negative'}) RETURN p.year AS year, count(p) AS n "
                               "ORDER BY n DESC, year LIMIT 1")
    assert fixture_store.query(fixed) == gold
    for unchanged in ("MATCH (p:Post) WITH p.year AS y RETURN y",
                      "MATCH (t:Topic) WITH t, count(*) AS n WHERE n > 3",
                      "MATCH (p:Post) WITH p MATCH (p)-[:ABOUT]->(t:Topic) WHERE t.name STARTS WITH 'b'"):
        assert final_with_returned(unchanged) == unchanged
    assert final_with_returned("MATCH (p:Post) WHERE p.caption STARTS WITH 'a' WITH DISTINCT p.year AS y") == (
        "MATCH (p:Post) WHERE p.caption STARTS WITH 'a' RETURN DISTINCT p.year AS y")


def test_the_chain_returns_what_a_final_with_projects(fixture_store: Any) -> None:
    reply = "MATCH (p:Post)-[:ABOUT]->(t:Topic) WITH t.name AS topic, count(p) AS posts ORDER BY posts DESC LIMIT 3"
    answer = agent_for(fixture_store, [reply]).ask("Which are my three biggest topics by number of posts, roughly?")
    assert answer.error is None and answer.attempts == 1 and len(answer.rows) == 3, (answer.cypher, answer.error)
