"""The Extractor protocol and the result types every extractor returns.

An extractor takes a batch of `PostAnalysis` items (the post plus what earlier extractors found) and returns
one `Extraction` per item. The runner merges each Extraction into its item, so later extractors can build on
earlier ones (fusion reads caption and image sentiment; KeyBERT reuses the caption embedding).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from data.models import Post

SENTIMENT_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")
SentimentSource = Literal["caption", "image", "combined"]


@dataclass(frozen=True)
class SentimentVerdict:
    """A three-class verdict. `score` is signed polarity in -1..1; `probs` are class probabilities if known."""

    label: str
    score: float
    model: str = ""
    probs: tuple[float, float, float] | None = None  # in SENTIMENT_LABELS order

    def __post_init__(self) -> None:
        if self.label not in SENTIMENT_LABELS:
            raise ValueError(f"sentiment label must be one of {SENTIMENT_LABELS}, got {self.label!r}")
        object.__setattr__(self, "score", max(-1.0, min(1.0, float(self.score))))


@dataclass(frozen=True)
class TopicScore:
    name: str
    score: float


@dataclass(frozen=True)
class EntityMention:
    name: str
    label: str  # spaCy label (PERSON, GPE, ...) or HASHTAG / MENTION


@dataclass(frozen=True)
class ImageTag:
    name: str
    kind: str  # object, animal, food, scene, person, ...
    score: float


@dataclass
class ImageInfo:
    """What was learned about one image of a post (index matches Post.images)."""

    index: int
    width: int | None = None
    height: int | None = None
    format: str | None = None
    generated_caption: str | None = None
    tags: list[ImageTag] = field(default_factory=list)
    error: str | None = None  # set when the image could not be read; the post still loads


@dataclass
class Extraction:
    """What one or more extractors say about one post. Empty fields mean 'nothing to say'."""

    language: str | None = None
    sentiments: dict[str, SentimentVerdict] = field(default_factory=dict)  # keyed by SentimentSource
    topics: list[TopicScore] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    images: dict[int, ImageInfo] = field(default_factory=dict)
    features: dict[str, Any] = field(default_factory=dict)  # shared in memory between extractors, never stored
    notes: list[str] = field(default_factory=list)  # recorded reasons, e.g. "caption empty: sentiment neutral"

    def merge(self, other: Extraction) -> None:
        """Fold another extractor's result into this one (later values win, lists extend)."""
        if other.language is not None:
            self.language = other.language
        self.sentiments.update(other.sentiments)
        self.topics.extend(other.topics)
        self.entities.extend(other.entities)
        for index, info in other.images.items():
            mine = self.images.get(index)
            if mine is None:
                self.images[index] = info
                continue
            mine.width = info.width if info.width is not None else mine.width
            mine.height = info.height if info.height is not None else mine.height
            mine.format = info.format or mine.format
            mine.generated_caption = info.generated_caption or mine.generated_caption
            mine.tags.extend(info.tags)
            mine.error = info.error or mine.error
        self.features.update(other.features)
        self.notes.extend(other.notes)


@dataclass
class PostAnalysis:
    """A post travelling through the pipeline, with everything found about it so far."""

    post: Post
    extraction: Extraction = field(default_factory=Extraction)
    errors: list[str] = field(default_factory=list)  # extractor failures (the post still loads without that part)

    @property
    def text(self) -> str:
        """The text to analyse: the caption, or else a caption generated from the image."""
        if self.post.caption.strip():
            return self.post.caption
        for info in self.extraction.images.values():
            if info.generated_caption:
                return info.generated_caption
        return ""

    @property
    def text_is_generated(self) -> bool:
        return not self.post.caption.strip() and bool(self.text)


@runtime_checkable
class Extractor(Protocol):
    """Reads a batch of posts and returns one Extraction per post, in order.

    `version` must change whenever the output for the same input can change (new model, new rules), so the
    runner knows to re-extract posts loaded by an older version.
    """

    name: str
    version: str
    batch_size: int

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]: ...
