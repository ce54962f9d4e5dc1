"""graph/queries/: the one post filter, the agent's templates and the written-out (display) form of a query,
checked against a REAL embedded FalkorDB where it matters what the database makes of the text."""
from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graph.browse import BrowseFilter, count_query, page_query
from graph.queries import aggregates, templates
from graph.queries.literals import cypher_literal, inline_params
from graph.queries.posts import (
    ABSENT,
    ALSO_DENIED,
    HAS_VALUE,
    SENTIMENT_PROPERTIES,
    PostFilter,
    count_posts,
    post_scope,
)

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
    text = inline_params("MATCH (e {name: $entity}) WHERE e.label = $entity_label",
                         {"entity": "x", "entity_label": "Y"})
    assert text == "MATCH (e {name: 'x'}) WHERE e.label = 'Y'"


def _every_field_set(marker: str) -> PostFilter:
    values: dict[str, Any] = {}
    for field in dataclasses.fields(PostFilter):
        if field.name in ("year", "month"):
            values[field.name] = 7
        elif field.name == "source":
            values[field.name] = "caption"
        elif field.name == "sides":  # a key of a fixed table, as the source is
            values[field.name] = "agree"
        elif field.name == "absent":
            values[field.name] = tuple(ABSENT)
        elif field.name == "also_not":  # (field of a fixed table, name): the name is a value
            values[field.name] = tuple((name, f"{marker}-also-{name}") for name in ALSO_DENIED)
        elif field.name == "any_of":  # likewise
            values[field.name] = tuple((name, f"{marker}-any-{name}") for name in HAS_VALUE)
        elif field.name == "all_of":  # likewise
            values[field.name] = tuple((name, f"{marker}-all-{name}") for name in HAS_VALUE)
        elif field.name == "score":  # (side of a fixed table, op of a fixed list, number): the number is a value
            values[field.name] = ("caption", ">", 0.5)
        elif field.name == "same_photo":  # (a Tag property of a fixed pair, value): the value is a value
            values[field.name] = tuple((prop, f"{marker}-same-{prop}") for prop in ("name", "kind"))
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
        assert browse_text == count_posts(PostFilter(sentiment="negative", source=source, entity_is_name=True,
                                                     own_caption=source == "caption"))[0]
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
    lambda: templates.rank_groups(PostFilter(), "topic", 5, "DESC; DROP"),  # type: ignore[arg-type]
    lambda: aggregates.posts_per_time_ranked(PostFilter(), "id"),
    lambda: aggregates.posts_per_time_ranked(PostFilter(), "year", "desc; DROP"),
    lambda: aggregates.groups_by_count(PostFilter(), "topic", "> 0 OR true //", 1),
    lambda: aggregates.sentiment_ranking(PostFilter(), "likes"),
    lambda: aggregates.sentiment_per(PostFilter(), "p.caption"),
    lambda: post_scope(PostFilter(sides="agree OR true")),
    lambda: aggregates.time_buckets_without(PostFilter(), "year", "topic) DETACH DELETE (p", "x"),
    lambda: aggregates.sentiment_per(PostFilter(), "tag"),  # photos, not posts: not a post group
    lambda: aggregates.rank_by_share(PostFilter(), "topic", "negative", "desc LIMIT 1 //"),
    lambda: page_query(BrowseFilter(sort="p.id; DROP"), 0, 10),
])
def test_names_put_into_the_text_come_from_fixed_tables(call: Any) -> None:
    with pytest.raises(ValueError):
        call()


def test_limits_are_integers_in_the_text() -> None:
    text, _ = templates.rank_groups(PostFilter(), "tag", 3.9)  # type: ignore[arg-type]
    assert text.endswith("LIMIT 3")


# --- all Cypher in graph/queries/ ---------------------------------------------------------------------------------
REPO = Path(__file__).resolve().parents[2]
CYPHER = re.compile(r"""
    \b(?:OPTIONAL\s+)?MATCH\s*\(                         # pattern clauses
  | \b(?:MERGE|CREATE)\s*\(
  | \bUNWIND\s+\S+\s+AS\b
  | \bRETURN\s+(?:DISTINCT\s+)?(?:\*|\w+\s*[.(,]|\w+\s+AS\b)
  | \bWITH\s+DISTINCT\s+\w
  | \bWITH\s+\w+\s*(?:,|\bORDER\b|\bWHERE\b|\bLIMIT\b|\bAS\b)
  | \bORDER\s+BY\s+[\w.(]
  | \bDETACH\s+DELETE\s+\w
  | \bCREATE\s+(?:INDEX|CONSTRAINT)\b                   # schema and catalog statements
  | \bCALL\s+db\.
  | \bSHOW\s+(?:INDEXES|CONSTRAINTS)\b
  | \(\w[^()]*\)<?-\[[^\]]*\]-                          # a path from a node variable: (p)-[:ABOUT]->...
  | (?:=|<>|>=|<=|\bIN|\bCONTAINS)\s*\$[A-Za-z_]         # a condition on a parameter
  | \b[a-z]\w*\.[a-z_]\w*\s+(?:IS\s+(?:NOT\s+)?NULL|AS\s+\w)  # p.x IS NULL, p.x AS x
""", re.VERBOSE)
# strings that must stay where they are: prose for the LLM that quotes Cypher idioms (identified by their start)
ALLOWED = {
    ("agent/prompts.py", "You translate questions"),  # the system prompt's rules
    ("agent/schema.py", "Value conventions:"),  # the prompt's value conventions
    ("agent/shape.py", "a count over a MATCHed pattern"),  # retry feedback to the LLM
    ("agent/shape.py", "the question asks for posts"),
}
NOT_SCANNED = {"tests", ".venv", ".git"}  # tests hold gold Cypher; graph/queries/ is where Cypher belongs


def _string_constants(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every string in a module but its docstrings; an f-string with each {field} written as 'x'."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    in_fstrings: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            in_fstrings.update(id(part) for part in node.values)
            yield node.lineno, "".join(p.value if isinstance(p, ast.Constant) else "x" for p in node.values)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings | in_fstrings:
            yield node.lineno, node.value


def cypher_outside_queries(root: Path) -> list[str]:
    """file:line and the Cypher found, for every Python string outside graph/queries/ that holds Cypher."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] in NOT_SCANNED or rel.parts[:2] == ("graph", "queries"):
            continue
        for line, text in _string_constants(ast.parse(path.read_text(encoding="utf-8"))):
            hit = CYPHER.search(text)
            allowed = any(rel.as_posix() == file and text.startswith(start) for file, start in ALLOWED)
            if hit and not allowed:
                found.append(f"{rel.as_posix()}:{line}: {hit.group()!r}")
    return found


@pytest.mark.parametrize("text", [
    "MATCH (p:Post) RETURN count(p) AS posts", "WITH DISTINCT p", "p.language = $language",
    "NOT (p)-[:HAS_IMAGE]->(:Image)", "ORDER BY coalesce(p.created_at, '') DESC, p.id", "p.id AS post_id",
    "CALL db.labels() YIELD label RETURN label", "UNWIND $rows AS row", "x\nRETURN DISTINCT x.id AS post_id",
    "CREATE INDEX FOR (n:x) ON (n.x)", "SHOW CONSTRAINTS",
])
def test_the_detector_knows_cypher(text: str) -> None:
    assert CYPHER.search(text)


@pytest.mark.parametrize("text", [
    "a query must start with MATCH, OPTIONAL MATCH, WITH, UNWIND or RETURN", "the query has no RETURN clause",
    "(:x)-[:x]->(:x)", "batched MERGE throughput", r"^\s*(OPTIONAL\s+MATCH|MATCH|WITH|UNWIND|RETURN)\b",
    "Read-only: MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP, LIMIT only.",
])
def test_the_detector_leaves_prose_and_patterns_alone(text: str) -> None:
    assert not CYPHER.search(text)


def test_no_cypher_outside_graph_queries(tmp_path: Path) -> None:
    assert cypher_outside_queries(REPO) == []
    (tmp_path / "agent").mkdir()
    (tmp_path / "agent" / "sneaky.py").write_text('def q(t):\n    return f"MATCH (p:Post {{id: {t}}}) RETURN p"\n')
    assert cypher_outside_queries(tmp_path) == ["agent/sneaky.py:2: 'MATCH ('"]
