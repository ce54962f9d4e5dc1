"""Open the configured graph store. Backends are imported lazily, so importing graph/ stays light (no torch,
no driver for the backend not in use)."""
from __future__ import annotations

import logging
import threading

from core.errors import ConfigError
from core.settings import Settings, get_settings
from graph.store import GraphStore

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_cached: GraphStore | None = None


def open_store(settings: Settings | None = None) -> GraphStore:
    """A new store for settings.backend ("falkordb": the embedded server, started if needed; "neo4j")."""
    settings = settings or get_settings()
    if settings.backend == "falkordb":
        from graph.falkordb_store import FalkorDBStore

        return FalkorDBStore(settings)
    if settings.backend == "neo4j":
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(settings)
    raise ConfigError(f"Unknown graph backend {settings.backend!r}: set FEEDLENS_BACKEND to falkordb or neo4j.")


def cached_store() -> GraphStore:
    """One store per process for the app (thread-safe; both clients are safe to share across threads).

    Streamlit pages wrap this in st.cache_resource; `reset_cached_store()` drops it (e.g. after settings change).
    """
    global _cached
    with _lock:
        if _cached is None:
            _cached = open_store()
        return _cached


def reset_cached_store() -> None:
    """Close and forget the cached store."""
    global _cached
    with _lock:
        if _cached is not None:
            _cached.close()
        _cached = None
