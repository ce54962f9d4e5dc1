"""Caption hygiene shared by every importer: one place decides what a clean caption is.

Captions arrive with Windows newlines, NULs, mojibake from exports, and occasionally 100 kB of pasted text. Models
downstream should see tidy text of bounded length, and users should be told when something was cut.
"""
from __future__ import annotations

import logging
import math
import re
import unicodedata

import ftfy

from data.models import MAX_CAPTION_CHARS

logger = logging.getLogger(__name__)

# C0 control characters except tab and newline, and DEL: a run of them (with the spaces around it) becomes one
# space, because a NUL between two words is a separator, and gluing "hello\x00world" into "helloworld" misleads
# language detection. C1 controls (U+0080-U+009F) only ever appear as leftovers of mojibake and are dropped.
# Format characters (Cf, e.g. the zero-width joiner in emoji sequences) are kept.
_CONTROL_RUN = re.compile(r" *[\x00-\x08\x0b-\x1f\x7f]+ *")
_C1 = re.compile(r"[\x80-\x9f]")
CUT_NOTE = "caption cut"  # how the note about a cut caption starts; the cut post is listed as degraded
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
_LATIN1_RANGE = re.compile(r"[\x80-\xff]")


def fix_export_mojibake(text: str) -> str:
    """Undo the Instagram/Facebook export bug: UTF-8 bytes written out as latin-1 `\\u00xx` escapes.

    The exact inverse (encode latin-1, decode UTF-8) is used when it round-trips, because it is lossless and
    restores emoji that heuristic fixers can miss; otherwise ftfy's encoding fixer is the fallback.
    """
    if not _LATIN1_RANGE.search(text):
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return ftfy.fix_encoding(text)


def fix_mojibake(text: str) -> str:
    """Repair mis-decoded text (e.g. "cafÃ©") without touching quotes, width or anything else that was intended."""
    if not _LATIN1_RANGE.search(text):
        return text
    return ftfy.fix_encoding(text)


def clean_caption(raw: object, max_chars: int = MAX_CAPTION_CHARS) -> tuple[str, list[str]]:
    """Return (clean caption, notes) for any raw caption value; notes record lossy changes such as a cut.

    Non-string values (None, NaN from spreadsheets) become "". Emoji and other symbols are kept as they are.
    """
    if raw is None or (isinstance(raw, float) and math.isnan(raw)):
        return "", []
    text = raw if isinstance(raw, str) else str(raw)
    notes: list[str] = []
    text = fix_mojibake(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text, spaced = _CONTROL_RUN.subn(" ", text)
    text, dropped = _C1.subn("", text)
    if spaced:
        notes.append(f"replaced {spaced} run(s) of control characters with a space")
    if dropped:
        notes.append(f"removed {dropped} stray C1 control characters")
    text = unicodedata.normalize("NFC", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text).strip()
    if len(text) > max_chars:
        notes.append(f"{CUT_NOTE} from {len(text)} to {max_chars} characters")
        text = text[:max_chars].rstrip()
    return text, notes
