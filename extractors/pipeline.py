"""The ordered list of extractors a load runs, built from Settings.

Order matters because each extractor reads what earlier ones left on the post:
vision first (tags, and a composed caption for posts without one, which `PostAnalysis.text` then uses),
embeddings (caption vector + text views, reused by sentiment and KeyBERT), language (English-only models
step aside for other languages), sentiment, entities, topics (falls back to image tags), fusion last.

Vision, sentiment and fusion are written separately and imported lazily: a missing or broken optional part
drops out with a log line and the caption pipeline still runs. Nothing here loads a model; building the
list is cheap.
"""
from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any, Literal

from core.errors import FeedLensError
from core.settings import Settings, get_settings
from extractors.base import Extractor

log = logging.getLogger(__name__)

PipelineMode = Literal["full", "minimal"]


def _optional(module: str, attribute: str, purpose: str) -> Callable[..., Any] | None:
    """`module.attribute` if that part of FeedLens is installed and importable, else None (logged)."""
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as exc:
        log.info("%s not available (%s): pipeline runs without it", purpose, exc)
        return None


def _build(factory: Callable[..., Any] | None, settings: Settings, purpose: str) -> list[Extractor]:
    """[factory(settings)] or [] when the factory is missing or cannot be built (e.g. an optional package)."""
    if factory is None:
        return []
    try:
        built = factory(settings)
    except (FeedLensError, ImportError) as exc:
        log.warning("%s disabled: %s", purpose, exc)
        return []
    return [built] if built is not None else []


def vision_extractors(settings: Settings) -> list[Extractor]:
    """The image tagger (offline ImageNet, or BLIP-2 by setting), image sentiment, then a hub captioner \
if configured."""
    tagger_name = "Blip2Tagger" if settings.image_model == "blip2" else "ImageNetTagger"
    extractors = _build(_optional("extractors.vision", tagger_name, "image tagging"), settings, "image tagging")
    if extractors and tagger_name == "ImageNetTagger":  # reads the tagger's embedding: must come right after it
        image_sentiment = _optional("extractors.image_sentiment", "build_image_sentiment", "image sentiment")
        extractors += _build(image_sentiment, settings, "image sentiment")
    if settings.captioner_model:
        captioner = _optional("extractors.vision", "HFCaptioner", "image captioning")
        extractors += _build(captioner, settings, "image captioning")
    return extractors


def default_extractors(
    settings: Settings | None = None, *, with_images: bool = True, mode: PipelineMode = "full"
) -> list[Extractor]:
    """Extractors in run order. `mode="minimal"` is hashtags and mentions only: no model, for fast tests."""
    from extractors.entities import EntityExtractor, HashtagMentionExtractor

    settings = settings or get_settings()
    if mode == "minimal":
        return [HashtagMentionExtractor()]
    if mode != "full":
        raise ValueError(f"pipeline mode must be 'full' or 'minimal', got {mode!r}")

    from extractors.embeddings import EmbeddingExtractor
    from extractors.language import LanguageExtractor
    from extractors.topics import TopicExtractor

    extractors: list[Extractor] = vision_extractors(settings) if with_images else []
    sentiment = _optional("extractors.sentiment", "build_caption_sentiment", "caption sentiment")
    caption_sentiment = _build(sentiment, settings, "caption sentiment")
    # a fine-tuned sentiment branch over the embedding model's top layers takes its lower-layer states from the
    # embedding pass instead of encoding every caption again
    layer = next((getattr(getattr(e, "backend", None), "shared_layer", None) for e in caption_sentiment), None)
    extractors.append(EmbeddingExtractor(settings.embedding_model, settings, states_layer=layer))
    extractors.append(LanguageExtractor())
    extractors += caption_sentiment
    extractors.append(EntityExtractor(settings))
    extractors.append(TopicExtractor(settings))
    fusion = _optional("extractors.fusion", "build_fusion", "sentiment fusion")
    extractors += _build(fusion, settings, "sentiment fusion")
    return extractors
