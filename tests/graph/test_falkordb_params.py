"""The one-pass FalkorDB parameter header: same text as the client's for plain values, values survive a
round trip through the real server byte for byte (quotes, backslashes, newlines, emoji), nothing unsafe."""
from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from falkordb.helpers import stringify_param_value

from graph.falkordb_params import literal, params_header

TRICKY = ['plain', '', 'say "hi"', 'back\\slash', 'ends with \\', '\\"', "new\nline\ttab", "emoji 😍 café",
          "'; MATCH (n) DETACH DELETE n //", "`backtick`", "\u0000nul", "}{][,:"]


@pytest.mark.parametrize("value", [t for t in TRICKY if "\u0000" not in t] + [0, -3, 2**62, 1.5, -0.25, None, [],
                                                                              [1, "a", None], {"k": "v"},
                                                                              {"a": [1, {"b": "c"}]}])
def test_header_text_matches_the_client(value: object) -> None:
    assert literal(value) == stringify_param_value(value)


def test_cleaning_on_the_way() -> None:
    assert literal(float("nan")) == "null" and literal(math.inf) == "null"
    assert literal(np.float32(0.5)) == "0.5" and literal(np.int64(7)) == "7"
    assert literal(True) == "true" and literal(dt.date(2021, 5, 1)) == '"2021-05-01"'
    with pytest.raises(TypeError):
        literal(object())
    with pytest.raises(ValueError):
        literal({"bad`key": 1})
    with pytest.raises(ValueError):
        params_header({"x) MATCH (n": 1})
    assert params_header({}) == "" and params_header({"a": 1, "b": "x"}) == 'CYPHER a=1 b="x" '


def test_values_round_trip_through_the_server(falkordb_store) -> None:
    rows = [{"id": f"r{i}", "text": text} for i, text in enumerate(TRICKY)]
    falkordb_store.write_rows("UNWIND $rows AS row MERGE (p:Post {id: row.id}) SET p.caption = row.text", rows)
    stored = {r["id"]: r["text"] for r in falkordb_store.query("MATCH (p:Post) RETURN p.id AS id, p.caption AS text")}
    assert stored == {row["id"]: row["text"].replace("\u0000", "") for row in rows}  # NUL dropped, not fatal
    assert falkordb_store.query("MATCH (n) RETURN count(n) AS n") == [{"n": len(TRICKY)}]
