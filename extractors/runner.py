"""Runs posts through the configured extractors in batches.

Each extractor sees its own batch size. A batch that raises is retried post by post, so one bad post costs
only its own result for that extractor: the failure is recorded on the post (`PostAnalysis.errors`) and in
the run's report, and every other post goes on.
"""
from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from core.errors import ConfigError, MissingDependency
from extractors.base import Extraction, Extractor, PostAnalysis

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int], None]  # (extractor name, posts done in this call)


@dataclass
class ExtractorFailure:
    post_id: str
    extractor: str
    error: str


@dataclass
class RunReport:
    """What happened in one run: per-extractor time, failures, and the notes extractors left."""

    posts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    failures: list[ExtractorFailure] = field(default_factory=list)
    notes: Counter[str] = field(default_factory=Counter)

    def add(self, other: RunReport) -> None:
        self.posts += other.posts
        for name, secs in other.seconds.items():
            self.seconds[name] = self.seconds.get(name, 0.0) + secs
        self.failures.extend(other.failures)
        self.notes.update(other.notes)


def pipeline_signature(extractors: Sequence[Extractor]) -> str:
    """Names and versions of the pipeline: a post loaded under another signature is extracted again."""
    return ";".join(f"{e.name}@{e.version}" for e in extractors)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:300]


def _extract_checked(extractor: Extractor, batch: Sequence[PostAnalysis]) -> list[Extraction]:
    results = extractor.extract(batch)
    if len(results) != len(batch):
        raise RuntimeError(f"{extractor.name} returned {len(results)} results for {len(batch)} posts")
    return results


def _run_batch(extractor: Extractor, batch: Sequence[PostAnalysis], report: RunReport) -> None:
    try:
        results = _extract_checked(extractor, batch)
    except (ConfigError, MissingDependency):
        raise  # a setting or package problem fails every post the same way: stop and say how to fix it
    except Exception as exc:  # noqa: BLE001 - any extractor bug is isolated to the failing post(s): retry one by one
        if len(batch) == 1:
            item = batch[0]
            message = _describe(exc)
            log.warning("extractor %s failed on post %s: %s", extractor.name, item.post.id, message)
            item.errors.append(f"{extractor.name}: {message}")
            report.failures.append(ExtractorFailure(item.post.id, extractor.name, message))
            return
        log.info("extractor %s failed on a batch of %d (%s); retrying post by post",
                 extractor.name, len(batch), _describe(exc))
        for item in batch:
            _run_batch(extractor, [item], report)
        return
    for item, result in zip(batch, results, strict=True):
        item.extraction.merge(result)


def run_extractors(
    items: Sequence[PostAnalysis],
    extractors: Sequence[Extractor],
    progress: ProgressCallback | None = None,
) -> RunReport:
    """Run every extractor over every item (in pipeline order); results are merged into the items."""
    report = RunReport(posts=len(items))
    for extractor in extractors:
        started = time.perf_counter()
        size = max(1, int(getattr(extractor, "batch_size", 32)))
        for start in range(0, len(items), size):
            batch = items[start : start + size]
            _run_batch(extractor, batch, report)
            if progress is not None:
                progress(extractor.name, len(batch))
        report.seconds[extractor.name] = report.seconds.get(extractor.name, 0.0) + time.perf_counter() - started
    for item in items:
        report.notes.update(item.extraction.notes)
    return report
