"""The reliability report's script runs: two cheap probes go through the same code path as the full report."""
from __future__ import annotations

from pathlib import Path

from research import reliability


def test_two_cheap_probes_run_and_render(tmp_path: Path) -> None:
    chosen = {p.name: p for p in reliability.PROBES}
    results = [reliability.run_probe(chosen[name]) for name in ("missing-caption-column", "mistyped-variable")]

    for result in results:
        assert result.steps and result.checks, result.name
        step = result.steps[0]
        assert step.cmd[1:3] == ["-m", "ingest"] and "$TMP" in " ".join(step.cmd)  # a real CLI, temp paths hidden
        assert step.rc == 2 and not step.traceback, step.shown()
        assert result.passed, result.checks

    out = tmp_path / "reliability.md"
    assert reliability.main(["--only", "missing-caption-column", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "| [missing-caption-column](#missing-caption-column) |" in text and "PASS" in text
    assert "$ python -m ingest $TMP/posts.csv" in text and "on commit `" in text


def test_every_probe_states_an_expectation() -> None:
    names = [p.name for p in reliability.PROBES]
    assert len(names) == len(set(names)) >= 12
    assert all(p.what and p.expectation for p in reliability.PROBES)
