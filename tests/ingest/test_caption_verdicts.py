"""A post with no caption text to read has no caption verdict in the graph (not a placeholder 'neutral' that the
caption-verdict counts would take for one), its fused verdict is the photo's, and re-loading a graph written by
the older caption extractor removes the placeholders it stored."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from data.models import Post
from extractors.base import Extraction, PostAnalysis, SentimentVerdict
from extractors.fusion import Fusion, FusionHead
from extractors.sentiment.base import CaptionSentiment
from graph.queries.posts import PostFilter, count_posts
from ingest.loading import load_posts


class WordBackend:
    """A caption backend that reads 'sun' as positive and anything else as negative."""

    name, model_id, languages = "words", "w1", frozenset({"en"})

    def classify(self, texts: Sequence[str], items: Sequence[PostAnalysis]) -> list[SentimentVerdict]:
        return [SentimentVerdict("positive", 0.8, "words", (0.1, 0.1, 0.8)) if "sun" in text.lower()
                else SentimentVerdict("negative", -0.8, "words", (0.8, 0.1, 0.1)) for text in texts]


class PhotoVerdicts:
    """The image-sentiment stage: every photo reads positive."""

    name, version, batch_size = "image_sentiment", "1", 8

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        return [Extraction(sentiments={"image": SentimentVerdict("positive", 0.7, "img", (0.1, 0.1, 0.8))})
                if item.post.images else Extraction() for item in items]


class PlaceholderCaptions(CaptionSentiment):
    """The caption extractor as it was before version 3: a 'neutral' placeholder for a post with no caption text."""

    def __init__(self) -> None:
        super().__init__(WordBackend())
        self.version = self.version.replace("3:", "2:", 1)

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        out = super().extract(items)
        for extraction in out:
            extraction.sentiments.setdefault("caption", SentimentVerdict("neutral", 0.0, self.model))
        return out


def _posts(tmp_path: Path) -> list[Post]:
    image = tmp_path / "a.jpg"
    image.write_bytes(b"\xff\xd8fake-jpeg-bytes")
    when = datetime(2024, 5, 1, tzinfo=UTC)
    captions = {"empty": "", "mentions": "@ann @bob http://t.co/x", "rain": "rain again", "sun": "sun at last"}
    return [Post(id=pid, caption=text, images=(image,), created_at=when, source="test")
            for pid, text in captions.items()]


def _pipeline(captions: CaptionSentiment) -> list:
    return [captions, PhotoVerdicts(), Fusion(head=FusionHead(kind="convex", alpha=0.5))]


def _verdicts(store) -> dict[str, tuple]:
    rows = store.query("MATCH (p:Post) OPTIONAL MATCH (p)-[:HAS_SENTIMENT {source: 'caption'}]->(s:Sentiment) "
                       "RETURN p.id AS id, p.caption_sentiment AS caption, s.name AS edge, p.sentiment AS combined, "
                       "p.notes AS notes")
    return {r["id"]: (r["caption"], r["edge"], r["combined"], r["notes"]) for r in rows}


def _caption_neutral_count(store) -> int:
    text, params = count_posts(PostFilter(sentiment="neutral", source="caption"))
    return store.query(text, params)[0]["posts"]


def test_a_post_without_caption_text_has_no_caption_verdict_and_takes_the_photos(graph_store, tmp_path: Path
                                                                                  ) -> None:
    load_posts(graph_store, _posts(tmp_path), _pipeline(CaptionSentiment(WordBackend())))
    verdicts = _verdicts(graph_store)
    for pid in ("empty", "mentions"):
        caption, edge, combined, notes = verdicts[pid]
        assert caption is None and edge is None, pid
        assert combined == "positive", pid  # the photo's verdict
        assert any(note.startswith("no caption sentiment:") for note in notes), notes
    assert verdicts["rain"][:2] == ("negative", "negative") and verdicts["sun"][:2] == ("positive", "positive")
    assert _caption_neutral_count(graph_store) == 0


def test_reloading_a_graph_with_placeholder_caption_verdicts_removes_them(graph_store, tmp_path: Path) -> None:
    load_posts(graph_store, _posts(tmp_path), _pipeline(PlaceholderCaptions()))
    assert _caption_neutral_count(graph_store) == 2  # what the older extractor left: 'empty' and 'mentions'
    summary = load_posts(graph_store, _posts(tmp_path), _pipeline(CaptionSentiment(WordBackend())))
    assert summary.loaded == 4  # the caption extractor's version changed: every post is read again
    assert _caption_neutral_count(graph_store) == 0
    assert _verdicts(graph_store)["empty"][:3] == (None, None, "positive")
