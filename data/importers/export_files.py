"""What Instagram and Facebook "Download your information" exports have in common: JSON files that must parse,
entries checked against a schema one by one, and media uris relative to an export root that has moved between
export layouts over the years."""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError

from core.errors import ImportProblem
from data.importers.base import PostCollector
from data.importers.dates import BadDate, parse_date
from data.importers.images import image_problem, is_file

_MAX_ROOT_DEPTH = 4  # posts JSON sits at most this deep below the export root in every known layout


def load_json(path: Path) -> Any:
    """Parse an export JSON file; a broken one is an ImportProblem naming the file and the position."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"cannot read {path}: {exc.strerror or exc}", what="A file of the export cannot be read.",
                            fix="Check that the file is there and readable, or choose another Kind.") from exc
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportProblem(f"{path} is not UTF-8 JSON ({exc.reason}); is it really an export file?",
                            what="This is not an export file: exports are JSON text, and this file is not.",
                            fix="Choose the export's folder (or its posts_1.json), or set Kind to what the file "
                                "is.") from exc
    except json.JSONDecodeError as exc:
        raise ImportProblem(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                            "re-download the export or fix the file",
                            what="The export's posts file is damaged: it stops or breaks partway through.",
                            fix="Download the export again (in JSON format) and load the new copy.") from exc


def find_export_root(json_path: Path, uris: list[str]) -> Path:
    """The folder media uris are relative to: the nearest ancestor where one of them exists.

    When no media file exists at all (media not downloaded), fall back to the folder above the export's
    well-known subfolders, so ids and recorded paths are still the same on every run.
    """
    ancestors = [json_path.parent, *list(json_path.parent.parents)[: _MAX_ROOT_DEPTH - 1]]
    for uri in uris[:20]:
        for folder in ancestors:
            if is_file(folder / uri):
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


# ---- the schema: exports are machine-written, but old, hand-edited or truncated ones hold anything ----------

def _text(value: Any) -> str:
    """Export text: a string as it is, a number as its text (an all-digit title), null as ""; else an error."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise ValueError("should be text")


def _list(value: Any) -> Any:
    """null is an empty list; anything else is checked as a list by the field's type."""
    return [] if value is None else value


def _date(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float | None):
        raise ValueError("should be a timestamp")  # noqa: TRY004 - pydantic reports ValueErrors
    return parse_date(value)


Item = TypeVar("Item")
Text = Annotated[str, BeforeValidator(_text)]
Timestamp = Annotated[datetime | None, BeforeValidator(_date)]
ListOf = Annotated[list[Item], BeforeValidator(_list)]  # ListOf[X]: a list of X, where null means none


class ExportModel(BaseModel):
    """An export object: unknown keys are ignored (every export version adds some), known ones are type-checked."""

    model_config = ConfigDict(extra="ignore", frozen=True)


Entry = TypeVar("Entry", bound=ExportModel)

_PLAIN_MESSAGES = {
    "model_type": "should be an object", "model_attributes_type": "should be an object",
    "dict_type": "should be an object", "list_type": "should be a list", "string_type": "should be text",
    "missing": "is missing",
}


def _field(loc: tuple[int | str, ...]) -> str:
    """("media", 0, "uri") -> "media[0].uri"."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def describe_invalid(error: ValidationError) -> str:
    """The first problem of an entry as "field: what is wrong (got value)", e.g. "media: should be a list (got 7)".

    Date errors keep their own wording (the value is already in it). Further problems of the same entry are
    counted, not listed: the report stays readable, and the first one tells where to look.
    """
    problems = error.errors(include_url=False)
    first = problems[0]
    more = f" (and {len(problems) - 1} more problems in this entry)" if len(problems) > 1 else ""
    field = _field(tuple(first["loc"]))
    if first["type"] == "value_error":
        cause = first.get("ctx", {}).get("error")
        message = str(cause) if cause is not None else first["msg"].removeprefix("Value error, ")
        if isinstance(cause, BadDate):
            return f"{field}: {message}{more}"
    else:
        message = _PLAIN_MESSAGES.get(first["type"], first["msg"][:1].lower() + first["msg"][1:])
    shown = "" if first["type"] == "missing" else f" (got {_short(first['input'])})"
    return f"{field or 'entry'}: {message}{shown}{more}"


def validate_entries(collector: PostCollector, json_path: Path, data: list[Any],
                     model: type[Entry]) -> list[tuple[str, Entry]]:
    """Each entry checked against `model`, with its location ("file#index"); a bad one is skipped with its field."""
    valid: list[tuple[str, Entry]] = []
    for index, raw in enumerate(data):
        location = f"{json_path.name}#{index}"
        if not isinstance(raw, dict):
            collector.skip(location, f"entry is not an object (got {_short(raw)})")
            continue
        try:
            valid.append((location, model.model_validate(raw)))
        except ValidationError as exc:
            collector.skip(location, describe_invalid(exc))
    return valid


def add_entries(collector: PostCollector, entries: Sequence[tuple[str, Entry]],
                to_post: Callable[[Entry], Any]) -> None:
    """Turn each checked entry into a post; one that still cannot make a post is recorded as skipped."""
    for location, entry in entries:
        try:
            post = to_post(entry)
        except (BadDate, ValueError) as exc:
            collector.skip(location, str(exc))
            continue
        collector.add(post, location)
