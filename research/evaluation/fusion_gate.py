"""Does keeping a plainly worded caption's verdict (the fusion head's caption gate) cost MVSA, and does it stop the
photo from overturning captions that state their sentiment? Two fusion heads scored on the same held-out rows.

    python -m research.evaluation.fusion_gate --baseline OLD_HEAD.npz \
        --dataset mvsa:../shared/data/mvsa/posts.csv --dataset senticap:../shared/data/senticap/senticap_test.csv

Rows and extractors are those of `python -m research.evaluate compare` (MVSA: the test part of the seed-13 split;
SentiCap: the test captions whose image is present); only the fusion head differs: `--baseline` vs `--fusion-head`
(default: the packaged one). Prints JSON: per dataset, caption-only and both fused verdicts (accuracy, macro-F1,
per-class recall), how often each fused verdict differs from the caption's and whether those changes are right,
and the paired bootstrap CI of new minus baseline. `--graph` adds the own-caption posts of FEEDLENS_HOME's graph
(e.g. the demo collection) whose fused verdict differs from the caption's.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import logging
from pathlib import Path
from typing import Any

from research.evaluation.compare import SOURCES, compare_dataset
from research.evaluation.compare_stats import paired_test
from research.evaluation.dataset_images import DEFAULT_CACHE_DIR
from research.evaluation.datasets import SPLIT_SEED
from research.evaluation.metrics import score

log = logging.getLogger(__name__)


def changes(gold: list[str], caption: list[str], fused: list[str]) -> dict[str, Any]:
    """How often the fused verdict differs from the caption's, and whether the change is right."""
    changed = [(g, c, f) for g, c, f in zip(gold, caption, fused, strict=True) if c != f]
    return {"changed": len(changed), "of": len(gold), "share": round(len(changed) / max(len(gold), 1), 4),
            "wrong_to_right": sum(c != g and f == g for g, c, f in changed),
            "right_to_wrong": sum(c == g for g, c, f in changed),
            "wrong_to_other_wrong": sum(c != g and f != g for g, c, f in changed)}


def _scores(gold: list[str], predicted: list[str], labels: tuple[str, ...]) -> dict[str, Any]:
    s = score(gold, predicted, labels)
    return {"accuracy": round(s.accuracy, 4), "macro_f1": round(s.macro_f1, 4),
            "recall": {k: round(v, 4) for k, v in s.recall.items()}}


def compare_heads(spec: str, args: argparse.Namespace) -> dict[str, Any]:
    """Caption-only, baseline-fused and new-fused verdicts of one dataset, on the same rows."""
    old = compare_dataset(spec, argparse.Namespace(**{**vars(args), "fusion_head": args.baseline}))
    new = compare_dataset(spec, args)
    assert old.ids == new.ids and old.predicted["caption"] == new.predicted["caption"]
    gold, caption = new.gold, new.predicted["caption"]
    before, after = old.predicted["combined"], new.predicted["combined"]
    test = paired_test(gold, before, after, new.labels, args.bootstrap, args.seed)
    return {
        "dataset": spec, "rows": len(gold), "rows_note": new.rows_note,
        "caption_only": _scores(gold, caption, new.labels),
        "image_only": _scores(gold, new.predicted["image"], new.labels),
        "fused_baseline": {**_scores(gold, before, new.labels), "vs_caption": changes(gold, caption, before)},
        "fused_new": {**_scores(gold, after, new.labels), "vs_caption": changes(gold, caption, after)},
        "new_minus_baseline": dataclasses.asdict(test),
        "verdicts_that_differ_between_heads": sum(a != b for a, b in zip(before, after, strict=True)),
    }


def graph_changes() -> list[dict[str, Any]]:
    """Own-caption posts in FEEDLENS_HOME's graph whose fused verdict differs from the caption's."""
    from graph import queries
    from graph.connect import open_store

    store = open_store()
    try:
        rows = store.query(queries.UI_COMPARE_CHANGED, {"limit": 1000})
        totals = store.query(queries.UI_COMPARE_VERDICTS)
    finally:
        store.close()
    compared = sum(int(r["posts"]) for r in totals)
    return [{"compared_posts": compared}] + [
        {"id": r["id"], "caption": (r["caption"] or "")[:90], "caption_sentiment": r["caption_sentiment"],
         "image_sentiment": r["image_sentiment"], "fused": r["sentiment"]} for r in rows]


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="python -m research.evaluation.fusion_gate",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", action="append", default=[], help="KIND:PATH (mvsa, senticap)")
    parser.add_argument("--baseline", type=Path, required=True, help="the fusion head to compare against")
    parser.add_argument("--fusion-head", type=Path, default=None, help="the new fusion head (default: packaged)")
    parser.add_argument("--graph", action="store_true", help="also list FEEDLENS_HOME's changed own-caption posts")
    parser.add_argument("--bootstrap", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=SPLIT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR)
    args = parser.parse_args(argv)
    for name, default in (("image_head", None), ("caption_head", None), ("caption_backend", "head"),
                          ("caption_branch", None)):
        setattr(args, name, default)
    report: dict[str, Any] = {"sources": list(SOURCES), "datasets": [compare_heads(s, args) for s in args.dataset]}
    if args.graph:
        report["graph_changed_posts"] = graph_changes()
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
