"""Instagram "Download your information" JSON exports: posts_1.json (and posts_2.json ...) in any known layout.

Layouts: `posts_1.json` or `content/posts_1.json` (older), `your_instagram_activity/content/posts_1.json` or
`your_instagram_activity/media/posts_1.json` (newer), some wrapping the list as {"ig_posts": [...]}. A carousel is
one post with several images. Text is mojibake in every layout (UTF-8 bytes written as latin-1 escapes) and fixed.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from core.errors import ImportProblem
from data.importers.base import ImportResult, PostCollector
from data.importers.export_files import (
    ExportModel,
    Text,
    Timestamp,
    add_entries,
    find_export_root,
    load_json,
    resolve_media,
    validate_entries,
)
from data.importers.text import clean_caption, fix_export_mojibake
from data.models import Post

logger = logging.getLogger(__name__)

POSTS_FILE = re.compile(r"^posts_\d+\.json$")
_SEARCH_DIRS = ("", "content", "your_instagram_activity/content", "your_instagram_activity/media", "media")


class InstagramImporter:
    """Accepts the export folder or one posts_N.json. Ids are "instagram:" + first media uri (else timestamp)."""

    kind = "instagram"

    def detect(self, path: Path) -> bool:
        """A posts_N.json file, or a folder with one in a known place."""
        if path.is_file():
            return bool(POSTS_FILE.match(path.name))
        return bool(path.is_dir() and posts_files(path))

    def load(self, path: Path, **options: Any) -> ImportResult:
        """Read every posts_N.json of the export (or the one given)."""
        files = [path] if path.is_file() else posts_files(path)
        if not files:
            raise ImportProblem(f"no Instagram posts_1.json under {path}; expected e.g. "
                                "your_instagram_activity/content/posts_1.json",
                                what="This folder holds no Instagram posts file (posts_1.json).",
                                fix="Choose the unzipped Instagram export (downloaded in JSON format), or set Kind "
                                    "to what the folder is.")
        collector = PostCollector(self.kind)
        for json_path in files:
            entries = validate_entries(collector, json_path, _entries(load_json(json_path), json_path), InstagramEntry)
            uris = [item.uri for _, entry in entries[:20] for item in entry.media]
            root = find_export_root(json_path, uris)
            collector.result.details.setdefault("export_roots", []).append(str(root))
            add_entries(collector, entries, lambda entry, root=root: entry_to_post(entry, root))
        return collector.result


def _media_list(value: Any) -> Any:
    """Media as a list of objects; a lone uri or a lone object (hand-edited exports) is a list of one."""
    if value is None:
        return []
    if isinstance(value, str | dict):
        value = [value]
    if not isinstance(value, list):
        raise ValueError("should be a list of media objects or one uri")  # noqa: TRY004 - pydantic reports ValueErrors
    return [{"uri": item} if isinstance(item, str) else item for item in value]


class InstagramMedia(ExportModel):
    """One photo or video of a post (a carousel has several)."""

    uri: str
    title: Text = ""
    creation_timestamp: Timestamp = None


class InstagramEntry(ExportModel):
    """One post of posts_N.json; single-photo posts often carry title and time only on their media item."""

    media: Annotated[list[InstagramMedia], BeforeValidator(_media_list)] = Field(default_factory=list)
    title: Text = ""
    creation_timestamp: Timestamp = None


def posts_files(folder: Path) -> list[Path]:
    """posts_N.json files in the first known export location that has any, in N order."""
    for sub in _SEARCH_DIRS:
        base = folder / sub
        if base.is_dir():
            found = [f for f in base.iterdir() if POSTS_FILE.match(f.name) and f.is_file()]
            if found:
                return sorted(found, key=lambda f: int(re.sub(r"\D", "", f.name)))
    return []


def _entries(data: Any, path: Path) -> list[Any]:
    """The list of post entries, whichever wrapping this export version used (entries are checked later)."""
    if isinstance(data, dict):
        data = next((value for value in data.values() if isinstance(value, list)), None)
    if not isinstance(data, list):
        raise ImportProblem(f"{path} does not hold a list of posts; is it an Instagram posts_N.json?",
                            what="The export's posts file holds no list of posts.",
                            fix="Choose the Instagram export's posts_1.json (or its folder).")
    return data


def entry_to_post(entry: InstagramEntry, root: Path) -> Post:
    """One export entry as a Post; the caption is the post title, else the first media title."""
    uris = [item.uri for item in entry.media]
    raw_title = entry.title or next((item.title for item in entry.media if item.title), "")
    caption, notes = clean_caption(fix_export_mojibake(raw_title))
    created_at = entry.creation_timestamp or next(
        (item.creation_timestamp for item in entry.media if item.creation_timestamp), None)
    if not uris and created_at is None:
        raise ValueError("post has neither media nor a timestamp to identify it")
    extras: dict[str, Any] = {"media_uris": uris}
    images = resolve_media(root, uris, extras)
    if notes:
        extras["notes"] = notes
    post_id = "instagram:" + (uris[0] if uris else str(int(created_at.timestamp())))
    return Post(id=post_id, caption=caption, images=images, created_at=created_at, source="instagram",
                extras=extras)
