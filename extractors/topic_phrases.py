"""A cache of keyphrase embeddings, saved beside the topic vocabulary.

KeyBERT needs an embedding for every candidate word of every caption; encoding them costs about as much as
encoding the captions. The words of one person's feed recur, so each is encoded once and kept (float16, in
an .npz next to topics.json): a second import or a daily top-up encodes only new words.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MAX_PHRASES = 100_000  # ~77 MB of float16 at 384 dims; beyond this the oldest half is forgotten


class PhraseCache:
    """phrase -> unit float32 vector, filled by an encode function on demand."""

    def __init__(self, model: str, dim: int, path: Path | None = None) -> None:
        self.model, self.dim, self.path = model, dim, path
        self.vectors: dict[str, np.ndarray] = {}
        self.dirty = False

    def __len__(self) -> int:
        return len(self.vectors)

    def embed(self, phrases: Sequence[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """One row per phrase, encoding (in one call) only phrases not seen before."""
        todo = [p for p in dict.fromkeys(phrases) if p not in self.vectors]
        if todo:
            if len(self.vectors) + len(todo) > MAX_PHRASES:
                keep = list(self.vectors)[len(self.vectors) // 2 :]
                self.vectors = {p: self.vectors[p] for p in keep}
            self.vectors.update(zip(todo, np.asarray(encode(todo), dtype=np.float32), strict=True))
            self.dirty = True
        if not phrases:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self.vectors[p] for p in phrases])

    def save(self) -> None:
        """Write atomically when changed; no path means memory only."""
        if self.path is None or not self.dirty or not self.vectors:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.stem}.{os.getpid()}.tmp.npz")
        phrases = np.array(list(self.vectors), dtype=str)
        matrix = np.stack(list(self.vectors.values())).astype(np.float16)
        np.savez(tmp, phrases=phrases, vectors=matrix, model=np.array(self.model), dim=np.array(self.dim))
        os.replace(tmp, self.path)
        self.dirty = False

    @classmethod
    def load(cls, path: Path | None, model: str, dim: int) -> PhraseCache:
        """The saved cache, or an empty one if absent, unreadable or made by another model."""
        cache = cls(model, dim, path)
        if path is None or not path.is_file():
            return cache
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["model"]) != model or int(data["dim"]) != dim:
                    return cache
                vectors = data["vectors"].astype(np.float32)
                cache.vectors = dict(zip(data["phrases"].tolist(), vectors, strict=True))
        except (OSError, ValueError, KeyError) as exc:
            log.warning("phrase cache %s unreadable (%s); starting a new one", path, exc)
        return cache
