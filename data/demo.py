"""Build the demo collection: real photos with caption sidecars, available on any machine without network.

    python -m data.demo OUTDIR

Photos come from scikit-image's bundled sample images (no download), varied by crop/flip/grayscale so the ~37
posts do not all look alike; a few are stored the awkward ways phones store them (sideways with an EXIF
Orientation tag, PNG with transparency, no caption, no sidecar date). Output is deterministic and files are only
rewritten when their bytes would change, so re-running is a no-op and re-importing changes nothing.
"""
from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw

from core.errors import MissingDependency
from data.demo_posts import DEMO_POSTS, DemoPost

logger = logging.getLogger(__name__)

_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_ORIENTATION = 0x0112
_ROTATED_90_CW = 6  # EXIF: rotate the stored pixels 90 degrees clockwise to display them


def build_demo(outdir: str | Path) -> Path:
    """Write the demo collection into `outdir` (created if needed) and return it; unchanged files are untouched."""
    outdir = Path(outdir)
    written = 0
    for spec in DEMO_POSTS:
        written += write_post(spec, outdir)
    logger.info("demo collection in %s: %d posts, %d files written", outdir, len(DEMO_POSTS), written)
    return outdir


def write_post(spec: DemoPost, outdir: Path) -> int:
    """Write one post's image and (unless it has neither caption nor date) its sidecar; returns files written."""
    suffix = ".png" if spec.png_alpha else ".jpg"
    written = int(_write_if_changed(outdir / f"{spec.name}{suffix}", render_image(spec)))
    sidecar = sidecar_for(spec)
    if sidecar:
        text = json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        written += int(_write_if_changed(outdir / f"{spec.name}.json", text.encode("utf-8")))
    return written


def sidecar_for(spec: DemoPost) -> dict[str, str]:
    """The sidecar JSON content: caption, date and place, whichever the post has."""
    sidecar: dict[str, str] = {}
    if spec.caption is not None:
        sidecar["caption"] = spec.caption
    if spec.date_in_sidecar:
        sidecar["created_at"] = spec.taken
    if spec.place:
        sidecar["place"] = spec.place
    return sidecar


def render_image(spec: DemoPost) -> bytes:
    """The image file's bytes: the bundled photo with the post's variations applied."""
    image = load_photo(spec.photo)
    if spec.crop:
        left, top, right, bottom = spec.crop
        image = image.crop((round(left * image.width), round(top * image.height),
                            round(right * image.width), round(bottom * image.height)))
    if spec.flip:
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    if spec.gray:
        image = image.convert("L").convert("RGB")
    if spec.png_alpha:
        return _png_with_round_alpha(image)
    return _jpeg_with_exif(image, spec)


def load_photo(name: str) -> Image.Image:
    """One of scikit-image's bundled photographs as RGB, read from the installed package (never downloaded)."""
    try:
        import skimage.data
    except ImportError as exc:
        raise MissingDependency("scikit-image", "the demo collection (its bundled sample photos)") from exc
    folder = Path(skimage.data.__file__).parent
    path = next((folder / f"{name}{ext}" for ext in (".png", ".jpg") if (folder / f"{name}{ext}").is_file()), None)
    if path is None:
        raise MissingDependency("scikit-image", f"the demo photo {name!r} (not bundled in this scikit-image)")
    with Image.open(path) as image:
        return image.convert("RGB")


def _jpeg_with_exif(image: Image.Image, spec: DemoPost) -> bytes:
    taken = datetime.fromisoformat(spec.taken)
    exif = Image.Exif()
    exif_ifd = exif.get_ifd(_EXIF_IFD)
    exif_ifd[_DATETIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
    offset = taken.strftime("%z")
    exif_ifd[_OFFSET_TIME_ORIGINAL] = f"{offset[:3]}:{offset[3:]}"
    if spec.exif_rotated:
        image = image.transpose(Image.Transpose.ROTATE_90)  # stored sideways; the tag turns it back upright
        exif[_ORIENTATION] = _ROTATED_90_CW
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, exif=exif.tobytes())
    return buffer.getvalue()


def _png_with_round_alpha(image: Image.Image) -> bytes:
    side = min(image.size)
    square = image.crop((0, 0, side, side)).convert("RGBA")
    mask = Image.new("L", (side, side), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, side - 1, side - 1), fill=255)
    square.putalpha(mask)
    buffer = io.BytesIO()
    square.save(buffer, "PNG")
    return buffer.getvalue()


def _write_if_changed(path: Path, content: bytes) -> bool:
    """Write `content` unless the file already holds exactly it (keeps mtimes stable across re-runs)."""
    if path.is_file() and path.read_bytes() == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return True


def main(argv: list[str] | None = None) -> int:
    """CLI: build the demo collection into OUTDIR and say how to load it."""
    parser = argparse.ArgumentParser(prog="python -m data.demo", description=__doc__.split("\n")[0])
    parser.add_argument("outdir", type=Path, help="folder to write the demo photos and caption sidecars into")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        from tqdm import tqdm
    except ImportError:  # progress is a nicety
        specs = DEMO_POSTS
    else:
        specs = tqdm(DEMO_POSTS, desc="demo posts", unit="post")
    written = sum(write_post(spec, args.outdir) for spec in specs)
    print(f"{len(DEMO_POSTS)} demo posts in {args.outdir} ({written} files written)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
