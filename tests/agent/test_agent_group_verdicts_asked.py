"""Groups none (most) of whose posts have a verdict, asked in words the grammar did not read before ("which
tags never turn up in a sad post") or as a follow-up to a listing of the groups ("which topics have 2 or more
posts?" then "which of those are mostly positive?": the bar of the first question stays), checked on a REAL
embedded FalkorDB holding the agent fixture graph against sets computed in Python from the graph's own rows. Before,
these went to the LLM. None of these phrasings is in a suite."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

PHRASINGS = ["which tags never turn up in a sad post?", "which topics have 2 or more posts?",
             "which of those are mostly positive?", "which of those are never negative?",
             "which people are never named in a negative post?"]


def test_these_phrasings_are_not_in_a_suite() -> None:
    assert not set(PHRASINGS) & suite_phrasings()


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_group_verdicts_test", query_row_limit=500)


def _verdicts(store: Any, pattern: str) -> dict[str, list[str]]:
    """Each group's posts' combined verdicts, read from the graph."""
    out: dict[str, list[str]] = defaultdict(list)
    for r in store.query(f"MATCH (p:Post)-{pattern} WITH DISTINCT p, g RETURN g.name AS name, p.sentiment AS s"):
        out[r["name"]].append(r["s"])
    return out


def _names(answer: Any) -> set[str]:
    return {str(next(v for k, v in r.items() if k not in ("posts", "matching", "share_pct"))) for r in answer.rows}


def test_photo_tags_never_in_a_sad_post(store: Any) -> None:
    per = _verdicts(store, "[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(g:Tag)")
    gold = {name for name, verdicts in per.items() if "negative" not in verdicts}
    answer = parser_agent(store).ask(PHRASINGS[0])
    assert gold and len(gold) < len(per), "the fixture should hold both kinds"
    assert answer.route == "parser" and _names(answer) == gold, answer.answer
    assert "none of their posts negative" in answer.answer, answer.answer


def test_people_never_named_in_a_negative_post(store: Any) -> None:
    per = _verdicts(store, "[:MENTIONS]->(g:Entity {label: 'PERSON'})")
    gold = {name for name, verdicts in per.items() if "negative" not in verdicts}
    answer = parser_agent(store).ask(PHRASINGS[4])
    assert answer.route == "parser" and _names(answer) == gold, answer.answer


def test_mostly_positive_among_the_topics_listed_keeps_their_bar(store: Any) -> None:
    per = _verdicts(store, "[:ABOUT]->(g:Topic)")
    gold = {name for name, verdicts in per.items()
            if len(verdicts) >= 2 and 2 * verdicts.count("positive") > len(verdicts)}
    agent = parser_agent(store)
    first = agent.ask(PHRASINGS[1])
    assert first.route == "parser" and _names(first) == {n for n, v in per.items() if len(v) >= 2}, first.answer
    answer = agent.ask(PHRASINGS[2])
    assert answer.route == "parser", answer.answer
    supported = {r["topic"] for r in answer.rows if r["posts"] >= 2}
    assert supported == gold, answer.answer
    assert "at least 2 posts" in answer.answer, answer.answer


def test_never_negative_among_the_topics_listed_keeps_only_those(store: Any) -> None:
    per = _verdicts(store, "[:ABOUT]->(g:Topic)")
    gold = {name for name, verdicts in per.items() if len(verdicts) >= 2 and "negative" not in verdicts}
    agent = parser_agent(store)
    agent.ask(PHRASINGS[1])
    answer = agent.ask(PHRASINGS[3])
    assert answer.route == "parser" and _names(answer) == gold, answer.answer
