"""The GraphStore contract, run against every backend (subclass StoreContract and provide a `store` fixture).

Everything here runs against a real database: the embedded FalkorDB always, Neo4j where Docker runs.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest

from core.errors import QueryFailed, ReadOnlyViolation
from graph import queries
from graph.store import GraphStore

WRITE_PROCEDURE = {
    "falkordb": "CALL db.idx.fulltext.createNodeIndex('Post', 'caption')",
    "neo4j": "CALL db.createLabel('Sneaky')",
}

# example values for the parameters shared queries use (a new parameter name must be added here)
PARAM_EXAMPLES: dict[str, Any] = {
    "ids": ["p0", "p1"], "rows": [{"id": "p0"}], "id": "p1", "name": "dogs", "limit": 10, "min_posts": 1,
    "names": ["dogs"],
}

POSTS = [
    {"id": f"p{i}", "caption": f"caption {i}", "created_at": f"2020-01-{i % 28 + 1:02d}T10:00:00",
     "year": 2020, "month": 1, "timestamp": 1577872800 + i, "source": "instagram", "language": "en",
     "sentiment": "positive" if i % 2 else "negative", "sentiment_score": 0.5}
    for i in range(5)
]


def seed(store: GraphStore) -> None:
    """A small graph written through the loader's own queries."""
    store.write_rows(queries.UPSERT_POSTS, POSTS)
    store.write_rows(queries.UPSERT_IMAGES, [{"post_id": p["id"], "id": f"{p['id']}-img", "path": "x.jpg",
                                              "width": 10, "height": 10, "format": "JPEG", "position": 0}
                                             for p in POSTS])
    store.write_rows(queries.UPSERT_SENTIMENTS, [{"post_id": p["id"], "name": p["sentiment"], "source": "caption",
                                                  "score": 0.5, "model": "vader"} for p in POSTS])
    store.write_rows(queries.UPSERT_TOPICS, [{"post_id": p["id"], "name": "dogs", "score": 0.9, "from_image": False}
                                             for p in POSTS])
    store.write_rows(queries.UPSERT_TOPIC_NODES, [{"name": "dogs", "keywords": ["dogs", "puppy", "walk"]}])
    store.write_rows(queries.UPSERT_KEYPHRASES, [{"post_id": "p1", "name": "dog walk", "score": 0.6,
                                                  "from_image": False}])
    store.write_rows(queries.UPSERT_ENTITIES, [{"post_id": "p1", "name": "Paris", "label": "GPE"}])
    store.write_rows(queries.UPSERT_TAGS, [{"image_id": "p1-img", "name": "dog", "kind": "animal", "score": 0.8}])
    store.write_rows(queries.MARK_POSTS_LOADED, [{"id": p["id"], "content_hash": "h", "pipeline": "v1"}
                                                 for p in POSTS])


def snapshot(store: GraphStore) -> dict[str, Any]:
    nodes = store.query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props ORDER BY n.id, n.name")
    rels = store.query("MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS n ORDER BY type")
    return {"nodes": nodes, "rels": rels}


def counts(store: GraphStore) -> dict[str, int]:
    nodes = {r["label"]: r["nodes"] for r in store.query(queries.NODE_COUNTS)}
    rels = {r["type"]: r["relationships"] for r in store.query(queries.RELATIONSHIP_COUNTS)}
    return {**nodes, **rels}


class StoreContract:
    """Behaviour every GraphStore must have. Subclasses supply a `store` fixture."""

    def test_is_a_graph_store(self, store: GraphStore) -> None:
        from langchain_neo4j.graphs.graph_store import GraphStore as LangChainGraphStore

        assert isinstance(store, GraphStore)
        assert isinstance(store, LangChainGraphStore)

    def test_empty_graph_reads_as_no_rows(self, store: GraphStore) -> None:
        assert store.query(queries.COUNT_POSTS) == [{"posts": 0}]

    @pytest.mark.parametrize("statement", [
        "CREATE (:Post {id: 'evil'})",
        "MERGE (:Post {id: 'evil'})",
        "MATCH (n) DETACH DELETE n",
        "MATCH (p:Post) SET p.caption = 'changed'",
        "MATCH (p:Post) REMOVE p.caption",
        "CREATE INDEX FOR (n:Post) ON (n.caption)",
        "WRITE_PROCEDURE",
    ])
    def test_query_refuses_writes_and_leaves_graph_unchanged(self, store: GraphStore, statement: str) -> None:
        seed(store)
        before = snapshot(store)
        statement = WRITE_PROCEDURE[store.backend] if statement == "WRITE_PROCEDURE" else statement
        with pytest.raises(ReadOnlyViolation):
            store.query(statement)
        assert snapshot(store) == before

    def test_write_rows_batches_and_merge_is_idempotent(self, store: GraphStore) -> None:
        rows = [{"id": f"b{i}", "caption": "c"} for i in range(2500)]
        assert store.write_rows(queries.UPSERT_POSTS, rows, batch_size=1000) == 2500
        assert store.query(queries.COUNT_POSTS) == [{"posts": 2500}]
        store.write_rows(queries.UPSERT_POSTS, rows, batch_size=700)
        assert store.query(queries.COUNT_POSTS) == [{"posts": 2500}]

    def test_loader_queries_are_idempotent(self, store: GraphStore) -> None:
        seed(store)
        first = counts(store)
        seed(store)
        assert counts(store) == first
        assert first == {"Post": 5, "Image": 5, "Sentiment": 2, "Topic": 1, "Keyphrase": 1, "Entity": 1, "Tag": 1,
                         "HAS_IMAGE": 5, "HAS_SENTIMENT": 5, "ABOUT": 5, "HAS_KEYPHRASE": 1, "MENTIONS": 1,
                         "DEPICTS": 1}

    def test_write_rows_needs_rows_parameter(self, store: GraphStore) -> None:
        with pytest.raises(ValueError):
            store.write_rows("MATCH (n) RETURN n", [{"id": 1}])

    def test_every_shared_query_runs(self, store: GraphStore) -> None:
        seed(store)
        ids = [p["id"] for p in POSTS]
        signatures = store.query(queries.LOADED_SIGNATURES, {"ids": ids})
        assert {r["id"]: r["content_hash"] for r in signatures} == {i: "h" for i in ids}
        store.write(queries.CLEAR_POST_FINDINGS, {"ids": ["p1"]})
        store.write(queries.CLEAR_IMAGE_FINDINGS, {"ids": ["p1"]})
        store.write(queries.UNMARK_POSTS, {"ids": ["p1"]})
        after = counts(store)
        assert (after["ABOUT"], after["HAS_SENTIMENT"], after.get("MENTIONS", 0)) == (4, 4, 0)
        assert "DEPICTS" not in after
        assert store.query(queries.LOADED_SIGNATURES, {"ids": ["p1"]})[0]["content_hash"] is None
        for prune in (queries.PRUNE_ORPHAN_TOPICS, queries.PRUNE_ORPHAN_KEYPHRASES, queries.PRUNE_ORPHAN_ENTITIES,
                      queries.PRUNE_ORPHAN_TAGS):
            store.write(prune)
        after = counts(store)
        assert "Entity" not in after and "Tag" not in after and "Keyphrase" not in after and after["Topic"] == 1
        by_sentiment = store.query(queries.POSTS_BY_SENTIMENT)
        assert sorted((r["sentiment"], r["posts"]) for r in by_sentiment) == [("negative", 3), ("positive", 2)]
        assert store.query(queries.COUNT_POSTS) == [{"posts": 5}]
        names = {n for n in dir(queries) if n.isupper() and isinstance(getattr(queries, n), str)}
        covered = {"LOADED_SIGNATURES", "CLEAR_POST_FINDINGS", "CLEAR_IMAGE_FINDINGS", "UNMARK_POSTS",
                   "UPSERT_POSTS", "UPSERT_IMAGES", "UPSERT_SENTIMENTS", "UPSERT_TOPICS", "UPSERT_ENTITIES",
                   "UPSERT_TAGS", "MARK_POSTS_LOADED", "PRUNE_ORPHAN_TOPICS", "PRUNE_ORPHAN_ENTITIES",
                   "PRUNE_ORPHAN_TAGS", "COUNT_POSTS", "POSTS_BY_SENTIMENT", "NODE_COUNTS", "RELATIONSHIP_COUNTS",
                   "UPSERT_TOPIC_NODES", "UPSERT_KEYPHRASES", "PRUNE_ORPHAN_KEYPHRASES", "DELETE_SOME_ABOUT_EDGES"}
        for name in sorted(names - covered):  # UI/agent constants: each must run read-only on seeded data
            text = getattr(queries, name)
            params = {key: PARAM_EXAMPLES[key] for key in re.findall(r"\$(\w+)", text)}
            is_write = any(w in text.upper() for w in ("MERGE ", "CREATE ", "DELETE ", "SET ", "REMOVE "))
            rows = (store.write if is_write else store.query)(text, params)
            assert isinstance(rows, list), name
            json.dumps(rows)

    def test_topic_pass_queries_run(self, store: GraphStore) -> None:
        seed(store)
        texts = {r["id"]: r for r in store.query(queries.POSTS_FOR_TOPICS)}
        assert texts["p1"]["caption"] == "caption 1" and texts["p1"]["tags"] == ["dog"]
        assert {r["id"] for r in store.query(queries.POSTS_WITH_A_TOPIC)} == {p["id"] for p in POSTS}
        assert store.query("MATCH (t:Topic) RETURN t.keywords AS k") == [{"k": ["dogs", "puppy", "walk"]}]
        assert store.write(queries.DELETE_SOME_ABOUT_EDGES) == [{"deleted": 5}]
        assert store.write(queries.DELETE_SOME_ABOUT_EDGES) == [{"deleted": 0}]
        assert store.query(queries.POSTS_WITH_A_TOPIC) == []

    def test_unique_keys_are_enforced(self, store: GraphStore) -> None:
        store.ensure_schema()  # second call: idempotent
        store.write("CREATE (:Post {id: 'dup'})")
        with pytest.raises(QueryFailed):
            store.write("CREATE (:Post {id: 'dup'})")
        store.write("CREATE (:Entity {name: 'Paris', label: 'GPE'}), (:Entity {name: 'Paris', label: 'PERSON'})")

    def test_rows_are_plain_json(self, store: GraphStore) -> None:
        seed(store)
        rows = store.query(
            "MATCH path = (p:Post {id: 'p1'})-[r:ABOUT]->(t:Topic) "
            "RETURN p, r, t, path, [p.id, t.name] AS pair, {post: p.id, score: r.score} AS info, "
            "collect(t) AS topics"
        )
        text = json.dumps(rows)
        assert rows[0]["p"]["id"] == "p1" and rows[0]["p"]["_labels"] == ["Post"]
        assert rows[0]["r"]["_type"] == "ABOUT" and rows[0]["r"]["score"] == pytest.approx(0.9)
        assert [n["_labels"] for n in rows[0]["path"]["nodes"]] == [["Post"], ["Topic"]]
        assert rows[0]["info"] == {"post": "p1", "score": pytest.approx(0.9)}
        assert "Topic" in text

    def test_parameters_are_data_never_code(self, store: GraphStore) -> None:
        evil = "x'}) DETACH DELETE n //\"` \n\\"
        store.write("CREATE (:Post {id: $id, caption: $caption})", {"id": "q", "caption": evil})
        assert store.query("MATCH (p:Post {id: $id}) RETURN p.caption AS c", {"id": "q"}) == [{"c": evil}]
        when = dt.datetime(2021, 5, 4, 3, 2, 1)
        assert store.query("RETURN $when AS w, $nan AS nan", {"when": when, "nan": float("nan")}) == [
            {"w": "2021-05-04T03:02:01", "nan": None}
        ]
        with pytest.raises(QueryFailed):
            store.query("RETURN $x AS x", {"x": object()})

    def test_bad_cypher_is_a_query_failed(self, store: GraphStore) -> None:
        with pytest.raises(QueryFailed):
            store.query("MATCH (n RETURN n")

    def test_explain_plans_without_running(self, store: GraphStore) -> None:
        seed(store)
        before = snapshot(store)
        store.explain("MATCH (p:Post) WHERE p.year = $year RETURN count(p) AS posts", {"year": 2021})
        try:  # planned, never executed (an engine may also refuse to plan a write in a read session)
            store.explain("CREATE (:Post {id: 'planned-only'})")
        except ReadOnlyViolation:
            pass
        assert snapshot(store) == before
        with pytest.raises(QueryFailed):
            store.explain("MATCH (p:Post) RETURN q.id AS id")  # q is not defined
        with pytest.raises(QueryFailed):
            store.explain("MATCH (n RETURN n")

    def test_schema_shapes(self, store: GraphStore) -> None:
        from neo4j_graphrag.schema import format_schema

        seed(store)
        store.refresh_schema()
        structured = store.get_structured_schema
        assert set(structured) == {"node_props", "rel_props", "relationships", "metadata"}
        post_props = {p["property"]: p["type"] for p in structured["node_props"]["Post"]}
        assert post_props["caption"] == "STRING" and post_props["year"] == "INTEGER"
        assert post_props["sentiment_score"] == "FLOAT"
        assert {"property": "score", "type": "FLOAT"} in structured["rel_props"]["ABOUT"]
        assert {"start": "Post", "type": "ABOUT", "end": "Topic"} in structured["relationships"]
        assert {"start": "Image", "type": "DEPICTS", "end": "Tag"} in structured["relationships"]
        unique = {(c["labelsOrTypes"][0], tuple(c["properties"])) for c in structured["metadata"]["constraint"]}
        assert ("Post", ("id",)) in unique and ("Entity", ("name", "label")) in unique
        text = store.get_schema
        assert text == format_schema(structured, is_enhanced=False)
        assert text.startswith("Node properties:\n")
        assert "\nRelationship properties:\n" in text and "\nThe relationships:\n" in text
        assert "(:Post)-[:ABOUT]->(:Topic)" in text.splitlines()
        assert any(line.startswith("Post {") and "caption: STRING" in line for line in text.splitlines())

    def test_schema_follows_writes(self, store: GraphStore) -> None:
        assert "Post {" not in store.get_schema
        seed(store)
        assert "Post {" in store.get_schema  # a write invalidated the cached schema

    def test_add_graph_documents(self, store: GraphStore) -> None:
        from langchain_core.documents import Document
        from langchain_neo4j.graphs.graph_document import GraphDocument, Node, Relationship

        alice, paris = Node(id="Alice", type="Person"), Node(id="Paris", type="City", properties={"country": "FR"})
        doc = GraphDocument(nodes=[alice, paris],
                            relationships=[Relationship(source=alice, target=paris, type="lives in")],
                            source=Document(page_content="Alice lives in Paris."))
        store.add_graph_documents([doc], include_source=True)
        store.add_graph_documents([doc], include_source=True)
        rows = store.query("MATCH (d:Document)-[:MENTIONS]->(a:Person)-[:LIVES_IN]->(c:City) "
                           "RETURN d.text AS text, a.id AS a, c.country AS country")
        assert rows == [{"text": "Alice lives in Paris.", "a": "Alice", "country": "FR"}]

    def test_clear_keeps_schema(self, store: GraphStore) -> None:
        seed(store)
        store.clear()
        assert store.query(queries.COUNT_POSTS) == [{"posts": 0}]
        store.write("CREATE (:Post {id: 'x'})")
        with pytest.raises(QueryFailed):
            store.write("CREATE (:Post {id: 'x'})")
