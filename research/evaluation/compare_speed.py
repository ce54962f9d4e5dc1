"""Image pipeline speed: images/s for the ImageNet tagger alone and with image sentiment after it.

Image sentiment reuses the tagger's embedding, so it should add almost nothing; this measures that on real
files (the first N images of a dataset), with the backbone and head loaded before the clock starts.
"""
from __future__ import annotations

import time
from pathlib import Path

from extractors.base import PostAnalysis


def image_pipeline_speed(paths: list[Path], torch_threads: int = 1) -> dict[str, float]:
    """{'images', 'tagger_per_s', 'sentiment_per_s', 'pipeline_per_s'} for these image files."""
    from data.models import Post
    from extractors.image_sentiment import ImageSentiment
    from extractors.vision.imagenet_tagger import ImageNetTagger

    items = [PostAnalysis(post=Post(id=f"speed-{i}", caption="", images=(p,))) for i, p in enumerate(paths)]
    tagger, sentiment = ImageNetTagger(torch_threads=torch_threads), ImageSentiment()
    _ = tagger.backbone, sentiment.head
    started = time.perf_counter()
    for start in range(0, len(items), tagger.batch_size):
        batch = items[start : start + tagger.batch_size]
        for item, extraction in zip(batch, tagger.extract(batch), strict=True):
            item.extraction.merge(extraction)
    tagged = time.perf_counter() - started
    started = time.perf_counter()
    sentiment.extract(items)
    judged = time.perf_counter() - started
    n = len(items)
    return {"images": n, "tagger_per_s": n / tagged, "sentiment_per_s": n / max(judged, 1e-9),
            "pipeline_per_s": n / (tagged + judged)}
