"""VADER lexicon sentiment: no model weights, ~10k captions/s, English only.

Emoji are turned into their names first (emoji.demojize): VADER's own emoji table misses skin-tone and
variation-selector forms ('👍🏽', '❤️') and faces whose description has no lexicon word, while the names
('thumbs up', 'enraged face', 'red heart') are words its lexicon scores.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from core.errors import MissingDependency
from extractors.base import PostAnalysis, SentimentVerdict

log = logging.getLogger(__name__)

# Neutral band on VADER's compound score, tuned for macro-F1 on the DEV split only (MVSA dev + TweetEval dev,
# seed 13; see docs/eval_caption.md). VADER's own convention is +-0.05.
POSITIVE_THRESHOLD = 0.2
NEGATIVE_THRESHOLD = -0.05
_EMOJI_NAME_RE = re.compile(r":([a-z0-9_&'.-]+):")
# Emoji whose names VADER's lexicon does not score, mapped to the lexicon word for the sense the emoji is used in.
# Only unambiguous faces and gestures (checked by hand against the Unicode names, never tuned on evaluation rows;
# no MVSA or TweetEval row carries emoji): sarcastic or slang-laden ones (upside-down face, skull, steam from
# nose, pleading face) are left unscored on purpose.
_WORD_FOR = {
    "red_heart": "love", "heart": "love", "pouting_face": "angry face", "thumbs_up": "good",
    "thumbs_down": "bad", "pouting_cat": "angry", "face_vomiting": "disgusting", "nauseated_face": "disgusting",
    "face_with_rolling_eyes": "annoyed", "face_with_symbols_on_mouth": "angry", "unamused_face": "unhappy",
    "confounded_face": "upset", "person_facepalming": "embarrassed", "woman_facepalming": "embarrassed",
    "man_facepalming": "embarrassed", "middle_finger": "insult", "clapping_hands": "applause",
    "star-struck": "amazing", "trophy": "win", "hundred_points": "perfect", "raising_hands": "celebrate",
}


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        raise MissingDependency("vaderSentiment", "the vader sentiment backend") from None
    return SentimentIntensityAnalyzer()


def emoji_to_words(text: str) -> str:
    """'love it 😍👍🏽' -> 'love it  smiling face with heart-eyes  thumbs up  ' (emoji package if installed)."""
    try:
        import emoji
    except ImportError:
        return text  # VADER still reads the emoji its own table knows
    named = emoji.demojize(text, delimiters=(" :", ": "))

    def words(match: re.Match[str]) -> str:
        name = match.group(1)
        name = re.sub(r"_?(light|medium-light|medium|medium-dark|dark)_skin_tone", "", name)
        return " " + _WORD_FOR.get(name, name.replace("_", " ")) + " "

    return _EMOJI_NAME_RE.sub(words, named)


def vader_scores(texts: Sequence[str]) -> np.ndarray:
    """(n, 4) float32: VADER's neg, neu, pos and compound for each text (emoji read as words)."""
    analyzer = _analyzer()
    out = np.zeros((len(texts), 4), dtype=np.float32)
    for i, text in enumerate(texts):
        scores = analyzer.polarity_scores(emoji_to_words(text))
        out[i] = (scores["neg"], scores["neu"], scores["pos"], scores["compound"])
    return out


def label_from_compound(compound: float, positive: float, negative: float) -> str:
    """Three classes from the compound score and a neutral band [negative, positive)."""
    if compound >= positive:
        return "positive"
    return "negative" if compound <= negative else "neutral"


class VaderBackend:
    """VADER on the sentiment view; score = compound, label from the tuned neutral band, no probabilities."""

    name = "vader"
    languages: frozenset[str] | None = frozenset({"en"})

    def __init__(self, positive: float = POSITIVE_THRESHOLD, negative: float = NEGATIVE_THRESHOLD) -> None:
        if negative > positive:
            raise ValueError(f"negative threshold {negative} is above positive threshold {positive}")
        self.positive = positive
        self.negative = negative
        self.model_id = f"vaderSentiment-3.3.2+emoji@{positive:g}/{negative:g}"

    def classify(self, texts: Sequence[str], items: Sequence[PostAnalysis]) -> list[SentimentVerdict]:
        scores = vader_scores(texts)
        model = f"{self.name}:{self.model_id}"
        return [
            SentimentVerdict(
                label=label_from_compound(float(c), self.positive, self.negative), score=float(c), model=model
            )
            for c in scores[:, 3]
        ]
