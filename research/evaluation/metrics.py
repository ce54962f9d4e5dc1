"""Classification metrics for sentiment evaluations, and their markdown rendering.

Written out (not sklearn) so the numbers in a report are easy to check by hand and the module imports nothing
heavy. Confusion matrices are rows = gold label, columns = predicted label.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from extractors.base import SENTIMENT_LABELS


@dataclass(frozen=True)
class Scores:
    """Accuracy, macro-F1, macro-recall and per-class numbers for one backend on one dataset."""

    labels: tuple[str, ...]
    confusion: tuple[tuple[int, ...], ...]  # rows gold, columns predicted, both in `labels` order
    n: int
    accuracy: float
    macro_f1: float
    macro_recall: float
    recall: dict[str, float]
    precision: dict[str, float]
    f1: dict[str, float]


def confusion_matrix(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Counts[gold][pred] in `labels` order; a label outside `labels` is an error (not silently dropped)."""
    if len(gold) != len(pred):
        raise ValueError(f"gold and predicted lengths differ: {len(gold)} vs {len(pred)}")
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred):
        if g not in index or p not in index:
            raise ValueError(f"label outside {tuple(labels)}: gold={g!r} pred={p!r}")
        matrix[index[g]][index[p]] += 1
    return matrix


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def score(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = SENTIMENT_LABELS) -> Scores:
    """All metrics from one confusion matrix. Macro averages run over every label in `labels`.

    A class absent from gold gets recall 0 and still counts in the macro average, as in sklearn with explicit
    labels; evaluations pass only the labels a dataset has (SentiCap: negative, positive).
    """
    matrix = confusion_matrix(gold, pred, labels)
    n = sum(map(sum, matrix))
    recall, precision, f1 = {}, {}, {}
    for i, label in enumerate(labels):
        tp = matrix[i][i]
        recall[label] = _ratio(tp, sum(matrix[i]))
        precision[label] = _ratio(tp, sum(row[i] for row in matrix))
        f1[label] = _ratio(2 * precision[label] * recall[label], precision[label] + recall[label])
    k = len(labels)
    return Scores(
        labels=tuple(labels),
        confusion=tuple(tuple(row) for row in matrix),
        n=n,
        accuracy=_ratio(sum(matrix[i][i] for i in range(k)), n),
        macro_f1=sum(f1.values()) / k,
        macro_recall=sum(recall.values()) / k,
        recall=recall,
        precision=precision,
        f1=f1,
    )


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub markdown table; floats print with 3 decimals."""
    def cell(value: object) -> str:
        return f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def confusion_markdown(scores: Scores) -> str:
    """The confusion matrix as a markdown table (gold rows, predicted columns)."""
    header = ["gold \\ predicted", *scores.labels]
    rows = [[gold, *counts] for gold, counts in zip(scores.labels, scores.confusion)]
    return markdown_table(header, rows)


def recall_text(scores: Scores) -> str:
    """'neg 0.61 / neu 0.20 / pos 0.85' for a compact summary row."""
    return " / ".join(f"{label[:3]} {scores.recall[label]:.2f}" for label in scores.labels)
