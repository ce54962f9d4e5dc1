"""Provider configuration and the packaged GGUF assembly, without loading any model."""
from __future__ import annotations

import builtins
import importlib.util
import sys
from pathlib import Path
from typing import Any

import pytest

from agent import local_model
from agent.llm import build_llm
from core.errors import ConfigError, MissingDependency
from core.settings import AgentSettings, Settings
from tests.support.fake_model_parts import fake_parts


def settings(tmp_path: Path, **agent: Any) -> Settings:
    return Settings(_env_file=None, home=tmp_path, agent=AgentSettings(_env_file=None, **agent))


def test_unknown_provider_names_the_choices(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="llamacpp, ollama"):
        build_llm(settings(tmp_path, provider="gpt5"))


def test_openai_needs_a_key_and_compatible_needs_a_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "FEEDLENS_LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        build_llm(settings(tmp_path, provider="openai"))
    with pytest.raises(ConfigError, match="FEEDLENS_LLM_BASE_URL"):
        build_llm(settings(tmp_path, provider="openai-compatible"))


def test_openai_compatible_builds_without_network(tmp_path: Path) -> None:
    llm = build_llm(settings(tmp_path, provider="openai-compatible", base_url="http://localhost:8000/v1",
                                  model="qwen"))
    assert llm.model_name == "qwen" and llm.temperature == 0.0


def test_api_key_never_shows_in_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FEEDLENS_LLM_API_KEY", "sk-secret-123")
    agent = AgentSettings(_env_file=None)
    assert "sk-secret-123" not in repr(agent) and agent.api_key.get_secret_value() == "sk-secret-123"


@pytest.mark.parametrize("provider, package", [("ollama", "langchain_ollama"), ("anthropic", "langchain_anthropic"),
                                               ("llamacpp", "llama_cpp")])
def test_missing_package_gives_pip_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str,
                                        package: str) -> None:
    real_import = builtins.__import__

    def fake_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] == package:
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    real_find_spec = importlib.util.find_spec

    def fake_find_spec(name: str, *args: Any, **kwargs: Any) -> Any:  # the local model is only looked up, not imported
        return None if name.split(".")[0] == package else real_find_spec(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, package, raising=False)
    monkeypatch.setattr(builtins, "__import__", fake_import)
    monkeypatch.setattr(importlib.util, "find_spec", fake_find_spec)
    with pytest.raises(MissingDependency, match="pip install"):
        build_llm(settings(tmp_path, provider=provider, api_key="k"))


def test_gguf_is_assembled_once_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_parts(tmp_path, monkeypatch, [3, 2, 4])
    cache = tmp_path / "cache"
    target = local_model.resolve_gguf("", cache)
    assert target == cache / local_model.PACKAGED_GGUF_NAME
    assert target.read_bytes() == b"\x01\x01\x01\x02\x02\x03\x03\x03\x03"
    assert sorted(p.name for p in cache.iterdir()) == sorted([local_model.PACKAGED_GGUF_NAME,  # no temp files left
                                                              local_model.lock_path(cache).name])
    mtime = target.stat().st_mtime_ns
    assert local_model.resolve_gguf("", cache).stat().st_mtime_ns == mtime


def test_wrong_part_sizes_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_parts(tmp_path, monkeypatch, [3, 2])
    monkeypatch.setattr(local_model, "PACKAGED_GGUF_SIZE", 99)
    with pytest.raises(ConfigError, match="reinstall"):
        local_model.resolve_gguf("", tmp_path / "cache")
    assert not (tmp_path / "cache" / local_model.PACKAGED_GGUF_NAME).exists()


def test_own_gguf_path_or_a_clear_error(tmp_path: Path) -> None:
    own = tmp_path / "mine.gguf"
    own.write_bytes(b"GGUF")
    assert local_model.resolve_gguf(str(own), tmp_path) == own
    with pytest.raises(ConfigError, match="not a GGUF file"):
        local_model.resolve_gguf(str(tmp_path / "missing.gguf"), tmp_path)
