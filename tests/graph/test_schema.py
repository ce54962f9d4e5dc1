"""graph/schema.py's one declaration against what is derived from it and what the loader really writes: a
graph written by graph/writer.py (real embedded FalkorDB) holds only declared labels, types and properties, with
the declared types; the store's constraints are the declared keys; the agent sees exactly the public part."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent import schema as agent_schema
from agent.cypher import check_cypher
from core.errors import CypherRejected
from graph import schema
from graph.writer import write_analyses
from tests.support.ui_collection import sample_analyses

DECLARED_NODES = {node.label: {p.name: p.type for p in node.properties} for node in schema.NODES}
DECLARED_RELS = {rel.type: {p.name: p.type for p in rel.properties} for rel in schema.RELATIONSHIPS}


def test_a_loaded_graph_holds_only_what_is_declared(falkordb_store: Any, tmp_path: Path) -> None:
    write_analyses(falkordb_store, sample_analyses(tmp_path / "photos"), "schema-test")
    falkordb_store.refresh_schema()
    sampled = falkordb_store.get_structured_schema
    assert set(sampled["node_props"]) == set(DECLARED_NODES)
    for label, props in sampled["node_props"].items():
        assert {p["property"]: p["type"] for p in props}.items() <= DECLARED_NODES[label].items(), label
    for rel_type, props in sampled["rel_props"].items():
        assert {p["property"]: p["type"] for p in props}.items() <= DECLARED_RELS[rel_type].items(), rel_type
    found = {(r["start"], r["type"], r["end"]) for r in sampled["relationships"]}
    assert found == {(r.start, r.type, r.end) for r in schema.RELATIONSHIPS}


def test_the_store_gets_a_unique_constraint_per_declared_key(falkordb_store: Any) -> None:
    constraints = {(c["labelsOrTypes"][0], tuple(c["properties"])) for c in falkordb_store.constraints()}
    assert constraints == {(node.label, node.key) for node in schema.NODES if node.unique}
    indexed = {(i["label"], prop) for i in falkordb_store.indexes() for prop in i["properties"]}
    assert {(node.label, prop) for node in schema.NODES for prop in (*node.key, *node.lookups)} <= indexed


def test_the_agent_sees_the_public_part_of_the_declaration() -> None:
    public = {node.label: [p.name for p in node.properties if not p.internal] for node in schema.NODES}
    assert {label: list(props) for label, props in agent_schema.NODE_PROPERTIES.items()} == public
    assert agent_schema.RELATIONSHIPS == [(r.start, r.type, r.end) for r in schema.RELATIONSHIPS]
    for label, props in public.items():
        assert f"(:{label} {{{', '.join(f'{p}: {DECLARED_NODES[label][p]}' for p in props)}}})" in \
            agent_schema.schema_text()


@pytest.mark.parametrize(("label", "prop"), [
    (node.label, p.name) for node in schema.NODES for p in node.properties
])
def test_the_validator_allows_public_and_refuses_internal_properties(label: str, prop: str) -> None:
    internal = {p.name for node in schema.NODES for p in node.properties if p.internal}
    internal |= {p.name for rel in schema.RELATIONSHIPS for p in rel.properties if p.internal}
    query = f"MATCH (n:{label}) RETURN n.{prop} AS x"
    if prop in internal and prop not in agent_schema.PROPERTIES:
        with pytest.raises(CypherRejected, match="unknown property"):
            check_cypher(query, 10)
    else:
        assert check_cypher(query, 10).text.startswith(query)
