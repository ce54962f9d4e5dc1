"""The Chat page's link to agent/: builds the chat model and the agent once, keeps one conversation per
browser session, and turns every failure into an AgentAnswer with a polite `error` (never a traceback).

FEEDLENS_UI_LLM_FACTORY=module:function swaps the configured LLM for another chat model factory; the browser
test points it at a scripted FakeListChatModel in tests/ so the whole app runs without a model.
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import time
from typing import Any

import streamlit as st

from core.errors import AgentUnavailable, FeedLensError
from ui import resources

log = logging.getLogger(__name__)

SESSION_AGENT = "chat_agent"


def _llm_factory() -> Any:
    """The chat-model factory: the test override when set, else agent.llm.build_llm."""
    spec = resources.settings().ui_llm_factory.strip()
    if spec:
        module, _, name = spec.partition(":")
        return getattr(importlib.import_module(module), name or "build_llm")
    from agent.llm import build_llm

    return build_llm


def agent_module() -> Any:
    """agent's chain module (imported lazily: it may pull in LangChain, never torch)."""
    if importlib.util.find_spec("agent.chain") is None:
        raise AgentUnavailable("agent/chain.py is missing from this copy of FeedLens: reinstall it")
    return importlib.import_module("agent.chain")


def agent_status() -> tuple[bool, str]:
    """A cheap check for the Settings page: can the agent be built, and with which provider?"""
    try:
        agent_module()
    except AgentUnavailable as exc:
        return False, f"agent not available: {exc}"
    except Exception as exc:  # noqa: BLE001 - an import error inside agent/: report it, keep the app up
        return False, f"agent not available: {exc}"
    override = resources.settings().ui_llm_factory
    return True, "agent available" + (f" (LLM from {override})" if override else "")


def chat_model_status() -> tuple[bool, str]:
    """For the Settings page: agent_status, and whether the chat model can be built (the chat's own cached model:
    built, not started). Without it the chat still answers what the parser understands (agent_status stays ok)."""
    ok, message = agent_status()
    if not ok:
        return ok, message
    from agent.llm_unavailable import unavailable_reason

    reason = unavailable_reason(chat_model())
    if reason is not None:
        return False, (f"chat model not available: {reason.rstrip('.')}; questions the parser understands are still "
                       "answered")
    return ok, message


@st.cache_resource(show_spinner="Loading the chat model (first question only)…")
def get_llm() -> Any:
    """The chat model, built once per process (loading a local GGUF takes seconds)."""
    return _llm_factory()(resources.settings())


@st.cache_resource(show_spinner=False)
def get_selector() -> Any:
    """Few-shot example picker, shared by all sessions (it embeds the examples once).

    With a scripted test LLM the examples do not matter, so word overlap stands in and no sentence model loads.
    """
    from agent.few_shot import FewShotSelector, minilm_embedder

    return FewShotSelector(embedder=None if resources.settings().ui_llm_factory else minilm_embedder)


@st.cache_resource(show_spinner=False)
def get_grounder() -> Any:
    """Graph vocabularies for grounding question words, read once and shared (refreshed after an import)."""
    from agent.grounding import Grounder

    return Grounder(resources.get_store())


def chat_model() -> Any:
    """The shared chat model, or (when it cannot be built: llama-cpp-python missing or still installing, no model
    file, a provider without its key) a stand-in holding the reason, so the parser's questions are still answered.
    A failed build is not cached: the next question tries again, and picks the model up once it is there."""
    from agent.llm_unavailable import llm_or_unavailable

    return llm_or_unavailable(get_llm)


def session_agent() -> Any:
    """This browser session's agent: its own conversation memory over the shared model, store and examples.

    Built by agent.chain.build_agent like every other agent, so sessions take turns on a local model. An agent
    built while the model was unavailable is rebuilt (keeping its conversation) once the model can be built.
    """
    from agent.llm_unavailable import unavailable_reason

    agent = st.session_state.get(SESSION_AGENT)
    if agent is None or unavailable_reason(getattr(agent, "llm", None)) is not None:
        llm = chat_model()
        if agent is not None and unavailable_reason(llm) is not None:
            return agent
        module = agent_module()
        rebuilt = module.build_agent(resources.get_store(), llm, settings=resources.settings(),
                                     selector=get_selector(), grounder=get_grounder())
        if agent is not None:
            rebuilt.memory = agent.memory
        agent = st.session_state[SESSION_AGENT] = rebuilt
    return agent


def refresh_after_import() -> None:
    """New posts may bring new topics, tags and entities: re-read the grounding vocabularies."""
    try:
        get_grounder().refresh()
    except Exception as exc:  # noqa: BLE001 - grounding is a help, never a reason to fail an import
        log.warning("could not refresh the agent's vocabularies: %s", exc)


def ask(question: str) -> Any:
    """The agent's AgentAnswer for `question`; failures come back as an answer with `error` set."""
    started = time.perf_counter()
    try:
        return session_agent().ask(question)
    except Exception as exc:  # the boundary: the user sees a sentence, the log has the traceback
        log.exception("chat question failed")
        from agent.answer import AgentAnswer

        reason = str(exc) if isinstance(exc, FeedLensError) else f"{type(exc).__name__}: {exc}"
        return AgentAnswer(question=question, error=reason, seconds=time.perf_counter() - started)


def reset_conversation() -> None:
    """Forget this session's conversation (the model stays loaded)."""
    agent = st.session_state.pop(SESSION_AGENT, None)
    if agent is not None and hasattr(agent, "memory"):
        agent.memory.clear()
