"""The stacking experiment's gate A and its feature layout (research/training/stack_branch.py); no models."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from research.evaluation.datasets import Dataset, LabeledText, split_of
from research.training.stack_branch import EMOJI_CAPTIONS, StackedRows, gate_a, training_views
from research.training.train_sentiment import TrainingRows

BASE = {"mvsa_accuracy": 0.639, "mvsa_macro_f1": 0.545, "mvsa_neutral_recall": 0.31, "tweeteval_accuracy": 0.62,
        "tweeteval_macro_f1": 0.60, "tweeteval_neutral_recall": 0.70}


def test_gate_a_needs_a_real_mvsa_gain_and_allows_only_small_losses() -> None:
    passing = {**BASE, "mvsa_accuracy": 0.650, "mvsa_macro_f1": 0.556, "mvsa_neutral_recall": 0.29,
               "tweeteval_macro_f1": 0.591}
    assert all(gate_a(BASE, passing, True, 0.910).values())
    short = gate_a(BASE, {**passing, "mvsa_accuracy": 0.648}, True, 0.95)
    assert [k for k, ok in short.items() if not ok] == ["mvsa_accuracy_+0.01"]
    losses = gate_a(BASE, {**passing, "tweeteval_macro_f1": 0.589, "mvsa_neutral_recall": 0.27}, False, 0.909)
    assert [k for k, ok in losses.items() if not ok] == ["tweeteval_macro_f1_-0.01", "mvsa_neutral_recall_-0.03",
                                                         "emoji_all_12", "senticap_test_>=0.910"]


def test_stacked_rows_append_the_branch_columns_to_either_feature_set() -> None:
    rows = TrainingRows(texts=["a", "b"], labels=np.array(["negative", "positive"]), sources=np.array(["mvsa"] * 2),
                        parts=np.array(["train", "dev"]), embeddings=np.ones((2, 5), np.float32),
                        vader=np.zeros((2, 4), np.float32))
    log_probs = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]], np.float32))
    stacked = StackedRows(**vars(rows), branch_log_probs=log_probs)
    assert stacked.features(False).shape == (2, 8) and stacked.features(True).shape == (2, 12)
    np.testing.assert_allclose(stacked.features(True)[:, -3:], log_probs)
    np.testing.assert_allclose(stacked.features(True)[:, :9], rows.features(True))


def test_branch_views_follow_the_training_rows_order_without_test_rows() -> None:
    rows = tuple(LabeledText(id=f"p{i}", text=f"#GoodDay number {i} 😍", label="positive") for i in range(40))
    views = training_views([Dataset(kind="mvsa", path=Path("x.csv"), rows=rows, sha256="0")], 13)
    kept = [row for row in rows if split_of(row.id, 13) != "test"]
    assert 0 < len(views) == len(kept) < len(rows)
    assert views[0].startswith("good day number") and "smiling face with heart-eyes" in views[0]


def test_emoji_captions_match_the_packaged_head_test() -> None:
    from tests.extractors.test_sentiment_models import EMOJI_CAPTIONS as TESTED

    assert EMOJI_CAPTIONS == TESTED
