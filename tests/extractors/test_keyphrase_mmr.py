"""The topic extractor's MMR keyphrase choice gives exactly what KeyBERT gives on the same embeddings."""
from __future__ import annotations

import numpy as np
import pytest

from extractors.keyphrase_mmr import mmr, mmr_keyphrases, unit_rows

keybert = pytest.importorskip("keybert")

DOCS = [
    "sunset over the beach with the dog", "new york marathon runners at dawn", "beach beach beach",
    "coffee and rain", "the the and", "dog park sunset walk with friends and coffee",
]


def test_mmr_matches_keybert_mmr_bit_for_bit_on_random_embeddings() -> None:
    from keybert._mmr import mmr as keybert_mmr

    rng = np.random.default_rng(7)
    for trial in range(200):
        n = int(rng.integers(1, 30))
        words = [f"w{i}" for i in range(n)]
        vectors = rng.standard_normal((n, 24)).astype(np.float32)
        if trial % 5 == 0:
            vectors[: n // 2] = vectors[0]  # repeated candidates: ties must break the same way
        doc = rng.standard_normal((1, 24)).astype(np.float32)
        top_n, diversity = int(rng.integers(1, 7)), float(rng.choice([0.0, 0.5, 0.8]))
        assert mmr(doc, vectors, words, top_n, diversity) == keybert_mmr(doc, vectors, words, top_n, diversity)


def test_unit_rows_normalises_like_sklearn_and_leaves_a_zero_row() -> None:
    from sklearn.preprocessing import normalize

    rng = np.random.default_rng(3)
    matrix = rng.standard_normal((9, 16)).astype(np.float32)
    matrix[4] = 0.0
    assert np.array_equal(unit_rows(matrix), normalize(matrix))
    assert unit_rows(matrix).dtype == np.float32


def test_mmr_keyphrases_match_keybert_extract_keywords_per_document() -> None:
    from keybert import KeyBERT
    from keybert.backend import BaseEmbedder
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(ngram_range=(1, 2), stop_words="english")
    words = list(vectorizer.fit(DOCS).get_feature_names_out())
    rng = np.random.default_rng(11)
    word_vectors = rng.standard_normal((len(words), 32)).astype(np.float32)
    doc_vectors = rng.standard_normal((len(DOCS), 32)).astype(np.float32)
    expected = KeyBERT(model=BaseEmbedder()).extract_keywords(
        DOCS, vectorizer=vectorizer, top_n=5, use_mmr=True, diversity=0.5, doc_embeddings=doc_vectors,
        word_embeddings=word_vectors)
    found = mmr_keyphrases(vectorizer.transform(DOCS), words, doc_vectors, word_vectors, 5, 0.5)
    assert found == expected
    assert found[4] == []  # only stop words: no candidates, nothing chosen (KeyBERT's caught ValueError)
    assert [len(f) for f in found[:4]] == [min(5, len(f)) for f in found[:4]] and len(found[0]) == 5
