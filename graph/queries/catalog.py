"""Cypher that sets up and reads back the database's catalog: the indexes and uniqueness constraints the loader
relies on (derived from the key declarations in graph/schema.py), the labels, types and sampled properties that
describe a live graph, and each engine's listing of its constraints and indexes.

Labels, relationship types and property names cannot be parameters in Cypher. Here they come from the schema
declaration (plain names, checked) or from the database's own catalog (backtick-quoted; a name containing a
backtick cannot be quoted and is refused).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _plain(name: str) -> str:
    """A declared label or property name, which needs no quoting."""
    if not _PLAIN_NAME.fullmatch(name):
        raise ValueError(f"not a plain label or property name: {name!r}")
    return name


def quotable(name: str) -> bool:
    """Whether `name` can be written as a backtick-quoted label or type (FalkorDB has no escape for a backtick)."""
    return bool(name) and "`" not in name


def backticked(name: str) -> str:
    """`name` in backticks, for labels and types that come from data rather than from the schema declaration."""
    if not quotable(name):
        raise ValueError(f"cannot quote the name {name!r}: it is empty or contains a backtick")
    return f"`{name}`"


# --- setting up: what the loader's MERGEs look nodes up by -------------------------------------------------------
def falkordb_index(label: str, prop: str) -> str:
    """A FalkorDB range index on one property (a unique constraint needs one on each of its properties)."""
    return f"CREATE INDEX FOR (n:{_plain(label)}) ON (n.{_plain(prop)})"


def _neo4j_name(label: str, props: Sequence[str]) -> str:
    return f"feedlens_{_plain(label).lower()}_{'_'.join(_plain(p) for p in props)}"


def neo4j_unique_constraint(label: str, props: Sequence[str]) -> str:
    """A Neo4j 5 uniqueness constraint over `props` together (it brings its own index); idempotent."""
    columns = ", ".join(f"n.{_plain(p)}" for p in props)
    target = columns if len(props) == 1 else f"({columns})"
    return (f"CREATE CONSTRAINT {_neo4j_name(label, props)} IF NOT EXISTS FOR (n:{_plain(label)}) "
            f"REQUIRE {target} IS UNIQUE")


def neo4j_index(label: str, props: Sequence[str]) -> str:
    """A Neo4j 5 range index over `props`; idempotent."""
    columns = ", ".join(f"n.{_plain(p)}" for p in props)
    return f"CREATE INDEX {_neo4j_name(label, props)} IF NOT EXISTS FOR (n:{_plain(label)}) ON ({columns})"


# --- reading back: the live graph's labels, types and properties (plain Cypher, no APOC) ------------------------
LIST_LABELS = "CALL db.labels() YIELD label RETURN label"
LIST_RELATIONSHIP_TYPES = "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType"


def sample_node_properties(label: str) -> str:
    """The properties of up to $sample nodes of one label."""
    return f"MATCH (n:{backticked(label)}) WITH n LIMIT $sample RETURN properties(n) AS props"


def sample_relationships(rel_type: str) -> str:
    """End labels and properties of up to $sample relationships of one type."""
    return (f"MATCH (a)-[r:{backticked(rel_type)}]->(b) WITH a, r, b LIMIT $sample "
            "RETURN labels(a) AS start, properties(r) AS props, labels(b) AS end")


# --- each engine's own listing of constraints and indexes -------------------------------------------------------
FALKORDB_CONSTRAINTS = ("CALL db.constraints() YIELD type, label, properties, entitytype, status "
                        "RETURN type, label, properties, entitytype, status")
FALKORDB_INDEXES = ("CALL db.indexes() YIELD label, properties, types, entitytype, status "
                    "RETURN label, properties, types, entitytype, status")
NEO4J_CONSTRAINTS = "SHOW CONSTRAINTS"
NEO4J_RANGE_INDEXES = ("SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, state "
                       "WHERE type = 'RANGE' RETURN *")
