"""What the FalkorDB and Neo4j stores share once they can run queries: clearing, the sampled schema that
langchain-neo4j's GraphCypherQAChain reads, LangChain graph documents, and context management.

A subclass provides query/write/write_rows, constraints()/indexes(), `settings`, and resets `_structured` to
None after a write so the schema is sampled again when next asked for.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph import queries, schema
from graph.documents import graph_document_writes

SCHEMA_SAMPLE = 1000  # nodes / relationships sampled per label or type when describing the schema


class StoreBase:
    _structured: dict[str, Any] | None = None
    _schema_text: str | None = None

    def clear(self) -> None:
        """Delete every node and relationship in bounded batches; indexes and constraints stay."""
        while self.write(queries.DELETE_SOME_NODES)[0]["deleted"]:  # type: ignore[attr-defined]
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
        structured = schema.sample_structured_schema(self.query, SCHEMA_SAMPLE)  # type: ignore[attr-defined]
        structured["metadata"] = {"constraint": self.constraints(), "index": self.indexes()}  # type: ignore[attr-defined]
        self._structured = structured
        self._schema_text = schema.format_schema(structured)

    def add_graph_documents(self, graph_documents: Iterable[Any], include_source: bool = False) -> None:
        """MERGE LangChain GraphDocuments (nodes by id, typed relationships, optional source Documents)."""
        for query, rows in graph_document_writes(graph_documents, include_source):
            self.write_rows(query, rows, self.settings.write_batch_size)  # type: ignore[attr-defined]

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()  # type: ignore[attr-defined]
