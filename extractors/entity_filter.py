"""A learned keep/drop filter over spaCy's entities, on top of the cleaning rules (extractors/entity_rules.py).

The rules (version 9) plateaued at 0.84-0.87 precision on every blind sample. The filter is a logistic regression
over cheap features (extractors/entity_features.py: spaCy's label, the rules' verdict and drop reason, shape, word
frequency, gazetteers, the caption's casing, the words around the span) and, when the artefact carries them, the
span's MiniLM embedding (its similarity to a phrase per type and a small PCA projection), trained on the
hand-labelled samples (`python -m research.training.train_entity_filter`, fixed seed) and saved as a small `.npz`
(names, scaling, weights, threshold, prototypes, projection; no pickle) with a `.json` sidecar (command, data
hashes, cross-validated scores).

Two modes, chosen by cross-validation when it was trained (`mode` in the artefact):
- `after_rules`: the rules decide first; the filter may only drop what they keep;
- `with_rules`: the rules' verdict is one feature among the others; the filter may also keep what they drop.
A kept entity has the rules' repaired type and alias-merged key, exactly as `clean_entity` would give.

Everything loads on first use (the artefact, then MiniLM through extractors.embeddings, shared with the caption
extractors); when the artefact is missing, unreadable or built on other features, or the embedding model cannot be
loaded, the decision falls back to the rules alone and says why in the log, so a broken install degrades to
version 9 instead of failing a load.
"""
from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.errors import ConfigError, MissingDependency
from extractors.entity_features import (
    FEATURE_NAMES,
    Candidate,
    embedding_feature_names,
    embedding_features,
    features,
    repaired_label,
    trimmed,
)
from extractors.entity_names import canonical_entity
from extractors.entity_rules import ALIASES, clean_entity

log = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).with_name("entity_filter.npz")
MODES = ("after_rules", "with_rules")
Embed = Callable[[Sequence[str]], np.ndarray]  # texts -> unit-length rows
_EMPTY = np.zeros((0, 0))


@dataclass(frozen=True)
class FilterModel:
    """A standardised logistic regression, its keep threshold, and (optionally) the embedding projection."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float
    mode: str
    prototypes: np.ndarray = field(default_factory=lambda: _EMPTY)  # (phrases, dim) unit rows, or empty
    pca_mean: np.ndarray = field(default_factory=lambda: np.zeros(0))
    pca_components: np.ndarray = field(default_factory=lambda: _EMPTY)  # (components, dim)
    embedding_model: str = ""
    sha256: str = ""

    def __post_init__(self) -> None:
        size = len(self.names)
        if self.mode not in MODES:
            raise ValueError(f"unknown filter mode {self.mode!r} (one of {', '.join(MODES)})")
        if not (self.mean.shape == self.scale.shape == self.coef.shape == (size,)):
            raise ValueError("filter arrays do not match its feature names")

    @property
    def uses_embeddings(self) -> bool:
        return self.prototypes.size > 0

    def expected_names(self) -> tuple[str, ...]:
        extra = embedding_feature_names(self.pca_components.shape[0]) if self.uses_embeddings else ()
        return FEATURE_NAMES + extra

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """P(right) for each row of a (n, features) matrix in this model's feature order."""
        z = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def matrix(self, candidates: Sequence[Candidate], embed: Embed | None = None) -> np.ndarray:
        """The feature rows of candidates (the spans embedded in one batch when the model uses embeddings)."""
        cheap = np.array([features(c) for c in candidates], dtype=float).reshape(len(candidates), len(FEATURE_NAMES))
        if not self.uses_embeddings:
            return cheap
        if not candidates:
            return np.zeros((0, len(self.names)))
        vectors = (embed or self.embed)([c.text for c in candidates])
        extra = embedding_features(vectors, [repaired_label(c) for c in candidates], self.prototypes,
                                   self.pca_mean, self.pca_components)
        return np.hstack([cheap, extra])

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        from extractors.embeddings import embed_texts

        return embed_texts(texts, name=self.embedding_model or None)

    def save(self, path: Path) -> None:
        np.savez(path, names=np.array(self.names), mean=self.mean, scale=self.scale, coef=self.coef,
                 intercept=np.array(self.intercept), threshold=np.array(self.threshold), mode=np.array(self.mode),
                 prototypes=self.prototypes, pca_mean=self.pca_mean, pca_components=self.pca_components,
                 embedding_model=np.array(self.embedding_model))

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> FilterModel | None:
        """The saved filter, or None (logged) when the file is missing, unreadable or built on other features."""
        try:
            data = path.read_bytes()
            with np.load(path, allow_pickle=False) as arrays:
                model = cls(names=tuple(str(n) for n in arrays["names"]), mean=arrays["mean"].astype(float),
                            scale=arrays["scale"].astype(float), coef=arrays["coef"].astype(float),
                            intercept=float(arrays["intercept"]), threshold=float(arrays["threshold"]),
                            mode=str(arrays["mode"]), prototypes=arrays["prototypes"].astype(np.float32),
                            pca_mean=arrays["pca_mean"].astype(np.float32),
                            pca_components=arrays["pca_components"].astype(np.float32),
                            embedding_model=str(arrays["embedding_model"]), sha256=hashlib.sha256(data).hexdigest())
        except (OSError, KeyError, ValueError) as exc:
            log.warning("entity filter %s not usable (%s): entities are cleaned by the rules alone", path, exc)
            return None
        if model.names != model.expected_names():
            log.warning("entity filter %s was trained on other features: entities are cleaned by the rules alone",
                        path)
            return None
        return model


@functools.cache
def default_filter() -> FilterModel | None:
    """The packaged filter, loaded once per process (None: the rules alone)."""
    return FilterModel.load(DEFAULT_PATH)


def decide_all(candidates: Sequence[Candidate], model: FilterModel | None,
               embed: Embed | None = None) -> list[tuple[str, str] | None]:
    """(graph key, label) to keep for each candidate, or None: the rules, then the filter (or the rules alone
    when there is no filter or its embedding model cannot be loaded)."""
    candidates = [trimmed(c) for c in candidates]
    ruled = [clean_entity(c.text, c.label, c.caption, c.start) for c in candidates]
    if model is None:
        return ruled
    open_ = [i for i, c in enumerate(candidates) if canonical_entity(c.text, c.label) is not None
             and (model.mode == "with_rules" or ruled[i] is not None)]
    if not open_:
        return [None] * len(candidates) if model.mode == "with_rules" else ruled
    try:
        rows = model.matrix([candidates[i] for i in open_], embed)
    except (MissingDependency, ConfigError, OSError) as exc:
        log.warning("entity filter: embedding model not usable (%s): entities are cleaned by the rules alone", exc)
        return ruled
    keep = model.probability(rows) >= model.threshold
    out: list[tuple[str, str] | None] = [None] * len(candidates)
    for i, kept in zip(open_, keep.tolist(), strict=True):
        if kept:
            c = candidates[i]
            key = canonical_entity(c.text, c.label)[0]  # type: ignore[index]
            out[i] = ruled[i] or (ALIASES.get(key, key), repaired_label(c))
    return out


def decide(candidate: Candidate, model: FilterModel | None, embed: Embed | None = None) -> tuple[str, str] | None:
    """`decide_all` for one entity."""
    return decide_all([candidate], model, embed)[0]
