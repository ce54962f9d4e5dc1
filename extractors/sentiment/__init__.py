"""Caption sentiment: one extractor, three backends (VADER lexicon, trained head on MiniLM, any HF classifier).

`build_caption_sentiment(settings)` picks the backend from `settings.sentiment_backend`:
- `vader`: lexicon only, no model;
- `head`: the trained head (extractors/sentiment/heads/caption_head.npz, or the .npz path in
  FEEDLENS_SENTIMENT_MODEL) on the shared MiniLM caption embedding;
- `transformers`: FEEDLENS_SENTIMENT_MODEL, a Hugging Face sequence-classification id or directory;
- `auto`: head when its artefact and the embedding model are installed (best measured here, see
  docs/eval_caption.md), else vader.
Importing this package loads no model and no torch.
"""
from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

from core.errors import ConfigError
from core.settings import Settings, get_settings
from extractors.sentiment.base import CaptionSentiment, SentimentBackend

log = logging.getLogger(__name__)

BACKENDS = ("auto", "vader", "head", "transformers")


def _head_path(settings: Settings) -> Path:
    from extractors.sentiment.head import DEFAULT_HEAD_PATH

    model = settings.sentiment_model
    return Path(model) if model.endswith(".npz") else DEFAULT_HEAD_PATH


def build_backend(settings: Settings | None = None) -> SentimentBackend:
    """The backend `settings.sentiment_backend` names (auto resolved as documented above)."""
    settings = settings or get_settings()
    choice = settings.sentiment_backend.strip().lower()
    if choice not in BACKENDS:
        raise ConfigError(f"FEEDLENS_SENTIMENT_BACKEND must be one of {BACKENDS}, got {choice!r}")
    if choice == "auto":
        head_ready = _head_path(settings).is_file() and importlib.util.find_spec("sentence_transformers") is not None
        choice = "head" if head_ready else "vader"
        log.info("caption sentiment backend auto -> %s", choice)
    if choice == "vader":
        from extractors.sentiment.vader import VaderBackend

        return VaderBackend()
    if choice == "head":
        from extractors.sentiment.head import HeadBackend

        backend = HeadBackend(path=_head_path(settings))
        backend.reuse_shared = backend.head.embedding_model == settings.embedding_model
        if not backend.reuse_shared:
            log.warning("sentiment head was trained on %s embeddings but the pipeline embeds with %s: "
                        "the head embeds captions itself", backend.head.embedding_model, settings.embedding_model)
        return backend
    from extractors.sentiment.hf import TransformersBackend

    return TransformersBackend(settings.sentiment_model, settings=settings)


def build_caption_sentiment(settings: Settings | None = None) -> CaptionSentiment:
    """The caption-sentiment extractor for these settings."""
    return CaptionSentiment(build_backend(settings))


__all__ = ["BACKENDS", "CaptionSentiment", "build_backend", "build_caption_sentiment"]
