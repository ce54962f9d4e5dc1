"""Read a CSV (or TSV) into header-keyed rows with their line numbers, skipping rows of the wrong shape.

Shared by the generic CSV importer and the evaluation-set importers, so every table gets the same encoding
detection, delimiter sniffing, huge-field tolerance and "file:line reason" skip records.
"""
from __future__ import annotations

import csv
import io
import logging
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import ImportProblem
from data.importers.base import SkippedRow
from data.importers.encoding import read_text

logger = logging.getLogger(__name__)

_DELIMITERS = ",;\t|"


@dataclass
class Table:
    """A decoded table: header names, (line number, row) pairs, and the rows that had the wrong field count."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    encoding: str
    encoding_method: str
    skipped: list[SkippedRow] = field(default_factory=list)


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ImportProblem(f"{path} is empty; a CSV needs a header row naming its columns") from None
    except csv.Error as exc:
        raise ImportProblem(f"{path} is not a readable CSV: {exc}") from exc
    if not any(header):
        raise ImportProblem(f"{path} has an empty header row; the first line must name the columns")
    table = Table(path, header, [], decoded.encoding, decoded.method)
    for line, row in _rows_with_lines(reader, table):
        if len(row) != len(header):
            table.skipped.append(SkippedRow(f"{path.name}:{line}", f"expected {len(header)} fields, got {len(row)}"))
            continue
        table.rows.append((line, dict(zip(header, row))))
    logger.debug("read %s: %d rows, encoding %s (%s)", path, len(table.rows), decoded.encoding, decoded.method)
    return table


def _rows_with_lines(reader: csv.reader, table: Table) -> Iterator[tuple[int, list[str]]]:
    """Yield (first line of the record, fields), skipping blank lines and recording unparseable records."""
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            table.skipped.append(SkippedRow(f"{table.path.name}:{start}", f"unparseable CSV record: {exc}"))
            start = reader.line_num + 1
            continue
        if row:
            yield start, row
        start = reader.line_num + 1


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
