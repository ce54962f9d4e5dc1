"""Graph fixtures: a real embedded FalkorDB server per test session, and a real Neo4j 5 per session (built from
Maven Central where java and mvn exist, else a testcontainer where Docker runs). Tests never mock the database.
Enable with `pytest_plugins = ["tests.support.graph_server"]` in tests/conftest.py (the graph test modules also
import these fixtures directly).
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


_STARTS: list[str] = []  # reported at the end of the session


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how long the Neo4j server took to start, when this session started one."""
    for line in _STARTS:
        terminalreporter.write_line(line)


def _docker_endpoint(stack: list[object]) -> object:
    """Neo4j 5 in a testcontainer (where a Docker engine answers), as an endpoint; the reason otherwise."""
    from tests.support.neo4j_server import Neo4jEndpoint

    try:
        import docker

        docker.from_env().ping()
    except Exception as exc:  # noqa: BLE001 - ImportError, DockerException, connection refused, missing socket...
        return f"no Docker engine for the Neo4j testcontainer ({exc.__class__.__name__}: {exc})"
    from testcontainers.community.neo4j import Neo4jContainer

    container = Neo4jContainer("neo4j:5")
    container.start()
    stack.append(container)
    http = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(7474)}/"
    return Neo4jEndpoint(bolt_uri=container.get_connection_url(), http_uri=http, username=container.username,
                         password=container.password, kind="docker")


@pytest.fixture(scope="session")
def neo4j_endpoint() -> Iterator[object]:
    """One real Neo4j 5 for the session: built from Maven Central where java and mvn exist (tests/support/
    neo4j_server.py), else a Docker testcontainer, else a skip that names both reasons. A server that was built
    but does not start fails the tests instead: that is a bug, not a missing tool."""
    from tests.support import neo4j_server

    reason = neo4j_server.missing_tools()
    if reason is None:
        try:
            target = neo4j_server.build()
        except neo4j_server.Neo4jUnavailable as exc:
            reason = str(exc)
        else:
            server = neo4j_server.MavenNeo4jServer(target)
            try:
                endpoint = server.start()
            except neo4j_server.Neo4jUnavailable as exc:
                pytest.fail(str(exc))
            _STARTS.append(f"Neo4j test server (Maven-built, {endpoint.bolt_uri}) started in "
                           f"{endpoint.start_seconds:.1f} s")
            try:
                yield endpoint
            finally:
                server.stop()
            return
    stack: list[object] = []
    docker_endpoint = _docker_endpoint(stack)
    if isinstance(docker_endpoint, str):
        pytest.skip(f"no Neo4j test server: {reason}; and {docker_endpoint}")
    try:
        yield docker_endpoint
    finally:
        for container in stack:
            container.stop()  # type: ignore[attr-defined]


def neo4j_settings(home: Path, endpoint: object, **overrides: object) -> Settings:
    """Settings that point a store at the session's Neo4j as its admin user."""
    values: dict[str, object] = {"backend": "neo4j", "neo4j_uri": endpoint.bolt_uri,  # type: ignore[attr-defined]
                                 "neo4j_username": endpoint.username,  # type: ignore[attr-defined]
                                 "neo4j_password": endpoint.password}  # type: ignore[attr-defined]
    return graph_settings(home, **{**values, **overrides})


@pytest.fixture()
def neo4j_store(neo4j_endpoint: object, tmp_path: Path) -> Iterator[object]:
    """An empty Neo4jStore (with schema) on the session's Neo4j."""
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_settings(tmp_path, neo4j_endpoint))
    store.clear()
    store.ensure_schema()
    yield store
    store.close()


ENGINES = ["falkordb", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=ENGINES)
def graph_store(request: pytest.FixtureRequest) -> object:
    """An empty store with schema on each engine in turn: one suite, two engines (the neo4j case is marked neo4j)."""
    return request.getfixturevalue(f"{request.param}_store")
