"""Gate A of "Image sentiment on the captioner's backbone" (docs/eval_compare.md): train and dev rows only.

    python -m research.training.image_backbone_heads --dataset mvsa:PATH [--out-dir DIR] [--report JSON]

Fits, with the unchanged code of research.training.train_image_sentiment, the current image head (mobilenet_v2
embedding) and two candidates, (a) the EfficientNet-lite0 pooled features the captioner's pass computes and (b)
(a) concatenated with the mobilenet_v2 embedding, then refits the fusion head on each. Prints and writes the
gate-A table and verdict. Test rows are never read here. The features come from one pass over the images that
mirrors `ImageNetTagger._forward` with the captioner on and its backbone not the tagger's: mobilenet_v2 `run` for
tags and the embedding, EfficientNet-lite0 `run_grid` on the same decoded pixels for the captioner's grid, whose
mean is the pooled vector kept here (the decoder itself is not run: it does not change the features).
"""
from __future__ import annotations

import argparse
import json
import logging
import shlex
import sys
from pathlib import Path
from typing import Any

import numpy as np

from research.evaluation.dataset_images import DEFAULT_CACHE_DIR, ImageRows, image_paths
from research.evaluation.datasets import SPLIT_SEED, Dataset, load_dataset, split_of
from research.training.train_image_sentiment import train_fusion_head, train_image_head

log = logging.getLogger(__name__)

CAPTIONER_BACKBONE = "efficientnet_lite0"
MIN_GAIN = 0.01  # gate A: CV and dev accuracy and macro-F1 each at least this much above the current head
PACKAGED_IMAGE_HEAD_SHA = "ad07e43f3c61"


def captioner_pass_features(paths: list[Path]) -> tuple[ImageRows, np.ndarray]:
    """(mobilenet_v2 rows as the tagger makes them, (n, 1280) EfficientNet-lite0 pooled grid per image)."""
    import torch

    from extractors.image_sentiment.cues import COLOUR_CUES, TAG_KINDS, colour_cues, tag_kind_cues
    from extractors.vision.backbones import load_backbone
    from extractors.vision.imagenet_tagger import ImageNetTagger
    from extractors.vision.tagging import tags_from_probs

    tagger = ImageNetTagger(image_model="mobilenet_v2", offline_captioner="off", torch_threads=1)
    mobilenet, other = tagger.backbone, load_backbone(CAPTIONER_BACKBONE, 1)
    n = len(paths)
    rows = ImageRows([], np.zeros((n, 1280), np.float32), np.zeros((n, len(COLOUR_CUES)), np.float32),
                     np.zeros((n, len(TAG_KINDS)), np.float32), np.zeros(n, bool))
    pooled = np.zeros((n, 1280), np.float32)
    stream = enumerate(tagger._decoded_stream([(p, i) for i, p in enumerate(paths)]))
    while taken := [job for _, job in zip(range(tagger.forward_batch), stream)]:
        chunk = [(i, d) for i, d in taken if d.pixels is not None]
        if not chunk:
            continue
        pixels = torch.from_numpy(np.stack([d.pixels for _, d in chunk]))
        logits, features = mobilenet.run(mobilenet.normalise(pixels))
        grid_pooled = other.run_grid(other.normalise(pixels))[1].numpy()
        probs = logits.softmax(dim=-1).numpy()
        for row, (i, d) in enumerate(chunk):
            d.pixels = None
            colour = colour_cues(paths[i])
            if colour is None:
                continue
            tags = tags_from_probs(probs[row], tagger.table, tagger.top_k, tagger.threshold, tagger.max_tags)
            rows.embeddings[i], rows.colour[i], rows.kinds[i] = features[row].numpy(), colour, tag_kind_cues(tags)
            pooled[i], rows.readable[i] = grid_pooled[row], True
        log.info("captioner-pass features: up to image %s of %s", chunk[-1][0] + 1, n)
    return rows, pooled


def cached_features(dataset: Dataset, cache_dir: Path) -> tuple[ImageRows, np.ndarray]:
    """captioner_pass_features for every row, computed once per data file."""
    cache = Path(cache_dir) / f"{dataset.kind}-{dataset.sha256[:16]}-captioner-pass.npz"
    ids = [row.id for row in dataset.rows]
    if cache.is_file():
        with np.load(cache, allow_pickle=False) as saved:
            if list(saved["ids"]) == ids:
                rows = ImageRows(ids, saved["embeddings"], saved["colour"], saved["kinds"], saved["readable"])
                return rows, saved["pooled"]
    by_id = image_paths(dataset)
    rows, pooled = captioner_pass_features([by_id.get(i, Path("/nonexistent")) for i in ids])
    rows.ids = ids
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, ids=np.array(ids), embeddings=rows.embeddings, colour=rows.colour, kinds=rows.kinds,
             readable=rows.readable, pooled=pooled)
    return rows, pooled


def candidate_rows(mobilenet: ImageRows, pooled: np.ndarray) -> dict[str, tuple[str, ImageRows]]:
    """name -> (feature source, rows): the same cues and readable flags, only the embedding differs."""
    def with_embedding(embeddings: np.ndarray) -> ImageRows:
        return ImageRows(mobilenet.ids, embeddings.astype(np.float32), mobilenet.colour, mobilenet.kinds,
                         mobilenet.readable)

    return {"current (mobilenet_v2)": ("mobilenet_v2", mobilenet),
            "(a) efficientnet_lite0 pooled": (CAPTIONER_BACKBONE, with_embedding(pooled)),
            "(b) (a) + mobilenet_v2": (f"{CAPTIONER_BACKBONE}+mobilenet_v2",
                                       with_embedding(np.hstack([pooled, mobilenet.embeddings])))}


def gate_row(image_record: dict[str, Any], fusion_record: dict[str, Any]) -> dict[str, Any]:
    """The figures gate A reads: the selected image variant's train CV and dev, the fusion CV at its gate."""
    chosen = next(v for v in image_record["cue_variants"] if v["variant"] == image_record["selected"]["variant"])
    gate = fusion_record["caption_gate"]
    selected = gate["selected"] if gate["selected"] is not None else float("inf")
    fused = next(r for r in gate["cross_validation"] if r["caption_gate"] == selected)
    return {"variant": chosen["variant"], "C": image_record["selected"]["C"],
            "class_weight": image_record["selected"]["class_weight"],
            "cv_accuracy": chosen["train_cv"]["accuracy"], "cv_macro_f1": chosen["train_cv"]["macro_f1"],
            "dev_accuracy": chosen["dev"]["accuracy"], "dev_macro_f1": chosen["dev"]["macro_f1"],
            "fusion_kind": fusion_record["selected"]["kind"], "fusion_gate": gate["selected"],
            "fusion_cv_accuracy": fused["accuracy"], "fusion_cv_macro_f1": fused["macro_f1"]}


def passes(row: dict[str, Any], current: dict[str, Any]) -> dict[str, bool]:
    """Each condition of gate A (docs/eval_compare.md) for one candidate against the current head."""
    return {f"{key} >= current + {MIN_GAIN}": row[key] >= round(current[key] + MIN_GAIN, 4)
            for key in ("cv_accuracy", "cv_macro_f1", "dev_accuracy", "dev_macro_f1")} | {
            f"{key} >= current": row[key] >= current[key] for key in ("fusion_cv_accuracy", "fusion_cv_macro_f1")}


def run(dataset: Dataset, cache_dir: Path, out_dir: Path, seed: int) -> dict[str, Any]:
    from extractors.sentiment.head import DEFAULT_HEAD_PATH

    mobilenet, pooled = cached_features(dataset, cache_dir)
    labels = np.array([row.label for row in dataset.rows])
    parts = np.array([split_of(row.id, seed) for row in dataset.rows])
    table: dict[str, Any] = {}
    for name, (source, rows) in candidate_rows(mobilenet, pooled).items():
        head, image_record, oof = train_image_head(rows, labels, parts, 5, seed)
        head.embedding_model = source
        head.meta = {"feature_source": source, **image_record}
        slug = source.replace("+", "_plus_")
        head.save(out_dir / slug / "image_head.npz")
        fusion, fusion_record = train_fusion_head(dataset, rows, head, parts, oof, DEFAULT_HEAD_PATH, seed,
                                                  "train+dev")
        fusion.meta = {"image_head_sha256": head.meta["weights_sha256"], **fusion_record}
        fusion.save(out_dir / slug / "fusion_head.npz")
        table[name] = {"feature_source": source, "image_head_sha256": head.meta["weights_sha256"],
                       **gate_row(image_record, fusion_record),
                       "cv_grid": [{k: r[k] for k in ("C", "class_weight", "accuracy", "macro_f1")}
                                   for r in image_record["cross_validation"]],
                       "fusion_gate_cv": [{k: r[k] for k in ("caption_gate", "accuracy", "macro_f1")}
                                          for r in fusion_record["caption_gate"]["cross_validation"]]}
        log.info("gate A row %s: %s", name, table[name])
    current = table["current (mobilenet_v2)"]
    for name, row in table.items():
        if name != "current (mobilenet_v2)":
            row["gate_a"] = passes(row, current)
            row["passes_gate_a"] = all(row["gate_a"].values())
    return {"rows": table, "reproduces_packaged_head": current["image_head_sha256"].startswith(PACKAGED_IMAGE_HEAD_SHA),
            "dataset": {"spec": f"{dataset.kind}:{dataset.path}", "sha256": dataset.sha256, "seed": seed,
                        "train_rows": int((parts == "train").sum()), "dev_rows": int((parts == "dev").sum())}}


def markdown(report: dict[str, Any]) -> str:
    header = ("| image features | variant, C, class weight | train CV acc | train CV macro-F1 | dev acc | dev macro-F1 "
              "| fusion gate | fusion CV acc | fusion CV macro-F1 | gate A |")
    lines = [header, "|---" * 10 + "|"]
    for name, r in report["rows"].items():
        verdict = "-" if "gate_a" not in r else ("pass" if r["passes_gate_a"] else "fail: " + ", ".join(
            k for k, ok in r["gate_a"].items() if not ok))
        lines.append(f"| {name} | {r['variant']}, {r['C']}, {r['class_weight']} | {r['cv_accuracy']:.4f} | "
                     f"{r['cv_macro_f1']:.4f} | {r['dev_accuracy']:.4f} | {r['dev_macro_f1']:.4f} | "
                     f"{r['fusion_gate']} | {r['fusion_cv_accuracy']:.4f} | {r['fusion_cv_macro_f1']:.4f} | "
                     f"{verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="python -m research.training.image_backbone_heads",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="mvsa:PATH")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR)
    parser.add_argument("--out-dir", type=Path, default=Path("/tmp/imghead"), help="the fitted heads (not packaged)")
    parser.add_argument("--report", type=Path, default=None, help="write the gate-A table as JSON here")
    parser.add_argument("--seed", type=int, default=SPLIT_SEED)
    args = parser.parse_args(argv)
    report = run(load_dataset(args.dataset), args.cache_dir, args.out_dir, args.seed)
    report["command"] = "python -m research.training.image_backbone_heads " + shlex.join(
        sys.argv[1:] if argv is None else argv)
    if args.report:
        args.report.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(markdown(report))
    print(f"current head reproduces the packaged weights ({PACKAGED_IMAGE_HEAD_SHA}): "
          f"{report['reproduces_packaged_head']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
