"""Familiarity: is a photo like the photos the captioner learned to describe?

The packaged captioner learned from Flickr8k (people, dogs, outdoor scenes). Shown a coffee cup, a cat close-up
or the moon it still writes a fluent Flickr8k sentence ("a brown dog is standing on the grass"), often with the
same token confidence as a good caption, so the confidence gate cannot catch it. This check asks the question
before decoding: how far is the photo from the training photos in the captioner's own feature space?

Score (the k-nearest-neighbour out-of-distribution score of Sun et al., 2022): the photo's caption-backbone grid
averaged over cells and L2-normalised, projected on a PCA basis fitted on the training photos, then the
Euclidean distance to its k-th nearest training photo. A photo whose distance is above the bank's threshold is
*unfamiliar*: the decoder does not describe it (a note on the post says why) and a caption-less post falls back
to the caption composed from its tags. Measured on judged photos outside Flickr8k this catches only the
farthest quarter of wrong captions, so grounding.py checks the sentence itself after decoding.

The bank (training points, basis, k, threshold and the rule that chose it) sits beside the artefact as
`<artefact>.familiar.npz` with a JSON sidecar; `research.training.captioner_familiarity` builds it.
An artefact without a bank (e.g. a personal model) is not checked.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from core.errors import ConfigError
from extractors.vision.captioner.check_files import read_check_file, write_check_file

DEFAULT_K = 10


def bank_path(artefact: Path) -> Path:
    """Where the familiarity bank of an artefact lives: `flickr8k-default.pt` -> `flickr8k-default.familiar.npz`."""
    return Path(artefact).with_suffix(".familiar.npz")


def pooled_unit(grid: np.ndarray) -> np.ndarray:
    """(N, cells, C) grid -> (N, C) float32 cell means scaled to unit length (the score's input)."""
    return unit_rows(np.asarray(grid, dtype=np.float32).mean(axis=1))


def unit_rows(pooled: np.ndarray) -> np.ndarray:
    pooled = np.asarray(pooled, dtype=np.float32)
    return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


@dataclass(frozen=True)
class FamiliarityBank:
    """Training photos in a PCA space; `distances` scores new photos, `unfamiliar` applies the threshold."""

    mean: np.ndarray  # (C,) mean of the training photos' unit vectors
    basis: np.ndarray  # (C, D) PCA directions
    points: np.ndarray  # (N, D) training photos projected
    k: int
    threshold: float
    meta: dict[str, Any]

    def project(self, unit: np.ndarray) -> np.ndarray:
        return (unit - self.mean) @ self.basis

    def distances(self, grid: np.ndarray) -> np.ndarray:
        """Distance of each photo's (N, cells, C) grid to its k-th nearest training photo (N,)."""
        return self.distances_pooled(np.asarray(grid, dtype=np.float32).mean(axis=1))

    def distances_pooled(self, pooled: np.ndarray) -> np.ndarray:
        """The same from (N, C) cell means."""
        return kth_distance(self.project(unit_rows(pooled)), self.points, self.k)


def kth_distance(queries: np.ndarray, points: np.ndarray, k: int, skip_self: bool = False) -> np.ndarray:
    """Euclidean distance from each query to its k-th nearest point, in chunks (no N x M matrix held at once).
    skip_self: the queries are the points themselves, so each one's zero distance to itself is not counted."""
    points = points.astype(np.float32)
    point_sq = (points**2).sum(axis=1)
    rank = k if skip_self else k - 1
    out = np.empty(len(queries), dtype=np.float32)
    for start in range(0, len(queries), 512):
        chunk = queries[start : start + 512].astype(np.float32)
        sq = (chunk**2).sum(axis=1)[:, None] + point_sq[None, :] - 2.0 * chunk @ points.T
        out[start : start + 512] = np.sqrt(np.maximum(np.partition(sq, rank, axis=1)[:, rank], 0.0))
    return out


def save_bank(path: Path, mean: np.ndarray, basis: np.ndarray, points: np.ndarray, k: int, threshold: float,
              meta: dict[str, Any]) -> None:
    """Write the bank (fp16 arrays) and its sidecar (k, threshold, rule, command, data hashes, checks)."""
    write_check_file(path, {"mean": mean.astype(np.float16), "basis": basis.astype(np.float16),
                            "points": points.astype(np.float16)},
                     {**meta, "k": k, "threshold": round(float(threshold), 4)})


def load_bank(path: Path) -> FamiliarityBank | None:
    """The bank at `path`, or None when the artefact has none; a damaged bank is a ConfigError."""
    found = read_check_file(path, ("mean", "basis", "points"))
    if found is None:
        return None
    arrays, meta = found
    try:
        bank = FamiliarityBank(arrays["mean"], arrays["basis"], arrays["points"], int(meta["k"]),
                               float(meta["threshold"]), meta)
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"captioner check file {path} is unreadable: {exc}") from exc
    if bank.basis.shape[0] != bank.mean.shape[0] or bank.basis.shape[1] != bank.points.shape[1]:
        raise ConfigError(f"captioner familiarity bank {path} has mismatched shapes")
    return bank
