"""Loaders for the labelled evaluation sets and the one deterministic split every evaluation shares.

A dataset is named on the command line as `kind:PATH` (`mvsa:../shared/data/mvsa/posts.csv`,
`tweeteval:.../val.csv`, `senticap:.../senticap_test.csv`). Files are read directly with pandas; nothing is
downloaded. `mvsa_split` assigns each post id to train/dev/test by hashing the id, so the caption evaluation,
the head training and the image+caption comparison all use identical rows without sharing a split file.
"""
from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from extractors.base import SENTIMENT_LABELS

log = logging.getLogger(__name__)

SPLIT_SEED = 13  # the declared seed of every FeedLens evaluation split
TEST_FRACTION = 0.2
DEV_FRACTION = 0.1
TEXT_ENCODINGS = ("utf-8", "gb18030", "latin-1")  # latin-1 decodes any byte, so it is the last resort
KINDS = ("mvsa", "tweeteval", "senticap", "semeval")


@dataclass(frozen=True)
class LabeledText:
    """One labelled caption. `label` is one of SENTIMENT_LABELS (SentiCap only uses negative/positive)."""

    id: str
    text: str
    label: str


@dataclass(frozen=True)
class Dataset:
    """A loaded dataset with what a report needs to identify it (kind, path, row count, file sha256)."""

    kind: str
    path: Path
    rows: tuple[LabeledText, ...]
    sha256: str

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.path.name}"

    @property
    def binary(self) -> bool:
        """SentiCap has no neutral class: it is scored positive vs negative."""
        return self.kind == "senticap"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def decode_lines(raw: bytes) -> str:
    """Decode a CSV line by line: a few scraped tweets are not UTF-8, and one bad row must not cost the file."""
    lines = []
    for number, line in enumerate(raw.split(b"\n"), start=1):
        for encoding in TEXT_ENCODINGS:
            try:
                lines.append(line.decode(encoding))
                if encoding != "utf-8":
                    log.info("line %s decoded as %s", number, encoding)
                break
            except UnicodeDecodeError:
                continue
    return "\n".join(lines)


def _read_csv(path: Path) -> pd.DataFrame:
    text = decode_lines(path.read_bytes())
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def _check_columns(frame: pd.DataFrame, needed: Iterable[str], path: Path) -> None:
    missing = [column for column in needed if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}; found {list(frame.columns)}")


def load_mvsa(path: Path) -> list[LabeledText]:
    """MVSA posts.csv (id, image, text, label): the post-level label, read against the caption only."""
    frame = _read_csv(path)
    _check_columns(frame, ("id", "text", "label"), path)
    return [_row(str(r.id), r.text, r.label.strip().lower(), path) for r in frame.itertuples(index=False)]


def load_tweeteval(path: Path) -> list[LabeledText]:
    """TweetEval sentiment csv (text, label); ids are row numbers, stable while the file's sha256 is."""
    frame = _read_csv(path)
    _check_columns(frame, ("text", "label"), path)
    labels = [_tweeteval_label(value) for value in frame["label"]]
    return [_row(f"tweeteval-{i}", text, label, path) for i, (text, label) in enumerate(zip(frame["text"], labels))]


def load_senticap(path: Path) -> list[LabeledText]:
    """SentiCap csv (filename, is_positive_sentiment, caption): binary labels."""
    frame = _read_csv(path)
    _check_columns(frame, ("filename", "is_positive_sentiment", "caption"), path)
    rows = []
    for i, r in enumerate(frame.itertuples(index=False)):
        label = "positive" if str(r.is_positive_sentiment).strip() == "1" else "negative"
        rows.append(_row(f"senticap-{i}", r.caption, label, path))
    return rows


def load_semeval(path: Path) -> list[LabeledText]:
    """SemEval 2013-2016 train csv (text, label[, source]): training rows only, never scored."""
    frame = _read_csv(path)
    _check_columns(frame, ("text", "label"), path)
    labels = [_tweeteval_label(value) for value in frame["label"]]
    return [_row(f"semeval-{i}", text, label, path) for i, (text, label) in enumerate(zip(frame["text"], labels))]


def _tweeteval_label(value: str) -> str:
    value = str(value).strip().lower()
    return SENTIMENT_LABELS[int(value)] if value.isdigit() else value  # the raw release uses 0/1/2


def _row(row_id: str, text: str, label: str, path: Path) -> LabeledText:
    if label not in SENTIMENT_LABELS:
        raise ValueError(f"{path}: row {row_id} has label {label!r}, expected one of {SENTIMENT_LABELS}")
    return LabeledText(id=row_id, text=str(text), label=label)


LOADERS = {"mvsa": load_mvsa, "tweeteval": load_tweeteval, "senticap": load_senticap, "semeval": load_semeval}


def parse_spec(spec: str) -> tuple[str, Path]:
    """'mvsa:path/posts.csv' -> ('mvsa', Path('path/posts.csv'))."""
    kind, sep, path = spec.partition(":")
    if not sep or kind not in LOADERS or not path:
        raise ValueError(f"dataset must be KIND:PATH with KIND one of {KINDS}, got {spec!r}")
    return kind, Path(path)


def load_dataset(spec: str) -> Dataset:
    """Load `kind:PATH` into a Dataset (raises FileNotFoundError / ValueError with the path in the message)."""
    kind, path = parse_spec(spec)
    if not path.is_file():
        raise FileNotFoundError(f"dataset file not found: {path}")
    rows = tuple(LOADERS[kind](path))
    log.info("loaded %s rows from %s", len(rows), path)
    return Dataset(kind=kind, path=path, rows=rows, sha256=file_sha256(path))


def split_of(row_id: str, seed: int = SPLIT_SEED, test: float = TEST_FRACTION, dev: float = DEV_FRACTION) -> str:
    """'train', 'dev' or 'test' for one id: a pure function of (seed, id), independent of the other rows."""
    digest = hashlib.sha256(f"{seed}:{row_id}".encode()).digest()
    unit = int.from_bytes(digest[:8], "big") / 2**64
    if unit < test:
        return "test"
    return "dev" if unit < test + dev else "train"


def mvsa_split(ids: Sequence[str | int], seed: int = SPLIT_SEED) -> dict[str, list[str]]:
    """Train/dev/test ids (about 70/10/20) by hashing each post id with `seed`; same ids -> same split, always.

    Reuse this for any MVSA evaluation (caption-only or image+caption) so the reported test rows are identical
    and never among the rows the caption head was trained or tuned on.
    """
    parts: dict[str, list[str]] = {"train": [], "dev": [], "test": []}
    for row_id in ids:
        parts[split_of(str(row_id), seed)].append(str(row_id))
    return parts


def split_rows(rows: Sequence[LabeledText], part: str, seed: int = SPLIT_SEED) -> list[LabeledText]:
    """The rows of one split part ('train', 'dev', 'test'), in file order."""
    return [row for row in rows if split_of(row.id, seed) == part]
