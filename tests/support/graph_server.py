"""Graph fixtures: a real embedded FalkorDB server per test session, and Neo4j in a testcontainer where Docker
runs. Tests never mock the database. Enable with `pytest_plugins = ["tests.support.graph_server"]` in
tests/conftest.py (the graph test modules also import these fixtures directly).
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from core.settings import Settings


def graph_settings(home: Path, **overrides: object) -> Settings:
    """Settings for tests: state under `home`, nothing read from the developer's environment that matters."""
    values: dict[str, object] = {"home": home, "backend": "falkordb", "graph_name": "feedlens_test"}
    return Settings(**{**values, **overrides})


class _SessionHome:
    """The one home behind every copy of falkordb_home, and how many copies are using it."""

    home: Path | None = None
    users = 0


@pytest.fixture(scope="session")
def falkordb_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A FeedLens home whose FalkorDB server runs for the whole session and is stopped at the end.

    A module that imports this fixture gets its own session-scoped copy of it (pytest keys fixtures by where
    they are defined); every copy shares the first one's home, so a session runs one server, not one per module.
    """
    from graph.falkordb_server import server_for

    if _SessionHome.home is None:
        _SessionHome.home = tmp_path_factory.mktemp("feedlens_home")
        server_for(_SessionHome.home / "falkordb").ensure_running()
    home = _SessionHome.home
    _SessionHome.users += 1
    yield home
    _SessionHome.users -= 1
    if not _SessionHome.users:
        server_for(home / "falkordb").stop()
        _SessionHome.home = None


@pytest.fixture()
def falkordb_store(falkordb_home: Path) -> Iterator[object]:
    """An empty FalkorDBStore (with schema) on the session's server."""
    from graph.falkordb_store import FalkorDBStore

    store = FalkorDBStore(graph_settings(falkordb_home))
    store.clear()
    store.ensure_schema()
    yield store
    store.close()


@pytest.fixture(scope="session")
def neo4j_container() -> Iterator[object]:
    """A Neo4j 5 testcontainer, or a skip with the reason when no Docker engine answers."""
    docker = pytest.importorskip("docker")
    try:
        docker.from_env().ping()
    except Exception as exc:  # noqa: BLE001 - DockerException, connection refused, missing socket...
        pytest.skip(f"no Docker engine for the Neo4j testcontainer ({exc.__class__.__name__}: {exc})")
    from testcontainers.community.neo4j import Neo4jContainer

    with Neo4jContainer("neo4j:5") as container:
        yield container


@pytest.fixture()
def neo4j_store(neo4j_container: object, tmp_path: Path) -> Iterator[object]:
    """An empty Neo4jStore (with schema) on the session's container."""
    from graph.neo4j_store import Neo4jStore

    settings = graph_settings(tmp_path, backend="neo4j")
    store = Neo4jStore(settings, uri=neo4j_container.get_connection_url(),  # type: ignore[attr-defined]
                       username=neo4j_container.username, password=neo4j_container.password)  # type: ignore[attr-defined]
    store.clear()
    store.ensure_schema()
    yield store
    store.close()
