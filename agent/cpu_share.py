"""How many threads the local model should use now: every core while the machine is otherwise idle, one while
other work keeps the cores busy.

llama.cpp's threads meet at a barrier after every layer, so a thread that the OS has parked behind another
process stalls all of them: on the shared 2-core test machine (load average 4-9) two threads made a question
several times slower than one, while on an idle machine two were faster (docs/eval_agent.md). Neither fixed
number is right for both, so the worker looks, before each generation, at how much CPU other processes used
since it last looked (Linux /proc/stat, minus the worker's own CPU time) and picks the thread count then.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

# other processes' CPU use, in cores, at or above which the model uses one thread
BUSY_CORES = 0.5


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
            self.others = others_busy_cores(self._last, now)
        self._last = now
        auto = 1 if self.others >= BUSY_CORES else self.cores
        return self.threads or auto, self.batch_threads or auto
