"""Collection topics on hand-made vectors: clustering, naming, merging, assignment, persistence, stable names."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.errors import FeedLensError
from extractors.topic_model import ClusterParams, TopicModel, class_tfidf_terms, cluster_topics, keep_names

STOP = ["the", "and", "with", "at"]
DIM = 6


def _near(axis: int, n: int, seed: int, spread: float = 0.1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = np.zeros(DIM, dtype=np.float32)
    base[axis] = 1
    rows = base + spread * rng.standard_normal((n, DIM)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _collection() -> tuple[np.ndarray, list[str]]:
    """Three themes (dogs 6 posts, beach 5, coffee 4), one outlier and one post with no text."""
    dogs = [f"my dog {w} at the park" for w in ("runs", "sleeps", "barks", "plays", "eats", "swims")]
    beach = [f"beach day {w} sand" for w in ("sunny", "windy", "lazy", "long", "hot")]
    coffee = [f"morning coffee {w}" for w in ("black", "latte", "strong", "cold")]
    outlier = np.zeros((1, DIM), dtype=np.float32)
    outlier[0, 5] = 1
    vectors = np.vstack([_near(0, 6, 1), _near(1, 5, 2), _near(2, 4, 3), outlier, np.zeros((1, DIM), np.float32)])
    return vectors, [*dogs, *beach, *coffee, "quantum flux capacitor", ""]


def test_clusters_are_named_from_their_shared_words_and_small_ones_dissolve() -> None:
    vectors, docs = _collection()
    model, found = cluster_topics(vectors, docs, "fake", STOP, ClusterParams(distance=0.5, attach=0.5))
    assert [(t.name, t.size) for t in model.topics] == [("dog", 6), ("beach", 5), ("coffee", 4)]
    assert "park" in model.topics[0].keywords  # shared by every dog post; 'runs' (one post) is not
    assert not any(" " in k and k.split()[0] == "runs" for k in model.topics[0].keywords)
    assert found[15] is None and found[16] is None  # the outlier joins nothing; the empty post has no vector
    assert {found[i][0] for i in range(6)} == {0} and all(0.5 <= found[i][1] <= 1 for i in range(15))


def test_a_month_or_a_reporting_verb_names_a_topic_only_when_nothing_else_can() -> None:
    weather = [f"february {w} storm rain" for w in ("cold", "grey", "long", "wet")]
    quotes = [f"he said {w}" for w in ("yes", "no", "maybe", "later")]
    vectors = np.vstack([_near(0, 4, 1), _near(1, 4, 2)])
    model, _ = cluster_topics(vectors, [*weather, *quotes], "fake", STOP, ClusterParams(distance=0.5, attach=0.5))
    keywords = {t.name: t.keywords for t in model.topics}
    assert keywords["rain"][0] == "february"  # its best term, still a keyword, but the topic is named after the weather
    assert keywords["said"] == ["said"]  # a cluster with nothing else to go by keeps the word it has


def test_near_duplicate_clusters_merge() -> None:
    vectors, docs = _collection()
    split = ClusterParams(distance=0.05, min_size=2, attach=0.9, merge=0.8)  # tight clusters, then merged back
    model, _ = cluster_topics(vectors, docs, "fake", STOP, split)
    names = [t.name for t in model.topics]
    assert len(names) == len(set(names)) and {"dog", "beach", "coffee"} <= set(names)


def test_c_tf_idf_prefers_words_particular_to_a_cluster() -> None:
    docs = ["red apple pie", "green apple pie", "apple tart", "red car fast", "blue car fast", "red car"]
    terms = class_tfidf_terms(docs, np.array([0, 0, 0, 1, 1, 1]), STOP, 3)
    assert terms[0][0] == "apple" and terms[1][0] == "car"
    assert "red" not in terms[0][:1]


def test_assign_uses_the_attach_threshold_and_skips_empty_rows() -> None:
    vectors, docs = _collection()
    model, _ = cluster_topics(vectors, docs, "fake", STOP, ClusterParams(distance=0.5, attach=0.5))
    new = np.vstack([_near(1, 1, 9), np.eye(DIM, dtype=np.float32)[5:6], np.zeros((1, DIM), np.float32)])
    hits = model.assign(new)
    assert hits[0] is not None and hits[0][0] == "beach"
    assert hits[1] is None and hits[2] is None
    assert model.assign(new[1:2], threshold=-1.0)[0] is not None


def test_model_round_trips_and_refuses_another_embedding_model(tmp_path: Path) -> None:
    vectors, docs = _collection()
    model, _ = cluster_topics(vectors, docs, "fake", STOP, ClusterParams(distance=0.5, attach=0.5))
    path = tmp_path / "topic_model.json"
    model.save(path)
    loaded = TopicModel.load(path, "fake")
    assert loaded is not None and [t.name for t in loaded.topics] == [t.name for t in model.topics]
    assert np.allclose(loaded.centroids, model.centroids, atol=1e-5)
    assert TopicModel.load(path, "other-model") is None
    assert TopicModel.load(tmp_path / "absent.json", "fake") is None
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(FeedLensError, match="recluster"):
        TopicModel.load(path, "fake")


def test_re_clustering_keeps_the_names_of_persisting_topics() -> None:
    vectors, docs = _collection()
    params = ClusterParams(distance=0.5, attach=0.5)
    old, _ = cluster_topics(vectors, docs, "fake", STOP, params)
    old.topics[0].name = "pets"  # say the user's earlier run named it differently
    more = np.vstack([vectors, _near(3, 4, 7)])
    new, _ = cluster_topics(more, [*docs, "new tyre", "car tyre", "tyre shop", "tyre day"], "fake", STOP, params)
    mapping = keep_names(new, old)
    assert mapping == {"dog": "pets"}
    assert {t.name for t in new.topics} == {"pets", "beach", "coffee", "tyre"}


def test_a_cluster_in_another_language_is_named_after_it() -> None:
    vectors, docs = _collection()
    languages = ["en"] * 6 + ["es"] * 5 + ["en"] * 4 + ["en", None]
    model, _ = cluster_topics(vectors, docs, "fake", STOP, ClusterParams(distance=0.5, attach=0.5),
                              languages=languages)
    assert [t.name for t in model.topics] == ["dog", "spanish posts", "coffee"]
    assert "beach" in model.topics[1].keywords  # its words still describe it


def test_a_cluster_of_mixed_other_languages_gets_one_name() -> None:
    vectors, docs = _collection()
    languages = ["en"] * 6 + ["es", "pt", "es", "pt", "fr"] + ["en"] * 4 + ["en", None]
    model, _ = cluster_topics(vectors, docs, "fake", STOP, ClusterParams(distance=0.5, attach=0.5),
                              languages=languages)
    assert model.topics[1].name == "posts in other languages"
