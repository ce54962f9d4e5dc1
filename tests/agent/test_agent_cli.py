"""`python -m agent.ask` against a real embedded FalkorDB, with a scripted LLM standing in for the model."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

import agent.chain
import agent.few_shot
import agent.llm
from agent import ask
from agent.few_shot import FewShotSelector
from core.settings import get_settings
from research.agent_eval.fixture import load_fixture
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture()
def cli_env(falkordb_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:  # noqa: F811
    from graph.falkordb_store import FalkorDBStore

    store = FalkorDBStore(graph_settings(falkordb_home, graph_name="agent_cli_test"))
    load_fixture(store)
    monkeypatch.setenv("FEEDLENS_HOME", str(falkordb_home))
    monkeypatch.setenv("FEEDLENS_GRAPH_NAME", "agent_cli_test")
    monkeypatch.setenv("FEEDLENS_BACKEND", "falkordb")
    get_settings.cache_clear()
    monkeypatch.setitem(agent.few_shot._shared, agent.few_shot.load_examples, FewShotSelector(embedder=None))
    yield monkeypatch
    get_settings.cache_clear()
    store.clear()
    store.close()


def script(monkeypatch: pytest.MonkeyPatch, reply: str) -> None:
    monkeypatch.setattr(agent.llm, "cached_llm", lambda *a, **k: FakeListChatModel(responses=[reply]))


def test_json_output(cli_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    script(cli_env, "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'anna'}) RETURN p.id AS post_id")
    assert ask.main(["Which posts mention Anna?", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"question", "cypher", "rows", "answer", "post_ids", "posts"}
    assert sorted(out["post_ids"]) == ["p15", "p18"] and "LIMIT" in out["cypher"]
    shown = {p["id"]: p["shown_as"] for p in out["posts"]}
    assert shown["p18"] == "2021-12-25: Snowy Christmas in the mountains with Anna"


def test_posts_named_only_by_id_are_shown_by_date_and_caption(cli_env: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A generated query that returns only post ids: the answer and the citation lines show each post's date and
    caption (as the parser's answers do); the ids stay only as the citation in brackets."""
    cli_env.setenv("FEEDLENS_LLM_TEMPLATES", "false")
    get_settings.cache_clear()
    script(cli_env, "MATCH (p:Post)-[:MENTIONS]->(:Entity {name: 'anna'}) RETURN p.id AS post_id ORDER BY post_id")
    assert ask.main(["Which posts mention Anna?"]) == 0
    out = capsys.readouterr().out
    answer, _, citations = out.partition("Posts:\n")
    assert answer.startswith("2 posts:\n- 2021-07-30: Concert with Anna, best night ever #music\n"
                             "- 2021-12-25: Snowy Christmas in the mountains with Anna\n")
    assert "p15" not in answer and "p18" not in answer
    assert citations.splitlines() == ["- 2021-07-30: Concert with Anna, best night ever #music  [p15]",
                                      "- 2021-12-25: Snowy Christmas in the mountains with Anna  [p18]"]


def test_text_output_with_cypher(cli_env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    script(cli_env, "MATCH (p:Post) WHERE p.sentiment = 'negative' RETURN count(p) AS posts")
    assert ask.main(["how many negative posts?", "--show-cypher"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("MATCH (p:Post)") and "10 posts." in out
    cited = out.split("Example posts (5):\n", 1)[1].splitlines()  # examples behind the count, by date and caption
    assert cited and all(line.startswith("- 20") and line.endswith("]") for line in cited)


def test_refusal_exits_nonzero_without_traceback(cli_env: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    cli_env.setenv("FEEDLENS_LLM_TEMPLATES", "false")
    get_settings.cache_clear()
    script(cli_env, "MATCH (n) DETACH DELETE n")
    assert ask.main(["Which posts are happy?"]) == 1
    assert "only read your graph" in capsys.readouterr().out


def test_without_the_local_model_the_parser_still_answers(cli_env: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """llama-cpp-python not importable (simulated at the seam agent.llm checks): a question the parser understands
    is answered (exit 0); one only the model could answer says why the model is missing (exit 1), no traceback."""
    import importlib.util

    real = importlib.util.find_spec
    cli_env.setattr(importlib.util, "find_spec",
                    lambda name, *a, **k: None if name == "llama_cpp" else real(name, *a, **k))
    cli_env.setenv("FEEDLENS_LLM_PROVIDER", "llamacpp")
    get_settings.cache_clear()
    assert ask.main(["How many posts are about work?"]) == 0
    assert capsys.readouterr().out.startswith("3 posts.")
    assert ask.main(["Which topics co-occur with the topic holiday?"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("The local model is not available: ") and "llama-cpp-python" in out
    assert "questions the parser understands still work" in out and "Your graph holds" in out
