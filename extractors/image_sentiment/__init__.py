"""Image sentiment: a small trained head over the vision tagger's image embedding (+ optional cheap cues).

`build_image_sentiment(settings)` returns the extractor, or None when no head artefact is available (the
pipeline then runs without image sentiment). The head path is FEEDLENS_IMAGE_SENTIMENT_HEAD if set, else the \
packaged extractors/image_sentiment/heads/image_head.npz. Importing loads no model.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from core.settings import option_reader
from extractors.image_sentiment.extractor import ImageSentiment
from extractors.image_sentiment.head import DEFAULT_IMAGE_HEAD_PATH, ImageHead, load_image_head

log = logging.getLogger(__name__)


def build_image_sentiment(settings: Any = None) -> ImageSentiment | None:
    """The image-sentiment extractor; None (logged) without a head or with a backbone it was not trained on."""
    option = option_reader(settings, {})
    path = Path(option("image_sentiment_head") or DEFAULT_IMAGE_HEAD_PATH)
    if not path.is_file():
        log.info("image sentiment off: no head at %s", path)
        return None
    backbone = option("image_model")
    if backbone not in ("mobilenet_v2", "efficientnet_lite0"):
        log.info("image sentiment off: image_model %s leaves no ImageNet embedding", backbone)
        return None
    return ImageSentiment(path=path)


__all__ = ["DEFAULT_IMAGE_HEAD_PATH", "ImageHead", "ImageSentiment", "build_image_sentiment", "load_image_head"]
