"""Refit the fusion head on the fine-tuned caption branch's probabilities (the image head stays as packaged).

    HF_HUB_OFFLINE=1 python -m research.training.train_fusion --dataset mvsa:../shared/data/mvsa/posts.csv

Rows: MVSA posts with a caption and a readable image in the `--fusion-rows` parts of the seed-13 split (default
dev, ~200 posts; train+dev adds the train rows). Test rows are never read. Probabilities are out-of-sample:
- caption: the fine-tuned branch (extractors/sentiment/finetuned.py) trained on MVSA train rows (stage 2) and not
  on dev; MVSA dev only chose its checkpoint (one of a dozen), so dev probabilities are close to out-of-sample.
  With --fusion-rows train+dev the train rows' caption probabilities are in-sample for a branch trained on them:
  use it only with a SemEval-only branch;
- image: the packaged image head was fitted on train rows, so dev rows are out-of-sample; for train rows the
  head's recipe is re-run (research.training.train_image_sentiment.train_image_head) for out-of-fold ones.
The family choice and fit are research.training.fusion_training.train_fusion (repeated CV, macro-F1).
"""
from __future__ import annotations

import argparse
import json
import logging
import platform
import shlex
import sys
from pathlib import Path

import numpy as np

from extractors.fusion import FINETUNED_FUSION_PATH
from research.evaluation.dataset_images import DEFAULT_CACHE_DIR, dataset_image_rows
from research.evaluation.datasets import SPLIT_SEED, load_dataset, split_of
from research.training.fusion_training import DEFAULT_FAMILIES, FAMILIES, train_fusion
from research.training.train_image_sentiment import caption_explicitness_of, dataset_record, train_image_head

log = logging.getLogger(__name__)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from extractors.image_sentiment import DEFAULT_IMAGE_HEAD_PATH
    from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH

    parser = argparse.ArgumentParser(prog="python -m research.training.train_fusion",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", required=True, help="mvsa:PATH (posts.csv with an image column)")
    parser.add_argument("--branch", type=Path, default=DEFAULT_BRANCH_PATH, help="fine-tuned caption branch")
    parser.add_argument("--image-head", type=Path, default=DEFAULT_IMAGE_HEAD_PATH)
    parser.add_argument("--out", type=Path, default=FINETUNED_FUSION_PATH, help="fusion head .npz (+ .json)")
    parser.add_argument("--fusion-rows", choices=("dev", "train+dev"), default="dev")
    parser.add_argument("--families", nargs="+", choices=FAMILIES, default=list(DEFAULT_FAMILIES))
    parser.add_argument("--seed", type=int, default=SPLIT_SEED)
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = parse_args(argv)
    from extractors.image_sentiment.head import load_image_head
    from extractors.sentiment.finetuned import FineTunedSentiment
    from extractors.social_text import text_views

    dataset = load_dataset(args.dataset)
    if dataset.kind != "mvsa":
        raise SystemExit(f"the fusion head is fitted on MVSA posts, got {dataset.kind}")
    rows = dataset_image_rows(dataset, "mobilenet_v2", args.cache_dir)
    labels_all = np.array([row.label for row in dataset.rows])
    parts = np.array([split_of(row.id, args.seed) for row in dataset.rows])
    views = [text_views(row.text).for_embedding for row in dataset.rows]
    wanted = ("dev",) if args.fusion_rows == "dev" else ("train", "dev")
    use = np.isin(parts, wanted) & rows.readable & np.array([bool(v.strip()) for v in views])

    head = load_image_head(args.image_head)
    image = head.predict_proba(head.features(rows.embeddings, rows.colour, rows.kinds))
    if "train" in wanted:
        _, _, image_oof = train_image_head(rows, labels_all, parts, 5, args.seed)
        image[(parts == "train") & rows.readable] = image_oof
    branch = FineTunedSentiment(args.branch)
    index = np.flatnonzero(use)
    caption = branch.predict_proba([views[i] for i in index])
    labels = labels_all[index]
    explicitness = caption_explicitness_of(caption, [dataset.rows[i].text for i in index])
    fusion, record = train_fusion(caption, image[index], labels, args.seed, tuple(args.families), explicitness)
    command = "python -m research.training.train_fusion " + shlex.join(sys.argv[1:] if argv is None else argv)
    fusion.meta = {
        "command": command, **record,
        "dataset": dataset_record(dataset, parts, rows, args.seed),
        "fusion_rows": {"parts": list(wanted), "rows": len(index), "probabilities": "out-of-sample for both "
                        "on dev (the branch trained on MVSA train rows only; MVSA dev chose its checkpoint)"},
        "caption_branch": {"path": args.branch.name, "model_id": branch.model_id},
        "image_head_sha256": json.loads(Path(str(args.image_head) + ".json").read_text(encoding="utf-8")).get(
            "weights_sha256"),
        "trained_on": f"{args.fusion_rows} rows of the seed-{args.seed} split; test rows never read",
        "versions": {"python": platform.python_version(), "numpy": np.__version__},
    }
    print(f"fusion head: {args.out}, sidecar {fusion.save(args.out)}; selected {record['selected']}; "
          f"baselines on these rows {record['baselines_on_these_rows']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
