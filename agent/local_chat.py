"""The LangChain face of the supervised local model: GraphCypherQAChain uses it like any chat model, while every
generation runs in the worker process of agent/local_worker.py."""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import Field

from agent.local_worker import GenerationRequest

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def as_request(messages: list[BaseMessage], stop: list[str] | None, default_stop: tuple[str, ...],
               temperature: float | None = None, seed: int | None = None) -> GenerationRequest:
    pairs = tuple((_ROLES.get(m.type, "user"), m.text) for m in messages)
    return GenerationRequest(messages=pairs, stop=tuple(stop) if stop else default_stop, temperature=temperature,
                             seed=seed)


class SupervisedChatModel(BaseChatModel):
    """A LangChain chat model whose generations run in a LocalModelWorker."""

    worker: Any
    stop: list[str] = Field(default_factory=list)
    # None: the worker's configured decoding (greedy); set on a copy to sample candidates (self-consistency)
    temperature: float | None = None
    seed: int | None = None

    @property
    def _llm_type(self) -> str:
        return "feedlens-supervised-local"

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        text = self.worker.generate(as_request(messages, stop, tuple(self.stop), self.temperature, self.seed))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def restarts_of(llm: Any) -> int:
    """How often the local model's worker has been restarted (0 for any other chat model)."""
    return llm.worker.restarts if isinstance(llm, SupervisedChatModel) else 0
