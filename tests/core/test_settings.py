"""One settings object: every FEEDLENS_* knob declared, the agent's nested under settings.agent, typos rejected."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.errors import ConfigError
from core.settings import AgentSettings, Settings, check_environment, known_variables, option_reader
from extractors.fusion import build_fusion
from extractors.vision import ImageNetTagger

REPO = Path(__file__).resolve().parents[2]


def test_agent_settings_are_a_section_read_from_feedlens_llm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDLENS_LLM_PROVIDER", "ollama")
    monkeypatch.setenv("FEEDLENS_LLM_FEW_SHOT_K", "3")
    settings = Settings(_env_file=None)
    assert settings.agent.provider == "ollama" and settings.agent.few_shot_k == 3
    changed = settings.with_agent(templates=False)
    assert changed.agent.templates is False and settings.agent.templates is True  # a copy, not a mutation
    assert changed.agent.provider == "ollama"


def test_every_declared_knob_has_its_documented_variable() -> None:
    names = known_variables()
    for expected in ("FEEDLENS_HOME", "FEEDLENS_FUSION_HEAD", "FEEDLENS_IMAGE_SENTIMENT_HEAD",
                     "FEEDLENS_BLIP2_BATCH_SIZE", "FEEDLENS_CAPTIONER_MODEL", "FEEDLENS_LLM_PROVIDER",
                     "FEEDLENS_LLM_LOCAL_TIMEOUT_S", "FEEDLENS_NEO4J_URI", "FEEDLENS_UI_LLM_FACTORY",
                     "FEEDLENS_COMPARE_REPORT"):
        assert expected in names
    assert "FEEDLENS_AGENT" not in names  # the section itself is not a variable


@pytest.mark.parametrize("name, hint", [("FEEDLENS_CAPTION_MODEL", "FEEDLENS_CAPTIONER_MODEL"),
                                        ("FEEDLENS_LLM_PROVDER", "FEEDLENS_LLM_PROVIDER"),
                                        ("FEEDLENS_FUSIONHEAD", "FEEDLENS_FUSION_HEAD")])
def test_a_typo_is_rejected_with_the_closest_name(name: str, hint: str) -> None:
    with pytest.raises(ConfigError, match=f"{name} \\(did you mean {hint}\\?\\)"):
        check_environment({name: "x", "FEEDLENS_HOME": "/tmp/h", "PATH": "/bin"}, env_file=None)


def test_known_names_and_other_prefixes_pass(tmp_path: Path) -> None:
    check_environment({"FEEDLENS_HOME": "h", "FEEDLENS_LLM_API_KEY": "k", "NEO4J_PASSWORD": "p",
                       "FEEDLENS_PHOTOS": "./photos", "OPENAI_API_KEY": "k"}, env_file=None)


def test_a_typo_in_the_env_file_is_rejected_too(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("FEEDLENS_BACKEND=falkordb\nFEEDLENS_GRAPHNAME=mine\n")
    with pytest.raises(ConfigError, match="FEEDLENS_GRAPHNAME"):
        check_environment({}, env_file=env_file)


def test_the_cli_stops_with_a_clear_message_and_exit_2(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "FEEDLENS_HOME": str(tmp_path), "FEEDLENS_IMAGE_MODLE": "efficientnet_lite0"}
    done = subprocess.run([sys.executable, "-m", "ingest", str(tmp_path), "--pipeline", "minimal"], cwd=REPO,
                          check=False, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "FEEDLENS_IMAGE_MODLE (did you mean FEEDLENS_IMAGE_MODEL?)" in done.stderr
    assert "Traceback" not in done.stderr


def test_option_reader_prefers_overrides_then_settings_then_declared_defaults() -> None:
    settings = Settings(_env_file=None, image_max_tags=3)
    assert option_reader(settings, {"image_max_tags": 7})("image_max_tags") == 7
    assert option_reader(settings, {})("image_max_tags") == 3
    assert option_reader(None, {})("image_max_tags") == Settings.model_fields["image_max_tags"].default
    with pytest.raises(AttributeError):
        option_reader(settings, {})("image_max_tag")  # an undeclared knob is an error, not a silent default


def test_extractors_read_the_declared_knobs(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, image_tag_threshold=0.3, fusion_head=str(tmp_path / "mine.json"))
    assert ImageNetTagger(settings).threshold == 0.3
    assert build_fusion(settings).path == tmp_path / "mine.json"  # FEEDLENS_FUSION_HEAD is honoured
    assert AgentSettings(_env_file=None).local_timeout_s > 0
