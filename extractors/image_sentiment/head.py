"""The image-sentiment head: a calibrated multinomial logistic regression over the image embedding + cues.

Stored as plain arrays (.npz, read with allow_pickle=False) beside a sidecar JSON that records how it was trained
(command, data file and sha256, split seed, row counts, dev scores of every cue variant). Standardisation is
folded into the weights, so inference is one matmul and a softmax on features the tagger already computed.
"""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError
from extractors.base import SENTIMENT_LABELS
from extractors.image_sentiment.cues import COLOUR_CUES, TAG_KINDS

log = logging.getLogger(__name__)

HEADS_DIR = Path(__file__).resolve().parent / "heads"
DEFAULT_IMAGE_HEAD_PATH = HEADS_DIR / "image_head.npz"
FORMAT_VERSION = 1


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax, numerically safe."""
    logits = np.asarray(logits, dtype=np.float64)
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


def sidecar_path(path: Path) -> Path:
    return Path(str(path) + ".json")


def file_digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@dataclass
class ImageHead:
    """Weights (3, d) and bias (3,) in SENTIMENT_LABELS order over [embedding, colour cues?, tag-kind cues?]."""

    weights: np.ndarray
    bias: np.ndarray
    temperature: float = 1.0
    use_colour: bool = False
    use_kinds: bool = False
    embedding_dim: int = 1280
    embedding_model: str = "mobilenet_v2"
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def input_dim(self) -> int:
        return self.embedding_dim + len(COLOUR_CUES) * self.use_colour + len(TAG_KINDS) * self.use_kinds

    @property
    def model_id(self) -> str:
        """Names the cue groups and changes with the weights (sha prefix from the sidecar)."""
        cues = "".join(["+colour" if self.use_colour else "", "+kinds" if self.use_kinds else ""])
        digest = str(self.meta.get("weights_sha256", ""))[:10] or "untracked"
        return f"lr{cues}@{self.embedding_model}#{digest}"

    def features(self, embeddings: np.ndarray, colour: np.ndarray | None, kinds: np.ndarray | None) -> np.ndarray:
        """The head's input rows from the parts it uses (cue arrays may be None when the head does not use them)."""
        parts = [np.asarray(embeddings, dtype=np.float32)]
        if self.use_colour:
            parts.append(np.asarray(colour, dtype=np.float32))
        if self.use_kinds:
            parts.append(np.asarray(kinds, dtype=np.float32))
        return np.hstack(parts)

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        """(n, 3) calibrated probabilities."""
        return softmax((np.asarray(features, dtype=np.float32) @ self.weights.T + self.bias) / self.temperature)

    def save(self, path: Path) -> Path:
        """Write `path` (.npz) and `path`.json; returns the sidecar path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, weights=self.weights.astype(np.float32), bias=self.bias.astype(np.float32),
                 temperature=np.float32(self.temperature), use_colour=np.bool_(self.use_colour),
                 use_kinds=np.bool_(self.use_kinds), embedding_dim=np.int32(self.embedding_dim),
                 format_version=np.int32(FORMAT_VERSION))
        self.meta.update(weights_sha256=file_digest(path), embedding_model=self.embedding_model,
                         labels=list(SENTIMENT_LABELS))
        sidecar = sidecar_path(path)
        sidecar.write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return sidecar


def load_image_head(path: Path | str = DEFAULT_IMAGE_HEAD_PATH) -> ImageHead:
    """Read a head artefact; a missing or malformed file raises ConfigError naming the file and the fix."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"image sentiment head not found at {path}: train one with "
                          "`python -m research.training.train_image_sentiment --dataset mvsa:PATH --out X.npz`")
    try:
        with np.load(path, allow_pickle=False) as arrays:
            head = ImageHead(
                weights=arrays["weights"], bias=arrays["bias"], temperature=float(arrays["temperature"]),
                use_colour=bool(arrays["use_colour"]), use_kinds=bool(arrays["use_kinds"]),
                embedding_dim=int(arrays["embedding_dim"]),
            )
        sidecar = sidecar_path(path)
        head.meta = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"image sentiment head {path} is not a valid head artefact: {exc}") from exc
    head.embedding_model = head.meta.get("embedding_model", "mobilenet_v2")
    if head.weights.shape != (len(SENTIMENT_LABELS), head.input_dim) or head.bias.shape != (len(SENTIMENT_LABELS),):
        raise ConfigError(f"image sentiment head {path}: weights {head.weights.shape}, "
                          f"expected (3, {head.input_dim})")
    return head
