"""Run-together hashtags read as their words in the topic view (extractors.hashtag_words)."""
from __future__ import annotations

import pytest

from extractors.hashtag_words import segment
from extractors.social_text import text_views


@pytest.mark.parametrize(("tag", "words"), [
    ("catsofinstagram", "cats of instagram"),
    ("foodporn", "food porn"),
    ("blackandwhite", "black and white"),
    ("staystrong", "stay strong"),
    ("nofilter", "no filter"),
    ("iloveyou", "i love you"),
    ("timeflies", "time flies"),
    ("adoptdontshop", "adopt dont shop"),
])
def test_a_run_together_hashtag_is_split_into_its_words(tag: str, words: str) -> None:
    assert " ".join(segment(tag)) == words


@pytest.mark.parametrize("word", [
    "seething", "mortified", "therapist", "together", "thunderstruck",  # English words, however splittable
    "katze", "weihnachten",  # another language: no English pieces cover it
    "selfharmmm", "thinspo",  # a piece that is no common word ('mmm', 'spo')
    "tbt", "yolo",  # too short to be several words
    "Catsofinstagram", "café2019", "東京タワー",  # not lower-case ASCII letters: left to the CamelCase split
])
def test_a_word_or_a_foreign_or_short_hashtag_is_kept_whole(word: str) -> None:
    assert segment(word) == (word,)


def test_only_the_topic_view_reads_the_words_so_the_sentiment_head_sees_what_it_was_trained_on() -> None:
    views = text_views("My valentine ❤️🐱 #catsofinstagram #BestDayEver @anna")
    assert views.for_topics == "My valentine cats of instagram best day ever"
    assert "catsofinstagram" in views.for_sentiment and "catsofinstagram" in views.for_embedding
    assert "#catsofinstagram" in views.for_entities
