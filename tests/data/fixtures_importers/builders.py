"""Write small but real sources (photos, CSVs, export folders) into a folder for importer tests."""
from __future__ import annotations

import json
from pathlib import Path

from PIL import Image

MOJIBAKE = "caf\u00c3\u00a9 \u00f0\u009f\u0098\u008d"  # "café 😍" as Instagram writes it


def photo(path: Path, color: tuple[int, int, int] = (200, 80, 40), exif_date: str | None = None) -> Path:
    """A small real JPEG/PNG (format from the suffix), optionally with EXIF DateTimeOriginal."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (32, 24), color)
    if exif_date:
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = exif_date
        image.save(path, exif=exif.tobytes())
    else:
        image.save(path)
    return path


def corrupt_jpeg(path: Path) -> Path:
    """A .jpg whose bytes are not an image."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8\xff\xe0 this is not really a jpeg" * 3)
    return path


def write_json(path: Path, data: object) -> Path:
    """JSON as Instagram writes it: ASCII with \\u escapes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="ascii")
    return path


def instagram_export(root: Path, layout: str = "new") -> Path:
    """An export with a single post, a carousel, a post with a missing photo, and mojibake captions."""
    posts_dir = {"new": root / "your_instagram_activity" / "content", "old": root / "content",
                 "flat": root}[layout]
    photo(root / "media/posts/201901/a.jpg")
    photo(root / "media/posts/201901/b.jpg", (10, 120, 200))
    photo(root / "media/posts/201901/c.jpg", (10, 200, 20))
    posts = [
        {"media": [{"uri": "media/posts/201901/a.jpg", "creation_timestamp": 1546300800, "title": MOJIBAKE}]},
        {"media": [{"uri": "media/posts/201901/b.jpg", "creation_timestamp": 1546400000, "title": ""},
                   {"uri": "media/posts/201901/c.jpg", "creation_timestamp": 1546400000, "title": ""}],
         "title": "carousel \u00e2\u009c\u00a8 #Berlin", "creation_timestamp": 1546400000},
        {"media": [{"uri": "media/posts/201902/gone.jpg", "creation_timestamp": 1549000000, "title": "lost"}]},
    ]
    write_json(posts_dir / "posts_1.json", posts)
    return root


def facebook_export(root: Path) -> Path:
    """your_posts_1.json with a photo post, a text post and a link-only post."""
    photo(root / "photos_and_videos/album/p1.jpg")
    posts = [
        {"timestamp": 1600000000, "data": [{"post": "Sch\u00c3\u00b6ner Tag \u00f0\u009f\u0098\u008d"}],
         "attachments": [{"data": [{"media": {"uri": "photos_and_videos/album/p1.jpg", "description": "x"}}]}]},
        {"timestamp": 1600001000, "data": [{"post": "just text"}]},
        {"timestamp": 1600002000, "attachments": [{"data": [{"external_context": {"url": "https://x.y"}}]}]},
    ]
    write_json(root / "posts" / "your_posts_1.json", posts)
    return root
