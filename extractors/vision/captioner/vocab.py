"""The captioner's word vocabulary, built from training captions: lower-case words, rare ones mapped to <unk>."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

PAD, START, END, UNK = "<pad>", "<start>", "<end>", "<unk>"
SPECIALS = (PAD, START, END, UNK)
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def tokenize(text: str) -> list[str]:
    """Lower-case words and numbers; punctuation dropped (as the PTB-style evaluation tokeniser does)."""
    return _WORD.findall(text.lower())


@dataclass
class Vocabulary:
    """Index <-> word; indices 0..3 are the specials (pad, start, end, unk)."""

    words: list[str]
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        if tuple(self.words[: len(SPECIALS)]) != SPECIALS:
            raise ValueError(f"a captioner vocabulary must start with {SPECIALS}")
        self.index = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def build(cls, captions: Iterable[str], min_count: int = 5) -> Vocabulary:
        counts = Counter(w for caption in captions for w in tokenize(caption))
        kept = sorted((w for w, n in counts.items() if n >= min_count), key=lambda w: (-counts[w], w))
        return cls([*SPECIALS, *kept])

    def __len__(self) -> int:
        return len(self.words)

    @property
    def pad(self) -> int:
        return 0

    @property
    def start(self) -> int:
        return 1

    @property
    def end(self) -> int:
        return 2

    @property
    def unk(self) -> int:
        return 3

    def encode(self, text: str, max_len: int) -> list[int]:
        """<start> w1 .. wn <end>, words cut to max_len."""
        ids = [self.index.get(w, self.unk) for w in tokenize(text)[:max_len]]
        return [self.start, *ids, self.end]

    def decode(self, ids: Iterable[int]) -> str:
        """Words up to the first <end>; specials and <unk> dropped."""
        out = []
        for i in ids:
            if i == self.end:
                break
            if i >= len(SPECIALS) and i < len(self.words):
                out.append(self.words[i])
        return " ".join(out)
