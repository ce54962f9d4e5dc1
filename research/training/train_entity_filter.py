"""Train the learned entity filter (extractors/entity_filter.py) on the hand-labelled entity samples.

    HF_HUB_OFFLINE=1 python -m research.training.train_entity_filter \
        --labels docs/eval_entities/labels.csv docs/eval_entities/labels_test.csv \
        docs/eval_entities/labels_fresh.csv docs/eval_entities/labels_blind3.csv \
        docs/eval_entities/labels_blind4.csv docs/eval_entities/labels_blind5.csv \
        --out extractors/entity_filter.npz

Features: the cheap ones (extractors/entity_features.py) and, as a second feature set compared by the same CV,
those plus the span's MiniLM embedding (similarity to one phrase per type, and a PCA projection fitted on the
training spans, no labels used). A row is right when it is a real name (`correct` or `wrong_type`) and the rules'
repaired type is its gold type, as `research.evaluation.entity_eval.score` counts it. For each feature set, mode
(`after_rules`: the filter only drops what the rules keep; `with_rules`: the rules' verdict is a feature) and
regularisation C, repeated grouped 5-fold cross-validation (groups = the caption text, so no caption is in both
training and validation) scores the filter with its keep threshold chosen inside each training part (an inner
grouped 5-fold: the most recall at precision >= --target), so the reported CV precision and recall never saw the
rows they score. The setting with the most CV recall among those whose CV precision reaches the target (else the
most precise) is refitted on every row, its threshold chosen on the out-of-fold probabilities of all rows, and
saved with a sidecar (command, data hashes, every CV figure).
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extractors.entity_features import (
    FEATURE_NAMES,
    PROTOTYPES,
    Candidate,
    embedding_feature_names,
    embedding_features,
    features,
    repaired_label,
)
from extractors.entity_filter import MODES, FilterModel
from extractors.entity_names import canonical_entity
from extractors.entity_rules import repair_label

C_GRID = (0.01, 0.03, 0.1, 0.3)
FEATURE_SETS = ("cheap", "embedding")
PCA_COMPONENTS = 16
MIN_KEPT_SHARE = 0.05  # a threshold keeping fewer rows than this is no filter (precision of a handful)


@dataclass(frozen=True)
class Data:
    """The labelled rows as the filter sees them."""

    x: np.ndarray  # (n, features)
    right: np.ndarray  # kept with the rules' type, would it be right
    correct: np.ndarray  # verdict `correct` (recall's denominator)
    keepable: np.ndarray  # has a canonical key (anything else is never kept)
    rules_keep: np.ndarray
    groups: np.ndarray  # caption text id
    source: np.ndarray  # label file name


def read_rows(paths: Sequence[Path]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            rows += [{**row, "_file": path.name} for row in csv.DictReader(handle)]
    return rows


def build(rows: Sequence[dict[str, str]]) -> Data:
    """Features and targets of labelled rows (the span's first occurrence in the text, as the scorer does)."""
    x, right, correct, keepable, groups, source = [], [], [], [], [], []
    texts: dict[str, int] = {}
    for row in rows:
        start = row["text"].find(row["entity"])
        candidate = Candidate(row["entity"], row["label"], row["text"], start if start >= 0 else None)
        x.append(features(candidate))
        ok = canonical_entity(row["entity"], row["label"]) is not None
        label = repair_label(row["entity"], row["label"]) if ok else row["label"]
        right.append(row["verdict"] in ("correct", "wrong_type") and label == row["gold_label"])
        correct.append(row["verdict"] == "correct")
        keepable.append(ok)
        groups.append(texts.setdefault(row["text"], len(texts)))
        source.append(row["_file"])
    matrix = np.array(x, dtype=float)
    return Data(matrix, np.array(right), np.array(correct), np.array(keepable),
                matrix[:, FEATURE_NAMES.index("rules_keep")] > 0.5, np.array(groups), np.array(source))


def folds(groups: np.ndarray, k: int, seed: int) -> list[np.ndarray]:
    """k validation index sets; all rows of a group in one set; groups shuffled with `seed`."""
    unique = sorted(set(groups.tolist()))
    random.Random(seed).shuffle(unique)
    fold_of = {g: i % k for i, g in enumerate(unique)}
    assignment = np.array([fold_of[g] for g in groups.tolist()])
    return [np.flatnonzero(assignment == i) for i in range(k)]


@dataclass(frozen=True)
class Projection:
    """The embedding part of a filter: phrase prototypes, PCA mean and components, the model's name."""

    prototypes: np.ndarray
    pca_mean: np.ndarray
    pca_components: np.ndarray
    embedding_model: str


def fit_projection(vectors: np.ndarray, prototypes: np.ndarray, components: int, name: str) -> Projection:
    """PCA of the training spans' embeddings (numpy SVD; signs fixed so the largest loading is positive)."""
    mean = vectors.mean(axis=0)
    _, _, vt = np.linalg.svd(vectors - mean, full_matrices=False)
    top = vt[:components]
    signs = np.sign(top[np.arange(len(top)), np.abs(top).argmax(axis=1)])
    return Projection(prototypes.astype(np.float32), mean.astype(np.float32), (top * signs[:, None]).astype(np.float32),
                      name)


def embedded(data: Data, rows: Sequence[dict[str, str]], projection: Projection, vectors: np.ndarray) -> Data:
    """The data with the embedding columns appended."""
    repaired = [repaired_label(Candidate(r["entity"], r["label"], r["text"])) for r in rows]
    extra = embedding_features(vectors, repaired, projection.prototypes, projection.pca_mean,
                               projection.pca_components)
    return Data(np.hstack([data.x, extra]), data.right, data.correct, data.keepable, data.rules_keep, data.groups,
                data.source)


def fit(x: np.ndarray, y: np.ndarray, c: float, mode: str, threshold: float = 0.5,
        projection: Projection | None = None) -> FilterModel:
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    model.fit((x - mean) / scale, y.astype(int))
    if projection is None:
        names = FEATURE_NAMES if x.shape[1] == len(FEATURE_NAMES) else tuple(f"x{i}" for i in range(x.shape[1]))
        return FilterModel(names=names, mean=mean, scale=scale, coef=model.coef_[0].astype(float),
                           intercept=float(model.intercept_[0]), threshold=threshold, mode=mode)
    return FilterModel(names=FEATURE_NAMES + embedding_feature_names(len(projection.pca_components)), mean=mean,
                       scale=scale, coef=model.coef_[0].astype(float), intercept=float(model.intercept_[0]),
                       threshold=threshold, mode=mode, prototypes=projection.prototypes,
                       pca_mean=projection.pca_mean, pca_components=projection.pca_components,
                       embedding_model=projection.embedding_model)


def eligible(data: Data, mode: str) -> np.ndarray:
    """Rows the filter may keep in a mode."""
    return data.keepable & (data.rules_keep if mode == "after_rules" else True)


def counts(keep: np.ndarray, data: Data, index: np.ndarray) -> tuple[int, int, int, int]:
    """(kept, right kept, correct kept right, correct) over the rows `index`."""
    k, r, c = keep[index], data.right[index], data.correct[index]
    return int(k.sum()), int((k & r).sum()), int((k & r & c).sum()), int(c.sum())


def choose_threshold(prob: np.ndarray, data: Data, index: np.ndarray, mode: str, target: float) -> float:
    """The threshold with the most recall at precision >= target on rows `index` (else the most precise one)."""
    allowed = eligible(data, mode)[index]
    candidates = sorted(set(np.round(prob[index][allowed], 6).tolist())) or [0.5]
    best: tuple[float, float, float] | None = None  # (recall, precision, -threshold)
    fallback: tuple[float, float, float] | None = None
    minimum = max(1, int(MIN_KEPT_SHARE * len(index)))
    for t in candidates:
        keep = np.zeros(len(prob), dtype=bool)
        keep[index] = allowed & (prob[index] >= t)
        kept, right, correct_right, correct = counts(keep, data, index)
        if kept < minimum:
            continue
        precision, recall = right / kept, correct_right / max(correct, 1)
        if precision >= target and (best is None or (recall, precision) > best[:2]):
            best = (recall, precision, -t)
        if fallback is None or (precision, recall) > (fallback[1], fallback[0]):
            fallback = (recall, precision, -t)
    chosen = best or fallback
    return -chosen[2] if chosen else 0.5


def out_of_fold(data: Data, index: np.ndarray, c: float, mode: str, seed: int, k: int = 5) -> np.ndarray:
    """Out-of-fold probabilities for the rows `index` (a full-length array; other rows 0)."""
    prob = np.zeros(len(data.right))
    for valid in folds(data.groups[index], k, seed):
        train = np.setdiff1d(np.arange(len(index)), valid)
        model = fit(data.x[index[train]], data.right[index[train]], c, mode)
        prob[index[valid]] = model.probability(data.x[index[valid]])
    return prob


def nested_cv(data: Data, c: float, mode: str, target: float, seeds: Sequence[int]) -> dict[str, object]:
    """Repeated grouped 5-fold CV with the threshold chosen inside each training part; pooled figures per run."""
    runs = []
    by_file: dict[str, list[int]] = {}
    everything = np.arange(len(data.right))
    for seed in seeds:
        keep = np.zeros(len(data.right), dtype=bool)
        for valid in folds(data.groups, 5, seed):
            train = np.setdiff1d(everything, valid)
            inner = out_of_fold(data, train, c, mode, seed + 1000)
            threshold = choose_threshold(inner, data, train, mode, target)
            model = fit(data.x[train], data.right[train], c, mode)
            keep[valid] = eligible(data, mode)[valid] & (model.probability(data.x[valid]) >= threshold)
        kept, right, correct_right, correct = counts(keep, data, everything)
        runs.append({"seed": seed, "kept": kept, "right": right, "precision": round(right / max(kept, 1), 4),
                     "recall": round(correct_right / max(correct, 1), 4)})
        for name in sorted(set(data.source.tolist())):
            rows = np.flatnonzero(data.source == name)
            found = counts(keep, data, rows)
            by_file.setdefault(name, [0, 0, 0, 0])
            by_file[name] = [a + b for a, b in zip(by_file[name], found, strict=True)]
    kept = sum(r["kept"] for r in runs)
    right = sum(r["right"] for r in runs)
    return {"mode": mode, "C": c, "precision": round(right / max(kept, 1), 4),
            "recall": round(float(np.mean([r["recall"] for r in runs])), 4),
            "kept_per_run": round(kept / len(runs), 1), "runs": runs,
            "by_file": {name: {"precision": round(v[1] / max(v[0], 1), 4), "recall": round(v[2] / max(v[3], 1), 4),
                               "kept_per_run": round(v[0] / len(runs), 1)} for name, v in by_file.items()}}


def rules_figures(data: Data) -> dict[str, object]:
    """Rules version 9 alone on the same rows (in-sample for samples 1-4: the rules were written on them)."""
    everything = np.arange(len(data.right))
    kept, right, correct_right, correct = counts(data.rules_keep, data, everything)
    by_file = {}
    for name in sorted(set(data.source.tolist())):
        k, r, cr, c = counts(data.rules_keep, data, np.flatnonzero(data.source == name))
        by_file[name] = {"precision": round(r / max(k, 1), 4), "recall": round(cr / max(c, 1), 4), "kept": k}
    return {"precision": round(right / max(kept, 1), 4), "recall": round(correct_right / max(correct, 1), 4),
            "kept": kept, "by_file": by_file}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m research.training.train_entity_filter", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--labels", type=Path, nargs="+", required=True, help="labelled samples (all dev)")
    parser.add_argument("--out", type=Path, default=Path("extractors/entity_filter.npz"))
    parser.add_argument("--target", type=float, default=0.92, help="precision the threshold aims at")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3, help="CV repetitions (seeds seed..seed+repeats-1)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--C", type=float, nargs="+", default=list(C_GRID), dest="c_grid")
    parser.add_argument("--feature-sets", nargs="+", choices=FEATURE_SETS, default=list(FEATURE_SETS))
    args = parser.parse_args(argv)
    if any("blind6" in path.name for path in args.labels):
        raise SystemExit("labels_blind6.csv is the blind test sample of the filter: never train on it")
    rows = read_rows(args.labels)
    cheap = build(rows)
    sets = {"cheap": (cheap, None)}
    model_name = ""
    if "embedding" in args.feature_sets:
        from core.settings import get_settings
        from extractors.embeddings import embed_texts

        model_name = get_settings().embedding_model
        vectors = embed_texts([r["entity"] for r in rows], name=model_name)
        projection = fit_projection(vectors, embed_texts(list(PROTOTYPES.values()), name=model_name),
                                    PCA_COMPONENTS, model_name)
        sets["embedding"] = (embedded(cheap, rows, projection, vectors), projection)
    seeds = [args.seed + i for i in range(args.repeats)]
    print(f"{len(cheap.right)} rows, {int(cheap.right.sum())} right, {int(cheap.correct.sum())} correct; "
          f"rules keep {int(cheap.rules_keep.sum())}", flush=True)
    results = []
    for feature_set in args.feature_sets:
        for mode in args.modes:
            for c in args.c_grid:
                result = {"features": feature_set, **nested_cv(sets[feature_set][0], c, mode, args.target, seeds)}
                results.append(result)
                print(f"{feature_set:9s} {mode:12s} C={c:<5} CV precision {result['precision']:.3f} recall "
                      f"{result['recall']:.3f} kept/run {result['kept_per_run']}", flush=True)
    reaching = [r for r in results if r["precision"] >= args.target]
    best = max(reaching, key=lambda r: (r["recall"], r["precision"])) if reaching else max(
        results, key=lambda r: (r["precision"], r["recall"]))
    mode, c, feature_set = str(best["mode"]), float(best["C"]), str(best["features"])
    data, projection = sets[feature_set]
    everything = np.arange(len(data.right))
    oof = np.mean([out_of_fold(data, everything, c, mode, seed) for seed in seeds], axis=0)
    threshold = choose_threshold(oof, data, everything, mode, args.target)
    model = fit(data.x, data.right, c, mode, threshold, projection)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    sidecar = {
        "command": "python -m research.training.train_entity_filter " + " ".join(sys.argv[1:] if argv is None
                                                                                  else argv),
        "data": {str(path): sha256(path) for path in args.labels},
        "rows": len(data.right), "features": list(model.names), "seed": args.seed, "repeats": args.repeats,
        "embedding_model": model_name if projection else None, "pca_components": PCA_COMPONENTS,
        "target_precision": args.target,
        "chosen": {"features": feature_set, "mode": mode, "C": c, "threshold": round(threshold, 6)},
        "cv_chosen": {k: best[k] for k in ("precision", "recall", "kept_per_run", "by_file")},
        "rules_v9_same_rows": rules_figures(data),
        "cross_validation": [{k: r[k] for k in ("features", "mode", "C", "precision", "recall", "kept_per_run", "runs")}
                             for r in results],
        "weights": dict(sorted(((n, round(float(w), 4)) for n, w in zip(model.names, model.coef, strict=True)),
                               key=lambda item: -abs(item[1]))),
        "artefact_sha256": sha256(args.out),
    }
    Path(f"{args.out}.json").write_text(json.dumps(sidecar, indent=1) + "\n", encoding="utf-8")
    print(f"chosen {feature_set} {mode} C={c} threshold {threshold:.4f}: CV precision {best['precision']:.3f} recall "
          f"{best['recall']:.3f}; saved {args.out} (+ .json)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
