"""What Instagram and Facebook "Download your information" exports have in common: JSON files that must parse,
and media uris relative to an export root that has moved between export layouts over the years."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from core.errors import ImportProblem
from data.importers.base import PostCollector
from data.importers.dates import BadDate
from data.importers.images import image_problem

_MAX_ROOT_DEPTH = 4  # posts JSON sits at most this deep below the export root in every known layout


def load_json(path: Path) -> Any:
    """Parse an export JSON file; a broken one is an ImportProblem naming the file and the position."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{path} is not UTF-8 JSON ({exc.reason}); is it really an export file?") from exc
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                            "re-download the export or fix the file") from exc


def find_export_root(json_path: Path, uris: list[str]) -> Path:
    """The folder media uris are relative to: the nearest ancestor where one of them exists.

    When no media file exists at all (media not downloaded), fall back to the folder above the export's
    well-known subfolders, so ids and recorded paths are still the same on every run.
    """
    ancestors = [json_path.parent, *list(json_path.parent.parents)[: _MAX_ROOT_DEPTH - 1]]
    for uri in uris[:20]:
        for folder in ancestors:
            if (folder / uri).is_file():
                return folder
    for folder in ancestors:
        if folder.name in {"content", "posts", "your_instagram_activity", "your_activity_across_facebook"}:
            continue
        return folder
    return json_path.parent


def resolve_media(root: Path, uris: list[str], extras: dict[str, Any]) -> tuple[Path, ...]:
    """Existing, readable media files for `uris`; the others are recorded in extras (the post is kept)."""
    found: list[Path] = []
    for uri in uris:
        if uri.startswith(("http://", "https://")):
            extras.setdefault("media_urls", []).append(uri)
            continue
        path = root / uri
        problem = image_problem(path)
        if problem == "missing":
            extras.setdefault("missing_images", []).append(str(path))
        elif problem and path.suffix.lower() in {".mp4", ".mov", ".m4v", ".webm"}:
            extras.setdefault("videos", []).append(str(path))
        elif problem:
            extras.setdefault("unreadable_images", []).append(f"{path}: {problem}")
        else:
            found.append(path)
    return tuple(found)


def add_entries(collector: PostCollector, json_path: Path, entries: Sequence[dict[str, Any]],
                to_post: Callable[[dict[str, Any]], Any]) -> None:
    """Turn each export entry into a post; an entry that cannot be read is recorded as skipped ("file#index")."""
    for index, entry in enumerate(entries):
        location = f"{json_path.name}#{index}"
        try:
            post = to_post(entry)
        except (BadDate, ValueError) as exc:
            collector.skip(location, str(exc))
            continue
        collector.add(post, location)
