"""The text views every caption extractor reads (extractors.social_text)."""
from __future__ import annotations

import pytest

from extractors.social_text import text_views


@pytest.mark.parametrize(
    ("caption", "expected_topics"),
    [
        ("Chic-Ragous delight #Foodporn htt…", "Chic-Ragous delight food porn"),
        ("RT @kim: proud #1YearWithOutGrandpaGrande http:/…", "proud 1 year with out grandpa grande"),
        ("on @AppleMusic: http:…", "on :"),
        ("#bible ht…", "bible"),
        ("DEER ... h...", "DEER ..."),
        ("so sad htt", "so sad"),
        ("wow https:/", "wow"),
        ("look http://t.co/abc", "look"),
    ],
)
def test_a_url_cut_off_by_a_truncated_tweet_leaves_no_stub(caption: str, expected_topics: str) -> None:
    views = text_views(caption)
    assert views.for_topics == expected_topics
    for view in (views.for_sentiment, views.for_entities, views.for_embedding):
        assert not view.lower().endswith(("htt…", "ht…", "http:/…", "http:…", "htt", "https:/", "h..."))


@pytest.mark.parametrize("caption", ["bright light", "heat wave in Perth", "what a hit", "I love htt… and more", "ht"])
def test_words_that_merely_look_like_a_url_stub_stay(caption: str) -> None:
    assert text_views(caption).for_topics == caption
