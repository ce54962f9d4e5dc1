"""The collection topic pass on the real embedded FalkorDB: first load clusters, later loads assign, re-clustering
keeps names, keyphrases stay on their own nodes, and a load killed at any write ends like an uninterrupted one."""
from __future__ import annotations

import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings, get_settings
from data.models import Post
from extractors.base import Extraction, PostAnalysis, TopicScore
from extractors.topic_model import ClusterParams
from ingest.loading import load_posts
from ingest.topics import CollectionTopics, main, post_texts
from research.graph_dump import dump_graph
from tests.ingest.test_loading import CrashAfter

DIM = 64


def bag_of_words(texts: list[str]) -> np.ndarray:
    """A real (if simple) embedder: hashed words, unit length. Posts sharing words are close."""
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in text.lower().split():
            if len(word) > 3:
                out[row, zlib.crc32(word.encode()) % DIM] += 1
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


class Keyphrases:
    """Stands in for TopicExtractor: every long word is a keyphrase; asks for the collection pass."""

    name, version, batch_size = "keyphrases", "1", 4
    collection_pass = True

    def __init__(self, home: Path) -> None:
        self.topic_pass = CollectionTopics(Settings(home=home), embed=bag_of_words,
                                           params=ClusterParams(distance=0.6, min_size=3, attach=0.3))

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        return [Extraction(keyphrases=[TopicScore(w, 0.5) for w in item.text.lower().split() if len(w) > 5])
                for item in items]


THEMES = {"dog": "puppy dog walk park leash", "beach": "beach sand waves surf sunny",
          "coffee": "coffee latte espresso morning"}


def _posts(n_per_theme: int = 4, start: int = 0) -> list[Post]:
    posts = []
    for theme, words in THEMES.items():
        parts = words.split()
        for i in range(start, start + n_per_theme):
            posts.append(Post(id=f"{theme}:{i}", caption=f"{' '.join(parts[: 3 + i % 2])} #{theme}"))
    posts.append(Post(id="odd:0", caption="quantum physics lecture notes"))
    return posts


def _topics(store) -> dict[str, set[str]]:
    rows = store.query("MATCH (p:Post)-[:ABOUT]->(t:Topic) RETURN t.name AS t, collect(p.id) AS posts")
    return {row["t"]: set(row["posts"]) for row in rows}


def test_first_load_clusters_and_later_loads_assign(falkordb_store, tmp_path: Path) -> None:
    extractor = Keyphrases(tmp_path)
    summary = load_posts(falkordb_store, _posts(), [extractor])
    topics = _topics(falkordb_store)
    assert len(topics) == 3 and "re-clustered 3 topics" in summary.topics
    assert all(len(posts) == 4 and len({p.split(":")[0] for p in posts}) == 1 for posts in topics.values())
    keyphrases = falkordb_store.query("MATCH (:Post {id: 'odd:0'})-[:HAS_KEYPHRASE]->(k) RETURN k.name AS k")
    assert {r["k"] for r in keyphrases} == {"quantum", "physics", "lecture"}  # unclustered, nothing lost
    keywords = falkordb_store.query("MATCH (t:Topic) RETURN t.keywords AS k")
    assert all(row["k"] for row in keywords)
    more = load_posts(falkordb_store, _posts() + [Post(id="dog:new", caption="dog park with the puppy")],
                      [extractor])
    assert more.loaded == 1 and "assigned new posts to 3 topics; 1 posts given a topic, 1 without" in more.topics
    dog_topic = next(name for name, posts in _topics(falkordb_store).items() if "dog:0" in posts)
    assert "dog:new" in _topics(falkordb_store)[dog_topic]


def test_recluster_keeps_names_of_persisting_topics(falkordb_store, tmp_path: Path) -> None:
    extractor = Keyphrases(tmp_path)
    load_posts(falkordb_store, _posts(), [extractor])
    before = _topics(falkordb_store)
    load_posts(falkordb_store, _posts(4) + _posts(3, start=4), [extractor])  # more of each theme
    summary = extractor.topic_pass.recluster(falkordb_store)
    after = _topics(falkordb_store)
    assert set(after) == set(before) and summary.kept_names == 3
    assert all(len(posts) >= 6 for posts in after.values())
    assert falkordb_store.query("MATCH (t:Topic) RETURN count(t) AS n")[0]["n"] == 3  # old nodes reused


def test_a_load_killed_at_any_write_gets_its_topics_on_the_next_run(falkordb_store, tmp_path: Path) -> None:
    counter = CrashAfter(falkordb_store, 10**9)
    load_posts(counter, _posts(), [Keyphrases(tmp_path / "ref")], chunk_size=4, write_batch_size=2)
    total = 10**9 - counter._left
    reference = dump_graph(falkordb_store)
    for cut in range(0, total, 3):
        falkordb_store.clear()
        home = tmp_path / f"cut{cut}"
        with pytest.raises(SystemExit):
            load_posts(CrashAfter(falkordb_store, cut), _posts(), [Keyphrases(home)], chunk_size=4,
                       write_batch_size=2)
        load_posts(falkordb_store, _posts(), [Keyphrases(home)], chunk_size=4, write_batch_size=2)
        assert dump_graph(falkordb_store) == reference, f"graph differs after a crash at write {cut}"


def test_caption_less_posts_use_their_photo_text() -> None:
    rows = [{"id": "a", "caption": "http://t.co/x @bob", "generated": ["a dog on grass"], "tags": ["dog"]},
            {"id": "b", "caption": "Sunny #BeachDay", "generated": [], "tags": []},
            {"id": "c", "caption": None, "generated": [None], "tags": []}]
    texts = post_texts(rows)
    assert (texts[0].text, texts[0].from_image) == ("a dog on grass, dog", True)
    assert texts[1].from_image is False and "beach" in texts[1].text.lower()
    assert (texts[2].text, texts[2].from_image) == ("", False)


def test_command_reports_a_bad_backend_without_a_traceback(monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.setenv("FEEDLENS_HOME", str(tmp_path))
    monkeypatch.setenv("FEEDLENS_BACKEND", "nosuch")
    get_settings.cache_clear()
    try:
        code = main([])
    finally:
        get_settings.cache_clear()
    assert code == 2 and "FEEDLENS_BACKEND" in capsys.readouterr().err
