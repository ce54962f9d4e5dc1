"""Metrics checked against confusion matrices worked out by hand."""
from __future__ import annotations

import pytest

from research.evaluation.metrics import confusion_markdown, confusion_matrix, markdown_table, recall_text, score

GOLD = ["negative", "negative", "neutral", "positive", "positive", "positive"]
PRED = ["negative", "positive", "neutral", "positive", "neutral", "positive"]


def test_confusion_matrix_by_hand() -> None:
    # gold negative: 1 neg, 1 pos; gold neutral: 1 neu; gold positive: 1 neu, 2 pos
    assert confusion_matrix(GOLD, PRED, ("negative", "neutral", "positive")) == [[1, 0, 1], [0, 1, 0], [0, 1, 2]]


def test_scores_by_hand() -> None:
    s = score(GOLD, PRED)
    assert s.n == 6 and s.accuracy == pytest.approx(4 / 6)
    assert s.recall == pytest.approx({"negative": 0.5, "neutral": 1.0, "positive": 2 / 3})
    assert s.precision == pytest.approx({"negative": 1.0, "neutral": 0.5, "positive": 2 / 3})
    f1 = {"negative": 2 / 3, "neutral": 2 / 3, "positive": 2 / 3}
    assert s.f1 == pytest.approx(f1)
    assert s.macro_f1 == pytest.approx(2 / 3)
    assert s.macro_recall == pytest.approx((0.5 + 1.0 + 2 / 3) / 3)


def test_binary_labels_and_absent_predictions() -> None:
    s = score(["positive", "positive", "negative"], ["positive", "positive", "positive"], ("negative", "positive"))
    assert s.confusion == ((0, 1), (0, 2))
    assert s.recall == {"negative": 0.0, "positive": 1.0}
    assert s.f1["negative"] == 0.0  # no division by zero when a class is never predicted
    assert s.macro_f1 == pytest.approx((0 + 0.8) / 2)


def test_bad_inputs_raise() -> None:
    with pytest.raises(ValueError, match="lengths differ"):
        score(["positive"], [])
    with pytest.raises(ValueError, match="label outside"):
        score(["positive"], ["neutral"], ("negative", "positive"))


def test_empty_input_scores_zero() -> None:
    s = score([], [])
    assert s.n == 0 and s.accuracy == 0.0 and s.macro_f1 == 0.0


def test_markdown_rendering() -> None:
    s = score(GOLD, PRED)
    table = confusion_markdown(s)
    assert table.splitlines()[0] == "| gold \\ predicted | negative | neutral | positive |"
    assert "| negative | 1 | 0 | 1 |" in table
    assert markdown_table(["a", "b"], [[1, 0.12345]]).splitlines()[-1] == "| 1 | 0.123 |"
    assert recall_text(s) == "neg 0.50 / neu 1.00 / pos 0.67"
