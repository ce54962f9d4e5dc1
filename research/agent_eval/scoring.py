"""Execution accuracy: do the agent's rows hold the same answer as the gold query's rows?

Values compare as multisets of tuples (order only when the item says "ordered"), numbers rounded to 2
decimals (FalkorDB's sum() returns floats), column names ignored. Extra agent columns are tolerated when a
projection of them equals the gold rows (the agent returning post_id and caption where gold asked only for
post_id answers the same question).
"""
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any

MAX_PROJECTIONS = 200


def norm(value: Any) -> Any:
    """A hashable, rounding-tolerant form of a result value."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return round(float(value), 2)
    if isinstance(value, (list, tuple)):
        return tuple(sorted((norm(v) for v in value), key=repr))
    if isinstance(value, dict):
        return tuple(sorted((k, norm(v)) for k, v in value.items() if not str(k).startswith("_")))
    return str(value)


def _table(rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[tuple[Any, ...]]]:
    columns = list(rows[0]) if rows else []
    return columns, [tuple(norm(row.get(c)) for c in columns) for row in rows]


def _same(gold: list[tuple[Any, ...]], got: list[tuple[Any, ...]], ordered: bool) -> bool:
    return gold == got if ordered else Counter(gold) == Counter(got)


def results_match(gold_rows: Sequence[dict[str, Any]], agent_rows: Sequence[dict[str, Any]],
                  ordered: bool = False) -> bool:
    """True when the agent's rows carry the gold answer (see module doc for the tolerances)."""
    gold_cols, gold = _table(gold_rows)
    got_cols, got = _table(agent_rows)
    if len(gold) != len(got):
        return False
    if not gold:
        return True
    if len(gold_cols) == len(got_cols) and _same(gold, got, ordered):
        return True
    if len(got_cols) < len(gold_cols):
        return False
    candidates = []
    for j in range(len(gold_cols)):
        column = Counter(row[j] for row in gold)
        candidates.append([k for k in range(len(got_cols)) if Counter(row[k] for row in got) == column])
    for choice in itertools.islice(itertools.product(*candidates), MAX_PROJECTIONS):
        if len(set(choice)) == len(choice) and _same(gold, [tuple(row[k] for k in choice) for row in got], ordered):
            return True
    return False
