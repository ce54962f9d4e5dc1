"""The graph schema as the agent sees it: labels, relationship types and properties, the text the prompt shows,
and langchain-neo4j's structured-schema dict (for GraphCypherQAChain and its corrector).

Derived from the one declaration in graph/schema.py, leaving out what it marks internal (the loader's
bookkeeping). Static on purpose: the prompt does not depend on sampling a possibly empty graph, and validation
can name the properties a label really has.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
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
- Image.generated_caption is a lower-case sentence describing the photo, written by the captioner; it is missing
  where the captioner was not sure of its sentence (Post.caption_generated is true when the post had no caption of
  its own). To find photos showing something, use its Tag:
  MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'}).
- Post.created_at is an ISO-8601 UTC string like '2023-07-14T18:03:00Z'; Post.year and Post.month are integers.
  Dates are on Post only: an Image has none (reach it from its post).
- Post.language is a two-letter ISO 639-1 code ('en', 'de', 'fr', ...), 'und' when the caption is too short to
  tell.
- Every post has an id; return p.id AS post_id whenever the answer is about posts."""

DIALECT = """\
Cypher dialect: the subset shared by Neo4j 5 and FalkorDB. Read-only: MATCH, OPTIONAL MATCH, WHERE, WITH,
UNWIND, RETURN, ORDER BY, SKIP, LIMIT only. Use toLower(), CONTAINS, STARTS WITH, IN, size(), collect(),
count(), avg(), sum(), min(), max(), coalesce(), DISTINCT. Do NOT use APOC, CALL, datetime(), date(),
COUNT {}, EXISTS {}, =~ regular expressions, label alternation (:A|B), or round(x, n)."""


def schema_text(labels: Iterable[str] | None = None) -> str:
    """The schema as the prompt shows it: node properties, relationship properties and patterns; only `labels`
    (and the relationships between them) when given, in the declaration's order."""
    keep = LABELS if labels is None else frozenset(labels)
    nodes = "\n".join(
        f"(:{label} {{{', '.join(f'{k}: {v}' for k, v in props.items())}}})"
        for label, props in NODE_PROPERTIES.items() if label in keep
    )
    rel_props = {
        rel: f" {{{', '.join(f'{k}: {v}' for k, v in props.items())}}}"
        for rel, props in RELATIONSHIP_PROPERTIES.items()
    }
    rels = "\n".join(f"(:{start})-[:{rel}{rel_props.get(rel, '')}]->(:{end})" for start, rel, end in RELATIONSHIPS
                     if start in keep and end in keep)
    return f"Nodes:\n{nodes}\nRelationships:\n{rels}"


# question words that point at a label (the grounded values and the chosen examples add theirs)
LABEL_CUES: dict[str, re.Pattern[str]] = {
    "Image": re.compile(r"\b(photos?|pictures?|pics?|images?|shots?|show(?:s|ing|n)?|seen|depict\w*|visible|"
                        r"appear\w*|in them|tags?|things?|objects?|animals?|scenes?|captioner|described?)\b"),
    "Tag": re.compile(r"\b(tags?|tagged|things?|objects?|animals?|scenes?|kinds?|seen|depict\w*|visible|"
                      r"show(?:s|ing|n)?|in (?:the|my) (?:photos?|pictures?|images?))\b"),
    "Topic": re.compile(r"\b(topics?|about|subjects?|themes?)\b"),
    "Entity": re.compile(r"\b(mention\w*|people|persons?|who|places?|cit(?:y|ies)|countr\w+|organi[sz]ation\w*|"
                         r"brands?|hashtags?|accounts?|named?|names|entit\w+|[#@]\w+)"),
    "Keyphrase": re.compile(r"\b(key ?phrases?|phrases?|keywords?)\b"),
    "Sentiment": re.compile(r"\b(sentiment (?:nodes?|edges?|sources?)|verdicts? by source)\b"),
}
_LABEL_IN_CYPHER = re.compile(r":\s*`?([A-Z][A-Za-z]*)")


def relevant_labels(question: str, grounded: Iterable[str] = (), examples_cypher: Iterable[str] = ()) -> list[str]:
    """The labels a question needs, for a schema pruned to it: Post always; any label a question word cues, a
    grounded value belongs to ("Tag", "Entity", "Tag.kind" -> Tag...) or a chosen example's Cypher uses; a label
    reached only through another (Tag through Image) brings that one too. In the declaration's order."""
    text = question.lower()
    keep = {"Post"} | {label for label, cue in LABEL_CUES.items() if cue.search(text)}
    keep |= {target.split(".")[0] for target in grounded if target.split(".")[0] in LABELS}
    for cypher in examples_cypher:
        keep |= {label for label in _LABEL_IN_CYPHER.findall(cypher) if label in LABELS}
    if "Tag" in keep:
        keep.add("Image")
    return [label for label in NODE_PROPERTIES if label in keep]


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
