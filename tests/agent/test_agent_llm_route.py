"""The LLM route's prompt economy and checks: fixed examples first (a prefix llama.cpp can keep cached), the
schema pruned to a question, EXPLAIN validation by the real embedded FalkorDB, no greedy retry of a query that
already failed, and self-consistency (sampled candidates voted on by their result rows). Scripted fake LLMs;
the database is real (the agent fixture graph)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.chain import CypherAgent, result_key, sampling_model
from agent.few_shot import Example, FewShotSelector, anchor_examples, example_features, load_examples
from agent.guard import GuardedGraph
from agent.local_chat import SupervisedChatModel
from agent.prompts import SYSTEM, static_prefix, static_user_start
from agent.schema import LABELS, RELATIONSHIPS, relevant_labels, schema_text
from core.errors import QueryAttemptFailed
from tests.support.agent_helpers import fixture_graph, scripted_agent
from tests.support.graph_server import falkordb_home  # noqa: F401 - session server fixture

COUNT_2021 = "MATCH (p:Post) WHERE p.year = 2021 RETURN count(p) AS posts"
COUNT_2022 = "MATCH (p:Post) WHERE p.year = 2022 RETURN count(p) AS posts"


@pytest.fixture(scope="module")
def fixture_store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_llm_route_test", query_row_limit=40)


def agent_for(store: Any, responses: list[str], **kw: Any) -> CypherAgent:
    return scripted_agent(store, responses, store.settings, **{"templates": False, **kw})


# --- the prompt: a static prefix, then what changes per question ----------------------------------------------
def test_anchor_examples_cover_every_label_and_relationship_the_library_shows() -> None:
    library = load_examples()
    anchors = anchor_examples(library, 10)
    assert 0 < len(anchors) <= 10 and len(set(anchors)) == len(anchors)
    shown = set().union(*(example_features(e) for e in library))
    covered = set().union(*(example_features(e) for e in anchors))
    names = {f for f in shown if f.startswith(":")}
    assert names <= covered  # every label and relationship type of the library appears in a fixed example
    assert anchor_examples(library, 10) == anchors  # deterministic: the prompt prefix never changes
    assert anchor_examples(library, 0) == [] and anchor_examples([], 5) == []


def test_nearest_examples_skip_the_fixed_ones() -> None:
    library = load_examples()
    selector = FewShotSelector(library, embedder=None)
    question = library[12].question  # the library's own question is its own nearest example
    assert library[12] in selector.select(question, 3)
    chosen = selector.select(question, 3, exclude=[library[12]])
    assert len(chosen) == 3 and library[12] not in chosen


def test_every_prompt_starts_with_the_same_text(fixture_store: Any) -> None:
    agent = agent_for(fixture_store, [COUNT_2021, COUNT_2022], anchor_examples=10)
    agent.ask("How many posts in 2021?")
    agent.memory.clear()
    agent.ask("And how many in 2022 were there, roughly?")
    first, second = agent.fake_llm.seen  # type: ignore[attr-defined]
    prefix = SYSTEM + "\n" + static_user_start(agent.anchors)
    assert first.startswith(prefix) and second.startswith(prefix)
    system, user = static_prefix(agent.agent_settings.anchor_examples)
    assert system[1] == SYSTEM and prefix == system[1] + "\n" + user[1]  # what the local model warms up with


def test_schema_pruned_to_the_question_comes_from_the_one_schema() -> None:
    labels = relevant_labels("Which people do I mention in posts about music?")
    assert labels == ["Post", "Topic", "Entity"]
    text = schema_text(labels)
    assert "(:Post)-[:MENTIONS]->(:Entity)" in text and "(:Post)-[:ABOUT {score: FLOAT}]->(:Topic)" in text
    assert ":Tag" not in text and ":Image" not in text and ":DEPICTS" not in text
    # a tag is reached through its image; grounded values and the chosen examples' labels count too
    assert relevant_labels("what else is there?", grounded=["Tag.kind"]) == ["Post", "Image", "Tag"]
    assert "Keyphrase" in relevant_labels("hm", examples_cypher=["MATCH (k:Keyphrase) RETURN k.name AS k"])
    full = schema_text()
    assert all(f"(:{label} " in full for label in LABELS)
    assert all(f"[:{rel}" in full for _, rel, _ in RELATIONSHIPS)


def test_pruning_on_puts_the_pruned_schema_in_the_question_part(fixture_store: Any) -> None:
    agent = agent_for(fixture_store, [COUNT_2021], schema_pruning=True)
    agent.ask("Which people do I mention in posts from 2021?")
    prompt = agent.fake_llm.seen[0]  # type: ignore[attr-defined]
    section = prompt.split("Graph schema (the part this question needs):\n")[1].split("\n\n")[0]
    assert "(:Post)-[:MENTIONS]->(:Entity)" in section
    assert "Keyphrase" not in section and "HAS_SENTIMENT" not in section  # nothing in the question points there
    assert "Graph schema:" not in prompt  # the full schema is not shown as well


# --- EXPLAIN: the engine plans the query before it runs --------------------------------------------------------
def test_explain_rejects_what_the_engine_cannot_plan_before_running_it(fixture_store: Any) -> None:
    graph = GuardedGraph(fixture_store, 40)
    with pytest.raises(QueryAttemptFailed) as failed:
        graph.query("MATCH (p:Post) RETURN q.id AS post_id")  # passes our checks; q is undefined
    assert "cannot plan this query" in failed.value.reason and not failed.value.unsafe
    assert graph.query(COUNT_2021) == [{"posts": 11}]


def test_explain_error_is_fed_back_to_the_model(fixture_store: Any) -> None:
    agent = agent_for(fixture_store, ["MATCH (p:Post) WHERE p.year = 2021 RETURN count(q) AS posts", COUNT_2021])
    answer = agent.ask("How many posts in 2021?")
    assert answer.error is None and answer.rows == [{"posts": 11}] and answer.attempts == 2
    assert "cannot plan this query" in agent.fake_llm.seen[1]  # type: ignore[attr-defined]


# --- retries: a repeated failure is not generated a third time ------------------------------------------------
def test_a_repeated_failing_query_ends_the_greedy_attempts(fixture_store: Any) -> None:
    bad = "MATCH (p:Post) RETURN p.likes AS likes"
    agent = agent_for(fixture_store, [bad, bad, COUNT_2021], max_retries=2)
    answer = agent.ask("How popular were my posts in 2021?")
    assert answer.attempts == 2 and answer.error and not answer.rows  # the third reply was never asked for
    assert len(agent.fake_llm.seen) == 2  # type: ignore[attr-defined]


# --- self-consistency --------------------------------------------------------------------------------------------
def test_result_key_ignores_aliases_order_and_float_noise() -> None:
    assert result_key([{"n": 1, "t": "Dog"}, {"n": 2, "t": "cat"}]) == result_key(
        [{"topic": "cat", "posts": 2.0}, {"topic": "dog", "posts": 1.0000001}])
    assert result_key([{"n": 1}]) != result_key([{"n": 2}])
    assert result_key([{"xs": ["b", "a"]}]) == result_key([{"ys": ["a", "b"]}])


def test_sampled_candidates_are_voted_on_by_their_rows(fixture_store: Any) -> None:
    bad = "MATCH (p:Post) RETURN p.likes AS likes"
    other_2021 = "MATCH (p:Post) WHERE p.year >= 2021 AND p.year < 2022 RETURN count(*) AS n"
    # greedy: bad twice (repeat: stop); samples: 2022, 2021, 2021 written another way -> the 2021 count wins
    agent = agent_for(fixture_store, [bad, bad, COUNT_2022, COUNT_2021, other_2021], max_retries=2,
                      consistency_samples=3)
    answer = agent.ask("How many posts in 2021?")
    assert answer.error is None and answer.rows == [{"posts": 11}]
    assert answer.attempts == 5


def test_self_consistency_off_by_default_and_only_on_failure(fixture_store: Any) -> None:
    agent = agent_for(fixture_store, [COUNT_2021, COUNT_2022, COUNT_2022], consistency_samples=2)
    answer = agent.ask("How many posts in 2021?")
    assert answer.rows == [{"posts": 11}] and answer.attempts == 1  # a clean first answer: no samples
    assert agent_for(fixture_store, [COUNT_2021]).agent_settings.consistency_samples == 0


def test_no_clean_sample_keeps_the_polite_failure(fixture_store: Any) -> None:
    bad = "MATCH (p:Post) RETURN p.likes AS likes"
    agent = agent_for(fixture_store, [bad, bad, "nonsense", "MATCH (x:Photo) RETURN x"], max_retries=1,
                      consistency_samples=2)
    answer = agent.ask("How popular were my posts?")
    assert answer.error and not answer.rows and answer.answer.startswith("Sorry, I could not")


def test_sampling_model_copies_the_local_model_with_temperature_and_seed() -> None:
    local = SupervisedChatModel(worker=object(), stop=["<|im_end|>"])
    sampler = sampling_model(local, 0.7, seed=3)
    assert (sampler.temperature, sampler.seed, local.temperature) == (0.7, 3, None)
    assert sampler.worker is local.worker
    fake: Any = Example("q", "c")  # no pydantic fields: returned unchanged
    assert sampling_model(fake, 0.7, seed=1) is fake


# --- relationships must join the labels the schema says ---------------------------------------------------------
@pytest.mark.parametrize("cypher, message", [
    ("MATCH (p:Post)-[:MENTIONS]->(a:Entity {name: 'anna'})-[:MENTIONS]->(b:Entity {name: 'ben'}) RETURN p.id",
     "bind the Post once"),
    ("MATCH (i:Image)<-[:DEPICTS]-(t:Tag) RETURN t.name AS tag", "(:Image)<-[:DEPICTS]-(:Tag) does not exist"),
    ("MATCH (t:Tag) MATCH (t)-[:ABOUT]-(p:Post) RETURN t.name AS tag", ":ABOUT always goes (:Post)-[:ABOUT]->(:Topic)"),
])
def test_a_relationship_between_the_wrong_labels_is_refused_with_its_shape(cypher: str, message: str) -> None:
    from agent.cypher import check_cypher
    from core.errors import CypherRejected

    with pytest.raises(CypherRejected, match=re.escape(message)):
        check_cypher(cypher, 40)


def test_the_relationship_check_accepts_every_gold_and_example_query() -> None:
    import json

    from agent.cypher import check_cypher

    suite = Path(__file__).resolve().parents[2] / "research" / "agent_eval"
    queries = [e.cypher for e in load_examples()]
    for name in ("families.jsonl", "dev.jsonl"):
        queries += [json.loads(line)["cypher"] for line in (suite / name).read_text().splitlines() if line.strip()]
    for cypher in queries:  # undirected, chained, anonymous and re-bound patterns all pass
        check_cypher(cypher, 500)


def test_two_mentions_answered_after_the_shape_feedback(fixture_store: Any) -> None:
    wrong = "MATCH (p:Post)-[:MENTIONS]->(a:Entity {name: 'anna'})-[:MENTIONS]->(b:Entity) RETURN p.id AS post_id"
    right = ("MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'anna'}) MATCH (p)-[:MENTIONS]->(e:Entity) "
             "WHERE e.name <> 'anna' RETURN DISTINCT p.id AS post_id")
    agent = agent_for(fixture_store, [wrong, right])
    answer = agent.ask("Which posts mention Anna together with someone else?")
    assert answer.error is None and answer.attempts == 2
    assert answer.rows and answer.rows == fixture_store.query(right)
    assert "bind the Post once" in agent.fake_llm.seen[1]  # type: ignore[attr-defined]


def test_the_parser_hint_can_be_left_out_of_the_prompt(fixture_store: Any) -> None:
    question = "Which other topics appear together with beach?"  # the parser reads part of it, not all
    with_hint = scripted_agent(fixture_store, [COUNT_2021], fixture_store.settings)
    without = scripted_agent(fixture_store, [COUNT_2021], fixture_store.settings, parser_hint=False)
    with_hint.ask(question)
    without.ask(question)
    assert "Parser reading: subject=topic" in with_hint.fake_llm.seen[0]  # type: ignore[attr-defined]
    assert "Parser reading:" not in without.fake_llm.seen[0].split("Examples:")[-1]  # type: ignore[attr-defined]


def test_the_per_question_part_carries_values_not_instructions(fixture_store: Any) -> None:
    """What the grounding and hint sections mean is said once, in the cached system prompt; each question's own
    (evaluated) part carries only its values."""
    agent = scripted_agent(fixture_store, [COUNT_2021], fixture_store.settings)
    agent.ask("Which other topics appear together with beach?")
    prompt = agent.fake_llm.seen[0]  # type: ignore[attr-defined]
    system, question_part = prompt.split("Examples:", 1)
    assert '"Graph values:"' in system and '"Parser reading:"' in system
    assert "Graph values:\n- 'beach' -> Topic.name = 'beach'" in question_part
    assert "use these exact values" not in question_part and "write the part it could not" not in question_part


def test_every_library_example_runs_on_the_fixture_graph(fixture_store: Any) -> None:
    """The examples teach the model its output style: each one must pass the agent's own guard (validation, the
    engine's EXPLAIN, a read-only run) on a real graph."""
    graph = GuardedGraph(fixture_store, 500)
    for example in load_examples():
        try:
            graph.query(example.cypher)
        except QueryAttemptFailed as failed:
            pytest.fail(f"{example.question!r}: {failed.reason}")


def test_a_post_list_of_ids_is_answered_with_the_posts_captions(fixture_store: Any) -> None:
    """The examples return only p.id AS post_id for post lists (fewer tokens to read and write): the answer
    still shows each post's caption, read by id."""
    agent = agent_for(fixture_store, ["MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN p.id AS post_id"])
    answer = agent.ask("Which posts are about the beach, roughly?")
    assert answer.error is None and {"p01", "p02", "p25"} <= set(answer.post_ids)
    assert "Sunburnt and miserable" in answer.answer and "Sunny day at the beach with Max" in answer.answer
