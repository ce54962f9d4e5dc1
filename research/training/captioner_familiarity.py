"""Build the captioner's familiarity bank (extractors/vision/captioner/familiarity.py) from its training photos.

    python -m research.training.captioner_familiarity --data ../shared/data/flickr8k --write

Rule, fixed before any photo outside Flickr8k was scored:
- points: the Flickr8k training photos the decoder was fitted on (train minus the 500 selection images), each
  the L2-normalised cell mean of the captioner backbone's grid, in a 128-dimensional PCA basis fitted on them;
- score: Euclidean distance to the 10th nearest training photo;
- threshold: the 95th percentile of the 500 held-out selection photos' scores, so about one photo in twenty that
  is like the training set is flagged, and anything further out than that is not described.
Dev (1,000 photos nothing was chosen on) is reported once: the share flagged and the mean per-image CIDEr-D of
flagged vs kept captions.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from extractors.vision.captioner.familiarity import DEFAULT_K, bank_path, kth_distance, pooled_unit, save_bank

log = logging.getLogger(__name__)

DIMS = 128
PERCENTILE = 95.0
COMMAND = "python -m research.training.captioner_familiarity --data ../shared/data/flickr8k --write"


def unit_vectors(grid: Any, rows: list[int]) -> np.ndarray:
    """pooled_unit over a (memory-mapped) grid, 256 rows at a time."""
    return np.concatenate([pooled_unit(np.asarray(grid[rows[i : i + 256]])) for i in range(0, len(rows), 256)])


def fit_basis(unit: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray, float]:
    """(mean, basis (C, dims), share of variance kept) of the training photos, rounded to fp16 as stored."""
    mean = unit.mean(axis=0)
    _, singular, vt = np.linalg.svd(unit - mean, full_matrices=False)
    kept = float((singular[:dims] ** 2).sum() / (singular**2).sum())
    return mean.astype(np.float16).astype(np.float32), vt[:dims].T.astype(np.float16).astype(np.float32), kept


def main(argv: list[str] | None = None) -> int:
    from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT, load_artefact
    from research.evaluation.caption_confidence import score_images
    from research.training.captioner_data import cached_grid, read_flickr8k
    from research.training.train_captioner import split_selection

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/flickr8k"))
    parser.add_argument("--model", type=Path, default=DEFAULT_ARTEFACT, help="captioner artefact")
    parser.add_argument("--write", action="store_true", help="write the bank beside the artefact")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    artefact = load_artefact(args.model)
    splits = read_flickr8k(args.data)
    train, dev = splits["train"], splits["dev"]
    grid = cached_grid([args.data / "images" / n for n in train.images], "flickr8k-train", artefact.backbone)
    fit, select = split_selection(train.images, 500)
    row_of = {n: i for i, n in enumerate(train.images)}
    fit_unit = unit_vectors(grid, [row_of[n] for n in fit])
    mean, basis, variance_kept = fit_basis(fit_unit, DIMS)
    points = ((fit_unit - mean) @ basis).astype(np.float16).astype(np.float32)

    select_scores = kth_distance((unit_vectors(grid, [row_of[n] for n in select]) - mean) @ basis, points, DEFAULT_K)
    threshold = float(np.percentile(select_scores, PERCENTILE))
    fit_scores = kth_distance(points, points, DEFAULT_K, skip_self=True)

    dev_grid = cached_grid([args.data / "images" / n for n in dev.images], "flickr8k-dev", artefact.backbone)
    dev_scores = kth_distance((unit_vectors(dev_grid, list(range(len(dev.images)))) - mean) @ basis, points,
                              DEFAULT_K)
    _, cider, _ = score_images(args.model, dev_grid, dev.images, dev.captions)
    flagged = dev_scores > threshold
    dev_check: dict[str, Any] = {
        "images": len(dev.images), "flagged_share": round(float(flagged.mean()), 4),
        "flagged_mean_cider": round(float(cider[flagged].mean()), 4) if flagged.any() else None,
        "kept_mean_cider": round(float(cider[~flagged].mean()), 4)}
    meta = {
        "rule": __doc__.split("Rule, fixed before any photo outside Flickr8k was scored:\n")[1].split("\nDev")[0]
        .replace("\n", " ").replace("- ", ""),
        "command": COMMAND, "artefact": args.model.name,
        "artefact_sha256": hashlib.sha256(args.model.read_bytes()).hexdigest(),
        "data_sha256": {"captions.csv": hashlib.sha256((args.data / "captions.csv").read_bytes()).hexdigest()},
        "backbone": artefact.backbone, "fit_images": len(fit), "dims": DIMS,
        "variance_kept": round(variance_kept, 4), "percentile": PERCENTILE,
        "selection": {"images": len(select), "median": round(float(np.median(select_scores)), 4),
                      "p95": round(threshold, 4), "max": round(float(select_scores.max()), 4)},
        "fit_leave_one_out_median": round(float(np.median(fit_scores)), 4),
        "dev": {**dev_check, "median": round(float(np.median(dev_scores)), 4)},
    }
    print(json.dumps({**meta, "threshold": round(threshold, 4), "k": DEFAULT_K}, indent=2))
    if args.write:
        target = bank_path(args.model)
        save_bank(target, mean, basis, points, DEFAULT_K, threshold, meta)
        log.info("bank written to %s (%.1f MB)", target, target.stat().st_size / 1e6)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
