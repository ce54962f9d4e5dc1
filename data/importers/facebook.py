"""Facebook "Download your information" posts (your_posts_1.json): text posts and photo posts, mojibake fixed.

Each entry: {timestamp, data: [{post: text}], attachments: [{data: [{media: {uri, description}}]}], title}.
Entries with neither text nor media (shared links, check-ins) are skipped with the reason recorded.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import Field

from core.errors import ImportProblem
from data.importers.base import ImportResult, PostCollector
from data.importers.export_files import (
    ExportModel,
    ListOf,
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

POSTS_FILE = re.compile(r"^your_posts\w*_\d+\.json$")
_SEARCH_DIRS = ("", "posts", "your_activity_across_facebook/posts", "your_facebook_activity/posts")


class FacebookImporter:
    """Accepts the export folder or one your_posts_N.json. Ids are "facebook:" + first media uri (else timestamp)."""

    kind = "facebook"

    def detect(self, path: Path) -> bool:
        """A your_posts_N.json file, or a folder with one in a known place."""
        if path.is_file():
            return bool(POSTS_FILE.match(path.name))
        return bool(path.is_dir() and posts_files(path))

    def load(self, path: Path, **options: Any) -> ImportResult:
        """Read every your_posts_N.json found (or the one given)."""
        files = [path] if path.is_file() else posts_files(path)
        if not files:
            raise ImportProblem(f"no Facebook your_posts_1.json under {path}",
                                what="This folder holds no Facebook posts file (your_posts_1.json).",
                                fix="Choose the unzipped Facebook export (downloaded in JSON format), or set Kind to "
                                    "what the folder is.")
        collector = PostCollector(self.kind)
        for json_path in files:
            data = load_json(json_path)
            if not isinstance(data, list):
                raise ImportProblem(f"{json_path} does not hold a list of posts; is it a your_posts_N.json?",
                                    what="The export's posts file holds no list of posts.",
                                    fix="Choose the Facebook export's your_posts_1.json (or its folder).")
            entries = validate_entries(collector, json_path, data, FacebookEntry)
            root = find_export_root(json_path, [uri for _, entry in entries[:20] for uri, _ in _media(entry)])
            add_entries(collector, entries, lambda entry, root=root: entry_to_post(entry, root))
        return collector.result


class FacebookText(ExportModel):
    """An item of an entry's "data": the post text, or other facts (e.g. update_timestamp) that are ignored."""

    post: Text = ""


class FacebookMedia(ExportModel):
    uri: str
    description: Text = ""


class FacebookAttachmentItem(ExportModel):
    """An attached item: a photo or video ("media"), or a link, place, ... (ignored: they are not posts' media)."""

    media: FacebookMedia | None = None


class FacebookAttachment(ExportModel):
    data: ListOf[FacebookAttachmentItem] = Field(default_factory=list)


class FacebookEntry(ExportModel):
    """One entry of your_posts_N.json."""

    timestamp: Timestamp = None
    data: ListOf[FacebookText] = Field(default_factory=list)
    attachments: ListOf[FacebookAttachment] = Field(default_factory=list)
    title: Text = ""


def posts_files(folder: Path) -> list[Path]:
    """your_posts*_N.json files in the first known export location that has any."""
    for sub in _SEARCH_DIRS:
        base = folder / sub
        if base.is_dir():
            found = sorted(f for f in base.iterdir() if POSTS_FILE.match(f.name) and f.is_file())
            if found:
                return found
    return []


def _media(entry: FacebookEntry) -> list[tuple[str, str]]:
    """(uri, description) of every attached media item."""
    return [(item.media.uri, item.media.description) for attachment in entry.attachments
            for item in attachment.data if item.media is not None]


def entry_to_post(entry: FacebookEntry, root: Path) -> Post:
    """One entry as a Post: the post text, else the first media description, is the caption."""
    texts = [item.post for item in entry.data if item.post]
    media = _media(entry)
    raw = texts[0] if texts else next((description for _, description in media if description), "")
    caption, notes = clean_caption(fix_export_mojibake(raw))
    created_at = entry.timestamp
    if not caption and not media:
        raise ValueError("no text and no photo (a shared link or check-in)")
    uris = [uri for uri, _ in media]
    extras: dict[str, Any] = {"media_uris": uris}
    if entry.title:
        extras["title"] = fix_export_mojibake(entry.title)
    images = resolve_media(root, uris, extras)
    if notes:
        extras["notes"] = notes
    if not uris and created_at is None:
        raise ValueError("text post without a timestamp cannot be identified")
    post_id = "facebook:" + (uris[0] if uris else str(int(created_at.timestamp())))
    return Post(id=post_id, caption=caption, images=images, created_at=created_at, source="facebook",
                extras=extras)
