"""CIDEr-D as a per-caption reward for self-critical training, with document frequencies fixed from TRAIN refs.

Same formula as pycocoevalcap's `Cider` (n = 1..4 tf-idf vectors, clipped overlap, Gaussian length penalty
sigma 6, x10), but the idf comes from the training references given once at construction instead of the batch
being scored, so a reward does not depend on which images share its batch (Rennie et al. 2017 do the same).

`end_marker`: the end-of-caption token counts as a word of every reference and of every caption that ended,
so n-grams like "on the grass <end>" are rewarded and fragments cut mid-phrase ("a dog runs through a") are not
(the "bad endings" of plain CIDEr optimisation).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

END_WORD = "<end>"
SIGMA = 6.0


def ngrams(words: Sequence[str], n: int = 4) -> Counter:
    counts: Counter = Counter()
    for k in range(1, n + 1):
        for i in range(len(words) - k + 1):
            counts[tuple(words[i : i + k])] += 1
    return counts


class CiderD:
    """Per-caption CIDEr-D against one image's references; idf from `references` (a list per training image)."""

    def __init__(self, references: Iterable[Sequence[Sequence[str]]], n: int = 4, end_marker: bool = True) -> None:
        self.n, self.end_marker = n, end_marker
        df: Counter = Counter()
        images = 0
        for refs in references:
            images += 1
            seen: set = set()
            for ref in refs:
                seen.update(ngrams(self._words(ref, True), n))
            df.update(seen)
        if images == 0:
            raise ValueError("CIDEr-D needs the references of at least one image for its document frequencies")
        self.df = df
        self.log_images = math.log(float(images))

    def _words(self, words: Sequence[str], ended: bool) -> list[str]:
        return [*words, END_WORD] if self.end_marker and ended else list(words)

    def vector(self, words: Sequence[str], ended: bool = True) -> tuple[list[dict], np.ndarray, int]:
        """(tf-idf dict per n, norm per n, length) of one tokenised sentence."""
        words = self._words(words, ended)
        vec: list[dict] = [{} for _ in range(self.n)]
        norm = np.zeros(self.n)
        for gram, tf in ngrams(words, self.n).items():
            k = len(gram) - 1
            value = tf * (self.log_images - math.log(max(1.0, float(self.df.get(gram, 0)))))
            vec[k][gram] = value
            norm[k] += value * value
        return vec, np.sqrt(norm), len(words)

    def references(self, refs: Sequence[Sequence[str]]) -> list[tuple[list[dict], np.ndarray, int]]:
        """Precomputed reference vectors of one image (reuse them across training steps)."""
        return [self.vector(r, True) for r in refs]

    def score(self, words: Sequence[str], refs: list[tuple[list[dict], np.ndarray, int]], ended: bool = True
              ) -> float:
        """CIDEr-D of one caption against one image's precomputed reference vectors."""
        if not refs:
            raise ValueError("CIDEr-D of a caption needs at least one reference")
        vec, norm, length = self.vector(words, ended)
        total = np.zeros(self.n)
        for ref_vec, ref_norm, ref_length in refs:
            penalty = math.exp(-((length - ref_length) ** 2) / (2 * SIGMA**2))
            for k in range(self.n):
                dot = sum(min(v, ref_vec[k].get(g, 0.0)) * ref_vec[k].get(g, 0.0) for g, v in vec[k].items())
                if norm[k] != 0 and ref_norm[k] != 0:
                    dot /= norm[k] * ref_norm[k]
                total[k] += dot * penalty
        return float(total.mean() / len(refs) * 10.0)


def leave_one_out_advantages(rewards: np.ndarray) -> np.ndarray:
    """(images, k) rewards -> each sample's reward minus the mean of the image's other k-1 samples.

    The baseline of Luo (2020, "a better variant of SCST"): no greedy decode needed, and with k >= 2 the
    advantages of one image sum to zero, so the update only moves probability between its own samples.
    """
    rewards = np.asarray(rewards, dtype=np.float64)
    if rewards.ndim != 2 or rewards.shape[1] < 2:
        raise ValueError(f"need (images, k >= 2) rewards, got shape {rewards.shape}")
    k = rewards.shape[1]
    others = (rewards.sum(1, keepdims=True) - rewards) / (k - 1)
    return rewards - others
