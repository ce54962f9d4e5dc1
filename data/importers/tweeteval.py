"""TweetEval sentiment (text-only tweets) as an ordinary importer: `<split>.csv` with columns text,label."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import ImportProblem
from data.importers.base import ImportResult, PostCollector
from data.importers.rows import Columns, RowSpec, add_rows
from data.importers.tables import peek_header, read_table

HEADER = ["text", "label"]
SPLITS = ("train", "val", "test")
_LABELS = {"0": "negative", "1": "neutral", "2": "positive"}  # the numeric coding of the original release


class TweetEvalImporter:
    """Accepts the TweetEval folder (option split, default all present) or one split CSV; ids by line number.

    TweetEval has no ids of its own; the file is a fixed release, so "tweeteval:<split>:<line>" is stable.
    """

    kind = "tweeteval"

    def detect(self, path: Path) -> bool:
        """A train/val/test CSV, or a folder holding one, whose header is exactly text,label."""
        if path.is_file() and path.stem not in SPLITS:
            return False
        return bool(_split_files(path, None, strict=False))

    def load(self, path: Path, **options: Any) -> ImportResult:
        """Read the splits; labels (words or 0/1/2) become negative/neutral/positive in extras["label"]."""
        collector = PostCollector(self.kind)
        files = _split_files(path, options.get("split"), strict=True)
        for split, csv_path in files:
            table = read_table(csv_path, options.get("encoding"))
            spec = RowSpec(id_prefix=f"tweeteval:{split}:", source="tweeteval", image_root=csv_path.parent,
                           label_map=_LABELS, extras={"split": split, "dataset": "tweeteval"})
            numbered = [(line, {**row, "_line": str(line)}) for line, row in table.rows]
            table.rows = numbered
            add_rows(table, Columns(caption="text", label="label", id="_line"), spec, collector)
        return collector.result


def _split_files(path: Path, split: str | None, strict: bool) -> list[tuple[str, Path]]:
    """(split, csv) pairs with TweetEval's header; with strict, raise ImportProblem when there are none."""
    if split is not None and split not in SPLITS:
        raise ImportProblem(f"unknown TweetEval split {split!r}; use one of {', '.join(SPLITS)}")
    if path.is_file():
        candidates = [(path.stem, path)]
    else:
        candidates = [(name, path / f"{name}.csv") for name in ([split] if split else SPLITS)]
    found = [(name, csv) for name, csv in candidates if csv.is_file() and peek_header(csv) == HEADER]
    if strict and not found:
        raise ImportProblem(f"no TweetEval CSV (columns text,label) at {path}")
    return found
