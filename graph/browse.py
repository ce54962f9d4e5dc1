"""The photo grid's query builder: fixed Cypher fragments chosen by a filter, values passed as parameters.

Why a builder and not one big query with `$x IS NULL OR ...` guards: the planners of both engines can then
anchor on the selective pattern (a topic, a tag) instead of scanning every post, which keeps 10,000-post pages
fast. Every fragment is a constant in this module; the filter only decides WHICH fragments are used, and user
values only ever travel in `params`. Everything stays in the Neo4j/FalkorDB common subset.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from graph.store import GraphStore, Row

log = logging.getLogger(__name__)

# which post property holds each sentiment verdict ("combined" = the post's final, fused verdict)
SENTIMENT_FIELDS = {
    "combined": "p.sentiment",
    "caption": "p.caption_sentiment",
    "image": "p.image_sentiment",
}

SORTS = {
    "newest": "ORDER BY coalesce(p.created_at, '') DESC, p.id",
    "oldest": "ORDER BY coalesce(p.created_at, '') ASC, p.id",
    "most positive": "ORDER BY coalesce(p.sentiment_score, 0.0) DESC, p.id",
    "most negative": "ORDER BY coalesce(p.sentiment_score, 0.0) ASC, p.id",
}

# anchoring patterns: each narrows the posts by one related node
TOPIC_MATCH = "MATCH (p:Post)-[:ABOUT]->(:Topic {name: $topic})"
TAG_MATCH = "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: $tag})"
ENTITY_MATCH = "MATCH (p:Post)-[:MENTIONS]->(ent:Entity {name: $entity}) WHERE ent.label <> 'HASHTAG'"
HASHTAG_MATCH = "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: $hashtag, label: 'HASHTAG'})"
ALL_POSTS_MATCH = "MATCH (p:Post)"

# property conditions, ANDed in one WHERE
CONDITIONS = {
    "language": "p.language = $language",
    "date_from": "p.created_at >= $date_from",
    "date_to": "p.created_at <= $date_to",
    "text": "toLower(p.caption) CONTAINS $text",
}
SENTIMENT_CONDITION = "{field} = $sentiment"

PAGE_RETURN = """
OPTIONAL MATCH (p)-[:HAS_IMAGE]->(img:Image {position: 0})
RETURN p.id AS id, p.caption AS caption, p.created_at AS created_at, p.sentiment AS sentiment,
       p.sentiment_score AS sentiment_score, p.caption_sentiment AS caption_sentiment,
       p.image_sentiment AS image_sentiment, img.path AS image_path, img.generated_caption AS generated_caption
"""


@dataclass(frozen=True)
class BrowseFilter:
    """What the grid shows; empty fields mean 'any'. Dates are inclusive calendar days (UTC)."""

    sentiment: str = ""
    sentiment_source: str = "combined"  # combined | caption | image
    topic: str = ""
    entity: str = ""
    hashtag: str = ""
    tag: str = ""
    language: str = ""
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    sort: str = "newest"

    def active(self) -> dict[str, Any]:
        """The filter fields that are set (sort and sentiment source excluded), for captions and logs."""
        skip = {"sort", "sentiment_source"}
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip and getattr(self, f.name)}


def _matches(flt: BrowseFilter, params: dict[str, Any]) -> list[str]:
    clauses = []
    for name, fragment in (("topic", TOPIC_MATCH), ("tag", TAG_MATCH), ("entity", ENTITY_MATCH),
                           ("hashtag", HASHTAG_MATCH)):
        value = getattr(flt, name)
        if value:
            clauses.append(fragment)
            params[name] = value.lstrip("#").lower() if name == "hashtag" else value
    return clauses or [ALL_POSTS_MATCH]


def _conditions(flt: BrowseFilter, params: dict[str, Any]) -> list[str]:
    conds = []
    if flt.sentiment:
        field = SENTIMENT_FIELDS.get(flt.sentiment_source)
        if field is None:
            raise ValueError(f"sentiment source must be one of {sorted(SENTIMENT_FIELDS)}")
        conds.append(SENTIMENT_CONDITION.format(field=field))  # field comes from the fixed table above
        params["sentiment"] = flt.sentiment
    if flt.language:
        conds.append(CONDITIONS["language"])
        params["language"] = flt.language
    if flt.date_from:
        conds.append(CONDITIONS["date_from"])
        params["date_from"] = f"{flt.date_from.isoformat()}T00:00:00Z"
    if flt.date_to:
        conds.append(CONDITIONS["date_to"])
        params["date_to"] = f"{flt.date_to.isoformat()}T23:59:59Z"
    if flt.text.strip():
        conds.append(CONDITIONS["text"])
        params["text"] = flt.text.strip().lower()
    return conds


def _filtered(flt: BrowseFilter) -> tuple[str, dict[str, Any]]:
    """MATCH ... WITH DISTINCT p WHERE ...: the posts passing the filter, once each."""
    params: dict[str, Any] = {}
    parts = _matches(flt, params)
    conds = _conditions(flt, params)
    parts.append("WITH DISTINCT p")  # two tagged images of one post must not show it twice
    if conds:
        parts.append("WHERE " + " AND ".join(conds))
    return "\n".join(parts), params


def page_query(flt: BrowseFilter, page: int, page_size: int) -> tuple[str, dict[str, Any]]:
    """Cypher and parameters for one page of the grid (page counts from 0)."""
    if flt.sort not in SORTS:
        raise ValueError(f"sort must be one of {list(SORTS)}")
    body, params = _filtered(flt)
    params.update(skip=max(0, page) * page_size, limit=page_size)
    return f"{body}\nWITH p {SORTS[flt.sort]}\nSKIP $skip LIMIT $limit{PAGE_RETURN}", params


def count_query(flt: BrowseFilter) -> tuple[str, dict[str, Any]]:
    """Cypher and parameters counting the posts that pass the filter."""
    body, params = _filtered(flt)
    return f"{body}\nRETURN count(p) AS posts", params


def browse_page(store: GraphStore, flt: BrowseFilter, page: int = 0, page_size: int = 24) -> list[Row]:
    """One page of grid rows (id, caption, created_at, sentiments, image_path of the first image)."""
    cypher, params = page_query(flt, page, page_size)
    return store.query(cypher, params)


def count_posts(store: GraphStore, flt: BrowseFilter) -> int:
    """How many posts pass the filter (for the page count)."""
    cypher, params = count_query(flt)
    rows = store.query(cypher, params)
    return int(rows[0]["posts"]) if rows else 0
