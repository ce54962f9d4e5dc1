"""GraphStore on the embedded FalkorDB server (the default backend: no Docker, no Java).

Reads go through GRAPH.RO_QUERY with a timeout, so the database itself refuses writes on the agent's path.
Rows come back as plain dicts/lists (nodes and relationships as property dicts plus `_labels` / `_type`),
ready for JSON, pandas and the UI. If the server died, the store restarts it once and retries.
"""
from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.errors import FeedLensError, GraphUnavailable, MissingDependency, QueryFailed, QueryTimeout, ReadOnlyViolation
from core.settings import Settings, get_settings
from graph import schema
from graph.falkordb_params import params_header
from graph.falkordb_server import FalkorDBServer, server_for
from graph.queries import catalog
from graph.store import Row
from graph.store_base import StoreBase

try:
    from falkordb import FalkorDB
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path as GraphPath
except ImportError as exc:  # pragma: no cover - falkordb is a core requirement
    raise MissingDependency("falkordb", "The embedded graph database") from exc

logger = logging.getLogger(__name__)
T = TypeVar("T")

READ_ONLY_MESSAGE = "is to be executed only on read-only queries"
EMPTY_GRAPH_MESSAGE = "empty key"


def to_plain(value: Any) -> Any:
    """A FalkorDB result value as JSON-friendly Python (nodes/edges -> property dicts with _labels/_type)."""
    if isinstance(value, Node):
        return {**{k: to_plain(v) for k, v in value.properties.items()}, "_labels": list(value.labels or [])}
    if isinstance(value, Edge):
        return {**{k: to_plain(v) for k, v in value.properties.items()}, "_type": value.relation}
    if isinstance(value, GraphPath):
        return {"nodes": [to_plain(n) for n in value.nodes()], "relationships": [to_plain(e) for e in value.edges()]}
    if isinstance(value, Mapping):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)  # durations and other rare types


class FalkorDBStore(StoreBase):
    """The GraphStore protocol over FalkorDB on a private unix socket."""

    backend = "falkordb"

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        data_dir: Path | str | None = None,
        graph_name: str | None = None,
        server: FalkorDBServer | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.server = server or server_for(data_dir or self.settings.falkordb_dir)
        self.graph_name = graph_name or self.settings.graph_name
        self.timeout_ms = int(self.settings.query_timeout_ms)
        self._db: FalkorDB | None = None
        self._structured: dict[str, Any] | None = None
        self._schema_text: str | None = None
        self._connect()

    # ---- connection ---------------------------------------------------------------------------------------
    def _connect(self) -> None:
        socket_path = self.server.ensure_running()
        # no client-side retries: a re-sent write must be our decision, and a timeout must surface
        self._db = FalkorDB(unix_socket_path=str(socket_path), socket_connect_timeout=5,
                            socket_timeout=max(300.0, self.timeout_ms / 1000 * 3), retry=Retry(NoBackoff(), 0))
        self._graph = self._db.select_graph(self.graph_name)

    def _call(self, action: Callable[[], T]) -> T:
        """Run one server call; on a dead server restart it once and retry, else translate the error.

        The retry re-sends the call: harmless for reads and the loader's UNWIND ... MERGE batches.
        """
        if self._db is None:
            raise GraphUnavailable("This graph store was closed; open a new one with graph.connect.open_store().")
        try:
            return action()
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as first:
            if isinstance(first, redis.exceptions.TimeoutError) and self.server.is_running():
                raise GraphUnavailable(
                    f"FalkorDB did not answer in time on {self.server.socket_path}; it may be overloaded. "
                    "Retry, or restart it: python -m graph.falkordb_server stop"
                ) from first
            logger.warning("FalkorDB connection lost (%s); restarting the server once", first)
            try:
                self._close_client()
                self._connect()
                return action()
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as second:
                raise GraphUnavailable(
                    f"Cannot reach FalkorDB on {self.server.socket_path} ({second}). Check the server log "
                    f"{self.server.log_path}, or run: python -m graph.falkordb_server status"
                ) from second

    def _close_client(self) -> None:
        if self._db is not None:
            try:
                self._db.connection.close()
            except (redis.exceptions.RedisError, OSError):
                pass

    @staticmethod
    def _translate(exc: redis.exceptions.ResponseError) -> FeedLensError:
        message = str(exc)
        if READ_ONLY_MESSAGE in message:
            return ReadOnlyViolation(
                "This query would change the graph, and queries here are read-only. Ask a question instead "
                "of requesting a change (only the loader writes)."
            )
        if "timed out" in message.lower():
            return QueryTimeout(f"The query was stopped after the time limit; make it more selective. ({message})")
        return QueryFailed(f"FalkorDB rejected the query: {message}")

    # ---- GraphStore (query / write / write_rows in StoreBase) -------------------------------------------------
    def _run(self, query: str, params: Mapping[str, Any] | None, read_only: bool) -> list[Row]:
        try:
            text = params_header(params) + query  # one pass instead of the client's two (see falkordb_params)
        except (TypeError, ValueError) as exc:
            raise QueryFailed(f"Bad query parameter: {exc}") from exc

        def action() -> list[Row]:
            if read_only:
                return self._rows(self._graph.ro_query(text, timeout=self.timeout_ms))
            return self._rows(self._graph.query(text))

        try:
            return self._call(action)
        except redis.exceptions.ResponseError as exc:
            if read_only and EMPTY_GRAPH_MESSAGE in str(exc):
                return []  # nothing loaded yet: an empty answer, not an error
            raise self._translate(exc) from exc

    def explain(self, query: str, params: Mapping[str, Any] | None = None) -> None:
        """Compile the query without running it (GRAPH.EXPLAIN); a syntax or planning error raises QueryFailed.
        Nothing is executed, so this is no way around the read-only guard: `query` still runs GRAPH.RO_QUERY."""
        try:
            header = params_header(params)
        except (TypeError, ValueError) as exc:
            raise QueryFailed(f"Bad query parameter: {exc}") from exc
        try:
            self._call(lambda: self._graph.execute_command("GRAPH.EXPLAIN", self.graph_name, header + query))
        except redis.exceptions.ResponseError as exc:
            if EMPTY_GRAPH_MESSAGE in str(exc):
                return  # nothing loaded yet: the query will answer with no rows
            raise self._translate(exc) from exc

    @staticmethod
    def _rows(result: Any) -> list[Row]:
        names = [column[1] for column in result.header]
        return [dict(zip(names, (to_plain(v) for v in record))) for record in result.result_set]

    def ensure_schema(self) -> None:
        """Indexes for every node key, then unique constraints (FalkorDB needs the index first); idempotent."""
        for statement in schema.falkordb_index_statements():
            try:
                self._call(lambda s=statement: self._graph.query(s))
            except redis.exceptions.ResponseError as exc:
                if "already indexed" not in str(exc):
                    raise self._translate(exc) from exc
        for args in schema.falkordb_constraint_args(self.graph_name):
            try:
                self._call(lambda a=args: self._db.execute_command(*a))
            except redis.exceptions.ResponseError as exc:
                if "already exists" not in str(exc):
                    raise QueryFailed(f"FalkorDB refused a constraint {args[5]}: {exc}") from exc
        self._wait_constraints()
        self._structured = None

    def _wait_constraints(self, timeout: float = 30.0) -> None:
        """Constraints build asynchronously; wait so the loader's first MERGE already sees them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.constraints()
            if all(row["status"] != "PENDING" for row in rows):
                for row in rows:
                    if row["status"] == "FAILED":
                        logger.warning("unique constraint on %s%s failed: duplicate values exist",
                                       row["labelsOrTypes"], row["properties"])
                return
            time.sleep(0.05)
        logger.warning("FalkorDB constraints still pending after %.0fs", timeout)

    def constraints(self) -> list[Row]:
        """Constraints in the shape of Neo4j's SHOW CONSTRAINTS (the keys langchain-neo4j looks at)."""
        rows = self.query(catalog.FALKORDB_CONSTRAINTS)
        return [{"type": "UNIQUENESS" if r["type"] == "UNIQUE" else r["type"], "entityType": r["entitytype"],
                 "labelsOrTypes": [r["label"]], "properties": r["properties"], "status": r["status"]} for r in rows]

    def indexes(self) -> list[Row]:
        rows = self.query(catalog.FALKORDB_INDEXES)
        return [{"label": r["label"], "properties": r["properties"], "type": "RANGE", "entityType": r["entitytype"],
                 "status": r["status"]} for r in rows]


    def close(self) -> None:
        """Close the connection; the server keeps running for other stores, and stops when the last process
        using it exits (see graph.falkordb_server)."""
        self._close_client()
        self._db = None
