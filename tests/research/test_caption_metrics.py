"""Caption metrics through pycocoevalcap: hand-computed BLEU values, CIDEr-D sanity, tokenisers, bad input."""
from __future__ import annotations

import math
import shutil

import pytest

from research.evaluation.caption_metrics import caption_scores, tokenize_all

pytest.importorskip("pycocoevalcap")


def test_bleu_matches_the_hand_computed_value() -> None:
    # all n-grams of "a dog runs" are in the reference; brevity penalty exp(1 - 4/3) for 3 words against 4
    scores = caption_scores({"1": ["A dog runs fast."]}, {"1": "a dog runs"})
    penalty = math.exp(1 - 4 / 3)
    assert scores["BLEU-1"] == pytest.approx(penalty, abs=1e-4)
    assert scores["BLEU-2"] == pytest.approx(penalty, abs=1e-4)


def test_bleu_counts_clipped_unigrams_against_the_closest_reference() -> None:
    # "the the the the" against "the cat is here": clipped unigram precision 1/4, same length -> BLEU-1 0.25
    scores = caption_scores({"1": ["the cat is here", "a cat sits over there today"]}, {"1": "the the the the"})
    assert scores["BLEU-1"] == pytest.approx(0.25, abs=1e-4)


def test_cider_rewards_the_matching_caption() -> None:
    refs = {"1": ["a dog runs on the grass", "a brown dog running on grass"],
            "2": ["a man rides a bike", "a cyclist on a road"],
            "3": ["two children play in the snow", "kids playing in snow"]}
    good = caption_scores(refs, {"1": "a dog runs on grass", "2": "a man rides a bike", "3": "children play in snow"})
    swapped = caption_scores(refs, {"1": "a man rides a bike", "2": "children play in snow", "3": "a dog runs"})
    assert good["CIDEr-D"] > 1.0 > swapped["CIDEr-D"]
    assert good["BLEU-4"] > swapped["BLEU-4"]


def test_empty_outputs_count_as_misses_and_unknown_ids_are_an_error() -> None:
    refs = {"1": ["a dog runs"], "2": ["a cat sleeps"]}
    half = caption_scores(refs, {"1": "a dog runs", "2": ""})
    assert half["BLEU-1"] < 1.0
    with pytest.raises(ValueError, match="no references"):
        caption_scores(refs, {"9": "a dog"})
    with pytest.raises(ValueError, match="unknown tokeniser"):
        tokenize_all({"1": ["x"]}, "nope")


@pytest.mark.skipif(shutil.which("java") is None, reason="the PTB tokenizer and METEOR need Java")
def test_ptb_tokenizer_and_meteor_run_offline() -> None:
    assert tokenize_all({"1": ["A dog, running!"]}, "ptb") == {"1": ["a dog running"]}
    scores = caption_scores({"1": ["a dog runs on the grass"]}, {"1": "a dog runs on the grass"}, "ptb", meteor=True)
    assert scores["METEOR"] == pytest.approx(1.0, abs=0.01)
