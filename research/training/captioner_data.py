"""Flickr8k for the captioner: captions per image and split, and the backbone feature grid cached once on disk.

The grid (7,000 x 49 x 1280 for MobileNetV2) is computed once, in fp16, under ~/.cache/feedlens/captioner (or
FEEDLENS_CACHE_DIR-free `--cache`), never in the repository. Images are decoded exactly as at runtime
(`decode_image`: shorter side 256, centre crop 224), so training sees the features the extractor will see.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

DEFAULT_CACHE = Path.home() / ".cache" / "feedlens" / "captioner"


@dataclass
class CaptionSet:
    """Images of one split with their reference captions (raw text, in file order)."""

    images: list[str]
    captions: dict[str, list[str]]


def read_flickr8k(root: Path) -> dict[str, CaptionSet]:
    """{split: CaptionSet} from captions.csv (image, split, caption); rows without text are skipped."""
    by_split: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    with open(Path(root) / "captions.csv", newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = (row.get("caption") or "").strip()
            if text and row.get("image"):
                by_split[row["split"]][row["image"]].append(text)
    return {split: CaptionSet(sorted(caps), dict(caps)) for split, caps in by_split.items()}


def cached_grid(paths: list[Path], tag: str, backbone_name: str = "mobilenet_v2", cache: Path = DEFAULT_CACHE,
                batch_size: int = 32) -> np.ndarray:
    """fp16 (N, cells, C) grid of every path, computed once; the cache key is the tag, backbone and file names."""
    names = "\n".join(p.name for p in paths).encode()
    key = f"{tag}-{backbone_name}-{hashlib.sha256(names).hexdigest()[:12]}"
    target = Path(cache) / f"{key}.npy"
    if target.is_file():
        return np.load(target, mmap_mode="r")
    import torch

    from extractors.vision.backbones import load_backbone
    from extractors.vision.captioner.features import grid_features
    from extractors.vision.decode import decode_image

    backbone = load_backbone(backbone_name, threads=1)
    torch.set_num_threads(1)
    out: np.ndarray | None = None
    started = time.perf_counter()
    for start in range(0, len(paths), batch_size):
        chunk = paths[start : start + batch_size]
        pixels = np.zeros((len(chunk), backbone.input_size, backbone.input_size, 3), np.uint8)
        for i, path in enumerate(chunk):
            decoded = decode_image(path, size=backbone.input_size)
            if decoded.pixels is None:
                log.warning("%s: %s (zero features)", path, decoded.info.error)
            else:
                pixels[i] = decoded.pixels
        grid = grid_features(backbone, pixels).numpy().astype(np.float16)
        if out is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            out = np.lib.format.open_memmap(target.with_suffix(".partial.npy"), "w+", np.float16,
                                            (len(paths), *grid.shape[1:]))
        out[start : start + len(chunk)] = grid
        if start % (batch_size * 20) == 0:
            log.info("features %s/%s (%.1f img/s)", start + len(chunk), len(paths),
                     (start + len(chunk)) / (time.perf_counter() - started))
    assert out is not None, "no images to featurise"
    out.flush()
    del out
    target.with_suffix(".partial.npy").rename(target)
    return np.load(target, mmap_mode="r")


def main() -> int:
    parser = argparse.ArgumentParser(description="cache the captioner's feature grid for Flickr8k")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/flickr8k"))
    parser.add_argument("--backbone", default="mobilenet_v2")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    for split, data in sorted(read_flickr8k(args.data).items()):
        grid = cached_grid([args.data / "images" / name for name in data.images], f"flickr8k-{split}",
                           args.backbone, args.cache)
        log.info("%s: %s", split, grid.shape)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
