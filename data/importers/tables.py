"""Read a CSV (or TSV) into header-keyed rows with their line numbers, skipping rows of the wrong shape.

Shared by the generic CSV importer and the evaluation-set importers, so every table gets the same encoding
detection, delimiter sniffing, huge-field tolerance and "file:line reason" skip records.
"""
from __future__ import annotations

import csv
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ImportProblem
from data.importers.base import SkippedRow
from data.importers.encoding import read_text

logger = logging.getLogger(__name__)

_DELIMITERS = ",;\t|"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")  # csv's own line ends, nothing else


@dataclass
class Table:
    """A decoded table: header names, (line number, row) pairs, and the rows that had the wrong field count."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    encoding: str
    encoding_method: str
    skipped: list[SkippedRow] = field(default_factory=list)
    spans: dict[int, int] = field(default_factory=dict)  # first line -> last line of rows over several lines
    hint: str | None = None  # e.g. the rows use another delimiter than the header


def _allow_huge_fields() -> None:
    """Lift csv's 128 kB field limit: a 100 kB caption is a real post, not an attack (it is cut later)."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:  # C long is 32-bit on some platforms
            limit //= 2


def _sniff_delimiter(header_line: str, path: Path) -> str:
    """The delimiter used most in the header line (headers rarely contain quoted delimiters); "," by default."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    counts = {delimiter: header_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def read_table(path: Path, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """Decode and parse `path`; raises ImportProblem when it has no header or is not a CSV at all."""
    _allow_huge_fields()
    decoded = read_text(path, encoding)
    text = decoded.text
    first_line = text.split("\n", 1)[0]
    delimiter = delimiter or _sniff_delimiter(first_line, path)
    records = _Records(_LINE.findall(text), delimiter)
    try:
        _, header_row = next(records)
    except StopIteration:
        raise ImportProblem(f"{path} is empty; a CSV needs a header row naming its columns",
                            what="The CSV file is empty.",
                            fix="Its first line must name the columns (e.g. caption,image,date), one post a line "
                                "after it.") from None
    except csv.Error as exc:
        raise ImportProblem(f"{path} is not a readable CSV: {exc}", what="The CSV file cannot be read as a table.",
                            fix="Save it again as CSV (comma-separated text) and load that file.") from exc
    header = [name.strip() for name in header_row]
    if any(ch < " " and ch not in "\t" for name in header for ch in name):
        raise ImportProblem(f"{path}: the header row holds control characters ({header[:3]!r}...); this is no text "
                            "CSV", what="This file is not a text table: its first line holds binary data, not "
                            "column names.", fix="Export the table as CSV (comma-separated text) and load that file.")
    if not any(header):
        raise ImportProblem(f"{path} has an empty header row; the first line must name the columns",
                            what="The CSV file's first line is empty.",
                            fix="Its first line must name the columns (e.g. caption,image,date).")
    table = Table(path, header, [], decoded.encoding, decoded.method)
    wrong_width: list[int] = []
    for line, row in records:
        if isinstance(row, str):  # a record the parser could not take; row is the reason
            table.skipped.append(SkippedRow(f"{path.name}:{line}", row))
            continue
        if len(row) != len(header):
            table.skipped.append(SkippedRow(f"{path.name}:{line}", f"expected {len(header)} fields, got {len(row)}"))
            wrong_width.append(line)
            continue
        table.rows.append((line, dict(zip(header, row))))
        if records.last_line > line:
            table.spans[line] = records.last_line
    table.hint = _delimiter_hint(records.lines, wrong_width, len(table.rows), delimiter)
    logger.debug("read %s: %d rows, encoding %s (%s)", path, len(table.rows), decoded.encoding, decoded.method)
    return table


class _Records:
    """(first line number, fields) per record, or (line, reason) for a record that had to be given up.

    Parsing is strict about quotes, so one stray quote cannot silently swallow the rest of the file into a
    caption: a record spanning several lines that ends in a quoting error (or at the end of the file inside a
    quote), or that has the wrong width, is reported at its first line and parsing resumes on the next line.
    A one-line record with a quoting error is read leniently instead (`5,"x"y` gives `xy`), as csv always did.
    Blank lines after the header are skipped.
    """

    def __init__(self, lines: list[str], delimiter: str) -> None:
        self.lines = lines
        self.delimiter = delimiter
        self.position = 0  # index of the next line to hand to the parser
        self.width: int | None = None  # the header's width, once read
        self.ran_out = False
        self.last_line = 0
        self._strict = csv.reader(self._feed(), delimiter=delimiter, strict=True)

    def _feed(self) -> Iterator[str]:
        self.ran_out = False
        while self.position < len(self.lines):
            self.position += 1
            yield self.lines[self.position - 1]
        self.ran_out = True  # the parser asked for more: it was inside a quote at the end of the file

    def __iter__(self) -> Iterator[tuple[int, list[str] | str]]:
        return self

    def __next__(self) -> tuple[int, list[str] | str]:
        while True:
            start = self.position
            if start >= len(self.lines):
                raise StopIteration
            try:
                row, error = next(self._strict), None
            except csv.Error as exc:
                row, error = [], exc
            if error is not None and self.width is None:
                raise error  # the header itself: the caller says the file is not a readable CSV
            spanned = self.position - start
            if error is not None and (spanned > 1 or self.ran_out):
                self._restart(start + 1)
                return start + 1, f"unterminated quote starting on line {start + 1}"
            if spanned > 1 and len(row) != self.width:
                self._restart(start + 1)
                return start + 1, (f"expected {self.width} fields, got {len(row)} in a record spanning lines "
                                   f"{start + 1}-{start + spanned}: a stray quote on line {start + 1}?")
            if error is not None:
                row = next(csv.reader([self.lines[start]], delimiter=self.delimiter), [])
            self.last_line = self.position  # the record's last line (1-based)
            if self.width is None:  # the header, even an empty one (the caller rejects it)
                self.width = len(row)
            elif not row:
                continue
            return start + 1, row

    def _restart(self, position: int) -> None:
        """Resume parsing at line index `position` with a fresh parser (the old one is mid-record)."""
        self.position = position
        self._strict = csv.reader(self._feed(), delimiter=self.delimiter, strict=True)


def _delimiter_hint(lines: list[str], wrong_width: list[int], good_rows: int, delimiter: str) -> str | None:
    """A sentence when most rows have the wrong width and another delimiter splits them evenly, else None."""
    if len(wrong_width) < 2 or len(wrong_width) <= good_rows:
        return None
    for other in _DELIMITERS:
        if other == delimiter:
            continue
        widths = {len(next(csv.reader([lines[line - 1]], delimiter=other), [])) for line in wrong_width}
        if len(widths) == 1 and widths.pop() > 1:
            return (f"rows look {other!r}-separated but the header is {delimiter!r}-separated: "
                    "fix the header or pass the right delimiter")
    return None


def peek_header(path: Path) -> list[str]:
    """The lower-cased header of a CSV without decoding the whole file (for cheap kind detection)."""
    try:
        with open(path, "rb") as handle:
            first = handle.readline(64_000)
    except OSError:
        return []
    text = first.decode("utf-8-sig", errors="replace").strip()
    delimiter = _sniff_delimiter(text, path) if text else ","
    try:
        names = next(csv.reader([text], delimiter=delimiter), [])
    except csv.Error:
        return []
    return [name.strip().lower() for name in names]
