"""Entities: canonical lower-case keys, hashtags/mentions from the original caption, English NER only."""
from __future__ import annotations

import pytest

from core.settings import Settings
from data.models import Post
from extractors.base import Extraction, PostAnalysis, SharedFeatures
from extractors.entities import (
    EntityExtractor,
    HashtagMentionExtractor,
    hashtag_mentions,
    ner_text,
    resolve_spacy_model,
)
from extractors.entity_names import canonical_entity
from extractors.social_text import text_views


def _items(*captions: str, language: str | None = None, score: float = 0.99) -> list[PostAnalysis]:
    items = [PostAnalysis(Post(id=f"p{i}", caption=c)) for i, c in enumerate(captions)]
    for item in items:
        item.extraction.merge(Extraction(language=language, shared=SharedFeatures(language_score=score)))
    return items


@pytest.mark.parametrize(
    ("text", "label", "key", "display"),
    [
        ("Paris", "GPE", "paris", "Paris"),
        ("PARIS", "GPE", "paris", "PARIS"),
        ("Paris's", "GPE", "paris", "Paris"),
        ("“Paris,”", "GPE", "paris", "Paris"),
        ("the  UK", "GPE", "uk", "UK"),
        ("U.S.", "GPE", "us", "U.S."),
        ("#Paris", "GPE", "paris", "Paris"),
        ("The Walking Dead", "WORK_OF_ART", "the walking dead", "The Walking Dead"),
    ],
)
def test_canonical_entity(text: str, label: str, key: str, display: str) -> None:
    assert canonical_entity(text, label) == (key, display)


@pytest.mark.parametrize("text", ["42", "RT", "lol", "'", "x" * 100])
def test_non_names_are_rejected(text: str) -> None:
    assert canonical_entity(text, "ORG") is None


def test_hashtags_and_mentions_lower_cased_without_sign() -> None:
    found = hashtag_mentions("RT @NatGeo: Sunset in #Paris #SummerVibes #paris with @Bob_Smith http://t.co/x")
    assert [(e.name, e.label) for e in found] == [
        ("paris", "HASHTAG"), ("summervibes", "HASHTAG"), ("natgeo", "MENTION"), ("bob_smith", "MENTION"),
    ]


def test_minimal_extractor_needs_no_model() -> None:
    results = HashtagMentionExtractor().extract(_items("#Cats are great @Alice", "", "😀" * 10))
    assert [(e.name, e.label) for e in results[0].entities] == [("cats", "HASHTAG"), ("alice", "MENTION")]
    assert results[1].entities == [] and results[2].entities == []


def test_ner_text_reads_hashtag_words_and_drops_mentions_and_cut_words() -> None:
    assert ner_text(text_views("@bob Lovely day in #Paris with Anna htt…")) == "Lovely day in Paris with Anna"


def test_non_english_caption_skips_ner_with_note_but_keeps_hashtags() -> None:
    extractor = EntityExtractor(Settings(spacy_model="en_core_web_sm"))
    if extractor.model_name is None:
        pytest.skip("no English spaCy model installed")
    items = _items("Ein schöner Tag in Berlin mit @Anna #Sommer", language="de")
    result = extractor.extract(items)[0]
    assert [(e.name, e.label) for e in result.entities] == [("sommer", "HASHTAG"), ("anna", "MENTION")]
    assert f"entities: language 'de' not supported by {extractor.model_name}" in result.notes


def test_missing_model_names_the_package() -> None:
    assert resolve_spacy_model(["no_such_model_xyz", ""]) is None


@pytest.mark.slow
def test_paris_is_one_entity_across_posts_and_batches() -> None:
    extractor = EntityExtractor(Settings())
    captions = [
        "We landed in Paris this morning!",
        "PARIS at night, what a view",
        "Paris's best croissant is on this street",
        '"Paris," she said, "is always a good idea"',
        "Back from Paris, missing it already",
    ]
    keys = set()
    for caption in captions:  # one post per batch: the key must not depend on the batch
        result = extractor.extract(_items(caption))[0]
        keys |= {e.name for e in result.entities if e.label == "GPE"}
    assert keys == {"paris"}


@pytest.mark.slow
def test_useful_labels_only_and_lower_case_keys() -> None:
    result = EntityExtractor(Settings()).extract(
        _items("Barack Obama met Angela Merkel in Berlin on Monday, 3 June, and spent $5 on 2 coffees.")
    )[0]
    labels = {e.label for e in result.entities}
    assert {"PERSON", "GPE"} <= labels
    assert not labels & {"DATE", "MONEY", "CARDINAL"}
    assert ("berlin", "GPE") in {(e.name, e.label) for e in result.entities}
    assert all(e.name == e.name.lower() for e in result.entities)


@pytest.mark.slow
def test_bad_input_never_raises() -> None:
    captions = ["", "😀😀😀", "Paris " * 20_000, "Ã©tÃ© Ã  Paris", "Hello мир 世界 Tokyo", "\x00\x01"]
    results = EntityExtractor(Settings()).extract(_items(*captions, language=None))
    assert len(results) == len(captions)
    assert any("truncated" in note for note in results[2].notes)
