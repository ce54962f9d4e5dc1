"""A real embedded FalkorDB graph in a temporary FEEDLENS_HOME for the UI tests (no mocks)."""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from core.settings import Settings


def open_ui_graph(home: Path, items: list | None = None) -> Iterator:
    """Point FEEDLENS_HOME at `home`, open its store, write `items`, yield the store; restore afterwards."""
    from core.settings import get_settings
    from graph.connect import reset_cached_store
    from graph.falkordb_store import FalkorDBStore
    from graph.writer import write_analyses

    old = os.environ.get("FEEDLENS_HOME")
    os.environ["FEEDLENS_HOME"] = str(home)
    get_settings.cache_clear()
    reset_cached_store()
    _clear_streamlit_caches()
    store = FalkorDBStore(Settings(home=home))
    store.ensure_schema()
    if items:
        write_analyses(store, items, "ui-test")
    try:
        yield store
    finally:
        store.close()
        reset_cached_store()
        _clear_streamlit_caches()
        if old is None:
            os.environ.pop("FEEDLENS_HOME", None)
        else:
            os.environ["FEEDLENS_HOME"] = old
        get_settings.cache_clear()


def _clear_streamlit_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
