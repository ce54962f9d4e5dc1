"""Writing a generated markdown report without losing the hand-written sections a doc page grew below it.

Several doc pages start as a command's report and then gain sections written by hand (later measurements,
explanations). Regenerating such a page must not erase them: everything from the marker line on is kept, and only
the generated part above it is replaced. A page without the marker is simply overwritten, as before.
"""
from __future__ import annotations

from pathlib import Path

HAND_WRITTEN_MARKER = "<!-- Hand-written sections follow: regenerating the report above keeps everything below. -->"


def write_report(path: Path, generated: str) -> None:
    """Write `generated` to `path`, keeping the file's hand-written tail (from HAND_WRITTEN_MARKER on) if it has one."""
    tail = ""
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        at = old.find(HAND_WRITTEN_MARKER)
        if at >= 0:
            tail = old[at:]
    path.parent.mkdir(parents=True, exist_ok=True)
    text = generated.rstrip("\n") + "\n"
    if tail:
        text += "\n" + tail.rstrip("\n") + "\n"
    path.write_text(text, encoding="utf-8")
