"""Result types of the evaluations, shared by the CLI modules that compute them and the reports that render them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from research.evaluation.compare_stats import PairedTest
from research.evaluation.datasets import Dataset
from research.evaluation.metrics import Scores


@dataclass
class BackendResult:
    """One backend on one dataset: scores, plus strict scores and neutral count for binary data."""

    dataset: str
    backend: str
    model: str
    scores: Scores
    seconds: float
    neutral_predictions: int = 0
    strict_accuracy: float | None = None  # binary data: neutral predictions counted as wrong


@dataclass
class Comparison:
    """One dataset: gold labels, the three prediction lists and their scores, the paired test, the changes."""

    dataset: Dataset
    rows_note: str
    ids: list[str]
    gold: list[str]
    captions: list[str]
    paths: list[Path]
    predicted: dict[str, list[str]]
    scores: dict[str, Scores]
    test: PairedTest
    labels: tuple[str, ...]
    seconds: dict[str, float] = field(default_factory=dict)
    speed: dict[str, float] = field(default_factory=dict)  # image pipeline images/s (--speed-images)
