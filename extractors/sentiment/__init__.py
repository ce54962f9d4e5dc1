"""Caption sentiment: one extractor, four backends (VADER, head on MiniLM, fine-tuned MiniLM branch, any HF model).

`build_caption_sentiment(settings)` picks the backend from `settings.sentiment_backend`:
- `vader`: lexicon only, no model;
- `head`: the trained head (extractors/sentiment/heads/caption_head.npz, or the .npz path in
  FEEDLENS_SENTIMENT_MODEL) on the shared MiniLM caption embedding;
- `finetuned`: MiniLM with its top layers fine-tuned on SemEval tweets and MVSA train posts
  (extractors/sentiment/heads/caption_minilm_top2.safetensors, or FEEDLENS_SENTIMENT_MODEL: a .safetensors path,
  a directory or a hub repo id holding that file); it reuses the shared embedding pass's lower-layer states;
- `transformers`: FEEDLENS_SENTIMENT_MODEL, a Hugging Face sequence-classification id or directory;
- `auto`: finetuned when FEEDLENS_SENTIMENT_MODEL names a .safetensors branch (and transformers is installed);
  else head when its artefact and the embedding model are installed (best on MVSA, see docs/eval_caption.md and
  docs/eval_caption_finetune.md); else vader when FEEDLENS_SENTIMENT_MODEL names something that is not there;
  else the packaged finetuned branch when transformers is installed; else vader.
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

BACKENDS = ("auto", "vader", "head", "finetuned", "transformers")


def _head_path(settings: Settings) -> Path:
    from extractors.sentiment.head import DEFAULT_HEAD_PATH

    model = settings.sentiment_model
    return Path(model) if model.endswith(".npz") else DEFAULT_HEAD_PATH


def _branch_path(settings: Settings, choice: str) -> Path:
    """The branch artefact: FEEDLENS_SENTIMENT_MODEL when the finetuned backend is asked for by name (a
    .safetensors path, a directory or a hub repo id), a .safetensors path under auto, else the packaged one."""
    from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH, resolve_branch

    model = settings.sentiment_model
    if choice == "finetuned":
        return resolve_branch(model)
    return Path(model) if model.endswith(".safetensors") else DEFAULT_BRANCH_PATH


def resolve_backend_name(settings: Settings | None = None) -> str:
    """The backend `settings.sentiment_backend` names, with auto resolved as documented above."""
    settings = settings or get_settings()
    choice = settings.sentiment_backend.strip().lower()
    if choice not in BACKENDS:
        raise ConfigError(f"FEEDLENS_SENTIMENT_BACKEND must be one of {BACKENDS}, got {choice!r}")
    if choice != "auto":
        return choice
    transformers_ready = importlib.util.find_spec("transformers") is not None
    if settings.sentiment_model.endswith(".safetensors") and transformers_ready:
        return "finetuned"  # auto with a branch named explicitly
    head_ready = _head_path(settings).is_file() and importlib.util.find_spec("sentence_transformers") is not None
    if head_ready:
        return "head"
    if settings.sentiment_model:  # a head or model named that is not there: the lexicon, not another model
        return "vader"
    return "finetuned" if transformers_ready and _branch_path(settings, "auto").is_file() else "vader"


def build_backend(settings: Settings | None = None) -> SentimentBackend:
    """The backend `settings.sentiment_backend` names (auto resolved as documented above)."""
    settings = settings or get_settings()
    choice = resolve_backend_name(settings)
    if settings.sentiment_backend.strip().lower() == "auto":
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
    if choice == "finetuned":
        from extractors.sentiment.finetuned import FineTunedBackend

        asked = settings.sentiment_backend.strip().lower()  # auto reads the packaged branch or a named .safetensors
        return FineTunedBackend(_branch_path(settings, asked), embedding_model=settings.embedding_model)
    from extractors.sentiment.hf import TransformersBackend

    return TransformersBackend(settings.sentiment_model, settings=settings)


def build_caption_sentiment(settings: Settings | None = None) -> CaptionSentiment:
    """The caption-sentiment extractor for these settings."""
    return CaptionSentiment(build_backend(settings))


__all__ = ["BACKENDS", "CaptionSentiment", "build_backend", "build_caption_sentiment", "resolve_backend_name"]
