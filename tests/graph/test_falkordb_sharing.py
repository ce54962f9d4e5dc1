"""Several FeedLens processes on one home share one embedded server: real processes, a real redis-server.

Each client below is a separate Python process driven over stdin, so exits are real interpreter exits (atexit
runs) and kill -9 is a real kill -9.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.falkordb_server import FalkorDBServer

REPO = Path(__file__).resolve().parents[2]

CLIENT = """
    import sys
    from core.settings import Settings
    from graph.falkordb_store import FalkorDBStore
    store = FalkorDBStore(Settings(home=sys.argv[1], graph_name="feedlens_test"))
    print("ready", store.server.recorded_pid(), flush=True)
    for line in sys.stdin:
        if line.strip() == "query":
            rows = store.query("MATCH (n) RETURN count(n) AS n")
            n = rows[0]["n"] if rows else 0  # a graph never written to answers no rows
            print("answer", n, store.server.recorded_pid(), flush=True)
        else:
            break
"""


def server_pids(home: Path) -> set[int]:
    """Pids of redis-server processes serving this home's socket."""
    return redis_servers(str(FalkorDBServer(home / "falkordb").socket_path))


def redis_servers(naming: str) -> set[int]:
    """Pids of redis-server processes whose command line (the socket is in it) contains `naming`."""
    found = subprocess.run(["pgrep", "-f", "redis-server"], capture_output=True, text=True, check=False).stdout
    pids = set()
    for pid in map(int, found.split()):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state == "Z":
            continue  # exited, waiting for its parent to reap it
        if naming in cmdline:
            pids.add(pid)
    return pids


def wait_for(condition, timeout: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


class Client:
    """One FeedLens process using the graph of `home`."""

    def __init__(self, home: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(CLIENT), str(home)], cwd=REPO, text=True, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        self.server_pid = int(self._reply("ready")[0])

    def _reply(self, tag: str) -> list[str]:
        line = self.proc.stdout.readline().split()  # type: ignore[union-attr]
        assert line and line[0] == tag, f"client said {line!r}"
        return line[1:]

    def query(self) -> tuple[int, int]:
        """(node count, pid of the server that answered)."""
        self.proc.stdin.write("query\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        count, pid = self._reply("answer")
        return int(count), int(pid)

    def exit(self) -> None:
        self.proc.stdin.write("exit\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        assert self.proc.wait(timeout=60) == 0

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture()
def home(tmp_path: Path) -> Iterator[Path]:
    """A home no server may outlive: the test fails if one is left, and the leftover is stopped anyway."""
    yield tmp_path
    left = server_pids(tmp_path)
    FalkorDBServer(tmp_path / "falkordb").stop(force=True)
    for pid in server_pids(tmp_path):
        os.kill(pid, signal.SIGKILL)
    assert not left, f"redis-server {left} left running for {tmp_path}"


def test_the_server_outlives_its_first_client_and_stops_with_the_last(home: Path) -> None:
    first = Client(home)
    second = Client(home)
    assert first.server_pid == second.server_pid
    first.exit()
    assert second.query() == (0, first.server_pid)  # answered by the same server: it was never stopped
    assert server_pids(home) == {first.server_pid}
    second.exit()
    assert wait_for(lambda: not server_pids(home))
    assert FalkorDBServer(home / "falkordb").clients() == []


def test_a_killed_client_is_reaped_and_its_orphaned_server_reused_then_stopped(home: Path) -> None:
    killed = Client(home)
    killed.kill()
    assert server_pids(home) == {killed.server_pid}  # orphaned: nobody will stop it ...
    survivor = Client(home)
    assert survivor.server_pid == killed.server_pid  # ... until the next run reuses it
    assert server_pids(home) == {killed.server_pid}
    assert FalkorDBServer(home / "falkordb").clients() == [str(survivor.proc.pid)]  # the dead lease is gone
    assert survivor.query()[1] == killed.server_pid
    survivor.exit()
    assert wait_for(lambda: not server_pids(home))  # and stops it as the last one out


def test_cli_start_pins_the_server_past_its_clients(home: Path) -> None:
    cli = [sys.executable, "-m", "graph.falkordb_server"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def run(action: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, action, "--dir", str(home / "falkordb")], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=60, check=False)

    assert run("start").returncode == 0
    started = server_pids(home)
    client = Client(home)
    client.exit()
    assert server_pids(home) == started and len(started) == 1  # pinned: the client's exit does not stop it
    assert "stopped" in run("stop").stdout
    assert wait_for(lambda: not server_pids(home))


def test_a_test_session_runs_one_session_server_and_leaves_none_behind(tmp_path: Path) -> None:
    """The suite's own fixtures (the session server, kills, restarts, racing starts) stop every server they
    start; and a module that imports falkordb_home (the agent tests do) shares the session's home and server."""
    basetemp = Path(os.environ.get("TMPDIR", "/tmp")) / f"fl-{os.getpid()}"  # short: sockets stay in the tree
    before = redis_servers(str(basetemp))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--basetemp={basetemp}",
         "tests/graph/test_falkordb_store.py", "tests/agent/test_agent_hostile.py",
         "-k", "restart or racing or reuses or stale or clean_stop or refuses_writes"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout
    left = redis_servers(str(basetemp))
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    homes = list(basetemp.glob("feedlens_home[0-9]*"))
    shutil.rmtree(basetemp, ignore_errors=True)
    assert not before and not left, f"redis-server {left} left running under {basetemp}"
    assert len(homes) == 1, homes


def test_an_orphan_whose_socket_was_deleted_is_stopped_not_waited_for(home: Path) -> None:
    killed = Client(home)
    killed.kill()
    FalkorDBServer(home / "falkordb").socket_path.unlink()  # e.g. a temp cleaner: the orphan is unreachable
    started = time.monotonic()
    survivor = Client(home)
    assert time.monotonic() - started < 30  # not the 60 s start-up timeout
    assert server_pids(home) == {survivor.server_pid} and survivor.server_pid != killed.server_pid
    assert survivor.query()[1] == survivor.server_pid
    survivor.exit()
    assert wait_for(lambda: not server_pids(home))


def test_a_lease_whose_pid_now_names_another_process_is_stale(tmp_path: Path) -> None:
    server = FalkorDBServer(tmp_path / "falkordb")
    server.clients_dir.mkdir(parents=True)
    (server.clients_dir / str(os.getpid())).write_text("1\n")  # a live pid, but not the process that wrote it
    (server.clients_dir / "pinned").touch()
    assert server.clients() == ["pinned"]


def test_a_terminated_load_releases_its_claim_and_stops_the_server(home: Path) -> None:
    """`kill` (SIGTERM) of a loader ends it like Ctrl-C: its lease goes and, as the last client, its server stops."""
    csv = home / "many.csv"
    csv.write_text("id,caption\n" + "".join(f"{i},post number {i} #tag{i % 50}\n" for i in range(100_000)))
    env = {**os.environ, "FEEDLENS_HOME": str(home), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-m", "ingest", str(csv), "--pipeline", "minimal", "--no-progress"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lease = home / "falkordb" / "clients" / str(proc.pid)
    try:
        assert wait_for(lease.exists, timeout=120), "the loader never attached to the server"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 143  # ended by the signal while loading, not finished
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not lease.exists()
    assert wait_for(lambda: not server_pids(home), timeout=30)
