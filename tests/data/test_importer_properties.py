"""Properties of the importers over generated inputs: hypothesis explores shapes and shrinks a failure to its core.

For every generated CSV, Instagram or Facebook source, and every byte-level corruption of a valid one:
  1. importing never raises anything but ImportProblem (a source that cannot be read at all);
  2. every input record is either loaded as a post or reported as a SkippedRow naming its line or index;
  3. importing the same bytes twice gives the same posts and the same skips.
The seeded tests in test_importer_recovery.py cover stray quotes in one fixed table; these vary the table itself
(delimiters, quoting, widths, encodings, control characters, huge fields) and the export entries' types.
Examples are derandomized and bounded, so CI runs the same thousand inputs every time, in about ten seconds.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ImportProblem
from data.importers import ImportResult, import_source
from data.importers.tables import read_table
from data.importers.text import clean_caption
from tests.data.fixtures_importers.builders import MOJIBAKE

# FEEDLENS_PROPERTY_EXAMPLES=2000 explores further (and FEEDLENS_PROPERTY_RANDOM=1 with fresh examples) locally
BOUNDED = settings(max_examples=int(os.environ.get("FEEDLENS_PROPERTY_EXAMPLES", "100")),
                   derandomize=not os.environ.get("FEEDLENS_PROPERTY_RANDOM"), database=None, deadline=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@contextmanager
def source(name: str, data: bytes) -> Iterator[Path]:
    """`data` written as `name` in a fresh folder (hypothesis runs many examples per test, so no tmp_path)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        yield path


def outcome(path: Path) -> ImportResult | str:
    """The import result, or the ImportProblem's message; any other exception fails the property."""
    try:
        return import_source(path)
    except ImportProblem as problem:
        return f"ImportProblem: {problem}"


def fingerprint(result: ImportResult | str) -> object:
    if isinstance(result, str):
        return result
    return ([(post.id, post.caption, post.created_at) for post in result.posts],
            [(row.location, row.reason) for row in result.skipped])


def import_twice(path: Path) -> ImportResult | str:
    """Properties 1 and 3: no crash, and a second import of the same bytes gives exactly the same outcome."""
    first = outcome(path)
    assert fingerprint(outcome(path)) == fingerprint(first)
    return first


def line_of(location: str) -> int:
    return int(location.rsplit(":", 1)[1])


# ---- CSV: well-formed tables of every shape ----------------------------------------------------------------------

DELIMITERS = ",;\t|"
NAME = st.text("abcdefghijklmnopqrstuvwxyz_ ", min_size=1, max_size=8).filter(lambda name: name.strip())
# field text leans on what breaks parsers: quotes, every delimiter, line ends, control characters, non-ASCII
TRICKY = st.sampled_from(['"', "'", ",", ";", "\t", "|", "\n", "\r", "\r\n", "\x00", "\x0b", "\x1b", "\x85",
                          "\u2028", "\ufeff", "é", "😍", MOJIBAKE, " ", '""', "\\"])
FIELD = st.one_of(
    st.lists(st.one_of(TRICKY, st.text(max_size=6)), max_size=8).map("".join),
    st.sampled_from(["", " ", "2020-01-01", "1600000000", "1e20", "-5", "nan", "http://x.y/a.jpg", "a.jpg",
                     "x" * 300 + ".jpg", "dir\x00.jpg"]),  # names no file can have
    st.integers(0, 3).map(str),  # ids that repeat: duplicates must be reported too
)
HUGE = st.sampled_from([70_000, 140_000]).map(lambda size: "word " * (size // 5))  # past MAX_CAPTION and csv's limit


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]], str]:
    """(header, rows, delimiter): a caption column among 0-4 others, 0-12 rows of exactly the header's width."""
    others = draw(st.lists(st.sampled_from(["id", "date", "image", "label"]) | NAME, max_size=4, unique=True))
    header = draw(st.permutations(["caption", *[name for name in others if name != "caption"]]))
    rows = draw(st.lists(st.lists(FIELD, min_size=len(header), max_size=len(header)), max_size=12))
    if rows and draw(st.booleans()):
        rows[draw(st.integers(0, len(rows) - 1))][header.index("caption")] = draw(HUGE)
    return header, rows, draw(st.sampled_from(DELIMITERS))


def write_csv(header: list[str], rows: list[list[str]], delimiter: str, quoting: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def record_lines(header: list[str], rows: list[list[str]], delimiter: str, quoting: int) -> list[int]:
    """The line each data record starts on, counting line ends the way the reader does (\\r\\n, \\r or \\n)."""
    line, starts = 1 + _line_ends(write_csv(header, [], delimiter, quoting)), []
    for row in rows:
        starts.append(line)
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=quoting).writerow(row)
        line += _line_ends(out.getvalue())
    return starts


def _line_ends(text: str) -> int:
    return len(re.findall(r"\r\n|\r|\n", text))


def assert_each_record_once(result: ImportResult | str, starts: list[int]) -> None:
    """Each record is loaded or reported once, at its first line.

    One known exception: a record over several lines with the wrong number of fields cannot be told from a stray
    quote that swallowed the lines after it, so the reader reports it and re-reads those lines (which then load
    or are reported on their own). Anything named inside such a record is that re-reading, and allowed.
    """
    assert not isinstance(result, str), result
    loaded = [line_of(post.extras["location"]) for post in result.posts]
    reported = [line_of(row.location) for row in result.skipped]
    reread: set[int] = set()
    for row in result.skipped:
        spanning = re.search(r"spanning lines (\d+)-(\d+)", row.reason)
        if spanning:
            reread |= set(range(int(spanning[1]) + 1, int(spanning[2]) + 1))
    # re-reading may join a record's last lines to the next record; that one is reported naming every line it spans
    joined: set[int] = set()
    for row in result.skipped:
        spans = re.search(r"spans lines (\d+)-(\d+)", row.reason)
        if spans and int(spans[1]) in reread:
            joined |= set(range(int(spans[1]) + 1, int(spans[2]) + 1))
    named = [line for line in loaded + reported if line in set(starts) or line not in reread]
    assert sorted(set(named) | (joined & set(starts))) == starts, result.skipped
    assert len(named) == len(set(named)), result.skipped


@BOUNDED
@given(tables(), st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_a_well_formed_table_loads_or_reports_every_row_once_with_its_caption(table, quoting, encoding):
    header, rows, delimiter = table
    text = write_csv(header, rows, delimiter, quoting)
    with source("t.csv", text.encode(encoding, "surrogatepass")) as path:
        result = import_twice(path)
    starts = record_lines(header, rows, delimiter, quoting)
    assert_each_record_once(result, starts)
    by_line = dict(zip(starts, rows, strict=True))
    column = header.index("caption")
    for post in result.posts:  # a loaded row is that row: the caption is its own field, cleaned, never a neighbour's
        assert post.caption == clean_caption(by_line[line_of(post.extras["location"])][column])[0]


@BOUNDED
@given(tables(), st.sampled_from(["cp1252", "latin-1", "gb18030", "shift_jis", "koi8-r", "utf-16-le", "utf-16-be"]))
def test_a_well_formed_table_in_a_legacy_encoding_loads_or_reports_every_row_once(table, encoding):
    header, rows, delimiter = table
    text = write_csv(header, rows, delimiter, csv.QUOTE_MINIMAL)
    with source("t.csv", text.encode(encoding, "replace")) as path:
        result = import_twice(path)
    assert_each_record_once(result, record_lines(header, rows, delimiter, csv.QUOTE_MINIMAL))


EVALUATION_SETS = {"posts.csv": ["id", "image", "text", "label"], "train.csv": ["text", "label"],
                   "senticap_test.csv": ["filename", "is_positive_sentiment", "caption"]}


@BOUNDED
@given(st.sampled_from(sorted(EVALUATION_SETS)), st.data())
def test_evaluation_set_tables_load_or_report_every_row_once(name, data):
    header = EVALUATION_SETS[name]
    width = st.integers(max(1, len(header) - 1), len(header) + 1)  # the odd row a field short or long
    rows = data.draw(st.lists(width.flatmap(lambda n: st.lists(FIELD, min_size=n, max_size=n)), max_size=10))
    text = write_csv(header, rows, ",", csv.QUOTE_MINIMAL)
    with source(name, text.encode("utf-8", "surrogatepass")) as path:
        result = import_twice(path)
    assert not isinstance(result, str) and result.kind != "csv", result
    assert_each_record_once(result, record_lines(header, rows, ",", csv.QUOTE_MINIMAL))


# ---- CSV: tables broken by hand --------------------------------------------------------------------------------

PIECE = st.one_of(st.sampled_from(['"', '""', ",", ";", "\n", "\r\n", "\r", "\n\n", " ", "\x00", "\ufffd"]),
                  st.text("abc 123", min_size=1, max_size=5))


@BOUNDED
@given(st.sampled_from(["id,caption,date", "caption", "id;caption", "caption\timage", "caption|id|date"]),
       st.lists(PIECE, max_size=40).map("".join))
def test_every_line_of_a_broken_table_is_loaded_reported_or_blank(header, body):
    text = header + "\n" + body
    with source("b.csv", text.encode("utf-8")) as path:
        result = import_twice(path)
        table = read_table(path)  # for the extent of each loaded record (rows over several lines)
    assert not isinstance(result, str), result
    covered = {1}
    for line, _ in table.rows:
        covered |= set(range(line, table.spans.get(line, line) + 1))
    for row in table.skipped:
        covered.add(line_of(row.location))
    lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", text)
    blank = {number for number, line in enumerate(lines, 1) if not line.strip("\r\n")}
    assert covered | blank >= set(range(1, len(lines) + 1))
    assert len(result.posts) + len(result.skipped) == len(table.rows) + len(table.skipped)
    assert sorted({line_of(post.extras["location"]) for post in result.posts} |
                  {line_of(row.location) for row in result.skipped if ":" in row.location}) == sorted(
        [line for line, _ in table.rows] + [line_of(row.location) for row in table.skipped])


# ---- CSV: bytes of any encoding, and corruptions of a valid file -------------------------------------------------

VALID_CSV = ('id,caption,date,image\n1,"first, post",2020-01-01,a.jpg\n2,"two\nlines",1600000000,\n'
             '3,caf\u00e9 😍,,b.jpg\n4,"a ""quoted"" word",2021-05-06T07:08:09Z,\n')


def corruptions(valid: bytes) -> st.SearchStrategy[bytes]:
    """`valid` truncated, with bytes flipped, or with NULs / invalid UTF-8 / quotes inserted somewhere."""
    at = st.integers(0, len(valid))
    truncate = at.map(lambda n: valid[:n])
    flip = st.lists(st.tuples(st.integers(0, len(valid) - 1), st.integers(1, 255)), min_size=1, max_size=4).map(
        lambda flips: _flipped(valid, flips))
    insert = st.lists(st.tuples(at, st.sampled_from([b"\x00", b"\xff", b"\xc3", b"\xed\xa0\x80", b'"', b"\r",
                                                     b"\xef\xbb\xbf", b"\x00" * 64])), min_size=1, max_size=4)
    return st.one_of(truncate, flip, insert.map(lambda inserts: _inserted(valid, inserts)))


def _flipped(data: bytes, flips: list[tuple[int, int]]) -> bytes:
    out = bytearray(data)
    for index, mask in flips:
        out[index] ^= mask
    return bytes(out)


def _inserted(data: bytes, inserts: list[tuple[int, bytes]]) -> bytes:
    for index, piece in sorted(inserts, reverse=True):
        data = data[:index] + piece + data[index:]
    return data


def assert_lines_in_file(result: ImportResult | str, data: bytes) -> None:
    """Every post and skip names a distinct line of the file (a rough bound: the most line ends of any reading)."""
    if isinstance(result, str):
        return
    lines = [line_of(post.extras["location"]) for post in result.posts]
    lines += [line_of(row.location) for row in result.skipped]
    assert len(lines) == len(set(lines)), result.skipped
    assert all(2 <= line <= data.count(b"\n") + data.count(b"\r") + 2 for line in lines), lines


@BOUNDED
@given(st.one_of(corruptions(VALID_CSV.encode("utf-8")), corruptions(VALID_CSV.encode("utf-16")),
                 corruptions(VALID_CSV.encode("cp1252", "replace"))))
def test_a_corrupted_csv_never_crashes_and_imports_the_same_twice(data):
    with source("c.csv", data) as path:
        result = import_twice(path)
    assert_lines_in_file(result, data)


@BOUNDED
@given(st.one_of(st.binary(max_size=300),
                 st.tuples(st.text(max_size=80), st.sampled_from(["gb18030", "latin-1", "utf-16-le", "cp1252",
                                                                  "shift_jis", "koi8-r", "utf-32"]))
                 .map(lambda pair: ("caption,id\n" + pair[0]).encode(pair[1], "replace"))))
def test_any_bytes_named_csv_import_or_fail_clearly(data):
    with source("r.csv", data) as path:
        result = import_twice(path)
    assert_lines_in_file(result, data)


# ---- exports: entries of every type ------------------------------------------------------------------------------

SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=False),
                   st.text(max_size=8), st.sampled_from([MOJIBAKE, "", "1600000000", "2020-01-01", "1e20"]))
JSON = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                            max_size=3), max_leaves=8)
TIMESTAMP = st.one_of(st.integers(0, 4_000_000_000), st.sampled_from([10**20, -1, 1.5e9, "1600000000", "soon"]),
                      JSON)
URI = st.one_of(st.sampled_from(["media/a.jpg", "media/b.mp4", "https://x.y/c.jpg", "", "../../etc/passwd",
                                 "x" * 300 + ".jpg", "a\x00.jpg"]), JSON)


def maybe(**fields: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Objects with any subset of `fields` (each possibly of a wrong type) plus the odd unknown key."""
    return st.fixed_dictionaries({}, optional={**fields, "extra": JSON})


INSTAGRAM_MEDIA = maybe(uri=URI, title=st.one_of(st.text(max_size=10), JSON), creation_timestamp=TIMESTAMP)
INSTAGRAM_ENTRY = st.one_of(maybe(media=st.one_of(st.lists(st.one_of(INSTAGRAM_MEDIA, URI), max_size=3), URI,
                                                  INSTAGRAM_MEDIA, JSON),
                                  title=st.one_of(st.text(max_size=10), JSON), creation_timestamp=TIMESTAMP), JSON)
FACEBOOK_MEDIA = maybe(uri=URI, description=st.one_of(st.text(max_size=10), JSON))
FACEBOOK_ENTRY = st.one_of(maybe(
    timestamp=TIMESTAMP,
    data=st.one_of(st.lists(st.one_of(maybe(post=st.one_of(st.text(max_size=10), JSON)), JSON), max_size=3), JSON),
    attachments=st.one_of(st.lists(st.one_of(maybe(data=st.one_of(st.lists(
        st.one_of(maybe(media=st.one_of(FACEBOOK_MEDIA, JSON)), JSON), max_size=3), JSON)), JSON), max_size=3), JSON),
    title=st.one_of(st.text(max_size=10), JSON)), JSON)


def assert_every_entry_loaded_or_reported(result: ImportResult | str, name: str, count: int) -> None:
    assert not isinstance(result, str), result
    indices = [int(row.location.split("#")[1]) for row in result.skipped]
    assert all(row.location.startswith(f"{name}#") for row in result.skipped), result.skipped
    assert len(indices) == len(set(indices)) and all(0 <= index < count for index in indices), result.skipped
    assert len(result.posts) + len(result.skipped) == count, (result.posts, result.skipped)


@BOUNDED
@given(st.lists(INSTAGRAM_ENTRY, max_size=6), st.sampled_from(["list", "ig_posts", "other_key"]))
def test_every_instagram_entry_is_loaded_or_reported(entries, wrapping):
    data = entries if wrapping == "list" else {"title": "x", wrapping: entries}
    with source("posts_1.json", json.dumps(data).encode("utf-8")) as path:
        result = import_twice(path)
    assert_every_entry_loaded_or_reported(result, "posts_1.json", len(entries))


@BOUNDED
@given(st.lists(FACEBOOK_ENTRY, max_size=6))
def test_every_facebook_entry_is_loaded_or_reported(entries):
    with source("your_posts_1.json", json.dumps(entries).encode("utf-8")) as path:
        result = import_twice(path)
    assert_every_entry_loaded_or_reported(result, "your_posts_1.json", len(entries))


@BOUNDED
@given(st.sampled_from(["posts_1.json", "your_posts_1.json"]), st.lists(JSON, max_size=4) | JSON)
def test_any_json_document_imports_or_fails_clearly(name, document):
    with source(name, json.dumps(document).encode("utf-8")) as path:
        import_twice(path)


VALID_INSTAGRAM = json.dumps([
    {"media": [{"uri": "media/a.jpg", "creation_timestamp": 1546300800, "title": MOJIBAKE}]},
    {"media": [{"uri": "media/b.jpg", "title": ""}], "title": "carousel", "creation_timestamp": 1546400000},
]).encode("ascii")
VALID_FACEBOOK = json.dumps([
    {"timestamp": 1600000000, "data": [{"post": "Sch\u00c3\u00b6n"}],
     "attachments": [{"data": [{"media": {"uri": "p/1.jpg", "description": "x"}}]}]},
    {"timestamp": 1600001000, "data": [{"post": "just text"}]},
]).encode("ascii")


@BOUNDED
@given(st.one_of(st.tuples(st.just("posts_1.json"), corruptions(VALID_INSTAGRAM)),
                 st.tuples(st.just("your_posts_1.json"), corruptions(VALID_FACEBOOK))))
def test_a_corrupted_export_never_crashes_and_imports_the_same_twice(named):
    name, data = named
    with source(name, data) as path:
        result = import_twice(path)
    if not isinstance(result, str):  # still JSON after the damage: every entry is accounted for
        entries = json.loads(data.decode("utf-8-sig"))
        if isinstance(entries, dict):
            entries = next((value for value in entries.values() if isinstance(value, list)), [])
        assert_every_entry_loaded_or_reported(result, name, len(entries))
