"""graph/queries/: the one post filter, the agent's templates and the written-out (display) form of a query,
checked against a REAL embedded FalkorDB where it matters what the database makes of the text."""
from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from graph.browse import BrowseFilter, count_query, page_query
from graph.queries import templates
from graph.queries.literals import cypher_literal, inline_params
from graph.queries.posts import ABSENT, SENTIMENT_PROPERTIES, PostFilter, count_posts, post_scope

TRICKY = ["plain", "it's", 'say "hi"', "back\\slash", "tab\tnew\nline", "$id", "x'}) DETACH DELETE n //"]


def test_written_out_query_finds_what_the_parameterised_one_finds(falkordb_store: Any) -> None:
    for i, value in enumerate([*TRICKY, "café ☕"]):
        falkordb_store.write("CREATE (:Post {id: $id, caption: $caption})", {"id": value, "caption": f"c{i}"})
    query = "MATCH (p:Post {id: $id}) RETURN p.caption AS caption"
    for value in [*TRICKY, "café ☕"]:
        expected = falkordb_store.query(query, {"id": value})
        assert len(expected) == 1
        assert falkordb_store.query(inline_params(query, {"id": value})) == expected, value
        if value.isascii():  # the double-quoted form is for Neo4j Browser, which alone reads JSON's \u escapes
            assert falkordb_store.query(inline_params(query, {"id": value}, quote='"')) == expected, value


def test_literals_and_the_order_names_are_replaced_in() -> None:
    assert cypher_literal("it's \\") == "'it\\'s \\\\'"
    assert cypher_literal('a "b"\n', quote='"') == '"a \\"b\\"\\n"'
    assert cypher_literal(2021) == "2021"
    text = inline_params("MATCH (e {name: $entity}) WHERE e.label = $entity_label", {"entity": "x", "entity_label": "Y"})
    assert text == "MATCH (e {name: 'x'}) WHERE e.label = 'Y'"


def _every_field_set(marker: str) -> PostFilter:
    values: dict[str, Any] = {}
    for field in dataclasses.fields(PostFilter):
        if field.name in ("year", "month"):
            values[field.name] = 7
        elif field.name == "source":
            values[field.name] = "caption"
        elif field.name == "absent":
            values[field.name] = tuple(ABSENT)
        elif field.type in ("bool",):
            values[field.name] = True
        else:
            values[field.name] = f"{marker}-{field.name}"
    return PostFilter(**values)


def test_filter_values_travel_as_parameters_never_in_the_text() -> None:
    marker = "zz'}) DETACH DELETE p //"
    text, params = post_scope(_every_field_set(marker))
    assert marker not in text and "zz" not in text
    assert {v for v in params.values() if isinstance(v, str) and v.startswith(marker)}
    for name in params:
        assert f"${name}" in text, name


def test_sentiment_source_picks_the_property_from_the_one_map() -> None:
    for source, prop in SENTIMENT_PROPERTIES.items():
        text, _ = post_scope(PostFilter(sentiment="negative", source=source))
        assert f"p.{prop} = $sentiment" in text
        browse_text, _ = count_query(BrowseFilter(sentiment="negative", sentiment_source=source))
        assert browse_text == count_posts(PostFilter(sentiment="negative", source=source, entity_not_hashtag=True))[0]
    with pytest.raises(ValueError, match="sentiment source must be one of"):
        post_scope(PostFilter(sentiment="negative", source="p.id = p.id OR true"))


def test_grid_and_agent_share_the_post_filter() -> None:
    grid_text, grid_params = page_query(BrowseFilter(topic="beach", sentiment="positive"), 2, 10)
    scope_text, scope_params = post_scope(PostFilter(topic="beach", sentiment="positive"))
    assert grid_text.startswith(scope_text + "\n")
    assert grid_params == {**scope_params, "skip": 20, "limit": 10}
    agent_text, _ = templates.list_posts(PostFilter(topic="beach", sentiment="positive"))
    assert agent_text.startswith(scope_text + "\n")


@pytest.mark.parametrize("call", [
    lambda: templates.rank_groups(PostFilter(), "topic) DETACH DELETE (p", 5),
    lambda: templates.posts_per_time(PostFilter(), "id"),
    lambda: templates.all_names("Post"),
    lambda: page_query(BrowseFilter(sort="p.id; DROP"), 0, 10),
])
def test_names_put_into_the_text_come_from_fixed_tables(call: Any) -> None:
    with pytest.raises(ValueError):
        call()


def test_limits_are_integers_in_the_text() -> None:
    text, _ = templates.rank_groups(PostFilter(), "tag", 3.9)  # type: ignore[arg-type]
    assert text.endswith("LIMIT 3")
