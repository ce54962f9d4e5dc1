"""Topic study: how many topics a collection gets, how many recur, and what they are.

    HF_HUB_OFFLINE=1 python -m research.evaluation.topic_study ../shared/data/mvsa/posts.csv [--out FILE.md]

Reads any source the loader reads (folder, CSV, Instagram / Facebook export, MVSA ...), runs the caption steps
topics depend on (embeddings, language, topics; a fresh in-memory topic vocabulary) in batches, as an import
does, then the collection pass `TopicExtractor.finalise()`. Prints, after each stage: topics, topics with at
least --min-support posts, posts with any topic, posts with a topic of that support; then the most frequent
topics and some folds. docs/topics.md quotes its output on MVSA.
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from extractors.base import PostAnalysis


def support(items: Sequence[PostAnalysis]) -> Counter[str]:
    """Posts per topic name (a post counts once per topic)."""
    return Counter(name for item in items for name in {t.name for t in item.extraction.topics})


def stage_row(label: str, items: Sequence[PostAnalysis], min_support: int) -> str:
    counts = support(items)
    frequent = {name for name, n in counts.items() if n >= min_support}
    with_any = sum(bool(item.extraction.topics) for item in items)
    with_frequent = sum(any(t.name in frequent for t in item.extraction.topics) for item in items)
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
             (f"| stage | topics | topics with >= {args.min_support} posts | posts with any topic | "
              f"posts with a topic of >= {args.min_support} posts |"), "|---|---|---|---|---|",
             stage_row("pass 1 (import)", items, args.min_support)]
    mapping = topics.finalise(items, min_support=args.min_support)
    folded = {old: new for old, new in mapping.items() if new}
    lines.append(stage_row(f"+ finalise() ({len(folded):,} rare topics folded)", items, args.min_support))
    counts = support(items)
    kept = [(name, n) for name, n in counts.most_common() if n >= args.min_support]
    kept_posts = sum(any(counts[t.name] >= args.min_support for t in i.extraction.topics) for i in items)
    lines.append(f"| + drop topics under {args.min_support} posts (`drop_rare=True`) | {len(kept):,} | "
                 f"{len(kept):,} | {kept_posts:,} | {kept_posts:,} |")
    every = max(1, len(folded) // 25)  # an even sample of the folds, alphabetically
    sample = sorted(folded.items())[::every][:25]
    lines += ["", f"Top {args.top} after finalise() (posts): "
              + ", ".join(f"{name} ({n})" for name, n in kept[: args.top]), "",
              "Some folds: " + ", ".join(f"`{old}` -> `{new}`" for old, new in sample)]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
