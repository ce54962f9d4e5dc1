"""The caption head's trainer: --class-weight fixes the weighting in advance and the sidecar records it."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from research.training import train_sentiment
from research.training.train_sentiment import TrainingRows, parse_args, select_config

LABELS = ("negative", "neutral", "positive")


def synthetic_rows(n: int = 240, seed: int = 0) -> TrainingRows:
    """Two sources, three separable classes (neutral the rarest, as in MVSA), 8-d 'embeddings', 4 VADER columns."""
    rng = np.random.default_rng(seed)
    labels = np.array(rng.choice(LABELS, size=n, p=[0.4, 0.15, 0.45]))
    centres = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}
    embeddings = np.stack([np.full(8, centres[label]) for label in labels]) + rng.normal(0, 0.6, (n, 8))
    vader = rng.normal(0, 1, (n, 4))
    sources = np.array(["mvsa", "tweeteval"] * (n // 2))
    return TrainingRows(texts=[f"t{i}" for i in range(n)], labels=labels, sources=sources,
                        parts=np.array(["train", "train", "dev"] * (n // 3)), embeddings=embeddings.astype(np.float32),
                        vader=vader.astype(np.float32))


def test_default_keeps_cross_validation_choosing_the_weighting() -> None:
    assert parse_args(["--dataset", "mvsa:x.csv"]).class_weight == "cv"
    assert parse_args(["--dataset", "mvsa:x.csv", "--class-weight", "balanced"]).class_weight == "balanced"
    with pytest.raises(SystemExit):
        parse_args(["--dataset", "mvsa:x.csv", "--class-weight", "inverse"])


@pytest.mark.parametrize(("option", "expected"), [("balanced", {"balanced"}), ("none", {None}),
                                                  ("cv", {None, "balanced"})])
def test_select_config_tries_only_the_fixed_weighting(option: str, expected: set) -> None:
    rows = synthetic_rows()
    best, table = select_config(rows, folds=3, seed=1, vader_options=(False,), repeats=2,
                                class_weights=train_sentiment.CLASS_WEIGHT_OPTIONS[option])
    assert {entry["class_weight"] for entry in table} == expected
    assert best["class_weight"] in expected
    assert len(table) == len(train_sentiment.C_GRID) * len(expected)
    # per-class recall is reported per source; weighted by the class counts it gives back the accuracy
    for source in ("mvsa", "tweeteval"):
        labels = rows.labels[rows.sources == source]
        recall = best[source]["recall"]
        assert set(recall) == set(LABELS)
        weighted = sum(recall[label] * np.sum(labels == label) for label in LABELS) / len(labels)
        assert weighted == pytest.approx(best[source]["accuracy"], abs=1e-3)
        assert recall["negative"] > 0.9 and recall["positive"] > 0.9, recall  # separable classes


def test_balanced_weighting_raises_the_rare_class_recall() -> None:
    """What the option is for: with a rare class and heavy overlap, balancing trades majority recall for it."""
    rng = np.random.default_rng(3)
    n = 600
    labels = np.array(rng.choice(LABELS, size=n, p=[0.45, 0.1, 0.45]))
    centres = {"negative": -0.5, "neutral": 0.0, "positive": 0.5}
    embeddings = (np.stack([np.full(4, centres[label]) for label in labels]) + rng.normal(0, 1.0, (n, 4)))
    parts = np.array(["train", "train", "dev"] * (n // 3))
    rows = TrainingRows([f"t{i}" for i in range(n)], labels, np.array(["mvsa"] * n), parts,
                        embeddings.astype(np.float32), np.zeros((n, 4), np.float32))
    recall = {}
    for option in ("none", "balanced"):
        best, _ = select_config(rows, folds=3, seed=1, vader_options=(False,), repeats=1,
                                class_weights=train_sentiment.CLASS_WEIGHT_OPTIONS[option])
        recall[option] = best["mvsa"]["recall"]["neutral"]
    assert recall["balanced"] > recall["none"] + 0.1, recall


def test_sidecar_records_the_class_weight_option(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole command on a tiny file, with the embedding step replaced by synthetic features."""
    csv = tmp_path / "tiny.csv"
    rows = synthetic_rows()
    csv.write_text("text,label\n" + "".join(f"t{i},{label}\n" for i, label in enumerate(rows.labels)))
    monkeypatch.setattr(train_sentiment, "collect_rows", lambda datasets, seed, model, view: rows)
    out = tmp_path / "head.npz"
    assert train_sentiment.main(["--dataset", f"tweeteval:{csv}", "--class-weight", "balanced", "--folds", "3",
                                 "--cv-repeats", "1", "--vader-features", "no", "--embedding-model", "synthetic",
                                 "--out", str(out)]) == 0
    meta = json.loads(out.with_suffix(".npz.json").read_text())
    assert meta["class_weight_option"] == "balanced" and meta["selected"]["class_weight"] == "balanced"
    assert {entry["class_weight"] for entry in meta["cross_validation"]} == {"balanced"}
    assert "--class-weight balanced" in meta["command"]
