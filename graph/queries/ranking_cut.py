"""A ranking query without its cut: the gold query of an evaluation item re-run without its final LIMIT, keeping
the numbers the ranking is ordered by, so the evaluation can tell whether the cut fell inside a tie
(research/agent_eval/scoring.matches_at_tie). Text in, text out; nothing here runs a query.
"""
from __future__ import annotations

import re

_FINAL_LIMIT = re.compile(r"\s+LIMIT\s+(\d+)\s*;?\s*$", re.IGNORECASE)
_RETURN_ORDERED_BY = re.compile(r"RETURN\s+(.*?)\s+ORDER BY\s+([A-Za-z_]\w*)(?:\s+(?:ASC|DESC))?\s*$",
                                re.IGNORECASE | re.DOTALL)
_LIMIT_THEN_RETURN = re.compile(r"\s+LIMIT\s+(\d+)\s+RETURN\s+([^;]*?);?\s*$", re.IGNORECASE | re.DOTALL)
_ORDERED_BY = re.compile(r"ORDER BY\s+([A-Za-z_]\w*)(?:\s+(?:ASC|DESC))?\s*$", re.IGNORECASE)


def unlimited(cypher: str) -> tuple[str, int] | None:
    """(the query without its final LIMIT, the limit), or None when it does not end in one. A ranking cut in a
    WITH before the last RETURN ("WITH t, count(p) AS n ORDER BY n LIMIT 1 RETURN t.name") loses that LIMIT and
    returns the ranking's number too ("RETURN t.name, n AS n"), so the numbers that decide a tie are there."""
    found = _FINAL_LIMIT.search(cypher)
    if found:
        head = cypher[: found.start()]
        key = _RETURN_ORDERED_BY.search(head)  # RETURN t.name AS topic ORDER BY n: return n too
        if key and not re.search(rf"\b{re.escape(key.group(2))}\b", key.group(1)):
            head = f"{head[: key.end(1)]}, {key.group(2)} AS {key.group(2)}{head[key.end(1):]}"
        return head, int(found.group(1))
    found = _LIMIT_THEN_RETURN.search(cypher)
    if found is None:
        return None
    head, returned = cypher[: found.start()], found.group(2).rstrip().rstrip(";")
    key = _ORDERED_BY.search(head)  # WITH t, count(p) AS n ORDER BY n LIMIT 1 RETURN t.name: return n too
    if key and not re.search(rf"\b{re.escape(key.group(1))}\b", returned):
        return f"{head} RETURN {returned}, {key.group(1)} AS {key.group(1)}", int(found.group(1))
    return f"{head} RETURN {returned}", int(found.group(1))
