"""Turns analysed posts into graph rows and writes them in the order that makes a load restartable.

Order per batch: un-mark the posts (drop their content hash), clear their earlier findings, upsert posts,
images and findings, and finally mark them loaded (content hash + pipeline signature). A load killed at any
point leaves the affected posts un-marked, so the next run extracts and writes them again and ends with the
same graph as an uninterrupted run; MERGE keeps every step idempotent.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from extractors.base import Extraction, PostAnalysis, SentimentVerdict, TopicScore
from graph import queries
from graph.store import GraphStore

Rows = list[dict[str, Any]]


@dataclass
class GraphRows:
    posts: Rows = field(default_factory=list)
    images: Rows = field(default_factory=list)
    sentiments: Rows = field(default_factory=list)
    topics: Rows = field(default_factory=list)
    keyphrases: Rows = field(default_factory=list)
    entities: Rows = field(default_factory=list)
    tags: Rows = field(default_factory=list)
    marks: Rows = field(default_factory=list)


def image_id(post_id: str, index: int) -> str:
    return f"{post_id}#img{index}"


def final_sentiment(extraction: Extraction) -> SentimentVerdict | None:
    """The post's verdict: the fused one when an image was read, else the caption's, else the image's."""
    for source in ("combined", "caption", "image"):
        if source in extraction.sentiments:
            return extraction.sentiments[source]
    return None


def _verdict_fields(extraction: Extraction, source: str) -> tuple[str | None, float | None]:
    verdict = extraction.sentiments.get(source)
    return (verdict.label, round(verdict.score, 4)) if verdict else (None, None)


def _post_row(item: PostAnalysis) -> dict[str, Any]:
    post, ex = item.post, item.extraction
    final = final_sentiment(ex)
    caption_label, caption_score = _verdict_fields(ex, "caption")
    image_label, image_score = _verdict_fields(ex, "image")
    created = post.created_at
    return {
        "id": post.id,
        "caption": post.caption,
        "created_at": post.created_iso,
        "year": created.year if created else None,
        "month": created.month if created else None,
        "timestamp": int(created.timestamp()) if created else None,
        "source": post.source,
        "language": ex.language,
        "sentiment": final.label if final else None,
        "sentiment_score": round(final.score, 4) if final else None,
        "caption_sentiment": caption_label,
        "caption_sentiment_score": caption_score,
        "image_sentiment": image_label,
        "image_sentiment_score": image_score,
        "caption_generated": item.text_is_generated,
        "url": post.extras.get("url"),
        "notes": sorted(set(ex.notes + list(post.extras.get("notes", []))))[:20],
        "errors": item.errors[:20],
    }


def _dedupe(rows: Rows, *keys: str) -> Rows:
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        seen[tuple(row[k] for k in keys)] = row  # later rows win (e.g. the higher merged score)
    return list(seen.values())


def _scored_rows(post_id: str, scores: Sequence[TopicScore]) -> Rows:
    """One row per distinct name (its best score; from_image if any mention came from the photo)."""
    best: dict[str, float] = {}
    for item in scores:
        best[item.name] = max(item.score, best.get(item.name, float("-inf")))
    from_image = {item.name for item in scores if item.from_image}
    return [{"post_id": post_id, "name": name, "score": round(score, 4), "from_image": name in from_image}
            for name, score in best.items()]


def build_rows(items: Sequence[PostAnalysis], pipeline: str) -> GraphRows:
    """All rows for a batch of analysed posts (duplicates within a post collapse to one edge)."""
    rows = GraphRows()
    for item in items:
        post, ex = item.post, item.extraction
        rows.posts.append(_post_row(item))
        rows.marks.append({"id": post.id, "content_hash": item.post.content_hash(), "pipeline": pipeline})
        for source, verdict in ex.sentiments.items():
            rows.sentiments.append({"post_id": post.id, "source": source, "name": verdict.label,
                                    "score": round(verdict.score, 4), "model": verdict.model})
        rows.topics.extend(_scored_rows(post.id, ex.topics))
        rows.keyphrases.extend(_scored_rows(post.id, ex.keyphrases))
        rows.entities.extend({"post_id": post.id, "name": e.name, "label": e.label} for e in ex.entities)
        for index, path in enumerate(post.images):
            info = ex.images.get(index)
            iid = image_id(post.id, index)
            rows.images.append({
                "post_id": post.id, "id": iid, "path": str(path), "position": index,
                "width": info.width if info else None, "height": info.height if info else None,
                "format": info.format if info else None,
                "generated_caption": info.generated_caption if info else None,
                "caption_confidence": info.caption_confidence if info else None,
                "caption_uncertain": bool(info and info.generated_caption and info.caption_uncertain),
                "error": info.error if info else None,
            })
            for tag in info.tags if info else ():
                rows.tags.append({"image_id": iid, "name": tag.name, "kind": tag.kind, "score": round(tag.score, 4)})
    rows.entities = _dedupe(rows.entities, "post_id", "name", "label")
    rows.tags = _dedupe(sorted(rows.tags, key=lambda r: r["score"]), "image_id", "name")
    return rows


def write_analyses(store: GraphStore, items: Sequence[PostAnalysis], pipeline: str, batch_size: int = 1000) -> int:
    """Write a batch of analysed posts; returns the number of rows sent to the database."""
    if not items:
        return 0
    rows = build_rows(items, pipeline)
    ids = [item.post.id for item in items]
    for statement in (queries.UNMARK_POSTS, queries.CLEAR_POST_FINDINGS, queries.CLEAR_IMAGE_FINDINGS):
        for start in range(0, len(ids), batch_size):
            store.write(statement, {"ids": ids[start : start + batch_size]})
    sent = 0
    for statement, batch in (
        (queries.UPSERT_POSTS, rows.posts),
        (queries.UPSERT_IMAGES, rows.images),
        (queries.UPSERT_SENTIMENTS, rows.sentiments),
        (queries.UPSERT_TOPICS, rows.topics),
        (queries.UPSERT_KEYPHRASES, rows.keyphrases),
        (queries.UPSERT_ENTITIES, rows.entities),
        (queries.UPSERT_TAGS, rows.tags),
        (queries.MARK_POSTS_LOADED, rows.marks),
    ):
        if batch:
            sent += store.write_rows(statement, batch, batch_size)
    return sent


def prune_orphans(store: GraphStore) -> None:
    """Remove topics, keyphrases, entities and tags no post points at any more (after re-extractions)."""
    for statement in (queries.PRUNE_ORPHAN_TOPICS, queries.PRUNE_ORPHAN_KEYPHRASES, queries.PRUNE_ORPHAN_ENTITIES,
                      queries.PRUNE_ORPHAN_TAGS):
        store.write(statement)
