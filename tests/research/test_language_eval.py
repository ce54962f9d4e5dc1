"""Language evaluation: fixed samples, cut texts and what the pipeline switches off for a stored language."""
from __future__ import annotations

from extractors.language import LanguageGuess
from research.evaluation.language_eval import Text, by_hash, prefixes, switched_off


def test_the_hash_sample_does_not_depend_on_file_order() -> None:
    rows = [(str(i), f"text {i}") for i in range(100)]
    assert by_hash(rows, 10, "language") == by_hash(list(reversed(rows)), 10, "language")
    assert len(by_hash(rows, 10, "language")) == 10


def test_prefixes_cut_only_longer_texts() -> None:
    texts = [Text("a", "one two three", "en"), Text("b", "one two", "en")]
    assert prefixes(texts, 2) == [Text("a", "one two", "en")]


def test_switched_off_follows_the_pipeline_thresholds() -> None:
    assert switched_off(LanguageGuess("en", 0.9, "en", 0.9)) == (False, False)
    assert switched_off(LanguageGuess("und", 0.2, "de", 0.2)) == (False, False)
    assert switched_off(LanguageGuess("de", 0.4, "de", 0.4)) == (True, False)  # sentiment off, NER still runs
    assert switched_off(LanguageGuess("de", 0.9, "de", 0.9)) == (True, True)
