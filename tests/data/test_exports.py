"""Instagram and Facebook exports with badly typed entries, and dates that are not dates: each bad entry is
reported with its file#index, field and reason, and every other entry still loads."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from data.importers.dates import BadDate, parse_date


@pytest.mark.parametrize("value, shown", [
    (1e20, "1e+20"), (10**20, "100000000000000000000"), ("1e20", "1e20"), (-1e16, "-1e+16"), (-86400, "-86400"),
    (float("inf"), "inf"), (4.2e12, "4200000000000.0"),
])
def test_a_timestamp_outside_1970_2100_is_reported_as_given(value, shown):
    with pytest.raises(BadDate) as caught:
        parse_date(value)
    assert shown in str(caught.value)
    assert "1e+17" not in str(caught.value)


@pytest.mark.parametrize("value", [1546300800, 1546300800000, "1546300800", 1546300800.0])
def test_epoch_seconds_and_milliseconds_still_read(value):
    assert parse_date(value) == datetime(2019, 1, 1, tzinfo=UTC)
