"""The one Post model every importer produces and every extractor reads."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MAX_CAPTION_CHARS = 20_000  # longer captions are cut (and the cut is recorded); 100 kB captions must not stall models


@dataclass(frozen=True)
class Post:
    """A social-media post: a caption and zero or more images.

    `id` is stable across re-imports of the same source (importers derive it from the source's own ids or from
    the file path), so re-running a load updates nodes instead of duplicating them.
    """

    id: str
    caption: str = ""
    images: tuple[Path, ...] = ()
    created_at: datetime | None = None
    source: str = ""
    extras: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a Post needs a non-empty id")
        if self.created_at is not None and self.created_at.tzinfo is None:
            object.__setattr__(self, "created_at", self.created_at.replace(tzinfo=UTC))

    @property
    def image(self) -> Path | None:
        return self.images[0] if self.images else None

    @property
    def created_iso(self) -> str | None:
        """ISO-8601 UTC string: sorts correctly as text in both Neo4j and FalkorDB."""
        if self.created_at is None:
            return None
        return self.created_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def content_hash(self) -> str:
        """Hash of what the extractors read: caption text and image bytes (a missing image hashes as missing).

        Computed once per Post object: the loader checks it before extracting and stores it after writing.
        """
        cached = self.__dict__.get("_content_hash")
        if cached is None:
            cached = self._compute_content_hash()
            self.__dict__["_content_hash"] = cached  # frozen dataclass: memo goes straight into __dict__
        return cached

    def _compute_content_hash(self) -> str:
        digest = hashlib.blake2b(digest_size=16)
        digest.update(self.caption.encode("utf-8", "surrogatepass"))
        for path in self.images:
            digest.update(b"\x00img\x00")
            try:
                with open(path, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
            except OSError:
                digest.update(b"<missing>" + str(path).encode("utf-8", "surrogatepass"))
        return digest.hexdigest()
