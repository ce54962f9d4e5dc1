"""The learned entity filter: its features, its decision over the rules, and its fallbacks (no artefact, no MiniLM)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import MissingDependency
from core.settings import Settings
from data.models import Post
from extractors import entity_filter
from extractors.base import PostAnalysis
from extractors.entity_features import (
    FEATURE_NAMES,
    PROTOTYPES,
    Candidate,
    embedding_feature_names,
    embedding_features,
    features,
    trimmed,
)
from extractors.entity_filter import DEFAULT_PATH, FilterModel, decide, decide_all
from extractors.entity_rules import clean_entity, repair_label

OBAMA = Candidate("Barack Obama", "PERSON", "Barack Obama spoke in Chicago today", 0)  # rules: no census first name
CHICAGO = Candidate("Chicago", "GPE", "Barack Obama spoke in Chicago today", 22)  # rules keep it


def _value(candidate: Candidate, name: str) -> float:
    return features(candidate)[FEATURE_NAMES.index(name)]


def _model(weights: dict[str, float], mode: str = "with_rules", threshold: float = 0.5,
           intercept: float = -1.0) -> FilterModel:
    """A hand-made cheap-feature filter: unscaled weights on named features."""
    coef = np.array([weights.get(name, 0.0) for name in FEATURE_NAMES])
    size = len(FEATURE_NAMES)
    return FilterModel(names=FEATURE_NAMES, mean=np.zeros(size), scale=np.ones(size), coef=coef,
                       intercept=intercept, threshold=threshold, mode=mode)


def test_the_feature_vector_has_one_value_per_name_and_reads_the_rules_verdict() -> None:
    assert len(features(CHICAGO)) == len(FEATURE_NAMES) == len(set(FEATURE_NAMES))
    assert clean_entity("Chicago", "GPE", CHICAGO.caption, 22) is not None
    assert _value(CHICAGO, "rules_keep") == 1.0 and _value(CHICAGO, "label=GPE") == 1.0
    assert _value(CHICAGO, "known_place") == 1.0 and _value(CHICAGO, "previous_place_word") == 1.0
    assert _value(OBAMA, "rules_keep") == 0.0 and _value(OBAMA, "reason=no first name") == 1.0
    assert _value(OBAMA, "position") == 0.0 and _value(OBAMA, "words_2") == 1.0


def test_features_of_an_empty_caption_and_of_emoji_only_text_do_not_raise() -> None:
    for candidate in (Candidate("", "PERSON", "", None), Candidate("🎉", "PERSON", "🎉🎉 🎉", 0),
                      Candidate("Paris", "GPE", "", None)):
        row = features(candidate)
        assert len(row) == len(FEATURE_NAMES) and all(np.isfinite(row))
    assert _value(Candidate("🎉", "PERSON", "🎉🎉 🎉", 0), "rules_keep") == 0.0
    assert decide(Candidate("🎉", "PERSON", "🎉🎉 🎉", 0), _model({}, intercept=10.0)) is None  # no key, no entity


def test_an_all_caps_caption_is_read_as_shouting() -> None:
    shouted = Candidate("DIG", "ORG", "DIG UP THE GARDEN AND SELL THE HOUSE NOW", 0)
    assert _value(shouted, "caption_shouted") == 1.0 and _value(shouted, "all_caps") == 1.0
    assert _value(CHICAGO, "caption_shouted") == 0.0


def test_embedding_features_compare_the_span_with_its_own_type() -> None:
    dim = len(PROTOTYPES)
    prototypes = np.eye(dim)
    vectors = np.array([prototypes[list(PROTOTYPES).index("ORG")], prototypes[list(PROTOTYPES).index("PERSON")]])
    rows = embedding_features(vectors, ["PERSON", "PERSON"], prototypes, np.zeros(dim), np.eye(dim)[:2])
    names = embedding_feature_names(2)
    assert rows.shape == (2, len(names))
    own, margin, closest = (names.index(n) for n in ("similar_own", "similar_margin", "own_is_closest"))
    assert rows[0, own] == 0.0 and rows[0, margin] == 1.0 and rows[0, closest] == 0.0  # a team typed PERSON
    assert rows[1, own] == 1.0 and rows[1, margin] == -1.0 and rows[1, closest] == 1.0


def test_with_rules_the_filter_can_keep_what_the_rules_drop_and_drop_what_they_keep() -> None:
    likes_two_words = _model({"words_2": 5.0})  # keeps two-word spans only
    assert decide_all([OBAMA, CHICAGO], None) == [None, ("chicago", "GPE")]  # the rules alone
    assert decide_all([OBAMA, CHICAGO], likes_two_words) == [("barack obama", "PERSON"), None]
    after = _model({"words_2": 5.0}, mode="after_rules")
    assert decide_all([OBAMA, CHICAGO], after) == [None, None]  # after the rules: it may only drop
    trusts_rules = _model({"rules_keep": 5.0}, mode="after_rules")
    assert decide_all([OBAMA, CHICAGO], trusts_rules) == [None, ("chicago", "GPE")]


def test_a_missing_or_foreign_artefact_falls_back_to_the_rules(tmp_path: Path) -> None:
    assert FilterModel.load(tmp_path / "missing.npz") is None
    path = tmp_path / "other.npz"
    FilterModel(names=("x",), mean=np.zeros(1), scale=np.ones(1), coef=np.ones(1), intercept=0.0,
                threshold=0.5, mode="with_rules").save(path)
    assert FilterModel.load(path) is None  # trained on other features
    (tmp_path / "broken.npz").write_bytes(b"not a zip")
    assert FilterModel.load(tmp_path / "broken.npz") is None
    assert decide_all([OBAMA, CHICAGO], FilterModel.load(path)) == decide_all([OBAMA, CHICAGO], None)


def test_a_saved_filter_loads_back_with_its_hash(tmp_path: Path) -> None:
    path = tmp_path / "filter.npz"
    _model({"words_2": 5.0}).save(path)
    loaded = FilterModel.load(path)
    assert loaded is not None and loaded.mode == "with_rules" and len(loaded.sha256) == 64
    assert decide(OBAMA, loaded) == ("barack obama", "PERSON")


def test_an_embedding_model_that_cannot_load_leaves_the_rules_in_charge() -> None:
    model = FilterModel.load(DEFAULT_PATH)
    assert model is not None and model.uses_embeddings

    def broken(texts: object) -> np.ndarray:
        raise MissingDependency("sentence-transformers", "caption embeddings")

    assert decide_all([OBAMA, CHICAGO], model, broken) == decide_all([OBAMA, CHICAGO], None)


def test_the_packaged_filter_loads_with_the_current_features() -> None:
    model = FilterModel.load(DEFAULT_PATH)
    assert model is not None, "extractors/entity_filter.npz missing or trained on other features: retrain it"
    assert model.names == model.expected_names() and 0.0 < model.threshold < 1.0
    dim = model.prototypes.shape[1]
    vectors = np.zeros((2, dim), dtype=np.float32)
    vectors[:, 0] = 1.0  # any unit vectors: the decision must run without MiniLM
    assert len(decide_all([OBAMA, CHICAGO], model, lambda texts: vectors[: len(texts)])) == 2


def test_the_extractor_without_the_artefact_uses_the_rules_and_its_version_says_so(monkeypatch, tmp_path) -> None:
    from extractors.entities import RULES_VERSION, EntityExtractor

    monkeypatch.setattr(entity_filter, "DEFAULT_PATH", tmp_path / "missing.npz")
    entity_filter.default_filter.cache_clear()
    try:
        extractor = EntityExtractor(Settings(entity_filter=True))
        if extractor.model_name is None:
            pytest.skip("no spaCy model installed")
        assert extractor.filter is None and "filter" not in extractor.version
        assert extractor.version.startswith(f"{RULES_VERSION}:")
        result = extractor.extract([PostAnalysis(Post(id="p", caption="We landed in Paris this morning!"))])[0]
        assert ("paris", "GPE") in {(e.name, e.label) for e in result.entities}
    finally:
        entity_filter.default_filter.cache_clear()


def test_the_extractor_with_the_filter_on_names_its_artefact_in_its_version() -> None:
    from extractors.entities import EntityExtractor

    entity_filter.default_filter.cache_clear()
    on, off = EntityExtractor(Settings(entity_filter=True)), EntityExtractor(Settings(entity_filter=False))
    assert on.filter is not None and off.filter is None
    assert on.version.startswith(off.version) and on.version.endswith(f":filter-{on.filter.sha256[:12]}")


@pytest.mark.slow
def test_the_extractor_with_the_packaged_filter_extracts_a_caption() -> None:
    from extractors.entities import EntityExtractor

    entity_filter.default_filter.cache_clear()
    extractor = EntityExtractor(Settings(entity_filter=True))
    if extractor.model_name is None:
        pytest.skip("no spaCy model installed")
    results = extractor.extract([PostAnalysis(Post(id="a", caption="We landed in Paris this morning!")),
                                 PostAnalysis(Post(id="b", caption="")),
                                 PostAnalysis(Post(id="c", caption="https://t.co/abc 🎉🎉"))])
    assert ("paris", "GPE") in {(e.name, e.label) for e in results[0].entities}
    assert results[1].entities == [] and results[2].entities == []


def test_emoji_at_a_spans_edges_are_trimmed_before_the_rules_read_it() -> None:
    caption = "Road trip to the coast next weekend with Tom 🏍️ and 🌕 Berlin tonight"
    tom = Candidate("Tom 🏍️", "PERSON", caption, caption.index("Tom"))
    berlin = Candidate("🌕 Berlin", "GPE", caption, caption.index("🌕"))
    assert clean_entity(tom.text, tom.label, caption, tom.start) is None  # the span as spaCy cut it: 'script'
    assert trimmed(berlin) == Candidate("Berlin", "GPE", caption, caption.index("Berlin"))
    assert decide_all([tom, berlin], None) == [("tom", "PERSON"), ("berlin", "GPE")]
    assert trimmed(CHICAGO) is CHICAGO
    assert decide_all([Candidate("🎉🎉", "PERSON", "🎉🎉 party", 0)], None) == [None]


def test_a_first_name_after_an_article_does_not_make_a_person() -> None:
    assert repair_label("Le Marais", "FAC") == "FAC"
    assert repair_label("Lena Schmidt", "FAC") == "PERSON"  # a first name and an uncommon capitalised word
