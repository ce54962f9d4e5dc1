"""FalkorDBStore and the embedded server, against a real redis-server + FalkorDB module (never a mock)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from core.errors import GraphUnavailable, QueryTimeout
from graph import queries
from graph.falkordb_server import FalkorDBServer
from graph.falkordb_store import FalkorDBStore
from tests.support.graph_server import graph_settings  # fixtures come from tests/conftest.py's pytest_plugins
from tests.support.store_contract import StoreContract, seed

REPO = Path(__file__).resolve().parents[2]


class TestFalkorDBContract(StoreContract):
    @pytest.fixture()
    def store(self, falkordb_store: FalkorDBStore) -> FalkorDBStore:
        return falkordb_store


@pytest.fixture()
def own_server(tmp_path: Path) -> Iterator[FalkorDBServer]:
    """A server on its own data dir, for tests that kill or restart it."""
    server = FalkorDBServer(tmp_path / "falkordb", startup_timeout=30)
    yield server
    server.stop(force=True)


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)


def test_read_timeout_is_reported(falkordb_store: FalkorDBStore) -> None:
    falkordb_store.timeout_ms = 1
    with pytest.raises(QueryTimeout):
        falkordb_store.query("UNWIND range(1, 20000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS n")


def test_server_is_private_and_small(falkordb_home: Path) -> None:
    store = FalkorDBStore(graph_settings(falkordb_home))
    socket_path = store.server.socket_path
    assert oct(socket_path.stat().st_mode & 0o777) == "0o700"
    client = redis.Redis(unix_socket_path=str(socket_path), decode_responses=True)
    assert client.config_get("port") == {"port": "0"}
    assert client.config_get("appendonly") == {"appendonly": "yes"}
    config = dict(client.execute_command("GRAPH.CONFIG", "GET", "*"))
    assert config["BOLT_PORT"] in (-1, 0, 65535)  # disabled: the Bolt port would listen on all interfaces
    assert config["OMP_THREAD_COUNT"] == 1 and config["THREAD_COUNT"] <= 2
    assert config["QUERY_MEM_CAPACITY"] > 0
    client.close()
    store.close()


def test_second_store_reuses_the_running_server(falkordb_store: FalkorDBStore, falkordb_home: Path) -> None:
    seed(falkordb_store)
    other_server = FalkorDBServer(falkordb_home / "falkordb")  # a fresh object, as another process would have
    other = FalkorDBStore(graph_settings(falkordb_home), server=other_server)
    assert not other_server.owned
    assert other.query(queries.COUNT_POSTS) == [{"posts": 5}]
    other.close()


def test_another_process_reuses_the_server_and_leaves_it_running(falkordb_store: FalkorDBStore,
                                                                  falkordb_home: Path) -> None:
    seed(falkordb_store)
    result = run_python(f"""
        from core.settings import Settings
        from graph.falkordb_store import FalkorDBStore
        store = FalkorDBStore(Settings(home={str(falkordb_home)!r}, graph_name="feedlens_test"))
        print(store.server.owned, store.query("MATCH (p:Post) RETURN count(p) AS n")[0]["n"])
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "5"]
    assert falkordb_store.query(queries.COUNT_POSTS) == [{"posts": 5}]  # still up after that process exited


def test_racing_processes_start_one_server(tmp_path: Path) -> None:
    code = f"""
        from graph.falkordb_server import FalkorDBServer
        s = FalkorDBServer({str(tmp_path / "falkordb")!r})
        s.ensure_running()
        print(s.recorded_pid(), flush=True)
        import time; time.sleep(1)
    """
    procs = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=REPO, text=True,
                              stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)})
             for _ in range(3)]
    pids = {proc.stdout.readline().strip() for proc in procs}  # type: ignore[union-attr]
    for proc in procs:
        proc.wait(timeout=60)
    assert len(pids) == 1 and pids != {"None"}
    FalkorDBServer(tmp_path / "falkordb").stop(force=True)


def test_restart_after_kill_keeps_data(own_server: FalkorDBServer, tmp_path: Path) -> None:
    store = FalkorDBStore(graph_settings(tmp_path), server=own_server)
    store.ensure_schema()
    seed(store)
    pid = own_server.recorded_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    # the store notices the dead server, restarts it once, and the append-only file brought the data back
    assert store.query(queries.COUNT_POSTS) == [{"posts": 5}]
    assert own_server.recorded_pid() not in (None, pid)
    store.close()


def test_data_survives_a_clean_stop(own_server: FalkorDBServer, tmp_path: Path) -> None:
    store = FalkorDBStore(graph_settings(tmp_path), server=own_server)
    seed(store)
    store.close()
    assert own_server.stop()
    assert own_server.ping() == "down" and not own_server.socket_path.exists()
    store = FalkorDBStore(graph_settings(tmp_path), server=own_server)
    assert store.query(queries.COUNT_POSTS) == [{"posts": 5}]
    store.close()


def test_stale_files_from_a_killed_run_are_handled(own_server: FalkorDBServer) -> None:
    own_server.data_dir.mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    own_server.pid_path.write_text(f"{dead.pid}\n")
    own_server.socket_path.touch()
    assert own_server.ping() == "down" and own_server.recorded_pid() is None
    own_server.ensure_running()
    assert own_server.is_running() and own_server.owned


def test_start_failure_shows_the_server_log(own_server: FalkorDBServer) -> None:
    manifest = own_server.data_dir / "appendonlydir" / "appendonly.aof.manifest"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("not a manifest\n")
    with pytest.raises(GraphUnavailable, match="(?s)exited with code.*manifest"):
        own_server.ensure_running()


def test_long_data_dir_gets_a_short_socket(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["d" * 30] * 4)
    server = FalkorDBServer(deep)
    assert len(str(server.socket_path)) <= 100
    assert server.socket_path == FalkorDBServer(deep).socket_path  # stable, so other processes find it


def test_cli_status_start_stop(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "cli")
    cli = [sys.executable, "-m", "graph.falkordb_server"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run(action: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, action, "--dir", data_dir], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=60, check=False)

    assert run("status").returncode == 1
    assert run("start").returncode == 0
    status = run("status")
    assert status.returncode == 0 and "state: up" in status.stdout  # start detached: it outlived the command
    assert "stopped" in run("stop").stdout
    assert "state: down" in run("status").stdout


def test_open_store_picks_falkordb(falkordb_home: Path) -> None:
    from graph.connect import open_store

    store = open_store(graph_settings(falkordb_home))
    assert isinstance(store, FalkorDBStore) and store.backend == "falkordb"
    store.close()


def test_importing_graph_stays_light() -> None:
    result = run_python("""
        import sys
        import graph.connect, graph.falkordb_store, graph.neo4j_store, graph.schema
        print(sorted(m for m in ("torch", "transformers", "langchain_core") if m in sys.modules))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
