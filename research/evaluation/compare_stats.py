"""Paired significance for two classifiers on the same rows: exact McNemar test and bootstrap 95% CIs.

Kept separate from metrics.py (another module's concern) and written with numpy only, so the numbers in the
comparison report can be checked by hand.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import comb

import numpy as np

from research.evaluation.metrics import score


@dataclass(frozen=True)
class PairedTest:
    """B's change over A on the same rows: discordant counts, McNemar p, bootstrap CIs of the differences."""

    a_only_right: int  # A right, B wrong
    b_only_right: int  # A wrong, B right
    mcnemar_p: float
    accuracy_diff: float
    accuracy_ci: tuple[float, float]
    macro_f1_diff: float
    macro_f1_ci: tuple[float, float]
    resamples: int


def mcnemar_exact(b: int, c: int) -> float:
    """Two-sided exact McNemar p-value from the discordant counts (binomial test with p = 0.5)."""
    n = b + c
    if n == 0:
        return 1.0
    tail = sum(comb(n, k) for k in range(min(b, c) + 1)) / 2**n
    return min(1.0, 2 * tail)


def paired_test(gold: Sequence[str], a: Sequence[str], b: Sequence[str], labels: Sequence[str],
                resamples: int = 2000, seed: int = 13) -> PairedTest:
    """Compare predictions `b` against `a` (same gold rows): McNemar + percentile bootstrap over rows."""
    gold_arr, a_arr, b_arr = np.asarray(gold), np.asarray(a), np.asarray(b)
    a_right, b_right = a_arr == gold_arr, b_arr == gold_arr
    rng = np.random.default_rng(seed)
    n = len(gold_arr)
    acc_diffs, f1_diffs = np.empty(resamples), np.empty(resamples)
    for i in range(resamples):
        idx = rng.integers(0, n, n)
        acc_diffs[i] = b_right[idx].mean() - a_right[idx].mean()
        g = list(gold_arr[idx])
        f1_diffs[i] = score(g, list(b_arr[idx]), labels).macro_f1 - score(g, list(a_arr[idx]), labels).macro_f1
    full_f1 = score(list(gold_arr), list(b_arr), labels).macro_f1 - score(list(gold_arr), list(a_arr), labels).macro_f1
    only_a, only_b = int((a_right & ~b_right).sum()), int((~a_right & b_right).sum())
    return PairedTest(
        a_only_right=only_a, b_only_right=only_b, mcnemar_p=mcnemar_exact(only_a, only_b),
        accuracy_diff=float(b_right.mean() - a_right.mean()),
        accuracy_ci=(float(np.percentile(acc_diffs, 2.5)), float(np.percentile(acc_diffs, 97.5))),
        macro_f1_diff=float(full_f1),
        macro_f1_ci=(float(np.percentile(f1_diffs, 2.5)), float(np.percentile(f1_diffs, 97.5))),
        resamples=resamples,
    )
