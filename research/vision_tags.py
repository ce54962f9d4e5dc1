"""Evaluate image tags against human captions: `python -m research.vision_tags --flickr8k PATH`.

Flickr8k gives five reference captions per image. A predicted tag counts as correct when it, or a synonym
from `extractors.vision.vocabulary.SYNONYMS`, occurs in any of the five. Reported per model: hit@3 (share of
images where at least one of the first three tags is correct), precision of the first tag and of the first three
tags, coverage (share of images with any tag), and tagging speed. Results go to stdout and docs/vision_tags.md.
Caveat: captions describe people and actions, which ImageNet has no classes for, so absolute numbers are low;
the comparison between models and settings is what this is for.
"""
from __future__ import annotations

import argparse
import csv
import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from extractors.vision.backbones import BACKBONES
from extractors.vision.imagenet_tagger import ImageNetTagger
from extractors.vision.vocabulary import mentions
from research.report_file import write_report

logger = logging.getLogger(__name__)
REPORT = Path("docs/vision_tags.md")


@dataclass
class TagScores:
    """Evaluation figures for one model on one image set."""

    model: str
    images: int
    hit_at_3: float
    precision_at_1: float
    precision_at_3: float
    coverage: float
    images_per_s: float
    examples: list[tuple[str, list[str], str]]


def load_flickr8k(root: Path) -> dict[Path, str]:
    """Image path -> its reference captions joined (one string to search words in)."""
    captions: dict[str, list[str]] = defaultdict(list)
    with open(root / "captions.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            captions[row["image"]].append(row["caption"])
    return {root / "images" / name: " ".join(texts) for name, texts in sorted(captions.items())}


def score_model(model: str, references: dict[Path, str], threshold: float = 0.1) -> TagScores:
    """Tag every image with `model` and score the tags against the references."""
    tagger = ImageNetTagger(image_model=model, image_tag_threshold=threshold, image_max_tags=5)
    _ = tagger.backbone  # exclude weight loading from the timing
    paths = list(references)
    start = time.perf_counter()
    tagged = tagger.tag_paths(paths)
    elapsed = time.perf_counter() - start
    hits = top1_right = top1_total = top3_right = top3_total = covered = 0
    examples: list[tuple[str, list[str], str]] = []
    for path, image in zip(paths, tagged):
        names = [t.name for t in image.info.tags][:3]
        correct = [mentions(name, references[path]) for name in names]
        covered += bool(names)
        hits += any(correct)
        if names:
            top1_total += 1
            top1_right += correct[0]
        top3_total += len(names)
        top3_right += sum(correct)
        if len(examples) < 8:
            examples.append((path.name, names, references[path].split(" . ")[0][:90]))
    n = len(paths)
    return TagScores(
        model=model,
        images=n,
        hit_at_3=hits / n,
        precision_at_1=top1_right / max(top1_total, 1),
        precision_at_3=top3_right / max(top3_total, 1),
        coverage=covered / n,
        images_per_s=n / elapsed,
        examples=examples,
    )


def render(results: list[TagScores], command: str) -> str:
    """Markdown report: the table plus a few examples per model."""
    lines = [
        "# Image tag quality on Flickr8k (200 images, 5 reference captions each)",
        "",
        f"Command: `{command}`",
        "",
        "A tag is correct when it or a listed synonym (extractors/vision/vocabulary.py) occurs in one of the five",
        "captions. hit@3: images with a correct tag among the first three. P@1 / P@3: share of emitted first /",
        "first-three tags that are correct. Speed includes decoding (1 torch thread, machine shared with other jobs).",
        "",
        "| model | images | hit@3 | P@1 | P@3 | coverage | images/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.model} | {r.images} | {r.hit_at_3:.3f} | {r.precision_at_1:.3f} | {r.precision_at_3:.3f} "
            f"| {r.coverage:.3f} | {r.images_per_s:.1f} |"
        )
    for r in results:
        lines += ["", f"## Examples: {r.model}", "", "| image | tags | first reference caption |", "|---|---|---|"]
        lines += [f"| {name} | {', '.join(tags)} | {ref} |" for name, tags, ref in r.examples]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flickr8k", type=Path, required=True, help="folder with captions.csv and images/")
    parser.add_argument("--models", nargs="+", default=sorted(BACKBONES), choices=sorted(BACKBONES))
    parser.add_argument("--threshold", type=float, default=0.1)
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    if not (args.flickr8k / "captions.csv").is_file():
        parser.error(f"{args.flickr8k} has no captions.csv")
    references = load_flickr8k(args.flickr8k)
    results = [score_model(model, references, args.threshold) for model in args.models]
    print(f"{'model':20} {'hit@3':>6} {'P@1':>6} {'P@3':>6} {'cover':>6} {'img/s':>6}")
    for r in results:
        print(f"{r.model:20} {r.hit_at_3:6.3f} {r.precision_at_1:6.3f} {r.precision_at_3:6.3f} "
              f"{r.coverage:6.3f} {r.images_per_s:6.1f}")
    command = "python -m research.vision_tags --flickr8k ../shared/data/flickr8k"
    write_report(args.report, render(results, command))
    print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
