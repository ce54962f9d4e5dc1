"""The store as GraphCypherQAChain sees it: every query is checked (one read-only statement over our schema,
with a row limit) before the store runs it read-only, and failures carry the Cypher for retry feedback."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from langchain_neo4j.chains.graph_qa.cypher_utils import CypherQueryCorrector, Schema

from agent.cypher import check_cypher
from agent.schema import RELATIONSHIPS, schema_text, structured_schema
from core.errors import CypherRejected, FeedLensError, QueryAttemptFailed, ReadOnlyViolation
from graph.store import GraphStore, Row

log = logging.getLogger(__name__)


class LenientCorrector(CypherQueryCorrector):
    """langchain's relationship-direction corrector, minus its false rejections.

    The stock corrector returns '' for valid queries with anonymous nodes that carry properties, e.g.
    `(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'dog'})`; here it may still flip a reversed
    arrow, but a query it cannot judge passes through unchanged to our validator and the database.
    """

    def __call__(self, query: str) -> str:
        try:
            corrected = super().__call__(query)
        except Exception as exc:  # noqa: BLE001 - langchain's parser fails in undocumented ways: keep the query
            log.debug("direction corrector failed (%s); keeping the query", exc)
            return query
        return corrected or query


def direction_corrector() -> LenientCorrector:
    return LenientCorrector([Schema(start, rel, end) for start, rel, end in RELATIONSHIPS])


class GuardedGraph:
    """langchain-neo4j GraphStore protocol over our store, with the agent's checks in front of `query`."""

    def __init__(self, store: GraphStore, row_limit: int) -> None:
        self.store = store
        self.row_limit = row_limit

    def query(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Check, then run read-only; raises QueryAttemptFailed with a reason the LLM can act on."""
        try:
            checked = check_cypher(query, self.row_limit)
        except CypherRejected as exc:
            raise QueryAttemptFailed(query, str(exc), unsafe=exc.unsafe) from exc
        self._explain(checked.text, params)
        try:
            rows = self.store.query(checked.text, dict(params or {}))
        except ReadOnlyViolation as exc:
            raise QueryAttemptFailed(checked.text, str(exc), unsafe=True) from exc
        except FeedLensError as exc:  # QueryFailed, QueryTimeout, GraphUnavailable: all with a fix in the text
            raise QueryAttemptFailed(checked.text, str(exc)) from exc
        return rows[: self.row_limit]

    def _explain(self, text: str, params: Mapping[str, Any] | None) -> None:
        """Let the engine compile and plan the statement before it runs (FalkorDB GRAPH.EXPLAIN, Neo4j EXPLAIN):
        a query it cannot run fails here with the engine's own message, which the agent feeds back to the model,
        without executing anything. A store without `explain` skips this step; the read still runs read-only."""
        explain = getattr(self.store, "explain", None)
        if explain is None:
            return
        try:
            explain(text, dict(params or {}))
        except ReadOnlyViolation as exc:
            raise QueryAttemptFailed(text, str(exc), unsafe=True) from exc
        except FeedLensError as exc:
            raise QueryAttemptFailed(text, f"the database cannot plan this query: {exc}") from exc

    @property
    def get_schema(self) -> str:
        return schema_text()

    @property
    def get_structured_schema(self) -> dict[str, Any]:
        return structured_schema()

    def refresh_schema(self) -> None:
        """The agent's schema is the static contract; nothing to refresh."""

    def add_graph_documents(self, graph_documents: Iterable[Any], include_source: bool = False) -> None:
        raise ReadOnlyViolation("The chat agent cannot add documents to the graph.")
