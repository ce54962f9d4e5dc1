"""The batched nearest-topic search in TopicVocabulary.assign gives the same topics as one search per phrase."""
from __future__ import annotations

import numpy as np

from extractors import topic_vocabulary
from extractors.topic_vocabulary import TopicVocabulary


def _vocabulary(names: list[str], vectors: np.ndarray) -> TopicVocabulary:
    return TopicVocabulary("m", vectors.shape[1], threshold=0.6, names=names, vectors=vectors)


def _unit(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.linalg.norm(matrix, axis=1, keepdims=True)).astype(np.float32)


def test_batched_assign_matches_one_search_per_phrase(monkeypatch) -> None:
    rng = np.random.default_rng(7)
    words = [f"w{i}" for i in range(60)]
    word_vectors = _unit(rng.normal(size=(60, 16)))
    table = dict(zip(words, word_vectors, strict=True))
    existing = words[:20] + [f"{words[i]} {words[i + 1]}" for i in range(20, 30)]
    phrases = words[20:] + [f"{words[i]} {words[(i * 7) % 60]}" for i in range(60)]  # singles and pairs

    def embed(texts: list[str]) -> np.ndarray:
        out = []
        for text in texts:
            parts = [table[w] for w in text.split()]
            noisy = np.mean(parts, axis=0) + 0.35 * rng.normal(size=16)  # near, not equal, to its words
            out.append(noisy / np.linalg.norm(noisy))
        return np.asarray(out, dtype=np.float32)

    vectors = embed(existing + phrases)
    lookup = dict(zip(existing + phrases, vectors, strict=True))
    for w in words:
        lookup.setdefault(w, table[w])
    fixed = lambda texts: np.asarray([lookup[t] for t in texts], dtype=np.float32)

    batched = _vocabulary(existing, fixed(existing))
    monkeypatch.setattr(topic_vocabulary._BatchSims, "BLOCK", 16)  # several blocks, some evicted
    monkeypatch.setattr(topic_vocabulary._BatchSims, "CACHED_BLOCKS", 2)
    got = batched.assign(phrases, fixed)
    monkeypatch.undo()

    sequential = _vocabulary(existing, fixed(existing))
    monkeypatch.setattr(topic_vocabulary, "_BatchSims", None)
    monkeypatch.setattr(TopicVocabulary, "assign", _assign_one_search_each)
    want = sequential.assign(phrases, fixed)
    assert got == want
    assert batched.names == sequential.names  # the same topics created, in the same order
    assert len(set(got.values())) < len(phrases)  # phrases did join topics: the comparison means something


def _assign_one_search_each(self, phrases, embed, keep_whole=()):  # type: ignore[no-untyped-def]
    """TopicVocabulary.assign as it was: `nearest` (one matrix-vector product) for each phrase."""
    phrases = list(phrases)
    todo = [p for p in dict.fromkeys(phrases) if p not in self.aliases]
    words = sorted({w for p in todo if " " in p for w in topic_vocabulary._parts(p)} - set(todo))
    table = dict(zip(todo + words, np.asarray(embed(todo + words), dtype=np.float32), strict=True))
    for phrase in todo:
        self._assign_one(phrase, table, split=phrase not in set(keep_whole), batch=None)
    return {p: self.aliases[p] for p in phrases}
