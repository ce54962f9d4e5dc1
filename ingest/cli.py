"""Batch load script: `python -m ingest PATH [--backend falkordb|neo4j] [--pipeline full|text|minimal]`.

Imports a folder, CSV, Instagram/Facebook export or evaluation set, runs the extractors with progress bars,
and writes the knowledge graph. Re-running skips unchanged posts; an interrupted load can simply be re-run.
"""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from core.errors import FeedLensError
from core.settings import Settings
from ingest.pipelines import PIPELINES, build_extractors

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


def _import_options(args: argparse.Namespace) -> dict[str, str]:
    names = ("caption_column", "image_column", "date_column", "id_column")
    return {name: getattr(args, name) for name in names if getattr(args, name)}


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from data.importers import import_source
    from graph.connect import open_store
    from ingest.loading import load_posts

    overrides = {"backend": args.backend} if args.backend else {}
    settings = Settings(**overrides)
    result = import_source(args.path, kind=args.kind, **_import_options(args))
    posts = result.posts[: args.limit] if args.limit else result.posts
    print(f"imported {len(result.posts)} posts from {args.path} ({len(result.skipped)} rows skipped)")
    for warning in result.warnings:
        print(f"warning: {warning}")
    extractors = build_extractors(args.pipeline, settings)
    store = open_store(settings)
    try:
        with tqdm(total=len(posts), unit="post", disable=args.no_progress, desc="loading") as bar:
            summary = load_posts(
                store, posts, extractors, chunk_size=args.chunk_size,
                write_batch_size=settings.write_batch_size, force=args.force,
                progress=lambda n, what: (bar.set_postfix_str(what), bar.update(n)),
            )
    finally:
        store.close()
    summary.source = str(args.path)
    summary.import_skipped = [{"location": s.location, "reason": s.reason} for s in result.skipped]
    report = summary.save(settings.home / "reports")
    print("\n".join(summary.lines()))
    print(f"report: {report}")
    return 0


def main(argv: list[str] | None = None, prog: str = PROG) -> int:
    """Run the batch load; `prog` is the command name shown in usage and help (the old alias keeps its own)."""
    args = build_parser(prog).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return run(args)
    except FeedLensError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: posts written so far are kept; run the same command again to finish", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
