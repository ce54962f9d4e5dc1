"""The packaged model lives in one cache per user, is assembled once (under a lock) and only when a question
needs the LLM; a full disk or an unwritable cache is one clear error, with no partial file left behind."""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent import local_model
from agent.chain import CypherAgent
from agent.few_shot import FewShotSelector
from agent.llm import build_llm
from core.errors import ConfigError, StorageProblem
from core.settings import AgentSettings, Settings, check_environment
from tests.support.agent_helpers import fixture_graph
from tests.support.fake_model_parts import fake_parts, sparse_part_packages
from tests.support.filesystems import tmpfs
from tests.support.graph_server import falkordb_home  # noqa: F401 - session server fixture
from tests.support.local_worker_backends import REPLY, Answering

REPO = Path(__file__).resolve().parents[2]
NAME = local_model.PACKAGED_GGUF_NAME


def llm_settings(home: Path, cache: Path, **agent: Any) -> Settings:
    return Settings(_env_file=None, home=home, model_cache=cache, agent=AgentSettings(_env_file=None, **agent))


def leftovers(folder: Path) -> list[str]:
    """Files in `folder` other than the lock: a partial GGUF or a temporary file."""
    return sorted(p.name for p in folder.iterdir() if p != local_model.lock_path(folder)) if folder.exists() else []


# --- one cache per user ------------------------------------------------------------------------------------------

def test_the_cache_is_per_user_and_can_be_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert Settings(_env_file=None).model_cache_dir == tmp_path / "user" / ".cache" / "feedlens" / "models"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Settings(_env_file=None).model_cache_dir == tmp_path / "xdg" / "feedlens" / "models"
    monkeypatch.setenv("FEEDLENS_MODEL_CACHE", str(tmp_path / "mine"))
    check_environment(env_file=None)  # a declared setting, not a typo
    assert Settings(_env_file=None).model_cache_dir == tmp_path / "mine"


def test_two_homes_share_one_assembled_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_parts(tmp_path, monkeypatch, [3, 2, 4])
    cache = tmp_path / "cache"
    first = build_llm(llm_settings(tmp_path / "home1", cache))
    second = build_llm(llm_settings(tmp_path / "home2", cache))
    assert first.worker.config.model_path == second.worker.config.model_path == str(cache / NAME)
    for llm in (first, second):
        llm.worker.prepare()
    assert leftovers(cache) == [NAME] and (cache / NAME).stat().st_size == 9
    assert not (tmp_path / "home1" / "models").exists() and not (tmp_path / "home2" / "models").exists()


def test_a_model_already_assembled_in_a_home_is_used_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_parts(tmp_path, monkeypatch, [3, 2, 4])
    home = tmp_path / "home"
    old = local_model.resolve_gguf("", home / "models")  # where FeedLens used to put it
    llm = build_llm(llm_settings(home, tmp_path / "cache"))
    assert llm.worker.config.model_path == str(old)
    llm.worker.prepare()
    assert leftovers(tmp_path / "cache") == []


def test_a_waiting_assembly_uses_the_file_the_lock_holder_finished(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes never assemble twice: the second waits on the lock, then finds the file complete."""
    fake_parts(tmp_path, monkeypatch, [3, 2, 4])
    cache = tmp_path / "cache"
    cache.mkdir()
    result: list[Path] = []
    with open(local_model.lock_path(cache), "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # another process is assembling
        waiter = threading.Thread(target=lambda: result.append(local_model.resolve_gguf("", cache)))
        waiter.start()
        time.sleep(0.5)
        assert waiter.is_alive() and not (cache / NAME).exists()
        (cache / NAME).write_bytes(b"by the other")  # ...and finishes (9 bytes, the expected size)
        os.truncate(cache / NAME, 9)
    waiter.join(10)
    assert result == [cache / NAME] and (cache / NAME).read_bytes().startswith(b"by the ot")


def test_a_temporary_file_of_a_killed_assembly_is_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_parts(tmp_path, monkeypatch, [3, 2, 4])
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / ".gguf-killed").write_bytes(b"\0" * 5)
    local_model.resolve_gguf("", cache)
    assert leftovers(cache) == [NAME]


# --- only when the LLM is needed ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture_store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_model_cache_test")


def test_a_template_question_in_a_fresh_home_builds_no_model_and_starts_no_worker(
        fixture_store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_parts(tmp_path, monkeypatch, [3, 2, 4])
    home, cache = tmp_path / "home", tmp_path / "cache"
    settings = llm_settings(home, cache)
    llm = build_llm(settings)
    agent = CypherAgent(fixture_store, llm, settings=settings, selector=FewShotSelector(embedder=None))
    answer = agent.ask("How many negative posts?")
    assert answer.route == "parser" and answer.error is None
    assert leftovers(cache) == [] and not (home / "models").exists()
    assert llm.worker.pid is None
    llm.worker.factory = Answering  # a stand-in for llama.cpp: the first generation assembles, then starts
    try:
        assert llm.invoke("hello").content.startswith(REPLY)
        assert leftovers(cache) == [NAME] and llm.worker.pid is not None
    finally:
        llm.worker.close()


# --- a full or unwritable cache -----------------------------------------------------------------------------------

def test_a_failed_write_leaves_no_partial_file_and_names_the_folder(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the copy seam, so it runs anywhere: the disk fills after the first part."""
    fake_parts(tmp_path, monkeypatch, [3, 2, 4])
    cache = tmp_path / "cache"
    real_copy = local_model.copy_part

    def copy_then_fill(part: Path, out: Any) -> None:
        real_copy(part, out)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(local_model, "copy_part", copy_then_fill)
    with pytest.raises(StorageProblem, match=f"not enough disk space in {cache}: the model needs 9 bytes"):
        local_model.resolve_gguf("", cache)
    assert leftovers(cache) == []


def test_a_full_disk_is_refused_before_copying(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_parts(tmp_path, monkeypatch, [1024 * 1024, 1024 * 1024])
    with tmpfs(tmp_path / "small", "1m") as cache:
        with pytest.raises(StorageProblem, match=r"not enough disk space in .*small: the model needs 2.1 MB"):
            local_model.resolve_gguf("", cache)
        assert leftovers(cache) == []


def test_a_disk_that_fills_while_copying_leaves_no_partial_file(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel's own ENOSPC: the free-space check is told there is room, the tmpfs says otherwise."""
    fake_parts(tmp_path, monkeypatch, [1024 * 1024, 1024 * 1024])
    monkeypatch.setattr(local_model, "free_bytes", lambda folder: 10 * 1024 ** 3)
    with tmpfs(tmp_path / "small", "1m") as cache:
        with pytest.raises(StorageProblem, match="not enough disk space"):
            local_model.resolve_gguf("", cache)
        assert leftovers(cache) == []


def test_a_cache_that_is_a_file_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_parts(tmp_path, monkeypatch, [3, 2, 4])
    cache = tmp_path / "cache"
    cache.write_text("x")
    with pytest.raises(ConfigError, match=f"FEEDLENS_MODEL_CACHE={cache} is a file"):
        local_model.resolve_gguf("", cache)


def run_ask(home: Path, question: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home.parent),
               "FEEDLENS_HOME": str(home), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **env}
    return subprocess.run([sys.executable, "-m", "agent.ask", question], cwd=REPO, check=False, env=environ,
                          capture_output=True, text=True, timeout=180)


@pytest.mark.skipif(shutil.which("mount") is None, reason="needs mount for a tiny tmpfs")
def test_the_cli_stops_with_exit_2_when_the_model_does_not_fit(tmp_path: Path) -> None:
    """The real CLI, a fresh home, the full-size (sparse) parts and a 1 MB cache disk: the first LLM question."""
    parts = sparse_part_packages(tmp_path / "parts")
    with tmpfs(tmp_path / "small", "1m") as cache:
        done = run_ask(tmp_path / "home", "which posts are about the beach?", PYTHONPATH=f"{parts}:{REPO}",
                       FEEDLENS_MODEL_CACHE=str(cache), FEEDLENS_LLM_TEMPLATES="false")
        assert done.returncode == 2, done.stderr[-2000:]
        assert f"error: not enough disk space in {cache}: the model needs 1.1 GB" in done.stderr
        assert "Traceback" not in done.stderr and leftovers(cache) == []


def test_the_cli_says_why_on_a_missing_model_file_and_still_answers_parser_questions(tmp_path: Path) -> None:
    """A missing model file is not a reason to fail questions the parser answers; a question only the model could
    answer (here every one: templates off) says why the model is not available, with no traceback."""
    missing = str(tmp_path / "missing.gguf")
    done = run_ask(tmp_path / "home", "which posts are about the beach?", FEEDLENS_LLM_MODEL=missing,
                   FEEDLENS_LLM_TEMPLATES="false")
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stdout.startswith("The local model is not available: ") and "is not a GGUF file" in done.stdout
    assert "Traceback" not in done.stderr
    done = run_ask(tmp_path / "home", "How many posts do I have?", FEEDLENS_LLM_MODEL=missing)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "not available" not in done.stdout and "Traceback" not in done.stderr
