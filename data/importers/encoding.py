"""Decode text files whose encoding nobody wrote down (MVSA mixes UTF-8 and GB18030; old CSVs are latin-1).

Order: BOMs, then BOM-less UTF-16 (every other byte NUL, which would also pass as UTF-8), then strict UTF-8 (by far
the most common; a successful strict decode is near-proof). Then, if the non-ASCII bytes stand mostly alone (as
accented letters do in latin-1/cp1252, while CJK and Cyrillic come in runs), cp1252 and latin-1 directly, because
charset-normalizer misreads short Western files as Big5. Otherwise charset-normalizer's guess, then the same
cp1252/latin-1 fallback (latin-1 always decodes). The chosen encoding and how it was chosen are returned so
importers can record them.
"""
from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from core.errors import ImportProblem

logger = logging.getLogger(__name__)

_HIGH_RUNS = re.compile(rb"[\x80-\xff]+")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class DecodedText:
    """A file's text and how it was decoded ("given", "bom", "utf-8", "detected" or "single-byte")."""

    text: str
    encoding: str
    method: str


def read_text(path: Path, encoding: str | None = None) -> DecodedText:
    """Read and decode `path`; a given `encoding` is used strictly (a wrong one is an ImportProblem)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportProblem(f"cannot read {path}: {exc.strerror or exc}", what="The file cannot be read.",
                            fix="Check that it is a file (not a folder) you may read, or choose another Kind.") from exc
    if encoding:
        try:
            return DecodedText(raw.decode(encoding), encoding, "given")
        except (UnicodeDecodeError, LookupError) as exc:
            raise ImportProblem(f"{path} is not valid {encoding}: {exc}; leave the encoding out to detect it") from exc
    return decode_bytes(raw)


def decode_bytes(raw: bytes) -> DecodedText:
    """Decode bytes of unknown encoding, following the order in the module docstring."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return DecodedText(raw.decode(name, errors="replace"), name, "bom")
    utf16 = _bomless_utf16(raw)
    if utf16 is not None:
        return DecodedText(raw.decode(utf16, errors="replace"), utf16, "detected")
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8", "utf-8")
    except UnicodeDecodeError:
        pass
    if not _looks_single_byte(raw):
        detected = _detect(raw)
        if detected is not None:
            return detected
    for name in ("cp1252", "latin-1"):
        try:
            return DecodedText(raw.decode(name), name, "single-byte")
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _bomless_utf16(raw: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" when every other byte is mostly NUL, as in UTF-16 text of Latin script without a BOM.

    Such bytes are valid UTF-8 too (NUL is a character), so without this check a BOM-less UTF-16 table reads as
    "c\\x00a\\x00p..." and its header matches no column.
    """
    if len(raw) < 4:
        return None
    even, odd = raw[0::2], raw[1::2]
    even_nuls, odd_nuls = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nuls > 0.5 and even_nuls < 0.1:
        return "utf-16-le"
    if even_nuls > 0.5 and odd_nuls < 0.1:
        return "utf-16-be"
    return None


def _looks_single_byte(raw: bytes) -> bool:
    """True when most runs of non-ASCII bytes have length 1, the signature of accented Western text."""
    runs = [len(run) for run in _HIGH_RUNS.findall(raw)]
    return bool(runs) and sum(1 for length in runs if length == 1) > len(runs) / 2


def _detect(raw: bytes) -> DecodedText | None:
    """charset-normalizer's best guess, or None when it has none (or is not installed)."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        logger.debug("charset-normalizer not installed; falling back to cp1252/latin-1")
        return None
    best = from_bytes(raw).best()
    if best is None:
        return None
    return DecodedText(str(best), best.encoding, "detected")
