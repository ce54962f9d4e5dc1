"""GraphStore on Neo4j 5 (docker compose, a local install, Aura or a cluster) through the official driver.

`query` runs in a READ access-mode transaction with a timeout, so the server refuses writes on the agent's path.
The schema for text-to-Cypher is sampled with plain Cypher (graph/schema.py), so it works without APOC (Aura
Free, locked-down servers) and has the same shape as the FalkorDB store's. The password is never logged.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from core.errors import (
    ConfigError,
    FeedLensError,
    GraphUnavailable,
    MissingDependency,
    QueryFailed,
    QueryTimeout,
    ReadOnlyViolation,
)
from core.settings import Settings, get_settings
from graph import queries, schema
from graph.queries import catalog
from graph.store import Row
from graph.store_base import StoreBase

try:
    import neo4j
    from neo4j import exceptions as neo4j_errors
    from neo4j.graph import Node, Path, Relationship
except ImportError as exc:  # pragma: no cover - neo4j is a core requirement
    raise MissingDependency("neo4j", "The Neo4j backend") from exc

logger = logging.getLogger(__name__)


def to_plain(value: Any) -> Any:
    """A driver value as JSON-friendly Python, in the same shapes the FalkorDB store returns."""
    if isinstance(value, Node):
        return {**{k: to_plain(v) for k, v in value.items()}, "_labels": sorted(value.labels)}
    if isinstance(value, Relationship):
        return {**{k: to_plain(v) for k, v in value.items()}, "_type": value.type}
    if isinstance(value, Path):
        return {"nodes": [to_plain(n) for n in value.nodes],
                "relationships": [to_plain(r) for r in value.relationships]}
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return str(value)


def _translate(exc: Exception, uri: str, database: str) -> FeedLensError:
    """Driver errors as FeedLens errors with the fix in the message (never the password)."""
    if isinstance(exc, neo4j_errors.AuthError):
        return ConfigError(
            f"Neo4j at {uri} refused the login. Set NEO4J_USERNAME and NEO4J_PASSWORD (in .env for docker compose)."
        )
    if isinstance(exc, (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired,
                        neo4j_errors.DatabaseUnavailable)):
        return GraphUnavailable(
            f"Cannot reach Neo4j at {uri} ({exc.__class__.__name__}). Start it with `docker compose up -d neo4j`, "
            "check NEO4J_URI (bolt://host:7687, or neo4j+s://... for Aura), or set FEEDLENS_BACKEND=falkordb."
        )
    if isinstance(exc, neo4j_errors.ConfigurationError):
        return ConfigError(f"Bad Neo4j configuration for {uri}: {exc}. Check NEO4J_URI.")
    if isinstance(exc, neo4j_errors.Neo4jError):
        code = exc.code or ""
        message = exc.message or str(exc)
        if "AccessMode" in code or "read access mode" in message.lower() or "ForbiddenDueToTransactionType" in code:
            return ReadOnlyViolation(
                "This query would change the graph, and queries here are read-only. Ask a question instead "
                "of requesting a change (only the loader writes)."
            )
        if "TransactionTimedOut" in code or "TransactionTimedOut" in message:
            return QueryTimeout(f"The query was stopped after the time limit; make it more selective. ({message})")
        if "DatabaseNotFound" in code:
            return ConfigError(f"Neo4j has no database {database!r}. Set NEO4J_DATABASE (default 'neo4j').")
        return QueryFailed(f"Neo4j rejected the query: {message} ({code})")
    if isinstance(exc, neo4j_errors.DriverError):
        return GraphUnavailable(f"Neo4j driver error talking to {uri}: {exc}")
    return FeedLensError(str(exc))


class Neo4jStore(StoreBase):
    """The GraphStore protocol over a Neo4j 5 database."""

    backend = "neo4j"

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        uri: str | None = None,
        username: str | None = None,
        password: str | None = None,
        database: str | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.uri = uri or self.settings.neo4j_uri
        self.database = database or self.settings.neo4j_database
        user = username or self.settings.neo4j_username
        secret = password if password is not None else self.settings.neo4j_password.get_secret_value()
        self.timeout_s = self.settings.query_timeout_ms / 1000
        self._structured: dict[str, Any] | None = None
        self._schema_text: str | None = None
        logger.info("connecting to Neo4j at %s as %s (database %s)", self.uri, user, self.database)
        try:
            # no server notifications: "property key does not exist" on every first load is noise to a user
            self._driver = neo4j.GraphDatabase.driver(self.uri, auth=(user, secret), user_agent="FeedLens",
                                                      notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        except Exception as exc:
            raise _translate(exc, self.uri, self.database) from exc

    # ---- GraphStore (query / write / write_rows in StoreBase) -------------------------------------------------
    def _run(self, query: str, params: Mapping[str, Any] | None, read_only: bool) -> list[Row]:
        try:
            clean = schema.to_params(params)
        except (TypeError, ValueError) as exc:
            raise QueryFailed(f"Bad query parameter: {exc}") from exc

        # the driver takes a managed transaction's timeout from unit_of_work (a Query object is for session.run)
        @neo4j.unit_of_work(timeout=self.timeout_s if read_only else None)
        def work(tx: neo4j.ManagedTransaction) -> list[Row]:
            result = tx.run(query, clean)
            return [{key: to_plain(value) for key, value in record.items()} for record in result]

        mode = neo4j.READ_ACCESS if read_only else neo4j.WRITE_ACCESS
        try:
            with self._driver.session(database=self.database, default_access_mode=mode) as session:
                return session.execute_read(work) if read_only else session.execute_write(work)
        except Exception as exc:
            raise _translate(exc, self.uri, self.database) from exc

    def explain(self, query: str, params: Mapping[str, Any] | None = None) -> None:
        """Plan the query without running it (Cypher EXPLAIN, in a READ session); an error raises QueryFailed."""
        self._run(queries.explained(query), params, read_only=True)

    def ensure_schema(self) -> None:
        """Uniqueness constraints (each backed by an index) and lookup indexes, all IF NOT EXISTS."""
        for statement in schema.neo4j_schema_statements():
            self.write(statement)


    def close(self) -> None:
        self._driver.close()

    def constraints(self) -> list[Row]:
        return self._optional(catalog.NEO4J_CONSTRAINTS)

    def indexes(self) -> list[Row]:
        rows = self._optional(catalog.NEO4J_RANGE_INDEXES)
        return [{**row, "label": (row.get("labelsOrTypes") or [None])[0]} for row in rows]

    def _optional(self, query: str) -> list[Row]:
        """Metadata some users' roles may not see: an empty list then, as langchain-neo4j does."""
        try:
            return self.query(query)
        except QueryFailed as exc:
            logger.info("schema metadata unavailable (%s)", exc)
            return []
