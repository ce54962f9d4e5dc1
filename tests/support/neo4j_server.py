"""A real Neo4j 5 for the tests, without Docker: Neo4j Community (test harness), APOC and Neo4j Browser from
Maven Central, run in their own JVM (tests/support/neo4j_maven holds the pom and the launcher's Java main).

Maven resolves the artifacts into ~/.m2 on the first run (about 200 MB) and works offline after that (`mvn -o`
is tried first). The server binds Bolt and HTTP to free localhost ports, has auth on with generated passwords
(the admin `neo4j` and the user `feedlens_reader`), keeps its data in a temp dir and stops when the test session
ends: its stdin is a pipe from this process, so it also stops if pytest dies.
"""
from __future__ import annotations

import logging
import os
import secrets
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

MAVEN_DIR = Path(__file__).resolve().parent / "neo4j_maven"
READER_USER = "feedlens_reader"
START_TIMEOUT_S = 300  # a cold JVM on a busy 2-core machine took 35-60 s; allow for a slower one


class Neo4jUnavailable(RuntimeError):
    """This machine cannot run the Maven-built test server (the message says why): tests skip with it."""


@dataclass
class Neo4jEndpoint:
    """Where a running test Neo4j listens and how to log in (the same shape for the Maven and Docker servers)."""

    bolt_uri: str
    http_uri: str
    username: str
    password: str = field(repr=False)
    reader_username: str | None = None
    reader_password: str | None = field(default=None, repr=False)
    kind: str = "maven"
    start_seconds: float = 0.0

    @property
    def browser_url(self) -> str:
        return self.http_uri.rstrip("/") + "/browser/"


def missing_tools() -> str | None:
    """Why the Maven server cannot run here (no java / no mvn), or None when it can."""
    absent = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if absent:
        return (f"no {' and no '.join(absent)} on PATH: the Neo4j test server is built from Maven Central "
                "(install a JDK 17+ and Maven, e.g. `apt-get install openjdk-17-jdk-headless maven`)")
    return None


def _build_outputs(target: Path) -> list[Path]:
    return [target / "classes" / "FeedLensNeo4jServer.class", target / "classpath.txt", target / "plugins"]


def _up_to_date(target: Path) -> bool:
    outputs = _build_outputs(target)
    if not all(p.exists() for p in outputs):
        return False
    sources = [MAVEN_DIR / "pom.xml", *MAVEN_DIR.glob("src/main/java/*.java")]
    built = min(p.stat().st_mtime for p in outputs)
    if any(s.stat().st_mtime > built for s in sources):
        return False
    jars = (target / "classpath.txt").read_text().strip().split(os.pathsep)
    return all(Path(j).exists() for j in jars)  # ~/.m2 may have been cleaned since


def build(target: Path | None = None) -> Path:
    """Compile the launcher and resolve its classpath (offline from ~/.m2 when possible); returns the target dir."""
    reason = missing_tools()
    if reason:
        raise Neo4jUnavailable(reason)
    target = target or MAVEN_DIR / "target"
    if _up_to_date(target):
        return target
    base = ["mvn", "-B", "-q", "-f", str(MAVEN_DIR / "pom.xml"), f"-Dfeedlens.build.dir={target}", "package"]
    errors = []
    for offline in (True, False):
        command = base[:1] + ["-o"] + base[1:] if offline else base
        started = time.monotonic()
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=1800)
        if done.returncode == 0:
            logger.info("built the Neo4j test server (%s) in %.1f s", "offline" if offline else "online",
                        time.monotonic() - started)
            for path in _build_outputs(target):  # mvn keeps old mtimes on unchanged outputs
                path.touch()
            return target
        errors.append((done.stdout + done.stderr).strip()[-1500:])
    raise Neo4jUnavailable("Maven could not build the Neo4j test server (offline, then from Maven Central):\n"
                           + errors[-1])


class MavenNeo4jServer:
    """One Neo4j process; `start()` returns its endpoint, `stop()` shuts it down cleanly (then kills)."""

    def __init__(self, target: Path, heap: str = "768m", quick_start: bool = True) -> None:
        self.target = target
        self.heap = heap
        # C1 only: a test session's server starts about twice as fast, but writes run several times slower, so
        # benchmarks pass quick_start=False
        self.quick_start = quick_start
        self.workdir = Path(tempfile.mkdtemp(prefix="feedlens-neo4j-"))
        self.log_path = self.workdir / "server.log"
        self._process: subprocess.Popen[str] | None = None
        self.endpoint: Neo4jEndpoint | None = None

    def _command(self) -> list[str]:
        classpath = os.pathsep.join([str(self.target / "classes"),
                                     (self.target / "classpath.txt").read_text().strip(),
                                     str(self.target / "plugins" / "*")])  # APOC's extensions load from the classpath
        jit = ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"] if self.quick_start else []
        return ["java", f"-Xmx{self.heap}", *jit, "-cp", classpath,
                "FeedLensNeo4jServer", str(self.workdir / "data"), str(self.target / "plugins")]

    def start(self) -> Neo4jEndpoint:
        password, reader_password = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
        env = {**os.environ, "FEEDLENS_TEST_NEO4J_PASSWORD": password,
               "FEEDLENS_TEST_NEO4J_READER_PASSWORD": reader_password}
        started = time.monotonic()
        log = self.log_path.open("w")
        self._process = subprocess.Popen(self._command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=log, text=True, env=env)
        line = self._await_ready()
        fields = dict(part.split("=", 1) for part in line.split()[1:])
        self.endpoint = Neo4jEndpoint(
            bolt_uri=fields["bolt"].rstrip("/"), http_uri=fields["http"], username="neo4j", password=password,
            reader_username=READER_USER, reader_password=reader_password, kind="maven",
            start_seconds=time.monotonic() - started,
        )
        logger.info("Neo4j test server up in %.1f s at %s", self.endpoint.start_seconds, self.endpoint.bolt_uri)
        return self.endpoint

    def _await_ready(self) -> str:
        """The READY line; stdout is drained for the server's lifetime so a chatty JVM never blocks on it."""
        assert self._process is not None and self._process.stdout is not None
        stdout = self._process.stdout
        ready: list[str] = []
        seen = threading.Event()

        def drain() -> None:
            for line in stdout:
                if not ready and line.startswith("READY "):
                    ready.append(line.strip())
                    seen.set()
            seen.set()  # the process ended

        threading.Thread(target=drain, daemon=True).start()
        seen.wait(START_TIMEOUT_S)
        if ready:
            return ready[0]
        self.stop()
        tail = self.log_path.read_text(errors="replace")[-3000:]
        raise Neo4jUnavailable(f"the Neo4j test server did not start within {START_TIMEOUT_S} s "
                               f"(log {self.log_path}):\n{tail}")

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            if process.stdin:
                process.stdin.close()  # end of input: the server shuts the database down and exits
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_maven_server() -> tuple[MavenNeo4jServer, Neo4jEndpoint]:
    """Build (cached) and start the server; Neo4jUnavailable with the reason when this machine cannot."""
    server = MavenNeo4jServer(build())
    return server, server.start()
