"""Collection-level topics (BERTopic-style, UMAP-free): cluster post embeddings, name clusters by class TF-IDF.

Per-post keyphrases (extractors/topics.py) say what ONE caption is about; a Topic must say what MANY posts share.
So topics are made over the whole collection: unit MiniLM embeddings of the posts' topic text are clustered by
average-linkage agglomerative clustering on cosine distance (no UMAP: on ~2,000 short captions it only adds
randomness), clusters smaller than `min_size` dissolve and their posts join the nearest surviving centroid when
similar enough (else stay unassigned), clusters named alike or with near-identical centroids merge, and each
cluster is named from its class-based TF-IDF terms (BERTopic's c-TF-IDF). A later load assigns new posts to the
nearest centroid (`TopicModel.assign`); `keep_names` lets a re-clustering keep the names of clusters that persist.

Pure numpy / scikit-learn: nothing here touches the graph (ingest/topics.py does).
"""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from core.errors import FeedLensError
from core.languages import language_name

VERSION = "1"
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"  # letters only, as the keyphrases use
MIN_TERM_SHARE = 0.15  # a naming term must occur in this share of a topic's posts (and in at least 2)
CENTROID_WEIGHT = 0.5  # re-ranking: c-TF-IDF (scaled to 1 for the best term) + this x cosine to the centroid
CANDIDATES = 20  # c-TF-IDF terms considered per topic before re-ranking by similarity to the centroid
MAX_CLUSTERED = 8_000  # agglomerative clustering is O(n^2) memory: larger collections cluster a fixed sample
FOREIGN_SHARE = 0.6  # a cluster with this share of its posts in one other language is named after the language
# words that say when or who spoke, not what a topic is about: a term made only of these names a topic only when no
# other term can ('february' for a cluster of storm and rain tweets, 'said' for one of quotes); still a keyword
NOT_A_NAME = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "tonight",
    "yesterday", "tomorrow", "said", "says", "say", "told", "tells", "tell", "asked", "asks"})

EmbedFn = Callable[[list[str]], np.ndarray]  # texts -> unit vectors (rows)


@dataclass(frozen=True)
class ClusterParams:
    """Knobs of `cluster_topics`; the defaults were tuned on the MVSA train+dev posts (docs/topics.md)."""

    distance: float = 0.7  # average-linkage cosine distance at which clusters stop merging
    min_size: int = 3  # a topic needs at least this many posts
    attach: float = 0.3  # cosine to a centroid a left-over (or new) post needs to join that topic
    merge: float = 0.85  # centroids at least this similar are one topic
    keywords: int = 8  # terms kept per topic (the name is the first; the rest describe it)
    seed: int = 0  # only used to sample collections larger than MAX_CLUSTERED


@dataclass
class Topic:
    name: str
    keywords: list[str]
    centroid: np.ndarray  # unit vector
    size: int = 0  # posts when the model was built (later assignments are not counted here)


@dataclass
class TopicModel:
    """Named topic centroids, saved as JSON beside the keyphrase vocabulary."""

    embedding_model: str
    params: ClusterParams = field(default_factory=ClusterParams)
    topics: list[Topic] = field(default_factory=list)

    @property
    def centroids(self) -> np.ndarray:
        if not self.topics:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([t.centroid for t in self.topics]).astype(np.float32)

    def assign(self, vectors: np.ndarray, threshold: float | None = None) -> list[tuple[str, float] | None]:
        """(topic name, cosine) of the nearest centroid per row, or None when below `threshold` (default attach)
        or the row is all zeros (a post with no text)."""
        threshold = self.params.attach if threshold is None else threshold
        if not self.topics or len(vectors) == 0:
            return [None] * len(vectors)
        sims = np.asarray(vectors, dtype=np.float32) @ self.centroids.T
        best = sims.argmax(axis=1)
        out: list[tuple[str, float] | None] = []
        for row, index in enumerate(best):
            score = float(sims[row, index])
            usable = score >= threshold and np.any(vectors[row])
            out.append((self.topics[index].name, round(score, 4)) if usable else None)
        return out

    def save(self, path: Path) -> None:
        """Write atomically (a killed save leaves the previous model)."""
        data = {"version": VERSION, "embedding_model": self.embedding_model, "params": asdict(self.params),
                "topics": [{"name": t.name, "keywords": t.keywords, "size": t.size,
                            "centroid": [round(float(x), 6) for x in t.centroid]} for t in self.topics]}
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, embedding_model: str) -> TopicModel | None:
        """The saved model, or None when absent or made with another embedding model (it must be re-clustered)."""
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION or data.get("embedding_model") != embedding_model:
                return None
            topics = [Topic(t["name"], list(t["keywords"]), np.asarray(t["centroid"], dtype=np.float32),
                            int(t["size"])) for t in data["topics"]]
            return cls(embedding_model, ClusterParams(**data["params"]), topics)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise FeedLensError(f"topic model {path} is unreadable ({exc}); delete it and re-cluster with "
                                "`python -m ingest.topics --recluster`") from exc


def _unit(matrix: np.ndarray) -> np.ndarray:
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def _centroids(vectors: np.ndarray, labels: np.ndarray, keys: Sequence[int]) -> np.ndarray:
    return _unit(np.stack([vectors[labels == k].mean(axis=0) for k in keys]))


def _agglomerate(vectors: np.ndarray, params: ClusterParams) -> np.ndarray:
    from sklearn.cluster import AgglomerativeClustering

    if len(vectors) < 2:
        return np.zeros(len(vectors), dtype=int)
    return AgglomerativeClustering(n_clusters=None, distance_threshold=params.distance, metric="cosine",
                                   linkage="average").fit_predict(vectors)


def _attach(vectors: np.ndarray, labels: np.ndarray, params: ClusterParams) -> np.ndarray:
    """Dissolve clusters under min_size; their posts join the nearest big centroid at >= attach, else -1."""
    sizes = Counter(labels[labels >= 0].tolist())
    big = sorted(k for k, n in sizes.items() if n >= params.min_size)
    out = np.where(np.isin(labels, big), labels, -1)
    if not big:
        return out
    sims = vectors @ _centroids(vectors, labels, big).T
    loose = np.flatnonzero(out == -1)
    best = sims[loose].argmax(axis=1)
    ok = sims[loose, best] >= params.attach
    out[loose[ok]] = np.asarray(big)[best[ok]]
    return out


def class_tfidf_terms(docs: Sequence[str], labels: np.ndarray, stop_words: Sequence[str], top: int,
                      centroids: dict[int, np.ndarray] | None = None, embed_terms: EmbedFn | None = None,
                      ) -> dict[int, list[str]]:
    """Each cluster's naming terms. BERTopic's c-TF-IDF (a cluster's captions as one document; tf per class x
    log(1 + mean words / df)) proposes terms used by at least `MIN_TERM_SHARE` of the cluster's posts (one
    caption repeating a word does not name a topic); with `embed_terms`, candidates are re-ranked by their
    similarity to the cluster centroid too (BERTopic's KeyBERT-inspired representation)."""
    from sklearn.feature_extraction.text import CountVectorizer

    keys = sorted(set(labels[labels >= 0].tolist()))
    if not keys:
        return {}
    vectorizer = CountVectorizer(ngram_range=(1, 2), stop_words=list(stop_words), token_pattern=TOKEN_PATTERN,
                                 lowercase=True, binary=True)
    try:
        post_terms = vectorizer.fit_transform(docs)  # posts x terms, 0/1
    except ValueError:  # nothing but stop words anywhere
        return {k: [] for k in keys}
    terms = vectorizer.get_feature_names_out()
    onehot = np.zeros((len(keys), len(docs)))
    for row, key in enumerate(keys):
        onehot[row, labels == key] = 1
    counts = np.asarray((post_terms.T @ onehot.T).T)  # clusters x terms: posts of the cluster using the term
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
    idf = np.log(1 + counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1))
    scores = tf * idf
    sizes = onehot.sum(axis=1, keepdims=True)
    supported = np.where(counts >= np.maximum(2, np.ceil(MIN_TERM_SHARE * sizes)), scores, 0)
    out: dict[int, list[str]] = {}
    for row, key in enumerate(keys):
        if not supported[row].any():  # no term shared enough: the plain c-TF-IDF terms still name it
            supported[row] = scores[row]
        order = [i for i in np.argsort(-supported[row], kind="stable")[:CANDIDATES] if supported[row, i] > 0]
        ranked = [str(terms[i]) for i in order]
        if embed_terms is not None and centroids is not None and ranked:
            base = supported[row, order] / supported[row, order[0]]
            fit = embed_terms(ranked) @ centroids[key]
            ranked = [ranked[i] for i in np.argsort(-(base + CENTROID_WEIGHT * fit), kind="stable")]
        chosen: list[str] = []
        for term in ranked:
            if len(chosen) >= top:
                break
            if any(term in c.split() or c in term.split() for c in chosen):  # 'new york' vs 'york': keep the first
                continue
            chosen.append(term)
        out[key] = chosen
    return out


def _merge(vectors: np.ndarray, labels: np.ndarray, names: dict[int, list[str]], params: ClusterParams
           ) -> np.ndarray:
    """Near-duplicate topics become one: the same leading term, or centroids at >= params.merge."""
    keys = sorted(names)
    if len(keys) < 2:
        return labels
    cents = _centroids(vectors, labels, keys)
    sims = cents @ cents.T
    parent = {k: k for k in keys}

    def root(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            b = keys[j]
            lead_a, lead_b = names[a][:1], names[b][:1]
            if sims[i, j] >= params.merge or (lead_a and lead_a == lead_b):
                parent[root(b)] = root(a)
    out = labels.copy()
    for k in keys:
        out[labels == k] = root(k)
    return out


def _names(vectors: np.ndarray, docs: Sequence[str], labels: np.ndarray, stop_words: Sequence[str],
           params: ClusterParams, embed_terms: EmbedFn | None, languages: Sequence[str | None] | None,
           ) -> dict[int, list[str]]:
    """Naming terms per cluster; a cluster mostly in one other language is named after it ('japanese posts'):
    English stop words and c-TF-IDF make 'los' or 'pixiv' of it, which no one recognises."""
    keys = sorted(set(labels[labels >= 0].tolist()))
    cents = dict(zip(keys, _centroids(vectors, labels, keys), strict=True)) if keys else {}
    names = class_tfidf_terms(docs, labels, stop_words, params.keywords, cents, embed_terms)
    if languages is not None:
        for key in keys:
            found = Counter(languages[i] for i in np.flatnonzero(labels == key))
            total = sum(found.values())
            other = Counter({c: n for c, n in found.items() if c not in (None, "", "en", "und")})
            if sum(other.values()) < FOREIGN_SHARE * total:
                continue
            code, count = other.most_common(1)[0]
            name = f"{language_name(str(code)).lower()} posts" if count >= FOREIGN_SHARE * total \
                else "posts in other languages"
            names[key] = [name, *names[key]][: params.keywords]
    return names


def cluster_topics(vectors: np.ndarray, docs: Sequence[str], embedding_model: str, stop_words: Sequence[str],
                   params: ClusterParams | None = None, embed_terms: EmbedFn | None = None,
                   languages: Sequence[str | None] | None = None,
                   ) -> tuple[TopicModel, list[tuple[int, float] | None]]:
    """Cluster unit `vectors` (rows of zeros = posts with no text) into a named TopicModel, and give each row
    (index into model.topics, cosine to its centroid), or None when the post is in no topic. `languages`
    (a code per post, e.g. Post.language) lets clusters of other languages be named after the language."""
    params = params or ClusterParams()
    vectors = np.asarray(vectors, dtype=np.float32)
    usable = np.flatnonzero(np.any(vectors != 0, axis=1))
    labels = np.full(len(vectors), -1, dtype=int)
    if len(usable) >= params.min_size:
        sample = usable
        if len(usable) > MAX_CLUSTERED:
            sample = np.sort(np.random.default_rng(params.seed).choice(usable, MAX_CLUSTERED, replace=False))
        labels[sample] = _agglomerate(vectors[sample], params)
        labels[usable] = _attach(vectors[usable], labels[usable], params)
        for _ in range(2):  # merging changes c-TF-IDF names, which can reveal another duplicate
            names = _names(vectors, docs, labels, stop_words, params, embed_terms, languages)
            labels = _merge(vectors, labels, names, params)
    names = _names(vectors, docs, labels, stop_words, params, embed_terms, languages)
    keys = [k for k in sorted(names, key=lambda k: (-int(np.sum(labels == k)), k)) if names[k]]
    topics: list[Topic] = []
    taken: set[str] = set()
    for key in keys:
        terms = names[key]
        free = [t for t in terms if t not in taken]
        name = next((t for t in free if not set(t.split()) <= NOT_A_NAME), free[0] if free else " ".join(terms[:2]))
        taken.add(name)
        members = labels == key
        topics.append(Topic(name, terms, _centroids(vectors, labels, [key])[0], int(members.sum())))
    model = TopicModel(embedding_model, params, topics)
    by_key = dict(zip(keys, range(len(keys)), strict=True))
    cents = model.centroids
    out: list[tuple[int, float] | None] = []
    for row, key in enumerate(labels):
        if key in by_key:
            index = by_key[key]
            out.append((index, round(float(vectors[row] @ cents[index]), 4)))
        else:
            out.append(None)
    return model, out


def keep_names(new: TopicModel, old: TopicModel | None, threshold: float = 0.8) -> dict[str, str]:
    """Rename the new topics whose centroid matches an old topic's (cosine >= threshold, best pairs first) to
    the old name, so a topic that persists across a re-clustering keeps its name; returns {new: old}."""
    if old is None or not old.topics or not new.topics:
        return {}
    sims = new.centroids @ old.centroids.T
    pairs = sorted(((float(sims[i, j]), i, j) for i in range(len(new.topics)) for j in range(len(old.topics))
                    if sims[i, j] >= threshold), reverse=True)
    renames: dict[int, str] = {}
    used_new: set[int] = set()
    used_old: set[int] = set()
    for _, i, j in pairs:
        if i not in used_new and j not in used_old:
            renames[i] = old.topics[j].name
            used_new.add(i)
            used_old.add(j)
    kept_names = set(renames.values())
    mapping: dict[str, str] = {}
    for index, topic in enumerate(new.topics):
        if index in renames and renames[index] != topic.name:
            mapping[topic.name] = renames[index]
            topic.name = renames[index]
        elif index not in renames and topic.name in kept_names:  # its fresh name now belongs to a persisting topic
            topic.name = f"{topic.name} ({topic.keywords[1] if len(topic.keywords) > 1 else index})"
    return mapping
