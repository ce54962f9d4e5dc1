"""Turning raw keyphrases into a small, stable set of reusable topic names.

KeyBERT proposes phrases per post ("beaches", "the beach", "beach day", "sunset beach"). A graph with a Topic
node per distinct phrase is useless: 5,000 posts would give 20,000 one-off topics. Two steps fix that:

1. `normalise_phrase`: rules that need no model (lower-case, singular head noun, generic and noise words out).
2. `TopicVocabulary`: a persistent registry of canonical topic names with their embeddings. A new phrase maps
   to the nearest existing topic when cosine similarity reaches the threshold, else it becomes a new topic.
   The registry is saved (settings.home / "topics.json"), so the same name recurs across batches and runs.

A phrase may only join a topic whose name has no more words than the phrase: "sandy beach" can join "beach",
never the reverse, so canonical names stay the general ones without renaming nodes already in the graph.

Two loads into one home may run at once, so a save is a read-merge-write under a file lock: topics, phrases,
counts and retirements the other process saved since this one last read the file are kept, not overwritten.
"""
from __future__ import annotations

import base64
import fcntl
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
GENERIC_WORDS = frozenset(
    ["photo", "photos", "pic", "pics", "picture", "pictures", "image", "images", "selfie", "today", "tonight", "day",
     "days", "week", "weekend", "year", "time", "instagram", "insta", "ig", "igers", "tbt", "twitter", "tweet",
     "tweets", "retweet", "rt", "user", "amp", "http", "https", "www", "com", "via", "follow", "followers", "like",
     "likes", "new", "good", "great", "best", "nice", "awesome", "amazing", "cool", "lol", "omg", "haha", "yes",
     "thanks", "thank", "just", "really", "got", "get", "check", "look", "looking", "post", "posted", "share", "video",
     "videos", "thing", "things", "stuff", "lot", "way", "morning", "night", "right", "left", "want", "need", "make",
     "know", "think", "come", "going", "gonna", "wanna", "little", "big", "happy", "feel", "feeling", "monday",
     "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)  # weekdays: a post's date is already on the Post node; "monday" and "friday" are not what a post is about
INVARIANT = frozenset(
    ["news", "series", "species", "christmas", "texas", "vegas", "kansas", "lucas", "thomas", "james", "jones", "wales",
     "athens", "brussels", "netherlands", "physics", "politics", "economics", "mathematics", "athletics", "gymnastics",
     "jeans", "pants", "shorts", "leggings", "trousers", "sunglasses", "glasses", "scissors", "clothes", "always",
     "sometimes", "perhaps", "thanks", "lots", "goods", "arms", "sports", "arts", "adidas", "nails", "lashes"]
)
IRREGULAR = {
    "children": "child", "men": "man", "women": "woman", "mice": "mouse", "feet": "foot", "teeth": "tooth",
    "geese": "goose", "leaves": "leaf", "wolves": "wolf", "knives": "knife", "lives": "life", "wives": "wife",
    "halves": "half", "shelves": "shelf", "loaves": "loaf", "thieves": "thief", "calves": "calf",
    "elves": "elf", "scarves": "scarf", "shoes": "shoe", "toes": "toe", "canoes": "canoe",
}
_IE_SINGULARS = frozenset(
    ["movie", "cookie", "selfie", "zombie", "hoodie", "brownie", "pie", "tie", "lie", "rookie", "genie", "smoothie",
     "sweetie", "calorie", "auntie", "goalie", "veggie", "boogie", "barbie", "indie", "aussie", "hippie", "techie",
     "foodie", "newbie", "birdie", "bestie", "freebie"]
)
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
MIN_WORD_CHARS = 3


def singularise(word: str) -> str:
    """A light English singulariser for head nouns ('beaches' -> 'beach', 'puppies' -> 'puppy')."""
    if len(word) <= 3 or word in INVARIANT:
        return word
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ies"):
        return word[:-1] if word[:-1] in _IE_SINGULARS else word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "ous", "'s")):
        return word[:-1]
    return word


def normalise_phrase(phrase: str) -> str | None:
    """Canonical form of a keyphrase, or None when nothing topical is left.

    Generic words ('photo', 'today', 'day') and short or numeric tokens drop out, repeated words collapse and
    the last (head) word is singularised: 'Beach Days' -> 'beach', 'the beaches' -> 'beach'.
    """
    words = [w.strip("'’") for w in _WORD_RE.findall(phrase.lower())]
    words = [w for w in words if len(w) >= MIN_WORD_CHARS and w not in GENERIC_WORDS and w != "the"]
    words = list(dict.fromkeys(words))
    if not words:
        return None
    words[-1] = singularise(words[-1])
    words = list(dict.fromkeys(words))
    return " ".join(words)


def _parts(phrase: str) -> list[str]:
    """The words of a phrase, each as a topic of its own ('beaches portugal' -> ['beach', 'portugal'])."""
    return [n for word in phrase.split() if (n := normalise_phrase(word))]


class _BatchSims:
    """`TopicVocabulary.nearest` for one `assign` call's phrases, with the similarities to the topics that existed
    before the call computed as matrix products over blocks of phrases instead of one matrix-vector product per
    phrase (that product re-reads the whole topic matrix each time: the topic pass's largest cost, 20 of 63 s on
    2,000 captions). Topics appended during the call are compared in a second, small product. Same answer as
    `nearest`: the most similar topic with at most `max_words` words, if it reaches the threshold."""

    BLOCK = 256  # phrases per matrix product
    CACHED_BLOCKS = 4  # blocks kept (a phrase's words may sit in another block): bounds memory on huge vocabularies

    def __init__(self, vocabulary: TopicVocabulary, keys: list[str], vectors: np.ndarray) -> None:
        self.vocabulary, self.vectors = vocabulary, vectors
        self.column = {key: index for index, key in enumerate(keys)}
        self.base = len(vocabulary.names)
        self.words = np.array([len(name.split()) for name in vocabulary.names], dtype=np.int32)
        self.blocks: dict[int, np.ndarray] = {}
        self.new_words: list[int] = []  # word counts of the topics appended since

    def _sims(self, column: int) -> np.ndarray:
        block = column // self.BLOCK
        if block not in self.blocks:
            if len(self.blocks) >= self.CACHED_BLOCKS:
                self.blocks.pop(next(iter(self.blocks)))
            chunk = self.vectors[block * self.BLOCK : (block + 1) * self.BLOCK]
            self.blocks[block] = self.vocabulary._matrix[: self.base] @ chunk.T
        return self.blocks[block][:, column % self.BLOCK]

    def nearest(self, key: str, vector: np.ndarray, max_words: int, threshold: float) -> str | None:
        vocabulary, best, best_sim = self.vocabulary, None, -np.inf
        if self.base:
            sims = np.where(self.words <= max_words, self._sims(self.column[key]), -np.inf)
            index = int(np.argmax(sims))
            if sims[index] >= threshold:
                best, best_sim = vocabulary.names[index], float(sims[index])
        count = len(vocabulary.names)
        if count > self.base:  # topics this call created: few, compared in one small product
            self.new_words += [len(name.split()) for name in vocabulary.names[self.base + len(self.new_words) :]]
            sims = vocabulary._matrix[self.base : count] @ vector
            sims = np.where(np.asarray(self.new_words) <= max_words, sims, -np.inf)
            index = int(np.argmax(sims))
            if sims[index] >= threshold and sims[index] > best_sim:
                best = vocabulary.names[self.base + index]
        return best


def _encode_matrix(matrix: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(matrix, dtype=np.float16).tobytes()).decode("ascii")


def _decode_matrix(text: str, rows: int, dim: int) -> np.ndarray:
    flat = np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32)
    return flat.reshape(rows, dim) if rows else np.zeros((0, dim), dtype=np.float32)


class TopicVocabulary:
    """Canonical topic names, their unit embeddings, and every phrase already mapped to one of them."""

    def __init__(
        self, model: str, dim: int, threshold: float = 0.8, split_threshold: float = 0.75,
        names: list[str] | None = None,
        vectors: np.ndarray | None = None, aliases: dict[str, str] | None = None,
        counts: dict[str, int] | None = None,
    ) -> None:
        self.model, self.dim, self.threshold, self.split_threshold = model, dim, threshold, split_threshold
        self.names: list[str] = list(names or [])
        self._matrix = np.zeros((max(64, 2 * len(self.names)), dim), dtype=np.float32)  # grows by doubling
        if vectors is not None and len(self.names):
            self._matrix[: len(self.names)] = vectors
        self.aliases: dict[str, str] = {n: n for n in self.names} | dict(aliases or {})
        self.counts: dict[str, int] = dict(counts or {})  # assignments seen, re-runs included (a tie-breaker)
        self.dirty = False
        self._lock = threading.RLock()
        self._mark_synced()

    def _mark_synced(self) -> None:
        """Remember what the file held when last read or written: the base a later save merges against."""
        self._synced_names = set(self.names)
        self._synced_counts = dict(self.counts)

    @property
    def vectors(self) -> np.ndarray:
        return self._matrix[: len(self.names)]

    def __len__(self) -> int:
        return len(self.names)

    def _append(self, name: str, vector: np.ndarray) -> None:
        if len(self.names) == len(self._matrix):
            self._matrix = np.vstack([self._matrix, np.zeros_like(self._matrix)])
        self._matrix[len(self.names)] = vector
        self.names.append(name)

    def assign(
        self, phrases: Iterable[str], embed: Callable[[list[str]], np.ndarray], keep_whole: Iterable[str] = ()
    ) -> dict[str, str]:
        """Canonical topic name for each normalised phrase, creating topics for phrases near no existing one.

        A new multi-word phrase whose meaning one of its words carries (cosine >= split_threshold: 'walk
        beach' ~ 'beach' 0.80) joins that word's topic: words recur across posts, word pairs rarely do.
        Phrases in `keep_whole` (proper names as written, 'New York') are never split.
        """
        phrases = list(phrases)
        with self._lock:
            todo = [p for p in dict.fromkeys(phrases) if p not in self.aliases]
            if todo:
                words = sorted({w for p in todo if " " in p for w in _parts(p)} - set(todo))
                vectors = np.asarray(embed(todo + words), dtype=np.float32) if todo or words else None
                table = dict(zip(todo + words, vectors, strict=True)) if vectors is not None else {}
                keep = set(keep_whole)
                batch = _BatchSims(self, todo + words, vectors) if vectors is not None else None
                for phrase in todo:
                    self._assign_one(phrase, table, split=phrase not in keep, batch=batch)
            return {p: self.aliases[p] for p in phrases}

    def _assign_one(self, phrase: str, table: dict[str, np.ndarray], split: bool,
                    batch: _BatchSims | None = None) -> str:
        if phrase in self.aliases:
            return self.aliases[phrase]
        vector = table[phrase]
        if batch is not None:
            target = batch.nearest(phrase, vector, len(phrase.split()), self.threshold)
        else:
            target = self.nearest(vector, len(phrase.split()), self.threshold)
        if target is None and split and " " in phrase:
            sims = [(float(table[w] @ vector), w) for w in _parts(phrase)]
            best_sim, best_word = max(sims) if sims else (0.0, "")
            if best_sim >= self.split_threshold:
                target = self._assign_one(best_word, table, split=False, batch=batch)
        if target is None:
            self._append(phrase, vector)
            target = phrase
        self.aliases[phrase] = target
        self.dirty = True
        return target

    def nearest(
        self, vector: np.ndarray, max_words: int, threshold: float, among: set[str] | None = None
    ) -> str | None:
        """The most similar topic with at most `max_words` words (optionally within `among`), if >= threshold."""
        if not self.names:
            return None
        sims = self.vectors @ vector
        for index in np.argsort(-sims):
            if sims[index] < threshold:
                return None
            name = self.names[index]
            if len(name.split()) <= max_words and (among is None or name in among):
                return name
        return None

    def vector(self, name: str) -> np.ndarray:
        return self.vectors[self.names.index(name)]

    def count(self, names: Iterable[str]) -> None:
        for name in names:
            self.counts[name] = self.counts.get(name, 0) + 1
        self.dirty = True

    def retire(self, name: str, into: str) -> None:
        """Fold topic `name` into `into`: it and its phrases map to `into` from now on (finalise uses this)."""
        with self._lock:
            if name == into or name not in self.names:
                return
            index = self.names.index(name)
            last = len(self.names) - 1
            self._matrix[index : last] = self._matrix[index + 1 : last + 1]
            del self.names[index]
            for phrase, target in self.aliases.items():
                if target == name:
                    self.aliases[phrase] = into
            self.counts[into] = self.counts.get(into, 0) + self.counts.pop(name, 0)
            self.dirty = True

    def to_json(self) -> dict[str, object]:
        return {
            "format": FORMAT_VERSION, "model": self.model, "dim": self.dim, "threshold": self.threshold,
            "names": self.names, "vectors_f16_b64": _encode_matrix(self.vectors),
            "aliases": {p: t for p, t in self.aliases.items() if p != t}, "counts": self.counts,
        }

    def save(self, path: Path) -> None:
        """Merge into what the file holds now and write atomically (temp file + rename), all under a lock on
        `path`.lock: a crash never leaves a half-written registry, a concurrent load's topics are kept, and
        this process learns them too."""
        with self._lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _file_lock(path.with_name(path.name + ".lock")):
                on_disk = _read(path, self.model, self.dim)
                if on_disk is not None:
                    self._merge(*on_disk)
                tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
                tmp.write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")
                os.replace(tmp, path)
                self._mark_synced()
                self.dirty = False

    def _merge(self, names: list[str], vectors: np.ndarray, aliases: dict[str, str], counts: dict[str, int]) -> None:
        """Fold another process's saved state into this one (the file is `names` ... `counts`).

        Topics either side added are kept; a topic either side retired since this process last synced stays
        retired; counts add up the increments both sides made since then.
        """
        increments = {k: self.counts.get(k, 0) - self._synced_counts.get(k, 0)
                      for k in self.counts.keys() | self._synced_counts.keys()}
        retired_here = self._synced_names - set(self.names)
        for name, vector in zip(names, vectors, strict=True):
            if name not in self.aliases and name not in retired_here:
                self._append(name, vector)
                self.aliases[name] = name
        on_disk = set(names)
        for name in [n for n in self.names if n in self._synced_names and n not in on_disk]:
            target = aliases.get(name)  # the other process retired it into that topic
            if target is not None and self.aliases.get(target) in self.names:
                self.retire(name, into=self.aliases[target])
        for phrase, target in aliases.items():
            if phrase not in self.aliases and self.aliases.get(target) in self.names:
                self.aliases[phrase] = self.aliases[target]
        current, merged = set(self.names), dict[str, int]()
        for source in (counts, increments):
            for name, value in source.items():
                target = self.aliases.get(name)  # a retired topic counts for the topic it went into
                if target in current:
                    merged[target] = merged.get(target, 0) + value
        self.counts = {name: value for name, value in merged.items() if value > 0}

    @classmethod
    def load(cls, path: Path | None, model: str, dim: int, threshold: float) -> TopicVocabulary:
        """The saved registry, or an empty one when there is none, it is unreadable or was built by another
        embedding model (its vectors would not be comparable; the names are kept and re-embedded lazily)."""
        saved = _read(path, model, dim) if path is not None else None
        if saved is None:
            return cls(model=model, dim=dim, threshold=threshold)
        names, vectors, aliases, counts = saved
        return cls(model=model, dim=dim, threshold=threshold, names=names, vectors=vectors, aliases=aliases,
                   counts=counts)


SavedVocabulary = tuple[list[str], np.ndarray, dict[str, str], dict[str, int]]


def _read(path: Path, model: str, dim: int) -> SavedVocabulary | None:
    """(names, vectors, aliases, counts) from a saved registry; None when there is none, it is unreadable or
    another embedding model built it (its vectors would not be comparable)."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = [str(n) for n in data["names"]]
        if data.get("model") != model or int(data.get("dim", -1)) != dim:
            log.warning("topic vocabulary %s was built with %s; starting a new one", path, data.get("model"))
            return None
        vectors = _decode_matrix(data["vectors_f16_b64"], len(names), dim)
        known = set(names)
        aliases = {str(p): str(t) for p, t in data.get("aliases", {}).items() if t in known}
        counts = {str(k): int(v) for k, v in data.get("counts", {}).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("topic vocabulary %s unreadable (%s); starting a new one", path, exc)
        return None
    return names, vectors, aliases, counts


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock across processes (flock on its own file: the registry itself is replaced, not locked)."""
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
