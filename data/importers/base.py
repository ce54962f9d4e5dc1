"""The seam every importer implements, and the result types they all return.

An importer reads one kind of source (a folder, a CSV, an export) and never raises for a single bad row: bad rows
become `SkippedRow`s naming the file and line, so a user sees exactly what was left out and why. Only a source that
cannot be read at all raises `core.errors.ImportProblem`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from data.importers.text import CUT_NOTE
from data.models import Post

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SkippedRow:
    """One input record left out: `location` is "file:line" (or "file" / "file#item"), `reason` says why."""

    location: str
    reason: str


@dataclass
class ImportResult:
    """Posts read from one source, plus what was skipped and anything the user should know (`warnings`).

    `degraded` lists posts that were kept but lost something on the way (a caption cut to length, an image left
    out or only partly readable), in the same "location, reason" form as `skipped`.
    `details` records how the source was read (e.g. the CSV encoding and how it was found), for logs and reports.
    """

    posts: list[Post] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    degraded: list[SkippedRow] = field(default_factory=list)

    def extend(self, other: ImportResult) -> None:
        """Merge another result into this one (duplicate ids are not re-checked here; use PostCollector)."""
        self.posts.extend(other.posts)
        self.skipped.extend(other.skipped)
        self.warnings.extend(other.warnings)
        self.degraded.extend(other.degraded)


@runtime_checkable
class Importer(Protocol):
    """Reads one kind of source. `detect` must be cheap (a name check or a header peek), never a full parse."""

    kind: str

    def detect(self, path: Path) -> bool:
        """True when `path` looks like this importer's kind of source."""
        ...

    def load(self, path: Path, **options: Any) -> ImportResult:
        """Read the source; raise ImportProblem only when nothing at all can be read."""
        ...


class PostCollector:
    """Builds an ImportResult while enforcing one post per id: the first wins, later ones are skipped duplicates."""

    def __init__(self, kind: str) -> None:
        self.result = ImportResult(kind=kind)
        self._first_seen: dict[str, str] = {}

    def add(self, post: Post, location: str, suffix: str = "") -> bool:
        """Keep `post` unless its id was already seen; returns whether it was kept (`suffix` ends a skip reason)."""
        first = self._first_seen.get(post.id)
        if first is not None:
            self.skip(location, f"duplicate id {post.id!r} (first seen at {first}){suffix}")
            return False
        self._first_seen[post.id] = location
        self.result.posts.append(post)
        for note in post.extras.get("notes") or ():
            if isinstance(note, str) and note.startswith(CUT_NOTE):
                self.degrade(location, note)
        return True

    def skip(self, location: str, reason: str) -> None:
        """Record a record that was left out."""
        logger.debug("skipped %s: %s", location, reason)
        self.result.skipped.append(SkippedRow(location, reason))

    def degrade(self, location: str, reason: str) -> None:
        """Record a kept post that lost something (see ImportResult.degraded)."""
        logger.debug("degraded %s: %s", location, reason)
        self.result.degraded.append(SkippedRow(location, reason))

    def warn(self, message: str) -> None:
        """Record something the user should know that did not cost a post."""
        logger.info("%s", message)
        self.result.warnings.append(message)
