"""Markdown for the caption vs image vs caption+image comparison: results beside the anchors, paired test,
charts, the posts where the image changed the verdict, speed and the provenance of every head."""
from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from extractors.embeddings import describe_compute
from research.evaluation.compare_charts import TITLES, confusion_chart, f1_chart, thumbnail
from research.evaluation.metrics import markdown_table, recall_text
from research.evaluation.results import Comparison

# Published on the same MVSA pool (4,000 labelled posts, 80/20 split): not our rows, printed for orientation.
MVSA_ANCHORS = {"BERT text-only": (0.711, 0.574), "BERT+DenseNet attention fusion": (0.719, 0.584),
                "DenseNet image-only": (0.633, 0.481)}
ANCHOR_OF = {"caption": "BERT text-only", "image": "DenseNet image-only", "combined": "BERT+DenseNet attention fusion"}


def summary_table(comparisons: list[Comparison]) -> str:
    header = ["dataset", "verdict", "n", "accuracy", "macro-F1", "macro-recall", "recall per class",
              "anchor (acc / F1)"]
    rows = []
    for c in comparisons:
        for source, title in TITLES.items():
            s = c.scores[source]
            anchor = MVSA_ANCHORS[ANCHOR_OF[source]] if c.dataset.kind == "mvsa" else None
            rows.append([c.dataset.name, title, s.n, s.accuracy, s.macro_f1, s.macro_recall, recall_text(s),
                         f"{ANCHOR_OF[source]} {anchor[0]:.3f} / {anchor[1]:.3f}" if anchor else "-"])
    return markdown_table(header, rows)


def _paired_lines(c: Comparison) -> list[str]:
    t = c.test
    return [
        (f"Caption-only vs caption+image on the same {len(c.gold)} rows: the image fixed {t.b_only_right} verdicts "
         f"and broke {t.a_only_right} (exact McNemar p = {t.mcnemar_p:.3g})."),
        (f"Accuracy change {t.accuracy_diff:+.3f} "
         f"(bootstrap 95% CI {t.accuracy_ci[0]:+.3f} to {t.accuracy_ci[1]:+.3f}); "
         f"macro-F1 change {t.macro_f1_diff:+.3f} (95% CI {t.macro_f1_ci[0]:+.3f} to {t.macro_f1_ci[1]:+.3f}); "
         f"{t.resamples} resamples of the rows."), "",
    ]


def changed_rows(c: Comparison) -> dict[str, list[int]]:
    """Indices where the fused verdict differs from the caption's, by what happened."""
    out: dict[str, list[int]] = {"wrong -> right": [], "right -> wrong": [], "wrong -> other wrong": []}
    for i, (gold, cap, fused) in enumerate(zip(c.gold, c.predicted["caption"], c.predicted["combined"])):
        if cap == fused:
            continue
        key = "wrong -> right" if fused == gold else "right -> wrong" if cap == gold else "wrong -> other wrong"
        out[key].append(i)
    return out


def _changed_lines(c: Comparison, folder: Path, budget: int, thumbnails: bool) -> list[str]:
    changed = changed_rows(c)
    lines = ["Counts: " + "; ".join(f"{k}: {len(v)}" for k, v in changed.items()) + ".", ""]
    picks = changed["wrong -> right"][: budget // 2] + changed["right -> wrong"][: budget - budget // 2]
    if not picks or budget <= 0:
        return lines
    rows = []
    for i in picks:
        name = thumbnail(c.paths[i], c.ids[i], folder) if thumbnails else None
        cell = f"![post]({folder.name}/{name})" if name else ("(unreadable)" if thumbnails else f"`{c.ids[i]}`")
        text = c.captions[i].replace("|", "/").replace("\n", " ")
        text = text if len(text) <= 90 else text[:87] + "..."
        what = "wrong -> right" if i in changed["wrong -> right"] else "right -> wrong"
        rows.append([cell, what, c.gold[i], c.predicted["caption"][i], c.predicted["image"][i],
                     c.predicted["combined"][i], text])
    header = ["image" if thumbnails else "post id", "change", "gold", "caption", "image", "caption + image",
              "caption text (cut)"]
    what = ("96-px thumbnails derived from the post images, named by a hash of the post id" if thumbnails
            else "post ids; `--thumbnails` adds the images for local reading")
    return lines + [f"Examples ({what}):", "", markdown_table(header, rows), ""]


def _summary_lines(comparisons: list[Comparison]) -> list[str]:
    """One paragraph per dataset: what adding the image did, in numbers (written from the results, not by hand)."""
    lines = ["## Summary", ""]
    for c in comparisons:
        cap, fused, t = c.scores["caption"], c.scores["combined"], c.test
        recall = "; ".join(f"{label} recall {cap.recall[label]:.2f} -> {fused.recall[label]:.2f}" for label in c.labels)
        significant = "significant" if t.mcnemar_p < 0.05 else "not significant"
        lines.append(
            f"- **{c.dataset.name}** (n={len(c.gold)}): adding the image moves accuracy {cap.accuracy:.3f} -> "
            f"{fused.accuracy:.3f} ({t.accuracy_diff:+.3f}, 95% CI {t.accuracy_ci[0]:+.3f}..{t.accuracy_ci[1]:+.3f}) "
            f"and macro-F1 {cap.macro_f1:.3f} -> {fused.macro_f1:.3f} ({t.macro_f1_diff:+.3f}, 95% CI "
            f"{t.macro_f1_ci[0]:+.3f}..{t.macro_f1_ci[1]:+.3f}); McNemar p = {t.mcnemar_p:.3g} ({significant}); "
            f"{recall}.")
    return lines + [""]


def _anchor_lines(c: Comparison) -> list[str]:
    if c.dataset.kind != "mvsa":
        return []
    fused, (acc, f1) = c.scores["combined"], MVSA_ANCHORS["BERT+DenseNet attention fusion"]
    caption, (cacc, cf1) = c.scores["caption"], MVSA_ANCHORS["BERT text-only"]
    return [(f"Against the anchors: caption + image is {fused.accuracy - acc:+.3f} accuracy / "
             f"{fused.macro_f1 - f1:+.3f} macro-F1 from the BERT+DenseNet fusion anchor; our caption-only head is "
             f"{caption.accuracy - cacc:+.3f} / {caption.macro_f1 - cf1:+.3f} from BERT text-only "
             "(different rows and pool size: orientation only)."), ""]


def _sidecar(path: Path) -> dict[str, Any]:
    from extractors.image_sentiment.head import sidecar_path

    side = sidecar_path(Path(path))
    return json.loads(side.read_text(encoding="utf-8")) if side.is_file() else {}


def _training_lines(args: argparse.Namespace) -> list[str]:
    """Do the cheap cues help (dev split)? Which fusion was chosen, on which rows?"""
    from extractors.fusion import DEFAULT_FUSION_PATH
    from extractors.image_sentiment.head import DEFAULT_IMAGE_HEAD_PATH

    image = _sidecar(args.image_head or DEFAULT_IMAGE_HEAD_PATH)
    fusion = _sidecar(args.fusion_head or DEFAULT_FUSION_PATH)
    lines = ["## How the heads were chosen (train and dev rows only)", ""]
    variants = image.get("cue_variants", [])
    if variants:
        rows = [[v["variant"], v["train_cv"]["accuracy"], v["train_cv"]["macro_f1"], v["dev"]["accuracy"],
                 v["dev"]["macro_f1"]] for v in variants]
        lines += [("Image head, with and without the cheap cues (5-fold CV on train; then fitted on train, scored on "
                   f"{image.get('dev_rows_scored', '?')} dev rows). Chosen: **{image['selected']['variant']}** "
                   f"({image.get('selection', '')})."), "",
                  markdown_table(["features", "train CV acc", "train CV macro-F1", "dev acc", "dev macro-F1"],
                                 rows), ""]
    if fusion.get("selected"):
        chosen = fusion["selected"]
        what = f"logistic regression C={chosen.get('C')}, class_weight={chosen.get('class_weight')}"
        if chosen["kind"].startswith("convex"):
            what = f"convex mix, caption weight {fusion.get('alpha')}, image weight {1 - fusion.get('alpha', 0):.2f}"
        elif chosen["kind"].startswith("gated"):
            alpha = fusion.get("alpha", 0)
            what = (f"confidence-gated mix, caption weight {alpha}, image weight {1 - alpha:.2f} x (1 - caption "
                    f"confidence)^{fusion.get('exponent')}")
        if chosen["kind"].startswith(("convex", "gated")) and any(fusion.get("class_offsets") or ()):
            what += f", log offsets neg/neu/pos {fusion['class_offsets']}"
        rows_used = fusion.get("fusion_rows", {})
        key = fusion.get("selection_key", "criterion")
        lines += [(f"Fusion head: **{what}**, chosen by {key} in {fusion.get('cv', 'CV')} on "
                   f"{rows_used.get('rows', '?')} {'+'.join(rows_used.get('parts', ['dev']))} rows with out-of-sample "
                   f"caption and image probabilities (CV accuracy {chosen['accuracy']}, "
                   f"macro-F1 {chosen['macro_f1']})."),
                  ""]
        best_of_kind: dict[str, dict] = {}
        for row in fusion.get("cross_validation", []):
            kind = row["kind"]
            if kind not in best_of_kind or row.get(key, 0) > best_of_kind[kind].get(key, 0):
                best_of_kind[kind] = row
        if best_of_kind:
            lines += ["Fusion candidates (best of each kind, same folds):", "",
                      markdown_table(["kind", "CV accuracy", "CV macro-F1"],
                                     [[k, r["accuracy"], r["macro_f1"]] for k, r in best_of_kind.items()]), ""]
    return lines


def _provenance(args: argparse.Namespace) -> list[str]:
    from extractors.fusion import DEFAULT_FUSION_PATH
    from extractors.image_sentiment.head import DEFAULT_IMAGE_HEAD_PATH, sidecar_path
    from extractors.sentiment.head import DEFAULT_HEAD_PATH

    lines = ["## Heads evaluated", ""]
    caption: tuple[str, Path] = ("caption head", args.caption_head or DEFAULT_HEAD_PATH)
    if getattr(args, "caption_backend", "head") == "finetuned":
        from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH

        caption = ("caption branch (fine-tuned MiniLM top layers)", args.caption_branch or DEFAULT_BRANCH_PATH)
    for what, path in (caption,
                       ("image head", args.image_head or DEFAULT_IMAGE_HEAD_PATH),
                       ("fusion head", args.fusion_head or DEFAULT_FUSION_PATH)):
        meta: dict[str, Any] = {}
        if sidecar_path(Path(path)).is_file():
            meta = json.loads(sidecar_path(Path(path)).read_text(encoding="utf-8"))
        selected = {k: v for k, v in meta.get("selected", {}).items() if not isinstance(v, (dict, list))}
        lines.append(f"- {what} `{Path(path).name}` (sha256 `{str(meta.get('weights_sha256', '?'))[:12]}`): "
                     f"`{meta.get('command', '?')}`; selected {selected}")
    return lines + [""]


def _speed_lines(comparisons: list[Comparison]) -> list[str]:
    lines = ["## Time", "", "Verdicts only (the embeddings come from the cache):", ""]
    for c in comparisons:
        n = len(c.gold)
        rates = "; ".join(f"{k} {n / v:,.0f} posts/s" for k, v in c.seconds.items() if v)
        lines.append(f"- {c.dataset.name}: {rates}")
        if c.speed:
            lines.append(f"- image pipeline on {c.speed['images']:.0f} {c.dataset.kind} images, from the files, "
                         f"torch threads 1 on a shared 2-core machine: tagger {c.speed['tagger_per_s']:.1f} img/s; "
                         f"image sentiment alone {c.speed['sentiment_per_s']:,.0f} img/s; tagger + image sentiment "
                         f"{c.speed['pipeline_per_s']:.1f} img/s (target >= 15)")
    return lines + [""]


def render_compare_report(comparisons: list[Comparison], args: argparse.Namespace) -> str:
    """The whole markdown report; charts and thumbnails go to <out stem>/ beside it."""
    from research.evaluation.compare_text import OPENING, OPENING_FINETUNED, dataset_notes

    folder = args.out.parent / args.out.stem
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("post-*.jpg"):
        old.unlink()
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["# Does the image add to the caption? Caption vs image vs caption+image sentiment", "",
             f"Generated {when} by `python -m research.evaluate compare` (offline, {describe_compute()}).", "",
             *(OPENING_FINETUNED if getattr(args, "caption_backend", "head") == "finetuned" else OPENING),
             *_summary_lines(comparisons), "## Rows scored", ""]
    lines += [f"- `{c.dataset.name}` (sha256 `{c.dataset.sha256[:12]}`): {c.rows_note}" for c in comparisons]
    lines += ["", "## Results", "", summary_table(comparisons), "",
              "Anchors (published, MVSA pool of 4,000 posts, 80/20 split; not our rows): " +
              "; ".join(f"{k} {a:.3f} / {f:.3f}" for k, (a, f) in MVSA_ANCHORS.items()) + ".", ""]
    budget = args.examples
    for c in comparisons:
        stem = c.dataset.kind
        confusion = confusion_chart(c, folder / f"{stem}_confusion.png")
        bars = f1_chart(c, folder / f"{stem}_f1.png", MVSA_ANCHORS if c.dataset.kind == "mvsa" else None)
        lines += [f"## {c.dataset.name}", "", *dataset_notes(c), *_paired_lines(c), *_anchor_lines(c),
                  f"![confusion matrices]({folder.name}/{confusion.name})", "",
                  f"![per-class F1]({folder.name}/{bars.name})", "",
                  "### Where the image changed the verdict", "", *_changed_lines(c, folder, budget, args.thumbnails)]
        budget = 0  # examples for the first (main) dataset only
    return "\n".join(lines + _training_lines(args) + _speed_lines(comparisons) + _provenance(args))
