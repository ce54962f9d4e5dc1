"""Chat page: the real agent (agent.chain) over a real embedded graph, with a scripted chat model."""
from __future__ import annotations

import json

import pytest

from agent.llm import LOCAL_LLM_LOCK
from core.errors import AgentUnavailable
from core.settings import get_settings
from tests.support import ui_fake_llm
from tests.support.graph_server import ENGINES
from tests.support.ui_collection import sample_analyses
from tests.support.ui_fixtures import engine_ui_graph
from tests.support.ui_helpers import app_on, texts
from ui import agent_bridge

BEACH = ("MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'beach'}) RETURN p.id AS post_id, p.caption AS caption "
         "ORDER BY p.created_at")
COUNT_FOOD = "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'food'}) RETURN count(p) AS posts"


@pytest.fixture(scope="module", params=ENGINES)
def store(request):
    yield from engine_ui_graph(request, "ui-chat", lambda home: sample_analyses(home / "photos"))


@pytest.fixture
def scripted(monkeypatch, store):
    """Script the LLM's replies for one test (the cached model and agent are rebuilt)."""
    def script(*replies: str) -> None:
        monkeypatch.setenv("FEEDLENS_UI_LLM_FACTORY", "tests.support.ui_fake_llm:build_llm")
        monkeypatch.setenv("FEEDLENS_UI_FAKE_REPLIES", json.dumps(list(replies)))
        get_settings.cache_clear()
        agent_bridge.get_llm.clear()
        agent_bridge.get_selector.clear()
    yield script
    agent_bridge.get_llm.clear()
    get_settings.cache_clear()


def test_answer_cites_posts_with_thumbnails_and_shows_cypher(scripted):
    scripted(BEACH)
    at = app_on("chat")
    at.chat_input[0].set_value("Which posts are about the beach?").run()
    assert not at.exception
    assert any(t.startswith("3 posts:") and "Sunny day at the beach" in t for t in texts(at))  # the parser answers
    cited = sorted(b.key for b in at.button if b.key and b.key.startswith("cite"))
    assert cited == ["cite1-p01", "cite1-p02", "cite1-p10"]
    assert "Topic {name: 'beach'}" in at.code[0].value
    assert len(at.get("image")) >= 3
    assert set(at.dataframe[0].value["post_id"]) == {"p01", "p02", "p10"}


def test_history_follow_up_and_open_a_cited_post(scripted):
    scripted(COUNT_FOOD, BEACH)
    at = app_on("chat")
    at.chat_input[0].set_value("How many posts are about food?").run()
    at.chat_input[0].set_value("And which are about the beach?").run()
    assert len(at.get("chat_message")) == 4
    assert any(t.strip().startswith("3 posts.") for t in texts(at))
    at.button(key="cite3-p02").click().run()
    assert not at.exception
    assert "Beach cleanup was exhausting" in " ".join(texts(at)) and len(at.main.metric) == 3  # the post detail view


def test_write_requests_are_refused_politely(scripted):
    scripted("MATCH (n) DETACH DELETE n")
    at = app_on("chat")
    at.chat_input[0].set_value("Delete all my posts").run()
    assert not at.exception
    assert any("only read your graph" in t for t in texts(at))
    at.switch_page("views/browse.py").run()
    assert any("**12 posts** match" in t for t in texts(at))


@pytest.mark.parametrize(("provider", "takes_turns"), [("llamacpp", True), ("ollama", False)])
def test_sessions_take_turns_on_a_local_model(provider, takes_turns, monkeypatch, store):
    """The session agent comes from agent.chain.build_agent: with llamacpp it holds the local-model lock while the
    model generates, so two browser sessions never run the one llama.cpp context at once."""
    monkeypatch.setenv("FEEDLENS_UI_LLM_FACTORY", "tests.support.ui_fake_llm:build_lock_watching_llm")
    monkeypatch.setenv("FEEDLENS_UI_FAKE_REPLIES", json.dumps([BEACH]))
    monkeypatch.setenv("FEEDLENS_LLM_PROVIDER", provider)
    monkeypatch.setenv("FEEDLENS_LLM_TEMPLATES", "false")  # every question goes to the model
    monkeypatch.setattr(ui_fake_llm, "LOCAL_LOCK_HELD", [])
    get_settings.cache_clear()
    agent_bridge.get_llm.clear()
    agent_bridge.get_selector.clear()
    try:
        at = app_on("chat")
        at.chat_input[0].set_value("Which posts are about the beach?").run()
        assert not at.exception
        agent = at.session_state[agent_bridge.SESSION_AGENT]
    finally:
        get_settings.cache_clear()
        agent_bridge.get_llm.clear()
    assert any(t.startswith("3 posts:\n- 2023-") for t in texts(at))  # by date and caption, not by id
    assert ui_fake_llm.LOCAL_LOCK_HELD == [takes_turns]
    assert (agent.llm_lock is LOCAL_LLM_LOCK) is takes_turns
    assert not LOCAL_LLM_LOCK.locked()  # released after the answer


def test_agent_not_available_is_explained(monkeypatch, store):
    def missing():
        raise AgentUnavailable("agent/chain.py is missing from this copy of FeedLens")

    monkeypatch.setattr(agent_bridge, "agent_module", missing)
    at = app_on("chat")
    assert any(t.startswith("agent not available: agent/chain.py is missing") for t in texts(at))
    assert at.chat_input[0].disabled


@pytest.mark.parametrize("how", ["provider-none", "llama-cpp-missing"])
def test_chat_without_the_local_model_still_answers_what_the_parser_understands(how, monkeypatch, store):
    """No model (FEEDLENS_LLM_PROVIDER=none, or llama-cpp-python not importable, simulated at the import seam):
    the parser's questions are answered; only a question that needs the model gets the sentence saying why."""
    import importlib.util

    from agent.few_shot import FewShotSelector

    monkeypatch.delenv("FEEDLENS_UI_LLM_FACTORY", raising=False)
    if how == "provider-none":
        monkeypatch.setenv("FEEDLENS_LLM_PROVIDER", "none")
    else:
        monkeypatch.setenv("FEEDLENS_LLM_PROVIDER", "llamacpp")
        real = importlib.util.find_spec
        monkeypatch.setattr(importlib.util, "find_spec",
                            lambda name, *a, **k: None if name == "llama_cpp" else real(name, *a, **k))
    monkeypatch.setattr(agent_bridge, "get_selector", lambda: FewShotSelector(embedder=None))
    get_settings.cache_clear()
    agent_bridge.get_llm.clear()
    try:
        at = app_on("chat")
        at.chat_input[0].set_value("Which posts are about the beach?").run()
        at.chat_input[0].set_value("Which topics co-occur with the topic beach?").run()
    finally:
        get_settings.cache_clear()
        agent_bridge.get_llm.clear()
    assert not at.exception
    shown = texts(at)
    assert any(t.startswith("3 posts:") and "Sunny day at the beach" in t for t in shown)
    unavailable = [t for t in shown if t.startswith("The local model is not available: ")]
    assert len(unavailable) == 1 and "questions the parser understands still work" in unavailable[0]
    assert ("FEEDLENS_LLM_PROVIDER=none" if how == "provider-none" else "llama-cpp-python") in unavailable[0]
