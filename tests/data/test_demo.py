"""The demo collection builds offline, is deterministic and idempotent, and imports cleanly as a folder."""
from __future__ import annotations

import hashlib
from collections import Counter

from PIL import Image, ImageChops, ImageOps, ImageStat

from data.demo import build_demo, load_photo, main
from data.demo_posts import DEMO_POSTS
from data.importers import import_source


def snapshot(folder):
    """Every file's relative path -> (content hash, mtime)."""
    return {path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(),
                                                  path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_demo_builds_and_imports(tmp_path):
    outdir = build_demo(tmp_path / "demo")
    result = import_source(outdir)
    assert result.kind == "folder" and not result.skipped and not result.warnings
    assert 24 <= len(result.posts) == len(DEMO_POSTS) <= 40
    assert all(post.images and post.created_at for post in result.posts)
    years = Counter(post.created_at.year for post in result.posts)
    assert set(years) == set(range(2019, 2025))
    captions = " ".join(post.caption for post in result.posts)
    for needle in ("#", "@", "Paris", "Tokyo", "Berlin", "🐱", "☕", "Weihnachten", "café à"):
        assert needle in captions
    assert sum(not post.caption for post in result.posts) >= 2
    assert any(post.extras["date_source"] == "exif" for post in result.posts)  # no mtime dates: deterministic
    assert all(post.extras["date_source"] != "mtime" for post in result.posts)


def test_demo_is_deterministic_and_idempotent(tmp_path):
    first = build_demo(tmp_path / "a")
    before = snapshot(first)
    build_demo(first)
    assert snapshot(first) == before  # same bytes, untouched mtimes
    second = build_demo(tmp_path / "b")
    assert {k: v[0] for k, v in snapshot(second).items()} == {k: v[0] for k, v in before.items()}
    ids = [post.id for post in import_source(first).posts]
    assert ids == [post.id for post in import_source(second).posts]


def test_demo_has_awkward_images(tmp_path):
    outdir = build_demo(tmp_path)
    rotated = next(spec for spec in DEMO_POSTS if spec.exif_rotated)
    with Image.open(outdir / f"{rotated.name}.jpg") as image:
        assert image.getexif().get(0x0112) == 6
        upright = ImageOps.exif_transpose(image).convert("L")
    original = load_photo(rotated.photo).convert("L").resize(upright.size)
    assert ImageStat.Stat(ImageChops.difference(upright, original)).mean[0] < 20  # turned back upright
    alpha = next(spec for spec in DEMO_POSTS if spec.png_alpha)
    with Image.open(outdir / f"{alpha.name}.png") as image:
        assert image.mode == "RGBA" and image.getextrema()[3][0] == 0


def test_demo_cli(tmp_path, capsys):
    assert main([str(tmp_path / "cli")]) == 0
    assert f"{len(DEMO_POSTS)} demo posts" in capsys.readouterr().out
