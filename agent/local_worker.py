"""The local model in a supervised child process, so a native crash or a hang in llama.cpp cannot take the app down.

llama.cpp is C++: a segfault in it kills whatever process loaded it (seen on AMX Xeons: the whole Streamlit
server, every user's session). So the model lives in a worker process started on first use. The parent sends one
generation at a time over a pipe; when the worker dies (a signal, an abort) or does not answer within the
timeout, the parent says so in the log ("the local model stopped ..., restarting and retrying"), starts a fresh
worker and retries the generation once. A second failure becomes a LocalModelStopped error that the chat shows as
a sentence; the next question starts a new worker. A configuration error inside the worker (an unreadable GGUF)
is reported as such and not retried.

The worker imports only this module, its two helpers (agent/llama_lookup.py, core/cpu_share.py) and llama_cpp
(no LangChain), so a restart is quick; `agent/local_chat.py`
is the LangChain face of the worker.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import multiprocessing
import os
import signal
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from core.errors import LocalModelFailed, LocalModelStopped

log = logging.getLogger(__name__)

Message = tuple[str, str]  # (role, content) with role in system | user | assistant


@dataclass(frozen=True)
class LocalModelConfig:
    """What the worker needs to load the model; sent to the child process, so plain data only."""

    model_path: str
    n_ctx: int = 4096
    # llama.cpp threads for single-token decodes and for multi-token ones (the prompt, draft checks); 0 = chosen
    # before each generation: every core while other processes leave them idle, else 1 (core/cpu_share.py)
    threads: int = 0
    batch_threads: int = 0
    n_batch: int = 512
    max_tokens: int = 256
    temperature: float = 0.0
    # sampling as ChatLlamaCpp used it before the worker existed, so answers do not change
    top_p: float = 0.95
    top_k: int = 40
    repeat_penalty: float = 1.1
    # the prompt opening every question shares (system prompt, fixed examples): evaluated once when the model
    # loads, so the first question finds it in the KV cache like every later one
    warm_prefix: tuple[Message, ...] = ()
    # where the warmed prefix's KV state is kept between processes ('' = not kept): a restart or the next app
    # start loads it (~40 MB) in a fraction of a second instead of evaluating ~1,400 tokens again
    state_dir: str = ""
    # prompt-lookup speculative decoding (agent/llama_lookup.py): draft up to this many tokens copied from the
    # context after a match of its last `lookup_ngram` (down to 1) tokens, checked in one batch (0 = off)
    lookup_draft_tokens: int = 0
    lookup_ngram: int = 3
    flash_attn: bool = False


@dataclass(frozen=True)
class GenerationRequest:
    messages: tuple[Message, ...]
    stop: tuple[str, ...] = ()
    temperature: float | None = None  # None: the configured (greedy) decoding; else sample (self-consistency)
    seed: int | None = None


@dataclass(frozen=True)
class GenerationStats:
    """Where one generation's time went, as llama.cpp counts it (for the latency profile in bench/)."""

    prompt_tokens: int = 0  # the whole prompt
    prompt_evaluated: int = 0  # of which evaluated now: the rest was reused from the KV cache (same prefix)
    prompt_ms: float = 0.0
    generated_tokens: int = 0
    generation_ms: float = 0.0  # every decode after the prompt's (drafted tokens checked included)
    decode_calls: int = 0  # decodes after the prompt: = generated tokens without drafts, fewer with accepted ones
    threads: int = 0  # llama.cpp threads used for single-token decodes / multi-token ones
    batch_threads: int = 0
    others_busy_cores: float = 0.0  # other processes' CPU use before it, in cores (what chose the threads)
    total_ms: float = 0.0  # wall time inside the worker, sampling and detokenising included


def prefix_state_path(config: LocalModelConfig) -> Path | None:
    """The file for the warm prefix's state of this model, build and prompt (None when not kept): any change
    to the model file, the context size, llama-cpp-python or the prefix text gives another name."""
    if not config.state_dir or not config.warm_prefix:
        return None
    import llama_cpp

    try:
        model = Path(config.model_path).stat()
    except OSError:
        return None
    key = json.dumps([config.model_path, model.st_size, model.st_mtime_ns, config.n_ctx, config.n_batch,
                      llama_cpp.__version__, list(config.warm_prefix)]
                     + (["flash_attn"] if config.flash_attn else []))  # another KV layout
    return Path(config.state_dir) / f".prefix-{hashlib.sha256(key.encode()).hexdigest()[:16]}.kvstate"


def warm_start(llama: Any, prefix: tuple[Message, ...], state_path: Path | None) -> str:
    """Put the shared prompt prefix into the model's KV cache: from `state_path` when a saved state is there,
    else by evaluating it (then saved there, written atomically). Returns 'loaded', 'evaluated' or
    'evaluated, not saved'. A state that cannot be read or applied is ignored and the prefix evaluated."""
    if state_path is not None and state_path.is_file():
        try:
            with np.load(state_path, allow_pickle=False) as saved:  # plain arrays: nothing executable
                llama.load_state(_full_state(llama, dict(saved)))
            with contextlib.suppress(OSError):
                os.utime(state_path)  # in use: not stale (see _drop_stale_states)
            return "loaded"
        except Exception as exc:  # noqa: BLE001 - a stale or truncated file: evaluate instead
            log.warning("ignoring the saved prompt state %s (%s)", state_path, exc)
            llama.reset()
    llama.create_chat_completion(messages=[{"role": role, "content": content} for role, content in prefix],
                                 max_tokens=1, temperature=0.0)
    if state_path is None:
        return "evaluated, not saved"
    state = llama.save_state()
    # the logits table (n_batch x vocabulary, ~300 MB) is not kept: the next prompt's own tokens refresh it
    saved = {"input_ids": np.asarray(state.input_ids[: state.n_tokens], dtype=np.intc),
             "n_tokens": np.int64(state.n_tokens), "seed": np.int64(state.seed),
             "llama_state": np.frombuffer(state.llama_state, dtype=np.uint8)}
    try:
        state_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kvstate-", dir=state_path.parent)
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, **saved)
        os.replace(tmp, state_path)
    except OSError as exc:  # a full or read-only cache: the model still works, the next start re-evaluates
        log.warning("could not keep the prompt state in %s (%s)", state_path.parent, exc)
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
        return "evaluated, not saved"
    _drop_stale_states(state_path)
    return "evaluated"


STALE_STATE_S = 14 * 24 * 3600


def _drop_stale_states(keep: Path) -> None:
    """Remove other prompt states (from earlier prompts or models, ~20-40 MB each) unused for two weeks."""
    cutoff = time.time() - STALE_STATE_S
    for other in keep.parent.glob(".prefix-*.kvstate"):
        with contextlib.suppress(OSError):
            if other != keep and other.stat().st_mtime < cutoff:
                other.unlink()


def _full_state(llama: Any, saved: dict[str, Any]) -> Any:
    from llama_cpp.llama import LlamaState

    n_tokens = int(saved["n_tokens"])
    input_ids = np.zeros(llama.n_ctx(), dtype=np.intc)
    input_ids[:n_tokens] = saved["input_ids"]
    blob = saved["llama_state"].tobytes()
    return LlamaState(input_ids=input_ids, scores=np.zeros((1, llama.n_vocab()), dtype=np.single),
                      n_tokens=n_tokens, llama_state=blob, llama_state_size=len(blob), seed=int(saved["seed"]))


class CompletionBackend(Protocol):
    """What runs inside the worker: a loaded model that completes a chat."""

    def complete(self, request: GenerationRequest) -> str: ...


class LlamaCppBackend:
    """llama-cpp-python's Llama with the settings the agent was tuned with."""

    def __init__(self, config: LocalModelConfig) -> None:
        from agent.llama_lookup import LookupLlama, RecentLookupDraft
        from core.cpu_share import ThreadChooser

        self.config = config
        self.last_stats: GenerationStats | None = None
        self.threads = ThreadChooser(config.threads, config.batch_threads)
        threads, batch_threads = self.threads.choose()
        draft = (RecentLookupDraft(config.lookup_draft_tokens, max(1, config.lookup_ngram))
                 if config.lookup_draft_tokens > 0 else None)
        # rope_freq_base=0.0 takes Qwen's 1e6 from the GGUF (ChatLlamaCpp's default 10000 breaks its Cypher)
        self.llama = LookupLlama(model_path=config.model_path, n_ctx=config.n_ctx, n_threads=threads,
                                 n_threads_batch=batch_threads, n_batch=config.n_batch, rope_freq_base=0.0,
                                 draft_model=draft, flash_attn=config.flash_attn, verbose=False)
        if config.warm_prefix:
            state = prefix_state_path(config)
            warm_start(self.llama, config.warm_prefix, state)

    def complete(self, request: GenerationRequest) -> str:
        import llama_cpp

        c = self.config
        threads, batch_threads = self.threads.choose()
        llama_cpp.llama_set_n_threads(self.llama._ctx.ctx, threads, batch_threads)
        started = time.perf_counter()
        reply: Any = self.llama.create_chat_completion(
            messages=[{"role": role, "content": content} for role, content in request.messages],
            max_tokens=c.max_tokens, temperature=c.temperature if request.temperature is None else request.temperature,
            top_p=c.top_p, top_k=c.top_k, repeat_penalty=c.repeat_penalty, stop=list(request.stop) or None,
            **({"seed": request.seed} if request.seed is not None else {}),
        )
        usage = reply.get("usage") or {}
        phases = self.llama.counters
        self.last_stats = GenerationStats(
            prompt_tokens=int(usage.get("prompt_tokens", 0)), prompt_evaluated=phases.prompt_tokens,
            prompt_ms=round(phases.prompt_ms, 1), generated_tokens=int(usage.get("completion_tokens", 0)),
            generation_ms=round(phases.decode_ms, 1), decode_calls=phases.decode_calls, threads=threads,
            batch_threads=batch_threads, others_busy_cores=round(self.threads.others, 2),
            total_ms=round((time.perf_counter() - started) * 1000, 1))
        return reply["choices"][0]["message"]["content"] or ""


BackendFactory = Callable[[LocalModelConfig], CompletionBackend]


def _serve(conn: Connection, factory: BackendFactory, config: LocalModelConfig) -> None:
    """The worker's loop: load once, then answer requests until the pipe closes or None arrives."""
    try:
        backend = factory(config)
    except Exception as exc:  # noqa: BLE001 - any load failure is reported to the parent, not retried
        conn.send(("failed", f"{exc.__class__.__name__}: {exc}"))
        return
    conn.send(("ready", ""))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            started = time.perf_counter()
            text = backend.complete(request)
            stats = getattr(backend, "last_stats", None) or GenerationStats(
                total_ms=round((time.perf_counter() - started) * 1000, 1))
            conn.send(("ok", text, stats))
        except Exception as exc:  # noqa: BLE001 - the model refused this request; the worker stays up
            conn.send(("failed", f"{exc.__class__.__name__}: {exc}"))


class _WorkerDied(Exception):
    """Internal: the worker is gone or unresponsive; the supervisor restarts it."""


def describe_exit(exitcode: int | None) -> str:
    """'killed by SIGSEGV' / 'exit code 1' / 'still running': how a worker ended, for people."""
    if exitcode is None:
        return "still running"
    if exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"


class LocalModelWorker:
    """Runs one model in a child process and keeps it running: restart on crash or hang, one retry per request."""

    def __init__(self, config: LocalModelConfig, factory: BackendFactory = LlamaCppBackend,
                 timeout_s: float = 180.0, load_timeout_s: float = 300.0,
                 prepare: Callable[[], object] | None = None) -> None:
        self.config = config
        # run before each worker start: makes the model file exist (the packaged model is assembled on first use)
        self.prepare = prepare
        self.factory = factory
        self.timeout_s = timeout_s
        self.load_timeout_s = load_timeout_s
        self.restarts = 0
        # the latest generations' stats, newest last (bench/agent_routes.py --profile reads them)
        self.stats: deque[GenerationStats] = deque(maxlen=256)
        self._context = multiprocessing.get_context("spawn")  # no fork of a process that holds threads
        self._process: Any = None
        self._conn: Connection | None = None
        self._lock = threading.Lock()  # one generation at a time per worker

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    def generate(self, request: GenerationRequest) -> str:
        """The model's reply; restarts a dead or hung worker and retries once before giving up."""
        with self._lock:
            try:
                return self._exchange(request)
            except _WorkerDied as first:
                log.warning("the local model stopped (%s); restarting it and retrying", first)
                self._discard()
                self.restarts += 1
            try:
                return self._exchange(request)
            except _WorkerDied as second:
                self._discard()
                self.restarts += 1
                raise LocalModelStopped(
                    f"the local model stopped twice on this question ({second}); it will restart on the next "
                    "question. If this keeps happening, rebuild llama-cpp-python with scripts/install_llm.sh "
                    "or choose another FEEDLENS_LLM_PROVIDER"
                ) from None

    def start(self) -> None:
        """Start the worker now (load the model, evaluate the shared prompt prefix) instead of on first use."""
        with self._lock:
            self._ensure_started()

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._process is not None and self._process.is_alive():
                try:
                    self._conn.send(None)
                    self._process.join(5)
                except (OSError, EOFError):
                    pass
            self._discard()

    def _exchange(self, request: GenerationRequest) -> str:
        conn = self._ensure_started()
        try:
            conn.send(request)
        except (OSError, EOFError, BrokenPipeError):
            raise _WorkerDied(self._ended_how()) from None
        return self._receive(conn, self.timeout_s, "generation")

    def _receive(self, conn: Connection, timeout_s: float, what: str) -> str:
        try:
            if not conn.poll(timeout_s):
                raise _WorkerDied(f"no answer to the {what} within {timeout_s:.0f} s")
            kind, payload, *extra = conn.recv()
        except (EOFError, OSError):
            raise _WorkerDied(self._ended_how()) from None
        if kind == "failed":
            raise LocalModelFailed(f"the local model could not answer: {payload}")
        if extra and isinstance(extra[0], GenerationStats):
            self.stats.append(extra[0])
        return str(payload)

    def _ensure_started(self) -> Connection:
        if self._process is not None and self._process.is_alive() and self._conn is not None:
            return self._conn
        self._discard()
        if self.prepare is not None:
            self.prepare()
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.factory, self.config),
                                        name="feedlens-local-llm", daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent
        try:
            self._receive(parent, self.load_timeout_s, "model load")
        except LocalModelFailed:
            self._discard()
            raise
        log.info("local model worker %s ready (%s)", process.pid, self.config.model_path)
        return parent

    def _ended_how(self) -> str:
        if self._process is None:
            return "no worker"
        self._process.join(2)
        return describe_exit(self._process.exitcode)

    def _discard(self) -> None:
        """Forget the current worker, killing it if it still runs (a hung worker must not keep its CPU)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None
