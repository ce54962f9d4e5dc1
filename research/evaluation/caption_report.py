"""Markdown rendering of a caption-sentiment evaluation: summary, anchors, confusion matrices, provenance."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from extractors.embeddings import describe_compute
from research.evaluation.datasets import DEV_FRACTION, TEST_FRACTION
from research.evaluation.metrics import confusion_markdown, markdown_table, recall_text
from research.evaluation.results import BackendResult

# Published reference points, printed beside our numbers (they are not on identical rows: see the notes).
ANCHORS = {
    "mvsa": "fine-tuned BERT text-only: acc 0.711 / macro-F1 0.574 (4,000-post MVSA pool, 80/20 split)",
    "tweeteval": "RoBERTa-base: macro-recall 0.713 (TweetEval sentiment test set)",
    "senticap": "VADER: acc 0.927 (compound >= 0 -> positive, SentiCap test)",
}


# (metric attribute, value) the anchors report, to say where each backend stands against them
ANCHOR_VALUES = {
    "mvsa": (("accuracy", 0.711), ("macro_f1", 0.574)),
    "tweeteval": (("macro_recall", 0.713),),
    "senticap": (("accuracy", 0.927),),
}


def anchor_lines(results: list[BackendResult]) -> list[str]:
    """One line per (dataset, backend): our figure minus the anchor's, for each metric the anchor reports."""
    lines = []
    for r in results:
        kind = r.dataset.split(":")[0]
        parts = [f"{metric} {getattr(r.scores, metric):.3f} vs {value:.3f} ({getattr(r.scores, metric) - value:+.3f})"
                 for metric, value in ANCHOR_VALUES.get(kind, ())]
        if parts:
            margin = 1.96 * (r.scores.accuracy * (1 - r.scores.accuracy) / max(r.scores.n, 1)) ** 0.5
            lines.append(f"- {r.dataset} {r.backend}: " + ", ".join(parts) + f"; accuracy 95% CI +-{margin:.3f}")
    return lines


def best_lines(results: list[BackendResult]) -> list[str]:
    """Which backend has the best macro-F1 on each dataset (what `auto` should follow)."""
    best: dict[str, BackendResult] = {}
    for r in results:
        if r.dataset not in best or r.scores.macro_f1 > best[r.dataset].scores.macro_f1:
            best[r.dataset] = r
    return [f"- best macro-F1 on {name}: {r.backend} ({r.scores.macro_f1:.3f})" for name, r in best.items()]


def summary_rows(results: list[BackendResult]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the one-line-per-(dataset, backend) table printed and put in the report."""
    header = ["dataset", "backend", "n", "accuracy", "macro-F1", "macro-recall", "recall per class", "captions/s"]
    rows = []
    for r in results:
        speed = f"{r.scores.n / r.seconds:,.0f}" if r.seconds > 0 else "-"
        rows.append([r.dataset, r.backend, r.scores.n, r.scores.accuracy, r.scores.macro_f1, r.scores.macro_recall,
                     recall_text(r.scores), speed])
    return header, rows


def _binary_lines(results: list[BackendResult]) -> list[str]:
    rows = [[r.dataset, r.backend, r.scores.accuracy, r.strict_accuracy, r.neutral_predictions, r.scores.n]
            for r in results if r.strict_accuracy is not None]
    if not rows:
        return []
    return [
        "## Binary data (SentiCap): how neutral predictions count", "",
        ("SentiCap has only positive and negative captions. The main table scores every caption decisively: a "
         "caption the backend called neutral counts as positive when its signed score is >= 0, else negative "
         "(the rule behind the VADER anchor, compound >= 0 -> positive). The strict column counts every neutral "
         "prediction as wrong."), "",
        markdown_table(["dataset", "backend", "accuracy (decisive)", "accuracy (strict)", "neutral predictions",
                        "n"], rows), "",
    ]


def _provenance(head_meta: dict[str, Any]) -> list[str]:
    if not head_meta:
        return []
    selected = head_meta.get("selected", {})
    lines = ["## The head that was evaluated", "", f"- trained by: `{head_meta.get('command', '?')}`"]
    for d in head_meta.get("datasets", []):
        lines.append(f"- `{d['spec']}`: {d['rows']} rows, sha256 `{d['sha256'][:16]}...`; trained on "
                     f"{d['train_rows']} train + {d['dev_rows']} dev rows, "
                     f"{d['test_rows_held_out']} test rows held out")
    runs = selected.get("mean_macro_f1_runs") or []
    how = f"{len(runs)}x repeated 5-fold CV" if len(runs) > 1 else "5-fold CV"
    spread = f" (runs {min(runs):.4f}-{max(runs):.4f})" if len(runs) > 1 else ""
    lines.append(f"- selected by {how} on train+dev: C={selected.get('C')}, class_weight="
                 f"{selected.get('class_weight')}, VADER features={selected.get('use_vader')}; CV mean macro-F1 "
                 f"{selected.get('mean_macro_f1')}{spread}; temperature {head_meta.get('temperature')}")
    lines.append(f"- VADER neutral band tuned on dev rows: {head_meta.get('vader_band_tuned_on_dev')}")
    if head_meta.get("embedding_view") == "for_embedding":
        lines.append("- the embedding reads the caption with emoji as words (`TextViews.for_embedding`, e.g. "
                     "'😾' -> 'pouting cat'; MiniLM's vocabulary has no emoji); VADER reads the sentiment view and "
                     "maps emoji to its lexicon itself. The rows counted above show how many scored rows this "
                     "touches: where that is 0 the numbers cannot show the emoji change (see the probe captions "
                     "in tests/extractors/test_sentiment_models.py)")
    lines += _vader_feature_effect(head_meta.get("cross_validation", []))
    return lines + [""]


def _vader_feature_effect(table: list[dict[str, Any]]) -> list[str]:
    """Does appending VADER's 4 scores to the embedding help? Best CV row with and without them."""
    best: dict[bool, dict[str, Any]] = {}
    for row in table:
        if row["use_vader"] not in best or row["mean_macro_f1"] > best[row["use_vader"]]["mean_macro_f1"]:
            best[row["use_vader"]] = row
    if len(best) < 2:
        return []

    def text(row: dict[str, Any]) -> str:
        parts = [f"{k} acc {v['accuracy']:.3f} / macro-F1 {v['macro_f1']:.3f}" for k, v in row.items()
                 if isinstance(v, dict)]
        return ", ".join(parts) + f" (C={row['C']}, class_weight={row['class_weight']})"
    return [(f"- VADER scores as extra features (CV on train+dev, best C each): without {text(best[False])}; "
             f"with {text(best[True])}")]


def _branch_provenance(branch_meta: dict[str, Any]) -> list[str]:
    """What the fine-tuned branch is, how it was trained and selected (from its sidecar)."""
    if not branch_meta:
        return []
    rows = branch_meta.get("rows", {})
    lines = ["## The fine-tuned branch that was evaluated", "",
             (f"- trained by: `{branch_meta.get('command', '?')}` (weights sha256 "
             f"`{str(branch_meta.get('weights_sha256', '?'))[:12]}`)")]
    init = branch_meta.get("initialised_from")
    if init:
        lines.append(f"- started from the SemEval-only branch trained by `{init.get('command', '?')}`")
    for d in branch_meta.get("datasets", []):
        lines.append(f"- data `{d['kind']}:{d['file']}`: {d['rows']} rows, sha256 `{d['sha256'][:12]}`")
    lines.append(f"- rows: {rows}; split: {branch_meta.get('split', '?')}")
    lines.append(f"- {branch_meta.get('base_layers')} frozen MiniLM layers + {branch_meta.get('hyper_parameters', {})}"
                 f"; checkpoint chosen by {branch_meta.get('selection', '?')} (step "
                 f"{branch_meta.get('selected_step')} of {len(branch_meta.get('checkpoints', []))} checkpoints)")
    return lines + [""]


def render_report(results: list[BackendResult], notes: dict[str, str], timing: dict[str, float | None],
                  head_meta: dict[str, Any], seed: int, branch_meta: dict[str, Any] | None = None) -> str:
    """The whole markdown report."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Caption sentiment: evaluation", "",
        f"Generated {when} by `python -m research.evaluate caption` (offline, {describe_compute()}).", "",
        "## Rows scored (the split)", "",
        (f"Every row id is hashed with seed {seed} (`research.evaluation.datasets.split_of` / `mvsa_split`): "
         f"{TEST_FRACTION:.0%} test, {DEV_FRACTION:.0%} dev, the rest train. The head trains on train+dev of MVSA "
         "and TweetEval val; VADER's neutral band is tuned on their dev rows. The fine-tuned branch trains on "
         "SemEval (TweetEval val removed) and MVSA train and picks its checkpoint on MVSA dev, so TweetEval val is "
         "held out from it whole. Rows any evaluated backend trained or tuned on are never scored."), "",
    ]
    lines += [f"- `{name}`: {note}" for name, note in notes.items()] + [""]
    lines += ["## Results", "", markdown_table(*summary_rows(results)), "", "Anchors (published, other rows):", ""]
    lines += [f"- {kind}: {text}" for kind, text in ANCHORS.items()] + [""]
    lines += ["Against the anchors (negative = below the anchor):", "", *anchor_lines(results), ""]
    lines += [*best_lines(results), ("- the MVSA anchor was measured on a larger MVSA pool (4,000 posts) with its own "
               "split, and MVSA labels describe image+text posts, so a caption-only model is compared on related, "
               "not identical, rows."), ""]
    lines += _binary_lines(results)
    lines += ["## Confusion matrices (rows gold, columns predicted)", ""]
    for r in results:
        lines += [f"### {r.dataset} - {r.backend} (`{r.model}`)", "", confusion_markdown(r.scores), ""]
    lines += _provenance(head_meta)
    lines += _branch_provenance(branch_meta or {})
    shared = {k: v for k, v in timing.items() if v}
    if shared:
        lines += ["## Time", "", "captions/s above is the sentiment extractor alone; the shared MiniLM embedding "
                  "(computed once, reused by the head and, as lower-layer states, by the fine-tuned branch) took: " +
                  "; ".join(f"{k} {v:.1f} s" for k, v in shared.items()) + ". See bench/caption_sentiment.py.", ""]
    return "\n".join(lines)
