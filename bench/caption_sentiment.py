"""Throughput of caption sentiment: the bare MiniLM forward pass vs the pipeline (embeddings + sentiment head).

`HF_HUB_OFFLINE=1 python -m bench.caption_sentiment [--n 512] [--repeats 3]` on MVSA captions (or synthetic
ones when ../shared/data is absent). Prints the median captions/s of each stage; the target is a pipeline within
1.5x of the bare forward floor and >= 100 captions/s on 2 cores with torch threads 1.
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from extractors.social_text import text_views

MVSA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "mvsa" / "posts.csv"


def captions(n: int) -> list[str]:
    if MVSA.is_file():
        from research.evaluation.datasets import load_mvsa

        rows = load_mvsa(MVSA)
        return [rows[i % len(rows)].text for i in range(n)]
    return [f"Loving this #SunnyDay at the beach with @friend number {i} http://t.co/x" for i in range(n)]


def median_rate(label: str, n: int, repeats: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    rate = n / statistics.median(times)
    print(f"{label:<38} {rate:8.1f} captions/s  (median of {repeats}: {statistics.median(times):.2f} s)")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from data.models import Post
    from extractors.base import PostAnalysis
    from extractors.embeddings import EmbeddingExtractor, load_sentence_model
    from extractors.sentiment import build_caption_sentiment
    from extractors.sentiment.base import CaptionSentiment
    from extractors.sentiment.vader import VaderBackend

    texts = captions(args.n)
    model = load_sentence_model()
    views = [text_views(t).for_sentiment for t in texts]
    model.encode(views[:64], batch_size=64)  # warm-up
    floor = median_rate("bare MiniLM forward (encode)", args.n, args.repeats,
                        lambda: model.encode(views, batch_size=64, normalize_embeddings=True))
    embedder, head = EmbeddingExtractor(), build_caption_sentiment()
    vader = CaptionSentiment(VaderBackend())

    def pipeline() -> None:
        items = [PostAnalysis(post=Post(id=str(i), caption=t)) for i, t in enumerate(texts)]
        for start in range(0, len(items), 64):
            batch = items[start : start + 64]
            for item, extraction in zip(batch, embedder.extract(batch)):
                item.extraction.merge(extraction)
            head.extract(batch)

    items = [PostAnalysis(post=Post(id=str(i), caption=t)) for i, t in enumerate(texts)]
    for item, extraction in zip(items, embedder.extract(items)):
        item.extraction.merge(extraction)
    median_rate(f"sentiment alone ({head.backend.name}, reused emb.)", args.n, args.repeats,
                lambda: head.extract(items))
    median_rate("sentiment alone (vader)", args.n, args.repeats, lambda: vader.extract(items))
    rate = median_rate(f"pipeline: embeddings + {head.backend.name}", args.n, args.repeats, pipeline)
    print(f"pipeline / floor time ratio: {floor / rate:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
