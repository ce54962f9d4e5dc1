"""Torch's thread count follows what other processes leave free, unless a count is configured."""
from __future__ import annotations

import pytest

from core import cpu_share
from core.cpu_share import CpuSample


def _feed(monkeypatch: pytest.MonkeyPatch, samples: list[CpuSample | None], cores: int = 2) -> None:
    feed = iter(samples)
    monkeypatch.setattr(cpu_share, "read_sample", lambda: next(feed))
    monkeypatch.setattr(cpu_share.os, "cpu_count", lambda: cores)
    monkeypatch.setattr(cpu_share, "_torch_chooser", None)  # a fresh process-wide chooser


def test_a_configured_count_is_kept_whatever_the_load(monkeypatch: pytest.MonkeyPatch) -> None:
    _feed(monkeypatch, [])  # never read: a configured count does not look at the machine
    assert cpu_share.torch_threads_now(1) == 1
    assert cpu_share.torch_threads_now(3) == 3


def test_auto_takes_every_core_when_idle_and_one_when_others_are_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    _feed(monkeypatch, [CpuSample(0.0, 0.0, 0.0),  # the chooser's first reading
                        CpuSample(5.1, 5.0, 5.0),  # 5 s: this process used 5 CPU s, others 0.1 -> idle
                        CpuSample(15.1, 6.0, 10.0)])  # 5 s: others used 9 CPU s = 1.8 cores -> busy
    assert cpu_share.torch_threads_now(0) == 2
    assert cpu_share.torch_threads_now(0) == 1


def test_apply_sets_torch_and_reports_the_count(monkeypatch: pytest.MonkeyPatch) -> None:
    torch = pytest.importorskip("torch")
    before = torch.get_num_threads()
    try:
        _feed(monkeypatch, [CpuSample(0.0, 0.0, 0.0), CpuSample(9.0, 0.0, 5.0)])  # others 1.8 cores: busy
        assert cpu_share.apply_torch_threads(0) == 1
        assert torch.get_num_threads() == 1
        assert cpu_share.apply_torch_threads(2) == 2
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_a_reading_too_soon_after_the_last_keeps_the_decision(monkeypatch: pytest.MonkeyPatch) -> None:
    _feed(monkeypatch, [CpuSample(0.0, 0.0, 0.0),  # the chooser's first reading
                        CpuSample(0.02, 0.0, 0.01),  # 10 ms later, 20 ms of others' ticks: 2 "cores" of noise
                        CpuSample(0.1, 0.05, 5.0),  # 5 s after the first reading: others ~0.01 cores
                        CpuSample(9.1, 0.05, 10.0)])  # 5 s: others used 9 CPU s -> busy
    assert cpu_share.torch_threads_now(0) == 2  # noise over 10 ms is not read as a busy machine
    assert cpu_share.torch_threads_now(0) == 2
    assert cpu_share.torch_threads_now(0) == 1
