"""Loads posts into a GraphStore: skip what is unchanged, extract the rest in batches, write, prune.

The load step of every ingest (ingest.source.ingest_source, which `python -m ingest` and the Streamlit Import
page both run); benchmarks and tests call `load_posts` directly with their own posts and extractors.
"""
from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from data.models import Post
from extractors.base import Extractor, PostAnalysis
from extractors.runner import RunReport, pipeline_signature, run_extractors
from graph import queries
from graph.store import GraphStore
from graph.writer import prune_orphans, write_analyses
from ingest.problems import group_problems, problem_lines

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]  # (posts finished in this step, what is happening)


@dataclass
class LoadSummary:
    """What a load did, for the CLI's closing lines, the UI's summary and the JSON report.

    `import_skipped` are records the importer left out, `import_degraded` what loaded posts lost (an image, part
    of a caption), both as {"location", "reason"}; the report also holds them grouped by reason.
    """

    source: str = ""
    source_kind: str = ""  # the importer that read it (folder, csv, instagram ...)
    imported: int = 0
    import_skipped: list[dict[str, str]] = field(default_factory=list)
    import_degraded: list[dict[str, str]] = field(default_factory=list)
    import_warnings: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_fuller: int = 0  # of the unchanged: loaded before by a fuller pipeline, kept as they were
    loaded: int = 0
    failures: list[dict[str, str]] = field(default_factory=list)
    notes: dict[str, int] = field(default_factory=dict)
    rows_written: int = 0
    topics: str = ""  # what the collection topic pass did
    seconds: float = 0.0
    extractor_seconds: dict[str, float] = field(default_factory=dict)

    def lines(self) -> list[str]:
        out = [
            f"source: {self.source}",
            (f"posts imported: {self.imported}, loaded: {self.loaded}, unchanged (skipped): {self.unchanged}, "
            f"rows written: {self.rows_written} in {self.seconds:.1f}s"),
            *([self.topics] if self.topics else []),
            *([(f"kept as a fuller pipeline loaded them: {self.kept_fuller} unchanged posts (--force re-reads "
                 "them with this pipeline)")] if self.kept_fuller else []),
        ]
        if self.import_skipped:
            out.append(f"rows skipped while importing: {len(self.import_skipped)}")
            out += problem_lines(self.import_skipped)
        if self.import_degraded:
            out.append(f"parts lost while importing (posts kept): {len(self.import_degraded)}")
            out += problem_lines(self.import_degraded)
        if self.failures:
            out.append(f"extractor failures (posts loaded without that part): {len(self.failures)}")
            out += problem_lines([{"location": f["post_id"], "reason": f"[{f['extractor']}] {f['error']}"}
                                  for f in self.failures])
        return out

    def save(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        path = directory / f"load-{stamp}.json"
        report = asdict(self)
        for name, rows in (("skipped_by_reason", self.import_skipped), ("degraded_by_reason", self.import_degraded)):
            report[name] = [asdict(group) for group in group_problems(rows)]
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        return path


# extractors whose output includes another extractor's: the caption entities carry the hashtags and @mentions
# the 'minimal' pipeline's extractor finds
COVERS: dict[str, frozenset[str]] = {"entities": frozenset({"hashtags"})}


def extractor_names(signature: str | None) -> frozenset[str]:
    """The extractors a pipeline signature names ("a@1;b@2" -> {a, b}), with what they cover (COVERS)."""
    names = {part.split("@", 1)[0] for part in (signature or "").split(";") if part}
    return frozenset(names | {covered for name in names for covered in COVERS.get(name, ())})


def is_lighter(pipeline: str, stored: str | None) -> bool:
    """True when `pipeline` reads only what the `stored` pipeline already read, and less (a 'minimal' or 'text'
    re-import of posts loaded with 'full'): re-extracting would throw findings away, not update them."""
    new, old = extractor_names(pipeline), extractor_names(stored)
    return bool(new) and new < old


def changed_posts(store: GraphStore, posts: Sequence[Post], pipeline: str, force: bool = False,
                  kept: list[str] | None = None) -> list[Post]:
    """The posts whose content hash or pipeline differ from what the graph holds (all of them with force).

    A post with the same content loaded before by a fuller pipeline is not changed: a lighter pipeline would drop
    its sentiment, topics or names (a quick 'minimal' re-import must not erase a 'full' load). Its id goes to
    `kept`; `force` re-extracts it anyway."""
    if force:
        return list(posts)
    loaded: dict[str, tuple[Any, Any]] = {}
    ids = [post.id for post in posts]
    for start in range(0, len(ids), 1000):
        for row in store.query(queries.LOADED_SIGNATURES, {"ids": ids[start : start + 1000]}):
            loaded[row["id"]] = (row["content_hash"], row["pipeline"])
    todo = []
    for post in posts:
        content, stored = loaded.get(post.id, (None, None))
        if (content, stored) == (post.content_hash(), pipeline):
            continue
        if content == post.content_hash() and is_lighter(pipeline, stored):
            if kept is not None:
                kept.append(post.id)
            continue
        todo.append(post)
    return todo


def collection_topics(extractors: Sequence[Extractor]) -> Any | None:
    """The collection topic pass the pipeline asks for (an extractor with `collection_pass`, i.e. TopicExtractor):
    its own `topic_pass` if it carries one (tests), else ingest.topics.CollectionTopics on its settings."""
    for extractor in extractors:
        if getattr(extractor, "collection_pass", False):
            given = getattr(extractor, "topic_pass", None)
            if given is not None:
                return given
            from ingest.topics import CollectionTopics

            return CollectionTopics(getattr(extractor, "settings", None))
    return None


def _dedupe_posts(posts: Sequence[Post]) -> list[Post]:
    """First post wins when an id repeats (importers already report duplicates; this guards other callers)."""
    first: dict[str, Post] = {}
    for post in posts:
        first.setdefault(post.id, post)
    return list(first.values())


def load_posts(
    store: GraphStore,
    posts: Sequence[Post],
    extractors: Sequence[Extractor],
    *,
    chunk_size: int = 256,
    write_batch_size: int = 1000,
    write_every: int = 0,
    force: bool = False,
    progress: Progress | None = None,
) -> LoadSummary:
    """Extract and write every changed post; safe to interrupt and re-run (see graph/writer.py).

    Posts are extracted `chunk_size` at a time and written as soon as `write_every` of them are waiting (0: each
    chunk at once). The bulk path for big first loads into Neo4j writes several chunks in one go, so each
    statement sends fewer, bigger UNWIND batches (fewer commits); a write is the same ordered sequence either way,
    and posts extracted but not yet written are simply extracted again by the next run."""
    started = time.perf_counter()
    summary = LoadSummary(imported=len(posts))
    pipeline = pipeline_signature(extractors)
    store.ensure_schema()
    unique = _dedupe_posts(posts)
    report = RunReport()
    topic_pass = collection_topics(extractors)
    pending: list[PostAnalysis] = []

    def flush() -> None:
        if pending:
            summary.rows_written += write_analyses(store, pending, pipeline, write_batch_size)
            summary.loaded += len(pending)
            if progress:
                progress(len(pending), "extracted and written")
            pending.clear()

    for start in range(0, len(unique), chunk_size):
        chunk = unique[start : start + chunk_size]
        kept: list[str] = []
        todo = changed_posts(store, chunk, pipeline, force, kept)
        summary.unchanged += len(chunk) - len(todo)
        summary.kept_fuller += len(kept)
        if progress and len(chunk) > len(todo):
            progress(len(chunk) - len(todo), "unchanged")
        if not todo:
            continue
        if topic_pass is not None:
            topic_pass.mark_changed()  # before writing: survives a kill, so the next run still assigns topics
        items = [PostAnalysis(post) for post in todo]
        report.add(run_extractors(items, extractors))
        pending.extend(items)
        if len(pending) >= write_every:
            flush()
    flush()
    if summary.loaded:
        prune_orphans(store)
    if topic_pass is not None and topic_pass.pending:
        summary.topics = topic_pass.update(store).line()
    summary.failures = [asdict(f) for f in report.failures]
    summary.notes = dict(report.notes.most_common(50))
    summary.extractor_seconds = {k: round(v, 3) for k, v in report.seconds.items()}
    summary.seconds = time.perf_counter() - started
    return summary
