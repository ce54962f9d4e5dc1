"""The Import page's work: run the shared ingest (ingest.source) with a status box and a progress bar, and show
its summary."""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from ingest.loading import LoadSummary
from ingest.problems import group_problems
from ui import resources

if TYPE_CHECKING:
    from data.importers.base import ImportResult
    from data.models import Post

log = logging.getLogger(__name__)


class StatusBoxObserver:
    """Writes what was read into the open st.status box and fills a progress bar (an IngestObserver)."""

    def __init__(self) -> None:
        self.bar: Any = None
        self.total = self.done = 0

    def read(self, result: ImportResult, posts: Sequence[Post]) -> None:
        st.write(f"{len(result.posts):,} posts read, {len(result.skipped):,} rows skipped")
        for group in group_problems({"location": "", "reason": warning} for warning in result.warnings):
            st.write(f"⚠️ {group.reason}" + (f" ({group.count} times)" if group.count > 1 else ""))

    def loading(self, total: int) -> None:
        self.total, self.done = total, 0
        self.bar = st.progress(0.0, text="extracting…")

    def progress(self, count: int, what: str) -> None:
        self.done += count
        self.bar.progress(min(1.0, self.done / max(1, self.total)),
                          text=f"{self.done:,} / {self.total:,} posts ({what})")

    def loaded(self) -> None:
        pass


def run_import(path: Path, kind: str | None, pipeline: str, limit: int = 0) -> LoadSummary:
    """Import `path`, extract and write its posts with a live progress bar; returns the load summary."""
    from ingest.source import IngestRequest, ingest_source

    request = IngestRequest(path=path, kind=kind, pipeline=pipeline, limit=limit)
    with st.status(f"Reading {path}…", expanded=True) as status:
        outcome = ingest_source(request, resources.settings(), StatusBoxObserver(),
                                shared_store=resources.get_store, extractors_for=resources.get_extractors)
        status.update(label=f"Loaded {outcome.summary.loaded:,} posts from {path.name}", state="complete")
    if outcome.report_error is not None:  # the report is a convenience; the load itself succeeded
        log.warning("could not save the load report: %s", outcome.report_error)
    return outcome.summary


def show_summary(summary: LoadSummary) -> None:
    """Loaded / unchanged / skipped (with reasons) / failures, as metrics and tables."""
    st.subheader(f"Summary: {summary.source}")
    cols = st.columns(4)
    cols[0].metric("Loaded", f"{summary.loaded:,}")
    cols[1].metric("Unchanged", f"{summary.unchanged:,}")
    cols[2].metric("Skipped rows", f"{len(summary.import_skipped):,}")
    cols[3].metric("Extractor failures", f"{len(summary.failures):,}")
    st.caption(f"{summary.imported:,} posts imported, {summary.rows_written:,} rows written in {summary.seconds:.1f} s")
    if not summary.imported and not summary.import_skipped:
        st.warning(f"No posts found in {summary.source}. Check the Kind (auto-detect may have guessed wrong); a CSV "
                   "needs a caption or an image column (see the column options of `python -m ingest --help`); a "
                   "folder needs photos in it.")
    for rows, title in ((summary.import_skipped, "Skipped rows"),
                        (summary.import_degraded, "Parts lost while importing (posts kept)")):
        if rows:
            with st.expander(f"{title} ({len(rows)}) and why"):
                counts = [{"reason": group.reason, "count": group.count} for group in group_problems(rows)]
                st.dataframe(counts, hide_index=True, width="stretch")
                st.dataframe(rows, hide_index=True, width="stretch")
    if summary.failures:
        with st.expander(f"Extractor failures ({len(summary.failures)}): posts loaded without that part"):
            st.dataframe(summary.failures, hide_index=True, width="stretch")
