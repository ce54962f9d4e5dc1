"""SentiCap (COCO captions rewritten positive/negative) as an ordinary importer.

Only some captioned images ship with the data, so posts whose image file is absent keep `images=()` rather than
being dropped: caption-only evaluation still uses them.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from core.errors import ImportProblem
from data.importers.base import ImportResult, PostCollector
from data.importers.rows import Columns, RowSpec, row_to_post
from data.importers.tables import peek_header, read_table

HEADER = ["filename", "is_positive_sentiment", "caption"]
SPLITS = ("train", "val", "test")
_SPLIT_FILE = re.compile(r"^senticap_(train|val|test)\.csv$", re.IGNORECASE)
_LABELS = {"1": "positive", "0": "negative"}


class SenticapImporter:
    """Accepts the SentiCap folder (option split="train"|"val"|"test", default all) or one senticap_*.csv."""

    kind = "senticap"

    def detect(self, path: Path) -> bool:
        """A senticap_<split>.csv, or a folder holding one, with SentiCap's header."""
        files = sorted(path.glob("senticap_*.csv")) if path.is_dir() else [path]
        return any(_SPLIT_FILE.match(f.name) and peek_header(f) == HEADER for f in files if f.is_file())

    def load(self, path: Path, **options: Any) -> ImportResult:
        """Ids are "senticap:<split>:<filename>#<n>", n counting that image's captions within the split."""
        collector = PostCollector(self.kind)
        for split, csv_path in _split_files(path, options.get("split")):
            self._load_split(csv_path, split, collector, options)
        return collector.result

    def _load_split(self, csv_path: Path, split: str, collector: PostCollector, options: dict[str, Any]) -> None:
        table = read_table(csv_path, options.get("encoding"))
        collector.result.skipped.extend(table.skipped)
        images = Path(options.get("image_root") or csv_path.parent / "images")
        spec = RowSpec(id_prefix="", source="senticap", image_root=images, label_map=_LABELS,
                       extras={"split": split, "dataset": "senticap"}, check_images=options.get("check_images", True))
        columns = Columns(image="filename", caption="caption", label="is_positive_sentiment")
        seen: dict[str, int] = {}
        for line, row in table.rows:
            location = f"{csv_path.name}:{line}"
            # as in add_rows: a left-out record over several lines names them all (a stray quote may join rows)
            spans = f" (the record spans lines {line}-{table.spans[line]})" if line in table.spans else ""
            post = row_to_post(row, columns, spec, location)
            if post is None:
                collector.skip(location, f"empty row: no caption and no image{spans}")
                continue
            filename = row.get("filename", "").strip()
            seen[filename] = seen.get(filename, 0) + 1
            post.extras.pop("missing_images", None)  # expected: most COCO images are not shipped
            post.extras["image_name"] = filename
            collector.add(replace(post, id=f"senticap:{split}:{filename}#{seen[filename]}"), location, spans)


def _split_files(path: Path, split: str | None) -> list[tuple[str, Path]]:
    """(split, csv path) pairs to read, in train/val/test order; a single file is its own split."""
    if split is not None and split not in SPLITS:
        raise ImportProblem(f"unknown SentiCap split {split!r}; use one of {', '.join(SPLITS)}")
    if path.is_file():
        match = _SPLIT_FILE.match(path.name)
        return [(match.group(1).lower() if match else path.stem, path)]
    wanted = [split] if split else list(SPLITS)
    found = [(name, path / f"senticap_{name}.csv") for name in wanted if (path / f"senticap_{name}.csv").is_file()]
    if not found:
        raise ImportProblem(f"no senticap_{split or '{train,val,test}'}.csv in {path}")
    return found
