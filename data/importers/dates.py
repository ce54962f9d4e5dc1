"""Turn the many ways sources write a date into an aware datetime, so time charts line up across sources."""
from __future__ import annotations

import math
import re
from datetime import UTC, datetime

# formats fromisoformat does not accept; day-first before month-first because most of the world writes it so
_FORMATS = (
    "%Y:%m:%d %H:%M:%S",  # EXIF
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
    "%a %b %d %H:%M:%S %z %Y",  # Twitter
    "%b %d, %Y %I:%M %p",  # Facebook's human-readable exports
    "%b %d, %Y",
)
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_MS_THRESHOLD = 1e11  # seconds since 1970 pass this only in the year 5138; larger values are milliseconds
# epoch numbers outside these years are corrupt values or ids in a date column, not when a post was made
_EPOCH_RANGE = (datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


class BadDate(ValueError):
    """A date value that none of the known formats read."""


def parse_date(value: object) -> datetime | None:
    """Parse an ISO string, epoch seconds/milliseconds, EXIF or common d/m/y text; None for empty; BadDate else.

    Naive results are taken as UTC (Post does the same), which is the best guess without a zone.
    """
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _from_epoch(float(value), str(value))
    text = str(value).strip()
    if not text:
        return None
    if _NUMBER.match(text):
        return _from_epoch(float(text), text)
    try:
        return _aware(datetime.fromisoformat(text.replace("Z", "+00:00")))  # noqa: FURB162 - reads "2024-01-01Z" too
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return _aware(datetime.strptime(text, fmt))
        except ValueError:
            continue
    raise BadDate(f"unreadable date {text[:40]!r}")


def _from_epoch(seconds: float, given: str) -> datetime:
    """Epoch seconds (or milliseconds); `given` is the value as the source wrote it, for the error message."""
    problem = BadDate(f"timestamp {given[:40]} is not a date between 1970 and 2100")
    if abs(seconds) >= _MS_THRESHOLD:
        seconds /= 1000.0
    try:
        moment = datetime.fromtimestamp(seconds, tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise problem from exc
    if not _EPOCH_RANGE[0] <= moment < _EPOCH_RANGE[1]:
        raise problem
    return moment


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
