"""How texts are grouped for an encoder's forward passes: each distinct text once, batches of similar token length.

A transformer batch is padded to its longest text, so every text in it costs as much as that one. Sorting by
characters and cutting every 64 or 256 texts (what sentence-transformers' encode does) left the batches of the
caption pipeline's first import holding 2.3x the real tokens, on 2,000 MVSA captions and on KeyBERT's 8,600
candidate words alike (docs/benchmarks_caption.md). Here texts are sorted by token count and a batch ends where
the next text is much shorter than the batch's longest (under MIN_FILL of it), or where the batch would pass a
padded-token or text budget: 1.15x the real tokens on the same texts, in about twice as many (smaller) batches.

Pure Python: the encoder (extractors/embeddings.py) supplies the token counts and runs the batches.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MAX_BATCH_TOKENS = 8192  # padded tokens (texts x longest) per forward pass
MAX_BATCH_TEXTS = 512  # short phrases (3-5 tokens) go in wide batches
MIN_FILL = 0.75  # a text shorter than this share of the batch's longest starts a new batch


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


def length_batches(lengths: Sequence[int], max_tokens: int = MAX_BATCH_TOKENS, max_texts: int = MAX_BATCH_TEXTS,
                   min_fill: float = MIN_FILL) -> list[list[int]]:
    """Indices into `lengths` (token counts) grouped into batches, longest first. A batch ends before a text shorter
    than `min_fill` x the batch's longest, and before its padded size (texts x longest) would pass `max_tokens` or
    its count `max_texts`; a text longer than `max_tokens` gets a batch of its own. Every index appears exactly
    once; ties keep their input order (a stable sort)."""
    if max_tokens < 1 or max_texts < 1 or not 0 <= min_fill <= 1:
        raise ValueError(f"batch limits must be positive and min_fill within 0..1, got max_tokens={max_tokens}, "
                         f"max_texts={max_texts}, min_fill={min_fill}")
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        if current:
            longest = lengths[current[0]]  # sorted longest first
            if (len(current) >= max_texts or (len(current) + 1) * longest > max_tokens
                    or lengths[index] < min_fill * longest):
                batches.append(current)
                current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches
