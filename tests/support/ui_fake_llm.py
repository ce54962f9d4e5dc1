"""A scripted chat model for UI tests: FEEDLENS_UI_LLM_FACTORY=tests.support.ui_fake_llm:build_llm.

Replies come from FEEDLENS_UI_FAKE_REPLIES (a JSON list of strings), cycling, or DEFAULT_REPLIES.
"""
from __future__ import annotations

import json
import os
from typing import Any

DEFAULT_REPLIES = [
    ("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN p.id AS post_id, p.caption AS caption "
     "ORDER BY p.created_at"),
]


def build_llm(*_: Any, **__: Any) -> Any:
    """A FakeListChatModel answering with the scripted Cypher replies."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    replies = json.loads(os.environ.get("FEEDLENS_UI_FAKE_REPLIES") or "null") or DEFAULT_REPLIES
    return FakeListChatModel(responses=list(replies))


# whether agent.llm.LOCAL_LLM_LOCK was held at each call of the lock-watching model, in call order
LOCAL_LOCK_HELD: list[bool] = []


def build_lock_watching_llm(*_: Any, **__: Any) -> Any:
    """The scripted model, noting in LOCAL_LOCK_HELD whether the local-model lock was held while it generated."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from agent.llm import LOCAL_LLM_LOCK

    class LockWatchingChatModel(FakeListChatModel):
        def _call(self, *args: Any, **kwargs: Any) -> str:
            LOCAL_LOCK_HELD.append(LOCAL_LLM_LOCK.locked())
            return super()._call(*args, **kwargs)

    return LockWatchingChatModel(responses=list(build_llm().responses))
