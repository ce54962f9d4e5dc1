"""One root exception: every error FeedLens raises on purpose is a FeedLensError, so each boundary (CLI, UI,
agent) catches them with one clause and shows their message."""
from __future__ import annotations

import pytest

from core import errors
from core.errors import CypherRejected, FeedLensError, QueryAttemptFailed, QueryFailed, QueryTimeout


def test_every_error_class_is_a_feedlens_error() -> None:
    classes = [value for value in vars(errors).values() if isinstance(value, type) and issubclass(value, Exception)]
    assert {"ConfigError", "QueryTimeout", "CypherRejected", "QueryAttemptFailed", "AgentUnavailable"} <= {
        c.__name__ for c in classes}
    assert all(issubclass(c, FeedLensError) for c in classes)
    assert issubclass(QueryTimeout, QueryFailed)


def test_a_rejected_write_reaches_the_agent_as_an_unsafe_attempt_with_its_cypher() -> None:
    from agent.guard import GuardedGraph

    class NeverCalled:
        def query(self, *args: object, **kwargs: object) -> list:
            raise AssertionError("a rejected statement must not reach the store")

    cypher = "MATCH (n) DETACH DELETE n"
    with pytest.raises(FeedLensError) as info:
        GuardedGraph(NeverCalled(), row_limit=10).query(cypher)  # type: ignore[arg-type]
    failed = info.value
    assert isinstance(failed, QueryAttemptFailed)
    assert (failed.cypher, failed.unsafe) == (cypher, True) and failed.reason == str(failed)
    assert isinstance(failed.__cause__, CypherRejected) and failed.__cause__.unsafe
