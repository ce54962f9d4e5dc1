"""The app's shared resources and cached reads.

The store itself comes from graph.connect.cached_store (one per process, built once); this module only wraps
it in st.cache_resource as graph/connect.py asks. Small read results (counts, filter choices, insights) are
cached for a short time with st.cache_data and cleared after an import, so pages render from memory.
"""
from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from core.settings import Settings, get_settings
from graph import queries
from graph.store import GraphStore

log = logging.getLogger(__name__)

READ_TTL_S = 60  # cached reads are at most this old; an import clears them at once


def settings() -> Settings:
    """The process settings (env FEEDLENS_*)."""
    return get_settings()


@st.cache_resource(show_spinner="Opening the graph…")
def get_store() -> GraphStore:
    """The one graph store of this app process (raises GraphUnavailable with a fix when it cannot open)."""
    from graph.connect import cached_store

    return cached_store()


@st.cache_resource(show_spinner="Loading the extractors (first time only)…")
def get_extractors(pipeline: str) -> list:
    """Extractors for an Import, built once per pipeline (this is where torch gets loaded, never earlier)."""
    from ingest.pipelines import build_extractors

    return build_extractors(pipeline, settings())


def rows(cypher: str, **params: Any) -> list[dict[str, Any]]:
    """Run a read query, cached; the key is the query text and its parameters."""
    return _cached_rows(cypher, tuple(sorted(params.items())))


@st.cache_data(ttl=READ_TTL_S, show_spinner=False, max_entries=512)
def _cached_rows(cypher: str, params: tuple[tuple[str, Any], ...]) -> list[dict[str, Any]]:
    return get_store().query(cypher, dict(params))


def post_count() -> int:
    result = rows(queries.COUNT_POSTS)
    return int(result[0]["posts"]) if result else 0


def refresh_reads() -> None:
    """Forget cached reads (after an import changed the graph)."""
    _cached_rows.clear()
