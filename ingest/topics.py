"""The collection pass that gives posts their Topics: `python -m ingest.topics [--recluster]`.

After a load, posts without a topic are assigned to the nearest topic centroid (cosine >= the model's `attach`
threshold; otherwise they stay unassigned until a re-clustering). The first load, or `--recluster`, clusters
every post in the graph afresh (extractors/topic_model.py) and keeps the names of topics whose centroids persist.

Restartable like the loader: a flag file beside the model is written before the graph changes and removed once
the model is saved, so a pass killed half-way runs again on the next load (or re-run the command). Every step
is idempotent: assignment only touches posts without a topic; a re-clustering is deterministic.

A post's text for topics is its caption (the topic view: no URLs or mentions, hashtags split into words);
a post without one uses its photos' generated captions and tags (its ABOUT edge then carries from_image).
"""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import FeedLensError
from core.settings import Settings, get_settings
from extractors.social_text import text_views
from extractors.topic_model import ClusterParams, EmbedFn, TopicModel, cluster_topics, keep_names
from graph import queries
from graph.store import GraphStore

log = logging.getLogger(__name__)

MODEL_FILE = "topic_model.json"
TEXT_CACHE_FILE = "topic_texts.npz"
RECLUSTER_SHARE = 0.2  # more unassigned posts than this share: the summary suggests re-clustering


@dataclass
class TopicPassSummary:
    reclustered: bool = False
    topics: int = 0
    assigned: int = 0
    unassigned: int = 0
    kept_names: int = 0

    def line(self) -> str:
        how = "re-clustered" if self.reclustered else "assigned new posts to"
        text = f"topics: {how} {self.topics} topics; {self.assigned} posts given a topic, {self.unassigned} without"
        if self.reclustered and self.kept_names:
            text += f" ({self.kept_names} topic names kept from before)"
        return text


@dataclass
class PostText:
    id: str
    text: str
    from_image: bool
    language: str | None = None


def post_texts(rows: Sequence[dict[str, Any]]) -> list[PostText]:
    """Each post's text for topics (POSTS_FOR_TOPICS rows): caption, else the photos' captions and tags."""
    out = []
    for row in rows:
        caption = text_views(row.get("caption") or "").for_topics.strip()
        if caption:
            out.append(PostText(row["id"], caption, False, row.get("language")))
            continue
        parts = [str(g) for g in row.get("generated") or [] if g] + [str(t) for t in row.get("tags") or [] if t]
        out.append(PostText(row["id"], ", ".join(parts), bool(parts), "en" if parts else None))
    return out


class CollectionTopics:
    """Clusters a graph's posts into Topics and assigns later posts to them (see the module docstring)."""

    def __init__(self, settings: Settings | None = None, embed: EmbedFn | None = None,
                 params: ClusterParams | None = None, home: Path | None = None) -> None:
        self.settings = settings or get_settings()
        self.home = home or self.settings.home
        self.params = params or ClusterParams()
        self.embedding_model = self.settings.embedding_model
        self._embed = embed
        self._cache: Any = None

    @property
    def model_path(self) -> Path:
        return self.home / MODEL_FILE

    @property
    def _flag(self) -> Path:
        return self.home / "topic_model.pending"

    def mark_changed(self) -> None:
        """Record that posts changed (before they are written), so a killed load still gets its topic pass."""
        self._flag.parent.mkdir(parents=True, exist_ok=True)
        self._flag.touch()

    @property
    def pending(self) -> bool:
        return self._flag.exists()

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of texts, each encoded once (cached beside the model: re-clustering encodes nothing)."""
        if self._cache is None:
            from extractors.topic_phrases import PhraseCache

            self._cache = PhraseCache.load(self.home / TEXT_CACHE_FILE, self.embedding_model,
                                           self._dimension())
        # rounded to the cache's float16 even when just encoded, so a run after a restart (vectors read back
        # from the cache) clusters exactly the same numbers as the run that encoded them
        return self._cache.embed(texts, self._encode).astype(np.float16).astype(np.float32)

    def _dimension(self) -> int:
        return int(self._encode(["dimension"]).shape[1])

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._embed is not None:
            return self._embed(texts)
        from extractors.embeddings import embed_texts

        return embed_texts(texts, self.embedding_model, settings=self.settings)

    def _vectors(self, posts: Sequence[PostText]) -> np.ndarray:
        dim = self._dimension()
        out = np.zeros((len(posts), dim), dtype=np.float32)
        index = [i for i, post in enumerate(posts) if post.text]
        if index:
            out[index] = self.embed([posts[i].text for i in index])
        return out

    def update(self, store: GraphStore) -> TopicPassSummary:
        """After a load: assign posts without a topic, or cluster everything when there is no usable model."""
        try:
            model = TopicModel.load(self.model_path, self.embedding_model)
        except FeedLensError as exc:
            log.warning("%s: clustering afresh", exc)
            model = None
        summary = self.recluster(store) if model is None else self.assign_unassigned(store, model)
        self._flag.unlink(missing_ok=True)
        return summary

    def assign_unassigned(self, store: GraphStore, model: TopicModel) -> TopicPassSummary:
        have = {row["id"] for row in store.query(queries.POSTS_WITH_A_TOPIC)}
        posts = [p for p in post_texts(store.query(queries.POSTS_FOR_TOPICS)) if p.id not in have]
        found = model.assign(self._vectors(posts)) if posts else []
        rows = [{"post_id": post.id, "name": hit[0], "score": hit[1], "from_image": post.from_image}
                for post, hit in zip(posts, found, strict=True) if hit is not None]
        self._write(store, model, rows)
        summary = TopicPassSummary(topics=len(model.topics), assigned=len(rows), unassigned=len(posts) - len(rows))
        if posts and summary.unassigned > RECLUSTER_SHARE * (len(have) + len(posts)):
            log.warning("%s posts have no topic: run `python -m ingest.topics --recluster`", summary.unassigned)
        return summary

    def recluster(self, store: GraphStore, old: TopicModel | None = None) -> TopicPassSummary:
        """Cluster every post afresh; topics that persist keep their names. Replaces every ABOUT edge."""
        self.mark_changed()
        if old is None:
            try:
                old = TopicModel.load(self.model_path, self.embedding_model)
            except FeedLensError as exc:  # an unreadable old model only costs its names
                log.warning("previous topic model not used: %s", exc)
        posts = post_texts(store.query(queries.POSTS_FOR_TOPICS))
        from extractors.topics import _stop_words

        model, found = cluster_topics(self._vectors(posts), [p.text for p in posts], self.embedding_model,
                                      _stop_words(), self.params, embed_terms=self.embed,
                                      languages=[p.language for p in posts])
        kept = keep_names(model, old)
        while store.write(queries.DELETE_SOME_ABOUT_EDGES)[0]["deleted"]:
            pass
        rows = [{"post_id": post.id, "name": model.topics[hit[0]].name, "score": hit[1],
                 "from_image": post.from_image} for post, hit in zip(posts, found, strict=True) if hit is not None]
        self._write(store, model, rows)
        store.write(queries.PRUNE_ORPHAN_TOPICS)
        model.save(self.model_path)
        if self._cache is not None:
            self._cache.save()
        self._flag.unlink(missing_ok=True)
        persisted = sum(1 for t in model.topics if old and t.name in {o.name for o in old.topics})
        log.info("re-clustered: %s topics (%s renamed to keep an old name)", len(model.topics), len(kept))
        return TopicPassSummary(True, len(model.topics), len(rows), len(posts) - len(rows), persisted)

    def _write(self, store: GraphStore, model: TopicModel, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        used = {row["name"] for row in rows}
        store.write_rows(queries.UPSERT_TOPIC_NODES,
                         [{"name": t.name, "keywords": t.keywords} for t in model.topics if t.name in used])
        store.write_rows(queries.UPSERT_TOPICS, rows)
        if self._cache is not None:
            self._cache.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.topics", description=__doc__.splitlines()[0])
    parser.add_argument("--recluster", action="store_true", help="cluster every post afresh (keeps the names "
                        "of topics that persist); default: give posts without a topic the nearest one")
    parser.add_argument("--backend", choices=("falkordb", "neo4j"), help="graph backend (default: settings)")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    from graph.connect import open_store

    try:
        settings = get_settings()
        if args.backend:
            settings = settings.model_copy(update={"backend": args.backend})
        store = open_store(settings)
        try:
            topics = CollectionTopics(settings)
            summary = topics.recluster(store) if args.recluster else topics.update(store)
        finally:
            store.close()
    except FeedLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
