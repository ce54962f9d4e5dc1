"""Instagram and Facebook exports with badly typed (or random) entries, and dates that are not dates: each bad
entry is reported with its file#index, field and reason, and every other entry still loads."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from data.importers import import_source
from data.importers.dates import BadDate, parse_date
from tests.data.fixtures_importers.builders import photo, write_json


@pytest.mark.parametrize("value, shown", [
    (1e20, "1e+20"), (10**20, "100000000000000000000"), ("1e20", "1e20"), (-1e16, "-1e+16"), (-86400, "-86400"),
    (float("inf"), "inf"), (4.2e12, "4200000000000.0"),
])
def test_a_timestamp_outside_1970_2100_is_reported_as_given(value, shown):
    with pytest.raises(BadDate) as caught:
        parse_date(value)
    assert shown in str(caught.value)
    assert "1e+17" not in str(caught.value)


@pytest.mark.parametrize("value", [1546300800, 1546300800000, "1546300800", 1546300800.0])
def test_epoch_seconds_and_milliseconds_still_read(value):
    assert parse_date(value) == datetime(2019, 1, 1, tzinfo=UTC)


def _instagram(tmp_path, entries):
    photo(tmp_path / "media/posts/a.jpg")
    photo(tmp_path / "media/posts/b.jpg", (10, 120, 200))
    write_json(tmp_path / "your_instagram_activity/content/posts_1.json", entries)
    return import_source(tmp_path)


def _skips(result):
    return {row.location: row.reason for row in result.skipped}


def test_instagram_badly_typed_entries_are_reported_and_the_others_load(tmp_path):
    good = {"media": [{"uri": "media/posts/a.jpg", "creation_timestamp": 1546300800, "title": "fine"}]}
    result = _instagram(tmp_path, [
        {"media": 7, "creation_timestamp": 1546300800},
        good,
        {"media": [{"uri": 5}], "creation_timestamp": 1546300801},
        {"media": [{"uri": "media/posts/x.jpg"}], "creation_timestamp": True},
        {"media": [{"uri": "media/posts/y.jpg"}], "title": ["a list"], "creation_timestamp": 1546300802},
        {"media": [{"uri": "media/posts/z.jpg"}], "creation_timestamp": 1e20},
        "not an object",
        None,
        {"media": [{"uri": 1}, {"uri": 2}], "title": {}, "creation_timestamp": 1546300803},
    ])
    assert [post.caption for post in result.posts] == ["fine"]
    skips = _skips(result)
    assert set(skips) == {f"posts_1.json#{index}" for index in (0, 2, 3, 4, 5, 6, 7, 8)}
    assert skips["posts_1.json#0"].startswith("media: ") and "(got 7)" in skips["posts_1.json#0"]
    assert skips["posts_1.json#2"].startswith("media[0].uri: ")
    assert skips["posts_1.json#3"].startswith("creation_timestamp: ")
    assert skips["posts_1.json#4"].startswith("title: ")
    assert skips["posts_1.json#5"] == "creation_timestamp: timestamp 1e+20 is not a date between 1970 and 2100"
    assert "not an object" in skips["posts_1.json#6"] and "not an object" in skips["posts_1.json#7"]
    assert skips["posts_1.json#8"] == "media[0].uri: should be text (got 1) (and 2 more problems in this entry)"


def test_instagram_numeric_title_and_string_media_are_kept(tmp_path):
    result = _instagram(tmp_path, [
        {"media": "media/posts/a.jpg", "title": 2024, "creation_timestamp": 1546300800},
        {"media": [{"uri": "media/posts/b.jpg", "title": 3.5, "creation_timestamp": 1546300900}]},
        {"media": {"uri": "media/posts/c.jpg"}, "title": "one object, not a list", "creation_timestamp": 1546301000},
    ])
    assert not result.skipped
    posts = {post.id: post for post in result.posts}
    first = posts["instagram:media/posts/a.jpg"]
    assert first.caption == "2024" and first.images == (tmp_path / "media/posts/a.jpg",)
    assert posts["instagram:media/posts/b.jpg"].caption == "3.5"
    assert posts["instagram:media/posts/c.jpg"].extras["missing_images"] == [str(tmp_path / "media/posts/c.jpg")]


def test_facebook_badly_typed_entries_are_reported_and_the_others_load(tmp_path):
    write_json(tmp_path / "posts/your_posts_1.json", [
        {"timestamp": 1600000000, "data": 5},
        {"timestamp": 1600001000, "data": [{"post": "just text"}, {"update_timestamp": 1600001001}]},
        {"timestamp": 1600002000, "data": [{"post": 42}]},
        {"timestamp": "yesterday", "data": [{"post": "when?"}]},
        {"timestamp": 1600003000, "attachments": [{"data": [{"media": {"uri": ["x"]}}]}]},
        {"timestamp": 1600004000, "attachments": 3, "data": [{"post": "attached"}]},
        17,
    ])
    result = import_source(tmp_path)
    assert sorted(post.caption for post in result.posts) == ["42", "just text"]
    skips = _skips(result)
    assert set(skips) == {f"your_posts_1.json#{index}" for index in (0, 3, 4, 5, 6)}
    assert skips["your_posts_1.json#0"].startswith("data: ") and "(got 5)" in skips["your_posts_1.json#0"]
    assert skips["your_posts_1.json#3"] == "timestamp: unreadable date 'yesterday'"
    assert skips["your_posts_1.json#4"].startswith("attachments[0].data[0].media.uri: ")
    assert skips["your_posts_1.json#5"].startswith("attachments: ")
    assert "not an object" in skips["your_posts_1.json#6"]


def _any_value(rng, depth=0):
    """A random JSON value of any type, the shapes hand-edited or truncated exports hold."""
    choices = [None, True, 7, -3, 1.5, 1e20, float("nan"), "", "media/posts/a.jpg", "text \u00c3\u00a9", 1546300800]
    if depth < 2:
        choices += [[_any_value(rng, depth + 1) for _ in range(rng.randint(0, 3))],
                    {key: _any_value(rng, depth + 1) for key in rng.sample(["uri", "title", "post", "media", "data",
                                                                           "creation_timestamp"], 2)}]
    return rng.choice(choices)


def _random_entry(rng, fields):
    return {field: _any_value(rng) for field in rng.sample(fields, rng.randint(0, len(fields)))}


@pytest.mark.parametrize("seed", range(5))
def test_random_entries_are_each_loaded_or_reported(tmp_path, seed):
    import random

    rng = random.Random(seed)
    photo(tmp_path / "ig/media/posts/a.jpg")
    instagram = [_random_entry(rng, ["media", "title", "creation_timestamp"]) for _ in range(150)]
    facebook = [_random_entry(rng, ["timestamp", "data", "attachments", "title"]) for _ in range(150)]
    write_json(tmp_path / "ig/content/posts_1.json", [*instagram, 5, "x", None])
    write_json(tmp_path / "fb/posts/your_posts_1.json", [*facebook, [], 2.5, "y"])
    for source in (tmp_path / "ig", tmp_path / "fb"):
        result = import_source(source)
        assert len(result.posts) + len(result.skipped) == 153
        assert all(row.reason for row in result.skipped)
        assert import_source(source).posts == result.posts  # the same posts on a re-run
