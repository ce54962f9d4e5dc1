"""A bad FEEDLENS_HOME (a file, a read-only folder, a read-only copy of a database) stops both CLIs with one
clear error naming the path and the fix: exit code 2, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import ConfigError, StorageProblem
from core.home import check_home, check_writable_dir
from tests.support.filesystems import read_only

REPO = Path(__file__).resolve().parents[2]


def run_cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/root"),
               "FEEDLENS_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **env}
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, check=False, env=environ,
                          capture_output=True, text=True, timeout=180)


def csv_file(tmp_path: Path) -> Path:
    source = tmp_path / "posts.csv"
    source.write_text("id,caption\n1,a sunny day at the beach\n2,rain again\n")
    return source


def assert_clear_error(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ")
    for fragment in fragments:
        assert fragment in done.stderr


@pytest.mark.parametrize("command", [("ingest", "POSTS", "--pipeline", "minimal", "--no-progress"),
                                     ("agent.ask", "how many posts are there?")])
def test_a_home_that_is_a_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder")
    args = [str(csv_file(tmp_path)) if a == "POSTS" else a for a in command]
    assert_clear_error(run_cli(home, *args), f"FEEDLENS_HOME={home} is a file", "point it at a folder")


@pytest.mark.parametrize("command", [("ingest", "POSTS", "--pipeline", "minimal", "--no-progress"),
                                     ("agent.ask", "how many posts are there?")])
def test_a_home_under_a_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    args = [str(csv_file(tmp_path)) if a == "POSTS" else a for a in command]
    assert_clear_error(run_cli(blocker / "home", *args), f"{blocker} is a file", "point FEEDLENS_HOME at a folder")


@pytest.mark.parametrize("command", [("ingest", "POSTS", "--pipeline", "minimal", "--no-progress"),
                                     ("agent.ask", "how many posts are there?")])
def test_a_read_only_home(tmp_path: Path, command: tuple[str, ...]) -> None:
    args = [str(csv_file(tmp_path)) if a == "POSTS" else a for a in command]
    with read_only(tmp_path / "ro") as home:
        assert_clear_error(run_cli(home, *args), f"FEEDLENS_HOME={home} is not writable", "copy it")


def test_a_read_only_copy_of_a_database(tmp_path: Path) -> None:
    source = tmp_path / "original"
    loaded = run_cli(source, "ingest", str(csv_file(tmp_path)), "--pipeline", "minimal", "--no-progress")
    assert loaded.returncode == 0, loaded.stderr[-2000:]
    assert (source / "falkordb").is_dir()
    with read_only(tmp_path / "copy", fill_from=source) as home:
        for args in (("agent.ask", "how many posts are there?"),
                     ("ingest", str(csv_file(tmp_path)), "--pipeline", "minimal", "--no-progress")):
            assert_clear_error(run_cli(home, *args), "is not writable", str(home))


def test_check_home_creates_a_missing_home_and_leaves_no_probe_behind(tmp_path: Path) -> None:
    home = tmp_path / "new" / "home"
    assert check_home(home) == home
    assert home.is_dir() and list(home.iterdir()) == []


def test_check_home_errors_are_config_errors_naming_the_setting(tmp_path: Path) -> None:
    home = tmp_path / "file"
    home.write_text("x")
    with pytest.raises(StorageProblem, match="FEEDLENS_HOME=.* is a file") as info:
        check_home(home)
    assert isinstance(info.value, ConfigError)
    with pytest.raises(StorageProblem, match="FEEDLENS_MODEL_CACHE=.* is a file"):
        check_writable_dir(home, "FEEDLENS_MODEL_CACHE")


def test_a_read_only_folder_is_found_by_writing_not_by_permission_bits(tmp_path: Path) -> None:
    with read_only(tmp_path / "ro") as folder:
        with pytest.raises(StorageProblem, match="is not writable"):
            check_writable_dir(folder, "FEEDLENS_HOME")
        assert list(folder.iterdir()) == []


@pytest.mark.parametrize("variable, value, command", [
    ("FEEDLENS_QUERY_ROW_LIMIT", "abc", ("agent.ask", "how many posts are there?")),
    ("FEEDLENS_BACKEND", "mysql", ("agent.ask", "how many posts are there?")),
    ("FEEDLENS_LLM_THREADS", "two", ("ingest", "POSTS", "--pipeline", "minimal", "--no-progress")),
])
def test_a_setting_with_a_bad_value_names_the_variable(tmp_path: Path, variable: str, value: str,
                                                       command: tuple[str, ...]) -> None:
    args = [str(csv_file(tmp_path)) if a == "POSTS" else a for a in command]
    assert_clear_error(run_cli(tmp_path / "home", *args, **{variable: value}), f"{variable}={value!r}")


def test_an_os_error_from_a_healthy_home_names_the_failed_path(tmp_path: Path) -> None:
    import errno

    from core.home import explain_os_error

    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "reports" / "load.json"))
    assert str(explain_os_error(full, tmp_path)).startswith(f"no disk space left in {tmp_path / 'reports'}")
    odd = OSError(errno.EIO, os.strerror(errno.EIO), str(tmp_path / "x"))
    assert f"cannot use {tmp_path / 'x'} (Input/output error)" in str(explain_os_error(odd, tmp_path))
