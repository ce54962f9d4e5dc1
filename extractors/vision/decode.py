"""Turn any image file a post points at into a model-ready RGB array, or a recorded error; never raise.

Social-media exports hold every kind of file: CMYK and progressive JPEGs, palette PNGs with transparency,
16-bit scans, animated GIFs, iPhone HEIC, huge panoramas, truncated downloads and files that are not images at
all. One bad file must not sink a batch, so `decode_image` returns an ImageInfo with `error` set instead.

Decisions:
- JPEGs decode at reduced scale through `Image.draft` (libjpeg DCT scaling): a 4000x3000 photo decodes about
  8x faster and the model only needs 224x224 anyway.
- Truncated files (interrupted downloads) are decoded partially when `allow_truncated` (the default): the
  missing rows come out grey, the tags usually still hold, and a note says so. Pillow only offers the global
  `ImageFile.LOAD_TRUNCATED_IMAGES` switch, so it is flipped for the retry only, under a lock.
- The pixel limit is our own check on the header size before any pixel is decoded, with an error that names
  the setting. Pillow's own bomb guard (2x its MAX_IMAGE_PIXELS) still applies and gets the same message.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from extractors.base import ImageInfo

logger = logging.getLogger(__name__)

DEFAULT_MAX_PIXELS = 144_000_000  # 12,000 x 12,000; FEEDLENS_IMAGE_MAX_PIXELS
_TRUNCATED_LOCK = threading.Lock()
_HEIF_LOCK = threading.Lock()
_heif_state: dict[str, bool] = {}
_ROTATING_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_SIXTEEN_BIT_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N", "F"}
_WHITE = (255, 255, 255)


@dataclass
class DecodedImage:
    """One decoded image: `pixels` is size x size x 3 uint8 (None when `info.error` is set)."""

    info: ImageInfo
    pixels: np.ndarray | None = None
    note: str | None = None  # a recorded caveat, e.g. partial decode of a truncated file


class _DecodeFailure(Exception):
    """Internal: carries the user-facing reason an image could not be decoded (and its size, if known)."""

    def __init__(self, reason: str, width: int | None = None, height: int | None = None, fmt: str | None = None):
        super().__init__(reason)
        self.width, self.height, self.format = width, height, fmt


def _register_heif() -> bool:
    """Register pillow-heif's opener once; False when the package is absent (HEIC files then get an error)."""
    with _HEIF_LOCK:
        if "ok" not in _heif_state:
            try:
                import pillow_heif

                pillow_heif.register_heif_opener()
                _heif_state["ok"] = True
            except ImportError:
                _heif_state["ok"] = False
        return _heif_state["ok"]


def _open(path: Path, draft_side: int, max_pixels: int) -> tuple[Image.Image, int, int, str]:
    """Open lazily, check the pixel budget, request a reduced JPEG decode; returns image, w, h, format."""
    try:
        image = Image.open(path)
    except FileNotFoundError:
        raise _DecodeFailure("file not found") from None
    except Image.DecompressionBombError:
        raise _DecodeFailure(f"image too large: over {max_pixels} pixels (FEEDLENS_IMAGE_MAX_PIXELS)") from None
    except UnidentifiedImageError:
        if path.suffix.lower() in {".heic", ".heif"} and not _register_heif():
            raise _DecodeFailure("HEIC image needs pillow-heif: pip install pillow-heif") from None
        raise _DecodeFailure("not an image or an unsupported format") from None
    width, height = image.size
    fmt = image.format or path.suffix.lstrip(".").upper() or None
    if width * height > max_pixels:
        image.close()
        raise _DecodeFailure(
            f"image too large: {width}x{height} pixels exceeds the limit of {max_pixels} (FEEDLENS_IMAGE_MAX_PIXELS)",
            width, height, fmt,
        )
    if fmt == "JPEG" and draft_side:
        image.draft("RGB", (draft_side, draft_side))
    orientation = _orientation(image)
    if orientation in _ROTATING_ORIENTATIONS:
        width, height = height, width
    return image, width, height, fmt


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1) or 1)
    except Exception:  # noqa: BLE001 - broken EXIF blocks are common, fail in many ways and must not fail the image
        return 1


def _load(
    path: Path, draft_side: int, max_pixels: int, allow_truncated: bool
) -> tuple[Image.Image, int, int, str, str | None]:
    """Open and decode, retrying a truncated file in partial mode; returns image, w, h, format, note."""
    image, width, height, fmt = _open(path, draft_side, max_pixels)
    try:
        image.load()
        return image, width, height, fmt, None
    except (OSError, SyntaxError, ValueError) as exc:
        image.close()
        if not allow_truncated:
            raise _DecodeFailure(f"truncated or corrupt image data ({exc})") from None
        reason = str(exc)
    with _TRUNCATED_LOCK:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = True
        try:
            image, width, height, fmt = _open(path, draft_side, max_pixels)
            image.load()
        except (OSError, SyntaxError, ValueError) as exc:
            raise _DecodeFailure(f"corrupt image data ({exc})") from None
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous
    return image, width, height, fmt, f"decoded partially: {reason}"


def to_rgb(image: Image.Image) -> Image.Image:
    """Any Pillow mode to 8-bit RGB: alpha composited on white, 16-bit scaled down, CMYK/P/L/YCbCr converted."""
    if image.mode in _SIXTEEN_BIT_MODES:
        values = np.asarray(image, dtype=np.float32)
        top = 65535.0 if values.max(initial=0.0) > 255 else 255.0
        image = Image.fromarray(np.clip(values * (255.0 / top), 0, 255).astype(np.uint8), mode="L")
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in {"LA", "PA", "La", "RGBa"}:
        image = image.convert("RGBA")
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, _WHITE)
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def resize_center_crop(image: Image.Image, size: int, resize_side: int) -> np.ndarray:
    """Shorter side to `resize_side`, then the central size x size square (the ImageNet evaluation recipe)."""
    width, height = image.size
    scale = resize_side / min(width, height)
    new_w, new_h = max(size, round(width * scale)), max(size, round(height * scale))
    image = image.resize((new_w, new_h), Image.Resampling.BILINEAR, reducing_gap=3.0)
    left, top = (new_w - size) // 2, (new_h - size) // 2
    return np.asarray(image.crop((left, top, left + size, top + size)), dtype=np.uint8)


def open_rgb(
    path: str | Path,
    index: int = 0,
    max_side: int | None = 448,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    allow_truncated: bool = True,
    draft_side: int | None = None,
) -> tuple[Image.Image | None, ImageInfo, str | None]:
    """The whole image as upright RGB, shrunk to fit `max_side` (for HF processors that resize themselves).

    `draft_side`: JPEGs decode at the smallest DCT scale keeping both sides >= it (default `max_side`).
    Returns (image or None, ImageInfo of the original, note). Never raises; see `decode_image`.
    """
    path = Path(path)
    info = ImageInfo(index=index)
    if path.suffix.lower() in {".heic", ".heif"}:
        _register_heif()
    try:
        draft = draft_side or max_side or 0
        image, info.width, info.height, info.format, note = _load(path, draft, max_pixels, allow_truncated)
        with image:
            if getattr(image, "is_animated", False):
                image.seek(0)
            upright = ImageOps.exif_transpose(image) or image
            rgb = to_rgb(upright)
            if max_side:
                rgb.thumbnail((max_side, max_side), Image.Resampling.BILINEAR, reducing_gap=3.0)
            rgb.load()
        return rgb, info, note
    except _DecodeFailure as failure:
        info.error = str(failure)
        info.width, info.height, info.format = failure.width, failure.height, failure.format
    except MemoryError:
        info.error = "not enough memory to decode this image"
    except Exception as exc:  # noqa: BLE001 - the batch must go on whatever Pillow or a plugin raises
        logger.warning("decoding %s failed: %r", path, exc)
        info.error = f"decode failed: {type(exc).__name__}: {exc}"
    return None, info, None


def decode_image(
    path: str | Path,
    index: int = 0,
    size: int = 224,
    resize_side: int | None = None,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    allow_truncated: bool = True,
) -> DecodedImage:
    """Decode `path` to a size x size RGB array plus ImageInfo(width, height, format of the original).

    Shorter side to `resize_side` (default size * 256 / 224), then a centre crop. Never raises: anything that
    goes wrong becomes `info.error`, so the post still loads without this image.
    """
    resize_side = resize_side or round(size * 256 / 224)
    image, info, note = open_rgb(path, index, None, max_pixels, allow_truncated, draft_side=resize_side)
    if image is None:
        return DecodedImage(info=info)
    with image:
        pixels = resize_center_crop(image, size, resize_side)
    return DecodedImage(info=info, pixels=pixels, note=note)
