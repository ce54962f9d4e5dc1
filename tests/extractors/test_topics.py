"""Keyphrases: phrase normalisation, the persistent vocabulary, and the KeyBERT extractor on the real MiniLM."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from data.models import Post
from extractors.base import Extraction, ImageInfo, ImageTag, PostAnalysis, SharedFeatures, TopicScore
from extractors.topic_vocabulary import TopicVocabulary, normalise_phrase, singularise
from extractors.topics import IMAGE_TOPICS_NOTE, TopicExtractor

DIM = 8


def _unit(*weights: float) -> np.ndarray:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[: len(weights)] = weights
    return vector / np.linalg.norm(vector)


FAKE = {  # hand-made embeddings: 'sea' is near 'ocean', far from 'dog'
    "beach": _unit(1, 0, 0), "sandy beach": _unit(1, 0.3, 0), "ocean": _unit(0, 1, 0),
    "sea": _unit(0, 1, 0.2), "dog": _unit(0, 0, 1), "puppy": _unit(0, 0.1, 1), "dog park": _unit(0.2, 0, 1),
    "sandy": _unit(0, 0, 0, 1), "park": _unit(0, 0, 0, 0, 1), "walk": _unit(0, 0, 0, 0, 0, 1),
    "walk beach": _unit(1, 0, 0, 0, 0, 0.85), "ice cream": _unit(0, 0, 0, 0, 0, 0, 1),
    "ice": _unit(0, 0, 0, 0, 0, 0, 1, 1.5),
    "cream": _unit(0, 0, 0, 0, 0, 0, 1, -1.5),
}


def fake_embed(phrases: list[str]) -> np.ndarray:
    return np.stack([FAKE[p] for p in phrases])


@pytest.mark.parametrize(
    ("word", "singular"),
    [("beaches", "beach"), ("puppies", "puppy"), ("dogs", "dog"), ("movies", "movie"), ("glass", "glass"),
     ("news", "news"), ("leaves", "leaf"), ("boxes", "box"), ("bus", "bus"), ("tennis", "tennis")],
)
def test_singularise(word: str, singular: str) -> None:
    assert singularise(word) == singular


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [("Beaches", "beach"), ("the beach", "beach"), ("beach day", "beach"), ("sunset beaches", "sunset beach"),
     ("sports cars", "sports car"), ("photo today", None), ("2019", None), ("rt", None), ("beach beach", "beach"),
     ("ok", None), ("http www", None)],
)
def test_normalise_phrase(phrase: str, expected: str | None) -> None:
    assert normalise_phrase(phrase) == expected


def test_vocabulary_merges_near_duplicates_and_keeps_general_names() -> None:
    vocab = TopicVocabulary(model="fake", dim=DIM, threshold=0.8)
    first = vocab.assign(["beach", "ocean", "dog"], fake_embed)
    assert first == {"beach": "beach", "ocean": "ocean", "dog": "dog"}
    later = vocab.assign(["sandy beach", "sea", "puppy", "dog park"], fake_embed)
    assert later == {"sandy beach": "beach", "sea": "ocean", "puppy": "dog", "dog park": "dog"}
    assert len(vocab) == 3


def test_new_word_pair_joins_the_word_that_carries_it_unless_written_as_a_name() -> None:
    vocab = TopicVocabulary(model="fake", dim=DIM, threshold=0.8, split_threshold=0.75)
    assert vocab.assign(["walk beach", "ice cream"], fake_embed) == {"walk beach": "beach", "ice cream": "ice cream"}
    assert vocab.names == ["beach", "ice cream"]
    other = TopicVocabulary(model="fake", dim=DIM, threshold=0.8, split_threshold=0.75)
    assert other.assign(["walk beach"], fake_embed, keep_whole={"walk beach"}) == {"walk beach": "walk beach"}


def test_longer_topic_never_absorbs_a_shorter_phrase() -> None:
    vocab = TopicVocabulary(model="fake", dim=DIM, threshold=0.8)
    vocab.assign(["sandy beach"], fake_embed)
    assert vocab.assign(["beach"], fake_embed) == {"beach": "beach"}


def test_vocabulary_persists_names_and_aliases(tmp_path: Path) -> None:
    path = tmp_path / "topics.json"
    vocab = TopicVocabulary(model="fake", dim=DIM, threshold=0.8)
    vocab.assign(["beach", "sandy beach", "dog"], fake_embed)
    vocab.save(path)
    again = TopicVocabulary.load(path, "fake", DIM, 0.8)
    assert again.names == ["beach", "dog"]
    assert again.aliases["sandy beach"] == "beach"
    never = lambda phrases: pytest.fail(f"known phrases must not be re-embedded: {phrases}")
    assert again.assign(["sandy beach", "dog"], never) == {"sandy beach": "beach", "dog": "dog"}
    assert again.assign(["puppy"], fake_embed) == {"puppy": "dog"}  # stored vectors still match


def test_vocabulary_from_another_model_or_corrupt_file_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "topics.json"
    vocab = TopicVocabulary(model="fake", dim=DIM)
    vocab.assign(["beach"], fake_embed)
    vocab.save(path)
    assert len(TopicVocabulary.load(path, "other-model", DIM, 0.8)) == 0
    path.write_text("{not json", encoding="utf-8")
    assert len(TopicVocabulary.load(path, "fake", DIM, 0.8)) == 0


def test_retire_redirects_phrases() -> None:
    vocab = TopicVocabulary(model="fake", dim=DIM, threshold=0.99)
    vocab.assign(["dog", "puppy"], fake_embed)
    vocab.retire("puppy", into="dog")
    assert vocab.names == ["dog"] and vocab.aliases["puppy"] == "dog"
    np.testing.assert_allclose(vocab.vectors[0], FAKE["dog"])


def _offline_extractor(tmp_path: Path) -> TopicExtractor:
    """A TopicExtractor on the hand-made embeddings: no model loads while nothing reaches KeyBERT."""
    from extractors.topic_phrases import PhraseCache

    extractor = TopicExtractor(Settings(home=tmp_path), vocabulary_path=None)
    extractor._vocabulary = TopicVocabulary(model="fake", dim=DIM, threshold=0.8)
    extractor._phrase_cache = PhraseCache("fake", DIM, None)
    extractor._encode = fake_embed  # type: ignore[method-assign]
    return extractor


def test_topics_named_from_image_tags_are_flagged_from_image(tmp_path: Path) -> None:
    item = PostAnalysis(Post(id="p", caption="@bob http://t.co/abc"))
    item.extraction.shared.caption_embedding = np.zeros(DIM, np.float32)
    tags = [ImageTag("dogs", "animal", 0.9), ImageTag("beaches", "scene", 0.4), ImageTag("ocean", "scene", 0.1)]
    item.extraction.images[0] = ImageInfo(index=0, tags=tags)
    result = _offline_extractor(tmp_path).extract([item])[0]
    assert result.keyphrases == [TopicScore("dog", 0.9, from_image=True), TopicScore("beach", 0.4, from_image=True)]
    assert IMAGE_TOPICS_NOTE in result.notes  # for the reader of the post's notes; nothing parses it


# --- the extractor on the real model -------------------------------------------------------------------------

def _items(*captions: str) -> list[PostAnalysis]:
    return [PostAnalysis(Post(id=f"p{i}", caption=c)) for i, c in enumerate(captions)]


@pytest.fixture
def extractor(tmp_path: Path):
    from extractors.topics import TopicExtractor

    return TopicExtractor(Settings(home=tmp_path), max_topics=3, min_score=0.3)


@pytest.mark.slow
def test_same_topic_recurs_across_posts_batches_and_runs(extractor, tmp_path: Path) -> None:
    from extractors.topics import TopicExtractor

    first = extractor.extract(_items("Long walk on the beach at sunset", "Beaches of Portugal are the best"))
    second = extractor.extract(_items("Another lazy beach day with the kids #beachday"))
    names = [{t.name for t in r.keyphrases} for r in first + second]
    assert all("beach" in n for n in names), names
    assert (tmp_path / "topics.json").is_file()
    rerun = TopicExtractor(Settings(home=tmp_path)).extract(_items("The beaches were packed today"))
    assert "beach" in {t.name for t in rerun[0].keyphrases}


@pytest.mark.slow
def test_caps_scores_and_empty_captions(extractor) -> None:
    captions = ["", "😀😀", "http://t.co/abc @bob", "x" * 100_000, "Ã©tÃ© Ã  Paris",
                ("Cats, dogs, birds, fish, horses, cows, sheep, goats and llamas at the farm show "
                 "#animals #farm #pets #countryside")]
    results = extractor.extract(_items(*captions))
    assert len(results) == len(captions)
    assert [r.keyphrases for r in results[:3]] == [[], [], []]
    assert 1 <= len(results[5].keyphrases) <= 3
    assert all(t.score >= 0.3 and t.name == t.name.lower() for r in results for t in r.keyphrases)
    assert "topics: caption truncated to 1500 characters" in results[3].notes


@pytest.mark.slow
def test_non_english_caption_is_skipped_with_note(extractor) -> None:
    item = _items("Ein wunderschöner Tag am Strand mit der ganzen Familie")[0]
    item.extraction.merge(Extraction(language="de", shared=SharedFeatures(language_score=0.97)))
    result = extractor.extract([item])[0]
    assert result.keyphrases == [] and "topics: language 'de' not supported, caption skipped" in result.notes


@pytest.mark.slow
def test_image_tags_stand_in_for_an_empty_caption(extractor) -> None:
    item = _items("@bob http://t.co/abc")[0]
    tags = [ImageTag("dogs", "animal", 0.9), ImageTag("grass", "scene", 0.1)]
    item.extraction.images[0] = ImageInfo(index=0, tags=tags)
    result = extractor.extract([item])[0]
    assert [(t.name, t.from_image) for t in result.keyphrases] == [("dog", True)]
    assert IMAGE_TOPICS_NOTE in result.notes
    from_caption = extractor.extract(_items("Long walk on the beach at sunset"))[0]
    assert from_caption.keyphrases and not any(t.from_image for t in from_caption.keyphrases)
    assert IMAGE_TOPICS_NOTE not in from_caption.notes


def test_phrase_cache_encodes_each_phrase_once_and_persists(tmp_path: Path) -> None:
    from extractors.topic_phrases import PhraseCache

    calls: list[list[str]] = []

    def encode(phrases: list[str]) -> np.ndarray:
        calls.append(phrases)
        return fake_embed(phrases)

    cache = PhraseCache("fake", DIM, tmp_path / "phrases.npz")
    first = cache.embed(["beach", "dog", "beach"], encode)
    assert first.shape == (3, DIM) and calls == [["beach", "dog"]]
    cache.save()
    again = PhraseCache.load(tmp_path / "phrases.npz", "fake", DIM)
    np.testing.assert_allclose(again.embed(["dog"], encode)[0], FAKE["dog"], atol=1e-3)
    assert calls == [["beach", "dog"]]
    assert len(PhraseCache.load(tmp_path / "phrases.npz", "other", DIM)) == 0
