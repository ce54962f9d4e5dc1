"""The ImageNet-1k class -> FeedLens tag table (`imagenet_tags.csv`) and its parent-tag hierarchy.

Why a table: ImageNet labels are too fine-grained for search ("malamute", "espresso", "seashore") and no
WordNet data installs offline, so FeedLens maps each of the 1,000 classes to a broad, lower-case tag, a kind
from a fixed set, and optionally a parent tag (dog -> animal, apple -> fruit) so one image can yield both.
A tag's parent may itself have a parent (chicken -> bird -> animal); the chain is resolved here.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE_PATH = Path(__file__).with_name("imagenet_tags.csv")
NUM_CLASSES = 1000

TAG_KINDS: frozenset[str] = frozenset(
    {
        "animal", "plant", "food", "drink", "scene", "building", "vehicle", "clothing",
        "person", "sport", "music", "electronics", "furniture", "object",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ClassTag:
    """One ImageNet class and the FeedLens tag it maps to."""

    index: int
    imagenet_label: str
    tag: str
    kind: str
    parent: str  # "" when the tag has no broader tag


@dataclass(frozen=True)
class TagTable:
    """All 1,000 rows plus the lookups the tagger needs (tag -> kind, tag -> ancestor chain)."""

    classes: tuple[ClassTag, ...]
    kinds: dict[str, str]
    parents: dict[str, str]

    def ancestors(self, tag: str) -> tuple[str, ...]:
        """Broader tags of `tag`, nearest first (chicken -> ("bird", "animal"))."""
        chain: list[str] = []
        current = self.parents.get(tag, "")
        while current and current not in chain:
            chain.append(current)
            current = self.parents.get(current, "")
        return tuple(chain)

    def kind_of(self, tag: str) -> str:
        return self.kinds.get(tag, "object")

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every tag the table can emit, parents included."""
        return frozenset(self.kinds)


def _build(rows: list[ClassTag]) -> TagTable:
    kinds: dict[str, str] = {}
    parents: dict[str, str] = {}
    for row in rows:
        kinds.setdefault(row.tag, row.kind)
        parents.setdefault(row.tag, row.parent)
    for row in rows:  # a parent that is never a class tag itself takes its child's kind (dog -> "animal")
        if row.parent and row.parent not in kinds:
            kinds[row.parent] = row.kind
            parents.setdefault(row.parent, "")
    return TagTable(classes=tuple(rows), kinds=kinds, parents=parents)


@lru_cache(maxsize=4)
def load_tag_table(path: Path = TABLE_PATH) -> TagTable:
    """Read and validate the table; a malformed table is a packaging bug, so this raises ValueError."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = [
            ClassTag(int(r["index"]), r["imagenet_label"], r["tag"], r["kind"], r["parent"])
            for r in csv.DictReader(handle)
        ]
    if [r.index for r in rows] != list(range(NUM_CLASSES)):
        raise ValueError(f"{path} must list ImageNet classes 0..{NUM_CLASSES - 1} in order")
    bad = sorted({r.kind for r in rows} - TAG_KINDS)
    if bad:
        raise ValueError(f"{path} uses unknown kinds {bad}; allowed: {sorted(TAG_KINDS)}")
    return _build(rows)
