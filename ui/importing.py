"""The Import page's work: read a source, run ingest.loading.load_posts with a progress bar, show the summary."""
from __future__ import annotations

import logging
from pathlib import Path

import streamlit as st

from ingest.loading import LoadSummary
from ui import resources

log = logging.getLogger(__name__)


def run_import(path: Path, kind: str | None, pipeline: str, limit: int = 0) -> LoadSummary:
    """Import `path`, extract and write its posts with a live progress bar; returns the load summary."""
    from data.importers import import_source
    from ingest.loading import load_posts

    with st.status(f"Reading {path}…", expanded=True) as status:
        result = import_source(path, kind=kind)
        posts = result.posts[:limit] if limit else result.posts
        st.write(f"{len(result.posts):,} posts read, {len(result.skipped):,} rows skipped")
        for warning in result.warnings[:5]:
            st.write(f"⚠️ {warning}")
        extractors = resources.get_extractors(pipeline)
        bar = st.progress(0.0, text="extracting…")
        done = 0

        def progress(count: int, what: str) -> None:
            nonlocal done
            done += count
            bar.progress(min(1.0, done / max(1, len(posts))), text=f"{done:,} / {len(posts):,} posts ({what})")

        summary = load_posts(resources.get_store(), posts, extractors,
                             write_batch_size=resources.settings().write_batch_size, progress=progress)
        status.update(label=f"Loaded {summary.loaded:,} posts from {path.name}", state="complete")
    summary.source = str(path)
    summary.import_skipped = [{"location": s.location, "reason": s.reason} for s in result.skipped]
    try:
        summary.save(resources.settings().home / "reports")
    except OSError as exc:  # the report is a convenience; the load itself succeeded
        log.warning("could not save the load report: %s", exc)
    return summary


def show_summary(summary: LoadSummary) -> None:
    """Loaded / unchanged / skipped (with reasons) / failures, as metrics and tables."""
    st.subheader(f"Summary: {summary.source}")
    cols = st.columns(4)
    cols[0].metric("Loaded", f"{summary.loaded:,}")
    cols[1].metric("Unchanged", f"{summary.unchanged:,}")
    cols[2].metric("Skipped rows", f"{len(summary.import_skipped):,}")
    cols[3].metric("Extractor failures", f"{len(summary.failures):,}")
    st.caption(f"{summary.imported:,} posts imported, {summary.rows_written:,} rows written in {summary.seconds:.1f} s")
    if summary.import_skipped:
        with st.expander(f"Skipped rows ({len(summary.import_skipped)}) and why"):
            st.dataframe(summary.import_skipped, hide_index=True, width="stretch")
    if summary.failures:
        with st.expander(f"Extractor failures ({len(summary.failures)}): posts loaded without that part"):
            st.dataframe(summary.failures, hide_index=True, width="stretch")
