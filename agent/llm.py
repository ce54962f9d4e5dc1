"""The chat model that writes Cypher, chosen by configuration (FEEDLENS_LLM_PROVIDER).

Offline default: ChatLlamaCpp over the packaged Qwen2.5-Coder-1.5B GGUF. Ollama, OpenAI, any
OpenAI-compatible server and Anthropic are optional; a missing integration package raises MissingDependency
with the pip command. FEEDLENS_LLM_PROVIDER=none runs without a model (only the question parser answers).
Nothing here imports a provider package or loads a model until `build_llm` is called.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from core.errors import AgentUnavailable, ConfigError, MissingDependency
from core.settings import AgentSettings, Settings, get_settings

log = logging.getLogger(__name__)

# Qwen2.5 chat-template end markers, plus a blank-line-then-prose guard: one Cypher statement is all we want
STOP_TOKENS = ["<|im_end|>", "<|endoftext|>", "\nQuestion:", "\n\n\n"]
DEFAULT_MODELS = {"ollama": "qwen2.5-coder:7b", "openai": "gpt-4o-mini", "anthropic": "claude-3-5-haiku-latest"}


def _api_key(agent: AgentSettings) -> str | None:
    key = agent.api_key.get_secret_value()
    return key or None


def _llamacpp(agent: AgentSettings, settings: Settings) -> Any:
    """The packaged (or configured) GGUF, run by llama.cpp in a supervised worker process (agent/local_worker.py)."""
    import importlib.util

    if importlib.util.find_spec("llama_cpp") is None:  # fail here with the hint, not later inside the worker
        raise MissingDependency("llama-cpp-python", "The offline LLM")
    from agent.local_chat import SupervisedChatModel
    from agent.local_model import PACKAGED_GGUF_NAME, assemble_packaged_gguf, packaged_model_dir, resolve_gguf
    from agent.local_worker import LocalModelConfig, LocalModelWorker

    prepare = None
    if agent.model:
        path = resolve_gguf(agent.model, settings.model_cache_dir)
    else:  # the packaged model: parts checked now, the 1.1 GB copy made before the worker first starts, so a
        # session whose questions all take the template path never makes it
        folder = packaged_model_dir(settings.model_cache_dir, (settings.home / "models",))
        path, prepare = folder / PACKAGED_GGUF_NAME, partial(assemble_packaged_gguf, folder)
    log.info("local LLM %s (n_ctx=%s, threads=%s) in a worker process", path, agent.n_ctx, agent.threads or "auto")
    from agent.prompts import static_prefix

    config = LocalModelConfig(model_path=str(path), n_ctx=agent.n_ctx, threads=agent.threads,
                              batch_threads=agent.batch_threads,
                              max_tokens=agent.max_tokens, temperature=agent.temperature,
                              lookup_draft_tokens=agent.lookup_draft_tokens, lookup_ngram=agent.lookup_ngram,
                              flash_attn=agent.flash_attn,
                              warm_prefix=static_prefix(agent.anchor_examples, agent.schema_pruning),
                              state_dir=str(settings.model_cache_dir))
    worker = LocalModelWorker(config, timeout_s=agent.local_timeout_s, prepare=prepare)
    return SupervisedChatModel(worker=worker, stop=STOP_TOKENS)


def _ollama(agent: AgentSettings, settings: Settings) -> Any:
    try:
        from langchain_ollama import ChatOllama
    except ImportError:
        raise MissingDependency("langchain-ollama", "The Ollama LLM provider") from None
    kwargs: dict[str, Any] = {"model": agent.model or DEFAULT_MODELS["ollama"], "temperature": agent.temperature,
                              "num_predict": agent.max_tokens, "stop": STOP_TOKENS}
    if agent.base_url:
        kwargs["base_url"] = agent.base_url
    return ChatOllama(**kwargs)


def _openai(agent: AgentSettings, settings: Settings) -> Any:
    try:
        from langchain_openai import ChatOpenAI
    except ImportError:
        raise MissingDependency("langchain-openai", "The OpenAI LLM provider") from None
    compatible = agent.provider == "openai-compatible"
    if compatible and not agent.base_url:
        raise ConfigError("FEEDLENS_LLM_PROVIDER=openai-compatible needs FEEDLENS_LLM_BASE_URL")
    if not compatible and not _api_key(agent):
        raise ConfigError("FEEDLENS_LLM_PROVIDER=openai needs an API key: set OPENAI_API_KEY or FEEDLENS_LLM_API_KEY")
    if compatible and not agent.model:
        raise ConfigError("FEEDLENS_LLM_PROVIDER=openai-compatible needs FEEDLENS_LLM_MODEL (the server's model name)")
    return ChatOpenAI(
        model=agent.model or DEFAULT_MODELS["openai"], temperature=agent.temperature, max_tokens=agent.max_tokens,
        base_url=agent.base_url or None, api_key=_api_key(agent) or "not-needed", timeout=agent.timeout_s,
    )


def _anthropic(agent: AgentSettings, settings: Settings) -> Any:
    try:
        from langchain_anthropic import ChatAnthropic
    except ImportError:
        raise MissingDependency("langchain-anthropic", "The Anthropic LLM provider") from None
    if not _api_key(agent):
        raise ConfigError("FEEDLENS_LLM_PROVIDER=anthropic needs ANTHROPIC_API_KEY or FEEDLENS_LLM_API_KEY")
    return ChatAnthropic(model=agent.model or DEFAULT_MODELS["anthropic"], temperature=agent.temperature,
                         max_tokens=agent.max_tokens, api_key=_api_key(agent), timeout=agent.timeout_s)


def _no_llm(agent: AgentSettings, settings: Settings) -> Any:
    raise AgentUnavailable("FEEDLENS_LLM_PROVIDER=none (no language model is configured)")


PROVIDERS: dict[str, Callable[[AgentSettings, Settings], Any]] = {
    "none": _no_llm,
    "llamacpp": _llamacpp,
    "ollama": _ollama,
    "openai": _openai,
    "openai-compatible": _openai,
    "anthropic": _anthropic,
}


_cache_lock = threading.Lock()
_cached: dict[tuple[str, str, str], Any] = {}
# one llama.cpp context cannot run two generations at once: chats in several UI sessions take turns
LOCAL_LLM_LOCK = threading.Lock()


def cached_llm(settings: Settings | None = None) -> Any:
    """The configured chat model, built once per process (the local model takes ~1 GB of RAM)."""
    settings = settings or get_settings()
    agent = settings.agent
    key = (agent.provider, agent.model, agent.base_url)
    with _cache_lock:
        if key not in _cached:
            _cached[key] = build_llm(settings)
        return _cached[key]


def build_llm(settings: Settings | None = None) -> Any:
    """A LangChain chat model for the configured provider (settings.agent; loads the local model for llamacpp)."""
    settings = settings or get_settings()
    agent = settings.agent
    provider = agent.provider.strip().lower()
    if provider not in PROVIDERS:
        raise ConfigError(f"FEEDLENS_LLM_PROVIDER={agent.provider!r} is unknown; use one of {', '.join(PROVIDERS)}")
    return PROVIDERS[provider](agent, settings)
