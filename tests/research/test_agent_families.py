"""The generalisation suite is well formed: at least 200 scored phrasings in families, a deterministic split that
puts every phrasing in exactly one half, gold queries that run on the fixture graph and return rows, and
follow-up pairs kept together in one half."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from research.agent_eval.families import FAMILIES, family_items, split_of
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
