"""Time of the collection topic pass on real tweets (MVSA): embedding the posts' topic text, clustering and naming,
and assigning new posts to an existing model (what a later load does). The graph writes are not included.

    HF_HUB_OFFLINE=1 .venv/bin/python bench/topic_pass.py [--n 2047] [--runs 3]
"""
from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
MVSA = REPO.parent / "shared" / "data" / "mvsa" / "posts.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2047)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not MVSA.is_file():
        raise SystemExit(f"MVSA not found at {MVSA}")
    from extractors.embeddings import configure_torch, embed_texts
    from extractors.social_text import text_views
    from extractors.topic_model import cluster_topics
    from extractors.topics import _stop_words

    configure_torch()
    with MVSA.open(encoding="utf-8") as handle:
        docs = [text_views(row["text"]).for_topics for row in csv.DictReader(handle)][: args.n]
    embed_texts(["warm up"])
    started = time.perf_counter()
    vectors = embed_texts(docs)
    embed_s = time.perf_counter() - started
    cluster_s, assign_s, topics = [], [], 0
    for _ in range(args.runs):
        cache: dict[str, np.ndarray] = {}  # naming encodes its candidate terms afresh each run (a cold pass)

        def embed_terms(terms: list[str], cache: dict[str, np.ndarray] = cache) -> np.ndarray:
            todo = [t for t in dict.fromkeys(terms) if t not in cache]
            if todo:
                cache.update(zip(todo, embed_texts(todo), strict=True))
            return np.stack([cache[t] for t in terms])

        started = time.perf_counter()
        model, _ = cluster_topics(vectors, docs, "minilm", _stop_words(), embed_terms=embed_terms)
        cluster_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        model.assign(vectors)
        assign_s.append(time.perf_counter() - started)
        topics = len(model.topics)
    print(f"{len(docs)} posts: embed topic texts {embed_s:.1f} s ({len(docs) / embed_s:.0f}/s, once; cached after); "
          f"cluster + name {statistics.median(cluster_s):.1f} s (median of {args.runs}: "
          f"{', '.join(f'{s:.1f}' for s in cluster_s)}) -> {topics} topics; "
          f"assign all posts to the model {statistics.median(assign_s) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
