"""Measures of a topic assignment: how many topics, their sizes, coverage, and NPMI coherence over the captions.

Coherence is computed the same way for any assignment (collection topics or per-post keyphrase topics): a
topic's top words are the 10 unigrams with the highest class-based TF-IDF over its member captions; their NPMI
is estimated from document co-occurrence in the whole caption collection (a pair never seen together scores
-1), averaged over pairs, then over topics. A topic of one post scores ~1 trivially (its words co-occur in its
only caption), so coherence is reported over topics with at least `min_posts` posts, the ones a person reads.
"""
from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

WORD_RE = re.compile(r"(?u)\b[^\W\d_]{3,}\b")

Membership = Sequence[Sequence[str]]  # per post: the topic names it belongs to (possibly none)


@dataclass
class TopicStats:
    posts: int
    topics: int
    topics_min_posts: int  # topics with >= min_posts posts
    smallest: int
    largest: int
    covered: float  # share of posts in any topic
    covered_min_posts: float  # share of posts in a topic of >= min_posts posts
    npmi: float | None  # mean over topics with >= min_posts posts
    npmi_topics: int


def _words(text: str, stop: frozenset[str]) -> set[str]:
    return {w for w in WORD_RE.findall(text.lower()) if w not in stop}


def top_words(docs: Sequence[str], membership: Membership, stop: frozenset[str], n: int = 10
              ) -> dict[str, list[str]]:
    """Each topic's n unigrams with the highest c-TF-IDF (tf within the topic's captions x log(1 + A / tf all))."""
    per_topic: dict[str, Counter[str]] = {}
    for doc, names in zip(docs, membership, strict=True):
        words = _words(doc, stop)
        for name in set(names):
            per_topic.setdefault(name, Counter()).update(words)
    total = Counter[str]()
    for counts in per_topic.values():
        total.update(counts)
    mean_words = np.mean([sum(c.values()) for c in per_topic.values()]) if per_topic else 0.0
    out = {}
    for name, counts in per_topic.items():
        size = max(sum(counts.values()), 1)
        scored = sorted(counts, key=lambda w: (-(counts[w] / size) * math.log(1 + mean_words / total[w]), w))
        out[name] = scored[:n]
    return out


class Cooccurrence:
    """Boolean document frequencies of words and word pairs over a caption collection."""

    def __init__(self, docs: Sequence[str], stop: frozenset[str]) -> None:
        self.sets = [_words(doc, stop) for doc in docs]
        self.n = len(self.sets)
        self.df = Counter(w for s in self.sets for w in s)
        self._index: dict[str, set[int]] = {}
        for i, s in enumerate(self.sets):
            for w in s:
                self._index.setdefault(w, set()).add(i)

    def npmi(self, words: Sequence[str]) -> float | None:
        values = []
        for a, b in itertools.combinations(words, 2):
            if not self.df[a] or not self.df[b]:
                continue
            joint = len(self._index[a] & self._index[b]) / self.n
            if joint == 0:
                values.append(-1.0)
            elif joint == 1:
                values.append(1.0)
            else:
                pa, pb = self.df[a] / self.n, self.df[b] / self.n
                values.append(math.log(joint / (pa * pb)) / -math.log(joint))
        return float(np.mean(values)) if values else None


def topic_stats(docs: Sequence[str], membership: Membership, stop: frozenset[str], min_posts: int = 3,
                reference: Cooccurrence | None = None) -> TopicStats:
    """Counts, coverage and NPMI of one assignment of `docs` to topics."""
    sizes = Counter(name for names in membership for name in set(names))
    big = {name for name, n in sizes.items() if n >= min_posts}
    reference = reference or Cooccurrence(docs, stop)
    words = top_words(docs, membership, stop)
    scores = [v for name in big if (v := reference.npmi(words.get(name, []))) is not None]
    posts = len(docs)
    return TopicStats(
        posts=posts, topics=len(sizes), topics_min_posts=len(big),
        smallest=min(sizes.values(), default=0), largest=max(sizes.values(), default=0),
        covered=sum(bool(names) for names in membership) / max(posts, 1),
        covered_min_posts=sum(any(n in big for n in names) for names in membership) / max(posts, 1),
        npmi=float(np.mean(scores)) if scores else None, npmi_topics=len(scores),
    )
