"""Nodes and edges for the Graph page (streamlit-agraph, which renders offline with vis.js bundled).

Also the Neo4j Browser link: Browser's URL takes a query text but no parameters, so the focus value is written
into that display-only query as an escaped string literal; FeedLens itself never runs it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlparse

from graph import queries
from graph.queries.literals import inline_params
from ui import resources
from ui.verdicts import UNCLEAR, image_verdict

COLOURS = {"Post": "#4e79a7", "Image": "#9c755f", "Topic": "#f28e2b", "Keyphrase": "#ffbe7d", "Entity": "#76b7b2",
           "Tag": "#edc948", "Sentiment": "#b07aa1"}
SENTIMENT_COLOURS = {"positive": "#2ca02c", "neutral": "#b0b0b0", "negative": "#d62728"}
ENTITY_SIGNS = {"HASHTAG": "#", "MENTION": "@"}
# edge labels in words: the graph's relationship types (graph/schema.py) are names for queries, not for people
EDGE_WORDS = {"HAS_IMAGE": "photo", "HAS_SENTIMENT": "verdict", "ABOUT": "about", "HAS_KEYPHRASE": "key phrase",
              "MENTIONS": "mentions", "DEPICTS": "shows"}


def edge_words(rel: str, source: str | None = None) -> str:
    """'caption verdict' for HAS_SENTIMENT {source: 'caption'}, 'shows' for DEPICTS; unknown types in lower case."""
    word = EDGE_WORDS.get(rel, rel.replace("_", " ").lower())
    return f"{source} {word}" if source else word


def _short(label: str, limit: int = 28) -> str:
    """A node label cut at a word boundary, so the graph stays readable."""
    label = " ".join(label.split())
    if len(label) <= limit:
        return label
    cut = label[:limit].rsplit(" ", 1)[0] or label[:limit]
    return cut + "…"


def post_name(post: dict[str, Any]) -> str:
    """A post node's label: its caption, or its date for a post without one (never the raw id)."""
    caption = str(post.get("caption") or "").strip()
    return caption or f"{(post.get('created_at') or 'undated')[:10]} (no caption)"


@dataclass
class Neighbourhood:
    """A small graph: nodes as {id, label, kind, title} and edges as {source, target, label}."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[dict[str, str]] = field(default_factory=list)

    def node(self, node_id: str, label: str, kind: str, title: str = "", colour: str | None = None) -> str:
        self.nodes.setdefault(node_id, {"id": node_id, "label": _short(label), "kind": kind, "title": title or label,
                                        "color": colour or COLOURS.get(kind, "#999")})
        return node_id

    def edge(self, source: str, target: str, label: str) -> None:
        self.edges.append({"source": source, "target": target, "label": label})


def post_neighbourhood(post_id: str) -> Neighbourhood:
    """The post, its images, sentiments, topics, entities and its images' tags."""
    hood = Neighbourhood()
    found = resources.rows(queries.UI_POST, id=post_id)
    if not found:
        return hood
    post = found[0]
    centre = hood.node(f"post:{post_id}", post_name(post), "Post", post.get("caption") or post_id,
                       SENTIMENT_COLOURS.get(post.get("sentiment")))
    generated = bool(post.get("caption_generated"))
    captionless = not generated and not str(post.get("caption") or "").strip()
    for row in resources.rows(queries.UI_POST_NEIGHBOURS, id=post_id):
        kind, key = row["label"], str(row["key"])
        if kind == "Sentiment" and row.get("source") == "caption" and captionless:
            continue  # a graph loaded before caption_sentiment version 3 holds a placeholder 'neutral' for no text
        source = "generated caption" if generated and row.get("source") == "caption" else row.get("source")
        label = f"{key} ({source})" if kind == "Sentiment" else key
        if kind == "Sentiment" and source == "image" and image_verdict(key, row.get("score")) == UNCLEAR:
            label = f"{key}? (image, unsure)"  # the Browse page reads this verdict as 'unclear'
        node_id = f"{kind}:{key}"
        if kind == "Entity":  # '#paris', '@nasa' and the place 'paris' are three nodes, each written as it is
            label = ENTITY_SIGNS.get(row.get("entity_label") or "", "") + key
            node_id = f"Entity:{row.get('entity_label')}:{key}"
        target = hood.node(node_id, label if kind != "Image" else "image", kind, label,
                           SENTIMENT_COLOURS.get(key) if kind == "Sentiment" else None)
        hood.edge(centre, target, edge_words(row["rel"], source))
    for row in resources.rows(queries.UI_POST_IMAGE_TAGS, id=post_id):
        tag = hood.node(f"Tag:{row['tag']}", row["tag"], "Tag", f"{row['tag']} ({row['score']:.2f})")
        hood.edge(f"Image:{row['image']}", tag, edge_words("DEPICTS"))
    return hood


def topic_neighbourhood(topic: str, limit: int = 25) -> Neighbourhood:
    """A topic, its most recent posts (coloured by sentiment) and the other topics those posts are about."""
    hood = Neighbourhood()
    centre = hood.node(f"Topic:{topic}", topic, "Topic")
    for row in resources.rows(queries.UI_TOPIC_NEIGHBOURS, name=topic, limit=limit):
        post = hood.node(f"post:{row['id']}", post_name(row), "Post", row.get("caption") or row["id"],
                         SENTIMENT_COLOURS.get(row.get("sentiment")))
        hood.edge(post, centre, edge_words("ABOUT"))
        for other in row.get("topics") or []:
            hood.edge(post, hood.node(f"Topic:{other}", other, "Topic"), edge_words("ABOUT"))
    return hood


def browser_cypher(kind: str, key: str) -> str:
    """The same neighbourhood as a Neo4j Browser query (display only; the value is a JSON-escaped literal)."""
    if kind == "topic":
        return inline_params(queries.BROWSER_TOPIC_NEIGHBOURHOOD, {"name": key}, quote='"')
    return inline_params(queries.BROWSER_POST_NEIGHBOURHOOD, {"id": key}, quote='"')


def browser_url(cypher: str, neo4j_uri: str, base: str = "") -> str:
    """<Browser>?cmd=edit&arg=<query>&connectURL=<NEO4J_URI>: the Browser at `base` (FEEDLENS_NEO4J_BROWSER_URL),
    else http://<NEO4J_URI host>:7474/browser/, opened on the query with the app's server as its connection."""
    host = urlparse(neo4j_uri).hostname or "localhost"
    base = (base or f"http://{host}:7474/browser/").rstrip("/") + "/"
    return f"{base}?cmd=edit&arg={quote(cypher, safe='')}&connectURL={quote(neo4j_uri, safe='')}"
