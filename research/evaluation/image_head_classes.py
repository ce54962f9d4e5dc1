"""Which classes the packaged image-sentiment head predicts, and how sure it is: per-class recall on MVSA dev, the
distribution of its verdicts, and its accuracy by confidence, to choose the confidence under which the app calls
an image verdict "unclear". The threshold is chosen on dev rows only; the test rows then show what it does on
rows it was not chosen on.

    python -m research.evaluation.image_head_classes --dataset mvsa:../shared/data/mvsa/posts.csv [--graph]

`--graph` also counts the image verdicts and their confidence in the graph of FEEDLENS_HOME (e.g. the demo).
"""
from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from pathlib import Path

import numpy as np

from extractors.base import SENTIMENT_LABELS
from extractors.image_sentiment.head import DEFAULT_IMAGE_HEAD_PATH, load_image_head
from research.evaluation.dataset_images import compute_image_rows, image_paths
from research.evaluation.datasets import load_dataset, split_rows

log = logging.getLogger(__name__)

CANDIDATES = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4)  # |p(pos) - p(neg)| thresholds tried on dev


def confidence(probs: np.ndarray) -> np.ndarray:
    """|p(positive) - p(negative)|: the stored image score's size, the one confidence the graph keeps."""
    return np.abs(probs[:, 2] - probs[:, 0])


def part_report(head_path: Path, spec: str, part: str) -> dict:
    """Verdict counts, per-class recall and the accuracy of each confidence band on one split part."""
    dataset = load_dataset(spec)
    rows = split_rows(dataset.rows, part)
    paths = image_paths(dataset)
    images = compute_image_rows([r.id for r in rows], [paths.get(r.id, Path("/nonexistent")) for r in rows],
                                "mobilenet_v2")
    head = load_image_head(head_path)
    keep = images.readable
    gold = np.array([SENTIMENT_LABELS.index(r.label) for r in rows])[keep]
    probs = head.predict_proba(head.features(images.embeddings[keep], images.colour[keep], images.kinds[keep]))
    predicted = probs.argmax(axis=1)
    conf = confidence(probs)
    recall = {label: (round(float((predicted[gold == k] == k).mean()), 3) if (gold == k).any() else None)
              for k, label in enumerate(SENTIMENT_LABELS)}
    bands = []
    for threshold in CANDIDATES:
        low = conf < threshold
        bands.append({"threshold": threshold, "unclear_share": round(float(low.mean()), 3),
                      "accuracy_unclear": round(float((predicted[low] == gold[low]).mean()), 3) if low.any() else None,
                      "accuracy_confident": round(float((predicted[~low] == gold[~low]).mean()), 3)
                      if (~low).any() else None})
    return {"part": part, "rows": int(keep.sum()), "unreadable": int((~keep).sum()),
            "gold": dict(Counter(SENTIMENT_LABELS[g] for g in gold)),
            "predicted": dict(Counter(SENTIMENT_LABELS[p] for p in predicted)), "recall": recall,
            "accuracy": round(float((predicted == gold).mean()), 3),
            "max_p_neutral": round(float(probs[:, 1].max()), 3),
            "median_confidence": round(float(np.median(conf)), 3), "bands": bands}


def graph_report() -> dict:
    """The image verdicts stored in the FEEDLENS_HOME graph, with the size of their scores."""
    from core.settings import get_settings
    from graph.connect import open_store
    from graph.queries import IMAGE_VERDICTS

    store = open_store(get_settings())
    try:
        rows = store.query(IMAGE_VERDICTS, {})
    finally:
        store.close()
    scores = np.array([abs(float(r["score"])) for r in rows]) if rows else np.zeros(0)
    return {"posts": len(rows), "verdicts": dict(Counter(r["verdict"] for r in rows)),
            "median_confidence": round(float(np.median(scores)), 3) if len(scores) else None,
            "confidences": sorted(round(float(s), 3) for s in scores)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m research.evaluation.image_head_classes", description=__doc__)
    parser.add_argument("--dataset", required=True, help="mvsa:PATH/posts.csv")
    parser.add_argument("--head", type=Path, default=DEFAULT_IMAGE_HEAD_PATH)
    parser.add_argument("--parts", default="dev,test", help="split parts to score (the threshold is read on dev)")
    parser.add_argument("--graph", action="store_true", help="also count the verdicts in FEEDLENS_HOME's graph")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    report = {"head": str(args.head), "parts": [part_report(args.head, args.dataset, p)
                                                 for p in args.parts.split(",")]}
    if args.graph:
        report["graph"] = graph_report()
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
