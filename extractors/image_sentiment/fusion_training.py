"""Fit the fusion head: a tuned convex mix (with or without class offsets) vs a small logistic regression.

Inputs are out-of-sample probabilities only: the image head's on rows it was not trained on (dev, or out-of-fold
on train) and the caption recipe's refitted without the rows it predicts (extractors.evaluation.caption_features),
so neither source is over-trusted because it memorised the rows. Only rows where both a caption and a readable
image exist are used: the
other rows are settled by fusion's rules, not by the head.
"""
from __future__ import annotations

import itertools
import logging
from typing import Any

import numpy as np

from extractors.base import SENTIMENT_LABELS
from extractors.fusion import EPS, FusionHead, fusion_features
from extractors.image_sentiment.fitting import criterion, cross_validate, fit_logreg

log = logging.getLogger(__name__)

ALPHAS = tuple(np.round(np.arange(0.0, 1.001, 0.05), 2))
OFFSETS = tuple(np.round(np.arange(-0.5, 1.01, 0.25), 2))  # log-probability offsets for negative and neutral
LOGREG_GRID = {"C": (0.03, 0.1, 0.3, 1.0, 3.0, 10.0), "class_weight": (None, "balanced")}
CV_FOLDS, CV_REPEATS = 5, 4


def _fast_criterion(gold: np.ndarray, predicted: np.ndarray) -> float:
    """(accuracy + macro-F1) / 2 from integer labels, vectorised (the offset search scores ~10^3 candidates)."""
    matrix = np.bincount(gold * 3 + predicted, minlength=9).reshape(3, 3).astype(np.float64)
    tp = np.diag(matrix)
    precision = np.divide(tp, matrix.sum(axis=0), out=np.zeros(3), where=matrix.sum(axis=0) > 0)
    recall = np.divide(tp, matrix.sum(axis=1), out=np.zeros(3), where=matrix.sum(axis=1) > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros(3), where=precision + recall > 0)
    return float((tp.sum() / matrix.sum() + f1.mean()) / 2)


def _best_convex(caption: np.ndarray, image: np.ndarray, labels: np.ndarray, offsets: bool) -> FusionHead:
    """The caption weight (and, with `offsets`, per-class log offsets for neg/neu) maximising the criterion."""
    gold = np.array([SENTIMENT_LABELS.index(label) for label in labels])
    grid = OFFSETS if offsets else (0.0,)
    best, best_value = FusionHead(kind="convex"), -1.0
    for alpha in ALPHAS:
        log_mix = np.log(alpha * caption + (1 - alpha) * image + EPS)
        for neg, neu in itertools.product(grid, grid):
            value = _fast_criterion(gold, (log_mix + np.array([neg, neu, 0.0])).argmax(axis=1))
            if value > best_value + 1e-9:
                best_value = value
                best = FusionHead(kind="convex", alpha=float(alpha), bias=np.array([neg, neu, 0.0]))
    return best


def _convex_cv(caption: np.ndarray, image: np.ndarray, labels: np.ndarray, seed: int, offsets: bool
               ) -> dict[str, Any]:
    def fit_predict(train: np.ndarray, held: np.ndarray) -> np.ndarray:
        return _best_convex(caption[train], image[train], labels[train], offsets).predict_proba(
            caption[held], image[held])

    kind = "convex+offsets" if offsets else "convex"
    return {"kind": kind, **cross_validate(fit_predict, labels, CV_FOLDS, seed, CV_REPEATS)}


def _logreg_cv(features: np.ndarray, labels: np.ndarray, c: float, class_weight: str | None,
               seed: int) -> dict[str, Any]:
    from extractors.image_sentiment.head import softmax

    def fit_predict(train: np.ndarray, held: np.ndarray) -> np.ndarray:
        weights, bias = fit_logreg(features[train], labels[train], c, class_weight)
        return softmax(features[held] @ weights.T + bias)

    scores = cross_validate(fit_predict, labels, CV_FOLDS, seed, CV_REPEATS)
    return {"kind": "logreg", "C": c, "class_weight": class_weight, **scores}


def train_fusion(caption: np.ndarray, image: np.ndarray, labels: np.ndarray, seed: int
                 ) -> tuple[FusionHead, dict[str, Any]]:
    """Choose and fit the fusion head on dev rows; returns it and the record for its sidecar."""
    table = [_convex_cv(caption, image, labels, seed, offsets=False), _convex_cv(caption, image, labels, seed, True)]
    features = fusion_features(caption, image)
    for c, class_weight in itertools.product(LOGREG_GRID["C"], LOGREG_GRID["class_weight"]):
        table.append(_logreg_cv(features, labels, c, class_weight, seed))
        log.info("fusion cv %s", table[-1])
    best = max(table, key=lambda row: row["criterion"])
    if best["kind"].startswith("convex"):
        head = _best_convex(caption, image, labels, offsets=best["kind"] == "convex+offsets")
    else:
        weights, bias = fit_logreg(features, labels, best["C"], best["class_weight"])
        head = FusionHead(kind="logreg", weights=weights, bias=bias)
    baselines = {"caption_only": criterion(labels, caption), "image_only": criterion(labels, image)}
    convex = head.kind == "convex"
    record = {"selected": best, "alpha": head.alpha if convex else None,
              "class_offsets": [float(x) for x in head.bias] if convex and head.bias is not None else None,
              "cross_validation": table, "rows": int(len(labels)), "baselines_on_these_rows": baselines,
              "cv": f"{CV_REPEATS}x repeated stratified {CV_FOLDS}-fold"}
    return head, record
