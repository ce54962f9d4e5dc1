"""A parameterised query written out with its values as literals, for people to read and copy: the Cypher the
chat shows under an answer (and feeds back into a follow-up prompt) and the Neo4j Browser link of the Graph page,
whose URL takes a query text but no parameters. FeedLens never runs these texts; it runs the parameterised one.
"""
from __future__ import annotations

import json
from typing import Any


def cypher_literal(value: Any, quote: str = "'") -> str:
    """`value` as a Cypher literal. Strings are single-quoted with backslash and quote escaped (the form the
    agent's prompt and examples use), or with quote='"' JSON-escaped in double quotes for Neo4j Browser (which,
    unlike FalkorDB, reads the \\u escapes JSON writes for non-ASCII); other values as Python writes them."""
    if isinstance(value, str):
        if quote == '"':
            return json.dumps(value)
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return str(value)


def inline_params(cypher: str, params: dict[str, Any], quote: str = "'") -> str:
    """The statement with each `$name` written as the literal of its value (longest names first, so `$entity`
    does not eat into `$entity_label`)."""
    for name in sorted(params, key=len, reverse=True):
        cypher = cypher.replace(f"${name}", cypher_literal(params[name], quote))
    return cypher
