"""What the FalkorDB and Neo4j stores share once they can run one query: the read/write entry points,
batched row writes, clearing, the sampled schema that langchain-neo4j's GraphCypherQAChain reads, LangChain
graph documents, and context management.

A subclass provides `_run(query, params, read_only)` (read_only=True must be enforced by the database:
FalkorDB GRAPH.RO_QUERY, Neo4j READ transactions), constraints()/indexes() and `settings`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Self

from graph import queries, schema
from graph.documents import graph_document_writes
from graph.store import Row, chunked

SCHEMA_SAMPLE = 1000  # nodes / relationships sampled per label or type when describing the schema


class StoreBase:
    _structured: dict[str, Any] | None = None
    _schema_text: str | None = None

    def _run(self, query: str, params: Mapping[str, Any] | None, read_only: bool) -> list[Row]:
        raise NotImplementedError

    def query(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run a read-only query with the configured timeout; the database refuses writes (ReadOnlyViolation)."""
        return self._run(query, params, read_only=True)

    def write(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run one write query (the schema is sampled again when next asked for)."""
        self._structured = None
        return self._run(query, params, read_only=False)

    def write_rows(self, query: str, rows: Sequence[Mapping[str, Any]], batch_size: int = 1000) -> int:
        """Send rows to an `UNWIND $rows AS row ...` query in chunks (one transaction each); returns rows sent."""
        if "$rows" not in query:
            raise ValueError("write_rows needs a query that reads its input from $rows")
        sent = 0
        for chunk in chunked(rows, batch_size):
            self.write(query, {"rows": list(chunk)})
            sent += len(chunk)
        return sent

    def clear(self) -> None:
        """Delete every node and relationship in bounded batches; indexes and constraints stay."""
        while self.write(queries.DELETE_SOME_NODES)[0]["deleted"]:
            pass

    @property
    def get_schema(self) -> str:
        if self._structured is None or self._schema_text is None:
            self.refresh_schema()
        return self._schema_text or ""

    @property
    def get_structured_schema(self) -> dict[str, Any]:
        if self._structured is None:
            self.refresh_schema()
        return self._structured or {}

    def refresh_schema(self) -> None:
        """Recompute the schema by sampling the live graph (no APOC needed; cached until the next write)."""
        structured = schema.sample_structured_schema(self.query, SCHEMA_SAMPLE)
        structured["metadata"] = {"constraint": self.constraints(), "index": self.indexes()}  # type: ignore[attr-defined]
        self._structured = structured
        self._schema_text = schema.format_schema(structured)

    def add_graph_documents(self, graph_documents: Iterable[Any], include_source: bool = False) -> None:
        """MERGE LangChain GraphDocuments (nodes by id, typed relationships, optional source Documents)."""
        for query, rows in graph_document_writes(graph_documents, include_source):
            self.write_rows(query, rows, self.settings.write_batch_size)  # type: ignore[attr-defined]

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]
