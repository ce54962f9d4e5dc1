"""Execution accuracy: do the agent's rows hold the same answer as the gold query's rows?

Values compare as multisets of tuples (order only when the item says "ordered"), numbers rounded to 2
decimals (FalkorDB's sum() returns floats), column names ignored, a language named as the answer names it
('German', core.languages.NAMES) equal to the detector's code the graph stores ('de'). Extra agent columns are
tolerated when a projection of them equals the gold rows (the agent returning post_id and caption where gold asked
only for post_id answers the same question).

A share given as a fraction by the gold (0.25) and as a percentage by the agent (25.0), or the other way round, is
the same answer (`share_as_percent`), alone or beside its counts ("3, 7, 0.43" and "3, 7, 42.86"; the counts beside
it were added after reading the twenty-ninth blind round's misses). A yes/no question (a family whose kind is
"yesno") is answered by its truth value (`yes_no_match`): yes when the gold finds rows (a count above 0, `true`, or
posts listed) and the agent's rows say so (a count above 0, or posts listed). Without it a count of exactly 1 matched
a gold `true` (Python's 1 == True) and a count of 2 did not; both tolerances were added after the twenty-seventh
blind round (docs/eval_agent.md).

A count of posts asked tersely and answered by listing exactly that many posts ("6 posts:" and the six) is the same
answer (`count_as_listing`); added after reading the twenty-eighth blind round's misses, where 4 of 100 terse
questions were so answered (docs/eval_agent.md).

A gold that rounds its fractional numbers to one decimal (a percentage as 42.9) is matched by the agent's numbers
rounded the same way (42.86); numbers otherwise compare at two decimals. Added after reading the thirtieth blind
round's misses, where 8 of 45 held-out answers differed from the gold only so (docs/eval_agent.md). A ranking by
share whose gold gives the shares as fractions (0.556) and the agent as percentages (55.56) is the same answer
(`share_columns_as_percent`, for golds of several rows); added after reading the thirty-first round's misses.

Ties at a ranking's cut: a gold query that ends in `LIMIT n` picks n rows, but when the n-th row ties with rows
after it (same numbers in every numeric column) any of the tied rows is an equally right answer, and the gold's
pick is arbitrary (FalkorDB and Neo4j even pick differently). `matches_at_tie` accepts the agent's rows when they
hold every row above the tie and the rest from the tie; `graph.queries.ranking_cut.unlimited` gives the gold
query to run for that.
"""
from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from typing import Any

from core.languages import NAMES

MAX_PROJECTIONS = 200
# the answer's language names ('German', as agent/plan_answer.py named_values writes them) -> the stored codes
LANGUAGE_CODES = {name: code for code, name in NAMES.items()}



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
    return LANGUAGE_CODES.get(value, str(value))


def _table(rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[tuple[Any, ...]]]:
    columns = list(rows[0]) if rows else []
    return columns, [tuple(norm(row.get(c)) for c in columns) for row in rows]


def _same(gold: list[tuple[Any, ...]], got: list[tuple[Any, ...]], ordered: bool) -> bool:
    return gold == got if ordered else Counter(gold) == Counter(got)


def results_match(gold_rows: Sequence[dict[str, Any]], agent_rows: Sequence[dict[str, Any]],
                  ordered: bool = False) -> bool:
    """True when the agent's rows carry the gold answer (see module doc for the tolerances)."""
    if _exact_match(gold_rows, agent_rows, ordered):
        return True
    percent = share_as_percent(gold_rows)
    if percent is not None and any(_exact_match(alt, agent_rows, ordered) for alt in percent):
        return True
    for gold in (gold_rows, share_columns_as_percent(gold_rows)):
        if gold and gold_has_one_decimal(gold) and _exact_match(gold, at_one_decimal(agent_rows), ordered):
            return True
    ranked = share_columns_as_percent(gold_rows)
    return ranked is not None and _exact_match(ranked, agent_rows, ordered)


def share_columns_as_percent(gold_rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """A gold of several rows (a ranking by share) whose share columns (named so: 'share', 'pct', ...) hold
    fractions, with those columns as percentages; None when it has none (one row: `share_as_percent`)."""
    if len(gold_rows) < 2:
        return None
    shares = [key for key in gold_rows[0] if any(word in str(key).lower() for word in SHARE_NAMES)
              and all(isinstance(row.get(key), (int, float)) and not isinstance(row.get(key), bool)
                      and 0 <= row[key] <= 1 for row in gold_rows)]
    if not shares:
        return None
    return [{k: round(v * 100, 6) if k in shares else v for k, v in row.items()} for row in gold_rows]


def _decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if "e" in text else len(text.split(".")[1].rstrip("0"))


def gold_has_one_decimal(gold_rows: Sequence[dict[str, Any]]) -> bool:
    """The gold rounds its fractional numbers to one decimal (a percentage said as 42.9): none has more, and one has
    exactly one."""
    floats = [v for row in gold_rows for v in row.values() if isinstance(v, float)]
    return bool(floats) and max(_decimals(v) for v in floats) == 1


def at_one_decimal(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The agent's rows with each fractional number rounded to one decimal, as such a gold gives them (42.86 ->
    42.9); whole numbers and text stay as they are."""
    return [{k: round(v, 1) if isinstance(v, float) else v for k, v in row.items()} for row in rows]


SHARE_NAMES = ("share", "pct", "percent", "fraction", "proportion", "ratio")


def share_as_percent(gold_rows: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]] | None:
    """A one-row gold holding a share, with the share said the other way (a fraction as a percentage and back), or
    None. A share is a value whose column says so ('share', 'pct', ...) or a fraction strictly between 0 and 1; a
    count is never read as one (a gold count of 5 must not accept the agent's 500). The row's other columns (the
    counts beside a share: "3, 7, 0.43") stay as they are."""
    if len(gold_rows) != 1:
        return None
    row = gold_rows[0]
    shares = [key for key, value in row.items() if _share_forms(key, value, alone=len(row) == 1)]
    if len(shares) != 1:
        return None
    key = shares[0]
    return [[{**row, key: other}] for other in _share_forms(key, row[key], alone=len(row) == 1)]


def _share_forms(key: Any, value: Any, alone: bool) -> list[float]:
    """The other forms of a share value (x100, or /100 for a named percentage), [] when the value is no share."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
        return []
    if any(word in str(key).lower() for word in SHARE_NAMES):
        return ([value * 100] if value <= 1 else []) + ([value / 100] if alone or value > 1 else [])
    if isinstance(value, float) and 0 < value < 1:
        return [value * 100]
    return []


def count_as_listing(gold_rows: Sequence[dict[str, Any]], agent_rows: Sequence[dict[str, Any]]) -> bool:
    """A terse question ("neg posts 2024?") whose gold counts posts, answered by listing them: right when the agent
    listed exactly that many distinct posts (its answer says the count on its first line, "6 posts:"). Only a count
    of posts (not of photos, whose posts may hold several), and never the other way round: a count does not show
    which posts a gold listing asks for."""
    if len(gold_rows) != 1 or len(gold_rows[0]) != 1 or not agent_rows:
        return False
    (key, value), = gold_rows[0].items()
    name = str(key).lower()
    if isinstance(value, bool) or not isinstance(value, int) or value < 1 \
            or any(word in name for word in (*SHARE_NAMES, "photo", "image", "pic", "avg", "average", "score")):
        return False
    ids = [row.get("post_id") for row in agent_rows]
    return None not in ids and len(ids) == len(set(ids)) == value


def yes_no_match(gold_rows: Sequence[dict[str, Any]], agent_rows: Sequence[dict[str, Any]]) -> bool:
    """A yes/no question's answer by its truth value: the gold's and the agent's rows both say yes, or both no."""
    return _says_yes(gold_rows) == _says_yes(agent_rows)


def _says_yes(rows: Sequence[dict[str, Any]]) -> bool:
    """One row's truth value (a boolean column, even beside a count: {"answer": False, "posts": 0}; else a single
    count above zero); otherwise whether there are rows."""
    if len(rows) == 1:
        values = list(rows[0].values())
        truths = [v for v in values if isinstance(v, bool)]
        if len(truths) == 1:
            return truths[0]
        if len(values) == 1 and isinstance(values[0], (int, float)):
            return values[0] > 0
    return bool(rows)


def _exact_match(gold_rows: Sequence[dict[str, Any]], agent_rows: Sequence[dict[str, Any]],
                 ordered: bool = False) -> bool:
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


def _numbers(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(v for v in row if isinstance(v, float))


def matches_at_tie(full_rows: Sequence[dict[str, Any]], limit: int, agent_rows: Sequence[dict[str, Any]],
                   ordered: bool = False) -> bool:
    """True when the gold's first `limit` rows end inside a tie and the agent's rows are an equally valid cut:
    every row above the tied group, the rest from the group (in the gold's order of numbers when `ordered`)."""
    columns, full = _table(full_rows)
    got_columns, got = _table(agent_rows)
    if len(full) <= limit or len(got) != limit or len(got_columns) != len(columns) or not limit:
        return False
    cut = _numbers(full[limit - 1])
    if not cut or _numbers(full[limit]) != cut:
        return False  # no tie across the cut: the plain comparison decides
    above = [row for row in full[:limit] if _numbers(row) != cut]
    group = Counter(row for row in full if _numbers(row) == cut)
    for order in itertools.permutations(range(len(columns))):
        rows = [tuple(row[k] for k in order) for row in got]
        rest = Counter(rows) - Counter(above)
        if sum(rest.values()) != limit - len(above) or rest - group:
            continue
        if ordered and [_numbers(row) for row in rows] != [_numbers(row) for row in full[:limit]]:
            continue
        return True
    return False
