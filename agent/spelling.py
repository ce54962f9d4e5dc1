"""One slip of the keyboard: how far a typed word is from the word meant (a dropped, swapped, changed or added
letter). The parser reads a left-over word one slip from a word of its grammar as that word, and a name the graph
lacks one slip from a name it holds as that name (agent/absent.py)."""
from __future__ import annotations


def slip_rank(typed: str, meant: str) -> int | None:
    """0 when `typed` is `meant` with one letter dropped, 1 with two neighbours swapped, 2 with one letter changed
    or added or two letters swapped over the one between them; None when it is not one slip from it."""
    if len(typed) == len(meant) - 1:
        return 0 if one_edit(typed, meant) else None
    if len(typed) == len(meant) and one_edit(typed, meant):
        return 1 if sum(a != b for a, b in zip(typed, meant)) == 2 else 2
    if len(typed) == len(meant) and _swapped_across_one(typed, meant):
        return 2  # 'aminal' for 'animal': two letters swapped over the one between them
    if len(typed) == len(meant) + 1 and one_edit(typed, meant):
        return 2
    return None


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or swap of neighbours."""
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _swapped_across_one(a: str, b: str) -> bool:
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 2 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
