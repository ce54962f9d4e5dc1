"""Fitting and model selection shared by the caption, image and fusion heads (training only, never at inference).

The image head's choices are scored by one criterion, the mean of accuracy and macro-F1, because the published
anchors report both and a head tuned on macro-F1 alone trades too much accuracy for the small neutral class.
"""
from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

import numpy as np

from extractors.base import SENTIMENT_LABELS
from research.evaluation.metrics import score

log = logging.getLogger(__name__)

TEMPERATURES = tuple(np.round(np.arange(0.3, 3.01, 0.05), 2))


def criterion(labels: np.ndarray, probs: np.ndarray) -> dict[str, float]:
    """Accuracy, macro-F1 and their mean (the selection criterion) for (n, 3) probabilities."""
    predicted = np.array(SENTIMENT_LABELS)[np.asarray(probs).argmax(axis=1)]
    scores = score(list(labels), list(predicted))
    return {"accuracy": round(scores.accuracy, 4), "macro_f1": round(scores.macro_f1, 4),
            "criterion": round((scores.accuracy + scores.macro_f1) / 2, 4)}


# class weighting computed within each row's own source (dataset) rather than over the pooled rows
PER_SOURCE = "per-source"


def _balanced(labels: np.ndarray) -> np.ndarray:
    """sklearn's "balanced" weight of each row's class among these rows: n / (k * n_class). They sum to n."""
    classes, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    return (len(labels) / (len(classes) * counts))[inverse]


def _checked(labels: np.ndarray, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    labels, sources = np.asarray(labels), np.asarray(sources)
    if labels.shape != sources.shape:
        raise ValueError(f"labels {labels.shape} and sources {sources.shape} must have one entry per row")
    return labels, sources


def per_source_balanced_weights(labels: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """One weight per row: the "balanced" weight of its class computed WITHIN its source's rows.

    weight = n_source / (k_source * n_class_in_source), k_source = the classes present in that source, so each
    source's weights sum to its row count (sources keep their size). A source lacking a class (SentiCap has no
    neutral) is balanced over the classes it has and leaves the other sources' weights unchanged, where pooled
    balancing would raise the missing class's weight everywhere."""
    labels, sources = _checked(labels, sources)
    weights = np.zeros(len(labels), dtype=np.float64)
    for source in np.unique(sources):
        weights[sources == source] = _balanced(labels[sources == source])
    return weights


# MVSA + TweetEval rows keep the packaged head's pooled "balanced" weights; the binary source (SentiCap, no neutral)
# is balanced between its own classes and capped at BINARY_SOURCE_SHARE x its row count in total weight
POOLED_PLUS_BINARY = "pooled-plus-binary"
BINARY_SOURCE = "senticap"
BINARY_SOURCE_SHARE = 0.5


def pooled_plus_binary_weights(labels: np.ndarray, sources: np.ndarray, binary_source: str = BINARY_SOURCE,
                               share: float = BINARY_SOURCE_SHARE) -> np.ndarray:
    """One weight per row: sklearn "balanced" over the rows of every source except `binary_source` (pooled, as
    the packaged head weights MVSA + TweetEval), and for `binary_source`'s rows weights equal in total between its
    classes, scaled so that they sum to `share` x its row count (so a large source without neutral rows neither
    shifts the pooled classes' weights nor dominates the loss)."""
    labels, sources = _checked(labels, sources)
    weights = np.zeros(len(labels), dtype=np.float64)
    binary = sources == binary_source
    for part, scale in ((~binary, 1.0), (binary, share)):
        if part.any():
            weights[part] = scale * _balanced(labels[part])
    return weights


def resolve_class_weight(class_weight: str | None, labels: np.ndarray, sources: np.ndarray | None
                         ) -> tuple[str | None, np.ndarray | None]:
    """(sklearn class_weight, per-row sample weights) for a head's class-weight setting.

    None and "balanced" pass through to sklearn; PER_SOURCE and POOLED_PLUS_BINARY become per-row weights and
    need `sources`."""
    if class_weight not in (PER_SOURCE, POOLED_PLUS_BINARY):
        return class_weight, None
    if sources is None:
        raise ValueError(f"class weight {class_weight!r} needs the source of every row")
    if class_weight == POOLED_PLUS_BINARY:
        return None, pooled_plus_binary_weights(labels, sources)
    return None, per_source_balanced_weights(labels, sources)


def fit_standardised_logreg(features: np.ndarray, labels: np.ndarray, c: float, class_weight: str | None,
                            sample_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Standardise, fit a multinomial logistic regression, fold the scaling into (weights (3, d), bias (3,)).

    The one fitting recipe of every head. The standardisation statistics are computed in the features' own dtype:
    the caption head (research.training.train_sentiment) fits its float32 embeddings as given, the image and
    fusion heads go through `fit_logreg`, which casts to float64 first. `sample_weight` (one per row, e.g.
    `per_source_balanced_weights`) weights the loss; the standardisation stays unweighted."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = features.mean(axis=0), features.std(axis=0) + 1e-6
    model = LogisticRegression(C=c, class_weight=class_weight, max_iter=5000)
    model.fit((features - mean) / scale, labels, sample_weight=sample_weight)
    order = [list(model.classes_).index(label) for label in SENTIMENT_LABELS]
    weights = model.coef_[order] / scale
    bias = model.intercept_[order] - weights @ mean
    return weights.astype(np.float32), bias.astype(np.float32)


def fit_logreg(features: np.ndarray, labels: np.ndarray, c: float, class_weight: str | None
               ) -> tuple[np.ndarray, np.ndarray]:
    """`fit_standardised_logreg` on float64 features (the image and fusion heads' recipe)."""
    return fit_standardised_logreg(np.asarray(features, np.float64), np.asarray(labels), c, class_weight)


def folds(labels: np.ndarray, n_folds: int, seed: int, repeats: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified (train, held) index pairs, `repeats` times reshuffled (fewer folds when a class is rare)."""
    from sklearn.model_selection import StratifiedKFold

    smallest = int(np.unique(labels, return_counts=True)[1].min()) if len(labels) else 0
    if smallest < 2:
        raise ValueError(f"cross-validation needs at least 2 rows of every class, got {smallest}: use more data")
    n_folds = min(n_folds, smallest)  # tiny data sets (tests, small dev parts) still get stratified folds
    out = []
    for repeat in range(repeats):
        splitter = StratifiedKFold(n_folds, shuffle=True, random_state=seed + repeat)
        out += list(splitter.split(np.zeros(len(labels)), labels))
    return out


def out_of_fold_logits(features: np.ndarray, labels: np.ndarray, c: float, class_weight: str | None,
                       splits: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Logits for every row from a model that never saw it (one pass of `splits`, which must partition rows)."""
    logits = np.zeros((len(labels), 3))
    for train, held in splits:
        weights, bias = fit_logreg(features[train], labels[train], c, class_weight)
        logits[held] = features[held] @ weights.T + bias
    return logits


def select_logreg(features: np.ndarray, labels: np.ndarray, grid: dict[str, tuple], n_folds: int, seed: int
                  ) -> tuple[dict, list[dict], np.ndarray]:
    """Cross-validate C x class_weight; returns (best config, table, best out-of-fold logits)."""
    splits = folds(labels, n_folds, seed)
    table, best, best_logits = [], None, None
    for c, class_weight in itertools.product(grid["C"], grid["class_weight"]):
        logits = out_of_fold_logits(features, labels, c, class_weight, splits)
        result = {"C": c, "class_weight": class_weight, **criterion(labels, logits)}
        log.info("cv %s", result)
        table.append(result)
        if best is None or result["criterion"] > best["criterion"]:
            best, best_logits = result, logits
    assert best is not None and best_logits is not None
    return best, table, best_logits


def fit_temperature(logits: np.ndarray, labels: np.ndarray) -> float:
    """The temperature minimising the log-loss of out-of-fold logits (calibration only; argmax unchanged)."""
    target = np.array([SENTIMENT_LABELS.index(label) for label in labels])

    def nll(temperature: float) -> float:
        scaled = logits / temperature
        scaled = scaled - scaled.max(axis=1, keepdims=True)
        log_probs = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        return float(-log_probs[np.arange(len(target)), target].mean())

    return float(min(TEMPERATURES, key=nll))


def cross_validate(fit_predict: Callable[[np.ndarray, np.ndarray], np.ndarray], labels: np.ndarray,
                   n_folds: int, seed: int, repeats: int) -> dict[str, float]:
    """Mean criterion of `fit_predict(train_idx, held_idx) -> held probs` over repeated stratified folds."""
    results = []
    for repeat in range(repeats):
        probs = np.zeros((len(labels), 3))
        for train, held in folds(labels, n_folds, seed + 100 * repeat):
            probs[held] = fit_predict(train, held)
        results.append(criterion(labels, probs))
    return {key: round(float(np.mean([r[key] for r in results])), 4) for key in results[0]}
