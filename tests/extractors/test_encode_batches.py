"""Grouping texts for the encoder: each distinct text once, token-length batches, rows back in input order."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from extractors.encode_batches import length_batches, unique_texts


def test_unique_texts_keeps_first_seen_order_and_maps_every_position_back() -> None:
    texts = ["b", "a", "b", "c", "a", "b"]
    unique = unique_texts(texts)
    assert unique.texts == ["b", "a", "c"]
    assert [unique.texts[row] for row in unique.rows] == texts
    assert unique_texts([]).texts == [] and unique_texts([]).rows == []


def test_length_batches_cover_every_index_once_longest_first_within_the_budgets() -> None:
    lengths = [3, 40, 5, 3, 12, 40, 7, 3, 3, 25]
    batches = length_batches(lengths, max_tokens=60, max_texts=3, min_fill=0.0)
    flat = [i for batch in batches for i in batch]
    assert sorted(flat) == list(range(len(lengths)))
    assert [lengths[i] for i in flat] == sorted(lengths, reverse=True)  # one pass over the texts, longest first
    for batch in batches:
        assert len(batch) <= 3
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 60
    # 2 x 40 > 60: the long ones go alone; 3 x 25 > 60; then at most 3 texts; ties keep their input order
    assert batches == [[1], [5], [9, 4], [6, 2, 0], [3, 7, 8]]
    assert [i for batch in batches for i in batch if lengths[i] == 3] == [0, 3, 7, 8]


def test_length_batches_start_a_new_batch_at_a_much_shorter_text() -> None:
    """Padding stays within the fill share: 8 tokens do not join a batch led by 12 (below 0.75 x 12 = 9)."""
    lengths = [12, 4, 9, 8, 10, 4, 4]
    batches = length_batches(lengths, max_tokens=1000, max_texts=100, min_fill=0.75)
    assert batches == [[0, 4, 2], [3], [1, 5, 6]]
    for batch in batches:
        assert min(lengths[i] for i in batch) >= 0.75 * max(lengths[i] for i in batch)
    assert length_batches(lengths, max_tokens=1000, max_texts=100, min_fill=0.0) == [[0, 4, 2, 3, 1, 5, 6]]


def test_length_batches_give_a_text_over_the_budget_its_own_batch_and_reject_bad_limits() -> None:
    assert length_batches([500, 2, 2], max_tokens=100, max_texts=8) == [[0], [1, 2]]
    assert length_batches([]) == []
    with pytest.raises(ValueError, match="positive"):
        length_batches([1], max_tokens=0)
    with pytest.raises(ValueError, match="min_fill"):
        length_batches([1], min_fill=1.5)


@pytest.fixture(scope="module")
def tiny_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.extractors.test_sentiment_finetuned import tiny_base

    return tiny_base(tmp_path_factory.mktemp("tiny") / "base")


def test_embed_texts_encodes_each_distinct_text_once_and_restores_the_order(
        tiny_encoder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Texts of mixed length with repeats and an empty one: every row equals that text encoded alone (fp32), and
    the model sees each distinct text once however the batches fall."""
    from extractors import embeddings

    settings = Settings(embedding_model=str(tiny_encoder), embedding_precision="fp32")
    texts = ["great sun", "i love this day ! i love the bus", "great sun", "", "bad day", "sun",
             "i love this day ! i love the bus", "the bus"]
    model = embeddings.load_sentence_model(str(tiny_encoder), settings)
    seen: list[str] = []
    prepare = model.preprocess

    def counting(batch: list[str], *args: object, **kwargs: object) -> object:
        seen.extend(batch)
        return prepare(batch, *args, **kwargs)

    monkeypatch.setattr(model, "preprocess", counting)
    vectors = embeddings.embed_texts(texts, str(tiny_encoder), settings=settings, batch_size=2, max_tokens=16)
    assert sorted(seen) == sorted({t for t in texts if t})
    monkeypatch.setattr(model, "preprocess", prepare)
    alone = [embeddings.embed_texts([t], str(tiny_encoder), settings=settings)[0] for t in texts]
    np.testing.assert_allclose(vectors, np.stack(alone), atol=1e-5)
    assert not vectors[3].any()
    assert np.allclose(np.linalg.norm(vectors[[0, 1, 4, 5, 7]], axis=1), 1.0, atol=1e-5)
