"""The caption head's trainer: --class-weight fixes the weighting in advance (pooled or per source) and the sidecar
records it."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from research.training import train_sentiment
from research.training.fitting import (
    PER_SOURCE,
    POOLED_PLUS_BINARY,
    fit_standardised_logreg,
    per_source_balanced_weights,
    pooled_plus_binary_weights,
    resolve_class_weight,
)
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


def test_per_source_weights_balance_each_source_within_itself() -> None:
    """Made-up counts: source a 6 neg / 3 neu / 1 pos (n 10, k 3); source b 1 neg / 3 pos, no neutral (n 4, k 2)."""
    labels = np.array(["negative"] * 6 + ["neutral"] * 3 + ["positive"] + ["negative"] + ["positive"] * 3)
    sources = np.array(["a"] * 10 + ["b"] * 4)
    weights = per_source_balanced_weights(labels, sources)
    expected_a = {"negative": 10 / (3 * 6), "neutral": 10 / (3 * 3), "positive": 10 / (3 * 1)}
    expected_b = {"negative": 4 / (2 * 1), "positive": 4 / (2 * 3)}
    assert weights[:10] == pytest.approx([expected_a[label] for label in labels[:10]])
    assert weights[10:] == pytest.approx([expected_b[label] for label in labels[10:]])
    for source, size in (("a", 10), ("b", 4)):  # each source keeps its size, and its classes weigh the same
        assert weights[sources == source].sum() == pytest.approx(size)
        in_source = sources == source
        totals = {label: weights[in_source & (labels == label)].sum() for label in set(labels[in_source])}
        assert len(set(np.round(list(totals.values()), 9))) == 1, totals


def test_a_source_lacking_a_class_leaves_the_other_sources_weights_unchanged() -> None:
    rng = np.random.default_rng(5)
    labels = np.array(rng.choice(LABELS, size=300, p=[0.3, 0.15, 0.55]))
    sources = np.array(rng.choice(["mvsa", "tweeteval"], size=300))
    before = per_source_balanced_weights(labels, sources)
    extra = np.array(rng.choice(["negative", "positive"], size=500, p=[0.4, 0.6]))  # no neutral, as SentiCap
    after = per_source_balanced_weights(np.concatenate([labels, extra]),
                                        np.concatenate([sources, ["senticap"] * 500]))
    assert after[:300] == pytest.approx(before, rel=1e-12)
    assert after[300:].sum() == pytest.approx(500)
    assert after[300:][extra == "negative"].sum() == pytest.approx(after[300:][extra == "positive"].sum())
    # pooled balancing, by contrast, moves every source's neutral weight once the neutral-less rows join
    pooled_neutral = {n: len(ls) / (3 * np.sum(ls == "neutral")) for n, ls in
                      (("before", labels), ("after", np.concatenate([labels, extra])))}
    assert pooled_neutral["after"] > 1.5 * pooled_neutral["before"]


def test_per_source_weighting_needs_the_sources() -> None:
    labels = np.array(["negative", "positive"])
    assert resolve_class_weight("balanced", labels, None) == ("balanced", None)
    with pytest.raises(ValueError, match="source"):
        resolve_class_weight(PER_SOURCE, labels, None)
    with pytest.raises(ValueError, match="one entry per row"):
        per_source_balanced_weights(labels, np.array(["a"]))


def test_per_source_option_is_what_the_fit_uses() -> None:
    """--class-weight per-source: CV tries only it, and the fit equals sklearn's with those per-row weights."""
    rows = synthetic_rows()
    rows.labels[rows.sources == "tweeteval"] = np.where(rows.labels[rows.sources == "tweeteval"] == "neutral",
                                                        "positive", rows.labels[rows.sources == "tweeteval"])
    assert parse_args(["--dataset", "mvsa:x.csv", "--class-weight", "per-source"]).class_weight == PER_SOURCE
    best, table = select_config(rows, folds=3, seed=1, vader_options=(False,), repeats=1,
                                class_weights=train_sentiment.CLASS_WEIGHT_OPTIONS[PER_SOURCE])
    assert {entry["class_weight"] for entry in table} == {PER_SOURCE} and best["class_weight"] == PER_SOURCE
    features = rows.features(False)
    got = train_sentiment.fit_head(features, rows.labels, rows.sources, 0.01, PER_SOURCE)
    want = fit_standardised_logreg(features, rows.labels, 0.01, None,
                                   per_source_balanced_weights(rows.labels, rows.sources))
    pooled = fit_standardised_logreg(features, rows.labels, 0.01, "balanced")
    assert np.allclose(got[0], want[0]) and np.allclose(got[1], want[1])
    assert not np.allclose(got[1], pooled[1], atol=1e-3)  # not the pooled weighting under another name


def test_fusion_refit_of_the_caption_recipe_uses_the_per_source_weights() -> None:
    """The fusion trainer refits the caption head from its sidecar; a per-source head is refitted per source too."""
    from extractors.image_sentiment.head import softmax
    from research.training.caption_recipe import _refit_predict

    rows = synthetic_rows()
    features = rows.features(False)
    keys = [(str(source), f"id{i}", "train") for i, source in enumerate(rows.sources)]
    fit = np.arange(len(keys)) % 4 != 0
    meta = {"selected": {"C": 0.01, "class_weight": PER_SOURCE, "use_vader": False}, "temperature": 1.0}
    got = _refit_predict(meta, features, rows.labels, keys, fit, np.flatnonzero(~fit))
    weights, bias = fit_standardised_logreg(features[fit], rows.labels[fit], 0.01, None,
                                            per_source_balanced_weights(rows.labels[fit], rows.sources[fit]))
    assert np.allclose(got, softmax(features[~fit] @ weights.T + bias), atol=1e-6)


def test_pooled_plus_binary_keeps_pooled_balanced_and_halves_a_balanced_senticap() -> None:
    from sklearn.utils.class_weight import compute_sample_weight

    rng = np.random.default_rng(3)
    pooled_labels = np.array(rng.choice(LABELS, size=90, p=[0.3, 0.2, 0.5]))
    pooled_sources = np.array(["mvsa", "tweeteval", "tweeteval"] * 30)
    senti_labels = np.array(["positive"] * 50 + ["negative"] * 10)
    labels = np.concatenate([pooled_labels, senti_labels])
    sources = np.concatenate([pooled_sources, np.array(["senticap"] * 60)])
    weights = pooled_plus_binary_weights(labels, sources)
    # MVSA + TweetEval: exactly sklearn's pooled "balanced" over those rows, as if SentiCap were absent
    np.testing.assert_allclose(weights[:90], compute_sample_weight("balanced", pooled_labels))
    senti = weights[90:]
    assert senti.sum() == pytest.approx(0.5 * 60)
    assert senti[senti_labels == "positive"].sum() == pytest.approx(senti[senti_labels == "negative"].sum())
    assert resolve_class_weight(POOLED_PLUS_BINARY, labels, sources)[0] is None
    np.testing.assert_allclose(resolve_class_weight(POOLED_PLUS_BINARY, labels, sources)[1], weights)
    with pytest.raises(ValueError):
        resolve_class_weight(POOLED_PLUS_BINARY, labels, None)


def test_pooled_plus_binary_option_is_what_the_fit_uses() -> None:
    rows = synthetic_rows()
    rows.sources[:40] = "senticap"
    rows.labels[:40] = np.where(rows.labels[:40] == "neutral", "positive", rows.labels[:40])
    assert parse_args(["--dataset", "mvsa:x.csv", "--class-weight", "pooled-plus-binary"]).class_weight \
        == POOLED_PLUS_BINARY
    features = rows.embeddings
    got = train_sentiment.fit_head(features, rows.labels, rows.sources, 0.01, POOLED_PLUS_BINARY)
    want = fit_standardised_logreg(features, rows.labels, 0.01, None,
                                   pooled_plus_binary_weights(rows.labels, rows.sources))
    np.testing.assert_allclose(got[0], want[0])
    unweighted = fit_standardised_logreg(features, rows.labels, 0.01, None)
    assert not np.allclose(got[0], unweighted[0])
