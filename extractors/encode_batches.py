"""How texts are grouped for an encoder's forward passes: each distinct text once, batches of similar token length.

A transformer batch is padded to its longest text, so every text in it costs as much as that one. Sorting by
characters (what sentence-transformers does) leaves the padding high on tweets and short phrases: on 2,000 MVSA
captions in calls of 256 sorted by characters, batches of 64 held 2.3x the real tokens, and KeyBERT's candidate
words likewise (docs/benchmarks_caption.md). Sorting by token count and cutting a batch where its padded size
would pass a token budget keeps short texts in wide batches and long ones in narrow batches.

Pure Python: the encoder (extractors/embeddings.py) supplies the token counts and runs the batches.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_BATCH_TOKENS = 8192  # padded tokens (texts x longest) per forward pass
MAX_BATCH_TEXTS = 512  # short phrases: wide batches (8,600 KeyBERT words, 1 thread: 40 s CPU at 512, 53 s at 256)


@dataclass(frozen=True)
class UniqueTexts:
    """The distinct texts of a list, and for every position of the list the row of its text in `texts`."""

    texts: list[str]
    rows: list[int]


def unique_texts(texts: Sequence[str]) -> UniqueTexts:
    """Each distinct text once, in first-seen order; `rows` maps the original positions back onto them."""
    first: dict[str, int] = {}
    rows = [first.setdefault(text, len(first)) for text in texts]
    return UniqueTexts(texts=list(first), rows=rows)


def length_batches(lengths: Sequence[int], max_tokens: int = MAX_BATCH_TOKENS,
                   max_texts: int = MAX_BATCH_TEXTS) -> list[list[int]]:
    """Indices into `lengths` (token counts) grouped into batches, longest first: a batch ends before its padded
    size (texts x its longest) would pass `max_tokens` or its count `max_texts`. A text longer than the budget gets
    a batch of its own. Every index appears exactly once; ties keep their input order (a stable sort)."""
    if max_tokens < 1 or max_texts < 1:
        raise ValueError(f"batch limits must be positive, got max_tokens={max_tokens}, max_texts={max_texts}")
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        # sorted longest first, so the batch's first text is its longest
        if current and (len(current) >= max_texts or (len(current) + 1) * lengths[current[0]] > max_tokens):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches
