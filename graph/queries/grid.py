"""The Browse page's photo grid: one page of the posts a filter selects, in a chosen order."""
from __future__ import annotations

from graph.queries.posts import PostFilter, Query, post_scope

SORTS: dict[str, str] = {
    "newest": "ORDER BY coalesce(p.created_at, '') DESC, p.id",
    "oldest": "ORDER BY coalesce(p.created_at, '') ASC, p.id",
    "most positive": "ORDER BY coalesce(p.sentiment_score, 0.0) DESC, p.id",
    "most negative": "ORDER BY coalesce(p.sentiment_score, 0.0) ASC, p.id",
}

PAGE_RETURN = """
OPTIONAL MATCH (p)-[:HAS_IMAGE]->(img:Image {position: 0})
RETURN p.id AS id, p.caption AS caption, p.created_at AS created_at, p.sentiment AS sentiment,
       p.sentiment_score AS sentiment_score, p.caption_sentiment AS caption_sentiment,
       p.image_sentiment AS image_sentiment, img.path AS image_path, img.generated_caption AS generated_caption,
       img.caption_uncertain AS caption_uncertain
"""


def grid_page(flt: PostFilter, sort: str, skip: int, limit: int) -> Query:
    """Grid rows (id, caption, created_at, sentiments, the first image) of posts `skip`..`skip + limit`."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {list(SORTS)}")
    scope, params = post_scope(flt)
    params.update(skip=skip, limit=limit)
    return Query(f"{scope}\nWITH p {SORTS[sort]}\nSKIP $skip LIMIT $limit{PAGE_RETURN}", params)
