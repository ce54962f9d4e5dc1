"""Image facts importers need: which files are images, whether one can be opened, and when it was taken.

Everything here reads file headers only (Pillow opens lazily), so checking thousands of images stays cheap; only
a JPEG or PNG whose last bytes lack the format's end marker is decoded (at reduced scale) to see if it was cut off.
"""
from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
DEFAULT_MAX_PIXELS = 144_000_000  # 12,000 x 12,000: the default of FEEDLENS_IMAGE_MAX_PIXELS
_END_MARKERS = {"JPEG": b"\xff\xd9", "PNG": b"IEND"}
_TAIL_BYTES = 1024


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


@dataclass(frozen=True)
class ImageCheck:
    """What a header check found: `problem` means the image cannot be used ("missing", "unreadable: ...",
    "too large: ..."); `caveat` means it can, but only in part (a truncated download)."""

    problem: str | None = None
    caveat: str | None = None


def pixel_limit() -> int:
    """FEEDLENS_IMAGE_MAX_PIXELS, the limit the image extractors apply too (its default when settings are bad)."""
    from core.errors import FeedLensError
    from core.settings import get_settings

    try:
        return int(get_settings().image_max_pixels)
    except (FeedLensError, ValueError):  # a bad environment is reported by the command that reads it, not here
        return DEFAULT_MAX_PIXELS


@contextmanager
def _quiet_open(path: Path) -> Iterator[Image.Image]:
    """Image.open without Pillow's DecompressionBombWarning: the size is checked against our own limit instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            yield image


def is_file(path: Path) -> bool:
    """Path.is_file() for paths taken from a source: a name no file can have (too long, say) is not a file.

    Path.is_file() raises for such names instead (ENAMETOOLONG), which would abort a whole import over one row.
    """
    try:
        return path.is_file()
    except OSError:
        return False


def check_image(path: Path, max_pixels: int | None = None) -> ImageCheck:
    """Read `path`'s header (and, only when its end looks cut off, its pixels at a reduced scale)."""
    if not is_file(path):
        return ImageCheck("missing")
    _register_heif(path)
    limit = max_pixels or pixel_limit()
    try:
        with _quiet_open(path) as image:
            width, height = image.size
            if width * height > limit:
                return ImageCheck(f"too large: {width}x{height} pixels exceeds the limit of {limit} "
                                  "(FEEDLENS_IMAGE_MAX_PIXELS)")
            caveat = _truncation(image, path)
    except Image.DecompressionBombError:
        return ImageCheck(f"too large: over {limit} pixels (FEEDLENS_IMAGE_MAX_PIXELS)")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        return ImageCheck(f"unreadable: {type(exc).__name__}: {str(exc)[:80]}")
    return ImageCheck(caveat=caveat)


def image_problem(path: Path) -> str | None:
    """None when `path` is a usable image; otherwise "missing", "unreadable: <why>" or "too large: <size>"."""
    return check_image(path).problem


def _truncation(image: Image.Image, path: Path) -> str | None:
    """"truncated: ..." when a JPEG or PNG lacks its end marker and its pixels indeed stop early, else None.

    The end marker is looked for first (cheap); only files without one are decoded, at 1/8 scale for JPEGs, so
    valid files with trailing data (motion photos append a video) are not flagged.
    """
    marker = _END_MARKERS.get(image.format or "")
    if marker is None:
        return None
    with open(path, "rb") as handle:
        handle.seek(max(0, path.stat().st_size - _TAIL_BYTES))
        tail = handle.read()
    if marker in tail:
        return None
    try:
        image.draft("RGB", (64, 64))
        image.load()
    except (OSError, ValueError, SyntaxError) as exc:
        return f"truncated: the file ends early, only part of the picture can be read ({str(exc)[:60]})"
    return None


def exif_taken_at(path: Path) -> datetime | None:
    """EXIF DateTimeOriginal (with OffsetTimeOriginal when present, else read as UTC), or None."""
    _register_heif(path)
    try:
        with _quiet_open(path) as image:
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
