"""Dynamic few-shot selection: the k curated question -> Cypher examples nearest to the user's question.

Similarity is cosine over the packaged MiniLM sentence embeddings (loaded lazily, example vectors computed
once per process). Where sentence-transformers is missing, a word-overlap score stands in, so the agent
still works (less well) with only the LLM installed.
"""
from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.errors import ConfigError, MissingDependency

log = logging.getLogger(__name__)

EXAMPLES_PATH = Path(__file__).with_name("examples.jsonl")
Embedder = Callable[[Sequence[str]], np.ndarray]


class Questioned(Protocol):
    """Anything chosen by the question it holds (a question -> Cypher example, a question -> plain wording one)."""

    @property
    def question(self) -> str: ...


@dataclass(frozen=True)
class Example:
    question: str
    cypher: str


def load_examples(path: Path = EXAMPLES_PATH) -> list[Example]:
    """The curated library (JSONL lines {"question", "cypher"})."""
    examples = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            examples.append(Example(item["question"], item["cypher"]))
    return examples


def minilm_embedder(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors from the shared MiniLM (extractors.embeddings); imported here so agent/ stays light."""
    from extractors.embeddings import embed_texts

    return embed_texts(list(texts))


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2}


def lexical_scores(question: str, examples: Sequence[Questioned]) -> np.ndarray:
    """Jaccard overlap of word sets: the stand-in when no sentence model can load."""
    q = _words(question)
    return np.array([len(q & _words(e.question)) / (len(q | _words(e.question)) or 1) for e in examples])


class FewShotSelector:
    """Picks the k examples most similar to a question (question -> Cypher ones unless given others)."""

    def __init__(self, examples: Sequence[Questioned] | None = None,
                 embedder: Embedder | None = minilm_embedder) -> None:
        self.examples: list[Any] = list(examples) if examples is not None else load_examples()
        self.embedder = embedder
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _example_vectors(self) -> np.ndarray | None:
        with self._lock:
            if self._vectors is None and self.embedder is not None:
                try:
                    self._vectors = self.embedder([e.question for e in self.examples])
                except (MissingDependency, ConfigError, ImportError, OSError) as exc:
                    log.warning("few-shot falls back to word overlap: %s", exc)
                    self.embedder = None
            return self._vectors

    def scores(self, question: str) -> np.ndarray:
        """Similarity of the question to every example (cosine, or word overlap as the fallback)."""
        vectors = self._example_vectors()
        if vectors is None or self.embedder is None:
            return lexical_scores(question, self.examples)
        query = self.embedder([question])[0]
        return vectors @ query

    def select(self, question: str, k: int = 6, exclude: Sequence[Questioned] = ()) -> list[Any]:
        """The k nearest examples (not counting those in `exclude`, already in the prompt), least similar first
        so the closest one sits next to the question."""
        if not self.examples or k <= 0:
            return []
        skip = set(exclude)
        order = [i for i in np.argsort(-self.scores(question), kind="stable") if self.examples[i] not in skip][:k]
        return [self.examples[i] for i in reversed(order)]


_shared: dict[Callable[[], Sequence[Questioned]], FewShotSelector] = {}
_shared_lock = threading.Lock()


def shared_selector(load: Callable[[], Sequence[Questioned]]) -> FewShotSelector:
    """One selector per process over the examples `load` returns, so their embeddings are computed once."""
    with _shared_lock:
        if load not in _shared:
            _shared[load] = FewShotSelector(load())
        return _shared[load]


def default_selector() -> FewShotSelector:
    """The selector over the packaged question -> Cypher library."""
    return shared_selector(load_examples)


# what an example teaches, for choosing the fixed examples: labels, relationship types and clause shapes
_FEATURES: dict[str, re.Pattern[str]] = {
    "with": re.compile(r"\bWITH\b"), "order by alias": re.compile(r"\bORDER BY [a-z_]+\b(?!\.)"),
    "not pattern": re.compile(r"\bNOT \("), "contains": re.compile(r"\bCONTAINS\b"),
    "distinct": re.compile(r"\bDISTINCT\b"), "case": re.compile(r"\bCASE\b"),
    "optional": re.compile(r"\bOPTIONAL MATCH\b"), "second match": re.compile(r"\bMATCH\b.*\bMATCH \(p\)"),
    "year": re.compile(r"\.year\b"), "month": re.compile(r"\.month\b"), "avg": re.compile(r"\bavg\("),
    "collect": re.compile(r"\bcollect\("), "label filter": re.compile(r"\{label: '"),
    "kind": re.compile(r"\bkind\b"), "in list": re.compile(r"\bIN \["),
    "sentiment source": re.compile(r"caption_sentiment|image_sentiment"),
}
_NAMES = re.compile(r"[:]\s*([A-Z][A-Za-z_]*)")


def example_features(example: Example) -> frozenset[str]:
    """The labels, relationship types and clause shapes an example's Cypher shows."""
    found = {f":{name}" for name in _NAMES.findall(example.cypher)}
    found |= {name for name, pattern in _FEATURES.items() if pattern.search(example.cypher)}
    return frozenset(found)


def anchor_examples(examples: Sequence[Example], n: int) -> list[Example]:
    """A fixed set of at most n examples that together show every label, relationship type and clause shape of
    the library (greedy set cover; ties go to the shorter, then the earlier example). They open every prompt in
    the same words, so llama.cpp keeps them in its KV cache and they cost nothing after the first question; the
    nearest examples, which change per question, follow them."""
    features = [example_features(e) for e in examples]
    uncovered = set().union(*features) if features else set()
    chosen: list[int] = []
    while uncovered and len(chosen) < n:
        best = max((i for i in range(len(examples)) if i not in chosen),
                   key=lambda i: (len(features[i] & uncovered), -len(examples[i].cypher), -i), default=None)
        if best is None or not features[best] & uncovered:
            break
        chosen.append(best)
        uncovered -= features[best]
    return [examples[i] for i in sorted(chosen)]


def format_examples(examples: Sequence[Example]) -> str:
    """The examples as prompt text."""
    return "".join(f"Question: {e.question}\nCypher: {e.cypher}\n\n" for e in examples)
