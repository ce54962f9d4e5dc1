"""Getting one safe, read-only Cypher statement out of an LLM reply, and checking it against the schema.

This is the agent's first line of defence and its source of retry feedback; the second, which holds even
if this module is wrong, is that every store runs agent queries read-only at the database level.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from agent.schema import LABELS, NODE_PROPERTIES, PROPERTIES, REL_TYPES, RELATIONSHIPS
from core.errors import CypherRejected
from graph.queries.templates import aliased_order

_FENCE = re.compile(r"```(?:[A-Za-z]*)\s*\n?(.*?)(?:```|$)", re.DOTALL)
_START = re.compile(r"^\s*(OPTIONAL\s+MATCH|MATCH|WITH|UNWIND|RETURN)\b", re.IGNORECASE | re.MULTILINE)
# where a statement may begin in an LLM reply: write clauses too, so a destructive reply is refused, not skipped
_EXTRACT_START = re.compile(
    r"^\s*(OPTIONAL\s+MATCH|MATCH|WITH|UNWIND|RETURN|CREATE|MERGE|DETACH|DELETE|SET|REMOVE|DROP|CALL|LOAD\s+CSV|"
    r"FOREACH)\b", re.IGNORECASE | re.MULTILINE)
_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_WRITE = re.compile(
    r"(?<![.\w$])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|LOAD\s+CSV|CALL|GRANT|DENY|REVOKE|"
    r"ALTER|RENAME|TERMINATE|START\s+DATABASE|STOP\s+DATABASE|USE)(?![\w$])",
    re.IGNORECASE,
)
_UNSUPPORTED = [
    (re.compile(r"\bapoc\.", re.IGNORECASE), "APOC is not available"),
    (re.compile(r"\b(datetime|date|duration|localdatetime|time)\s*\(", re.IGNORECASE),
     "date functions are not available: compare p.created_at as an ISO string or use p.year / p.month"),
    (re.compile(r"\b(COUNT|EXISTS|COLLECT)\s*\{", re.IGNORECASE),
     "subqueries {} are not available: use a pattern or WITH"),
    (re.compile(r"=~"), "regular expressions (=~) are not available: use toLower(...) CONTAINS '...'"),
    (re.compile(r"\(\s*\w*\s*:\s*\w+\s*\|"), "label alternation (:A|B) is not available"),
    (re.compile(r"\bORDER\s+BY\s+(?:count|sum|avg|min|max)\s*\(", re.IGNORECASE),
     ("sorting cannot take an aggregate here: return the aggregate under an alias (count(p) AS n) and sort by "
     "that alias")),
    (re.compile(r"\bLIKE\b", re.IGNORECASE), "LIKE is not Cypher: use toLower(p.caption) CONTAINS 'word'"),
    (re.compile(r"\bWHERE\b(?:(?!\b(?:WITH|RETURN)\b)[^;])*?\b(count|sum|avg|min|max|collect)\s*\(",
                re.IGNORECASE),
     ("aggregates cannot be used in WHERE: compute them first in a WITH clause under an alias, then filter on "
     "the alias")),
    (re.compile(r"\bRETURN\b[^;]*\b(MATCH|WHERE)\b", re.IGNORECASE | re.DOTALL),
     "nothing may follow RETURN except ORDER BY / SKIP / LIMIT: put MATCH and WHERE before RETURN"),
]
_BOUND = re.compile(r"\(\s*([A-Za-z_]\w*)\s*:\s*`?([A-Za-z_]\w*)")
_NODE_LABEL = re.compile(r"\(\s*[A-Za-z_]\w*\s*:\s*`?([A-Za-z_]\w*)|\(\s*:\s*`?([A-Za-z_]\w*)")
_REL_TYPE = re.compile(r"\[\s*[A-Za-z_]?\w*\s*:\s*`?([A-Za-z_]\w*)")
_PROPERTY = re.compile(r"(?<![\w$])([A-Za-z_]\w*)\.([A-Za-z_]\w*)\b(?!\s*\()")
# chat-template control tokens (Qwen/ChatML, Llama 3, Gemma): the end-of-turn ones end the reply, any other
# (e.g. "<|im_start|>assistant") is dropped, so they never reach the database as part of the Cypher
_END_OF_TURN = re.compile(r"<\|(?:im_end|endoftext|eot_id|end_of_text|end)\|>|<end_of_turn>|</s>")
_CONTROL_TOKEN = re.compile(r"<\|[A-Za-z0-9_]{1,40}\|>(?:(?:system|user|assistant)\b)?|<start_of_turn>(?:model|user)?")
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedCypher:
    text: str
    limited: bool  # True when a LIMIT was added


def mask_strings(cypher: str) -> str:
    """The statement with string literals and comments blanked (same length, so positions still line up),
    so keyword checks ignore user text."""
    blanked = _STRING.sub(lambda m: "'" + "_" * (len(m.group()) - 2) + "'", cypher)
    return _COMMENT.sub(lambda m: " " * len(m.group()), blanked)


def strip_control_tokens(text: str) -> str:
    """The reply up to its first end-of-turn token, without any other chat-template control token."""
    end = _END_OF_TURN.search(text)
    if end:
        text = text[: end.start()]
    return _CONTROL_TOKEN.sub("", text)


def extract_statement(text: str) -> str:
    """The Cypher in an LLM reply: inside a ``` fence if there is one, from the first clause keyword, up to
    the first ';' or blank line (the prose small models add after the query). Chat-template tokens are removed
    first: an end-of-turn token ends the reply."""
    text = strip_control_tokens(text)
    fence = _FENCE.search(text)
    body = fence.group(1) if fence else text
    start = _EXTRACT_START.search(body)
    if not start:
        return ""
    body = body[start.start():]
    masked = mask_strings(body)
    blank = masked.find("\n\n")
    cut = blank if blank != -1 else len(body)
    semicolon = masked.find(";", 0, cut)
    if semicolon != -1:
        # a second statement that writes is kept, so validation refuses the whole reply instead of running half
        cut = cut if _WRITE.search(masked[semicolon:cut]) else semicolon
    lines = [line.rstrip() for line in body[:cut].strip().splitlines() if line.strip()]
    return "\n".join(lines)


_ORDER_AGGREGATE = re.compile(
    r"\bORDER\s+BY\s+((?:count|sum|avg|min|max)\s*\((?:[^()]|\([^()]*\))*\))(\s+(?:ASC|DESC)(?:ENDING)?)?",
    re.IGNORECASE)


def alias_order_aggregate(cypher: str) -> str:
    """`RETURN x ORDER BY count(p) DESC` (FalkorDB refuses an aggregate in ORDER BY, and the small model keeps
    writing it even when told) rewritten as `RETURN x, count(p) AS order_value ORDER BY order_value DESC`: the
    same rows, grouped and sorted as the query meant, with the sort key as one more column."""
    masked = mask_strings(cypher)
    match = _ORDER_AGGREGATE.search(masked)
    returns = list(re.finditer(r"\bRETURN\b", masked, re.IGNORECASE))
    if match is None or not returns or returns[-1].start() > match.start() or "order_value" in masked:
        return cypher
    return aliased_order(cypher[: match.start()], cypher[match.start(1): match.end(1)], match.group(2) or "",
                         cypher[match.end():])


_CLAUSE_WITH = re.compile(r"(?<![A-Za-z_])(?<!STARTS )(?<!ENDS )WITH(?![A-Za-z_])", re.IGNORECASE)  # not STARTS WITH


def final_with_returned(cypher: str) -> str:
    """A query that ends in a WITH clause and has no RETURN (`... WITH p.year AS year, count(p) AS n ORDER BY n DESC
    LIMIT 1`, which the small model writes) rewritten with that last WITH as RETURN: the rows it meant, the same
    projection, order and limit. Any other query is left as it is."""
    masked = mask_strings(cypher)
    if re.search(r"\bRETURN\b", masked, re.IGNORECASE):
        return cypher
    clauses = list(_CLAUSE_WITH.finditer(masked))
    last = clauses[-1] if clauses else None
    if last is None or re.search(r"\b(?:MATCH|UNWIND|CALL|WHERE)\b", masked[last.end():], re.IGNORECASE):
        return cypher  # a WITH that feeds more clauses (or filters): not a projection to return
    return cypher[: last.start()] + "RETURN" + cypher[last.end():]


def standard_not_equal(cypher: str) -> str:
    """`a != b` (SQL's and most languages' inequality, which the small model writes and FalkorDB rejects as a syntax
    error) rewritten as Cypher's `a <> b`; string literals and comments are left as they are."""
    masked = mask_strings(cypher)
    spots = [m.start() for m in re.finditer(r"!=", masked)]
    for start in reversed(spots):
        cypher = cypher[:start] + "<>" + cypher[start + 2:]
    return cypher


def _round_with_precision(masked: str) -> bool:
    """True when some round( call has a second argument at its own nesting level (round(x, n))."""
    for match in re.finditer(r"\bround\s*\(", masked, re.IGNORECASE):
        depth = 0
        for char in masked[match.end():]:
            if char in "([{":
                depth += 1
            elif char in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif char == "," and depth == 0:
                return True
    return False


def _check_names(masked: str) -> None:
    for match in _NODE_LABEL.finditer(masked):
        label = match.group(1) or match.group(2)
        if label not in LABELS:
            raise CypherRejected(f"unknown node label :{label}; labels are {', '.join(sorted(LABELS))}")
    for match in _REL_TYPE.finditer(masked):
        if match.group(1) not in REL_TYPES:
            raise CypherRejected(
                f"unknown relationship type :{match.group(1)}; types are {', '.join(sorted(REL_TYPES))}")
    bound = {var: label for var, label in _BOUND.findall(masked) if label in NODE_PROPERTIES}
    for match in _PROPERTY.finditer(masked):
        var, prop = match.group(1), match.group(2)
        label = bound.get(var)
        if label and prop not in NODE_PROPERTIES[label]:
            raise CypherRejected(f"unknown property {var}.{prop}: {var} is a :{label}, whose properties are "
                                 f"{', '.join(NODE_PROPERTIES[label])}")
        if prop not in PROPERTIES:
            hint = "; ".join(f"{label}: {', '.join(props)}" for label, props in NODE_PROPERTIES.items())
            raise CypherRejected(f"unknown property {match.group(1)}.{prop}; properties are {hint}")


_NODE = r"\(\s*([A-Za-z_]\w*)?\s*(?::\s*`?([A-Za-z_]\w*)`?)?[^()]*\)"
# node, relationship, and the next node as a lookahead, so a chain (a)-[:X]->(b)-[:Y]->(c) yields both hops
_HOP = re.compile(_NODE + r"\s*(<)?-\s*\[\s*[A-Za-z_]?\w*\s*:\s*`?([A-Za-z_]\w*)`?[^\]]*\]\s*-(>)?\s*(?=" + _NODE + ")")
ENDS = {rel: (start, end) for start, rel, end in RELATIONSHIPS}


def _hop_fits(start: str | None, end: str | None, want: tuple[str, str]) -> bool:
    return (start is None or start == want[0]) and (end is None or end == want[1])


def _check_hops(masked: str) -> None:
    """Every relationship in a pattern joins the labels the schema says it joins, in its direction (a variable's
    label is taken from where it is bound). `(e1:Entity)-[:MENTIONS]->(e2:Entity)` runs and finds nothing, which
    reads as a confident "none": refused here with the relationship's real shape instead."""
    bound = {var: label for var, label in _BOUND.findall(masked) if label in LABELS}
    for hop in _HOP.finditer(masked):
        left_var, left_label, back, rel, forward, right_var, right_label = hop.groups()
        if rel not in ENDS or (back and forward):
            continue
        left = left_label or bound.get(left_var or "")
        right = right_label or bound.get(right_var or "")
        want = ENDS[rel]
        if back:
            fits = _hop_fits(right, left, want)
        elif forward:
            fits = _hop_fits(left, right, want)
        else:  # undirected: either way round
            fits = _hop_fits(left, right, want) or _hop_fits(right, left, want)
        if fits:
            continue
        shape = f"(:{want[0]})-[:{rel}]->(:{want[1]})"
        advice = (f" To ask about two {want[1]} nodes of one {want[0]}, bind the {want[0]} once and match {shape} "
                  f"twice from that same variable." if left == right == want[1] else "")
        written = f"(:{left or ''}){'<' if back else ''}-[:{rel}]-{'>' if forward else ''}(:{right or ''})"
        raise CypherRejected(f"{written} does not exist in this graph: :{rel} always goes {shape}.{advice}")


def check_cypher(cypher: str, row_limit: int) -> CheckedCypher:
    """Accept one read-only statement over the schema (adding LIMIT row_limit if it has none) or raise."""
    text = cypher.strip().rstrip(";").strip()
    if not text:
        raise CypherRejected("no Cypher statement found in the reply")
    masked = mask_strings(text)
    if ";" in masked:
        raise CypherRejected("more than one statement: only a single query is allowed", unsafe=True)
    write = _WRITE.search(masked)
    if write:
        raise CypherRejected(f"{write.group(1).upper()} is not allowed: queries are read-only", unsafe=True)
    if not _START.match(masked):
        raise CypherRejected("a query must start with MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN")
    if not re.search(r"\bRETURN\b", masked, re.IGNORECASE):
        raise CypherRejected("the query has no RETURN clause")
    for pattern, reason in _UNSUPPORTED:
        if pattern.search(masked):
            raise CypherRejected(reason)
    if _round_with_precision(masked):
        raise CypherRejected("round(x, n) is not available: use round(x) or return the plain number")
    _check_names(masked)
    _check_hops(masked)
    limit = _LIMIT.search(masked)
    if limit and int(limit.group(1)) <= row_limit:
        return CheckedCypher(text, limited=False)
    if limit:
        return CheckedCypher(text[: limit.start()] + f"LIMIT {row_limit}", limited=True)
    return CheckedCypher(f"{text}\nLIMIT {row_limit}", limited=True)
