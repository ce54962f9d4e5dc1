"""Language detection on captions: common languages, 'und' (with a note) when there is nothing to read, and short
English the detector gives to another language read as English by its words."""
from __future__ import annotations

import pytest

from data.models import Post
from extractors.base import PostAnalysis
from extractors.language import UNDETERMINED, LanguageExtractor, english_word_share, guess_language, language_text


def _items(*captions: str) -> list[PostAnalysis]:
    return [PostAnalysis(Post(id=f"p{i}", caption=c)) for i, c in enumerate(captions)]


def test_language_text_strips_social_markup() -> None:
    text = language_text("RT @bob: Bonjour à tous 😀 #ParisJeTaime http://t.co/x")
    assert text == "Bonjour à tous"


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("What a wonderful morning at the beach with my family #summer", "en"),
        ("Une belle journée à la plage avec toute la famille, il fait très beau", "fr"),
        ("Ein wunderschöner Tag am Strand mit der ganzen Familie, das Wetter ist toll", "de"),
        ("Un día precioso en la playa con toda la familia, hace muy buen tiempo", "es"),
        ("今日は家族と一緒に海へ行きました。とても楽しかったです", "ja"),
    ],
)
def test_detects_common_languages(caption: str, expected: str) -> None:
    result = LanguageExtractor().extract(_items(caption))[0]
    assert result.language == expected
    assert result.shared.language_score > 0.5


@pytest.mark.parametrize("caption", ["😀🎉🌴", "", "   ", "#beach #sunset @bob", "http://t.co/abc", "ok"])
def test_nothing_to_read_is_undetermined_with_note(caption: str) -> None:
    result = LanguageExtractor().extract(_items(caption))[0]
    assert result.language == UNDETERMINED
    assert any(note.startswith("language: undetermined") for note in result.notes)


def test_odd_input_never_raises_and_keeps_order() -> None:
    captions = ["x" * 100_000, "Ã©tÃ© Ã  Paris mojibake Ã¨", "Hello мир 世界 mixed scripts", "\x00\ud800bad"]
    results = LanguageExtractor().extract(_items(*captions))
    assert len(results) == len(captions)
    assert all(r.language for r in results)


# Short English the lite model gives to another language (checked below with the fallback off), from Flickr8k-style
# photo captions and MVSA tweets: English-only sentiment and NER were switched off for them.
SHORT_ENGLISH = [
    "Two hikers climbing a snowy hill .",  # pl
    "FREE",  # ceb
    "Cant wait to go",  # fr
    "FAV for Outcast",  # hu
    "Was last night",  # de
    "a baby wears a Santa hat .",  # de
    "Surf taco to mend my broken heart?",  # hu
]
# Short non-English captions that must keep their language (the demo collection's two, and everyday phrases)
SHORT_OTHER = [
    ("Frohe Weihnachten! Chelsea hat den Weihnachtsbaum schon zweimal umgeworfen", "de"),
    ("Un café à Tokyo, mais je rêve de Paris.", "fr"),
    ("Wo bist du?", "de"),
    ("Je t'aime", "fr"),
    ("Te quiero mucho", "es"),
    ("Buongiorno a tutti", "it"),
    ("Tudo bem com você?", "pt"),
    ("Maganda ang araw", "tl"),
]


@pytest.mark.parametrize("caption", SHORT_ENGLISH)
def test_short_english_read_as_another_language_is_english(caption: str) -> None:
    assert guess_language(language_text(caption), 0.3, fallback=None).lang not in ("en", UNDETERMINED)
    result = LanguageExtractor().extract(_items(caption))[0]
    assert result.language == "en"
    assert any(note.startswith("language: English by its words") for note in result.notes)


@pytest.mark.parametrize(("caption", "expected"), SHORT_OTHER)
def test_short_non_english_keeps_its_language(caption: str, expected: str) -> None:
    result = LanguageExtractor().extract(_items(caption))[0]
    assert result.language == expected
    assert not any("English by its words" in note for note in result.notes)


def test_english_word_share_weighs_the_detected_language_and_ignores_names() -> None:
    assert english_word_share("two hikers climbing a snowy hill", "pl") == (1.0, 6)
    share, counted = english_word_share("i dont care bout it", "fr")  # 'dont' and 'bout' are French first
    assert counted == 5 and share == pytest.approx(3 / 5)
    assert english_word_share("Happy for Emem Eduok", "lt") == (1.0, 2)  # two unknown names count for neither
    assert english_word_share("bom dia", "mg")[0] < 0.75  # Portuguese, though the detector said Malagasy


def test_the_fallback_changes_the_extractor_version() -> None:
    assert LanguageExtractor().version != LanguageExtractor(fallback=None).version
    assert LanguageExtractor().version.startswith("2:")
