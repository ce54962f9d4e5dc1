"""The photo grid's filter and its queries: a BrowseFilter picks fragments of the one post filter
(graph/queries/posts.py) and supplies their parameters; the Cypher itself lives in graph/queries/.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from graph.queries import grid, posts
from graph.queries.posts import PostFilter, Query
from graph.store import GraphStore, Row

log = logging.getLogger(__name__)

SENTIMENT_SOURCES: tuple[str, ...] = tuple(posts.SENTIMENT_PROPERTIES)  # combined | caption | image
SORT_ORDERS: tuple[str, ...] = tuple(grid.SORTS)


@dataclass(frozen=True)
class BrowseFilter:
    """What the grid shows; empty fields mean 'any'. Dates are inclusive calendar days (UTC)."""

    sentiment: str = ""
    sentiment_source: str = "combined"  # combined | caption | image
    topic: str = ""
    entity: str = ""
    hashtag: str = ""
    mention: str = ""
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


def post_filter(flt: BrowseFilter) -> PostFilter:
    """The posts the grid filter selects: an entity is a name (person, place, organisation ...), as in the Insights
    ranking; hashtags and @mentions have their own boxes and are stored without '#' / '@' and lower-case; a day
    range covers both days whole; text matches case-blind."""
    return PostFilter(
        topic=flt.topic or None,
        tag=flt.tag or None,
        entity=flt.entity or None,
        entity_is_name=True,
        hashtag=flt.hashtag.lstrip("#").lower() if flt.hashtag else None,
        mention=flt.mention.lstrip("@").lower() if flt.mention else None,
        sentiment=flt.sentiment or None,
        source=flt.sentiment_source,
        # a caption verdict of the user's own caption: a caption generated from the photo reads the photo (and graphs
        # loaded before caption_sentiment version 3 hold a placeholder 'neutral' for posts without a caption)
        own_caption=bool(flt.sentiment) and flt.sentiment_source == "caption",
        language=flt.language or None,
        date_from=f"{flt.date_from.isoformat()}T00:00:00Z" if flt.date_from else None,
        date_to=f"{flt.date_to.isoformat()}T23:59:59Z" if flt.date_to else None,
        text=flt.text.strip().lower() or None,
    )


def page_query(flt: BrowseFilter, page: int, page_size: int) -> Query:
    """Cypher and parameters for one page of the grid (page counts from 0)."""
    return grid.grid_page(post_filter(flt), flt.sort, max(0, page) * page_size, page_size)


def count_query(flt: BrowseFilter) -> Query:
    """Cypher and parameters counting the posts that pass the filter."""
    return posts.count_posts(post_filter(flt))


def browse_page(store: GraphStore, flt: BrowseFilter, page: int = 0, page_size: int = 24) -> list[Row]:
    """One page of grid rows (id, caption, created_at, sentiments, image_path of the first image)."""
    cypher, params = page_query(flt, page, page_size)
    return store.query(cypher, params)


def count_posts(store: GraphStore, flt: BrowseFilter) -> int:
    """How many posts pass the filter (for the page count)."""
    cypher, params = count_query(flt)
    rows = store.query(cypher, params)
    return int(rows[0]["posts"]) if rows else 0
