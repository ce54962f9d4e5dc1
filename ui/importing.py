"""The Import page's work: run the shared ingest (ingest.source) with a status box and a progress bar, and show
its summary."""
from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from agent.answer import count_of
from core.errors import FeedLensError, ImportProblem
from data.importers.images import IMAGE_EXTENSIONS
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


def run_import(path: Path, kind: str | None, pipeline: str, limit: int = 0,
               options: Mapping[str, str] | None = None) -> LoadSummary:
    """Import `path`, extract and write its posts with a live progress bar; returns the load summary. `options`
    are the importer's (a CSV's column names)."""
    from ingest.source import IngestRequest, ingest_source

    request = IngestRequest(path=path, kind=kind, pipeline=pipeline, limit=limit, import_options=dict(options or {}))
    with st.status(f"Reading {path.name or path}…", expanded=True) as status:
        try:
            outcome = ingest_source(request, resources.settings(), StatusBoxObserver(),
                                    shared_store=resources.get_store, extractors_for=resources.get_extractors)
        except BaseException:
            status.update(label="Import stopped", state="error", expanded=False)
            raise
        status.update(label=f"Loaded {count_of(outcome.summary.loaded, 'posts')} from {path.name or path}",
                      state="complete")
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
    if not summary.imported:
        st.warning(nothing_found(summary))
    if summary.kept_fuller:
        st.info(f"{count_of(summary.kept_fuller, 'unchanged posts')} had been loaded with a fuller pipeline and "
                "were kept as they were: this pipeline would have dropped what that one found.")
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


def nothing_found(summary: LoadSummary) -> str:
    """Why a load found no posts, in words that fit what was read (a folder, a CSV, an export)."""
    skipped = len(summary.import_skipped)
    if summary.source_kind == "folder":
        kinds = ", ".join(sorted(ext.lstrip(".") for ext in IMAGE_EXTENSIONS))
        others = (f" The {count_of(skipped, 'files')} in it that {'is' if skipped == 1 else 'are'} not a photo "
                  f"{'is' if skipped == 1 else 'are'} listed below." if skipped else "")
        return (f"No photos found in this folder: FeedLens reads photo files ({kinds}), each with an optional "
                f"caption file of the same name (.txt or .json).{others} Choose the folder that holds the photos; "
                "for an Instagram or Facebook export, choose the unzipped export folder.")
    if skipped:
        which = "its only row was" if skipped == 1 else f"all {skipped:,} of its rows were"
        return f"Nothing was loaded: {which} skipped; the list below says why."
    if summary.source_kind == "csv":
        return "The CSV has a header row but no posts under it."
    return "No posts found in this source. Check the Kind: auto-detect may have guessed wrong."


@dataclass(frozen=True)
class ImportFailure:
    """What the Import page says when an import stops: a headline, what to do, and the technical detail (shown
    folded, and logged)."""

    headline: str
    fix: str
    detail: str


KEPT = "Your graph is unchanged."
RESUMABLE = ("Posts already in your graph are kept, and so are posts of this source written before it stopped; "
             "loading the source again finishes the rest without duplicating any.")


def describe_failure(exc: BaseException, pipeline: str) -> ImportFailure:
    """The words for an import that raised `exc` (never the bare exception text as the headline)."""
    if isinstance(exc, ImportProblem):  # raised while reading the source, before anything is written
        return ImportFailure(exc.what or "This source cannot be read.",
                             f"{exc.fix or 'Check the path and the Kind, then load again.'} {KEPT}", str(exc))
    if isinstance(exc, ImportError):  # an extractor package (or extractors.pipeline) is missing on this machine
        return ImportFailure(f"The '{pipeline}' pipeline cannot run on this machine: a package it needs is missing.",
                             f"Try the 'minimal' pipeline, or install what is missing (make install). {KEPT}",
                             f"{type(exc).__name__}: {exc}")
    if isinstance(exc, FeedLensError):  # the graph, a model or a setting: its message says the fix
        return ImportFailure("The import stopped: the graph database, a model or a setting it needs is not "
                             "usable.", f"The details below say what to change. {RESUMABLE}", str(exc))
    return ImportFailure("The import stopped on an unexpected error.",
                         f"It is recorded in the app's log. {RESUMABLE}", f"{type(exc).__name__}: {exc}")


def show_failure(failure: ImportFailure) -> None:
    st.error(f"**{failure.headline}** {failure.fix}")
    with st.expander("Details"):
        st.code(failure.detail, language=None)
