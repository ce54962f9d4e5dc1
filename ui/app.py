"""FeedLens: search, sort and talk to years of your photo posts (`streamlit run ui/app.py`).

This file only sets up navigation and the sidebar; every page lives in ui/views/. Pages run with ui/'s parent
on sys.path so they can import the project's packages.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from core.errors import FeedLensError  # noqa: E402
from graph import queries  # noqa: E402
from ui import resources  # noqa: E402
from ui.components import NO_GRAPH, badge  # noqa: E402

log = logging.getLogger(__name__)

PAGES = [
    st.Page("views/chat.py", title="Chat", icon=":material/chat:", default=True),
    st.Page("views/browse.py", title="Browse", icon=":material/photo_library:"),
    st.Page("views/insights.py", title="Insights", icon=":material/insights:"),
    st.Page("views/graph.py", title="Graph", icon=":material/hub:"),
    st.Page("views/import_data.py", title="Import", icon=":material/upload_file:"),
    st.Page("views/compare.py", title="Compare", icon=":material/compare:"),
    st.Page("views/settings.py", title="Settings", icon=":material/settings:"),
]


def sidebar() -> None:
    """Backend and post counts, or the reason the graph cannot be read."""
    cfg = resources.settings()
    st.sidebar.markdown(f"**Backend:** `{cfg.backend}`")
    try:
        total = resources.post_count()
        by_sentiment = resources.rows(queries.POSTS_BY_SENTIMENT)
    except FeedLensError as exc:
        st.sidebar.error(f"Graph not available: {exc}")
        return
    if not total:
        st.sidebar.info(NO_GRAPH)
        return
    st.sidebar.metric("Posts", f"{total:,}")
    # posts loaded without sentiment (the 'minimal' pipeline) come back as 'unknown': say what that means
    st.sidebar.caption("By final verdict: " + " · ".join(
        f"{badge('no verdict' if r['sentiment'] == 'unknown' else r['sentiment'])} {int(r['posts']):,}"
        for r in by_sentiment))


st.set_page_config(page_title="FeedLens", page_icon="🔎", layout="wide")
try:
    resources.settings()
except FeedLensError as exc:  # e.g. a mistyped FEEDLENS_* variable: say which, with the fix, and stop
    st.error(f"FeedLens cannot start: {exc}")
    st.stop()
navigation = st.navigation(PAGES)
sidebar()
navigation.run()
