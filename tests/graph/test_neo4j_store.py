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
