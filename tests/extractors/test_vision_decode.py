"""Robust decoding: every kind of bad input becomes pixels or a recorded error, never an exception."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractors.vision.decode import decode_image, open_rgb

SIZE = 224


def _photo(width: int = 320, height: int = 240) -> Image.Image:
    rng = np.random.default_rng(1)
    return Image.fromarray((rng.random((height, width, 3)) * 255).astype("uint8"))


def _ok(decoded) -> np.ndarray:
    assert decoded.info.error is None, decoded.info.error
    assert decoded.pixels is not None and decoded.pixels.shape == (SIZE, SIZE, 3)
    assert decoded.pixels.dtype == np.uint8
    return decoded.pixels


def test_plain_jpeg_records_original_size_and_format(tmp_path: Path) -> None:
    path = tmp_path / "a.jpg"
    _photo(1600, 1200).save(path, quality=90)
    decoded = decode_image(path, index=3)
    _ok(decoded)
    assert (decoded.info.index, decoded.info.width, decoded.info.height, decoded.info.format) == (3, 1600, 1200, "JPEG")


def test_truncated_jpeg_decodes_partially_with_a_note(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    _photo(800, 600).save(buffer, format="JPEG", quality=90)
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) * 2 // 3])
    decoded = decode_image(path)
    _ok(decoded)
    assert decoded.note and "partially" in decoded.note


def test_truncated_jpeg_is_an_error_when_partial_decoding_is_off(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    _photo(800, 600).save(buffer, format="JPEG")
    path = tmp_path / "cut.jpg"
    path.write_bytes(buffer.getvalue()[:2000])
    decoded = decode_image(path, allow_truncated=False)
    assert decoded.pixels is None and "truncated" in decoded.info.error


def test_png_alpha_is_composited_on_white(tmp_path: Path) -> None:
    path = tmp_path / "alpha.png"
    Image.new("RGBA", (64, 64), (255, 0, 0, 0)).save(path)  # fully transparent red
    assert _ok(decode_image(path)).min() == 255


def test_palette_with_transparency_and_la(tmp_path: Path) -> None:
    palette = Image.new("RGBA", (40, 40), (0, 0, 255, 255)).convert("P")
    palette.info["transparency"] = 0
    palette.save(tmp_path / "p.png", transparency=0)
    Image.new("LA", (30, 30), (10, 128)).save(tmp_path / "la.png")
    _ok(decode_image(tmp_path / "p.png"))
    _ok(decode_image(tmp_path / "la.png"))


def test_cmyk_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    _photo().convert("CMYK").save(path)
    decoded = decode_image(path)
    _ok(decoded)
    assert decoded.info.format == "JPEG"


def test_sixteen_bit_png_is_scaled_not_clipped(tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    Image.fromarray(np.full((50, 50), 40000, dtype=np.uint16)).save(path)
    pixels = _ok(decode_image(path))
    assert 150 < int(pixels.mean()) < 160  # 40000 / 65535 * 255 = 155.6


def test_one_pixel_image(tmp_path: Path) -> None:
    path = tmp_path / "dot.png"
    Image.new("RGB", (1, 1), (10, 20, 30)).save(path)
    decoded = decode_image(path)
    assert tuple(_ok(decoded)[0, 0]) == (10, 20, 30)
    assert (decoded.info.width, decoded.info.height) == (1, 1)


def test_very_wide_image(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    Image.new("RGB", (12000, 100), (0, 128, 0)).save(path)
    decoded = decode_image(path)
    _ok(decoded)
    assert decoded.info.width == 12000


def test_over_the_pixel_limit_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    Image.new("L", (12000, 100)).save(path)
    decoded = decode_image(path, max_pixels=1_000_000)
    assert decoded.pixels is None
    assert "too large" in decoded.info.error and "FEEDLENS_IMAGE_MAX_PIXELS" in decoded.info.error
    assert decoded.info.width == 12000  # the header was read, the pixels were not


def test_gif_takes_the_first_frame(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    frames = [Image.new("RGB", (60, 60), colour) for colour in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0)
    pixels = _ok(decode_image(path))
    assert pixels[..., 0].mean() > 200 and pixels[..., 2].mean() < 50
    assert decode_image(path).info.format == "GIF"


def test_garbage_bytes_named_jpg(tmp_path: Path) -> None:
    path = tmp_path / "fake.jpg"
    path.write_bytes(b"this is not an image at all" * 10)
    decoded = decode_image(path)
    assert decoded.pixels is None and decoded.info.error == "not an image or an unsupported format"


def test_missing_file_and_empty_file(tmp_path: Path) -> None:
    assert decode_image(tmp_path / "absent.jpg").info.error == "file not found"
    (tmp_path / "empty.png").write_bytes(b"")
    assert decode_image(tmp_path / "empty.png").info.error


def test_exif_rotation_is_applied_and_size_reported_upright(tmp_path: Path) -> None:
    image = Image.new("RGB", (200, 100), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 100, 100))  # left half black as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # stored rotated: display needs 90 degrees clockwise
    path = tmp_path / "rotated.jpg"
    image.save(path, exif=exif.tobytes(), quality=95)
    rgb, info, _ = open_rgb(path, max_side=None)
    assert (info.width, info.height) == (100, 200)
    assert rgb.size == (100, 200)
    assert np.asarray(rgb)[:80].mean() < 40  # after rotation the black half is on top


def test_heic_when_pillow_heif_is_installed(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    path = tmp_path / "photo.heic"
    try:
        pillow_heif.register_heif_opener()
        _photo(64, 48).save(path, format="HEIF")
    except Exception as exc:  # noqa: BLE001 - builds without an encoder fail in build-specific ways: skip on any
        pytest.skip(f"this pillow-heif cannot write HEIC: {exc}")
    decoded = decode_image(path)
    _ok(decoded)
    assert (decoded.info.width, decoded.info.height) == (64, 48)
