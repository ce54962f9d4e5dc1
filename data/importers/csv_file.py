"""Generic CSV/TSV importer: one post per row, with image, caption, date and id columns found by common names."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from core.errors import ImportProblem
from data.importers.base import ImportResult, PostCollector
from data.importers.rows import RowSpec, add_rows, resolve_columns
from data.importers.tables import read_table

logger = logging.getLogger(__name__)

TABLE_SUFFIXES = frozenset({".csv", ".tsv"})


class CsvImporter:
    """Options: image/caption/date/id/label (column names), encoding, delimiter, image_root, check_images."""

    kind = "csv"

    def detect(self, path: Path) -> bool:
        """Any .csv/.tsv file (evaluation-set importers with known headers are asked first)."""
        return path.is_file() and path.suffix.lower() in TABLE_SUFFIXES

    def load(self, path: Path, **options: Any) -> ImportResult:
        """Read every row; rows of the wrong width or with bad dates are skipped with "file:line reason"."""
        table = read_table(path, options.get("encoding"), options.get("delimiter"))
        columns = resolve_columns(table.header, **{role: options.get(role) for role in
                                                   ("image", "caption", "date", "id", "label")})
        missing = [(role, name) for role, name in columns.__dict__.items() if name and name not in table.header]
        if missing:
            role, name = missing[0]
            asked = f"--{role}-column" if role in ("image", "caption", "date", "id") else f"the {role} option"
            raise ImportProblem(f"{path} has no column {name!r} (asked for with {asked}); "
                                f"its columns are: {', '.join(table.header)}",
                                what=f"The CSV has no column named {name!r}.",
                                fix=f"Use one of its columns: {', '.join(table.header)}.")
        if columns.image is None and columns.caption is None:
            raise ImportProblem(f"{path}: found neither an image nor a caption column in {table.header}; "
                                "name them with --image-column and --caption-column",
                                what="FeedLens found no caption column and no image column in this CSV.",
                                fix="Say which column holds the caption (and which the photo's file name); its "
                                    f"columns are: {', '.join(table.header)}.")
        spec = RowSpec(id_prefix=f"csv:{path.stem}:", source=str(path),
                       image_root=Path(options.get("image_root") or path.parent),
                       check_images=options.get("check_images", True))
        collector = PostCollector(self.kind)
        add_rows(table, columns, spec, collector)
        result = collector.result
        result.details.update(encoding=table.encoding, encoding_method=table.encoding_method,
                              columns=columns.__dict__)
        if table.hint:
            collector.warn(f"{path.name}: {table.hint}")
        if table.encoding_method not in ("utf-8", "bom", "given"):
            collector.warn(f"{path.name}: not UTF-8; read as {table.encoding} ({table.encoding_method})")
        return result
