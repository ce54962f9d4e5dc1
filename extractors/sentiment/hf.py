"""Any Hugging Face sequence-classification sentiment model (hub id or local directory).

No such weights ship offline here; users with the hub or a local copy set FEEDLENS_SENTIMENT_BACKEND=transformers
and FEEDLENS_SENTIMENT_MODEL (e.g. cardiffnlp/twitter-roberta-base-sentiment-latest). The model's classes are
mapped onto negative/neutral/positive from config.id2label: named classes, LABEL_0.., 1-5 stars, or binary.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError, MissingDependency
from core.settings import Settings, get_settings
from extractors.base import SENTIMENT_LABELS, PostAnalysis, SentimentVerdict
from extractors.sentiment.base import verdict_from_probs

log = logging.getLogger(__name__)

NEG, NEU, POS = range(3)
_STARS_RE = re.compile(r"^([1-5])\s*stars?$")
_GENERIC_RE = re.compile(r"^label[_ ]?(\d+)$")
_GENERIC_ORDER = {2: (NEG, POS), 3: (NEG, NEU, POS), 5: (NEG, NEG, NEU, POS, POS)}  # cardiffnlp / nlptown order


def _named_class(name: str) -> int | None:
    name = name.strip().lower().replace("_", " ")
    stars = _STARS_RE.match(name)
    if stars:
        return (NEG, NEG, NEU, POS, POS)[int(stars.group(1)) - 1]
    for prefix, target in (("very neg", NEG), ("very pos", POS), ("neg", NEG), ("neu", NEU), ("pos", POS)):
        if name.startswith(prefix):
            return target
    return None


def label_mapping(id2label: Mapping[Any, str]) -> np.ndarray:
    """(num_labels, 3) 0/1 matrix: model class probabilities @ matrix = (p_neg, p_neu, p_pos).

    Raises ConfigError (listing the labels) when a class cannot be read as a sentiment.
    """
    by_id = {int(key): str(value) for key, value in id2label.items()}
    names = [by_id[i] for i in sorted(by_id)]
    targets = [_named_class(name) for name in names]
    generic = all(_GENERIC_RE.match(name.strip().lower()) for name in names)
    if generic and len(names) in _GENERIC_ORDER:
        targets = list(_GENERIC_ORDER[len(names)])
    if not names or any(t is None for t in targets):
        raise ConfigError(f"cannot map the model's labels {names} onto {SENTIMENT_LABELS}")
    matrix = np.zeros((len(names), 3), dtype=np.float32)
    for row, target in enumerate(targets):
        matrix[row, target] = 1.0
    return matrix


class TransformersBackend:
    """Batched AutoModelForSequenceClassification; binary models answer neutral when they are unsure."""

    name = "transformers"

    def __init__(
        self,
        model: str,
        settings: Settings | None = None,
        batch_size: int = 32,
        max_length: int = 256,
        binary_neutral_margin: float = 0.2,
        languages: frozenset[str] | None = None,
    ) -> None:
        if not model:
            raise ConfigError("the transformers sentiment backend needs FEEDLENS_SENTIMENT_MODEL (hub id or path)")
        self.model_id = model
        self.settings = settings or get_settings()
        self.batch_size = batch_size
        self.max_length = max_length
        self.binary_neutral_margin = binary_neutral_margin
        self.languages = languages  # None: trust the configured model to read the post's language
        self._loaded: tuple[Any, Any, np.ndarray] | None = None

    def load(self) -> tuple[Any, Any, np.ndarray]:
        """Tokenizer, model and label mapping, loaded on first use."""
        if self._loaded is None:
            self._loaded = _load(self.model_id, self.settings)
        return self._loaded

    def classify(self, texts: Sequence[str], items: Sequence[PostAnalysis]) -> list[SentimentVerdict]:
        import torch

        tokenizer, model, mapping = self.load()
        limit = min(self.max_length, int(getattr(tokenizer, "model_max_length", self.max_length) or self.max_length))
        chunks = []
        with torch.inference_mode():
            for start in range(0, len(texts), self.batch_size):
                batch = tokenizer(
                    list(texts[start : start + self.batch_size]),
                    padding=True, truncation=True, max_length=limit, return_tensors="pt",
                ).to(self.settings.device)
                logits = model(**batch).logits.float()
                chunks.append(torch.softmax(logits, dim=-1).cpu().numpy() @ mapping)
        probs = np.vstack(chunks) if chunks else np.zeros((0, 3), dtype=np.float32)
        if not mapping[:, NEU].any():
            probs = self._binary_neutral(probs)
        return verdict_from_probs(probs, f"{self.name}:{self.model_id}")

    def _binary_neutral(self, probs: np.ndarray) -> np.ndarray:
        """A binary model has no neutral class: call a caption neutral when |p_pos - p_neg| < the margin.

        Only the label changes; score (p_pos - p_neg) is kept, and the neutral row's probs say how it was decided.
        """
        unsure = np.abs(probs[:, POS] - probs[:, NEG]) < self.binary_neutral_margin
        probs = probs.astype(np.float64)
        probs[unsure, NEU] = 1.0
        probs[unsure] /= probs[unsure].sum(axis=1, keepdims=True)
        return probs


def _load(model_id: str, settings: Settings) -> tuple[Any, Any, np.ndarray]:
    try:
        from transformers import AutoModelForSequenceClassification, AutoTokenizer
    except ImportError:
        raise MissingDependency("transformers", "the transformers sentiment backend") from None
    from extractors.embeddings import configure_torch

    configure_torch(settings)
    log.info("loading sentiment model %s", model_id)
    try:
        tokenizer = AutoTokenizer.from_pretrained(model_id)
        model = AutoModelForSequenceClassification.from_pretrained(model_id)
    except (OSError, ValueError) as exc:
        hint = "" if Path(model_id).exists() else " (not a local directory: is the model hub reachable?)"
        raise ConfigError(f"cannot load sentiment model {model_id!r}{hint}: {exc}") from exc
    model.to(settings.device).eval()
    return tokenizer, model, label_mapping(model.config.id2label)
