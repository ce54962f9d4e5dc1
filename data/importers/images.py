"""Image facts importers need: which files are images, whether one can be opened, and when it was taken.

Everything here reads file headers only (Pillow opens lazily), so checking thousands of images stays cheap.
"""
from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from PIL import Image, UnidentifiedImageError

logger = logging.getLogger(__name__)

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".bmp", ".tif", ".tiff"})
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_DATETIME = 0x0132
_heif_registered = False


def _register_heif(path: Path) -> None:
    """Teach Pillow HEIC only when a HEIC file shows up; pillow-heif is optional."""
    global _heif_registered
    if _heif_registered or path.suffix.lower() not in {".heic", ".heif"}:
        return
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        logger.warning("pillow-heif is not installed; HEIC images cannot be read (pip install pillow-heif)")
        return
    register_heif_opener()
    _heif_registered = True


def image_problem(path: Path) -> str | None:
    """None when `path` is an image Pillow can identify; otherwise "missing" or "unreadable: <why>"."""
    if not path.is_file():
        return "missing"
    _register_heif(path)
    try:
        with Image.open(path) as image:
            image.size  # noqa: B018 - identification reads the header and size; that is the check
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        return f"unreadable: {type(exc).__name__}: {str(exc)[:80]}"
    return None


def exif_taken_at(path: Path) -> datetime | None:
    """EXIF DateTimeOriginal (with OffsetTimeOriginal when present, else read as UTC), or None."""
    _register_heif(path)
    try:
        with Image.open(path) as image:
            exif = image.getexif()
            sub = exif.get_ifd(_EXIF_IFD)
            raw = sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
            offset = sub.get(_OFFSET_TIME_ORIGINAL)
    except Exception as exc:  # noqa: BLE001 - EXIF in the wild is arbitrarily broken; a date is optional
        logger.debug("no EXIF date in %s: %s", path, exc)
        return None
    if not isinstance(raw, str):
        return None
    try:
        moment = datetime.strptime(raw.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=_parse_offset(offset))


def _parse_offset(offset: object) -> timezone:
    """EXIF offsets look like "+02:00"; anything else means UTC."""
    if isinstance(offset, str) and len(offset) >= 6 and offset[0] in "+-":
        try:
            hours, minutes = int(offset[1:3]), int(offset[4:6])
        except ValueError:
            return UTC
        sign = -1 if offset[0] == "-" else 1
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    return UTC


def mtime_of(path: Path) -> datetime:
    """File modification time as an aware UTC datetime (the last resort for when a photo was posted)."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
