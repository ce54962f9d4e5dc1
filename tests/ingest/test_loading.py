"""The batch load on both engines (the embedded FalkorDB and Neo4j): idempotent re-runs, skip of unchanged posts,
re-extraction of changed ones, bad posts recorded, and a load killed at ANY write ends like an uninterrupted one.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from data.models import Post
from extractors.base import EntityMention, Extraction, ImageInfo, ImageTag, PostAnalysis, SentimentVerdict, TopicScore
from extractors.entities import HashtagMentionExtractor
from graph import queries
from ingest.loading import load_posts
from research.graph_dump import dump_graph


class KeywordFindings:
    """A small real extractor: sentiment, topics and image tags from keywords, so the graph has every edge type."""

    name, version, batch_size = "keywords", "1", 3

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        out = []
        for item in items:
            text = item.text.lower()
            if "explode" in text:
                raise RuntimeError("model choked")
            label = "negative" if "rain" in text else "positive" if "sun" in text else "neutral"
            verdict = SentimentVerdict(label, {"negative": -0.7, "neutral": 0.0, "positive": 0.8}[label], "kw")
            words = [w.strip("#.,!") for w in text.split() if len(w.strip("#.,!")) > 3][:3]
            images = {i: ImageInfo(i, 10, 10, "JPEG", tags=[ImageTag("beach", "scene", 0.9)])
                      for i in range(len(item.post.images))}
            out.append(Extraction(language="en", sentiments={"caption": verdict, "combined": verdict},
                                  topics=[TopicScore(w, 0.5) for w in words], images=images,
                                  entities=[EntityMention("paris", "GPE")] if "paris" in text else []))
        return out


def _posts(tmp_path: Path, n: int = 10) -> list[Post]:
    image = tmp_path / "a.jpg"
    image.write_bytes(b"\xff\xd8fake-jpeg-bytes")
    captions = ["sun in #Paris with @ann", "rain again #sad", "coffee time", "", "sun sun #beach",
                "walking in paris rain", "quiet evening", "#food #sun", "museum day @bob", "explode here"]
    return [Post(id=f"t:{i}", caption=captions[i % len(captions)], images=(image,) if i % 2 else (),
                 created_at=datetime(2021, 1 + i % 12, 5, tzinfo=UTC), source="test")
            for i in range(n)]


PIPELINE = [HashtagMentionExtractor(), KeywordFindings()]


def test_load_then_reload_is_a_no_op(graph_store, tmp_path: Path) -> None:
    posts = _posts(tmp_path)
    first = load_posts(graph_store, posts, PIPELINE, chunk_size=4)
    assert first.loaded == 10 and first.unchanged == 0
    assert [f["post_id"] for f in first.failures] == ["t:9"]  # 'explode' fails alone; the post still loads
    before = dump_graph(graph_store)
    again = load_posts(graph_store, _posts(tmp_path), PIPELINE, chunk_size=4)
    assert again.loaded == 0 and again.unchanged == 10
    assert dump_graph(graph_store) == before
    forced = load_posts(graph_store, _posts(tmp_path), PIPELINE, chunk_size=4, force=True)
    assert forced.loaded == 10
    assert dump_graph(graph_store) == before  # re-extraction rewrites the same graph: nothing duplicated


def test_graph_content_follows_the_schema(graph_store, tmp_path: Path) -> None:
    load_posts(graph_store, _posts(tmp_path), PIPELINE)
    rows = graph_store.query(
        "MATCH (p:Post {id: 't:0'}) OPTIONAL MATCH (p)-[:MENTIONS]->(e:Entity) "
        "RETURN p.sentiment AS s, p.year AS y, p.created_at AS c, collect(e.name + '/' + e.label) AS ents")
    assert rows[0]["s"] == "positive" and rows[0]["y"] == 2021 and rows[0]["c"] == "2021-01-05T00:00:00Z"
    assert sorted(rows[0]["ents"]) == ["ann/MENTION", "paris/GPE", "paris/HASHTAG"]
    tags = graph_store.query("MATCH (:Post)-[:HAS_IMAGE]->(:Image)-[d:DEPICTS]->(t:Tag) RETURN count(d) AS n")
    assert tags[0]["n"] == 4  # five posts have an image; t:9's extractor failed, so its image has no tags
    images = graph_store.query("MATCH (:Post {id: 't:9'})-[:HAS_IMAGE]->(i:Image) RETURN i.path AS path")
    assert images and images[0]["path"].endswith("a.jpg")  # ...but the post and its image are loaded
    failed = graph_store.query("MATCH (p:Post {id: 't:9'}) RETURN p.errors AS errors, p.sentiment AS s")
    assert failed[0]["errors"] == ["keywords: RuntimeError: model choked"] and failed[0]["s"] is None


def test_topics_named_from_image_tags_are_stored_from_image(graph_store, tmp_path: Path) -> None:
    from graph.writer import write_analyses

    items = [PostAnalysis(post) for post in _posts(tmp_path, 2)]
    items[0].extraction.topics = [TopicScore("paris", 0.5)]
    items[1].extraction.topics = [TopicScore("beach", 0.9, from_image=True)]
    write_analyses(graph_store, items, "test")
    flags = {(r["post"], r["topic"]): r["from_image"] for r in graph_store.query(
        "MATCH (p:Post)-[r:ABOUT]->(t:Topic) RETURN p.id AS post, t.name AS topic, r.from_image AS from_image")}
    assert flags == {("t:0", "paris"): False, ("t:1", "beach"): True}


def test_changed_caption_is_re_extracted_and_stale_findings_go(graph_store, tmp_path: Path) -> None:
    posts = _posts(tmp_path)
    load_posts(graph_store, posts, PIPELINE)
    changed = list(posts)
    changed[1] = Post(id="t:1", caption="sun at last", images=posts[1].images, created_at=posts[1].created_at)
    summary = load_posts(graph_store, changed, PIPELINE)
    assert summary.loaded == 1 and summary.unchanged == 9
    rows = graph_store.query("MATCH (p:Post {id: 't:1'})-[:HAS_SENTIMENT {source: 'caption'}]->(s) "
                                "RETURN s.name AS s")
    assert rows == [{"s": "positive"}]
    assert graph_store.query("MATCH (e:Entity {name: 'sad'}) RETURN count(e) AS n")[0]["n"] == 0  # pruned
    assert graph_store.query("MATCH (t:Topic {name: 'again'}) RETURN count(t) AS n")[0]["n"] == 0


def test_new_pipeline_version_re_extracts_everything(graph_store, tmp_path: Path) -> None:
    load_posts(graph_store, _posts(tmp_path), PIPELINE)
    newer = KeywordFindings()
    newer.version = "2"
    summary = load_posts(graph_store, _posts(tmp_path), [HashtagMentionExtractor(), newer])
    assert summary.loaded == 10


class CrashAfter:
    """The real store, but the process 'dies' after N write calls (like kill -9 between two statements)."""

    def __init__(self, store: Any, writes: int) -> None:
        self._store, self._left = store, writes

    def _tick(self) -> None:
        if self._left <= 0:
            raise SystemExit("killed")
        self._left -= 1

    def write(self, query: str, params: Mapping[str, Any] | None = None) -> list:
        self._tick()
        return self._store.write(query, params)

    def write_rows(self, query: str, rows: Sequence[Mapping[str, Any]], batch_size: int = 1000) -> int:
        sent = 0
        for start in range(0, len(rows), batch_size):  # die between chunks too
            self._tick()
            sent += self._store.write_rows(query, rows[start : start + batch_size], batch_size)
        return sent

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _count_writes(store: Any, posts: list[Post], pipeline: Sequence[Any] = tuple(PIPELINE),
                  write_every: int = 0) -> int:
    counter = CrashAfter(store, 10**9)
    load_posts(counter, posts, list(pipeline), chunk_size=4, write_batch_size=2, write_every=write_every)
    return 10**9 - counter._left


@pytest.mark.parametrize("write_every", [0, 8], ids=["each-chunk", "bulk"])
def test_a_load_killed_at_any_write_then_re_run_equals_an_uninterrupted_load(graph_store, tmp_path: Path,
                                                                              write_every: int) -> None:
    posts = _posts(tmp_path, 7)
    total = _count_writes(graph_store, posts, write_every=write_every)
    reference = dump_graph(graph_store)
    assert total > 20
    for cut in range(total):
        graph_store.clear()
        with pytest.raises(SystemExit):
            load_posts(CrashAfter(graph_store, cut), posts, PIPELINE, chunk_size=4, write_batch_size=2,
                       write_every=write_every)
        load_posts(graph_store, _posts(tmp_path, 7), PIPELINE, chunk_size=4, write_batch_size=2)
        assert dump_graph(graph_store) == reference, f"graph differs after a crash at write {cut}"


def test_overview_queries_count_the_load(graph_store, tmp_path: Path) -> None:
    load_posts(graph_store, _posts(tmp_path), PIPELINE)
    by_sentiment = {r["sentiment"]: r["posts"] for r in graph_store.query(queries.POSTS_BY_SENTIMENT)}
    assert sum(by_sentiment.values()) == 10 and by_sentiment["unknown"] == 1
    assert graph_store.query(queries.COUNT_POSTS) == [{"posts": 10}]


@pytest.mark.slow
def test_new_entity_rules_rewrite_the_entities_of_loaded_posts(graph_store, tmp_path: Path) -> None:
    """Entity cleaning changes reach a graph loaded before: the rules version is part of the extractor's version,
    so a re-load under new rules re-extracts each post, and entities the new rules drop leave the graph."""
    from extractors import entities

    caption = "Dentist body bag fury: Dad finds daughter restrained in Paris"  # spaCy: 'Dentist' NORP
    posts = [Post(id="e:1", caption=caption, created_at=datetime(2021, 1, 5, tzinfo=UTC), source="test")]

    class KeepEverything(entities.EntityExtractor):
        """The extractor as it was before cleaning rules: every useful-label spaCy entity kept."""

        @staticmethod
        def _add_entities(result: Extraction, ents: Any, text: str, embed: Any = None) -> None:
            result.entities += [EntityMention(e.text.lower(), e.label_) for e in ents
                                if e.label_ in entities.USEFUL_LABELS]

    old = KeepEverything()
    if old.model_name is None:
        pytest.skip("no spaCy model installed")
    old.version = old.version.replace(f"{entities.RULES_VERSION}:", "old:", 1)
    load_posts(graph_store, posts, [old])
    count = "MATCH (e:Entity {name: $name}) RETURN count(e) AS n"
    assert graph_store.query(count, {"name": "dentist"})[0]["n"] == 1

    summary = load_posts(graph_store, posts, [entities.EntityExtractor()])
    assert summary.loaded == 1
    assert graph_store.query(count, {"name": "dentist"})[0]["n"] == 0  # dropped by the rules, pruned
    assert graph_store.query(count, {"name": "paris"})[0]["n"] == 1
    assert load_posts(graph_store, posts, [entities.EntityExtractor()]).unchanged == 1  # same rules: no-op
