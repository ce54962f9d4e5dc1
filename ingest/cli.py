"""Batch load script: `python -m ingest PATH [--backend falkordb|neo4j] [--pipeline full|text|minimal]`.

Imports a folder, CSV, Instagram/Facebook export or evaluation set, runs the extractors with progress bars,
and writes the knowledge graph. Re-running skips unchanged posts; an interrupted load can simply be re-run.
"""
from __future__ import annotations

import argparse
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.errors import FeedLensError
from core.home import check_home, explain_os_error
from core.settings import get_settings
from ingest.pipelines import PIPELINES
from ingest.problems import group_problems
from ingest.source import IngestRequest, ingest_source

if TYPE_CHECKING:
    from data.importers.base import ImportResult
    from data.models import Post

PROG = "python -m ingest"


def build_parser(prog: str = PROG) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="folder, CSV file, export folder or JSON file to load")
    parser.add_argument("--kind", help="source kind (default: detected): folder, csv, instagram, facebook, "
                        "mvsa, senticap, tweeteval")
    parser.add_argument("--backend", choices=("falkordb", "neo4j"), help="graph backend (default: settings)")
    parser.add_argument("--pipeline", choices=PIPELINES, default="full",
                        help="full: caption + image extractors; text: caption only; minimal: hashtags/mentions")
    parser.add_argument("--limit", type=int, help="load only the first N posts")
    parser.add_argument("--force", action="store_true", help="re-extract posts even when unchanged")
    parser.add_argument("--chunk-size", type=int, default=256, help="posts extracted and written per step")
    parser.add_argument("--caption-column", help="CSV: caption column")
    parser.add_argument("--image-column", help="CSV: image column")
    parser.add_argument("--date-column", help="CSV: date column")
    parser.add_argument("--id-column", help="CSV: id column")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars (logs only)")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser


# --caption-column etc. -> the importers' option names (the CSV importer's `caption=`, `image=`, ...)
COLUMN_FLAGS = {"caption_column": "caption", "image_column": "image", "date_column": "date", "id_column": "id"}


def _import_options(args: argparse.Namespace) -> dict[str, str]:
    return {option: getattr(args, flag) for flag, option in COLUMN_FLAGS.items() if getattr(args, flag)}


class ConsoleObserver:
    """Prints what was read and draws a tqdm bar while posts load (an IngestObserver)."""

    def __init__(self, path: Path, bars: bool = True) -> None:
        self.path, self.bars = path, bars
        self.bar: Any = None

    def read(self, result: ImportResult, posts: Sequence[Post]) -> None:
        print(f"imported {len(result.posts)} posts from {self.path} ({len(result.skipped)} rows skipped)")
        for group in group_problems({"location": "", "reason": warning} for warning in result.warnings):
            times = f" ({group.count} times; all in the report)" if group.count > 1 else ""
            print(f"warning: {group.reason}{times}")

    def loading(self, total: int) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="post", disable=not self.bars, desc="loading")

    def progress(self, count: int, what: str) -> None:
        self.bar.set_postfix_str(what)
        self.bar.update(count)

    def loaded(self) -> None:
        self.bar.close()


def request_from(args: argparse.Namespace) -> IngestRequest:
    """The ingest the command line asks for."""
    return IngestRequest(path=args.path, kind=args.kind, import_options=_import_options(args),
                         pipeline=args.pipeline, limit=args.limit, force=args.force, chunk_size=args.chunk_size)


def run(args: argparse.Namespace) -> int:
    settings = get_settings()  # checks that every FEEDLENS_* variable set means something
    if args.backend:
        settings = settings.model_copy(update={"backend": args.backend})
    check_home(settings.home)  # a bad home stops the load here, before any model loads (reports go there too)
    outcome = ingest_source(request_from(args), settings, ConsoleObserver(args.path, bars=not args.no_progress))
    if outcome.report_error is not None:
        raise outcome.report_error  # the command fails without its report, as it always has (the app only logs)
    print("\n".join(outcome.summary.lines()))
    print(f"report: {outcome.report}")
    return 0


def main(argv: list[str] | None = None, prog: str = PROG) -> int:
    """Run the batch load; `prog` is the command name shown in usage and help (the old alias keeps its own)."""
    args = build_parser(prog).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    # a `kill` (SIGTERM) ends the load like Ctrl-C: exit handlers run, so this process's claim on the shared
    # embedded server is released and the last process out stops it (posts written so far are kept)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return run(args)
    except FeedLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a bad home or a full disk: the folder and the fix, not a traceback (-v shows it)
        logging.getLogger(__name__).info("details", exc_info=exc)
        print(f"error: {explain_os_error(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: posts written so far are kept; run the same command again to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
