"""Skipped and degraded records, grouped by reason so a user sees every one of them without reading a wall.

Reasons name values ("duplicate id 'x' (first seen at f#0)", "timestamp 1e+20 is not ..."). Records whose reasons
differ only in values form one group: quoted strings, numbers, "(got x)", or parenthesised parts holding a digit,
quote, dot or slash. The group's reason keeps the parts all members share and shows "…" for the others (a
parenthesised part that differs is left out). Parenthesised words ("(missing)", "(unreadable)") are part of the
reason itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from data.importers.base import SkippedRow
from data.models import Post

_VALUE = (r"(?<!\w)'[^']*'(?!\w)|(?<!\w)\"[^\"]*\"(?!\w)|\((?:got |[^()]*[\d'\"./\\])[^()]*\)"
          r"|(?<![\w.#:/-])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])")
_SPLIT = re.compile(f"({_VALUE})")
_SHOWN = 5  # locations listed on screen per group; the report has all of them


@dataclass
class ProblemGroup:
    """Records left out (or kept with a loss) for one reason, in input order."""

    reason: str
    count: int = 0
    locations: list[str] = field(default_factory=list)


def group_problems(rows: Iterable[Mapping[str, str]]) -> list[ProblemGroup]:
    """`rows` ({"location", "reason"}) grouped by reason, largest group first (ties in order of appearance)."""
    parts_by_key: dict[str, list[list[str]]] = {}
    locations: dict[str, list[str]] = {}
    for row in rows:
        parts = _SPLIT.split(row["reason"])
        key = "…".join(parts[::2])
        parts_by_key.setdefault(key, []).append(parts)
        locations.setdefault(key, []).append(row["location"])
    groups = [ProblemGroup(_shared_reason(parts_by_key[key]), len(found), found) for key, found in locations.items()]
    return sorted(groups, key=lambda group: -group.count)


def _shared_reason(members: Sequence[list[str]]) -> str:
    first, out = members[0], []
    for index, part in enumerate(first):
        if index % 2 == 0 or all(member[index] == part for member in members):
            out.append(part)
        elif not part.startswith("("):
            out.append("…")
    return re.sub(r"\s{2,}", " ", "".join(out)).strip()


def problem_lines(rows: Sequence[Mapping[str, str]], shown: int = _SHOWN) -> list[str]:
    """One screen line per group: "reason (n): loc, loc ... and k more"; a lone record as "location: reason"."""
    lines = []
    for group in group_problems(rows):
        if group.count == 1:
            lines.append(f"  - {group.locations[0]}: {group.reason}")
            continue
        listed = ", ".join(group.locations[:shown])
        more = f" and {group.count - shown} more" if group.count > shown else ""
        lines.append(f"  - {group.reason} ({group.count}): {listed}{more}")
    return lines


def degraded_rows(posts: Iterable[Post], base: Path, recorded: Iterable[SkippedRow] = ()) -> list[dict[str, str]]:
    """What loaded posts lost on import (a missing or unreadable image, a video, a cut caption), one row each:
    what the posts' extras say, plus what the importer recorded as degraded (a truncated image), once each.

    Media are named by their path (relative to `base`, the source); caption notes by the post's location.
    """
    base = base.expanduser()
    folder = base if base.is_dir() else base.parent
    rows: list[dict[str, str]] = []
    for post in posts:
        extras = post.extras
        where = str(extras.get("location") or post.id)
        for path in extras.get("missing_images") or []:
            rows.append({"location": _relative(path, folder), "reason": "image file missing"})
        for entry in extras.get("unreadable_images") or []:
            path, found, problem = str(entry).partition(": unreadable: ")
            location, reason = (_relative(path, folder), f"unreadable image ({problem})") if found else (where, entry)
            rows.append({"location": location, "reason": reason})
        for path in extras.get("videos") or []:
            rows.append({"location": _relative(path, folder), "reason": "video, not analysed"})
        for url in extras.get("media_urls") or []:
            rows.append({"location": str(url), "reason": "remote media, not downloaded"})
        rows.extend({"location": where, "reason": str(note)} for note in extras.get("notes") or [])
    seen = {(row["location"], row["reason"]) for row in rows}
    rows.extend({"location": r.location, "reason": r.reason} for r in recorded if (r.location, r.reason) not in seen)
    return rows


def _relative(path: str, folder: Path) -> str:
    try:
        return Path(path).relative_to(folder).as_posix()
    except ValueError:
        return str(path)
