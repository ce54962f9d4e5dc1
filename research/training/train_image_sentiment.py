"""Train the image-sentiment head and the fusion head.

    python -m research.training.train_image_sentiment --dataset mvsa:PATH

Image head: a calibrated logistic regression over the mobilenet_v2 embedding (+ optional colour / tag-kind
cues) fitted on the MVSA TRAIN rows of the shared split (research.evaluation.datasets, seed 13); C and class
weights by 5-fold CV on train; whether the cues join is decided on the DEV rows (every variant's dev score goes
in the sidecar). Fusion head: fitted on out-of-sample probabilities of the train+dev rows (--fusion-rows dev: the
dev rows alone; see research.training.fusion_training). Test rows are never read here;
`python -m research.evaluate compare` reports on them.
"""
from __future__ import annotations

import argparse
import logging
import platform
import shlex
import sys
from pathlib import Path
from typing import Any

import numpy as np

from extractors.fusion import DEFAULT_FUSION_PATH
from extractors.image_sentiment.head import DEFAULT_IMAGE_HEAD_PATH, ImageHead, softmax
from research.evaluation.dataset_images import DEFAULT_CACHE_DIR, ImageRows, dataset_image_rows
from research.evaluation.datasets import DEV_FRACTION, SPLIT_SEED, TEST_FRACTION, Dataset, load_dataset, split_of
from research.training.fitting import (
    criterion,
    fit_logreg,
    fit_temperature,
    folds,
    out_of_fold_logits,
    select_logreg,
)
from research.training.fusion_training import DEFAULT_FAMILIES, FAMILIES

log = logging.getLogger(__name__)

IMAGE_GRID = {"C": (0.0003, 0.001, 0.003, 0.01), "class_weight": (None, "balanced")}
VARIANTS = (("embedding", False, False), ("embedding+colour", True, False), ("embedding+kinds", False, True),
            ("embedding+colour+kinds", True, True))
MIN_DEV_GAIN = 0.01  # a cue group must beat the plain embedding by ~2 dev posts in 200 to be worth its cost


def variant_features(rows: ImageRows, use_colour: bool, use_kinds: bool) -> np.ndarray:
    head = ImageHead(np.zeros((3, 1)), np.zeros(3), use_colour=use_colour, use_kinds=use_kinds)
    return head.features(rows.embeddings, rows.colour, rows.kinds)


def train_image_head(rows: ImageRows, labels: np.ndarray, parts: np.ndarray, n_folds: int, seed: int
                     ) -> tuple[ImageHead, dict[str, Any], np.ndarray]:
    """C/class weights by CV on train (embedding only); each cue variant fitted on train, scored on dev.

    Also returns the chosen variant's out-of-fold probabilities for the train rows (for fitting the fusion)."""
    train, dev = (parts == "train") & rows.readable, (parts == "dev") & rows.readable
    base = variant_features(rows, False, False)
    best, cv_table, _ = select_logreg(base[train], labels[train], IMAGE_GRID, n_folds, seed)
    splits = folds(labels[train], n_folds, seed)
    variants, chosen = [], None
    for name, use_colour, use_kinds in VARIANTS:
        features = variant_features(rows, use_colour, use_kinds)
        weights, bias = fit_logreg(features[train], labels[train], best["C"], best["class_weight"])
        oof = out_of_fold_logits(features[train], labels[train], best["C"], best["class_weight"], splits)
        result = {"variant": name, "train_cv": criterion(labels[train], oof),
                  "dev": criterion(labels[dev], features[dev] @ weights.T + bias)}
        log.info("image head variant %s", result)
        variants.append(result)
        margin = 0.0 if chosen is None else MIN_DEV_GAIN
        if chosen is None or result["dev"]["criterion"] > chosen[0]["dev"]["criterion"] + margin:
            chosen = (result, ImageHead(weights, bias, fit_temperature(oof, labels[train]), use_colour, use_kinds,
                                        embedding_dim=rows.embeddings.shape[1]), oof)
    assert chosen is not None
    record = {"selected": {**best, "variant": chosen[0]["variant"]}, "cross_validation": cv_table,
              "cue_variants": variants, "temperature": chosen[1].temperature,
              "train_rows_used": int(train.sum()), "dev_rows_scored": int(dev.sum()),
              "selection": f"C/class_weight: 5-fold CV on train (embedding only); a cue variant replaces the plain "
                           f"embedding only if its dev criterion is higher by more than {MIN_DEV_GAIN}"}
    return chosen[1], record, softmax(chosen[2] / chosen[1].temperature)


def dataset_record(dataset: Dataset, parts: np.ndarray, rows: ImageRows, seed: int) -> dict[str, Any]:
    counts = {part: int((parts == part).sum()) for part in ("train", "dev", "test")}
    readable = {part: int(((parts == part) & rows.readable).sum()) for part in ("train", "dev", "test")}
    return {"spec": f"{dataset.kind}:{dataset.path}", "sha256": dataset.sha256, "rows": len(dataset.rows),
            "rows_per_part": counts, "readable_images_per_part": readable,
            "split": {"function": "research.evaluation.datasets.split_of", "seed": seed,
                      "test_fraction": TEST_FRACTION, "dev_fraction": DEV_FRACTION}}


def caption_explicitness_of(caption: np.ndarray, texts: list[str]) -> np.ndarray:
    """Each row's caption explicitness as the fusion extractor computes it (VADER on the sentiment view)."""
    from extractors.fusion import caption_explicitness
    from extractors.sentiment.base import MAX_SENTIMENT_CHARS
    from extractors.sentiment.vader import vader_scores
    from extractors.social_text import text_views

    compound = vader_scores([text_views(t).for_sentiment[:MAX_SENTIMENT_CHARS] for t in texts])[:, 3]
    return caption_explicitness(caption, compound)


def train_fusion_head(dataset: Dataset, rows: ImageRows, head: ImageHead, parts: np.ndarray, image_oof: np.ndarray,
                      caption_head: Path, seed: int, fusion_rows: str,
                      families: tuple[str, ...] | None = None) -> tuple[Any, dict[str, Any]]:
    """The fusion head on rows with both a caption and a readable image, all probabilities out-of-sample.

    `fusion_rows` 'dev': dev rows, image head as trained, caption recipe refitted on train rows.
    'train+dev': also the train rows, with the image head's out-of-fold probabilities there and the caption
    recipe refitted fold by fold (8x more rows; the default because 200 dev rows proved too few)."""
    import json

    from extractors.sentiment.head import sidecar_path
    from extractors.social_text import text_views
    from research.training.caption_recipe import dev_clean_caption_probs, out_of_fold_caption_probs
    from research.training.fusion_training import train_fusion

    caption_meta = json.loads(sidecar_path(caption_head).read_text(encoding="utf-8"))
    has_caption = np.array([bool(text_views(r.text).for_sentiment.strip()) for r in dataset.rows])
    wanted = ("dev",) if fusion_rows == "dev" else ("train", "dev")
    use = np.isin(parts, wanted) & rows.readable & has_caption
    ids = [row.id for row, keep in zip(dataset.rows, use) if keep]
    labels = np.array([row.label for row, keep in zip(dataset.rows, use) if keep])
    image = head.predict_proba(head.features(rows.embeddings, rows.colour, rows.kinds))
    image[(parts == "train") & rows.readable] = image_oof  # train rows: probabilities from heads that never saw them
    image = image[use]
    if fusion_rows == "dev":
        caption = dev_clean_caption_probs(caption_meta, dataset, ids, seed)
    else:
        caption = out_of_fold_caption_probs(caption_meta, dataset, ids, seed)
    explicitness = caption_explicitness_of(caption, [row.text for row, keep in zip(dataset.rows, use) if keep])
    fusion, record = train_fusion(caption, image, labels, seed, families or DEFAULT_FAMILIES, explicitness)
    record["fusion_rows"] = {"parts": list(wanted), "rows": len(ids), "probabilities": "out-of-sample for both"}
    record["caption_head"] = {"path": str(caption_head), "weights_sha256": caption_meta.get("weights_sha256"),
                              "dev_probs": "refitted on train rows only (dev-clean)"}
    return fusion, record


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m research.training.train_image_sentiment",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="mvsa:PATH (posts.csv with an image column)")
    parser.add_argument("--out", type=Path, default=DEFAULT_IMAGE_HEAD_PATH, help="image head .npz (+ .json)")
    parser.add_argument("--fusion-out", type=Path, default=None, help="fusion head .npz (default: beside --out)")
    parser.add_argument("--caption-head", type=Path, default=None, help="caption head .npz (default: packaged)")
    parser.add_argument("--seed", type=int, default=SPLIT_SEED)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR)
    parser.add_argument("--fusion-rows", choices=("train+dev", "dev"), default="train+dev",
                        help="rows the fusion head is fitted on (out-of-sample probabilities either way)")
    parser.add_argument("--fusion-families", nargs="+", choices=FAMILIES, default=list(DEFAULT_FAMILIES),
                        help="fusion heads to choose from (default: the confidence-gated mix only; see "
                             "research.training.fusion_training.DEFAULT_FAMILIES)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    from extractors.sentiment.head import DEFAULT_HEAD_PATH

    dataset = load_dataset(args.dataset)
    rows = dataset_image_rows(dataset, "mobilenet_v2", args.cache_dir)
    labels = np.array([row.label for row in dataset.rows])
    parts = np.array([split_of(row.id, args.seed) for row in dataset.rows])
    head, image_record, image_oof = train_image_head(rows, labels, parts, args.folds, args.seed)
    command = "python -m research.training.train_image_sentiment " + shlex.join(sys.argv[1:] if argv is None else argv)
    common = {"command": command, "dataset": dataset_record(dataset, parts, rows, args.seed),
              "versions": {"python": platform.python_version(), "numpy": np.__version__}}
    head.meta = {**common, **image_record, "model": "multinomial logistic regression, standardisation folded in",
                 "trained_on": "train rows only; test rows never read"}
    print(f"image head: {args.out}, sidecar {head.save(args.out)}; {image_record['selected']}")
    fusion_out = args.fusion_out or args.out.parent / DEFAULT_FUSION_PATH.name
    fusion, fusion_record = train_fusion_head(dataset, rows, head, parts, image_oof,
                                              args.caption_head or DEFAULT_HEAD_PATH, args.seed, args.fusion_rows,
                                              tuple(args.fusion_families))
    fusion.meta = {**common, **fusion_record, "image_head_sha256": head.meta["weights_sha256"],
                   "trained_on": f"{args.fusion_rows} rows (out-of-sample probabilities); test rows never read"}
    print(f"fusion head: {fusion_out}, sidecar {fusion.save(fusion_out)}; {fusion_record['selected']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
