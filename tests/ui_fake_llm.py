"""A scripted chat model for UI tests: FEEDLENS_UI_LLM_FACTORY=tests.ui_fake_llm:build_llm.

Replies come from FEEDLENS_UI_FAKE_REPLIES (a JSON list of strings), cycling, or DEFAULT_REPLIES.
"""
from __future__ import annotations

import json
import os
from typing import Any

DEFAULT_REPLIES = [
    "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN p.id AS post_id, p.caption AS caption "
    "ORDER BY p.created_at",
]


def build_llm(*_: Any, **__: Any) -> Any:
    """A FakeListChatModel answering with the scripted Cypher replies."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    replies = json.loads(os.environ.get("FEEDLENS_UI_FAKE_REPLIES") or "null") or DEFAULT_REPLIES
    return FakeListChatModel(responses=list(replies))
