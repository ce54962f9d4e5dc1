"""ImageSentiment: a post's image verdict from the embedding the vision tagger already computed.

No second forward pass: the head reads `shared.image_embeddings` (one vector per image, None when the image
could not be read) and, when the head was trained with them, the colour cues (a 64-pixel re-decode) and the
tag-kind cues (from the tags already on the post). A post's verdict is the mean of its images' probabilities.
Posts whose images could not be read get no image verdict and a note; posts without images get nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from extractors.base import Extraction, PostAnalysis
from extractors.image_sentiment.cues import COLOUR_CUES, colour_cues, tag_kind_cues
from extractors.image_sentiment.head import DEFAULT_IMAGE_HEAD_PATH, ImageHead, load_image_head

log = logging.getLogger(__name__)


class ImageSentiment:
    """Extractor: Extraction(sentiments={'image': verdict}) for each post with at least one readable image."""

    name = "image_sentiment"

    def __init__(self, head: ImageHead | None = None, path: Path | str = DEFAULT_IMAGE_HEAD_PATH,
                 batch_size: int = 64) -> None:
        self._head = head
        self.path = Path(path)
        self.batch_size = batch_size

    @property
    def head(self) -> ImageHead:
        """The trained head, read on first use."""
        if self._head is None:
            self._head = load_image_head(self.path)
            log.info("image sentiment head %s loaded from %s", self._head.model_id, self.path)
        return self._head

    @property
    def version(self) -> str:
        return f"1:{self.head.model_id}"

    @property
    def model(self) -> str:
        return f"image_head:{self.head.model_id}"

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        return [self._one(item) for item in items]

    def _one(self, item: PostAnalysis) -> Extraction:
        if not item.post.images:
            return Extraction()
        embeddings = item.extraction.shared.image_embeddings
        backbone = item.extraction.shared.image_embedding_model
        if embeddings is None or backbone != self.head.embedding_model:
            reason = f"needs {self.head.embedding_model} image embeddings, found {backbone or 'none'}"
            return Extraction(notes=[f"image sentiment skipped: {reason}"])
        rows = self._feature_rows(item, embeddings)
        if rows is None:
            return Extraction(notes=["image sentiment skipped: no readable image"])
        from extractors.sentiment.base import verdict_from_probs  # lazy: image sentiment works without caption parts

        probs = self.head.predict_proba(rows).mean(axis=0, keepdims=True)
        return Extraction(sentiments={"image": verdict_from_probs(probs, self.model)[0]})

    def _feature_rows(self, item: PostAnalysis, embeddings: Sequence[np.ndarray | None]) -> np.ndarray | None:
        """One head input row per readable image of the post, or None when none is readable."""
        head, rows = self.head, []
        for index, vector in enumerate(embeddings):
            if vector is None or np.shape(vector) != (head.embedding_dim,):
                continue
            colour = None
            if head.use_colour:
                colour = colour_cues(item.post.images[index])
                if colour is None:
                    colour = np.full(len(COLOUR_CUES), np.nan, np.float32)
            info = item.extraction.images.get(index)
            kinds = tag_kind_cues(info.tags if info else ())
            rows.append(head.features(vector[None, :], None if colour is None else colour[None, :], kinds[None, :]))
        if not rows:
            return None
        stacked = np.vstack(rows)
        return np.nan_to_num(stacked, nan=0.0)
