"""Reliability probes: run the real CLIs against broken inputs and hostile environments, write a markdown report.

    python -m research.reliability --out docs/reliability.md [--only NAME ...]

Every probe runs `python -m ingest`, `python -m agent.ask` (a template-path question, so no LLM) and
`python -m research.graph_dump` as subprocesses, each in a fresh temporary FEEDLENS_HOME, with
`--pipeline minimal`. A probe passes when its stated expectation holds: no traceback, the right exit code
(0 for a load, 2 for an environment problem), nothing lost (every input row loaded or reported) and no
FalkorDB server of the probe's home still running afterwards.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TRACEBACK = "Traceback (most recent call last)"
QUESTION = "How many posts are there?"
SHOWN_LINES = 12


@dataclass
class Step:
    """One CLI run: its command, exit code and what the user saw."""

    label: str
    cmd: list[str]
    rc: int | None
    stdout: str
    stderr: str
    seconds: float
    env_note: str = ""

    @property
    def traceback(self) -> bool:
        return TRACEBACK in self.stdout or TRACEBACK in self.stderr

    def shown(self) -> str:
        """The first lines of stdout and stderr, trimmed."""
        out: list[str] = []
        for name, text in (("stdout", self.stdout), ("stderr", self.stderr)):
            lines = [line.rstrip()[:160] for line in text.splitlines() if line.strip()]
            if lines:
                out.append(f"[{name}]")
                out += lines[:SHOWN_LINES]
                if len(lines) > SHOWN_LINES:
                    out.append(f"... ({len(lines) - SHOWN_LINES} more lines)")
        return "\n".join(out) or "(no output)"


@dataclass
class Result:
    name: str
    what: str
    expectation: str
    steps: list[Step] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    checks: list[tuple[str, bool]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(ok for _, ok in self.checks)

    def check(self, what: str, ok: bool) -> bool:
        self.checks.append((what, bool(ok)))
        return bool(ok)


class Lab:
    """A temporary folder per probe, and the way to run the CLIs in it."""

    def __init__(self, root: Path, result: Result) -> None:
        self.root = root
        self.result = result
        self.homes: list[Path] = []

    def home(self, name: str = "home") -> Path:
        home = self.root / name
        self.homes.append(home)
        return home

    def env(self, home: Path | None, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FEEDLENS_")}
        env.update(PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1",
                   FEEDLENS_MODEL_CACHE=str(self.root / "model-cache"))
        if home is not None:
            env["FEEDLENS_HOME"] = str(home)
        env.update(extra or {})
        return env

    def cmd(self, module: str, *args: str) -> list[str]:
        return [sys.executable, "-m", module, *args]

    def run(self, label: str, cmd: list[str], home: Path | None, extra: dict[str, str] | None = None,
            timeout: float = 60, record: bool = True) -> Step:
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, cwd=self.root, env=self.env(home, extra), capture_output=True, text=True,
                                  timeout=timeout, check=False, errors="replace")
            rc, out, err = proc.returncode, proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as exc:
            rc, out, err = None, _text(exc.stdout), _text(exc.stderr) + f"\n(timed out after {timeout}s)"
        step = Step(label, cmd, rc, out, err, time.monotonic() - start, _env_note(home, extra))
        if record:
            self.result.steps.append(step)
        return step

    def load(self, source: Path, home: Path, *args: str, label: str = "load") -> Step:
        return self.run(label, self.cmd("ingest", str(source), "--pipeline", "minimal", "--no-progress", *args),
                        home)

    def ask(self, home: Path, label: str = "ask") -> Step:
        return self.run(label, self.cmd("agent.ask", QUESTION), home)

    def dump(self, home: Path, key: str = "graph", out: Path | None = None) -> dict[str, Any]:
        """graph_dump's counts and hash (recorded under `key`); with `out`, the full sorted dump is written there."""
        extra = ("--out", str(out)) if out else ()
        step = self.run("graph_dump", self.cmd("research.graph_dump", *extra), home, record=False)
        try:
            counts = json.loads(step.stdout)
        except json.JSONDecodeError:
            counts = {"error": (step.stderr or step.stdout).strip()[-300:]}
        self.result.counts[key] = counts
        return counts

    def popen(self, source: Path, home: Path, *args: str) -> tuple[list[str], subprocess.Popen[str]]:
        cmd = self.cmd("ingest", str(source), "--pipeline", "minimal", "--no-progress", *args)
        proc = subprocess.Popen(cmd, cwd=self.root, env=self.env(home), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, errors="replace")
        return cmd, proc

    def finish(self, label: str, cmd: list[str], proc: subprocess.Popen[str], home: Path, start: float,
               note: str = "") -> Step:
        try:
            out, err = proc.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        step = Step(label, cmd, proc.returncode, out, err, time.monotonic() - start, _env_note(home, None))
        if note:
            step.env_note += ("; " if step.env_note else "") + note
        self.result.steps.append(step)
        return step

    def check_common(self, expect_rc: tuple[int, ...] = (0,)) -> None:
        """No traceback in any step, the expected exit codes, and no server left running for any home."""
        for step in self.result.steps:
            self.result.check(f"`{step.label}`: no traceback", not step.traceback)
            if step.rc is not None and step.rc >= 0:
                self.result.check(f"`{step.label}`: exit code {step.rc} in {expect_rc}", step.rc in expect_rc)
        for home in self.homes:
            leaked = servers_of(home)
            self.result.check(f"no server left for `{home.name}`" + (f" (pids {leaked})" if leaked else ""),
                              not leaked)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode(errors="replace")
    return value or ""


def _env_note(home: Path | None, extra: dict[str, str] | None) -> str:
    parts = [f"FEEDLENS_HOME={home}"] if home else []
    parts += [f"{k}={v}" for k, v in (extra or {}).items()]
    return " ".join(parts)


def servers_of(home: Path) -> list[int]:
    """Pids of redis-server processes whose command line names this home (its data dir or socket)."""
    from graph.falkordb_server import _socket_for

    needles = {str(home), str(_socket_for(home / "falkordb"))}
    proc = subprocess.run(["pgrep", "-af", "redis-server"], capture_output=True, text=True, check=False)
    pids = []
    for line in proc.stdout.splitlines():
        pid, _, cmdline = line.partition(" ")
        if any(n in cmdline for n in needles) and "pgrep" not in cmdline:
            pids.append(int(pid))
    return pids


def report_of(home: Path) -> dict[str, Any]:
    """The newest JSON load report in a home (empty when none was written)."""
    reports = sorted((home / "reports").glob("*.json")) if (home / "reports").is_dir() else []
    return json.loads(reports[-1].read_text(encoding="utf-8")) if reports else {}


def posts(counts: dict[str, Any]) -> int:
    return int(counts.get("labels", {}).get("Post", 0))


def reported(report: dict[str, Any]) -> list[str]:
    return [item.get("location", "") for item in report.get("import_skipped", [])]


# ----------------------------------------------------------------------------------------------- the inputs

def hashtag_csv(path: Path, rows: int, seed: int, offset: int = 0) -> Path:
    """A CSV of captions with hashtags drawn from a shared vocabulary (so concurrent loads touch the same tags)."""
    rng = random.Random(seed)
    vocab = [f"tag{i}" for i in range(400)]
    lines = ["id,caption"]
    for i in range(rows):
        tags = " ".join("#" + t for t in rng.sample(vocab, 4))
        lines.append(f"p{offset + i},post number {offset + i} about {tags}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def broken_folder(root: Path) -> tuple[Path, list[str]]:
    """A folder with 17 kinds of broken files (and two good photos); returns it and the broken names."""
    from PIL import Image

    folder = root / "broken"
    folder.mkdir(parents=True)
    Image.new("RGB", (32, 24), (200, 80, 40)).save(folder / "good1.jpg")
    Image.new("RGB", (32, 24), (20, 80, 240)).save(folder / "good2.png")
    (folder / "good2.txt").write_text("a fine caption #ok", encoding="utf-8")
    whole = folder / "tmp_whole.jpg"
    Image.new("RGB", (256, 256), (10, 200, 20)).save(whole, quality=95)
    data = whole.read_bytes()
    whole.unlink()
    broken: dict[str, Callable[[Path], None]] = {
        "truncated.jpg": lambda p: p.write_bytes(data[: len(data) // 3]),
        "empty.jpg": lambda p: p.write_bytes(b""),
        "random.jpg": lambda p: p.write_bytes(random.Random(1).randbytes(4096)),
        "notes.xyz": lambda p: p.write_bytes(b"an unknown extension"),
        "huge.png": lambda p: Image.new("L", (12_000, 12_000)).save(p, optimize=False),
        "cmyk.jpg": lambda p: Image.new("CMYK", (40, 30), (0, 120, 120, 10)).save(p),
        "header_only.png": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n"),
        "wrong_ext.png": lambda p: Image.new("RGB", (20, 20)).save(p, format="JPEG"),
        "html.jpg": lambda p: p.write_text("<html><body>404 not found</body></html>", encoding="utf-8"),
        "p16.tiff": lambda p: Image.new("I;16", (20, 20)).save(p),
    }
    for name, make in broken.items():
        make(folder / name)
    # captions and sidecars next to good photos
    sidecars = {
        "nul": ("caption.txt", "hello\x00world what a lovely sunny day in the park #sun"),
        "long": ("caption.txt", ("a long caption " * 7000)[:100_000]),
        "badutf8": ("caption.txt", None),
        "bigts": ("caption.json", json.dumps({"caption": "far future", "timestamp": 1e20})),
        "badjson": ("caption.json", "{not json"),
        "listjson": ("caption.json", json.dumps([1, 2, 3])),
        "orphan": ("caption.txt", "a caption without its photo"),
    }
    for stem, (kind, text) in sidecars.items():
        if stem != "orphan":
            Image.new("RGB", (16, 16), (90, 90, 90)).save(folder / f"{stem}.jpg")
        sidecar = folder / f"{stem}.{kind.split('.')[1]}"
        if text is None:
            sidecar.write_bytes(b"caf\xe9 \xff\xfe broken utf-8 #x")
        else:
            sidecar.write_text(text, encoding="utf-8")
    names = list(broken) + [f"{stem}.{kind.split('.')[1]}" for stem, (kind, _) in sidecars.items()]
    return folder, names


# ----------------------------------------------------------------------------------------------- the probes

def probe_unclosed_quote(lab: Lab) -> None:
    src = lab.root / "q.csv"
    src.write_text('id,caption\n1,first post\n2,"unclosed quote\n3,third\n4,fourth\n5,fifth\n', encoding="utf-8")
    home = lab.home()
    lab.load(src, home)
    counts = lab.dump(home)
    lab.ask(home)
    lost = 5 - posts(counts) - len(reported(report_of(home)))
    lab.check_common()
    lab.result.check(f"5 rows = {posts(counts)} loaded + {len(reported(report_of(home)))} reported", lost <= 0)


def probe_semicolon_rows(lab: Lab) -> None:
    src = lab.root / "semi.csv"
    src.write_text("id,caption,date\n" + "".join(f"{i};caption {i} #x;2020-01-0{i}\n" for i in range(1, 6)),
                   encoding="utf-8")
    home = lab.home()
    step = lab.load(src, home)
    counts = lab.dump(home)
    n_reported = len(reported(report_of(home)))
    lab.check_common()
    lab.result.check(f"5 rows = {posts(counts)} loaded + {n_reported} reported", posts(counts) + n_reported >= 5)
    if posts(counts) == 0:
        text = (step.stdout + step.stderr).lower()
        lab.result.check("nothing loaded, so the output hints at the delimiter",
                         "delimiter" in text or "semicolon" in text or "';'" in text)


def probe_missing_column(lab: Lab) -> None:
    src = lab.root / "posts.csv"
    src.write_text("id,caption\n1,hello #a\n2,world #b\n", encoding="utf-8")
    home = lab.home()
    step = lab.load(src, home, "--caption-column", "text")
    lab.check_common(expect_rc=(2,))
    lab.result.check("the message names the `--caption-column` flag", "--caption-column" in step.stdout + step.stderr)


def probe_instagram_bad_entry(lab: Lab) -> None:
    from PIL import Image

    export = lab.root / "instagram"
    content = export / "your_instagram_activity" / "content"
    content.mkdir(parents=True)
    (export / "media/posts/202001").mkdir(parents=True)
    for i in range(4):
        Image.new("RGB", (32, 24), (60 * i, 80, 40)).save(export / f"media/posts/202001/{i}.jpg")
    entries = [
        {"media": [{"uri": "media/posts/202001/0.jpg", "creation_timestamp": 1580000000, "title": "good #one"}]},
        {"media": 7, "title": "bad media", "creation_timestamp": 1580000100},
        {"media": [{"uri": "media/posts/202001/2.jpg", "creation_timestamp": 1580000200, "title": 12345}]},
        {"media": [{"uri": "media/posts/202001/3.jpg", "creation_timestamp": 1580000300, "title": "third #two"}]},
    ]
    (content / "posts_1.json").write_text(json.dumps(entries), encoding="ascii")
    home = lab.home()
    step = lab.load(export, home)
    dump_file = lab.root / "dump.txt"
    counts = lab.dump(home, out=dump_file)
    dump_text = dump_file.read_text(encoding="utf-8") if dump_file.exists() else ""
    n_reported = len(reported(report_of(home)))
    lab.check_common()
    lab.result.check(f"4 entries = {posts(counts)} loaded + {n_reported} reported", posts(counts) + n_reported >= 4)
    lab.result.check("the entry with `media: 7` is reported", "got 7" in step.stdout + step.stderr)
    lab.result.check("the numeric title is kept as the caption \"12345\" or reported",
                     '"caption": "12345"' in dump_text or "title" in step.stdout + step.stderr)


def probe_facebook_bad_entry(lab: Lab) -> None:
    export = lab.root / "facebook"
    (export / "posts").mkdir(parents=True)
    entries = [
        {"timestamp": 1600000000, "data": [{"post": "first #fb"}]},
        {"timestamp": 1600000500, "data": 5},
        {"timestamp": 1600001000, "data": [{"post": "third #fb"}]},
    ]
    (export / "posts" / "your_posts_1.json").write_text(json.dumps(entries), encoding="ascii")
    home = lab.home()
    lab.load(export, home)
    counts = lab.dump(home)
    n_reported = len(reported(report_of(home)))
    lab.check_common()
    lab.result.check(f"3 entries = {posts(counts)} loaded + {n_reported} reported", posts(counts) + n_reported >= 3)


def probe_broken_folder(lab: Lab) -> None:
    folder, names = broken_folder(lab.root)
    home = lab.home()
    step = lab.load(folder, home)
    dump_file = lab.root / "dump.txt"
    lab.dump(home, out=dump_file)
    loaded_stems = set()
    for line in (dump_file.read_text(encoding="utf-8").split("\n--\n")[0].splitlines() if dump_file.exists()
                 else []):
        label, props = json.loads(line)
        if label == "Post":
            loaded_stems.add(Path(str(props.get("id", "")).split(":", 1)[-1]).stem)
    on_screen = step.stdout + step.stderr
    named = [n for n in names if n in on_screen or Path(n).stem + "." in on_screen]
    as_posts = [n for n in names if n not in named and Path(n).stem in loaded_stems]
    unaccounted = [n for n in names if n not in named and n not in as_posts]
    lab.check_common()
    lab.result.counts["broken files"] = len(names)
    lab.result.counts["named on screen"] = named
    lab.result.counts["loaded as posts, not named"] = as_posts
    lab.result.counts["neither loaded nor named"] = unaccounted
    lab.result.check(f"every broken file is loaded as a post or named on screen ({len(named)} named, "
                     f"{len(as_posts)} loaded, {len(unaccounted)} neither)", not unaccounted)
    lab.result.check("no DecompressionBomb warning printed", "DecompressionBomb" not in on_screen)
    lab.result.check("the 1e20 timestamp is not shown as 1e+17", "1e+17" not in on_screen)
    lab.result.check("the unknown extension is named on screen", "notes.xyz" in on_screen)
    lab.result.check("the NUL byte in a caption is named on screen", "nul." in on_screen)


def probe_home_is_file(lab: Lab) -> None:
    home = lab.root / "home-file"
    home.write_text("not a folder", encoding="utf-8")
    src = lab.root / "p.csv"
    src.write_text("id,caption\n1,hello\n", encoding="utf-8")
    lab.load(src, home)
    lab.ask(home)
    lab.check_common(expect_rc=(2,))


def probe_home_inside_file(lab: Lab) -> None:
    parent = lab.root / "a-file"
    parent.write_text("not a folder", encoding="utf-8")
    home = parent / "home"
    src = lab.root / "p.csv"
    src.write_text("id,caption\n1,hello\n", encoding="utf-8")
    lab.load(src, home)
    lab.ask(home)
    lab.check_common(expect_rc=(2,))


def probe_mistyped_variable(lab: Lab) -> None:
    home = lab.home()
    src = lab.root / "p.csv"
    src.write_text("id,caption\n1,hello\n", encoding="utf-8")
    step = lab.run("load", lab.cmd("ingest", str(src), "--pipeline", "minimal", "--no-progress"), home,
                   extra={"FEEDLENS_BAKCEND": "neo4j"})
    lab.check_common(expect_rc=(2,))
    lab.result.check("the message names the closest setting (FEEDLENS_BACKEND)",
                     "FEEDLENS_BACKEND" in step.stdout + step.stderr)


def probe_concurrent_loads(lab: Lab) -> None:
    a = hashtag_csv(lab.root / "a.csv", 300, seed=1)
    b = hashtag_csv(lab.root / "b.csv", 300, seed=2, offset=300)
    together, apart = lab.home("together"), lab.home("sequential")
    start = time.monotonic()
    (cmd_a, pa), (cmd_b, pb) = lab.popen(a, together, "--chunk-size", "20"), lab.popen(b, together, "--chunk-size",
                                                                                            "20")
    lab.finish("load a (concurrent)", cmd_a, pa, together, start)
    lab.finish("load b (concurrent)", cmd_b, pb, together, start)
    lab.load(a, apart, label="load a (sequential)")
    lab.load(b, apart, label="load b (sequential)")
    c_together, c_apart = lab.dump(together, "concurrent"), lab.dump(apart, "sequential")
    lab.check_common()
    lab.result.check(f"posts: concurrent {posts(c_together)} = sequential {posts(c_apart)} = 600",
                     posts(c_together) == posts(c_apart) == 600)
    labels_t, labels_s = c_together.get("labels", {}), c_apart.get("labels", {})
    lab.result.check(f"node counts by label equal ({labels_t} vs {labels_s})", labels_t == labels_s)
    lab.result.check("graph hashes equal", c_together.get("sha256") == c_apart.get("sha256"))


def _kill_mid_load(lab: Lab, home: Path, src: Path, sig: int, label: str) -> tuple[Step, bool]:
    """Start a load, wait until its server is up and it has written something, then send `sig`."""
    start = time.monotonic()
    cmd, proc = lab.popen(src, home, "--chunk-size", "10")
    deadline = start + 30
    while time.monotonic() < deadline and proc.poll() is None:
        if servers_of(home) and time.monotonic() - start > 1.2:
            break
        time.sleep(0.05)
    running = proc.poll() is None
    if running:
        proc.send_signal(sig)
    note = f"{signal.Signals(sig).name} after {time.monotonic() - start:.1f}s" + ("" if running else
                                                                                   " (the load had already ended)")
    return lab.finish(label, cmd, proc, home, start, note), running


def probe_kill9_rerun(lab: Lab) -> None:
    src = hashtag_csv(lab.root / "big.csv", 3000, seed=3)
    killed, clean = lab.home("killed"), lab.home("uninterrupted")
    _, was_running = _kill_mid_load(lab, killed, src, signal.SIGKILL, "load, killed with -9")
    lab.result.counts["servers of the killed home before the re-run (an orphan is reaped by the next run)"] = len(
        servers_of(killed))
    rerun = lab.load(src, killed, label="re-run")
    lab.load(src, clean, label="uninterrupted load")
    c_killed, c_clean = lab.dump(killed, "re-run after kill -9"), lab.dump(clean, "uninterrupted")
    lab.result.check("the load was still running when killed", was_running)
    for step in lab.result.steps:
        lab.result.check(f"`{step.label}`: no traceback", not step.traceback)
    lab.result.check(f"`re-run`: exit code {rerun.rc} == 0", rerun.rc == 0)
    lab.result.check("graph hash after kill + re-run equals the uninterrupted load's",
                     c_killed.get("sha256") is not None and c_killed.get("sha256") == c_clean.get("sha256"))
    for home in lab.homes:
        leaked = servers_of(home)
        lab.result.check(f"no server left for `{home.name}`" + (f" (pids {leaked})" if leaked else ""), not leaked)


def probe_sigterm(lab: Lab) -> None:
    from graph.falkordb_server import _socket_for

    src = hashtag_csv(lab.root / "big.csv", 3000, seed=4)
    home = lab.home()
    step, was_running = _kill_mid_load(lab, home, src, signal.SIGTERM, "load, SIGTERM")
    time.sleep(0.5)
    lab.result.check("the load was still running when signalled", was_running)
    lab.result.check(f"exit code {step.rc} is not 0 (the load was stopped) and not 1", step.rc not in (0, 1))
    lab.result.check("no traceback", not step.traceback)
    leaked = servers_of(home)
    lab.result.check("no redis-server of this home left (pgrep -f redis-server)" + (f": {leaked}" if leaked else ""),
                     not leaked)
    socket = _socket_for(home / "falkordb")
    lab.result.check("the home's socket file is gone", not socket.exists())
    lab.result.counts["socket"] = str(socket).replace(str(lab.root), "$TMP")


@dataclass
class Probe:
    name: str
    what: str
    expectation: str
    run: Callable[[Lab], None]


PROBES = [
    Probe("unclosed-quote-csv", "A CSV whose row 2 opens a quote that never closes (the issue's `q.csv`), then a "
          "template-path question.", "exit 0, no traceback; all 5 rows loaded or reported", probe_unclosed_quote),
    Probe("semicolon-rows", "A comma header over five semicolon-separated rows.",
          "exit 0, no traceback; every row loaded or reported; a delimiter hint if nothing loads",
          probe_semicolon_rows),
    Probe("missing-caption-column", "`--caption-column text` on a CSV that has no `text` column.",
          "exit 2, no traceback; the message names the flag", probe_missing_column),
    Probe("instagram-bad-entry", "An Instagram `posts_1.json` with one entry whose `media` is 7 and one with a "
          "numeric title, among good entries.", "exit 0, no traceback; good entries loaded, bad ones reported",
          probe_instagram_bad_entry),
    Probe("facebook-bad-entry", "A Facebook `your_posts_1.json` with one entry whose `data` is 5.",
          "exit 0, no traceback; good entries loaded, the bad one reported", probe_facebook_bad_entry),
    Probe("broken-folder", "A folder with 17 kinds of broken files (truncated JPEG, 0-byte, random bytes as .jpg, "
          "unknown extension, 12,000 px image, CMYK, NUL byte in a caption, 100 kB caption, 1e20 timestamp, "
          "bad UTF-8, bad/non-object JSON sidecars, orphan caption, HTML as .jpg, header-only PNG, JPEG named "
          ".png, 16-bit TIFF) and two good photos.",
          "exit 0, no traceback; every broken file loaded or named on screen; no DecompressionBomb warning; "
          "no '1e+17'",
          probe_broken_folder),
    Probe("home-is-a-file", "FEEDLENS_HOME points at a regular file; load, then ask.",
          "exit 2, no traceback, for both", probe_home_is_file),
    Probe("home-inside-a-file", "FEEDLENS_HOME is a path under a regular file; load, then ask.",
          "exit 2, no traceback, for both", probe_home_inside_file),
    Probe("mistyped-variable", "`FEEDLENS_BAKCEND=neo4j` (a typo) set for a load.",
          "exit 2, no traceback; the closest setting is named", probe_mistyped_variable),
    Probe("concurrent-loads", "Two loads of different 300-post hashtag CSVs (shared tag vocabulary) started at "
          "once into one home, against the same two loads run one after the other in another home.",
          "exit 0, no traceback; same post and node counts and graph hash; no server left",
          probe_concurrent_loads),
    Probe("kill-9-then-rerun", "A 3,000-post load killed with SIGKILL mid-load, then run again; compared with an "
          "uninterrupted load in another home.", "re-run exit 0, no traceback; equal graph hash; no server left",
          probe_kill9_rerun),
    Probe("sigterm", "A 3,000-post load sent SIGTERM mid-load.",
          "stops without traceback; no redis-server of the home left; socket removed", probe_sigterm),
]


def run_probe(probe: Probe) -> Result:
    result = Result(probe.name, probe.what, probe.expectation)
    with tempfile.TemporaryDirectory(prefix="fl-rel-") as tmp:
        lab = Lab(Path(tmp), result)
        try:
            probe.run(lab)
        except Exception as exc:  # noqa: BLE001 -- a probe that cannot run is a failed probe, reported, not a crash of the report
            result.check(f"the probe ran ({type(exc).__name__}: {exc})", False)
        finally:
            for home in lab.homes:  # never leave a server behind, whatever the verdict
                for pid in servers_of(home):
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
        for step in result.steps:
            step.stdout = step.stdout.replace(tmp, "$TMP")
            step.stderr = step.stderr.replace(tmp, "$TMP")
            step.cmd = [c.replace(tmp, "$TMP") for c in step.cmd]
            step.env_note = step.env_note.replace(tmp, "$TMP")
        result.checks = [(what.replace(tmp, "$TMP"), ok) for what, ok in result.checks]
    return result


def _commit() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True,
                          check=False)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True,
                           text=True, check=False).stdout.strip()
    return (proc.stdout.strip() or "unknown") + (" (with uncommitted changes)" if dirty else "")


def _shell(cmd: list[str]) -> str:
    parts = ["python" if c == sys.executable else c for c in cmd]
    return " ".join(p if p and all(ch not in p for ch in " \"'?") else json.dumps(p) for p in parts)


def render(results: list[Result], seconds: float) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    passed = sum(r.passed for r in results)
    lines = [
        "# Reliability report",
        "",
        (f"Generated {now} on commit `{_commit()}` by `python -m research.reliability --out docs/reliability.md` "
        f"in {seconds:.0f} s. **{passed} of {len(results)} probes pass.**"),
        "",
        ("Each probe runs the real command-line tools as subprocesses (`python -m ingest`, `python -m agent.ask` "
        f"with the template-path question \"{QUESTION}\" so no LLM is loaded, `python -m research.graph_dump` for "
        "node/edge counts and a hash of the whole graph) in a fresh temporary `FEEDLENS_HOME`, with "
        "`--pipeline minimal` (hashtags and mentions). `$TMP` is the probe's temporary folder. A probe passes "
        "when every one of its checks holds: no traceback, the expected exit code (0 for a load, 2 for an "
        "environment problem), nothing lost (every input row loaded or reported) and no FalkorDB server of the "
        "probe's home left running (`pgrep -af redis-server`, matched on the home's data dir and socket)."),
        "",
        "| probe | expectation | result |",
        "|---|---|---|",
    ]
    for r in results:
        lines.append(f"| [{r.name}](#{r.name}) | {r.expectation} | {'PASS' if r.passed else '**FAIL**'} |")
    for r in results:
        lines += ["", f"## {r.name}", "", r.what, "", (f"Expected: {r.expectation}. "
                  f"Result: {'PASS' if r.passed else '**FAIL**'}."), ""]
        for step in r.steps:
            rc = "killed/timeout" if step.rc is None else str(step.rc)
            env = f" ({step.env_note})" if step.env_note else ""
            lines += [(f"- `{step.label}`{env}: exit {rc}, {step.seconds:.1f} s, "
                      f"traceback: {'**yes**' if step.traceback else 'no'}"), "",
                      "  ```", "  $ " + _shell(step.cmd)]
            lines += ["  " + line for line in step.shown().splitlines()]
            lines += ["  ```", ""]
        if r.counts:
            lines += ["Graph counts:", "", "```"]
            for key, value in r.counts.items():
                if isinstance(value, dict) and "sha256" in value:
                    value = {k: v for k, v in value.items() if k in ("nodes", "edges", "labels")} | {
                        "sha256": str(value["sha256"])[:16]}
                lines.append(f"{key}: {json.dumps(value)}")
            lines += ["```", ""]
        lines.append("Checks:")
        lines.append("")
        lines += [f"- {'PASS' if ok else '**FAIL**'}: {what}" for what, ok in r.checks]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m research.reliability", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the markdown report here (default: stdout)")
    parser.add_argument("--only", nargs="*", default=None, help="run only these probes (names as in the report)")
    args = parser.parse_args(argv)
    chosen = [p for p in PROBES if args.only is None or p.name in args.only]
    start = time.monotonic()
    results = []
    for probe in chosen:
        t0 = time.monotonic()
        results.append(run_probe(probe))
        print(f"{probe.name}: {'PASS' if results[-1].passed else 'FAIL'} ({time.monotonic() - t0:.1f} s)",
              file=sys.stderr)
    text = render(results, time.monotonic() - start)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
