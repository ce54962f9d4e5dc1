"""Cheap hand-made image cues that may carry sentiment the ImageNet embedding does not: colour and tag kinds.

Colour statistics (brightness, saturation, colourfulness, contrast, warmth) come from a tiny decode of the file
(JPEG DCT scaling makes that a few milliseconds); tag-kind cues (is there a person, food, an animal...) come for
free from the tags the vision tagger already wrote. Whether they help is measured on the MVSA dev split by
`python -m research.training.train_image_sentiment`; a head records which cue groups it uses, and the extractor only
computes those.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np

from extractors.base import ImageTag

COLOUR_CUES: tuple[str, ...] = ("brightness", "saturation", "colourfulness", "contrast", "warmth")
TAG_KINDS: tuple[str, ...] = (
    "person", "animal", "food", "drink", "scene", "clothing", "sport", "vehicle", "building", "plant",
)
CUE_SIDE = 64  # pixels: colour statistics need no detail


def colour_cues_of_array(pixels: np.ndarray) -> np.ndarray:
    """The five colour cues, each roughly in 0..1, from an HxWx3 uint8 RGB array."""
    rgb = np.asarray(pixels, dtype=np.float32).reshape(-1, 3) / 255.0
    r, g, b = rgb[:, 0], rgb[:, 1], rgb[:, 2]
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    high, low = rgb.max(axis=1), rgb.min(axis=1)
    saturation = np.where(high > 0, (high - low) / np.maximum(high, 1e-6), 0.0)
    rg, yb = r - g, 0.5 * (r + g) - b  # Hasler & Suesstrunk (2003) colourfulness
    colourfulness = np.sqrt(rg.std() ** 2 + yb.std() ** 2) + 0.3 * np.sqrt(rg.mean() ** 2 + yb.mean() ** 2)
    return np.array(
        [luminance.mean(), saturation.mean(), colourfulness, luminance.std(), (r - b).mean()], dtype=np.float32
    )


def colour_cues(path: str | Path) -> np.ndarray | None:
    """Colour cues of an image file, or None when it cannot be read (the caller then skips the image)."""
    from extractors.vision.decode import open_rgb

    image, _info, _note = open_rgb(path, max_side=CUE_SIDE, draft_side=CUE_SIDE)
    if image is None:
        return None
    with image:
        return colour_cues_of_array(np.asarray(image))


def tag_kind_cues(tags: Iterable[ImageTag]) -> np.ndarray:
    """Per kind in TAG_KINDS, the highest score of a tag of that kind (0 when none): 'is there a person?'."""
    out = np.zeros(len(TAG_KINDS), dtype=np.float32)
    for tag in tags:
        if tag.kind in TAG_KINDS:
            i = TAG_KINDS.index(tag.kind)
            out[i] = max(out[i], float(tag.score))
    return out
