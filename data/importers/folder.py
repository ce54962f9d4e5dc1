"""A folder of photos, each optionally with a same-name `.txt` or `.json` caption sidecar, as posts.

This is the lowest common denominator every user can produce (and the shape of the demo collection). Dates come
from the sidecar, else the photo's EXIF DateTimeOriginal, else the file's mtime; extras["date_source"] says which.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core.errors import ImportProblem
from data.importers.base import ImportResult, PostCollector
from data.importers.dates import BadDate, parse_date
from data.importers.encoding import decode_bytes
from data.importers.images import IMAGE_EXTENSIONS, ImageCheck, check_image, exif_taken_at, mtime_of
from data.importers.text import clean_caption
from data.models import Post

logger = logging.getLogger(__name__)

CAPTION_KEYS = ("caption", "text", "title", "description")
DATE_KEYS = ("created_at", "date", "timestamp", "taken_at", "photoTakenTime")
_SKIP_DIRS = {"__MACOSX", "@eaDir"}
SIDECAR_SUFFIXES = frozenset({".txt", ".json"})


@dataclass
class Sidecar:
    """What a caption sidecar said: caption, date (None if absent), any other simple fields."""

    caption: str = ""
    created_at: datetime | None = None
    meta: dict[str, Any] = field(default_factory=dict)


class SidecarError(ValueError):
    """A sidecar that exists but cannot be read (bad JSON, bad date): its post is skipped, not guessed."""


class FolderImporter:
    """Options: recursive (default True), check_images (default True)."""

    kind = "folder"

    def detect(self, path: Path) -> bool:
        """Any directory (asked last, after the importers that recognise specific layouts)."""
        return path.is_dir()

    def load(self, path: Path, **options: Any) -> ImportResult:
        """One post per image file, in path order so ids and order are the same on every run."""
        if not path.is_dir():
            raise ImportProblem(f"{path} is not a folder", what="Kind 'folder' needs a folder, and this is a file.",
                                fix="Choose the folder that holds the photos, or set Kind to auto-detect.")
        collector = PostCollector(self.kind)
        recursive = options.get("recursive", True)
        images = list_images(path, recursive=recursive)
        if not images:
            collector.warn(f"no images ({', '.join(sorted(IMAGE_EXTENSIONS))}) found in {path}")
        for image in images:
            relative = image.relative_to(path).as_posix()
            try:
                post = image_post(image, relative, options.get("check_images", True))
            except (SidecarError, ImageSkipped) as exc:
                collector.skip(relative, str(exc))
                continue
            if collector.add(post, relative):
                for problem in post.extras.get("unreadable_images", ()):
                    collector.degrade(relative, f"image left out, caption kept: {problem.removeprefix(f'{image}: ')}")
                if post.extras.get("image_caveat"):
                    collector.degrade(relative, f"image {post.extras['image_caveat']}")
        for other, reason in other_files(path, images, recursive=recursive):
            collector.skip(other.relative_to(path).as_posix(), reason)
        return collector.result


def list_images(root: Path, recursive: bool = True) -> list[Path]:
    """Image files under `root`, sorted, ignoring hidden files and OS metadata folders."""
    candidates = root.rglob("*") if recursive else root.glob("*")
    found = []
    for candidate in candidates:
        parts = candidate.relative_to(root).parts
        if any(part.startswith(".") or part in _SKIP_DIRS for part in parts):
            continue
        if candidate.suffix.lower() in IMAGE_EXTENSIONS and candidate.is_file():
            found.append(candidate)
    return sorted(found)


def other_files(root: Path, images: list[Path], recursive: bool = True) -> list[tuple[Path, str]]:
    """Files under `root` that are neither images nor their caption sidecars, each with why it was not read.

    Hidden files and OS metadata folders are left out, as in list_images: nobody put them there on purpose.
    """
    sidecars = {candidate for image in images for candidate in sidecar_candidates(image)}
    listed = set(images)
    candidates = root.rglob("*") if recursive else root.glob("*")
    found = []
    for candidate in candidates:
        parts = candidate.relative_to(root).parts
        if any(part.startswith(".") or part in _SKIP_DIRS for part in parts) or candidate in listed:
            continue
        if candidate in sidecars or not candidate.is_file():
            continue
        if candidate.suffix.lower() in SIDECAR_SUFFIXES:
            found.append((candidate, "no image of the same name, so not a caption sidecar"))
        else:
            found.append((candidate, "not an image or caption sidecar"))
    return sorted(found)


class ImageSkipped(ValueError):
    """An image that cannot be used and has no caption to keep: its post is skipped, with the reason."""


def image_post(image: Path, relative: str, check_images: bool = True) -> Post:
    """The post for one image; raises ImageSkipped when the image is unusable and there is no caption to keep.

    An unusable image with a caption keeps the caption (extras["unreadable_images"] says why the image went);
    a truncated one is kept, since its readable part still tells something (extras["image_caveat"]).
    """
    sidecar = read_sidecar(image)
    caption, notes = clean_caption(sidecar.caption)
    extras: dict[str, Any] = {"location": relative}
    check = check_image(image) if check_images else ImageCheck()
    problem = check.problem
    images: tuple[Path, ...] = (image,)
    if problem:
        if not caption:
            raise ImageSkipped(f"unreadable image and no caption: {problem}")
        extras["unreadable_images"] = [f"{image}: {problem}"]
        images = ()
    elif check.caveat:
        extras["image_caveat"] = check.caveat
    created_at, extras["date_source"] = sidecar.created_at, "sidecar"
    if created_at is None:
        created_at, extras["date_source"] = (exif_taken_at(image) if not problem else None), "exif"
    if created_at is None:
        created_at, extras["date_source"] = mtime_of(image), "mtime"
    if notes:
        extras["notes"] = notes
    if sidecar.meta:
        extras["meta"] = sidecar.meta
    return Post(id=f"folder:{relative}", caption=caption, images=images, created_at=created_at,
                source="folder", extras=extras)


def sidecar_candidates(image: Path) -> tuple[Path, ...]:
    """Where a caption sidecar of `image` may be: photo.json, photo.txt, photo.jpg.json (Google Takeout style)."""
    return image.with_suffix(".json"), image.with_suffix(".txt"), image.with_name(image.name + ".json")


def find_sidecar(image: Path) -> Path | None:
    """The first of sidecar_candidates(image) that exists, or None."""
    return next((candidate for candidate in sidecar_candidates(image) if candidate.is_file()), None)


def read_sidecar(image: Path) -> Sidecar:
    """Read the image's sidecar (empty Sidecar when there is none); raises SidecarError when it is broken."""
    path = find_sidecar(image)
    if path is None:
        return Sidecar()
    try:
        text = decode_bytes(path.read_bytes()).text
    except OSError as exc:
        raise SidecarError(f"cannot read sidecar {path.name}: {exc}") from exc
    if path.suffix.lower() == ".txt":
        return Sidecar(caption=text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SidecarError(f"sidecar {path.name} is not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    return _sidecar_from_json(data, path)


def _sidecar_from_json(data: Any, path: Path) -> Sidecar:
    if isinstance(data, str):
        return Sidecar(caption=data)
    if not isinstance(data, dict):
        raise SidecarError(f"sidecar {path.name} should hold an object with a caption, not {type(data).__name__}")
    caption = next((data[key] for key in CAPTION_KEYS if isinstance(data.get(key), str)), "")
    raw_date = next((data[key] for key in DATE_KEYS if data.get(key) not in (None, "")), None)
    if isinstance(raw_date, dict):  # Google Takeout: {"timestamp": "1555587377", "formatted": ...}
        raw_date = raw_date.get("timestamp")
    try:
        created_at = parse_date(raw_date)
    except BadDate as exc:
        raise SidecarError(f"sidecar {path.name}: {exc}") from exc
    used = set(CAPTION_KEYS) | set(DATE_KEYS)
    meta = {key: value for key, value in data.items()
            if key not in used and isinstance(value, (str, int, float, bool, list))}
    return Sidecar(caption=caption, created_at=created_at, meta=meta)
