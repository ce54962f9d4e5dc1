"""Importers against real files written into tmp_path, including the broken inputs users actually have."""
from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.errors import ImportProblem
from data.importers import IMPORTERS, Importer, detect_kind, import_source
from data.importers.text import clean_caption, fix_export_mojibake
from data.models import MAX_CAPTION_CHARS
from tests.data.fixtures_importers.builders import (
    MOJIBAKE,
    corrupt_jpeg,
    facebook_export,
    instagram_export,
    photo,
    write_json,
)


def by_id(result):
    return {post.id: post for post in result.posts}


def test_every_registered_importer_satisfies_the_protocol():
    assert all(isinstance(importer, Importer) for importer in IMPORTERS.values())
    assert list(IMPORTERS)[-2:] == ["csv", "folder"]  # generic shapes are tried last


# ---- caption hygiene ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("line one\r\nline two\rthree", "line one\nline two\nthree"),
    ("nul\x00 and bell\x07 gone", "nul and bell gone"),
    ("cafÃ© mojibake", "café mojibake"),
    ("emoji stay 👩‍🚀✨ #tag @who", "emoji stay 👩‍🚀✨ #tag @who"),
    ("  padded\n\n\n\n\nblank lines  ", "padded\n\nblank lines"),
    (None, ""),
    (float("nan"), ""),
])
def test_clean_caption(raw, expected):
    assert clean_caption(raw)[0] == expected


def test_long_caption_is_cut_with_a_note():
    text, notes = clean_caption("x" * 100_000)
    assert len(text) == MAX_CAPTION_CHARS
    assert "cut" in notes[0]


def test_instagram_mojibake_is_fixed_exactly():
    assert fix_export_mojibake(MOJIBAKE) == "café 😍"
    assert fix_export_mojibake("already fine: café 😍") == "already fine: café 😍"


# ---- folder -------------------------------------------------------------------------------------------------

def test_folder_sidecars_dates_and_recursion(tmp_path):
    photo(tmp_path / "a.jpg")
    (tmp_path / "a.txt").write_text("hello\r\nworld #tag", encoding="utf-8")
    photo(tmp_path / "trip" / "b.png")
    sidecar = {"caption": "Paris 😍", "created_at": "2021-05-01T10:00:00Z", "place": "P"}
    write_json(tmp_path / "trip" / "b.json", sidecar)
    photo(tmp_path / "trip" / "c.jpg", exif_date="2019:07:20 15:05:00")
    photo(tmp_path / "d.jpeg")
    os.utime(tmp_path / "d.jpeg", (1_600_000_000, 1_600_000_000))
    (tmp_path / ".hidden.jpg").write_bytes(b"x")
    result = import_source(tmp_path)
    assert result.kind == "folder" and not result.skipped
    posts = by_id(result)
    assert set(posts) == {"folder:a.jpg", "folder:trip/b.png", "folder:trip/c.jpg", "folder:d.jpeg"}
    assert posts["folder:a.jpg"].caption == "hello\nworld #tag"
    b = posts["folder:trip/b.png"]
    assert (b.caption, b.created_at, b.extras["date_source"]) == (
        "Paris 😍", datetime(2021, 5, 1, 10, tzinfo=UTC), "sidecar")
    assert b.extras["meta"] == {"place": "P"}
    c = posts["folder:trip/c.jpg"]
    assert (c.caption, c.created_at.year, c.extras["date_source"]) == ("", 2019, "exif")
    d = posts["folder:d.jpeg"]
    assert (d.created_at.timestamp(), d.extras["date_source"]) == (1_600_000_000, "mtime")


def test_folder_broken_inputs(tmp_path):
    corrupt_jpeg(tmp_path / "bad_no_caption.jpg")
    corrupt_jpeg(tmp_path / "bad_with_caption.jpg")
    (tmp_path / "bad_with_caption.txt").write_text("keep my words", encoding="utf-8")
    photo(tmp_path / "broken_sidecar.jpg")
    (tmp_path / "broken_sidecar.json").write_text('{"caption": "oops', encoding="utf-8")
    photo(tmp_path / "empty.jpg")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    photo(tmp_path / "huge.jpg")
    (tmp_path / "huge.txt").write_text("word " * 20_000, encoding="utf-8")
    result = import_source(tmp_path, "folder")
    posts = by_id(result)
    skipped = {row.location: row.reason for row in result.skipped}
    assert "unreadable image" in skipped["bad_no_caption.jpg"]
    assert "broken_sidecar.json is not valid JSON" in skipped["broken_sidecar.jpg"]
    kept = posts["folder:bad_with_caption.jpg"]
    assert kept.images == () and kept.caption == "keep my words" and kept.extras["unreadable_images"]
    assert posts["folder:empty.jpg"].caption == ""
    assert len(posts["folder:huge.jpg"].caption) <= MAX_CAPTION_CHARS and posts["folder:huge.jpg"].extras["notes"]
    assert any("unreadable" in warning for warning in result.warnings)


# ---- CSV ----------------------------------------------------------------------------------------------------

def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding, caption", [
    ("utf-8", "Grüße aus München 😍"),
    ("utf-8-sig", "Grüße aus München 😍"),
    ("gb18030", "今天在北京天气很好，我们去了故宫，非常开心"),
    ("latin-1", "Café au lait à Paris, très agréable"),
    ("cp1252", "Grüße aus München – schön!"),
    ("utf-16-le", "Grüße aus München 😍"),  # no BOM: every other byte is NUL, which is valid UTF-8 too
    ("utf-16-be", "Grüße aus München 😍"),
])
def test_csv_encodings(tmp_path, encoding, caption):
    rows = "".join(f'{n},"{caption} {n}",2020-0{n}-01\n' for n in range(1, 6))
    path = write_csv(tmp_path / "posts.csv", "id,caption,date\n" + rows, encoding)
    result = import_source(path)
    assert result.kind == "csv" and not result.skipped
    assert [post.caption for post in result.posts] == [f"{caption} {n}" for n in range(1, 6)]
    assert result.details["encoding"]
    if encoding not in ("utf-8", "utf-8-sig"):
        assert any("not UTF-8" in warning for warning in result.warnings)


def test_a_header_only_bomless_utf16_csv_names_its_columns(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("caption\r\n".encode("utf-16-le"))
    result = import_source(path)
    assert result.posts == [] and result.details["columns"]["caption"] == "caption"


def test_csv_columns_images_and_bad_rows(tmp_path):
    photo(tmp_path / "img" / "one.jpg")
    corrupt_jpeg(tmp_path / "img" / "corrupt.jpg")
    big = "y" * 100_000
    text = ("Post_ID;Photo;Text;Created_At\n"
            "1;img/one.jpg;first;2020-01-02 10:00:00\n"
            "2;img/missing.jpg;second;1577959200\n"
            "3;img/one.jpg;too;many;fields\n"
            "4;;bad date;not a date\n"
            f"5;;\"{big}\";\n"
            "1;img/one.jpg;duplicate id;\n"
            "6;img/corrupt.jpg;corrupt image;\n"
            "7;;\"multi\nline\";\n"
            "8;;;\n")
    path = write_csv(tmp_path / "export.csv", text)
    result = import_source(path)
    posts = by_id(result)
    assert posts["csv:export:1"].images == (tmp_path / "img" / "one.jpg",)
    assert posts["csv:export:2"].images == () and posts["csv:export:2"].extras["missing_images"]
    assert posts["csv:export:2"].created_at == datetime(2020, 1, 2, 10, tzinfo=UTC)
    assert len(posts["csv:export:5"].caption) == MAX_CAPTION_CHARS
    assert posts["csv:export:6"].extras["unreadable_images"]
    assert posts["csv:export:7"].caption == "multi\nline"
    skipped = {row.location: row.reason for row in result.skipped}
    assert skipped["export.csv:4"] == "expected 4 fields, got 5"
    assert "unreadable date" in skipped["export.csv:5"]
    assert "duplicate id" in skipped["export.csv:7"]
    assert "empty row" in skipped["export.csv:11"]
    assert sorted(posts) == ["csv:export:1", "csv:export:2", "csv:export:5", "csv:export:6", "csv:export:7"]


def test_csv_explicit_columns_and_content_ids(tmp_path):
    path = write_csv(tmp_path / "t.csv", "a,b\nhello,x\nworld,y\nhello,x\n")
    result = import_source(path, caption="a")
    assert [post.caption for post in result.posts] == ["hello", "world"]
    assert result.skipped[0].reason.startswith("duplicate id")
    assert import_source(path, caption="a").posts[0].id == result.posts[0].id  # stable across runs
    with pytest.raises(ImportProblem, match="no column 'nope'"):
        import_source(path, caption="nope")


@pytest.mark.parametrize("content, message", [(b"", "is empty"), (b"\n\n", "empty header")])
def test_unreadable_csv_raises_import_problem(tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(ImportProblem, match=message):
        import_source(path)


# ---- Instagram and Facebook exports ------------------------------------------------------------------------

@pytest.mark.parametrize("layout", ["new", "old", "flat"])
def test_instagram_export(tmp_path, layout):
    root = instagram_export(tmp_path / "export", layout)
    result = import_source(root)
    assert result.kind == "instagram" and not result.skipped
    posts = by_id(result)
    single = posts["instagram:media/posts/201901/a.jpg"]
    assert single.caption == "café 😍"
    assert single.images == (root / "media/posts/201901/a.jpg",)
    assert single.created_at == datetime(2019, 1, 1, tzinfo=UTC)
    carousel = posts["instagram:media/posts/201901/b.jpg"]
    assert carousel.caption == "carousel ✨ #Berlin" and len(carousel.images) == 2
    lost = posts["instagram:media/posts/201902/gone.jpg"]
    assert lost.images == () and lost.extras["missing_images"] == [str(root / "media/posts/201902/gone.jpg")]
    assert any("missing" in warning for warning in result.warnings)


def test_instagram_posts_json_given_directly(tmp_path):
    root = instagram_export(tmp_path, "new")
    json_path = root / "your_instagram_activity/content/posts_1.json"
    assert detect_kind(json_path) == "instagram"
    assert len(import_source(json_path).posts) == 3


def test_malformed_export_json_names_the_file(tmp_path):
    bad = tmp_path / "content" / "posts_1.json"
    bad.parent.mkdir()
    bad.write_text('[{"media": [', encoding="utf-8")
    with pytest.raises(ImportProblem, match=r"posts_1\.json is not valid JSON \(line 1"):
        import_source(tmp_path)


def test_facebook_export(tmp_path):
    root = facebook_export(tmp_path)
    result = import_source(root)
    assert result.kind == "facebook"
    posts = by_id(result)
    photo_post = posts["facebook:photos_and_videos/album/p1.jpg"]
    assert photo_post.caption == "Schöner Tag 😍" and photo_post.images
    assert posts["facebook:1600001000"].caption == "just text"
    assert "no text and no photo" in result.skipped[0].reason


# ---- detection and errors ----------------------------------------------------------------------------------

def test_detection(tmp_path):
    (tmp_path / "photos").mkdir()
    write_csv(tmp_path / "generic.csv", "caption\nhi\n")
    write_csv(tmp_path / "val.csv", "text,label\nhi,positive\n")
    assert detect_kind(tmp_path / "photos") == "folder"
    assert detect_kind(tmp_path / "generic.csv") == "csv"
    assert detect_kind(tmp_path / "val.csv") == "tweeteval"
    with pytest.raises(ImportProblem, match="does not exist"):
        import_source(tmp_path / "nope")
    with pytest.raises(ImportProblem, match="unknown source kind"):
        import_source(tmp_path, "myspace")


# ---- evaluation sets (synthetic copies of their layout, then the real data) --------------------------------

def test_mvsa_layout(tmp_path):
    photo(tmp_path / "images" / "1.jpg")
    write_csv(tmp_path / "posts.csv", "id,image,text,label\n1,images/1.jpg,RT @a: nice #x,positive\n"
                                      "2,images/2.jpg,gone,negative\n2,images/2.jpg,dup,negative\n")
    result = import_source(tmp_path)
    assert result.kind == "mvsa"
    assert [(p.id, p.extras["label"], bool(p.images)) for p in result.posts] == [
        ("mvsa:1", "positive", True), ("mvsa:2", "negative", False)]
    assert "duplicate" in result.skipped[0].reason


def test_senticap_and_tweeteval_layouts(tmp_path):
    photo(tmp_path / "images" / "a.jpg")
    write_csv(tmp_path / "senticap_test.csv", 'filename,is_positive_sentiment,caption\na.jpg,1,"a nice dog"\n'
                                               'a.jpg,0,"a ugly dog"\nb.jpg,1,"a happy cat"\n')
    result = import_source(tmp_path, split="test")
    assert result.kind == "senticap" and not result.warnings
    assert [(p.id, p.extras["label"], p.extras["split"], len(p.images)) for p in result.posts] == [
        ("senticap:test:a.jpg#1", "positive", "test", 1), ("senticap:test:a.jpg#2", "negative", "test", 1),
        ("senticap:test:b.jpg#1", "positive", "test", 0)]
    with pytest.raises(ImportProblem, match="no senticap_val.csv"):
        import_source(tmp_path, "senticap", split="val")
    tweets = tmp_path / "tweets"
    tweets.mkdir()
    write_csv(tweets / "val.csv", "text,label\nawful,0\nok,neutral\n")
    result = import_source(tweets)
    assert [(p.id, p.extras["label"]) for p in result.posts] == [("tweeteval:val:2", "negative"),
                                                                 ("tweeteval:val:3", "neutral")]


def test_real_mvsa(shared_data):
    result = import_source(shared_data / "mvsa")
    assert result.kind == "mvsa"
    assert len(result.posts) + len(result.skipped) == 2047, result.skipped[:5]
    assert len(result.posts) == 2047, f"fewer posts because: {result.skipped[:5]}"
    assert all(post.images and post.images[0].is_file() for post in result.posts)
    labels = [post.extras["label"] for post in result.posts]
    assert (labels.count("positive"), labels.count("negative"), labels.count("neutral")) == (1202, 625, 220)


def test_real_senticap_test_split(shared_data):
    result = import_source(shared_data / "senticap", split="test")
    assert result.kind == "senticap" and not result.skipped
    assert len(result.posts) == 3528
    assert {post.extras["split"] for post in result.posts} == {"test"}
    with_images = [post for post in result.posts if post.images]
    assert with_images and all(post.images[0].is_file() for post in with_images)
    assert {post.extras["label"] for post in result.posts} == {"positive", "negative"}


def test_real_tweeteval(shared_data):
    result = import_source(shared_data / "tweeteval")
    assert len(result.posts) == 2000 and not result.skipped
    assert {post.extras["label"] for post in result.posts} == {"negative", "neutral", "positive"}
