"""The generalisation suite is well formed: at least 200 scored phrasings in families, a deterministic split that
puts every phrasing in exactly one half, gold queries that run on the fixture graph and return rows, and
follow-up pairs kept together in one half. The demo and MVSA families name their graph, have a gold query (or
expect a "not in the graph" decline), and (slow) their gold queries run on the graphs `make demo` and the MVSA
loader build."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from research.agent_eval.families import (
    CASUAL,
    EIGHTH,
    FAMILIES,
    FIFTH,
    FOURTH,
    GRAPH_FILES,
    NINTH,
    NOT_IN_GRAPH,
    SEVENTH,
    SIXTH,
    STRANGER,
    TENTH,
    THIRD,
    family_items,
    split_of,
    suite_items,
)
from tests.support.agent_helpers import fixture_graph
from tests.support.graph_server import falkordb_home  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_families_test")


def test_at_least_200_scored_phrasings_split_into_two_halves() -> None:
    scored = [i for i in family_items() if not i.get("context_only")]
    assert len(scored) >= 200
    halves = Counter(i["split"] for i in scored)
    assert set(halves) == {"dev", "heldout"} and min(halves.values()) >= 0.35 * len(scored)
    assert len(family_items(split="dev")) + len(family_items(split="heldout")) == len(family_items())


def test_the_split_is_a_pure_function_of_the_phrasing() -> None:
    assert split_of("count/all", "How many posts do I have?") == split_of("count/all", "How many posts do I have?")
    for line in FAMILIES.read_text(encoding="utf-8").splitlines():
        family = json.loads(line)
        assert len(family["questions"]) >= 3, family["family"]


def test_follow_up_pairs_stay_together(store: Any) -> None:
    items = family_items()
    for n, item in enumerate(items):
        if item.get("follow_up_of"):
            first = items[n - 1]
            assert first["id"] == item["follow_up_of"] and first["split"] == item["split"]


def test_every_gold_query_runs_and_returns_rows(store: Any) -> None:
    for line in FAMILIES.read_text(encoding="utf-8").splitlines():
        family = json.loads(line)
        assert store.query(family["cypher"]), family["family"]


def test_the_demo_and_mvsa_families_name_their_graph_and_their_gold() -> None:
    for graph in ("demo", "mvsa"):
        lines = GRAPH_FILES[graph].read_text(encoding="utf-8").splitlines()
        assert len(lines) >= 20, graph
        for line in lines:
            family = json.loads(line)
            assert family["graph"] == graph and len(family["questions"]) >= 3, family["family"]
            assert bool(family.get("cypher")) != (family.get("expect") == NOT_IN_GRAPH), family["family"]
    new = [i for i in suite_items(("demo", "mvsa")) if not i.get("context_only")]
    assert len(new) >= 150 and {i["split"] for i in new} == {"dev", "heldout"}
    names = [json.loads(line)["family"] for path in (*GRAPH_FILES.values(), CASUAL, STRANGER, THIRD, FOURTH, FIFTH,
                                                         SIXTH, SEVENTH, EIGHTH, NINTH, TENTH)
             for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(names) == len(set(names)), "family names are unique across the files"


def _casual_families(graph: str | None = None, path: Path = CASUAL) -> list[dict[str, Any]]:
    families = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [f for f in families if graph is None or f["graph"] == graph]


def _added_families(graph: str) -> list[dict[str, Any]]:
    return [family for path in (CASUAL, STRANGER, THIRD, FOURTH, FIFTH, SIXTH, SEVENTH, EIGHTH, NINTH, TENTH)
            for family in _casual_families(graph, path)]


def test_the_casual_families_name_their_graph_and_gold_and_split_into_both_halves() -> None:
    families = _casual_families()
    assert len(families) >= 15
    for family in families:
        assert family["graph"] in GRAPH_FILES and len(family["questions"]) >= 4, family["family"]
        assert bool(family.get("cypher")) != (family.get("expect") == NOT_IN_GRAPH), family["family"]
    scored = [i for i in suite_items(suites=("casual",)) if not i.get("context_only")]
    assert {i["split"] for i in scored} == {"dev", "heldout"}
    halves = [suite_items(split=split, suites=("casual",)) for split in ("dev", "heldout")]
    assert len(halves[0]) + len(halves[1]) == len(suite_items(suites=("casual",)))


def test_the_stranger_families_cover_15_intents_in_5_phrasings_over_all_graphs_and_both_halves() -> None:
    families = _casual_families(path=STRANGER)
    assert len(families) >= 15 and {f["graph"] for f in families} == set(GRAPH_FILES)
    for family in families:
        assert family["graph"] in GRAPH_FILES and len(family["questions"]) >= 5, family["family"]
        assert bool(family.get("cypher")) != (family.get("expect") == NOT_IN_GRAPH), family["family"]
    scored = [i for i in suite_items(suites=("stranger",)) if not i.get("context_only")]
    assert len(scored) >= 75 and {i["split"] for i in scored} == {"dev", "heldout"}
    halves = [suite_items(split=split, suites=("stranger",)) for split in ("dev", "heldout")]
    assert len(halves[0]) + len(halves[1]) == len(suite_items(suites=("stranger",)))
    assert not {i["id"] for i in scored} & {i["id"] for i in suite_items(suites=("original", "casual"))}


def test_the_third_families_cover_the_kinds_in_5_phrasings_over_all_graphs_and_both_halves() -> None:
    families = _casual_families(path=THIRD)
    kinds = Counter(f["family"].split("/")[0] for f in families)
    assert len(families) == 20 and {f["graph"] for f in families} == set(GRAPH_FILES)
    assert set(kinds) == {"count", "share", "rank", "threshold", "time", "negation", "caption-image", "follow"}
    for family in families:
        assert len(family["questions"]) == 5 and family["cypher"], family["family"]
    scored = [i for i in suite_items(suites=("third",)) if not i.get("context_only")]
    assert len(scored) == 100 and {i["split"] for i in scored} == {"dev", "heldout"}
    halves = [suite_items(split=split, suites=("third",)) for split in ("dev", "heldout")]
    assert len(halves[0]) + len(halves[1]) == len(suite_items(suites=("third",)))
    assert not {i["id"] for i in scored} & {i["id"] for i in suite_items(suites=("original", "casual", "stranger"))}


def test_the_fourth_families_cover_the_kinds_in_5_phrasings_over_all_graphs_and_both_halves() -> None:
    families = _casual_families(path=FOURTH)
    kinds = Counter(f["family"].split("/")[0] for f in families)
    assert len(families) == 20 and Counter(f["graph"] for f in families) == {"fixture": 7, "demo": 6, "mvsa": 7}
    assert set(kinds) == {"count", "share", "rank", "threshold", "time", "negation", "caption-image", "follow"}
    assert max(kinds.values()) <= 3
    for family in families:
        assert len(family["questions"]) == 5 and family["cypher"], family["family"]
    scored = [i for i in suite_items(suites=("fourth",)) if not i.get("context_only")]
    assert len(scored) == 100 and {i["split"] for i in scored} == {"dev", "heldout"}
    halves = [suite_items(split=split, suites=("fourth",)) for split in ("dev", "heldout")]
    assert len(halves[0]) + len(halves[1]) == len(suite_items(suites=("fourth",)))
    earlier = suite_items(suites=("original", "casual", "stranger", "third"))
    assert not {i["id"] for i in scored} & {i["id"] for i in earlier}
    # a whole question is not repeated from an earlier suite (a follow-up's second part, "and in 2021?", may be)
    whole = {i["question"].lower() for i in suite_items(suites=("fourth",)) if not i.get("follow_up_of")}
    assert not whole & {i["question"].lower() for i in earlier}


@pytest.mark.parametrize("suite, path, earlier_suites", [
    ("fifth", FIFTH, ("original", "casual", "stranger", "third", "fourth")),
    ("sixth", SIXTH, ("original", "casual", "stranger", "third", "fourth", "fifth")),
    ("seventh", SEVENTH, ("original", "casual", "stranger", "third", "fourth", "fifth", "sixth")),
    ("eighth", EIGHTH, ("original", "casual", "stranger", "third", "fourth", "fifth", "sixth", "seventh")),
    ("ninth", NINTH, ("original", "casual", "stranger", "third", "fourth", "fifth", "sixth", "seventh",
                      "eighth")),
    ("tenth", TENTH, ("original", "casual", "stranger", "third", "fourth", "fifth", "sixth", "seventh",
                      "eighth", "ninth")),
])
def test_a_blind_round_covers_the_kinds_in_5_phrasings_over_all_graphs_and_both_halves(
        suite: str, path: Path, earlier_suites: tuple[str, ...]) -> None:
    families = _casual_families(path=path)
    kinds = Counter(f["family"].split("/")[0] for f in families)
    assert len(families) == 20 and Counter(f["graph"] for f in families) == {"fixture": 7, "demo": 6, "mvsa": 7}
    assert set(kinds) == {"count", "share", "rank", "threshold", "time", "negation", "caption-image", "follow",
                          "unanswerable"}
    assert max(kinds.values()) <= 3 and kinds["unanswerable"] <= 2
    for family in families:
        assert len(family["questions"]) == 5, family["family"]
        assert bool(family.get("cypher")) != (family.get("expect") == NOT_IN_GRAPH), family["family"]
    scored = [i for i in suite_items(suites=(suite,)) if not i.get("context_only")]
    assert len(scored) == 100 and {i["split"] for i in scored} == {"dev", "heldout"}
    for graph in GRAPH_FILES:
        assert {i["split"] for i in scored if i["graph"] == graph} == {"dev", "heldout"}, graph
    halves = [suite_items(split=split, suites=(suite,)) for split in ("dev", "heldout")]
    assert len(halves[0]) + len(halves[1]) == len(suite_items(suites=(suite,)))
    earlier = suite_items(suites=earlier_suites)
    assert not {i["id"] for i in scored} & {i["id"] for i in earlier}
    # a whole question is not repeated from an earlier suite (a follow-up's second part may be)
    whole = {i["question"].lower() for i in suite_items(suites=(suite,)) if not i.get("follow_up_of")}
    assert not whole & {i["question"].lower() for i in earlier}


def test_the_casual_and_stranger_fixture_gold_queries_run_and_return_rows(store: Any) -> None:
    for family in _added_families("fixture"):
        if family.get("cypher"):
            assert store.query(family["cypher"]), family["family"]


def test_a_not_in_graph_item_is_right_only_as_a_decline_that_says_what_the_graph_holds() -> None:
    from agent.answer import AgentAnswer
    from research.agent_eval.evaluate import declined_with_graph_holds

    holds = "Your graph does not record likes. Your graph holds 37 posts with their date"
    assert declined_with_graph_holds(AgentAnswer("q", answer=holds, error="the graph holds no likes"))
    assert not declined_with_graph_holds(AgentAnswer("q", answer="3 posts.", rows=[{"n": 3}]))
    assert not declined_with_graph_holds(AgentAnswer("q", answer="Sorry, something went wrong"))


def _gold_runs_on(store: Any, graph: str) -> None:
    families = [json.loads(line) for line in GRAPH_FILES[graph].read_text(encoding="utf-8").splitlines()]
    for family in families + _added_families(graph):
        if family.get("cypher"):
            store.query(family["cypher"])  # raises on a query the graph rejects; empty answers are intended


@pytest.mark.slow
def test_demo_gold_queries_run_on_the_demo_graph() -> None:
    from research.agent_eval.evaluate import suite_store

    store = suite_store("demo")
    try:
        assert store.query("MATCH (p:Post) RETURN count(p) AS n")[0]["n"] == 37
        _gold_runs_on(store, "demo")
        # the values the families were written about are the ones this load gives
        assert store.query("MATCH (t:Topic {name: 'space'}) RETURN t") and not store.query(
            "MATCH (e:Entity {name: 'rome'}) RETURN e")
    finally:
        store.close()


@pytest.mark.slow
def test_mvsa_gold_queries_run_on_the_mvsa_graph(shared_data: Path) -> None:
    from research.agent_eval.evaluate import _mvsa_store

    store = _mvsa_store(data=shared_data / "mvsa")
    assert store is not None
    try:
        assert store.query("MATCH (p:Post) RETURN count(p) AS n")[0]["n"] == 200
        _gold_runs_on(store, "mvsa")
    finally:
        store.close()


def test_the_route_table_times_the_questions_the_model_answered_apart_from_those_answered_without_it() -> None:
    from research.agent_eval.evaluate import ItemResult, route_lines

    def item(route: str, attempts: int, seconds: float, correct: bool = True) -> ItemResult:
        return ItemResult({"id": "x"}, correct, seconds, attempts, "", None, route)

    results = [item("parser", 0, 0.01), item("llm", 0, 0.0), item("llm", 0, 0.0), item("llm", 1, 4.0),
               item("llm", 2, 9.0, correct=False), item("llm", 1, 5.0)]
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:] for line in route_lines(results)[3:]}
    assert rows["parser"][:2] == ["1", "1/1"]
    assert rows["llm"][:3] == ["5", "4/5", "4.00"]  # the two answered without a generation pull the median down
    assert rows["llm, model ran"][:3] == ["3", "2/3", "5.00"]


def test_a_follow_up_of_three_turns_is_one_chat_scored_on_its_last_turn(tmp_path: Path) -> None:
    from research.agent_eval.evaluate import only_ids

    path = tmp_path / "families_three_turns.jsonl"
    path.write_text(json.dumps({"family": "follow-up/three", "graph": "fixture", "cypher": "RETURN 1 AS n",
                                "questions": [["first turn", "second turn", "third turn"]]}) + "\n", encoding="utf-8")
    items = family_items(path)
    assert [i["question"] for i in items] == ["first turn", "second turn", "third turn"]
    assert [bool(i.get("context_only")) for i in items] == [True, True, False]
    assert items[1]["follow_up_of"] == items[0]["id"] and items[2]["follow_up_of"] == items[1]["id"]
    assert "follow_up_of" not in items[0] and len({i["id"] for i in items}) == 3
    assert only_ids(items, items[2]["id"]) == items  # the last turn asked alone brings both turns before it
