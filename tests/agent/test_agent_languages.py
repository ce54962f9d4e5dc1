"""The caption's language as something to ask about: "what languages do I post in?" (each language by name with its
posts, and how many posts are too short to tell), "average sentiment for each language", "posts not in English".
Before, a language could only narrow posts ("posts in German"), shown as its code ("in language 'de'"), and these
questions went to the LLM. Checked on both engines (a REAL embedded FalkorDB and, where it runs, Neo4j) holding the
agent fixture graph, plus two posts whose language could not be told. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from core.languages import language_name
from tests.support.agent_helpers import engine_fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import ENGINES, falkordb_home, graph_settings  # noqa: F401 - session server fixture

KNOWN = "MATCH (p:Post) WHERE p.language IS NOT NULL AND p.language <> 'und' "


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest) -> Iterator[Any]:
    for graph in engine_fixture_graph(request, "agent_languages_test", query_row_limit=100):
        # two captions too short to tell their language, as the detector marks them
        graph.write("UNWIND ['und1', 'und2'] AS id CREATE (:Post {id: id, caption: 'ok', language: 'und', "
                    "sentiment: 'neutral', sentiment_score: 0.0})")
        yield graph


def _per_language(store: Any) -> list[dict[str, Any]]:
    rows = store.query(KNOWN + "RETURN p.language AS code, count(p) AS n ORDER BY n DESC, code")
    assert len(rows) >= 2, rows  # the fixture's premise: more than one language
    return rows


def test_the_languages_are_named_with_their_posts(store: Any) -> None:
    rows = _per_language(store)
    answer = parser_agent(store).ask("which languages are my captions written in?")
    assert answer.route == "parser", answer.answer
    for row in rows:
        n = int(row["n"])
        assert f"- {language_name(row['code'])}: {n} post{'s' if n != 1 else ''}" in answer.answer, answer.answer
    assert "'en'" not in answer.answer and "- en:" not in answer.answer
    assert "2 posts are in no language: too little text to tell." in answer.answer


def test_a_language_denied_keeps_the_posts_in_another_known_language(store: Any) -> None:
    gold = store.query(KNOWN + "AND p.language <> 'en' RETURN count(p) AS n")[0]["n"]
    answer = parser_agent(store).ask("how many of my captions aren't written in English?")
    assert answer.route == "parser", answer.answer
    assert answer.answer.startswith(f"{gold} post"), answer.answer
    assert "not in English" in answer.answer


def test_the_average_per_language(store: Any) -> None:
    rows = store.query(KNOWN + "RETURN p.language AS code, avg(p.sentiment_score) AS s")
    answer = parser_agent(store).ask("the mean sentiment score for each language")
    assert answer.route == "parser", answer.answer
    for row in rows:
        assert f"- {language_name(row['code'])}: {row['s']:+.2f}" in answer.answer, answer.answer


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    mine = ["which languages are my captions written in?", "how many of my captions aren't written in English?",
            "the mean sentiment score for each language"]
    assert not {q.lower() for q in mine} & suite_phrasings()
