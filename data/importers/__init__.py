"""Importers: every source FeedLens reads, behind one call.

    result = import_source(path)                  # kind autodetected
    result = import_source(path, "senticap", split="test")

Kinds are tried in registry order; specific layouts (evaluation sets, exports) come before the generic CSV and
folder importers, which accept anything of their shape.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from core.errors import ImportProblem
from data.importers.base import Importer, ImportResult, PostCollector, SkippedRow
from data.importers.csv_file import CsvImporter
from data.importers.facebook import FacebookImporter
from data.importers.folder import FolderImporter
from data.importers.instagram import InstagramImporter
from data.importers.mvsa import MvsaImporter
from data.importers.senticap import SenticapImporter
from data.importers.tweeteval import TweetEvalImporter

logger = logging.getLogger(__name__)

__all__ = ["IMPORTERS", "ImportResult", "Importer", "PostCollector", "SkippedRow", "detect_kind", "import_source",
           "register"]

IMPORTERS: dict[str, Importer] = {}
_GENERIC_KINDS = ("csv", "folder")  # accept anything of their shape, so they are asked last


def register(importer: Importer) -> Importer:
    """Add (or replace) an importer under its `kind`; new kinds are detected before csv and folder."""
    IMPORTERS[importer.kind] = importer
    for kind in _GENERIC_KINDS:  # re-append so they stay last, in this order
        if kind in IMPORTERS:
            IMPORTERS[kind] = IMPORTERS.pop(kind)
    return importer


for _importer in (MvsaImporter(), SenticapImporter(), TweetEvalImporter(), InstagramImporter(),
                  FacebookImporter(), CsvImporter(), FolderImporter()):
    register(_importer)


def detect_kind(path: str | Path) -> str:
    """The first registered kind whose importer recognises `path`; ImportProblem when none does."""
    path = Path(path)
    if not path.exists():
        raise ImportProblem(f"{path} does not exist", what="Nothing exists at that path.",
                            fix="Give the full path of a folder, CSV file or export folder on this machine.")
    for kind, importer in IMPORTERS.items():
        if importer.detect(path):
            return kind
    raise ImportProblem(f"don't know how to import {path}; give a folder of photos, a CSV, or an export folder "
                        f"(kinds: {', '.join(IMPORTERS)})",
                        what="FeedLens does not recognise this file: it is not a folder, a CSV table or an export.",
                        fix="Pick a folder of photos, a .csv file, or the folder of an Instagram or Facebook export.")


def import_source(path: str | Path, kind: str | None = None, **options: Any) -> ImportResult:
    """Read one source into posts; bad records are in result.skipped, and only an unreadable source raises."""
    path = Path(path).expanduser()
    if not path.exists():
        raise ImportProblem(f"{path} does not exist", what="Nothing exists at that path.",
                            fix="Give the full path of a folder, CSV file or export folder on this machine.")
    kind = kind or detect_kind(path)
    importer = IMPORTERS.get(kind)
    if importer is None:
        raise ImportProblem(f"unknown source kind {kind!r}; known kinds: {', '.join(IMPORTERS)}")
    result = importer.load(path, **options)
    result.kind = kind
    result.details.setdefault("path", str(path))
    _summarise_media(result)
    _summarise_degraded(result)
    logger.info("imported %s as %s: %d posts, %d skipped, %d warnings", path, kind, len(result.posts),
                len(result.skipped), len(result.warnings))
    return result


def _summarise_media(result: ImportResult) -> None:
    """One warning per kind of media problem, so users learn about missing photos without reading extras."""
    for key, what in (("missing_images", "missing"), ("unreadable_images", "unreadable")):
        count = sum(1 for post in result.posts if post.extras.get(key))
        if count and result.kind != "senticap":
            result.warnings.append(f"{count} posts kept without some images ({what}); the load summary lists them")


def _summarise_degraded(result: ImportResult) -> None:
    """One warning naming how many kept posts lost something, by kind of loss, so it is seen on screen too."""
    if not result.degraded:
        return
    kinds: dict[str, int] = {}
    for row in result.degraded:
        kind = row.reason.split(":")[0].split(" from ")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    what = ", ".join(f"{kind} ({count})" for kind, count in kinds.items())
    result.warnings.append(f"{len(result.degraded)} posts kept with changes: {what}; "
                           f"first: {result.degraded[0].location}: {result.degraded[0].reason}")
