"""The local model's supervised worker process: a crash, a kill or a hang of the model process is survived,
reported and retried once; the caller's process never dies. Real child processes, real signals."""
from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage, SystemMessage

from agent.local_chat import SupervisedChatModel
from agent.local_worker import GenerationRequest, LocalModelConfig, LocalModelWorker, describe_exit
from core.errors import LocalModelFailed, LocalModelStopped
from tests.support.agent_helpers import fixture_graph
from tests.support.graph_server import falkordb_home  # noqa: F401 - session server fixture
from tests.support.local_worker_backends import REPLY, AlwaysSegfaults, Answering, CrashesOnFirstCall, FailsToLoad

CONFIG = LocalModelConfig(model_path="/models/none.gguf")


def ask(text: str) -> GenerationRequest:
    return GenerationRequest(messages=(("system", "write Cypher"), ("user", text)), stop=("<|im_end|>",))


@pytest.fixture
def worker() -> Any:
    w = LocalModelWorker(CONFIG, factory=Answering, timeout_s=20, load_timeout_s=60)
    yield w
    w.close()


def worker_pid(text: str) -> int:
    return int(text.split("pid ")[1].split()[0])


def test_generation_runs_in_a_child_process_that_stays_up(worker: LocalModelWorker) -> None:
    first = worker.generate(ask("hello"))
    second = worker.generate(ask("again"))
    assert first.startswith(REPLY) and "stop <|im_end|>" in first
    assert worker_pid(first) == worker_pid(second) == worker.pid != os.getpid()
    assert worker.restarts == 0


def test_worker_killed_mid_generation_is_restarted_and_the_request_retried(worker: LocalModelWorker) -> None:
    worker.generate(ask("warm up"))
    victim = worker.pid
    assert victim is not None
    killer = threading.Timer(0.5, os.kill, (victim, signal.SIGKILL))
    killer.start()
    started = time.monotonic()
    reply = worker.generate(ask("slow:1.5"))  # killed after 0.5 s, retried on a fresh worker
    killer.join()
    assert reply.startswith(REPLY)
    assert worker_pid(reply) != victim and worker.restarts == 1
    assert time.monotonic() - started >= 1.5  # the retry really ran the whole generation again


def test_a_native_crash_once_is_retried(worker: LocalModelWorker, tmp_path: Path) -> None:
    reply = worker.generate(ask(f"segfault-once:{tmp_path / 'marker'}"))
    assert reply.startswith(REPLY) and worker.restarts == 1


def test_a_crash_twice_is_a_clear_error_and_the_next_question_works(worker: LocalModelWorker) -> None:
    with pytest.raises(LocalModelStopped, match="stopped twice.*killed by SIGSEGV"):
        worker.generate(ask("segfault"))
    assert worker.restarts == 2
    assert worker.generate(ask("and now?")).startswith(REPLY)


def test_a_hang_is_cut_by_the_timeout_and_retried(tmp_path: Path) -> None:
    w = LocalModelWorker(CONFIG, factory=Answering, timeout_s=1.5, load_timeout_s=60)
    try:
        reply = w.generate(ask(f"hang-once:{tmp_path / 'marker'}"))
        assert reply.startswith(REPLY) and w.restarts == 1
    finally:
        w.close()


def test_a_model_error_is_reported_without_a_restart(worker: LocalModelWorker) -> None:
    with pytest.raises(LocalModelFailed, match="rejected the prompt"):
        worker.generate(ask("raise"))
    assert worker.restarts == 0 and worker.generate(ask("ok")).startswith(REPLY)


def test_a_load_failure_is_not_retried() -> None:
    w = LocalModelWorker(CONFIG, factory=FailsToLoad, timeout_s=10, load_timeout_s=60)
    with pytest.raises(LocalModelFailed, match="not a GGUF file"):
        w.generate(ask("hello"))
    assert w.restarts == 0 and w.pid is None


def test_langchain_face_maps_roles_and_stop_tokens(worker: LocalModelWorker) -> None:
    model = SupervisedChatModel(worker=worker, stop=["<|im_end|>", "\nQuestion:"])
    reply = model.invoke([SystemMessage("schema"), HumanMessage("count posts")])
    assert reply.content.startswith(REPLY) and "stop <|im_end|>|\nQuestion:" in reply.content


def test_exit_descriptions() -> None:
    assert describe_exit(-11) == "killed by SIGSEGV"
    assert describe_exit(-9) == "killed by SIGKILL"
    assert describe_exit(1) == "exit code 1"
    assert describe_exit(None) == "still running"


@pytest.fixture(scope="module")
def fixture_store(falkordb_home: Path) -> Any:  # noqa: F811
    yield from fixture_graph(falkordb_home, "local_worker_test")


def agent_over(store: Any, worker: LocalModelWorker) -> Any:
    from agent.chain import CypherAgent
    from agent.few_shot import FewShotSelector
    return CypherAgent(store, SupervisedChatModel(worker=worker), settings=store.settings.with_agent(templates=False),
                       selector=FewShotSelector(embedder=None))


def test_the_chat_survives_a_model_that_always_crashes(fixture_store: Any) -> None:
    w = LocalModelWorker(CONFIG, factory=AlwaysSegfaults, timeout_s=20, load_timeout_s=60)
    try:
        answer = agent_over(fixture_store, w).ask("Which topics are mostly negative?")
        assert answer.error and "local model stopped twice" in answer.answer and "SIGSEGV" in answer.answer
        assert answer.rows == [] and w.restarts == 2
    finally:
        w.close()


def test_a_chat_answer_after_a_crash_says_the_model_was_restarted(fixture_store: Any, tmp_path: Path) -> None:
    w = LocalModelWorker(LocalModelConfig(model_path=str(tmp_path / "marker")), factory=CrashesOnFirstCall,
                         timeout_s=20, load_timeout_s=60)
    try:
        answer = agent_over(fixture_store, w).ask("How many posts are there?")
        total = fixture_store.query("MATCH (p:Post) RETURN count(p) AS posts")
        assert answer.error is None and answer.rows == total and w.restarts == 1
        assert "stopped while answering and was restarted" in answer.answer
    finally:
        w.close()


def test_every_generation_reports_its_timing(worker: LocalModelWorker) -> None:
    worker.start()  # started ahead of the first question (the model loads and warms up here)
    pid = worker.pid
    worker.generate(ask("slow:0.2"))
    worker.generate(ask("ok"))
    assert worker.pid == pid and len(worker.stats) == 2
    assert worker.stats[0].total_ms >= 200 and worker.stats[1].total_ms < worker.stats[0].total_ms


def test_sampling_settings_travel_to_the_worker() -> None:
    from agent.local_chat import as_request

    request = as_request([SystemMessage("s"), HumanMessage("q")], None, ("<|im_end|>",), temperature=0.7, seed=2)
    assert (request.temperature, request.seed, request.stop) == (0.7, 2, ("<|im_end|>",))
    assert as_request([HumanMessage("q")], None, ()).temperature is None  # greedy unless asked


class FakeLlama:
    """The part of llama_cpp.Llama that warm_start uses, recording what it was asked."""

    def __init__(self) -> None:
        self.evaluated: list[Any] = []
        self.loaded: list[Any] = []

    def create_chat_completion(self, messages: Any, **kw: Any) -> dict[str, Any]:
        self.evaluated.append(messages)
        return {}

    def save_state(self) -> Any:
        import numpy as np
        from llama_cpp.llama import LlamaState

        ids = np.zeros(64, dtype=np.intc)
        ids[:3] = [7, 8, 9]
        return LlamaState(input_ids=ids, scores=np.zeros((3, 5), dtype=np.single), n_tokens=3,
                          llama_state=b"kv-bytes", llama_state_size=8, seed=42)

    def load_state(self, state: Any) -> None:
        self.loaded.append(state)

    def n_ctx(self) -> int:
        return 64

    def n_vocab(self) -> int:
        return 5

    def reset(self) -> None:
        pass


def test_the_warm_prefix_state_is_kept_and_loaded_instead_of_evaluated(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    from agent.local_worker import prefix_state_path, warm_start

    model = tmp_path / "m.gguf"
    model.write_bytes(b"gguf")
    prefix = (("system", "rules"), ("user", "Examples: ..."))
    config = LocalModelConfig(model_path=str(model), warm_prefix=prefix, state_dir=str(tmp_path / "cache"))
    path = prefix_state_path(config)
    assert path is not None and not path.exists()
    first = FakeLlama()
    assert warm_start(first, prefix, path) == "evaluated" and len(first.evaluated) == 1 and path.is_file()
    second = FakeLlama()
    assert warm_start(second, prefix, path) == "loaded" and second.evaluated == []
    state = second.loaded[0]
    assert (state.n_tokens, state.llama_state, state.seed, list(state.input_ids[:3])) == (3, b"kv-bytes", 42, [7, 8, 9])
    # another prefix, context size or model file: another state file
    assert prefix_state_path(LocalModelConfig(str(model), warm_prefix=(("system", "other"),),
                                              state_dir=config.state_dir)) != path
    assert prefix_state_path(LocalModelConfig(str(model), n_ctx=2048, warm_prefix=prefix,
                                              state_dir=config.state_dir)) != path
    assert prefix_state_path(LocalModelConfig(str(model), warm_prefix=prefix)) is None  # not kept


def test_a_broken_or_unwritable_state_file_falls_back_to_evaluating(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    from agent.local_worker import warm_start

    prefix = (("system", "rules"),)
    broken = tmp_path / ".prefix-x.kvstate"
    broken.write_bytes(b"not a state")
    fake = FakeLlama()
    assert warm_start(fake, prefix, broken) == "evaluated" and len(fake.evaluated) == 1 and fake.loaded == []
    assert warm_start(FakeLlama(), prefix, broken) == "loaded"  # rewritten whole
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    assert warm_start(FakeLlama(), prefix, blocked / ".prefix-y.kvstate") == "evaluated, not saved"
    assert warm_start(FakeLlama(), prefix, None) == "evaluated, not saved"


def test_prompt_states_unused_for_two_weeks_are_removed_when_a_new_one_is_saved(tmp_path: Path) -> None:
    pytest.importorskip("llama_cpp")
    from agent.local_worker import STALE_STATE_S, warm_start

    old, recent = tmp_path / ".prefix-old.kvstate", tmp_path / ".prefix-recent.kvstate"
    for path in (old, recent):
        path.write_bytes(b"x")
    long_ago = time.time() - STALE_STATE_S - 60
    os.utime(old, (long_ago, long_ago))
    assert warm_start(FakeLlama(), (("system", "rules"),), tmp_path / ".prefix-new.kvstate") == "evaluated"
    assert not old.exists() and recent.exists() and (tmp_path / ".prefix-new.kvstate").exists()


def test_lookup_draft_copies_what_followed_the_latest_match_of_the_longest_ngram() -> None:
    pytest.importorskip("llama_cpp")
    import numpy as np

    from agent.llama_lookup import RecentLookupDraft

    draft = RecentLookupDraft(tokens=3, max_ngram=2)
    # the tail (5, 6) occurs at 1 and at 5; the later one wins: what followed it there is 9, 9, 4
    ids = np.array([4, 5, 6, 7, 8, 5, 6, 9, 9, 4, 5, 6], dtype=np.intc)
    assert draft(ids).tolist() == [9, 9, 4]
    # no earlier (3, 6): falls back to the last 6 alone
    assert draft(np.array([6, 1, 2, 3, 6], dtype=np.intc)).tolist() == [1, 2, 3]
    # the drafted span stops at the end of the context
    assert RecentLookupDraft(tokens=10, max_ngram=1)(np.array([1, 2, 1], dtype=np.intc)).tolist() == [2, 1]
    # nothing to copy: an empty draft (the model then decodes one token as usual)
    assert draft(np.array([1, 2, 3], dtype=np.intc)).tolist() == []
    assert RecentLookupDraft(tokens=3, max_ngram=3, min_ngram=2)(np.array([7, 1, 2, 7], dtype=np.intc)).tolist() == []
    assert draft(np.array([5], dtype=np.intc)).tolist() == []
    with pytest.raises(ValueError, match="bad prompt-lookup draft"):
        RecentLookupDraft(tokens=0)



def test_threads_follow_what_other_processes_leave_free(monkeypatch: pytest.MonkeyPatch) -> None:
    from core import cpu_share
    from core.cpu_share import CpuSample, ThreadChooser, others_busy_cores

    # 2 s of wall time, 3 CPU seconds used in all, 1 of them by this process: others used 1 core
    assert others_busy_cores(CpuSample(10.0, 5.0, 0.0), CpuSample(13.0, 6.0, 2.0)) == pytest.approx(1.0)
    assert others_busy_cores(CpuSample(10.0, 5.0, 0.0), CpuSample(11.0, 6.5, 1.0)) == 0.0  # own time > total
    samples = iter([CpuSample(0.0, 0.0, 0.0),  # at start
                    CpuSample(1.9, 1.8, 10.0),  # others used 0.01 cores: idle -> every core
                    CpuSample(21.9, 3.8, 20.0),  # others used 1.8 cores -> one thread
                    None])  # counters unreadable: keep the last reading
    monkeypatch.setattr(cpu_share, "read_sample", lambda: next(samples))
    chooser = ThreadChooser(0, 0, cores=2)
    assert chooser.choose() == (2, 2)
    assert chooser.choose() == (1, 1)
    assert chooser.choose() == (1, 1)
    monkeypatch.setattr(cpu_share, "read_sample", lambda: None)  # not Linux: every core unless configured
    assert ThreadChooser(3, 0, cores=2).choose() == (3, 2)


def test_the_thread_counters_read_this_machine() -> None:
    from core.cpu_share import read_sample

    sample = read_sample()
    if sample is None:
        pytest.skip("no /proc/stat here")
    deadline = time.monotonic() + 20
    while read_sample().own_s - sample.own_s < 0.2 and time.monotonic() < deadline:  # type: ignore[union-attr]
        sum(range(10_000))  # this process's CPU time, however busy the machine is
    later = read_sample()
    assert later is not None and later.own_s - sample.own_s >= 0.2
    assert later.busy_s - sample.busy_s >= 0.15  # the machine's counters saw (at least) that work
