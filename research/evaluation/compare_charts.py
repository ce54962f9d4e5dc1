"""PNG charts and thumbnails for the caption vs image vs fused comparison (matplotlib Agg, small files)."""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

from research.evaluation.results import Comparison

log = logging.getLogger(__name__)

TITLES = {"caption": "caption only", "image": "image only", "combined": "caption + image"}
THUMB_SIDE = 96


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def confusion_chart(comparison: Comparison, path: Path) -> Path:
    """Three confusion matrices side by side (rows gold, columns predicted), counts in the cells."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.2), dpi=80)
    for ax, (source, title) in zip(axes, TITLES.items()):
        matrix = np.array(comparison.scores[source].confusion)
        ax.imshow(matrix, cmap="Blues")
        for (r, c), value in np.ndenumerate(matrix):
            ax.text(c, r, str(value), ha="center", va="center", color="black" if value < matrix.max() / 2 else "white")
        short = [label[:3] for label in comparison.labels]
        ax.set_xticks(range(len(short)), short)
        ax.set_yticks(range(len(short)), short)
        ax.set_xlabel("predicted")
        ax.set_title(f"{title}\nacc {comparison.scores[source].accuracy:.3f}", fontsize=10)
    axes[0].set_ylabel("gold")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def f1_chart(comparison: Comparison, path: Path, anchors: dict[str, tuple[float, float]] | None = None) -> Path:
    """Per-class F1 bars for the three sources, plus macro-F1 (with the published anchors as lines)."""
    plt = _pyplot()
    groups = [*comparison.labels, "macro-F1"]
    fig, ax = plt.subplots(figsize=(7.6, 3.6), dpi=80)
    width = 0.27
    for k, (source, title) in enumerate(TITLES.items()):
        s = comparison.scores[source]
        values = [s.f1[label] for label in comparison.labels] + [s.macro_f1]
        ax.bar(np.arange(len(groups)) + (k - 1) * width, values, width, label=title)
    styles = iter(("--", ":", "-."))
    for name, (_acc, macro_f1) in (anchors or {}).items():
        x = len(groups) - 1
        ax.hlines(macro_f1, x - 0.45, x + 0.45, linestyles=next(styles), linewidth=1.2, color="black",
                  label=f"anchor: {name} {macro_f1:.3f}")
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylim(0, 1)
    ax.set_ylabel("F1")
    ax.legend(fontsize=7, loc="upper left", ncol=2)
    ax.set_title(f"{comparison.dataset.name}: F1 per class (n={len(comparison.gold)})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def thumbnail(image_path: Path, post_id: str, folder: Path) -> str | None:
    """A 96-pixel JPEG of the post's image, named by a hash of the post id; its file name, None if unreadable."""
    from extractors.vision.decode import open_rgb

    image, _info, _note = open_rgb(image_path, max_side=THUMB_SIDE, draft_side=THUMB_SIDE)
    if image is None:
        return None
    name = f"post-{hashlib.sha256(post_id.encode()).hexdigest()[:12]}.jpg"
    with image:
        image.save(folder / name, "JPEG", quality=70, optimize=True)
    return name
