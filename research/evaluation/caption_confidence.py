"""Captioner confidence vs per-image CIDEr-D on Flickr8k, and the confidence gate chosen from it.

`--split select` reads the 500 held-out TRAIN images the trainers select on; `--write-gate` (only allowed there)
stores the chosen threshold in the artefact's sidecar (`confidence_gate`), which the runtime reads. `--split dev`
reports how that threshold does on images nothing was chosen on.

Rule: among the 5th..40th confidence percentiles of the selection images, the highest threshold whose flagged
captions (confidence below it) score at most half the mean per-image CIDEr-D of the captions kept: the flagged
group must be clearly worse, not just below average.
"""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from research.evaluation.captioning import parse_dataset

log = logging.getLogger(__name__)

PERCENTILES = tuple(range(5, 45, 5))
WORSE_BY = 0.5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dataset", required=True, help="flickr8k:PATH")
    parser.add_argument("--split", choices=("select", "dev"), default="select",
                        help="select: the 500 held-out train images (choose here); dev: report only")
    parser.add_argument("--model", type=Path, default=None, help="captioner artefact (default: the packaged one)")
    parser.add_argument("--write-gate", action="store_true", help="store the chosen threshold in the sidecar")
    parser.add_argument("--threshold", type=float, default=None, help="report this threshold (default: sidecar's)")
    parser.add_argument("--json", type=Path, default=None)


def per_image(confidence: np.ndarray, cider: np.ndarray, threshold: float) -> dict[str, Any]:
    """Share flagged and mean CIDEr-D of flagged vs kept images at one threshold."""
    low = confidence < threshold
    return {"threshold": round(float(threshold), 4), "flagged_share": round(float(low.mean()), 4),
            "flagged_mean_cider": round(float(cider[low].mean()), 4) if low.any() else None,
            "kept_mean_cider": round(float(cider[~low].mean()), 4) if (~low).any() else None}


def choose_threshold(confidence: np.ndarray, cider: np.ndarray) -> dict[str, Any]:
    """The module docstring's rule; threshold 0 (no gate) when no percentile separates a clearly worse group."""
    chosen = {"threshold": 0.0}
    for pct in PERCENTILES:
        stats = per_image(confidence, cider, float(np.percentile(confidence, pct)))
        if stats["flagged_mean_cider"] is not None and stats["kept_mean_cider"] is not None \
                and stats["flagged_mean_cider"] <= WORSE_BY * stats["kept_mean_cider"]:
            chosen = {**stats, "percentile": pct}
    return chosen


def buckets(confidence: np.ndarray, cider: np.ndarray, count: int = 5) -> list[dict[str, Any]]:
    """Equal-size confidence bins: range, mean CIDEr-D, share of near-misses (CIDEr-D < 0.1)."""
    order = np.argsort(confidence)
    out = []
    for part in np.array_split(order, count):
        out.append({"confidence": f"{confidence[part].min():.3f}-{confidence[part].max():.3f}", "images": len(part),
                    "mean_cider": round(float(cider[part].mean()), 4),
                    "share_cider_below_0.1": round(float((cider[part] < 0.1).mean()), 4)})
    return out


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ranks = [np.argsort(np.argsort(x)).astype(float) for x in (a, b)]
    return float(np.corrcoef(*ranks)[0, 1])


def score_images(path: Path, grid: Any, names: list[str], refs: dict[str, list[str]]
                 ) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(confidence, per-image CIDEr-D, caption) of each image with the artefact's own search settings."""
    import torch
    from pycocoevalcap.cider.cider import Cider

    from extractors.vision.captioner.artefact import load_artefact
    from extractors.vision.captioner.runtime import tidy
    from extractors.vision.captioner.search import beam_search
    from research.evaluation.caption_metrics import tokenize_all

    artefact = load_artefact(path)
    search, vocab = artefact.search, artefact.vocab
    confidence, texts = [], []
    for start in range(0, len(names), 100):
        chunk = torch.from_numpy(np.array(grid[start : start + 100]))
        for hyp in beam_search(artefact.decoder, chunk, vocab.start, vocab.end, int(search["beam"]),
                               int(search.get("max_len", 20)), float(search.get("alpha", 0.7)),
                               int(search.get("no_repeat_ngram", 0)), (vocab.unk,)):
            texts.append(tidy(vocab.decode(hyp.tokens)))
            confidence.append(hyp.mean_prob if texts[-1] else 0.0)
    gts = tokenize_all({n: refs[n] for n in names})
    res = {n: [t or "<empty>"] for n, t in zip(names, texts, strict=True)}
    _, per = Cider().compute_score(gts, {n: [" ".join(r[0].split())] for n, r in res.items()})
    ordered = sorted(names)  # pycocoevalcap scores in sorted-key order
    by_name = dict(zip(ordered, per, strict=True))
    return np.array(confidence), np.array([by_name[n] for n in names]), texts


def run(args: argparse.Namespace) -> int:
    from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT, load_artefact, sidecar_path
    from research.training.captioner_data import cached_grid, read_flickr8k
    from research.training.train_captioner import split_selection

    if args.write_gate and args.split != "select":
        raise SystemExit("--write-gate chooses on the selection images only: use --split select")
    root = parse_dataset(args.dataset)
    path = args.model or DEFAULT_ARTEFACT
    artefact = load_artefact(path)
    splits = read_flickr8k(root)
    split = "train" if args.split == "select" else args.split
    source = splits[split]
    full = cached_grid([root / "images" / n for n in source.images], f"flickr8k-{split}", artefact.backbone)
    names = split_selection(source.images, 500)[1] if args.split == "select" else source.images
    row_of = {n: i for i, n in enumerate(source.images)}
    grid = full[[row_of[n] for n in names]]
    confidence, cider, _ = score_images(path, grid, names, source.captions)
    result: dict[str, Any] = {"split": args.split, "images": len(names), "model": str(path),
                              "mean_cider": round(float(cider.mean()), 4),
                              "spearman_confidence_cider": round(spearman(confidence, cider), 4),
                              "buckets": buckets(confidence, cider)}
    if args.split == "select":
        result["chosen"] = choose_threshold(confidence, cider)
    threshold = args.threshold if args.threshold is not None else \
        result.get("chosen", {}).get("threshold", artefact.meta.get("confidence_gate", {}).get("threshold", 0.0))
    result["at_threshold"] = per_image(confidence, cider, threshold)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if args.write_gate:
        meta = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
        meta["confidence_gate"] = {**result["chosen"], "chosen_on": "the 500 held-out train selection images",
                                   "rule": __doc__.split("Rule: ")[1].strip().replace("\n", " "),
                                   "spearman_confidence_cider": result["spearman_confidence_cider"],
                                   "command": "python -m research.evaluate caption-confidence --dataset "
                                              f"{args.dataset} --split select"
                                              + (f" --model {args.model}" if args.model else "") + " --write-gate"}
        sidecar_path(path).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"gate written to {sidecar_path(path)}")
    return 0
