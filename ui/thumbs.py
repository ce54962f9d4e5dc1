"""Small JPEG thumbnails cached on disk under <home>/thumbs, so the grid never ships full-size photos.

The cache key is the image path plus its size and mtime: an edited photo gets a new thumbnail, an unchanged one
is read from disk in well under a millisecond. JPEGs are decoded with `draft()` (DCT scaling), which makes a
12-megapixel photo's thumbnail ~10x cheaper than a full decode.
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

THUMB_SIZE = 320  # px wide, 4:3 centre crop so grid cards line up; sharp in a 4-column grid, ~10-25 kB each
QUALITY = 80


def thumb_dir(home: Path) -> Path:
    return Path(home) / "thumbs"


def _cache_name(source: Path, size: int) -> str | None:
    try:
        stat = source.stat()
    except OSError:
        return None
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{size}"
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest() + ".jpg"


def _render(source: Path, target: Path, size: int) -> None:
    from PIL import Image, ImageOps

    with Image.open(source) as img:
        img.draft("RGB", (size, size))  # JPEG only: decode at reduced scale
        img = ImageOps.exif_transpose(img)
        img = ImageOps.fit(img, (size, size * 3 // 4))
        if img.mode != "RGB":
            img = img.convert("RGB")
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        img.save(tmp, "JPEG", quality=QUALITY, optimize=True)
    os.replace(tmp, target)  # atomic: two sessions rendering one photo never leave half a file


def thumbnail(home: Path, image_path: str | None, size: int = THUMB_SIZE) -> Path | None:
    """The cached 4:3 thumbnail of an image, made on first use; None when the image is missing or unreadable."""
    if not image_path:
        return None
    source = Path(image_path)
    name = _cache_name(source, size)
    if name is None:
        return None
    target = thumb_dir(home) / name[:2] / name
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _render(source, target, size)
    except Exception as exc:  # noqa: BLE001 - any decoder error: show the placeholder, never break the grid
        log.warning("cannot make a thumbnail of %s: %s", source, exc)
        return None
    return target
