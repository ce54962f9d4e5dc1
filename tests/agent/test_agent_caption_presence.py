"""'Posts without a caption', 'uncaptioned photos', 'posts with a caption', 'captioned posts': posts with or without
a caption the user wrote. Before, 'without a caption' was not understood and 'with a caption' was read as no filter
at all (every post counted). Checked against a REAL embedded FalkorDB holding the agent fixture graph, where every
post has a caption, plus one caption-less post added for these tests. None of these phrasings is in a suite."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import fixture_graph, parser_agent, same_rows, suite_phrasings
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture

OWN = "coalesce(p.caption_generated, false) = false AND trim(coalesce(p.caption, '')) <> ''"


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    for store in fixture_graph(falkordb_home, "agent_caption_presence_test", query_row_limit=100):
        store.write("CREATE (:Post {id: 'nocap-1', caption: '  ', created_at: '2023-05-01T10:00:00+00:00', "
                    "year: 2023, month: 5, sentiment: 'neutral', sentiment_score: 0.0})")
        store.write("CREATE (:Post {id: 'nocap-2', caption: 'a dog on grass', caption_generated: true, "
                    "created_at: '2023-06-01T10:00:00+00:00', year: 2023, month: 6, sentiment: 'positive', "
                    "sentiment_score: 0.4})")
        yield store


CASES = {
    "how many of my posts lack a caption?": f"MATCH (p:Post) WHERE NOT ({OWN}) RETURN count(p)",
    "show me my uncaptioned posts": f"MATCH (p:Post) WHERE NOT ({OWN}) RETURN p.id",
    "how many posts that have a caption are there": f"MATCH (p:Post) WHERE {OWN} RETURN count(p)",
    "count my captioned posts from 2023": f"MATCH (p:Post {{year: 2023}}) WHERE {OWN} RETURN count(p)",
}


@pytest.mark.parametrize("question", list(CASES))
def test_caption_presence_is_a_filter(store: Any, question: str) -> None:
    gold = store.query(CASES[question])
    answer = parser_agent(store).ask(question)
    assert answer.route == "parser", answer.answer
    assert same_rows(answer, gold, ignore_extra_columns=True), (answer.cypher, answer.rows, gold)


def test_the_premise_posts_with_and_without_a_caption_both_exist(store: Any) -> None:
    assert store.query(f"MATCH (p:Post) WHERE NOT ({OWN}) RETURN count(p) AS n")[0]["n"] == 2
    assert store.query(f"MATCH (p:Post) WHERE {OWN} RETURN count(p) AS n")[0]["n"] > 2


def test_no_phrasing_here_is_in_an_evaluation_suite() -> None:
    assert not {q.lower() for q in CASES} & suite_phrasings()
