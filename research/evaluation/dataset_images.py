"""Image features for labelled datasets (MVSA, SentiCap), computed once and cached under .feedlens/cache/.

Training the image head and running the comparison both need the mobilenet_v2 embedding, the colour cues and
the tag-kind cues of ~2,000 images; on a busy 2-core machine that is minutes of work, so it is done once and
kept in an .npz keyed by the data file's sha256 and the backbone name. The caption loaders in
research.evaluation.datasets keep only (id, text, label); this module adds each row's image path.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from extractors.image_sentiment.cues import COLOUR_CUES, TAG_KINDS, colour_cues, tag_kind_cues
from research.evaluation.datasets import Dataset, decode_lines

log = logging.getLogger(__name__)

DEFAULT_CACHE_DIR = Path(".feedlens") / "cache"


@dataclass
class ImageRows:
    """Per dataset row: embedding, colour cues, tag-kind cues; `readable` False where the image is missing."""

    ids: list[str]
    embeddings: np.ndarray  # (n, d) float32, zeros where unreadable
    colour: np.ndarray  # (n, len(COLOUR_CUES))
    kinds: np.ndarray  # (n, len(TAG_KINDS))
    readable: np.ndarray  # (n,) bool

    def subset(self, ids: list[str]) -> ImageRows:
        index = {row_id: i for i, row_id in enumerate(self.ids)}
        take = [index[row_id] for row_id in ids]
        return ImageRows(list(ids), self.embeddings[take], self.colour[take], self.kinds[take], self.readable[take])


def image_paths(dataset: Dataset) -> dict[str, Path]:
    """Row id -> image file for MVSA (`image` column) and SentiCap (`filename`, under images/; ~55 exist)."""
    frame = pd.read_csv(io.StringIO(decode_lines(dataset.path.read_bytes())), dtype=str, keep_default_na=False)
    root = dataset.path.parent
    if dataset.kind == "mvsa":
        return {str(r.id): root / r.image for r in frame.itertuples(index=False)}
    if dataset.kind == "senticap":
        return {f"senticap-{i}": root / "images" / name for i, name in enumerate(frame["filename"])}
    return {}


def compute_image_rows(ids: list[str], paths: list[Path], model_name: str, torch_threads: int = 1) -> ImageRows:
    """Run the real ImageNetTagger over the files (missing files come back unreadable) plus the colour cues."""
    from extractors.vision.imagenet_tagger import ImageNetTagger

    tagger = ImageNetTagger(image_model=model_name, torch_threads=torch_threads)
    tagged = tagger.tag_paths(paths)
    dim = next((t.embedding.shape[0] for t in tagged if t.embedding is not None), 1280)
    n = len(ids)
    rows = ImageRows(list(ids), np.zeros((n, dim), np.float32), np.zeros((n, len(COLOUR_CUES)), np.float32),
                     np.zeros((n, len(TAG_KINDS)), np.float32), np.zeros(n, bool))
    for i, (image, path) in enumerate(zip(tagged, paths, strict=True)):
        colour = colour_cues(path) if image.embedding is not None else None
        if colour is None:
            continue
        rows.embeddings[i], rows.colour[i] = image.embedding, colour
        rows.kinds[i], rows.readable[i] = tag_kind_cues(image.info.tags), True
    log.info("image features: %s of %s images readable", int(rows.readable.sum()), n)
    return rows


def dataset_image_rows(dataset: Dataset, model_name: str = "mobilenet_v2",
                       cache_dir: Path = DEFAULT_CACHE_DIR) -> ImageRows:
    """Image features for every row of `dataset`, from the cache when it matches the file and backbone."""
    cache = Path(cache_dir) / f"{dataset.kind}-{dataset.sha256[:16]}-{model_name}.npz"
    ids = [row.id for row in dataset.rows]
    if cache.is_file():
        with np.load(cache, allow_pickle=False) as saved:
            if list(saved["ids"]) == ids:
                log.info("image features from cache %s", cache)
                return ImageRows(ids, saved["embeddings"], saved["colour"], saved["kinds"], saved["readable"])
    paths_by_id = image_paths(dataset)
    rows = compute_image_rows(ids, [paths_by_id.get(i, Path("/nonexistent")) for i in ids], model_name)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, ids=np.array(ids), embeddings=rows.embeddings, colour=rows.colour, kinds=rows.kinds,
             readable=rows.readable)
    log.info("cached image features in %s", cache)
    return rows
