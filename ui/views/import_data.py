"""Import: load a folder, CSV or export from a path, with a progress bar and a summary of what happened."""
from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from core.errors import FeedLensError
from ui import agent_bridge, resources
from ui.importing import run_import, show_summary

log = logging.getLogger(__name__)

PIPELINES = {
    "full": "captions + images (slowest, reads every photo)",
    "text": "captions only",
    "minimal": "hashtags and mentions only (seconds, no models)",
}

st.title("Import")
st.markdown("Load posts from a **folder of photos**, a **CSV** file, or an **Instagram / Facebook export** "
            "folder on this machine. Unchanged posts are skipped, so re-running an import is cheap.")

path_text = st.text_input("Path", key="import_path", placeholder="/home/me/instagram-export")
cols = st.columns(2)
kind = cols[0].selectbox("Kind", ["auto-detect", "folder", "csv", "instagram", "facebook", "mvsa", "senticap",
                                  "tweeteval"], key="import_kind")
pipeline = cols[1].selectbox("Pipeline", list(PIPELINES), key="import_pipeline", format_func=lambda p:
                             f"{p}: {PIPELINES[p]}")
limit = st.number_input("Load at most N posts (0 = all)", min_value=0, value=0, step=100, key="import_limit")

if st.button("Load", type="primary", disabled=not path_text.strip()):
    st.session_state.pop("import_summary", None)  # an older import's summary must not read as this attempt's
    path = Path(path_text.strip()).expanduser()
    if not path.exists():
        st.error(f"{path} does not exist. Give the full path of a folder, CSV file or export folder.")
    else:
        try:
            summary = run_import(path, None if kind == "auto-detect" else kind, pipeline, int(limit))
        except FeedLensError as exc:
            st.error(f"Import failed: {exc}")
        except ImportError as exc:  # an extractor package (or extractors.pipeline) is missing on this machine
            st.error(f"Import failed: the {pipeline!r} pipeline cannot be built here ({exc}). Try the 'minimal' "
                     "pipeline, or install what is missing (make install).")
        else:
            resources.refresh_reads()
            agent_bridge.refresh_after_import()
            st.session_state["import_summary"] = summary
            st.rerun()  # the sidebar and the page were drawn before the load: draw them again with the new posts

if "import_summary" in st.session_state:
    show_summary(st.session_state["import_summary"])
