"""Evaluate caption-sentiment backends (vader, head, finetuned, transformers) on MVSA, TweetEval and SentiCap.

Rows that trained or tuned anything are never scored: for MVSA only the test part of the declared split
(datasets.split_of, seed 13) is used (the head trained on train+dev, the fine-tuned branch chose its checkpoint on
dev); TweetEval likewise when the head is evaluated (it trained on TweetEval val's non-test rows), else the whole
file (the fine-tuned branch never saw it); SentiCap (not used in training) is scored whole, unless the head's
sidecar says it was trained on that very file, in which case only its test part is.
"""
from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

from extractors.base import Extraction, PostAnalysis, SentimentVerdict
from research.evaluation.caption_report import render_report, summary_rows
from research.evaluation.datasets import SPLIT_SEED, Dataset, LabeledText, load_dataset, split_of
from research.evaluation.metrics import markdown_table, score
from research.evaluation.results import BackendResult
from research.report_file import write_report

log = logging.getLogger(__name__)

ALWAYS_SPLIT = ("mvsa",)  # the head trains on its non-test rows, the fine-tuned branch selects on its dev rows
HEAD_SPLIT = ("tweeteval",)  # the head also trains on TweetEval val's non-test rows
BINARY_LABELS = ("negative", "positive")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", action="append", required=True, help="KIND:PATH (mvsa, tweeteval, senticap)")
    parser.add_argument("--backend", action="append", choices=("vader", "head", "finetuned", "transformers"),
                        help="repeatable; default vader + head (+ transformers when --model is given)")
    parser.add_argument("--head", type=Path, default=None, help="head artefact .npz (default: the packaged one)")
    parser.add_argument("--branch", type=Path, default=None,
                        help="fine-tuned branch .safetensors (default: the packaged one)")
    parser.add_argument("--model", default=None, help="HF model id/path for the transformers backend")
    parser.add_argument("--seed", type=int, default=SPLIT_SEED, help="split seed (must match the head's)")
    parser.add_argument("--out", type=Path, default=None, help="write the markdown report here")


def evaluation_rows(dataset: Dataset, trained_sha: set[str], seed: int,
                    split_kinds: tuple[str, ...] = ALWAYS_SPLIT + HEAD_SPLIT) -> tuple[list[LabeledText], str]:
    """The rows to score and a sentence saying which (test part only where anything trained on the file)."""
    if dataset.kind in split_kinds or dataset.sha256 in trained_sha:
        rows = [row for row in dataset.rows if split_of(row.id, seed) == "test"]
        return rows, f"test part of the seed-{seed} split: {len(rows)} of {len(dataset.rows)} rows"
    return list(dataset.rows), f"all {len(dataset.rows)} rows (no backend was trained or tuned on this file)"


def build_backends(names: list[str], head_path: Path | None, model: str | None,
                   branch_path: Path | None = None) -> dict[str, Any]:
    """Backend objects by name (imports here, so `--help` loads nothing)."""
    from core.settings import get_settings
    from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH, FineTunedBackend
    from extractors.sentiment.head import DEFAULT_HEAD_PATH, HeadBackend
    from extractors.sentiment.hf import TransformersBackend
    from extractors.sentiment.vader import VaderBackend

    makers = {
        "vader": VaderBackend,
        "head": lambda: HeadBackend(path=head_path or DEFAULT_HEAD_PATH),
        "finetuned": lambda: FineTunedBackend(branch_path or DEFAULT_BRANCH_PATH,
                                              embedding_model=get_settings().embedding_model),
        "transformers": lambda: TransformersBackend(model or ""),
    }
    return {name: makers[name]() for name in names}


def embed_items(items: list[PostAnalysis], states_layer: int | None = None) -> float:
    """Run the shared embedding extractor once per dataset (as the pipeline does); returns seconds taken."""
    from extractors.embeddings import EmbeddingExtractor

    extractor, started = EmbeddingExtractor(states_layer=states_layer), time.perf_counter()
    for start in range(0, len(items), extractor.batch_size):
        batch = items[start : start + extractor.batch_size]
        for item, extraction in zip(batch, extractor.extract(batch), strict=True):
            item.extraction.merge(extraction)
    return time.perf_counter() - started


def run_backend(name: str, backend: Any, dataset: Dataset, rows: list[LabeledText],
                items: list[PostAnalysis]) -> BackendResult:
    """Predict every row through the real CaptionSentiment extractor and score it."""
    from extractors.sentiment.base import CaptionSentiment

    extractor, started = CaptionSentiment(backend), time.perf_counter()
    extractions: list[Extraction] = []
    for start in range(0, len(items), extractor.batch_size):
        extractions += extractor.extract(items[start : start + extractor.batch_size])
    seconds = time.perf_counter() - started
    # a row with no caption text to read gets no verdict: scored as neutral (score 0), as the extractor used to say
    no_verdict = SentimentVerdict("neutral", 0.0, extractor.model)
    verdicts = [e.sentiments.get("caption", no_verdict) for e in extractions]
    gold = [row.label for row in rows]
    predicted = [v.label for v in verdicts]
    if not dataset.binary:
        return BackendResult(dataset.name, name, extractor.model, score(gold, predicted), seconds)
    decisive = ["positive" if v.score >= 0 else "negative" for v in verdicts]
    strict = sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0
    return BackendResult(dataset.name, name, extractor.model, score(gold, decisive, BINARY_LABELS), seconds,
                         neutral_predictions=predicted.count("neutral"), strict_accuracy=strict)


def trained_files(head_path: Path | None) -> tuple[set[str], dict[str, Any]]:
    """sha256 of the files the head was trained on, and its sidecar (empty when there is none)."""
    from extractors.sentiment.head import DEFAULT_HEAD_PATH, sidecar_path

    sidecar = sidecar_path(head_path or DEFAULT_HEAD_PATH)
    meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    return {d["sha256"] for d in meta.get("datasets", [])}, meta


def run(args: argparse.Namespace) -> int:
    names = args.backend or ["vader", "head"] + (["transformers"] if args.model else [])
    backends = build_backends(names, args.head, args.model, getattr(args, "branch", None))
    trained_sha, head_meta = trained_files(args.head) if "head" in names else (set(), {})
    split_kinds = ALWAYS_SPLIT + (HEAD_SPLIT if "head" in names else ())
    layer = getattr(backends.get("finetuned"), "shared_layer", None)
    results, notes, timing = [], {}, {}
    for spec in args.dataset:
        dataset = load_dataset(spec)
        rows, notes[dataset.name] = evaluation_rows(dataset, trained_sha, args.seed, split_kinds)
        notes[dataset.name] += f"; {_emoji_rows(rows)} of them with emoji"
        items = [PostAnalysis(post=_post(row)) for row in rows]
        timing[dataset.name] = embed_items(items, layer) if {"head", "finetuned"} & set(names) else None
        # the fine-tuned branch first: it reads (and then drops) the lower-layer states the embedding pass left
        for name, backend in sorted(backends.items(), key=lambda kv: kv[0] != "finetuned"):
            results.append(run_backend(name, backend, dataset, rows, items))
            log.info("%s %s: %s", dataset.name, name, results[-1].scores.accuracy)
    print(markdown_table(*summary_rows(results)))
    if args.out:
        branch = backends.get("finetuned")
        branch_meta = branch.model.sidecar if branch is not None else {}
        write_report(args.out, render_report(results, notes, timing, head_meta, args.seed, branch_meta))
        print(f"report written to {args.out}")
    return 0


def _emoji_rows(rows: list[LabeledText]) -> int:
    """Rows whose sentiment view changes when emoji are read as words (what the head's embedding reads)."""
    from extractors.social_text import text_views

    return sum(1 for row in rows if (v := text_views(row.text)).for_embedding != v.for_sentiment)


def _post(row: LabeledText) -> Any:
    from data.models import Post

    return Post(id=row.id, caption=row.text, source="evaluation")
