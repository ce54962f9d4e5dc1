"""A stand-in for a chat model that could not be built (llama-cpp-python missing or still installing, the model file
missing, a provider without its key, FEEDLENS_LLM_PROVIDER=none): the agent keeps answering what the question
parser understands and says, for the questions that need the model, why it is not there. It never generates."""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult

from core.errors import AgentUnavailable, FeedLensError

log = logging.getLogger(__name__)


def unavailable_sentence(reason: str) -> str:
    """What a user reads for a question only the model could answer."""
    return (f"The local model is not available: {reason.rstrip('.')}; questions the parser understands still work "
            "(counts, lists, rankings, shares and averages of your posts, topics, tags, people and places).")


class UnavailableChatModel(BaseChatModel):
    """Holds the reason the configured chat model could not be built; asking it to generate raises
    AgentUnavailable with that reason (the agent checks `unavailable_reason` first and never calls it)."""

    reason: str

    @property
    def _llm_type(self) -> str:
        return "unavailable"

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        raise AgentUnavailable(unavailable_sentence(self.reason))


def unavailable_reason(llm: Any) -> str | None:
    """Why `llm` cannot answer (it is a stand-in), or None for a real chat model."""
    return llm.reason if isinstance(llm, UnavailableChatModel) else None


def llm_or_unavailable(build: Callable[[], Any]) -> Any:
    """`build()`, or a stand-in holding the reason when the model cannot be built here (a FeedLensError: a missing
    package, a missing model file, a configuration problem; an ImportError from a half-installed runtime)."""
    try:
        return build()
    except (FeedLensError, ImportError) as exc:
        log.warning("the chat model is not available, the parser still answers: %s", exc)
        return UnavailableChatModel(reason=str(exc) or exc.__class__.__name__)
