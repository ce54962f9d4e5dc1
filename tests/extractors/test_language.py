"""Language detection on captions: common languages, and 'und' (with a note) when there is nothing to read."""
from __future__ import annotations

import pytest

from data.models import Post
from extractors.base import PostAnalysis
from extractors.language import UNDETERMINED, LanguageExtractor, language_text


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
