"""KeyBERT's keyphrase choice (maximal marginal relevance) with the same arithmetic and none of its per-call overhead.

KeyBERT's `extract_keywords` fits the CountVectorizer it is given again (the topic extractor has just fitted it
to list the candidates) and, for each document, calls sklearn's `cosine_similarity` twice, whose input checks
cost more than the products on short captions (profile in docs/benchmarks_caption.md). `mmr_keyphrases` runs
the same steps on one document-term matrix: sklearn's float32 row normalisation, the same matrix products on the
same arrays, the same greedy selection and rounding, so the keyphrases and scores are the same
(tests/extractors/test_keyphrase_mmr.py compares it with keybert's `mmr`).
"""
from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import numpy as np


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length as sklearn's `normalize` does (a row of norm below 10 eps is left as it is)."""
    norms = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))
    norms[norms < 10 * np.finfo(norms.dtype).eps] = 1.0
    return matrix / norms[:, None]


def _float_pair(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """float32 when both are float32, else float64 (sklearn's pairwise dtype rule)."""
    dtype = np.float32 if a.dtype == b.dtype == np.float32 else np.float64
    return np.asarray(a, dtype=dtype), np.asarray(b, dtype=dtype)


def mmr(doc_embedding: np.ndarray, word_embeddings: np.ndarray, words: Sequence[str], top_n: int = 5,
        diversity: float = 0.8) -> list[tuple[str, float]]:
    """keybert._mmr.mmr: up to `top_n` (word, similarity to the doc rounded to 4 places), most similar first.
    `doc_embedding` is (1, dim), `word_embeddings` (len(words), dim); no words gives []."""
    if len(words) == 0:
        return []
    word_embeddings, doc_embedding = _float_pair(word_embeddings, doc_embedding)
    unit_words = unit_rows(word_embeddings)
    word_doc_similarity = unit_words @ unit_rows(doc_embedding).T
    word_similarity = unit_words @ unit_words.T
    keywords_idx = [int(np.argmax(word_doc_similarity))]
    candidates_idx = [i for i in range(len(words)) if i != keywords_idx[0]]
    for _ in range(min(top_n - 1, len(words) - 1)):
        candidate_similarities = word_doc_similarity[candidates_idx, :]
        target_similarities = np.max(word_similarity[candidates_idx][:, keywords_idx], axis=1)
        scores = (1 - diversity) * candidate_similarities - diversity * target_similarities.reshape(-1, 1)
        chosen = candidates_idx[int(np.argmax(scores))]
        keywords_idx.append(chosen)
        candidates_idx.remove(chosen)
    flat = word_doc_similarity.reshape(1, -1)[0]
    keywords = [(words[idx], round(float(flat[idx]), 4)) for idx in keywords_idx]
    return sorted(keywords, key=itemgetter(1), reverse=True)


def mmr_keyphrases(doc_term: Any, words: Sequence[str], doc_embeddings: np.ndarray, word_embeddings: np.ndarray,
                   top_n: int, diversity: float) -> list[list[tuple[str, float]]]:
    """KeyBERT's extract_keywords(use_mmr=True) for every row of a fitted vectorizer's document-term matrix
    (`vectorizer.transform(docs)`, sparse): each document's candidates are the words it contains."""
    found: list[list[tuple[str, float]]] = []
    for row in range(doc_term.shape[0]):
        candidate_indices = doc_term[row].nonzero()[1]
        found.append(mmr(doc_embeddings[row].reshape(1, -1), word_embeddings[candidate_indices],
                         [words[i] for i in candidate_indices], top_n, diversity))
    return found
