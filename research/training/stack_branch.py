"""Stack a SemEval-only branch's log-probabilities into the caption head: gate A of the stacking rule.

    HF_HUB_OFFLINE=1 python -m research.training.stack_branch --dataset mvsa:../shared/data/mvsa/posts.csv \
        --dataset tweeteval:../shared/data/tweeteval/val.csv --branch /work/stackrun/top2_stage1.safetensors \
        --senticap ../shared/data/senticap/senticap_test.csv --out /work/stackrun/stacked_head.npz

The rule is docs/eval_caption_finetune.md, "Stacking the tweet model into the head". The packaged head's recipe
(research.training.train_sentiment with its defaults) is re-run as the baseline on the same rows and folds; the
candidate is the same recipe over the head's features plus the branch's 3 log-probabilities. Reads no test row
of MVSA or TweetEval: the gate's scores are cross-validated on train+dev, plus SentiCap test (no model trained on
it) and the emoji captions of tests/extractors/test_sentiment_models.py.

Research only: `--out` gets the stacked head's arrays (.npz) and the gate-A report with both CV tables (.npz.json).
The run-time head (extractors/sentiment/head.py) cannot load it; it was not extended, because gate A failed
(2026-12-03; see the doc).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from extractors.base import SENTIMENT_LABELS
from extractors.sentiment.base import has_readable_text
from extractors.social_text import text_views
from research.evaluation.datasets import SPLIT_SEED, load_dataset, split_of
from research.training.train_sentiment import (
    CLASS_WEIGHTS,
    CV_REPEATS,
    TrainingRows,
    _versions,
    collect_rows,
    rows_record,
    select_config,
)

log = logging.getLogger(__name__)

# the sidecar of the packaged head (C 0.001, balanced, VADER): the baseline re-run must land within REPRODUCE_TOL
LOG_FLOOR = float(np.log(1e-6))  # the rule's clip of the branch's log-probabilities
PACKAGED_CV = {"mvsa": (0.6391, 0.5455), "tweeteval": (0.6184, 0.6012)}
REPRODUCE_TOL = 0.002
# tests/extractors/test_sentiment_models.py::EMOJI_CAPTIONS (kept in step by hand; the test is the check of record)
EMOJI_CAPTIONS = {
    "negative": ["Monday mood. 😾", "Cold brew experiment #3: too bitter, again. Giving up. ☕️👎", "😡😡😡", "💔😭",
                 "👎", "Ugh. 😤😤", "Nope. 🤮"],
    "positive": ["😍😍🥰", "🎉🎉🥳", "Best day ever 🎉😍", "Yes!! 🥳🥳", "My valentine ❤️🐱"],
}


@dataclass
class StackedRows(TrainingRows):
    """The head's training rows with the branch's log-probabilities appended to every feature set."""

    branch_log_probs: np.ndarray | None = None

    def features(self, use_vader: bool) -> np.ndarray:
        assert self.branch_log_probs is not None
        return np.hstack([super().features(use_vader), self.branch_log_probs.astype(self.embeddings.dtype)])


def branch_features(branch: Any, texts: list[str]) -> np.ndarray:
    """(n, 3) natural-log probabilities of the branch on `texts` (the for_embedding view), clipped at log(1e-6)."""
    probs = np.clip(np.asarray(branch.predict_proba(texts), dtype=np.float64), 1e-300, None)
    return np.maximum(np.log(probs), LOG_FLOOR).astype(np.float32)


def training_views(datasets: list, seed: int) -> list[str]:
    """for_embedding views of the rows collect_rows keeps, in its order (non-test rows, dataset by dataset)."""
    return [text_views(row.text).for_embedding for dataset in datasets for row in dataset.rows
            if split_of(row.id, seed) != "test"]


def head_probs(texts: list[str], branch: Any, weights: np.ndarray, bias: np.ndarray, temperature: float,
               use_vader: bool, model: str) -> np.ndarray:
    """The stacked head's probabilities on raw captions, features built as at run time."""
    from extractors.embeddings import embed_texts
    from extractors.sentiment.vader import vader_scores

    views = [text_views(t) for t in texts]
    embedded = [v.for_embedding for v in views]
    parts = [embed_texts(embedded, model)]
    if use_vader:
        parts.append(vader_scores([v.for_sentiment for v in views]))
    parts.append(branch_features(branch, embedded))
    logits = (np.hstack([np.asarray(p, dtype=np.float32) for p in parts]) @ weights.T + bias) / temperature
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    return exp / exp.sum(axis=1, keepdims=True)


def gate_row(best: dict[str, Any]) -> dict[str, float]:
    return {"mvsa_accuracy": best["mvsa"]["accuracy"], "mvsa_macro_f1": best["mvsa"]["macro_f1"],
            "mvsa_neutral_recall": best["mvsa"]["recall"]["neutral"],
            "tweeteval_accuracy": best["tweeteval"]["accuracy"], "tweeteval_macro_f1": best["tweeteval"]["macro_f1"],
            "tweeteval_neutral_recall": best["tweeteval"]["recall"]["neutral"]}


def gate_a(base: dict[str, float], stacked: dict[str, float], emoji_ok: bool, senticap: float) -> dict[str, bool]:
    """The five checks of the rule, each True when it holds."""
    return {
        "mvsa_accuracy_+0.01": stacked["mvsa_accuracy"] >= base["mvsa_accuracy"] + 0.01,
        "mvsa_macro_f1_+0.01": stacked["mvsa_macro_f1"] >= base["mvsa_macro_f1"] + 0.01,
        "tweeteval_macro_f1_-0.01": stacked["tweeteval_macro_f1"] >= base["tweeteval_macro_f1"] - 0.01,
        "mvsa_neutral_recall_-0.03": stacked["mvsa_neutral_recall"] >= base["mvsa_neutral_recall"] - 0.03,
        "emoji_all_12": emoji_ok,
        "senticap_test_>=0.910": senticap >= 0.910,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m research.training.stack_branch",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", action="append", required=True, help="KIND:PATH (mvsa, tweeteval)")
    parser.add_argument("--branch", type=Path, required=True, help="SemEval-only branch .safetensors")
    parser.add_argument("--senticap", type=Path, required=True, help="SentiCap test csv (scored whole)")
    parser.add_argument("--out", type=Path, required=True, help="stacked head arrays (.npz) + report (.npz.json)")
    parser.add_argument("--seed", type=int, default=SPLIT_SEED)
    parser.add_argument("--folds", type=int, default=5)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    from core.settings import get_settings
    from extractors.sentiment.finetuned import FineTunedSentiment
    from research.training.fitting import fit_temperature
    from research.training.train_sentiment import fit_head

    model = get_settings().embedding_model
    datasets = [load_dataset(spec) for spec in args.dataset]
    rows = collect_rows(datasets, args.seed, model)
    branch = FineTunedSentiment(args.branch)
    log_probs = branch_features(branch, training_views(datasets, args.seed))
    base_best, base_table = select_config(rows, args.folds, args.seed, (False, True), CV_REPEATS, CLASS_WEIGHTS)
    base_best.pop("logits")
    for source, (acc, f1) in PACKAGED_CV.items():
        got = base_best[source]
        if abs(got["accuracy"] - acc) > REPRODUCE_TOL or abs(got["macro_f1"] - f1) > REPRODUCE_TOL:
            raise SystemExit(f"baseline does not reproduce the packaged head on {source}: {got} vs {acc} / {f1}")
    stacked = StackedRows(**vars(rows), branch_log_probs=log_probs)
    best, table = select_config(stacked, args.folds, args.seed, (False, True), CV_REPEATS, CLASS_WEIGHTS)
    temperature = fit_temperature(best.pop("logits"), stacked.labels)
    weights, bias = fit_head(stacked.features(best["use_vader"]), stacked.labels, stacked.sources, best["C"],
                             best["class_weight"])
    fit = (branch, weights, bias, temperature, best["use_vader"], model)
    emoji = {label: [SENTIMENT_LABELS[int(i)] for i in head_probs(texts, *fit).argmax(axis=1)]
             for label, texts in EMOJI_CAPTIONS.items()}
    emoji_ok = all(all(p == label for p in predicted) for label, predicted in emoji.items())
    senticap = load_dataset(f"senticap:{args.senticap}")
    probs = head_probs([row.text for row in senticap.rows], *fit)
    # as research.evaluate caption: a caption with nothing to read gets no verdict, scored as score 0 (positive)
    readable = np.array([has_readable_text(text_views(row.text).for_sentiment.strip()) for row in senticap.rows])
    decisive = np.where(~readable | (probs[:, 2] - probs[:, 0] >= 0), "positive", "negative")
    senticap_acc = float(np.mean(decisive == np.array([row.label for row in senticap.rows])))
    base_row, stacked_row = gate_row(base_best), gate_row(best)
    checks = gate_a(base_row, stacked_row, emoji_ok, senticap_acc)
    report = {"baseline": {**base_row, "selected": base_best}, "stacked": {**stacked_row, "selected": best},
              "emoji": emoji, "senticap_test_decisive_accuracy": round(senticap_acc, 4), "gate_a": checks,
              "gate_a_passed": all(checks.values())}
    print(json.dumps(report, indent=1, default=str))
    record = {
        "command": "python -m research.training.stack_branch " + shlex.join(sys.argv[1:] if argv is None else argv),
        "datasets": [{k: v for k, v in r.items() if not k.endswith("_ids")}  # the ids: train_sentiment's sidecar
                     for r in rows_record(datasets, args.seed)],
        "split": {"function": "research.evaluation.datasets.split_of", "seed": args.seed,
                  "trained_on": "train+dev (test rows never used)"},
        "model": "multinomial logistic regression over [embedding, VADER?, branch log-probabilities], "
                 "standardisation folded into weights",
        "rule": "docs/eval_caption_finetune.md, Stacking the tweet model into the head",
        "branch_sidecar_command": branch.sidecar.get("command"),
        "branch": {"path": str(args.branch), "sha256": hashlib.sha256(args.branch.read_bytes()).hexdigest()},
        "selected": best, "cross_validation": table, "temperature": temperature, "gate_a": report,
        "baseline_cross_validation": base_table, "embedding_model": model, "embedding_view": "for_embedding",
        "versions": _versions(),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, weights=weights.astype(np.float32), bias=bias.astype(np.float32),
             temperature=np.float32(temperature), use_vader=np.bool_(best["use_vader"]))
    report_path = Path(str(args.out) + ".json")
    report_path.write_text(json.dumps(record, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")
    print(f"stacked head arrays: {args.out}; report {report_path}; gate A passed: {all(checks.values())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
