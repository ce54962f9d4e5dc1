"""Shared pieces of the agent tests: a real embedded FalkorDB loaded with the agent fixture graph, a
scripted fake LLM, and a fingerprint of the whole graph to prove hostile questions changed nothing."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeListChatModel
from pydantic import Field

from agent.chain import CypherAgent
from agent.few_shot import FewShotSelector
from agent.restate import load_restate_examples
from research.agent_eval.fixture import load_fixture
from tests.support.graph_server import graph_settings

FINGERPRINT_QUERIES = (
    "MATCH (n) RETURN labels(n)[0] AS label, count(n) AS nodes ORDER BY label",
    "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS edges ORDER BY type",
    ("MATCH (p:Post) RETURN p.id AS id, p.caption AS caption, p.sentiment AS sentiment, "
     "p.sentiment_score AS score, p.year AS year ORDER BY id"),
    "MATCH (p:Post)-[r]->(x) RETURN p.id AS id, type(r) AS type, properties(x) AS target ORDER BY id, type",
)


def fingerprint(store: Any) -> list[list[dict[str, Any]]]:
    """Every label count, edge count, post and post edge: equal before and after means nothing changed."""
    rows = [store.query(q) for q in FINGERPRINT_QUERIES]
    rows[3] = sorted(rows[3], key=repr)
    return rows


class RecordingFakeLLM(FakeListChatModel):
    """FakeListChatModel that also keeps the text of every prompt it was sent."""

    seen: list[str] = Field(default_factory=list)

    def _call(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any) -> str:
        self.seen.append("\n".join(str(m.content) for m in messages))
        return super()._call(messages, stop, run_manager, **kwargs)


def scripted_agent(store: Any, responses: list[str], settings: Any, **agent_kw: Any) -> CypherAgent:
    """An agent whose LLM replies with `responses` in order (lexical few-shot: no torch in fast tests). The
    scripted replies are Cypher, so the rewording step (agent/restate.py) is off unless a test turns it on."""
    llm = RecordingFakeLLM(responses=responses, seen=[])
    agent_kw.setdefault("restate", False)
    agent = CypherAgent(store, llm, settings=settings.with_agent(**agent_kw),
                        selector=FewShotSelector(embedder=None),
                        restate_selector=FewShotSelector(load_restate_examples(), embedder=None))
    agent.fake_llm = llm  # type: ignore[attr-defined]  (tests read the prompts it saw)
    return agent


# what the fake LLM answers in parser tests: a question that reaches it gets this count, which no gold asks for
LLM_COUNT = "MATCH (p:Post) RETURN count(p) AS posts"
# a share query's RETURN: matching, total and percent (two decimals), for a WHERE-condition {cond}
SHARE = ("RETURN sum(CASE WHEN {cond} THEN 1 ELSE 0 END), count(p), "
         "round(10000.0 * sum(CASE WHEN {cond} THEN 1 ELSE 0 END) / count(p)) / 100")


def parser_agent(store: Any) -> CypherAgent:
    """An agent on `store` whose fake LLM only ever answers LLM_COUNT (so an LLM-routed answer is recognisable)."""
    return scripted_agent(store, [LLM_COUNT] * 3, store.settings)


def last_answer(store: Any, turns: list[str]) -> Any:
    """The answer to the last of `turns` asked in one chat, each earlier turn checked to be answered by the parser."""
    agent = parser_agent(store)
    for turn in turns[:-1]:
        answer = agent.ask(turn)
        assert answer.route == "parser", (turn, answer.answer)
    return agent.ask(turns[-1])


# WHERE conditions on `p` for gold sets: about a topic, a photo showing a tag, naming an entity (format with the name)
ABOUT_TOPIC = "(p)-[:ABOUT]->(:Topic {{name: '{}'}})"
SHOWS_TAG = "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {{name: '{}'}})"
NAMES_ENTITY = "(p)-[:MENTIONS]->(:Entity {{name: '{}'}})"


def assert_last_turn_lists(store: Any, turns: list[str], where: str, not_every: bool = False) -> None:
    """The last of `turns` is answered by the parser with the posts satisfying `where` (some posts; with `not_every`,
    not every post of the graph either)."""
    gold = post_ids_where(store, where)
    assert gold and not (not_every and gold == post_ids_where(store, "true"))
    answer = last_answer(store, turns)
    assert answer.route == "parser" and answered_post_ids(answer) == gold, (answer.answer, answer.cypher)


def assert_last_turn_counts(store: Any, turns: list[str], where: str) -> None:
    """The last of `turns` is answered by the parser with the number of posts satisfying `where` (some posts, not
    all of them)."""
    gold = len(post_ids_where(store, where))
    assert 0 < gold < len(post_ids_where(store, "true"))
    answer = last_answer(store, turns)
    assert answer.route == "parser" and [list(r.values()) for r in answer.rows] == [[gold]], answer.answer


def same_rows(answer: Any, gold: list[dict[str, Any]], ignore_extra_columns: bool = False) -> bool:
    """The answer's rows hold the gold values (column names aside), as multisets; with `ignore_extra_columns`,
    answer columns beyond the gold's (a post's caption and date) are not compared."""
    width = len(gold[0]) if gold and ignore_extra_columns else None

    def table(rows: list[dict[str, Any]]) -> Counter:
        return Counter(tuple(round(v, 2) if isinstance(v, float) else v for v in list(row.values())[:width])
                       for row in rows)
    return table(answer.rows) == table(gold)


def post_ids_where(store: Any, where: str) -> set[str]:
    """The ids of the posts that satisfy a Cypher WHERE condition on `p` (a test's gold set)."""
    return {str(r["id"]) for r in store.query(f"MATCH (p:Post) WHERE {where} RETURN p.id AS id")}


def answered_post_ids(answer: Any) -> set[str]:
    """The ids of the posts an answer's rows list (a listing's or a ranking's post_id column)."""
    return {str(r["post_id"]) for r in answer.rows}


def first_value(store: Any, query: str) -> Any:
    """The first column of a gold query's first row (a count, an average)."""
    return next(iter(store.query(query)[0].values()))


def assert_parsed_to(store: Any, question: str, gold_query: str, ignore_extra_columns: bool = False) -> None:
    """`question`, asked afresh, is answered by the parser with the rows of `gold_query` (see same_rows)."""
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", (question, answer.answer)
    assert same_rows(answer, store.query(gold_query), ignore_extra_columns), (question, answer.cypher, answer.rows)

def fixture_graph(home: Path, graph_name: str, **settings: Any) -> Iterator[Any]:
    """A FalkorDB store on the session server holding the agent fixture graph under its own name; cleared and
    closed afterwards. For module fixtures: `yield from fixture_graph(falkordb_home, "my_test")`."""
    from graph.falkordb_store import FalkorDBStore

    store = FalkorDBStore(graph_settings(home, graph_name=graph_name, **settings))
    load_fixture(store)
    try:
        yield store
    finally:
        store.clear()
        store.close()


def analyses_graph(home: Path, graph_name: str, items: list[Any], pipeline: str = "test",
                   **settings: Any) -> Iterator[Any]:
    """A FalkorDB store on the session server holding `items` (PostAnalysis, written as a load writes them) under
    its own name; cleared and closed afterwards. For module fixtures whose graph is not the agent fixture as is."""
    from graph.falkordb_store import FalkorDBStore
    from graph.writer import write_analyses

    store = FalkorDBStore(graph_settings(home, graph_name=graph_name, **settings))
    store.clear()
    store.ensure_schema()
    write_analyses(store, items, pipeline=pipeline)
    try:
        yield store
    finally:
        store.clear()
        store.close()


def engine_fixture_graph(request: Any, graph_name: str, **settings: Any) -> Iterator[Any]:
    """The agent fixture graph on the engine `request.param` names (a module fixture with params=ENGINES from
    tests/support/graph_server.py)."""
    if request.param == "falkordb":
        yield from fixture_graph(request.getfixturevalue("falkordb_home"), graph_name, **settings)
    else:
        home = request.getfixturevalue("tmp_path_factory").mktemp(graph_name)
        yield from neo4j_fixture_graph(request.getfixturevalue("neo4j_endpoint"), home, **settings)


def neo4j_fixture_graph(endpoint: Any, home: Path, **settings: Any) -> Iterator[Any]:
    """A Neo4jStore on the session's Neo4j holding the agent fixture graph. Community has one database, so it is
    cleared first and after (modules run one after another)."""
    from graph.neo4j_store import Neo4jStore
    from tests.support.graph_server import neo4j_settings

    store = Neo4jStore(neo4j_settings(home, endpoint, **settings))
    store.clear()
    store.ensure_schema()
    load_fixture(store)
    try:
        yield store
    finally:
        store.clear()
        store.close()


def suite_phrasings() -> set[str]:
    """Every phrasing of every evaluation suite (research/agent_eval/families*.jsonl), lower-cased: unit tests of the
    parser use other wordings, so a suite's score is not a score on the tests' own examples."""
    suite: set[str] = set()
    for path in (Path(__file__).resolve().parents[2] / "research" / "agent_eval").glob("families*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            for question in json.loads(line)["questions"]:
                suite.update(q.lower() for q in (question if isinstance(question, list) else [question]))
    return suite
