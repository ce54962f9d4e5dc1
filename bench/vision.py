"""Benchmark the image tagger on real photos: `python bench/vision.py [--images N] [--runs R]`.

Reports images/s for the full extractor (decode + model + tag mapping, through `extract` on posts of one
image each, `post_batch_size` posts per call) with the offline captioner off (tags only) and on (tags + a
generated caption per image, the default since issue 13), and for the bare forward pass on pre-decoded tensors
(the floor), for each model, torch thread count and decode-worker count; the median of several runs. Ratios are
measured in the same run because other jobs share the CPU. The captioner reads the MobileNetV2 grid: with
another model it runs a second (MobileNetV2) pass, as the pipeline does. Uses ../shared/data/mvsa/images and
exits cleanly when it is absent. Results are printed and written to docs/benchmarks_vision.md.
"""
from __future__ import annotations

import argparse
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
from extractors.vision.backbones import BACKBONES, load_backbone  # noqa: E402
from extractors.vision.decode import decode_image  # noqa: E402
from extractors.vision.imagenet_tagger import ImageNetTagger  # noqa: E402

MVSA_IMAGES = ROOT.parent / "shared" / "data" / "mvsa" / "images"
REPORT = ROOT / "docs" / "benchmarks_vision.md"


def timed(work: Callable[[], None]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def bench_config(model: str, threads: int, workers: list[int], paths: list[Path], runs: int, batch: int) -> dict:
    """Images/s (median of `runs`) for the bare forward pass and for the pipeline at each decode-worker count.

    Floor and pipelines run interleaved in every round, so load from other jobs hits them alike.
    """
    import torch

    taggers = {f"{mode}{w}": ImageNetTagger(image_model=model, torch_threads=threads, image_decode_workers=w,
                                            offline_captioner="off" if mode == "tags" else "default")
               for w in workers for mode in ("tags", "caps")}
    backbone = load_backbone(model, threads)
    for tagger in taggers.values():
        tagger._backbone = backbone  # share one set of weights
    pixels = torch.from_numpy(np.stack([decode_image(p).pixels for p in paths]))
    chunks = [backbone.normalise(pixels[i : i + 32]) for i in range(0, len(paths), 32)]
    items = [PostAnalysis(Post(id=str(i), images=(p,))) for i, p in enumerate(paths)]
    backbone.run(chunks[0][:4])  # warm-up

    def floor() -> None:
        for chunk in chunks:
            backbone.run(chunk)

    def pipeline(tagger: ImageNetTagger) -> Callable[[], None]:
        def work() -> None:
            for i in range(0, len(items), batch):
                tagger.extract(items[i : i + batch])

        return work

    for tagger in taggers.values():  # warm-up: loads the captioner (and a second backbone) outside the timing
        tagger.extract(items[:2])
    times: dict[str, list[float]] = {"floor": [], **{key: [] for key in taggers}}
    for _ in range(runs):
        times["floor"].append(timed(floor))
        for key, tagger in taggers.items():
            times[key].append(timed(pipeline(tagger)))
    return {key: len(paths) / statistics.median(values) for key, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--models", nargs="+", default=sorted(BACKBONES), choices=sorted(BACKBONES))
    parser.add_argument("--threads", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--workers", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--batch", type=int, default=64, help="posts per extract call")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    if not MVSA_IMAGES.is_dir():
        print(f"skipped: {MVSA_IMAGES} not present")
        return 0
    paths = sorted(MVSA_IMAGES.glob("*.jpg"))[: args.images]
    rows = []
    for model in args.models:
        for threads in args.threads:
            rates = bench_config(model, threads, args.workers, paths, args.runs, args.batch)
            floor = rates["floor"]
            for workers in args.workers:
                rate, caps = rates[f"tags{workers}"], rates[f"caps{workers}"]
                rows.append((model, threads, workers, rate, caps, floor))
                print(f"{model:20} threads={threads} decode_workers={workers} tags {rate:6.1f} img/s "
                      f"tags+captions {caps:6.1f} img/s floor {floor:6.1f} img/s  floor/tags {floor / rate:4.2f}",
                      flush=True)
    lines = [
        "# Vision benchmark (ImageNet tagger)",
        "",
        f"Command: `python bench/vision.py --images {args.images} --runs {args.runs}` on {len(paths)} MVSA images,",
        f"2 cores shared with other jobs; median of {args.runs} runs; {args.batch} posts per `extract` call.",
        "tags = decode + forward + tag mapping through `ImageNetTagger.extract` with the offline captioner off;",
        "tags + captions = the same with the packaged captioner on (the default); floor = the classifier's forward",
        "pass alone on pre-decoded tensors (same chunks of 32). All are interleaved within each round.",
        "",
        "| model | torch threads | decode workers | tags img/s | tags + captions img/s | floor img/s | floor/tags |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [f"| {m} | {t} | {w} | {r:.1f} | {c:.1f} | {f:.1f} | {f / r:.2f} |" for m, t, w, r, c, f in rows]
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.report}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
