"""Keyphrase study: how many per-post keyphrases a collection gets, how many recur, and what they are.

    HF_HUB_OFFLINE=1 python -m research.evaluation.topic_study ../shared/data/mvsa/posts.csv [--out FILE.md]

Reads any source the loader reads (folder, CSV, Instagram / Facebook export, MVSA ...), runs the caption steps
keyphrases depend on (embeddings, language, keyphrases; a fresh in-memory vocabulary) in batches, as an import
does. Prints: keyphrases, keyphrases with at least --min-support posts, posts with any, posts with one of that
support; then the most frequent. (These were the Topic nodes before collection topics; `python -m
research.evaluate topics` measures the collection topics that replaced them.)
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from extractors.base import PostAnalysis
from research.report_file import write_report


def support(items: Sequence[PostAnalysis]) -> Counter[str]:
    """Posts per topic name (a post counts once per topic)."""
    return Counter(name for item in items for name in {t.name for t in item.extraction.keyphrases})


def stage_row(label: str, items: Sequence[PostAnalysis], min_support: int) -> str:
    counts = support(items)
    frequent = {name for name, n in counts.items() if n >= min_support}
    with_any = sum(bool(item.extraction.keyphrases) for item in items)
    with_frequent = sum(any(t.name in frequent for t in item.extraction.keyphrases) for item in items)
    return f"| {label} | {len(counts):,} | {len(frequent):,} | {with_any:,} | {with_frequent:,} |"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="anything graph.load reads")
    parser.add_argument("--kind", default=None, help="importer kind (default: detected)")
    parser.add_argument("--batch", type=int, default=256, help="posts per extractor batch, as in an import")
    parser.add_argument("--min-support", type=int, default=3)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, default=None, help="also write the printed markdown here")
    args = parser.parse_args(argv)

    from core.settings import get_settings
    from data.importers import import_source
    from extractors.embeddings import EmbeddingExtractor
    from extractors.language import LanguageExtractor
    from extractors.runner import run_extractors
    from extractors.topics import TopicExtractor

    settings = get_settings()
    imported = import_source(args.source, args.kind)
    items = [PostAnalysis(post) for post in imported.posts]
    topics = TopicExtractor(settings, vocabulary_path=None)
    extractors = [EmbeddingExtractor(settings.embedding_model, settings), LanguageExtractor(), topics]
    started = time.perf_counter()
    for start in range(0, len(items), args.batch):
        run_extractors(items[start:start + args.batch], extractors)
    seconds = time.perf_counter() - started

    lines = [(f"{len(items):,} posts from `{args.source.name}` ({imported.kind}), batches of {args.batch}, "
              f"{seconds:.0f} s for embeddings + language + topics"), "",
             (f"| stage | keyphrases | keyphrases with >= {args.min_support} posts | posts with any | "
              f"posts with one of >= {args.min_support} posts |"), "|---|---|---|---|---|",
             stage_row("pass 1 (import)", items, args.min_support)]
    counts = support(items)
    kept = [(name, n) for name, n in counts.most_common() if n >= args.min_support]
    lines += ["", f"Top {args.top} (posts): " + ", ".join(f"{name} ({n})" for name, n in kept[: args.top])]
    text = "\n".join(lines)
    print(text)
    if args.out:
        write_report(args.out, text)


if __name__ == "__main__":
    main()
