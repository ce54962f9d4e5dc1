"""Names and helpers for what the app keeps in st.session_state, so pages agree on keys."""
from __future__ import annotations

import streamlit as st

SELECTED_POST = "selected_post"  # the post whose detail view is open (Browse page)
CHAT_HISTORY = "chat_history"  # list of {"role", "content", "answer"} dicts
BROWSE_PAGE = "browse_page"  # grid page number, from 0
GRAPH_FOCUS = "graph_focus"  # ("post", id) or ("topic", name) for the Graph page

BROWSE_PAGE_PATH = "views/browse.py"
GRAPH_PAGE_PATH = "views/graph.py"


def open_post(post_id: str) -> None:
    """Show a post's detail view on the Browse page (called from buttons on any page)."""
    st.session_state[SELECTED_POST] = post_id


def close_post() -> None:
    st.session_state.pop(SELECTED_POST, None)


def selected_post() -> str | None:
    """The post to show in detail: session state first, then a `?post=` link."""
    return st.session_state.get(SELECTED_POST) or st.query_params.get("post")


def chat_history() -> list[dict]:
    return st.session_state.setdefault(CHAT_HISTORY, [])


def focus_graph(kind: str, key: str) -> None:
    """Open the Graph page centred on a post or a topic."""
    st.session_state[GRAPH_FOCUS] = (kind, key)
