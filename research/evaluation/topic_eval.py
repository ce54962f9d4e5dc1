"""Collection topics on MVSA: counts, coverage, NPMI before/after, incremental assignment, the 30 largest topics.

    HF_HUB_OFFLINE=1 python -m research.evaluate topics --dataset mvsa:../shared/data/mvsa/posts.csv \
        [--sweep] [--out docs/eval_topics.md]

Parameters (extractors/topic_model.ClusterParams) were tuned on the MVSA train+dev ids (research/evaluation/
datasets.split_of); the test ids (~20%) are reported apart, clustered on their own, and assigned to the topics of
the tuning part (what an incremental load does). "Before" is today's per-post KeyBERT keyphrases taken as topics
(TopicExtractor pass 1: what the graph held as Topic nodes before collection topics), on the same posts.
"""
from __future__ import annotations

import argparse
import copy
import logging
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from research.evaluation.datasets import load_dataset, split_of
from research.evaluation.topic_metrics import Cooccurrence, TopicStats, topic_stats
from research.report_file import write_report

log = logging.getLogger(__name__)

SWEEP_DISTANCE = (0.6, 0.65, 0.7, 0.75, 0.8)
SWEEP_ATTACH = (0.25, 0.3, 0.35)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", required=True, help="mvsa:PATH (posts.csv)")
    parser.add_argument("--sweep", action="store_true", help="also print the parameter grid on the tuning part")
    parser.add_argument("--no-before", action="store_true", help="skip the keyphrase baseline (KeyBERT, slower)")
    parser.add_argument("--top", type=int, default=30, help="largest topics listed with example captions")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown report here")


def _row(label: str, s: TopicStats) -> str:
    npmi = f"{s.npmi:.3f} ({s.npmi_topics})" if s.npmi is not None else "-"
    return (f"| {label} | {s.posts:,} | {s.topics:,} | {s.topics_min_posts:,} | {s.smallest} | {s.largest} | "
            f"{s.covered:.1%} | {s.covered_min_posts:.1%} | {npmi} |")


HEADER = [("| assignment | posts | topics | topics with >= 3 posts | smallest | largest | posts in a topic | "
           "posts in a topic of >= 3 | NPMI, topics with >= 3 posts (n) |"), "|---|---|---|---|---|---|---|---|---|"]


def keyphrase_topics(texts: Sequence[str], ids: Sequence[str]) -> list[list[str]]:
    """Per post, the names TopicExtractor gives (batches of 256, fresh in-memory vocabulary)."""
    from core.settings import get_settings
    from data.models import Post
    from extractors.base import PostAnalysis
    from extractors.embeddings import EmbeddingExtractor
    from extractors.language import LanguageExtractor
    from extractors.runner import run_extractors
    from extractors.topics import TopicExtractor

    settings = get_settings()
    items = [PostAnalysis(Post(id=i, caption=t)) for i, t in zip(ids, texts, strict=True)]
    extractors = [EmbeddingExtractor(settings.embedding_model, settings), LanguageExtractor(),
                  TopicExtractor(settings, vocabulary_path=None)]
    for start in range(0, len(items), 256):
        run_extractors(items[start:start + 256], extractors)
    return [[k.name for k in item.extraction.keyphrases] for item in items]


def _cell(text: str, limit: int = 110) -> str:
    text = " ".join(text.split()).replace("|", "/")
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + " …"


def run(args: argparse.Namespace) -> int:
    from extractors.embeddings import configure_torch, embed_texts
    from extractors.language import detect_language, language_text
    from extractors.social_text import text_views
    from extractors.topic_model import ClusterParams, cluster_topics, keep_names
    from extractors.topics import _stop_words

    configure_torch()
    dataset = load_dataset(args.dataset)
    ids = [r.id for r in dataset.rows]
    raw = [r.text for r in dataset.rows]
    docs = [text_views(t).for_topics for t in raw]
    started = time.perf_counter()
    vectors = embed_texts(docs)
    languages = [detect_language(language_text(t), 0.3)[0] for t in raw]  # as LanguageExtractor stores it
    cache: dict[str, np.ndarray] = {}

    def embed_terms(terms: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(terms) if t not in cache]
        if todo:
            cache.update(zip(todo, embed_texts(todo), strict=True))
        return np.stack([cache[t] for t in terms])

    stop = _stop_words()
    stop_set = frozenset(stop)
    reference = Cooccurrence(docs, stop_set)  # NPMI always against all 2,047 captions
    tune = [i for i, x in enumerate(ids) if split_of(x) != "test"]
    test = [i for i, x in enumerate(ids) if split_of(x) == "test"]
    params = ClusterParams()

    def clustered(index: Sequence[int], p: ClusterParams = params) -> tuple[object, list[list[str]]]:
        model, found = cluster_topics(vectors[index], [docs[i] for i in index], "minilm", stop, p, embed_terms,
                                      [languages[i] for i in index])
        return model, [[model.topics[h[0]].name] if h else [] for h in found]

    def stats(index: Sequence[int], membership: list[list[str]]) -> TopicStats:
        return topic_stats([docs[i] for i in index], membership, stop_set, reference=reference)

    lines = [(f"# Collection topics on MVSA ({len(ids):,} tweets, `{dataset.path.name}` sha256 "
              f"{dataset.sha256[:12]})"), "",
             (f"Tuning part: train+dev ids ({len(tune):,}); held-out: test ids ({len(test):,}); "
              f"parameters {params}."), ""]
    if args.sweep:
        lines += ["## Parameter sweep (tuning part only)", "", *HEADER]
        for distance in SWEEP_DISTANCE:
            for attach in SWEEP_ATTACH:
                p = ClusterParams(distance=distance, attach=attach)
                lines.append(_row(f"distance {distance}, attach {attach}", stats(tune, clustered(tune, p)[1])))
        lines.append("")
    tune_model, tune_members = clustered(tune)
    _, test_members = clustered(test)
    all_model, all_members = clustered(range(len(ids)))
    assigned = tune_model.assign(vectors[test])  # type: ignore[attr-defined]
    incremental = [[hit[0]] if hit else [] for hit in assigned]
    before_rows = []
    if not args.no_before:
        before = keyphrase_topics(raw, ids)
        before_rows = [_row("before: per-post keyphrases as topics, all posts", stats(range(len(ids)), before)),
                       _row("before: held-out test part", stats(test, [before[i] for i in test]))]
    lines += ["## Results", "", *HEADER, *before_rows,
              _row("collection topics, tuning part (clustered alone)", stats(tune, tune_members)),
              _row("collection topics, held-out test part (clustered alone)", stats(test, test_members)),
              _row("held-out test posts assigned to the tuning part's topics (incremental load)",
                   stats(test, incremental)),
              _row("collection topics, all posts", stats(range(len(ids)), all_members))]
    again = copy.deepcopy(all_model)
    renamed = keep_names(again, tune_model)  # type: ignore[arg-type]
    kept = sum(1 for t in again.topics if t.name in {o.name for o in tune_model.topics})  # type: ignore
    lines += ["", (f"Re-clustering all posts after the tuning part's model: {kept} of {len(again.topics)} "
                   f"topics keep an earlier name ({len(renamed)} of them renamed back to it)."),
              (f"Seconds (embeddings + clusterings{' + keyphrases' if not args.no_before else ''}): "
               f"{time.perf_counter() - started:.0f}"), ""]
    lines += _largest(all_model, all_members, raw, args.top)
    text = "\n".join(lines)
    print(text)
    if args.out:
        write_report(args.out, text)
    return 0


def _largest(model: object, members: list[list[str]], raw: Sequence[str], top: int) -> list[str]:
    """The `top` largest topics (all posts) with 3 example captions each: the first three in file order, so the
    examples are not cherry-picked."""
    topics = model.topics  # type: ignore[attr-defined]
    by_name: dict[str, list[int]] = {}
    for i, names in enumerate(members):
        for name in names:
            by_name.setdefault(name, []).append(i)
    out = [f"## The {top} largest topics (all posts)", "",
           "| # | topic | posts | keywords | three example captions (the first three in file order) |",
           "|---|---|---|---|---|"]
    ranked = sorted(topics, key=lambda t: -len(by_name.get(t.name, [])))[:top]
    for rank, topic in enumerate(ranked, 1):
        posts = by_name.get(topic.name, [])
        examples = "<br>".join(f"“{_cell(raw[i])}”" for i in posts[:3])
        out.append(f"| {rank} | **{topic.name}** | {len(posts)} | {', '.join(topic.keywords[:6])} | {examples} |")
    return out
