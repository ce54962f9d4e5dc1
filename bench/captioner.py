"""Benchmark the offline captioner: `python bench/captioner.py [--images N] [--runs R] [--beam B]`.

Images/s, median of `runs`, one torch thread, on Flickr8k dev photos (../shared/data/flickr8k; exits cleanly when
absent), for:
- floor: the bare backbone forward pass on pre-decoded tensors (what tagging alone costs in the model);
- forward + beam decode: the same pass plus the caption decoder on its grid (the model cost of a caption);
- extractor, captioner off / on without its checks / on with them: ImageNetTagger.extract end to end (decode,
  forward, tags, captions) on posts of one image each.
The ratios are measured in one run because other jobs share this CPU. Results are written to
docs/benchmarks_captioner.md.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from data.models import Post  # noqa: E402
from extractors.base import PostAnalysis  # noqa: E402
from extractors.vision.backbones import load_backbone  # noqa: E402
from extractors.vision.captioner.artefact import DEFAULT_ARTEFACT  # noqa: E402
from extractors.vision.captioner.runtime import CaptionDecoder  # noqa: E402
from extractors.vision.decode import decode_image  # noqa: E402
from extractors.vision.imagenet_tagger import ImageNetTagger  # noqa: E402

FLICKR_IMAGES = ROOT.parent / "shared" / "data" / "flickr8k" / "images"
REPORT = ROOT / "docs" / "benchmarks_captioner.md"


def median_rate(work: Callable[[], None], count: int, runs: int) -> tuple[float, float]:
    """(images per wall second, images per CPU second of this process), medians of `runs`. The second is what a
    quiet machine would give at one thread: under load this process gets only part of a core."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return count / statistics.median(walls), count / statistics.median(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=96)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--beam", type=int, default=3)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    if not FLICKR_IMAGES.is_dir():
        print(f"skipped: {FLICKR_IMAGES} not present")
        return 0
    import torch

    torch.set_num_threads(1)
    paths = sorted(FLICKR_IMAGES.glob("*.jpg"))[: args.images]
    decoder = CaptionDecoder(DEFAULT_ARTEFACT, beam=args.beam, checks=False)  # the model cost alone
    tagger = ImageNetTagger(torch_threads=1, image_decode_workers=0, offline_captioner=str(DEFAULT_ARTEFACT),
                            offline_captioner_beam=args.beam)
    unchecked = ImageNetTagger(torch_threads=1, image_decode_workers=0, offline_captioner=str(DEFAULT_ARTEFACT),
                               offline_captioner_beam=args.beam, offline_captioner_checks=False)
    plain = ImageNetTagger(torch_threads=1, image_decode_workers=0, offline_captioner="off")
    backbone = tagger.backbone
    plain._backbone = unchecked._backbone = backbone
    pixels = np.stack([decode_image(p).pixels for p in paths])
    batches = [backbone.normalise(torch.from_numpy(pixels[i : i + args.batch])) for i in range(0, len(paths),
                                                                                              args.batch)]
    caption_backbone = load_backbone(decoder.backbone, 1)  # the grid the captioner was trained on
    caption_batches = [caption_backbone.normalise(torch.from_numpy(pixels[i : i + args.batch]))
                       for i in range(0, len(paths), args.batch)]

    def forward() -> None:
        for batch in batches:
            backbone.run_grid(batch)

    def forward_decode() -> None:
        for batch in caption_batches:
            decoder.caption_grid(caption_backbone.run_grid(batch)[2])

    posts = [Post(id=str(i), images=(p,)) for i, p in enumerate(paths)]
    decoder.caption_grid(caption_backbone.run_grid(caption_batches[0][:2])[2])  # load and warm up
    rows = [
        (f"floor: bare {backbone.name} forward pass (grid + tags head)", median_rate(forward, len(paths), args.runs)),
        (f"{caption_backbone.name} forward + beam-{args.beam} caption decode",
         median_rate(forward_decode, len(paths), args.runs)),
        ("extractor, captioner off (decode + forward + tags)",
         median_rate(lambda: plain.extract([PostAnalysis(p) for p in posts]), len(paths), args.runs)),
        (f"extractor, captioner on without its checks (decode + forward + tags + beam-{args.beam})",
         median_rate(lambda: unchecked.extract([PostAnalysis(p) for p in posts]), len(paths), args.runs)),
        (("extractor, captioner on with its checks (familiarity, grounding, agreement; unfamiliar photos skip the "
         "decoder)"),
         median_rate(lambda: tagger.extract([PostAnalysis(p) for p in posts]), len(paths), args.runs)),
    ]
    lines = [
        "# Offline captioner speed",
        "",
        (f"`python bench/captioner.py --images {args.images} --runs {args.runs} --beam {args.beam}` on "
        f"{len(paths)} Flickr8k dev photos, one torch thread, batch {args.batch}, median of {args.runs} runs, "
        f"on a 2-core machine shared with other jobs. Captioner: `{DEFAULT_ARTEFACT.name}` "
        f"({decoder.artefact.kind} decoder over the {decoder.backbone} 7x7 grid; stored search "
        f"{ {k: v for k, v in decoder.artefact.search.items() if k != 'max_len'} })."),
        "",
        (f"Load average during the run: {os.getloadavg()[0]:.1f} (other jobs on the same 2 cores), so wall-clock "
        "rates are below a quiet machine's; images per CPU-second of this process (one thread) is what a quiet "
        "core gives."),
        "",
        "| what | images/s (wall) | images per CPU-second |",
        "|---|---|---|",
        *[f"| {name} | {wall:.1f} | {cpu:.1f} |" for name, (wall, cpu) in rows],
        "",
        "Target: at least 10 images/s for features + beam-3 decoding.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_report:
        REPORT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
