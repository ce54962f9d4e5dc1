"""Query errors both graph stores raise, so the agent can tell bad Cypher (retry with feedback) from a graph
that is down (GraphUnavailable) or a write attempt on the read-only path (ReadOnlyViolation).

These belong in core/errors.py; they live here until that module's owner moves them.
"""
from __future__ import annotations

from core.errors import FeedLensError


class QueryFailed(FeedLensError):
    """The database rejected a query (syntax, unknown function, type error); the message is the database's."""


class QueryTimeout(QueryFailed):
    """A read-only query ran longer than settings.query_timeout_ms and was stopped by the database."""
