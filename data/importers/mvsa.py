"""MVSA-Single (tweets with their image, post-level sentiment) as an ordinary importer: `posts.csv` + `images/`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from core.errors import ImportProblem
from data.importers.base import ImportResult, PostCollector
from data.importers.rows import Columns, RowSpec, add_rows
from data.importers.tables import peek_header, read_table

HEADER = ["id", "image", "text", "label"]


class MvsaImporter:
    """Accepts the MVSA folder or its posts.csv. Ids are "mvsa:<tweet id>"; labels go to extras["label"]."""

    kind = "mvsa"

    def detect(self, path: Path) -> bool:
        """A posts.csv (or a folder holding one) whose header is exactly id,image,text,label."""
        table = path / "posts.csv" if path.is_dir() else path
        return table.is_file() and table.suffix.lower() == ".csv" and peek_header(table) == HEADER

    def load(self, path: Path, **options: Any) -> ImportResult:
        """Read all rows; MVSA has no split of its own, so extras["split"] is "all"."""
        table_path = path / "posts.csv" if path.is_dir() else path
        if not table_path.is_file():
            raise ImportProblem(f"no MVSA posts.csv at {table_path}")
        table = read_table(table_path, options.get("encoding"))
        spec = RowSpec(id_prefix="mvsa:", source="mvsa", image_root=table_path.parent,
                       extras={"split": "all", "dataset": "mvsa"}, check_images=options.get("check_images", True))
        collector = PostCollector(self.kind)
        add_rows(table, Columns(image="image", caption="text", id="id", label="label"), spec, collector)
        collector.result.details.update(encoding=table.encoding, encoding_method=table.encoding_method)
        return collector.result
