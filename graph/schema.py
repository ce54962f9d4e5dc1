"""The graph schema: ONE declaration of FeedLens's labels, relationship types and properties (with their types
and meaning), and what is derived from it: the indexes and uniqueness constraints each backend gets, and the
agent's view (agent/schema.py: the prompt's schema text, the validator's names, the structured schema its
chain reads). Also what a store reads back from a live graph for langchain-neo4j (structured schema and text,
built by sampling with plain Cypher so it needs no APOC and runs on FalkorDB and Neo4j alike), which describes
whatever the database holds, including LangChain graph documents; tests check a loaded graph against the
declaration.
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
class Property:
    """One property: its name, its type (langchain-neo4j / APOC names: STRING, INTEGER, FLOAT, BOOLEAN, LIST) and
    what it means. `internal` marks the loader's bookkeeping and display details: not shown to the agent, whose
    validator refuses them."""

    name: str
    type: str
    meaning: str
    internal: bool = False


@dataclass(frozen=True)
class NodeType:
    """A label, the key the loader MERGEs it on (indexed; unique together unless `unique` is False), the
    properties looked up alone that a composite key's index does not serve, and its properties."""

    label: str
    key: tuple[str, ...]
    properties: tuple[Property, ...]
    unique: bool = True
    lookups: tuple[str, ...] = ()


@dataclass(frozen=True)
class RelationshipType:
    """A relationship type, the labels it joins and its properties."""

    start: str
    type: str
    end: str
    properties: tuple[Property, ...] = ()


def _p(name: str, kind: str, meaning: str, internal: bool = False) -> Property:
    return Property(name, kind, meaning, internal)


# What graph/writer.py writes (graph/queries UPSERT_*); the order is the order the agent's prompt lists them in.
NODES: tuple[NodeType, ...] = (
    NodeType("Post", ("id",), (
        _p("id", "STRING", "the post's unique id"),
        _p("caption", "STRING", "the caption text as posted"),
        _p("created_at", "STRING", "when it was posted: ISO-8601 UTC text like '2023-07-14T18:03:00Z'"),
        _p("year", "INTEGER", "the year of created_at"),
        _p("month", "INTEGER", "the month of created_at, 1-12"),
        _p("timestamp", "INTEGER", "created_at as Unix seconds"),
        _p("source", "STRING", "where the post was imported from (instagram, facebook, folder, a file...)"),
        _p("language", "STRING", "the caption's language code"),
        _p("sentiment", "STRING", "the final (fused) verdict: negative | neutral | positive"),
        _p("sentiment_score", "FLOAT", "the final verdict's polarity, -1 (negative) to 1 (positive)"),
        _p("caption_sentiment", "STRING", "the caption text's verdict"),
        _p("caption_sentiment_score", "FLOAT", "the caption text's polarity"),
        _p("image_sentiment", "STRING", "the photo's verdict"),
        _p("image_sentiment_score", "FLOAT", "the photo's polarity"),
        _p("caption_generated", "BOOLEAN", "true when the post had no caption and its text came from the photo"),
        _p("url", "STRING", "the post's web address, when the export has one"),
        _p("notes", "LIST", "extractors' remarks on the post", internal=True),
        _p("errors", "LIST", "extractor failures recorded for the post", internal=True),
        _p("content_hash", "STRING", "hash of the content loaded; set last, so a killed load re-extracts",
           internal=True),
        _p("pipeline", "STRING", "signature of the extractor versions that produced the findings", internal=True),
    )),
    NodeType("Image", ("id",), (
        _p("id", "STRING", "post id + '#img' + position"),
        _p("path", "STRING", "the image file"),
        _p("width", "INTEGER", "width in pixels"),
        _p("height", "INTEGER", "height in pixels"),
        _p("generated_caption", "STRING", "a caption generated from the photo"),
        _p("caption_confidence", "FLOAT", "the offline captioner's confidence in generated_caption, 0 to 1"),
        _p("caption_uncertain", "BOOLEAN", "true when generated_caption is below the captioner's confidence gate: "
           "a guess, not used as the post's text"),
        _p("format", "STRING", "the file format (JPEG, PNG...)", internal=True),
        _p("error", "STRING", "why the image could not be read", internal=True),
        _p("position", "INTEGER", "the image's place in its post, from 0", internal=True),
    )),
    NodeType("Sentiment", ("name",), (_p("name", "STRING", "negative | neutral | positive"),)),
    NodeType("Topic", ("name",), (
        _p("name", "STRING", "a theme shared by several posts, lower-case (named after its most telling word)"),
        _p("keywords", "LIST", "the words that describe the topic, most telling first"),
    )),
    NodeType("Keyphrase", ("name",), (_p("name", "STRING", "a phrase one caption is about, lower-case"),)),
    # merged on (name, label): the same name can be a PERSON and an ORG, so only the pair is unique
    NodeType("Entity", ("name", "label"), (
        _p("name", "STRING", "lower-case; hashtags and @mentions without # or @"),
        _p("label", "STRING", "upper-case spaCy label (PERSON, GPE, ORG, LOC, NORP, EVENT) or HASHTAG, MENTION"),
    ), lookups=("name",)),
    NodeType("Tag", ("name",), (
        _p("name", "STRING", "what a photo shows, lower-case"),
        _p("kind", "STRING", "the kind of thing: animal, food, scene, object..."),
    )),
)

RELATIONSHIPS: tuple[RelationshipType, ...] = (
    RelationshipType("Post", "HAS_IMAGE", "Image"),
    RelationshipType("Post", "HAS_SENTIMENT", "Sentiment", (
        _p("source", "STRING", "whose verdict: caption | image | combined"),
        _p("score", "FLOAT", "the verdict's polarity, -1 to 1"),
        _p("model", "STRING", "the model that gave the verdict", internal=True),
    )),
    RelationshipType("Post", "ABOUT", "Topic", (
        _p("score", "FLOAT", "how close the post is to the topic's centre (cosine, 0-1)"),
        _p("from_image", "BOOLEAN", "true when the post's text for topics came from its photo", internal=True),
    )),
    RelationshipType("Post", "HAS_KEYPHRASE", "Keyphrase", (
        _p("score", "FLOAT", "how well the phrase fits the caption"),
        _p("from_image", "BOOLEAN", "true when the phrase came from the photo's tags", internal=True),
    )),
    RelationshipType("Post", "MENTIONS", "Entity"),
    RelationshipType("Image", "DEPICTS", "Tag", (_p("score", "FLOAT", "the tagger's confidence"),)),
)


# --- derived: what each backend creates --------------------------------------------------------------------
def falkordb_index_statements() -> list[str]:
    """FalkorDB range indexes, one per property (a unique constraint needs an index on each of its properties)."""
    return [catalog.falkordb_index(node.label, prop)
            for node in NODES for prop in dict.fromkeys(node.key + node.lookups)]


def falkordb_constraint_args(graph_name: str) -> list[list[str | int]]:
    """Arguments of `GRAPH.CONSTRAINT CREATE` (a server command, not Cypher) for each unique key."""
    return [
        ["GRAPH.CONSTRAINT", "CREATE", graph_name, "UNIQUE", "NODE", node.label, "PROPERTIES", len(node.key), *node.key]
        for node in NODES if node.unique
    ]


def neo4j_schema_statements() -> list[str]:
    """Neo4j 5 constraints (each brings its own index) and indexes, idempotent through IF NOT EXISTS."""
    keys = [
        catalog.neo4j_unique_constraint(node.label, node.key) if node.unique
        else catalog.neo4j_index(node.label, node.key)
        for node in NODES
    ]
    return keys + [catalog.neo4j_index(node.label, (prop,)) for node in NODES for prop in node.lookups]


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
