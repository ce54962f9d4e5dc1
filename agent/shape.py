"""Does the result have the shape the question asks for? A cheap rule check after a query ran, so the small
model's commonest slip, copying the nearest example's shape (a per-month breakdown for "how many posts in
2022?"), becomes one more retry with specific feedback instead of a wrong answer."""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from agent.cypher import mask_strings

HOW_MANY = re.compile(r"\bhow many\b|\bcount (?:the|my|all)\b|\bnumber of\b", re.IGNORECASE)
GROUPED = re.compile(r"\b(per|each|every|by|breakdown|split|distribution|distributed|which|what)\b", re.IGNORECASE)
POST_LIST = re.compile(r"^\s*(?:and\s+)?(?:which posts|show (?:me )?(?:my |the )?(?:\w+ )?posts"
                       r"|list (?:my |the )?posts)\b", re.IGNORECASE)
COUNT_IS_ZERO = re.compile(r"\bcount\s*\([^)]*\)\s+AS\s+(\w+).*\bWHERE\s+\1\s*=\s*0\b", re.IGNORECASE | re.DOTALL)


def shape_problem(question: str, cypher: str, rows: Sequence[dict[str, Any]]) -> str | None:
    """Feedback for the model when the rows cannot be the kind of answer asked for; None when they can."""
    masked = mask_strings(cypher)
    if not rows and COUNT_IS_ZERO.search(masked):
        return ("a count over a MATCHed pattern is never 0, so this returns nothing: test absence with "
                "WHERE NOT (p)-[:REL]->(:Label) instead")
    if HOW_MANY.search(question) and not GROUPED.search(question) and len(rows) > 1:
        return ("the question asks for one number but the query returned several rows: return a single "
                "count(...) with no grouping column")
    if POST_LIST.search(question) and rows and "post_id" not in rows[0]:
        return "the question asks for posts: return p.id AS post_id"
    return None
