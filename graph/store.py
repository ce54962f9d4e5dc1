"""The one seam between FeedLens and a graph database.

`query` is READ-ONLY at the database level in every implementation (FalkorDB GRAPH.RO_QUERY, Neo4j READ
access-mode transactions), so anything handed a store, above all the LangChain agent, cannot change the graph.
Writes go through `write` / `write_rows`, which only the loader uses.

The protocol is a superset of langchain-neo4j's GraphStore (query, get_schema, get_structured_schema,
refresh_schema, add_graph_documents), so GraphCypherQAChain accepts any of our stores.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

Row = dict[str, Any]


@runtime_checkable
class GraphStore(Protocol):
    backend: str  # "falkordb" or "neo4j": picks the dialect where the engines differ

    def query(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run a read-only query and return rows as dicts (a write attempt raises ReadOnlyViolation)."""
        ...

    def explain(self, query: str, params: Mapping[str, Any] | None = None) -> None:
        """Compile and plan a query without running it (FalkorDB GRAPH.EXPLAIN, Neo4j EXPLAIN); an error the
        engine would raise for this text raises QueryFailed. The agent validates generated Cypher with it."""
        ...

    def write(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run one write query (schema setup, deletes, single updates)."""
        ...

    def write_rows(self, query: str, rows: Sequence[Mapping[str, Any]], batch_size: int = 1000) -> int:
        """Run an `UNWIND $rows AS row ...` query over rows in chunks; returns the number of rows sent."""
        ...

    def ensure_schema(self) -> None:
        """Create the constraints and indexes the loader relies on (idempotent)."""
        ...

    def clear(self) -> None:
        """Delete the whole graph (tests and 'start over' only)."""
        ...

    def close(self) -> None: ...

    # langchain-neo4j GraphStore protocol
    @property
    def get_schema(self) -> str: ...

    @property
    def get_structured_schema(self) -> dict[str, Any]: ...

    def refresh_schema(self) -> None: ...

    def add_graph_documents(self, graph_documents: Iterable[Any], include_source: bool = False) -> None: ...


def chunked(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    """Yield consecutive slices of at most `size` items."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
