"""The graph schema as the agent sees it: labels, relationship types and properties, the text the prompt shows,
and langchain-neo4j's structured-schema dict (for GraphCypherQAChain and its corrector).

Derived from the one declaration in graph/schema.py, leaving out what it marks internal (the loader's
bookkeeping). Static on purpose: the prompt does not depend on sampling a possibly empty graph, and validation
can name the properties a label really has.
"""
from __future__ import annotations

from typing import Any

from graph import schema

NODE_PROPERTIES: dict[str, dict[str, str]] = {
    node.label: {p.name: p.type for p in node.properties if not p.internal} for node in schema.NODES
}

RELATIONSHIPS: list[tuple[str, str, str]] = [(rel.start, rel.type, rel.end) for rel in schema.RELATIONSHIPS]

RELATIONSHIP_PROPERTIES: dict[str, dict[str, str]] = {
    rel.type: {p.name: p.type for p in rel.properties if not p.internal}
    for rel in schema.RELATIONSHIPS if any(not p.internal for p in rel.properties)
}

LABELS = frozenset(NODE_PROPERTIES)
REL_TYPES = frozenset(rel for _, rel, _ in RELATIONSHIPS)
PROPERTIES = frozenset(p for props in (*NODE_PROPERTIES.values(), *RELATIONSHIP_PROPERTIES.values()) for p in props)

SEMANTICS = """\
Value conventions:
- Post.sentiment, Post.caption_sentiment, Post.image_sentiment and Sentiment.name are 'negative', 'neutral' \
or 'positive'.
- Post.sentiment is the final (fused) verdict; caption_sentiment comes from the text, image_sentiment from the photo.
- *_score properties are polarity numbers from -1 (negative) to 1 (positive).
- Topic.name, Tag.name and Entity.name are lower-case; compare with lower-case literals.
- Entity.label is upper-case: PERSON, GPE (places), ORG, LOC, NORP, EVENT, HASHTAG, MENTION.
  Hashtags and @mentions are Entity nodes with label 'HASHTAG' / 'MENTION' and the name without # or @.
- Tag.kind is the kind of thing a photo shows, e.g. 'animal', 'food', 'scene', 'object'.
- Image.generated_caption is a lower-case sentence describing the photo (written by the captioner for every image;
  Post.caption_generated is true when the post had no caption of its own). To find photos showing something, match
  its words: MATCH (p:Post)-[:HAS_IMAGE]->(i:Image) WHERE i.generated_caption CONTAINS 'dog'.
- Post.created_at is an ISO-8601 UTC string like '2023-07-14T18:03:00Z'; Post.year and Post.month are integers.
- Every post has an id; return p.id AS post_id whenever the answer is about posts."""

DIALECT = """\
Cypher dialect: the subset shared by Neo4j 5 and FalkorDB. Read-only: MATCH, OPTIONAL MATCH, WHERE, WITH,
UNWIND, RETURN, ORDER BY, SKIP, LIMIT only. Use toLower(), CONTAINS, STARTS WITH, IN, size(), collect(),
count(), avg(), sum(), min(), max(), coalesce(), DISTINCT. Do NOT use APOC, CALL, datetime(), date(),
COUNT {}, EXISTS {}, =~ regular expressions, label alternation (:A|B), or round(x, n)."""


def schema_text() -> str:
    """The schema as the prompt shows it: node properties, relationship properties and patterns."""
    nodes = "\n".join(
        f"(:{label} {{{', '.join(f'{k}: {v}' for k, v in props.items())}}})" for label, props in NODE_PROPERTIES.items()
    )
    rel_props = {
        rel: f" {{{', '.join(f'{k}: {v}' for k, v in props.items())}}}"
        for rel, props in RELATIONSHIP_PROPERTIES.items()
    }
    rels = "\n".join(f"(:{start})-[:{rel}{rel_props.get(rel, '')}]->(:{end})" for start, rel, end in RELATIONSHIPS)
    return f"Nodes:\n{nodes}\nRelationships:\n{rels}"


def structured_schema() -> dict[str, Any]:
    """langchain-neo4j's structured schema format (node_props, rel_props, relationships, metadata)."""
    return {
        "node_props": {label: [{"property": k, "type": v} for k, v in props.items()]
                       for label, props in NODE_PROPERTIES.items()},
        "rel_props": {rel: [{"property": k, "type": v} for k, v in props.items()]
                      for rel, props in RELATIONSHIP_PROPERTIES.items()},
        "relationships": [{"start": s, "type": r, "end": e} for s, r, e in RELATIONSHIPS],
        "metadata": {"constraint": [], "index": []},
    }
