"""Neo4jStore: the shared contract against a real Neo4j 5 (marked neo4j: the Maven-built test server, or a
testcontainer; skipped with the reason where neither can run), plus connection-error translation, which needs no
server."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from core.errors import GraphUnavailable
from tests.support.graph_server import graph_settings  # fixtures come from tests/conftest.py's pytest_plugins
from tests.support.store_contract import StoreContract


@pytest.mark.neo4j
class TestNeo4jContract(StoreContract):
    @pytest.fixture()
    def store(self, neo4j_store: object) -> object:
        return neo4j_store


def test_unreachable_server_is_graph_unavailable_without_leaking_the_password(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from graph.neo4j_store import Neo4jStore

    secret = "s3cret-do-not-log"
    settings = graph_settings(tmp_path, backend="neo4j")
    caplog.set_level(logging.DEBUG)
    with pytest.raises(GraphUnavailable, match="docker compose up") as raised:
        Neo4jStore(settings, uri="bolt://127.0.0.1:9", username="neo4j", password=secret)
    assert secret not in str(raised.value)
    assert secret not in caplog.text


def test_open_store_picks_neo4j(tmp_path: Path) -> None:
    from graph.connect import open_store

    with pytest.raises(GraphUnavailable):  # the backend is chosen; no server here, so the error says how to fix it
        open_store(graph_settings(tmp_path, backend="neo4j", neo4j_uri="bolt://127.0.0.1:9"))


@pytest.mark.neo4j
def test_the_agents_reader_user_cannot_write_through_query(neo4j_endpoint, tmp_path: Path) -> None:
    """The agent's session is a READ access-mode transaction as the documented user `feedlens_reader`: every
    write is refused by the server, with the message the user sees. (Community has no roles, so the user
    alone would not stop a write: the access mode does; on Enterprise/Aura grant it the `reader` role.)"""
    from core.errors import ReadOnlyViolation
    from graph.neo4j_store import Neo4jStore
    from tests.support.graph_server import neo4j_settings

    settings = neo4j_settings(tmp_path, neo4j_endpoint, neo4j_username=neo4j_endpoint.reader_username,
                              neo4j_password=neo4j_endpoint.reader_password)
    with Neo4jStore(settings) as store:
        assert store.query("RETURN 1 AS one") == [{"one": 1}]
        for statement in ("CREATE (:Post {id: 'evil'})", "MATCH (n) DETACH DELETE n",
                          "CALL db.createLabel('Sneaky')", "CREATE INDEX evil FOR (n:Post) ON (n.caption)"):
            with pytest.raises(ReadOnlyViolation) as refused:
                store.query(statement)
            assert str(refused.value).startswith("This query would change the graph, and queries here are read-only")


@pytest.mark.neo4j
def test_no_password_in_logs_errors_or_settings(neo4j_endpoint, tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    from core.errors import ConfigError, QueryFailed
    from graph.neo4j_store import Neo4jStore
    from tests.support.graph_server import neo4j_settings

    caplog.set_level(logging.DEBUG)  # the driver's own debug logging included
    settings = neo4j_settings(tmp_path, neo4j_endpoint)
    messages = [repr(settings), str(settings.model_dump())]
    with Neo4jStore(settings) as store:
        store.query("MATCH (n) RETURN count(n) AS n")
        with pytest.raises(QueryFailed) as failed:
            store.query("MATCH (n RETURN n")
        messages.append(str(failed.value))
    with pytest.raises(ConfigError) as refused:
        Neo4jStore(neo4j_settings(tmp_path, neo4j_endpoint, neo4j_password=neo4j_endpoint.password + "-wrong"))
    messages.append(str(refused.value))
    assert "refused the login" in messages[-1]
    for secret in (neo4j_endpoint.password, neo4j_endpoint.password + "-wrong"):
        assert secret not in caplog.text
        assert not any(secret in message for message in messages)


@pytest.mark.neo4j
def test_langchain_neo4jgraph_with_enhanced_schema_reads_the_same_graph(neo4j_store, neo4j_endpoint) -> None:
    """langchain-neo4j's own Neo4jGraph (APOC's meta procedures, enhanced_schema) sees the relationships our
    sampled schema describes: the server's APOC works, and either adapter can ground the agent."""
    from langchain_neo4j import Neo4jGraph

    from tests.support.store_contract import seed

    seed(neo4j_store)
    graph = Neo4jGraph(url=neo4j_endpoint.bolt_uri, username=neo4j_endpoint.username,
                       password=neo4j_endpoint.password, enhanced_schema=True, refresh_schema=True)
    try:
        theirs = {(r["start"], r["type"], r["end"]) for r in graph.get_structured_schema["relationships"]}
        ours = {(r["start"], r["type"], r["end"]) for r in neo4j_store.get_structured_schema["relationships"]}
        assert theirs == ours and ("Post", "ABOUT", "Topic") in ours
        text = graph.get_schema  # the enhanced format: properties with example values
        assert "- **Post**" in text and "`caption`: STRING" in text
    finally:
        graph.close()
