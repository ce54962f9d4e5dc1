"""How many threads native compute should use now: every core while the machine is otherwise idle, one while
other work keeps the cores busy. Used by the local LLM worker (llama.cpp) and by the torch models (caption
embeddings, image backbones).

llama.cpp's threads meet at a barrier after every layer, so a thread that the OS has parked behind another
process stalls all of them: on the shared 2-core test machine (load average 4-9) two threads made a question
several times slower than one, while on an idle machine two were faster (docs/eval_agent.md). Torch's intra-op
threads behave alike (1 thread measured faster than 2 on the loaded machine; 2 about 1.5x faster than 1 on an
idle one, docs/benchmarks_caption.md). Neither fixed number is right for both, so the caller looks, before each
generation or encode call, at how much CPU other processes used since it last looked (Linux /proc/stat, minus this
process's own CPU time) and picks the thread count then.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass

# other processes' CPU use, in cores, at or above which the model uses one thread
BUSY_CORES = 0.5
# a shorter window than this since the last reading keeps the last decision (the reading would be noise)
MIN_WINDOW_S = 0.5


@dataclass(frozen=True)
class CpuSample:
    busy_s: float  # CPU seconds all processes spent, every core summed
    own_s: float  # CPU seconds this process spent (all its threads)
    at: float  # monotonic wall clock


def read_sample() -> CpuSample | None:
    """The counters now, or None where /proc/stat is unreadable (not Linux)."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(v) for v in stat.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    if len(fields) < 5:
        return None
    # user nice system idle iowait irq softirq steal: busy = all but idle and iowait
    busy = sum(fields) - fields[3] - fields[4]
    own = os.times()
    return CpuSample(busy_s=busy / os.sysconf("SC_CLK_TCK"), own_s=own.user + own.system, at=time.monotonic())


def others_busy_cores(before: CpuSample, after: CpuSample) -> float:
    """Cores' worth of CPU that processes other than this one used between two samples."""
    wall = after.at - before.at
    if wall <= 0:
        return 0.0
    return max(0.0, (after.busy_s - before.busy_s) - (after.own_s - before.own_s)) / wall


class ThreadChooser:
    """Picks (generation threads, prompt threads) before each generation; a configured number > 0 is kept as it
    is, 0 means: every core when others used less than BUSY_CORES since the last pick, else 1."""

    def __init__(self, threads: int, batch_threads: int, cores: int | None = None) -> None:
        self.threads, self.batch_threads = threads, batch_threads
        self.cores = max(1, cores or os.cpu_count() or 1)
        self._last = read_sample()
        self.others = 0.0

    def choose(self) -> tuple[int, int]:
        now = read_sample()
        if now is not None and self._last is not None:
            if now.at - self._last.at < MIN_WINDOW_S:
                # too short to tell: a kernel thread's few milliseconds would read as a busy core (seen: a
                # model's encode right after the previous one dropped to 1 thread on an idle machine)
                return self._counts()
            self.others = others_busy_cores(self._last, now)
        self._last = now
        return self._counts()

    def _counts(self) -> tuple[int, int]:
        auto = 1 if self.others >= BUSY_CORES else self.cores
        return self.threads or auto, self.batch_threads or auto


_torch_chooser: ThreadChooser | None = None
_torch_lock = threading.Lock()


def torch_threads_now(configured: int) -> int:
    """Torch intra-op threads for the next batch: `configured` when > 0, else every core when other processes used
    less than BUSY_CORES since the last call in this process, else 1."""
    global _torch_chooser
    if configured > 0:
        return configured
    with _torch_lock:
        if _torch_chooser is None:
            _torch_chooser = ThreadChooser(0, 0)
        return _torch_chooser.choose()[0]


def apply_torch_threads(configured: int) -> int:
    """Set torch's intra-op thread count for the next batch (see torch_threads_now); returns the count."""
    import torch

    threads = torch_threads_now(configured)
    # always set, even when get_num_threads() already reads `threads`: with OpenMP the count is kept per calling
    # thread, and a loader thread's setting does not reach the thread that computes next (measured: a 1-thread
    # setting made in one thread left another encoding on 2)
    torch.set_num_threads(threads)
    return threads
