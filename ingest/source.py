"""One whole ingest of a source: the path `python -m ingest` and the Streamlit Import page both take.

Read the source with its importer options, keep the first `limit` posts, build the pipeline's extractors,
load the posts into the store with progress, attach what the importer skipped, and save the JSON report.
Callers only show what happens, through an IngestObserver: the CLI prints and draws a tqdm bar, the app fills
a status box and a progress bar.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from core.settings import Settings
from data.models import Post
from extractors.base import Extractor
from graph.store import GraphStore
from ingest.loading import LoadSummary, load_posts
from ingest.pipelines import build_extractors
from ingest.problems import degraded_rows

if TYPE_CHECKING:
    from data.importers.base import ImportResult

ExtractorsFor = Callable[[str], Sequence[Extractor]]  # pipeline name -> its extractors


@dataclass(frozen=True)
class IngestRequest:
    """What to ingest and how: the CLI's arguments and the Import page's form, in one shape."""

    path: Path
    kind: str | None = None  # None: detected from the path
    import_options: Mapping[str, str] = field(default_factory=dict)  # e.g. the CSV's column names
    pipeline: str = "full"  # a name from ingest.pipelines.PIPELINES
    limit: int | None = None  # load only the first N posts; None or 0: all of them
    force: bool = False  # re-extract posts even when unchanged
    chunk_size: int = 256  # posts extracted and written per step


class IngestObserver(Protocol):
    """What the caller shows while an ingest runs; every method only reports, none changes the ingest."""

    def read(self, result: ImportResult, posts: Sequence[Post]) -> None:
        """The source was read; `posts` are the ones that will be loaded (after the limit)."""

    def loading(self, total: int) -> None:
        """Extractors and store are ready; `total` posts go through the load now."""

    def progress(self, count: int, what: str) -> None:
        """`count` more posts are done; `what` is "unchanged" or "extracted and written"."""

    def loaded(self) -> None:
        """The load is over, finished or failed (close progress bars here)."""


class SilentObserver:
    """Shows nothing: for callers that only want the outcome."""

    def read(self, result: ImportResult, posts: Sequence[Post]) -> None:
        pass

    def loading(self, total: int) -> None:
        pass

    def progress(self, count: int, what: str) -> None:
        pass

    def loaded(self) -> None:
        pass


@dataclass
class IngestOutcome:
    """The load summary (source and importer skips attached) and where its JSON report was saved.

    `report_error` is set when the load went through but the report could not be written; the caller decides
    what that means (the CLI fails, the app logs it: there the report is a convenience).
    """

    summary: LoadSummary
    report: Path | None = None
    report_error: OSError | None = None


def ingest_source(
    request: IngestRequest,
    settings: Settings,
    observer: IngestObserver | None = None,
    *,
    shared_store: Callable[[], GraphStore] | None = None,
    extractors_for: ExtractorsFor | None = None,
) -> IngestOutcome:
    """Import, limit, extract and load `request.path` into the graph, then save the load report.

    `shared_store` gives a store the caller keeps open (the app's cached one); without it the store of
    `settings` is opened for this ingest and closed after. `extractors_for` lets the app reuse its cached
    extractors; without it they are built from `request.pipeline`. Both are fetched only once the source has
    been read, so a source that cannot be read fails before any model loads or database starts.
    """
    from data.importers import import_source

    observer = observer or SilentObserver()
    result = import_source(request.path, kind=request.kind, **request.import_options)
    posts = result.posts[: request.limit] if request.limit else result.posts
    observer.read(result, posts)
    extractors = (extractors_for or (lambda name: build_extractors(name, settings)))(request.pipeline)
    with _store(settings, shared_store) as store:
        observer.loading(len(posts))
        try:
            bulk = store.backend == "neo4j"  # measured: bigger, fewer write transactions (docs/benchmarks.md)
            batch = settings.neo4j_write_batch_size if bulk else settings.write_batch_size
            summary = load_posts(store, posts, extractors, chunk_size=request.chunk_size, write_batch_size=batch,
                                 write_every=settings.neo4j_bulk_write_posts if bulk else 0,
                                 force=request.force, progress=observer.progress)
        finally:
            observer.loaded()
    summary.source, summary.source_kind = str(request.path), result.kind
    summary.import_skipped = [{"location": s.location, "reason": s.reason} for s in result.skipped]
    summary.import_degraded = degraded_rows(posts, request.path, result.degraded)
    summary.import_warnings = list(result.warnings)
    try:
        report = summary.save(settings.home / "reports")
    except OSError as exc:
        return IngestOutcome(summary, report_error=exc)
    return IngestOutcome(summary, report)


@contextmanager
def _store(settings: Settings, shared_store: Callable[[], GraphStore] | None) -> Iterator[GraphStore]:
    """The caller's shared store (left open), or a store of `settings` opened for this ingest and closed after."""
    if shared_store is not None:
        yield shared_store()
        return
    from graph.connect import open_store

    store = open_store(settings)
    try:
        yield store
    finally:
        store.close()
