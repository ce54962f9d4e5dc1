"""Import: load a folder, CSV or export from a path, with a progress bar and a summary of what happened."""
from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from core.errors import ImportProblem
from ui import agent_bridge, resources
from ui.importing import describe_failure, run_import, show_failure, show_summary

log = logging.getLogger(__name__)

PIPELINES = {
    "full": "captions + images (slowest, reads every photo)",
    "text": "captions only",
    "minimal": "hashtags and mentions only (seconds, no models)",
}
# the CSV importer's column options (python -m ingest --caption-column ...), by the words the page shows
CSV_COLUMNS = {"caption": "caption column", "image": "image column (file name)", "date": "date column",
               "id": "id column"}

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
with st.expander("CSV columns (only when FeedLens does not find them itself)"):
    cols = st.columns(4)
    columns = {option: cols[i].text_input(label, key=f"import_{option}_column").strip()
               for i, (option, label) in enumerate(CSV_COLUMNS.items())}

if st.button("Load", type="primary", disabled=not path_text.strip()):
    st.session_state.pop("import_summary", None)  # an older import's summary must not read as this attempt's
    path = Path(path_text.strip()).expanduser()
    if not path.exists():
        st.error("**Nothing exists at that path.** Give the full path of a folder, CSV file or export folder on "
                 "this machine.")
    else:
        try:
            summary = run_import(path, None if kind == "auto-detect" else kind, pipeline, int(limit),
                                 {option: name for option, name in columns.items() if name})
        except ImportProblem as exc:  # the source cannot be read: the detail is the log's, the page says what to do
            log.warning("import of %s failed: %s", path, exc)
            show_failure(describe_failure(exc, pipeline))
        except Exception as exc:  # the boundary: a sentence and what to do on the page, the traceback in the log
            log.exception("import of %s failed", path)
            show_failure(describe_failure(exc, pipeline))
        else:
            resources.refresh_reads()
            agent_bridge.refresh_after_import()
            st.session_state["import_summary"] = summary
            st.rerun()  # the sidebar and the page were drawn before the load: draw them again with the new posts

if "import_summary" in st.session_state:
    show_summary(st.session_state["import_summary"])
