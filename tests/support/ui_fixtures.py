"""A real graph in a temporary FEEDLENS_HOME for the UI tests (no mocks): the embedded FalkorDB, or with an
endpoint the session's Neo4j, chosen the way a user does it (FEEDLENS_BACKEND=neo4j and NEO4J_* in the env)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path


def open_ui_graph(home: Path, items: list | None = None, neo4j: object | None = None) -> Iterator:
    """Point FEEDLENS_HOME at `home` (and the backend at `neo4j`, an endpoint, when given), open its store, write
    `items`, yield the store; restore the environment afterwards."""
    from core.settings import get_settings
    from graph.connect import open_store, reset_cached_store
    from graph.writer import write_analyses

    env = {"FEEDLENS_HOME": str(home)}
    if neo4j is not None:
        env.update(FEEDLENS_BACKEND="neo4j", NEO4J_URI=neo4j.bolt_uri,  # type: ignore[attr-defined]
                   NEO4J_USERNAME=neo4j.username, NEO4J_PASSWORD=neo4j.password,  # type: ignore[attr-defined]
                   FEEDLENS_NEO4J_BROWSER_URL=neo4j.browser_url)  # type: ignore[attr-defined]
    old = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    get_settings.cache_clear()
    reset_cached_store()
    _clear_streamlit_caches()
    store = open_store(get_settings())
    store.clear()  # Neo4j Community has one database, shared by the session's tests
    store.ensure_schema()
    if items:
        write_analyses(store, items, "ui-test")
    try:
        yield store
    finally:
        if neo4j is not None:
            store.clear()
        store.close()
        reset_cached_store()
        _clear_streamlit_caches()
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def engine_ui_graph(request: object, name: str, items: object = None) -> Iterator:
    """open_ui_graph on the engine `request.param` names (module fixtures with params=ENGINES); `items`, when
    given, is called with the home to make the posts."""
    home = request.getfixturevalue("tmp_path_factory").mktemp(name)  # type: ignore[attr-defined]
    neo4j = request.getfixturevalue("neo4j_endpoint") if request.param == "neo4j" else None  # type: ignore[attr-defined]
    yield from open_ui_graph(home, items(home) if callable(items) else None, neo4j=neo4j)


def _clear_streamlit_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
