"""Turn table rows into Posts: the step the generic CSV importer and the evaluation-set importers share.

Column names are resolved once per table; each row then becomes a Post or a SkippedRow with "file:line reason".
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data.importers.base import PostCollector
from data.importers.dates import BadDate, parse_date
from data.importers.images import ImageCheck, check_image, is_file
from data.importers.tables import Table
from data.importers.text import clean_caption
from data.models import Post

# common column names, most specific first; matched case-insensitively
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "image": ("image", "image_path", "imagepath", "image_file", "filename", "file", "path", "photo", "picture",
              "img", "media", "media_path"),
    "caption": ("caption", "text", "title", "description", "message", "body", "post", "content", "tweet"),
    "date": ("created_at", "date", "timestamp", "datetime", "time", "taken_at", "posted_at", "published"),
    "id": ("id", "post_id", "tweet_id", "uid", "guid"),
    "label": ("label", "sentiment", "polarity"),
}
LABELS = {"negative": "negative", "neg": "negative", "neutral": "neutral", "neu": "neutral",
          "positive": "positive", "pos": "positive"}


@dataclass(frozen=True)
class Columns:
    """Which header column holds each Post field (None: the table has no such column)."""

    image: str | None = None
    caption: str | None = None
    date: str | None = None
    id: str | None = None
    label: str | None = None


def resolve_columns(header: list[str], **given: str | None) -> Columns:
    """Map Post fields to header names: explicit `given` names win, else the first alias present in the header."""
    by_lower = {name.lower(): name for name in header}
    chosen: dict[str, str | None] = {}
    for role, aliases in COLUMN_ALIASES.items():
        explicit = given.get(role)
        if explicit:
            chosen[role] = by_lower.get(explicit.lower(), explicit)
        else:
            chosen[role] = next((by_lower[alias] for alias in aliases if alias in by_lower), None)
    return Columns(**chosen)


@dataclass(frozen=True)
class RowSpec:
    """How a table's rows become Posts: id prefix, source name, image folder, label mapping, fixed extras."""

    id_prefix: str
    source: str
    image_root: Path
    label_map: Mapping[str, str] | None = None
    extras: Mapping[str, Any] | None = None
    check_images: bool = True


def add_rows(table: Table, columns: Columns, spec: RowSpec, collector: PostCollector) -> None:
    """Convert every row of `table` and add it to `collector` (rows of the wrong shape were skipped on reading)."""
    collector.result.skipped.extend(table.skipped)
    for line, row in table.rows:
        location = f"{table.path.name}:{line}"
        # a row over several lines that is left out may hold rows swallowed by a stray quote: name every line
        spans = f" (the record spans lines {line}-{table.spans[line]})" if line in table.spans else ""
        try:
            post = row_to_post(row, columns, spec, location)
        except BadDate as exc:
            collector.skip(location, f"column {columns.date!r}: {exc}{spans}")
            continue
        if post is None:
            collector.skip(location, f"empty row: no caption and no image{spans}")
            continue
        if collector.add(post, location, spans):
            for problem in post.extras.get("unreadable_images", ()):
                collector.degrade(location, f"image left out: {problem}")
            if post.extras.get("image_caveat"):
                collector.degrade(location, f"image {post.extras['image_caveat']}")


def row_to_post(row: Mapping[str, str], columns: Columns, spec: RowSpec, location: str) -> Post | None:
    """One row as a Post, or None when it has neither caption nor image; raises BadDate for an unreadable date."""
    caption, notes = clean_caption(_get(row, columns.caption))
    image_value = _get(row, columns.image).strip()
    created_at = parse_date(_get(row, columns.date).strip())
    extras: dict[str, Any] = dict(spec.extras or {})
    extras["location"] = location
    images = _resolve_image(image_value, spec, extras)
    if not caption and not image_value:
        return None
    label = _get(row, columns.label).strip()
    if label:
        extras["label"] = normalise_label(label, spec.label_map)
    if notes:
        extras["notes"] = notes
    raw_id = _get(row, columns.id).strip()
    post_id = spec.id_prefix + (raw_id or _content_id(image_value, caption, created_at))
    return Post(id=post_id, caption=caption, images=images, created_at=created_at, source=spec.source,
                extras=extras)


def normalise_label(value: str, label_map: Mapping[str, str] | None = None) -> str:
    """Map a raw label to negative/neutral/positive via `label_map` or common spellings; unknown ones stay as is."""
    key = value.strip().lower()
    if label_map and key in label_map:
        return label_map[key]
    return LABELS.get(key, key)


def _get(row: Mapping[str, str], column: str | None) -> str:
    return (row.get(column) or "") if column else ""


def _resolve_image(value: str, spec: RowSpec, extras: dict[str, Any]) -> tuple[Path, ...]:
    """The image path as a tuple of one readable file; URLs and missing/unreadable files go into extras."""
    if not value:
        return ()
    if value.startswith(("http://", "https://")):
        extras["image_url"] = value
        return ()
    path = Path(value) if Path(value).is_absolute() else spec.image_root / value
    if not is_file(path) and is_file(spec.image_root / "images" / value):
        path = spec.image_root / "images" / value  # the common "table next to an images/ folder" layout
    check = check_image(path) if spec.check_images else ImageCheck(None if is_file(path) else "missing")
    problem = check.problem
    if check.caveat:
        extras["image_caveat"] = check.caveat
    if problem == "missing":
        extras["missing_images"] = [str(path)]
        return ()
    if problem:
        extras["unreadable_images"] = [f"{path}: {problem}"]
        return ()
    return (path,)


def _content_id(image: str, caption: str, created_at: object) -> str:
    """A stable id for rows without one: same image, caption and date give the same id on every import."""
    digest = hashlib.blake2b(f"{image}\x00{caption}\x00{created_at}".encode("utf-8", "surrogatepass"), digest_size=8)
    return digest.hexdigest()
