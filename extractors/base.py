"""The Extractor protocol and the result types every extractor returns.

An extractor takes a batch of `PostAnalysis` items (the post plus what earlier extractors found) and returns
one `Extraction` per item. The runner merges each Extraction into its item, so later extractors can build on
earlier ones (fusion reads caption and image sentiment; KeyBERT reuses the caption embedding from
`Extraction.shared`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

from data.models import Post
from extractors.social_text import TextViews

if TYPE_CHECKING:
    import numpy as np

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
    from_image: bool = False  # named from the image's tags because the caption said nothing topical


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
    caption_confidence: float | None = None  # the offline captioner's geometric-mean token probability
    caption_uncertain: bool = False  # below the captioner's confidence gate: stored, not used as the post's text


@dataclass
class LayerStates:
    """Token hidden states of one text after `layer` transformer layers of embedding model `model` (in memory only).

    The fine-tuned caption-sentiment branch (extractors/sentiment/finetuned.py) runs only its own top layers on
    these, instead of encoding the caption a second time."""

    model: str
    layer: int
    states: np.ndarray  # (tokens, hidden) float32, padding removed


@dataclass
class SharedFeatures:
    """What an extractor computes once for later extractors to reuse, in memory only: never written to the graph.

    None means 'not computed' (that extractor did not run, or had nothing for this post); readers then compute
    what they need themselves or fall back to a default.
    """

    caption_embedding: np.ndarray | None = None  # unit MiniLM vector of TextViews.for_sentiment (topics, KeyBERT)
    sentiment_embedding: np.ndarray | None = None  # the same for TextViews.for_embedding (the caption sentiment head)
    text_views: TextViews | None = None  # the caption cleaned once for each reader (embeddings.py)
    # lower-layer states of TextViews.for_embedding, when a fine-tuned sentiment branch asked the embedding pass
    sentiment_states: LayerStates | None = None
    language_score: float | None = None  # the language detector's confidence in Extraction.language
    image_embeddings: list[np.ndarray | None] | None = None  # one per Post.images, None where unreadable
    image_embedding_model: str | None = None  # the backbone that computed image_embeddings

    def merge(self, other: SharedFeatures) -> None:
        """Take every feature `other` computed: later values win, a list (image_embeddings) as one value."""
        for spec in fields(self):
            value = getattr(other, spec.name)
            if value is not None:
                setattr(self, spec.name, value)


@dataclass
class Extraction:
    """What one or more extractors say about one post. Empty fields mean 'nothing to say'."""

    language: str | None = None
    sentiments: dict[str, SentimentVerdict] = field(default_factory=dict)  # keyed by SentimentSource
    topics: list[TopicScore] = field(default_factory=list)  # collection topics an extractor already knows
    keyphrases: list[TopicScore] = field(default_factory=list)  # what this one caption is about (KeyBERT)
    entities: list[EntityMention] = field(default_factory=list)
    images: dict[int, ImageInfo] = field(default_factory=dict)
    shared: SharedFeatures = field(default_factory=SharedFeatures)  # for later extractors, never stored
    notes: list[str] = field(default_factory=list)  # recorded reasons, e.g. "no caption sentiment: caption empty"

    def merge(self, other: Extraction) -> None:
        """Fold another extractor's result into this one (later values win, lists extend)."""
        if other.language is not None:
            self.language = other.language
        self.sentiments.update(other.sentiments)
        self.topics.extend(other.topics)
        self.keyphrases.extend(other.keyphrases)
        self.entities.extend(other.entities)
        for index, info in other.images.items():
            mine = self.images.get(index)
            if mine is None:
                self.images[index] = info
                continue
            mine.width = info.width if info.width is not None else mine.width
            mine.height = info.height if info.height is not None else mine.height
            mine.format = info.format or mine.format
            if info.generated_caption:  # a later captioner's caption replaces the earlier one with its confidence
                mine.generated_caption = info.generated_caption
                mine.caption_confidence, mine.caption_uncertain = info.caption_confidence, info.caption_uncertain
            mine.tags.extend(info.tags)
            mine.error = info.error or mine.error
        self.shared.merge(other.shared)
        self.notes.extend(other.notes)


@dataclass
class PostAnalysis:
    """A post travelling through the pipeline, with everything found about it so far."""

    post: Post
    extraction: Extraction = field(default_factory=Extraction)
    errors: list[str] = field(default_factory=list)  # extractor failures (the post still loads without that part)

    @property
    def text(self) -> str:
        """The text to analyse: the caption, or else a confident caption generated from the image."""
        if self.post.caption.strip():
            return self.post.caption
        for info in self.extraction.images.values():
            if info.generated_caption and not info.caption_uncertain:
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
