"""The caption-sentiment extractor and the small seam its backends implement.

`CaptionSentiment` does everything that is the same for every backend: it picks the sentiment view of the
caption, cuts very long captions, stores no caption verdict (with a note saying why) for a post with no caption
text to read and for a language the backend cannot read, and hands the rest to the backend in one batch. A
backend only turns texts into verdicts.

No caption text to read: the sentiment view (URLs and the RT prefix gone) is empty or holds only @mentions and
punctuation. Hashtags are words ('#BestDayEver' -> 'best day ever') and emoji carry sentiment, so either makes a
caption readable. Such a post used to get a placeholder 'neutral' that queries then counted as a caption verdict;
now the graph has no caption verdict for it and the fused verdict is the image's.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np

from extractors.base import SENTIMENT_LABELS, Extraction, PostAnalysis, SentimentVerdict
from extractors.social_text import VIEWS_VERSION, TextViews, text_views

log = logging.getLogger(__name__)

_MENTION_RE = re.compile(r"@user\b")

# VADER's cost grows faster than linearly with length (measured: 4.6k chars 36 ms, 100k chars 17 s), and the
# transformer backends read at most 256-512 tokens anyway; sentiment of a caption is settled well before this.
MAX_SENTIMENT_CHARS = 2000
UNKNOWN_LANGUAGES = frozenset({"", "und", "unknown", "zxx", "mul"})


@runtime_checkable
class SentimentBackend(Protocol):
    """Turns caption texts into three-class verdicts.

    `languages` is the set of ISO-639-1 codes the backend reads, or None when it reads any language.
    `classify` gets the sentiment views (never empty) and the matching items, so a backend can reuse features
    earlier extractors left (the head reuses shared.sentiment_embedding).
    """

    name: str
    model_id: str
    languages: frozenset[str] | None

    def classify(self, texts: Sequence[str], items: Sequence[PostAnalysis]) -> list[SentimentVerdict]: ...


def has_readable_text(sentiment_view: str) -> bool:
    """True when the sentiment view has something to read besides @mentions and punctuation (a word, a number,
    an emoji)."""
    rest = _MENTION_RE.sub(" ", sentiment_view)
    return any(ch.isalnum() or unicodedata.category(ch) == "So" for ch in rest)  # So: emoji and other symbols


def verdict_from_probs(probs: np.ndarray, model: str) -> list[SentimentVerdict]:
    """Verdicts from an (n, 3) array in SENTIMENT_LABELS order: label = argmax, score = p(pos) - p(neg)."""
    verdicts = []
    for row in np.asarray(probs, dtype=np.float64):
        triple = (float(row[0]), float(row[1]), float(row[2]))
        verdicts.append(
            SentimentVerdict(
                label=SENTIMENT_LABELS[int(np.argmax(row))], score=triple[2] - triple[0], model=model, probs=triple
            )
        )
    return verdicts


def language_of(item: PostAnalysis) -> str | None:
    """The post's language as a lower-case ISO-639-1 code, or None when nobody has decided it."""
    language = item.extraction.language
    if language is None or language.strip().lower() in UNKNOWN_LANGUAGES:
        return None
    return language.strip().lower().replace("_", "-").split("-")[0]


def views_of(item: PostAnalysis) -> TextViews:
    """The caption views the embedding extractor already built, or build them now."""
    views = item.extraction.shared.text_views
    return views if views is not None else text_views(item.text)


@dataclass
class _Prepared:
    text: str = ""
    verdict: SentimentVerdict | None = None
    read: bool = True  # False: no verdict at all (no caption text, a language the backend cannot read)
    notes: list[str] = field(default_factory=list)


class CaptionSentiment:
    """Caption sentiment for a batch of posts: Extraction(sentiments={'caption': verdict}) per post."""

    name = "caption_sentiment"

    def __init__(self, backend: SentimentBackend, batch_size: int = 64) -> None:
        self.backend = backend
        self.batch_size = batch_size
        # 2: the head reads the embedding of the sentiment view with emoji as words; 3: no verdict (instead of a
        # placeholder 'neutral') for a post without caption text or in a language the backend cannot read
        self.version = f"3:{backend.name}:{backend.model_id}:views{VIEWS_VERSION}"
        self.model = f"{backend.name}:{backend.model_id}"

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        prepared = [self._prepare(item) for item in items]
        todo = [i for i, p in enumerate(prepared) if p.read]
        if todo:
            verdicts = self.backend.classify([prepared[i].text for i in todo], [items[i] for i in todo])
            for i, verdict in zip(todo, verdicts, strict=True):
                prepared[i].verdict = verdict
        return [Extraction(sentiments={"caption": p.verdict} if p.verdict is not None else {}, notes=p.notes)
                for p in prepared]

    def _prepare(self, item: PostAnalysis) -> _Prepared:
        text = views_of(item).for_sentiment.strip()
        prepared = _Prepared(text=text)
        if not has_readable_text(text):
            prepared.read = False
            what = "caption empty" if not text else "caption has only mentions, links or punctuation"
            prepared.notes.append(f"no caption sentiment: {what}")
            return prepared
        language = language_of(item)
        supported = self.backend.languages
        if language is not None and supported is not None and language not in supported:
            prepared.read = False
            prepared.notes.append(
                f"no caption sentiment: language {language!r} not supported by {self.backend.name}"
            )
            return prepared
        if len(text) > MAX_SENTIMENT_CHARS:
            prepared.text = text[:MAX_SENTIMENT_CHARS]
            prepared.notes.append(
                f"caption sentiment read the first {MAX_SENTIMENT_CHARS} of {len(text)} characters"
            )
        return prepared
