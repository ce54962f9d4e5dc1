"""The graph schema, both ways: what FeedLens creates (indexes, uniqueness per backend) and what it reads back
for the text-to-Cypher agent (langchain-neo4j's structured schema and its text format, built by sampling with
plain Cypher so it needs no APOC and runs on FalkorDB and Neo4j alike).
"""
from __future__ import annotations

import datetime as dt
import logging
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from graph.queries import catalog

logger = logging.getLogger(__name__)

Row = dict[str, Any]
ReadFn = Callable[[str, Mapping[str, Any] | None], list[Row]]


@dataclass(frozen=True)
class NodeKey:
    """One indexed node key; `unique` adds a uniqueness constraint over all `properties` together."""

    label: str
    properties: tuple[str, ...]
    unique: bool = True


# Entity is merged on (name, label): the same name can be a PERSON and an ORG, so only the pair is unique.
NODE_KEYS: tuple[NodeKey, ...] = (
    NodeKey("Post", ("id",)),
    NodeKey("Image", ("id",)),
    NodeKey("Topic", ("name",)),
    NodeKey("Tag", ("name",)),
    NodeKey("Sentiment", ("name",)),
    NodeKey("Entity", ("name", "label")),
)


# --- schema statements -----------------------------------------------------------------------------------------
def falkordb_index_statements() -> list[str]:
    """FalkorDB range indexes, one per property (a unique constraint needs an index on each of its properties)."""
    return [catalog.falkordb_index(key.label, prop) for key in NODE_KEYS for prop in key.properties]


def falkordb_constraint_args(graph_name: str) -> list[list[str | int]]:
    """Arguments of `GRAPH.CONSTRAINT CREATE` (a server command, not Cypher) for each unique key."""
    return [
        ["GRAPH.CONSTRAINT", "CREATE", graph_name, "UNIQUE", "NODE", key.label, "PROPERTIES",
         len(key.properties), *key.properties]
        for key in NODE_KEYS if key.unique
    ]


def neo4j_schema_statements() -> list[str]:
    """Neo4j 5 constraints (each brings its own index) and indexes, idempotent through IF NOT EXISTS."""
    statements = [
        catalog.neo4j_unique_constraint(key.label, key.properties) if key.unique
        else catalog.neo4j_index(key.label, key.properties)
        for key in NODE_KEYS
    ]
    # a composite constraint does not serve lookups by name alone
    statements.append(catalog.neo4j_index("Entity", ("name",)))
    return statements


# --- values ----------------------------------------------------------------------------------------------------
def to_param(value: Any) -> Any:
    """A query parameter both engines accept: dates become ISO strings, NaN/inf become null.

    FalkorDB's client writes parameters into a `CYPHER k=v` header with str() for unknown types, so anything
    but plain JSON-like values is refused here rather than pasted into the query text.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): to_param(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_param(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # numpy scalars
        return to_param(value.item())
    raise TypeError(f"cannot send a {type(value).__name__} as a query parameter")


def to_params(params: Mapping[str, Any] | None) -> dict[str, Any]:
    return {str(k): to_param(v) for k, v in (params or {}).items()}


def property_type(value: Any) -> str | None:
    """The langchain-neo4j / APOC type name of one property value."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "INTEGER"
    if isinstance(value, float):
        return "FLOAT"
    if isinstance(value, str):
        return "STRING"
    if isinstance(value, (list, tuple)):
        return "LIST"
    if isinstance(value, dt.datetime):
        return "DATE_TIME"
    if isinstance(value, dt.date):
        return "DATE"
    if isinstance(value, Mapping):
        return "MAP"
    name = type(value).__name__
    return {"DateTime": "DATE_TIME", "Date": "DATE", "Time": "TIME", "Duration": "DURATION"}.get(name, name.upper())


# --- structured schema by sampling -----------------------------------------------------------------------------
EXCLUDED_LABELS = frozenset({"_Bloom_Perspective_", "_Bloom_Scene_", "__Entity__", "__KGBuilder__"})
EXCLUDED_RELS = frozenset({"_Bloom_HAS_SCENE_"})


def _merge_types(samples: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    seen: dict[str, str] = {}
    for props in samples:
        for key, value in props.items():
            kind = property_type(value)
            if kind is not None and key not in seen:
                seen[key] = kind
    return [{"property": key, "type": kind} for key, kind in sorted(seen.items())]


def sample_structured_schema(read: ReadFn, sample: int = 1000) -> dict[str, Any]:
    """node_props, rel_props and relationships of the live graph, from up to `sample` nodes/edges per type.

    Labels and types come from db.labels()/db.relationshipTypes(); properties from properties() of sampled
    entities, typed in Python (FalkorDB has no valueType(), Neo4j without APOC no apoc.meta.data).
    """
    labels = sorted(row["label"] for row in read(catalog.LIST_LABELS, None))
    rel_types = sorted(row["relationshipType"] for row in read(catalog.LIST_RELATIONSHIP_TYPES, None))
    node_props: dict[str, list[dict[str, str]]] = {}
    for label in labels:
        if not catalog.quotable(label) or label in EXCLUDED_LABELS:  # skipped, never pasted raw
            continue
        rows = read(catalog.sample_node_properties(label), {"sample": sample})
        if rows:  # a label only an index mentions (no nodes yet) is not part of the data's schema
            node_props[label] = _merge_types([row["props"] or {} for row in rows])
    rel_props: dict[str, list[dict[str, str]]] = {}
    relationships: list[dict[str, str]] = []
    for rel_type in rel_types:
        if not catalog.quotable(rel_type) or rel_type in EXCLUDED_RELS:
            continue
        rows = read(catalog.sample_relationships(rel_type), {"sample": sample})
        props = _merge_types([row["props"] or {} for row in rows])
        if props:
            rel_props[rel_type] = props
        pairs = {
            (start, end)
            for row in rows for start in row["start"] for end in row["end"]
            if start not in EXCLUDED_LABELS and end not in EXCLUDED_LABELS
        }
        relationships.extend({"start": s, "type": rel_type, "end": e} for s, e in sorted(pairs))
    return {"node_props": node_props, "rel_props": rel_props, "relationships": relationships}


def format_schema(structured: Mapping[str, Any]) -> str:
    """The text Neo4jGraph.get_schema gives (neo4j_graphrag.schema.format_schema, non-enhanced form)."""
    def props(mapping: Mapping[str, list[dict[str, str]]]) -> list[str]:
        lines = []
        for name, plist in mapping.items():
            joined = ", ".join(f"{p['property']}: {p['type']}" for p in plist)
            lines.append(f"{name} {{{joined}}}")
        return lines

    rels = [f"(:{r['start']})-[:{r['type']}]->(:{r['end']})" for r in structured.get("relationships", [])]
    return "\n".join([
        "Node properties:", "\n".join(props(structured.get("node_props", {}))),
        "Relationship properties:", "\n".join(props(structured.get("rel_props", {}))),
        "The relationships:", "\n".join(rels),
    ])
