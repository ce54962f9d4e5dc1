"""The batch runner: order, batching, per-post failure isolation, merge of results."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from data.models import Post
from extractors.base import (
    EntityMention,
    Extraction,
    Extractor,
    ImageInfo,
    ImageTag,
    PostAnalysis,
    SentimentVerdict,
    SharedFeatures,
    TopicScore,
)
from extractors.runner import pipeline_signature, run_extractors
from extractors.social_text import text_views


class WordCounter:
    """A real extractor: leaves the caption's text views for later ones (as the embedding extractor does) and
    records the batch sizes it was called with."""

    name = "words"
    version = "1"

    def __init__(self, batch_size: int = 2) -> None:
        self.batch_size = batch_size
        self.calls: list[int] = []

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        self.calls.append(len(items))
        return [Extraction(shared=SharedFeatures(text_views=text_views(item.text))) for item in items]


class FailsOnBoom:
    """Raises for the whole batch whenever one caption contains 'boom' (like a model choking on one input)."""

    name = "fragile"
    version = "2"
    batch_size = 4

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        if any("boom" in item.text for item in items):
            raise ValueError("cannot read boom")
        return [Extraction(entities=[EntityMention(item.post.id, "TEST")]) for item in items]


class UsesEarlierResult:
    """Reads what WordCounter left: later extractors build on earlier ones."""

    name = "uses"
    version = "1"
    batch_size = 10

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        out = []
        for item in items:
            words = len(item.extraction.shared.text_views.for_sentiment.split())
            label = "positive" if words > 2 else "neutral"
            out.append(Extraction(sentiments={"caption": SentimentVerdict(label, 0.5 if label == "positive" else 0)}))
        return out


def _items(captions: list[str]) -> list[PostAnalysis]:
    return [PostAnalysis(Post(id=f"p{i}", caption=c)) for i, c in enumerate(captions)]


def test_extractors_satisfy_protocol() -> None:
    assert isinstance(WordCounter(), Extractor)
    assert isinstance(FailsOnBoom(), Extractor)


def test_batches_follow_each_extractor_batch_size_and_results_merge_in_order() -> None:
    counter = WordCounter(batch_size=2)
    items = _items(["a b c", "a", "x y z w", "q", "r"])
    report = run_extractors(items, [counter, UsesEarlierResult()])
    assert counter.calls == [2, 2, 1]
    assert [i.extraction.sentiments["caption"].label for i in items] == [
        "positive", "neutral", "positive", "neutral", "neutral"]
    assert report.posts == 5 and not report.failures
    assert set(report.seconds) == {"words", "uses"}


def test_one_bad_post_fails_alone_and_the_batch_goes_on() -> None:
    items = _items(["fine", "boom here", "also fine", "ok", "boom again", "last"])
    report = run_extractors(items, [FailsOnBoom(), WordCounter()])
    failed = {f.post_id for f in report.failures}
    assert failed == {"p1", "p4"}
    assert all(f.extractor == "fragile" and "cannot read boom" in f.error for f in report.failures)
    for item in items:
        has_entity = bool(item.extraction.entities)
        assert has_entity == (item.post.id not in failed)
        assert item.extraction.shared.text_views is not None  # later extractors still ran on every post
    assert items[1].errors == ["fragile: ValueError: cannot read boom"]


def test_wrong_result_count_is_a_recorded_failure() -> None:
    class Short:
        name, version, batch_size = "short", "1", 3

        def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
            return [Extraction()] * (len(items) - 1)

    items = _items(["a", "b"])
    report = run_extractors(items, [Short()])
    assert len(report.failures) == 2  # a 1-item batch returning 0 results fails too


def test_pipeline_signature_changes_with_versions() -> None:
    first = pipeline_signature([WordCounter(), FailsOnBoom()])
    bumped = FailsOnBoom()
    bumped.version = "3"
    assert first == "words@1;fragile@2"
    assert pipeline_signature([WordCounter(), bumped]) != first


def test_merge_later_values_win_and_lists_extend() -> None:
    first_vector, second_vector = np.ones(3, np.float32), np.zeros(3, np.float32)
    merged = Extraction(
        language="en", topics=[TopicScore("beach", 0.5)], notes=["a"],
        shared=SharedFeatures(caption_embedding=first_vector, language_score=0.4, image_embedding_model="m1"),
        images={0: ImageInfo(index=0, width=10, tags=[ImageTag("dog", "animal", 0.9)])},
    )
    merged.merge(Extraction(
        topics=[TopicScore("dog", 0.9, from_image=True)], notes=["b"],
        shared=SharedFeatures(caption_embedding=second_vector, image_embeddings=[None], image_embedding_model="m2"),
        images={0: ImageInfo(index=0, height=20, tags=[ImageTag("grass", "scene", 0.3)])},
    ))
    merged.merge(Extraction(shared=SharedFeatures(text_views=text_views("hi @ann"))))
    assert merged.language == "en"  # None never overwrites
    assert merged.topics == [TopicScore("beach", 0.5), TopicScore("dog", 0.9, from_image=True)]
    assert merged.notes == ["a", "b"]
    shared = merged.shared
    assert shared.caption_embedding is second_vector and shared.image_embedding_model == "m2"  # later values win
    assert shared.language_score == 0.4 and shared.image_embeddings == [None]  # unset values keep earlier ones
    assert shared.sentiment_embedding is None and shared.text_views == text_views("hi @ann")
    assert (merged.images[0].width, merged.images[0].height) == (10, 20)
    assert [t.name for t in merged.images[0].tags] == ["dog", "grass"]


def test_text_falls_back_to_generated_caption() -> None:
    item = PostAnalysis(Post(id="x", caption="  "))
    assert item.text == "" and not item.text_is_generated
    item.extraction.merge(Extraction(images={0: ImageInfo(index=0, generated_caption="a dog on a beach")}))
    assert item.text == "a dog on a beach" and item.text_is_generated


def test_configuration_errors_stop_the_run_instead_of_failing_every_post() -> None:
    import pytest

    from core.errors import ConfigError

    class Misconfigured:
        name, version, batch_size = "misconfigured", "1", 2

        def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
            raise ConfigError("unknown model 'x': set FEEDLENS_X")

    with pytest.raises(ConfigError, match="FEEDLENS_X"):
        run_extractors(_items(["a", "b", "c"]), [Misconfigured()])
