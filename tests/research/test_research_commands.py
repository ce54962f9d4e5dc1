"""The research commands answer under their new names and under the old ones users typed (README, docs, sidecars)."""
from __future__ import annotations

import importlib
import runpy
import sys

import pytest

OLD_NAMES = {
    "extractors.evaluate": "research.evaluate",
    "extractors.train_sentiment": "research.training.train_sentiment",
    "extractors.train_image_sentiment": "research.training.train_image_sentiment",
    "extractors.vision.evaluate_tags": "research.vision_tags",
    "extractors.evaluation.topic_study": "research.evaluation.topic_study",
    "extractors.evaluation.finetune_probe": "research.evaluation.finetune_probe",
    "agent.evaluate": "research.agent_eval.evaluate",
}


def help_text(run, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        run()
    assert exit_info.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("old, new", sorted(OLD_NAMES.items()))
def test_old_command_name_runs_the_new_command(old: str, new: str, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", [f"{new.rsplit('.', 1)[-1]}.py", "--help"])
    new_help = help_text(lambda: importlib.import_module(new).main(["--help"]), capsys)
    old_help = help_text(lambda: runpy.run_module(old, run_name="__main__", alter_sys=False), capsys)
    assert new_help.startswith("usage:") and old_help == new_help


def test_runtime_packages_load_no_research_code() -> None:
    import subprocess

    code = ("import sys, extractors.pipeline, extractors.fusion, extractors.image_sentiment, extractors.sentiment, "
            "graph.writer, agent.chain, agent.ask; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'research'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["[]"]
