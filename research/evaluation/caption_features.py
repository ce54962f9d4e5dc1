"""Caption features for labelled datasets (MiniLM embedding + VADER scores), computed once and cached.

The comparison reads them in place of running the embedding extractor again; the caption recipe that the fusion
head's training refits (research.training.caption_recipe) reads them as its features.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from research.evaluation.datasets import Dataset

log = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = Path(".feedlens") / "cache"


def caption_features(dataset: Dataset, model: str, cache_dir: Path = DEFAULT_CACHE_DIR,
                     view: str = "for_embedding") -> tuple[np.ndarray, np.ndarray]:
    """(embeddings (n, 384) of `view`, vader (n, 4) of the sentiment view) for every row, computed once per file,
    model, precision, views version and view. for_embedding (emoji as words) is what the caption head reads
    (shared.sentiment_embedding)."""
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
