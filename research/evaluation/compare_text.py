"""The fixed prose of the comparison report (method and caveats), kept apart from the code that fills numbers."""
from __future__ import annotations

from research.evaluation.results import Comparison

OPENING = [
    "Three verdicts per post, all from the extractors FeedLens runs when it loads posts:",
    "",
    ("- **caption only**: the caption head (MiniLM embedding of the caption with emoji read as words + VADER "
     "scores, logistic regression);"),
    ("- **image only**: the image head (logistic regression on the mobilenet_v2 embedding the tagger already "
     "computes, optionally with colour / tag-kind cues), the mean over a post's images;"),
    ("- **caption + image**: the fusion extractor (late fusion of the two probability vectors, the candidate "
     "(by default the confidence-gated mix, where the image's weight shrinks as the caption grows confident, with "
     "or without class offsets; a convex mix or a logistic regression with `--fusion-families`) chosen by "
     "cross-validated macro-F1 and fitted on "
     "out-of-sample probabilities of the MVSA train+dev rows: the image head's out-of-fold on train and as trained "
     "on dev, the caption recipe refitted fold by fold; posts with no usable caption take the image verdict)."),
    "",
    ("Train on train, tune on dev, report on test: the split is `research.evaluation.datasets.split_of` "
     "(sha256 of seed 13 and the post id: ~70% train, ~10% dev, ~20% test), the same rows as "
     "`python -m research.evaluate caption`. Reproduce with "
     "`python -m research.training.train_image_sentiment --dataset mvsa:../shared/data/mvsa/posts.csv` and "
     "`python -m research.evaluate compare --dataset mvsa:../shared/data/mvsa/posts.csv "
     "--dataset senticap:../shared/data/senticap/senticap_test.csv --out docs/eval_compare.md --speed-images 200`."),
    "",
]

# the same with the fine-tuned caption branch (`--caption-backend finetuned`)
OPENING_FINETUNED = [
    "Three verdicts per post, all from the extractors FeedLens runs when it loads posts:",
    "",
    ("- **caption only**: the fine-tuned caption branch (MiniLM's lower 4 layers as in the shared embedding, its "
     "top 2 layers and a linear classifier fine-tuned on SemEval tweets, then on MVSA train posts, checkpoint chosen "
     "on MVSA dev; `--caption-backend head`: the older logistic-regression head on frozen MiniLM + VADER);"),
    ("- **image only**: the image head (logistic regression on the mobilenet_v2 embedding the tagger already "
     "computes, optionally with colour / tag-kind cues), the mean over a post's images;"),
    ("- **caption + image**: the fusion extractor (late fusion of the two probability vectors, the candidate "
     "(by default the confidence-gated mix, where the image's weight shrinks as the caption grows confident, with "
     "or without class offsets) chosen by cross-validated macro-F1 and fitted on out-of-sample probabilities of "
     "the MVSA rows its sidecar names (`extractors/image_sentiment/heads/fusion_head_finetuned.npz`, fitted by "
     "`python -m research.training.train_fusion`: dev rows, whose caption "
     "probabilities the branch never trained on and whose image probabilities the image head never trained on); "
     "posts with no usable caption take the image verdict)."),
    "",
    ("Train on train, tune on dev, report on test: the split is `research.evaluation.datasets.split_of` "
     "(sha256 of seed 13 and the post id: ~70% train, ~10% dev, ~20% test), the same rows as "
     "`python -m research.evaluate caption`. Reproduce with the two commands in the branch's sidecar "
     "(`extractors/sentiment/heads/caption_minilm_top2.safetensors.json`), then "
     "`python -m research.training.train_fusion --dataset mvsa:../shared/data/mvsa/posts.csv` and "
     "`python -m research.evaluate compare --dataset mvsa:../shared/data/mvsa/posts.csv "
     "--dataset senticap:../shared/data/senticap/senticap_test.csv --caption-branch "
     "extractors/sentiment/heads/caption_minilm_top2.safetensors --out docs/eval_compare_finetuned.md`."),
    "",
]

SENTICAP_NOTE = [
    ("SentiCap caveat: only 55 of its COCO images ship with the data, so only the test captions of those images "
     "are scored, and SentiCap writes a positive AND a negative caption for the same picture: the image alone "
     "cannot know which caption it got, so image-only is near chance by construction and the fused verdict can "
     "only lose where the image head is confident. What this measures is whether the MVSA-fitted fusion damages "
     "captions that state their sentiment plainly; with this few rows the confidence intervals are wide. "
     "Scored positive vs negative; a neutral verdict "
     "counts by the sign of its score (as in the caption evaluation). No head was trained or tuned on SentiCap."),
    "",
]


def dataset_notes(comparison: Comparison) -> list[str]:
    """Dataset-specific caveats printed above its numbers."""
    if comparison.dataset.kind == "senticap":
        return SENTICAP_NOTE
    return [
        ("MVSA labels are for the post as a whole (image + text). The anchors above come from a larger MVSA pool "
         "and another split, so they orient rather than rank; the paired test below is the like-for-like answer."),
        "",
    ]
