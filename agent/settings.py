"""Settings of the chat agent, read from FEEDLENS_LLM_* environment variables (and .env).

Kept beside the agent rather than in core.Settings while the agent's needs settle; API keys are read from the
environment only and held as SecretStr so they never appear in reprs or logs.
"""
from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class AgentSettings(BaseSettings):
    """Which LLM writes the Cypher and how the agent runs it."""

    model_config = SettingsConfigDict(env_prefix="FEEDLENS_LLM_", env_file=".env", extra="ignore")

    # llamacpp (offline default) | ollama | openai | openai-compatible | anthropic
    provider: str = "llamacpp"
    # llamacpp: "" = the packaged Qwen2.5-Coder-1.5B GGUF, or a path to a .gguf, or "hf:<repo>/<file.gguf>";
    # other providers: the provider's model name
    model: str = ""
    base_url: str = ""
    api_key: SecretStr = Field(
        SecretStr(""),
        validation_alias=AliasChoices("FEEDLENS_LLM_API_KEY", "OPENAI_API_KEY", "ANTHROPIC_API_KEY"),
    )
    # llama.cpp threads. Measured on the shared 2-core machine under load (load avg ~9): 1 thread ~30 s per
    # question, 2 threads ~100 s (threads stall at llama.cpp's per-layer barriers). On an idle machine 2 is faster.
    threads: int = 1
    n_ctx: int = 4096  # the few-shot prompt is ~1.5-2.5k tokens; 4k leaves room for history and the answer
    max_tokens: int = 256  # a Cypher statement; longer output is a runaway generation
    temperature: float = 0.0
    timeout_s: float = 120.0  # remote providers only
    # the local model's worker process: a generation that takes longer is treated as a hang (worker restarted)
    local_timeout_s: float = 180.0

    # agent behaviour
    few_shot_k: int = 6
    max_retries: int = 2
    # answer common question shapes from fixed templates (agent/intents.py) before asking the LLM
    templates: bool = True
    history_turns: int = 3
    cite_posts: int = 5  # example posts fetched for an aggregate answer


@lru_cache(maxsize=1)
def get_agent_settings() -> AgentSettings:
    """Agent settings for this process (cached; tests build their own)."""
    return AgentSettings()
