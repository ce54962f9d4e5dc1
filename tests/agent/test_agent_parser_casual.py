"""The grammar added for casual phrasings (comparisons, shares of a topic or of what photos show, photo listings and
breakdowns, mood over time, "when did I first ...", plural superlatives, graphs without dates) against a REAL
embedded FalkorDB holding the agent fixture graph: each answer's rows equal a hand-written gold query, and the
questions the grammar must not guess at still go to the (faked) LLM. The phrasings here are not the evaluation
suite's (research/agent_eval/families_casual.jsonl), so these tests do not copy its held-out half."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.agent_helpers import assert_parsed_to, fixture_graph, parser_agent
from tests.support.graph_server import falkordb_home, graph_settings  # noqa: F401 - session server fixture


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    yield from fixture_graph(falkordb_home, "agent_casual_test", query_row_limit=100)





CASES = {
    # comparisons: one row per compared value
    "Which did I post about more, cycling or music?":
        "MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE t.name IN ['cycling', 'music'] RETURN t.name, count(DISTINCT p)",
    "Are there more music posts than cycling posts?":
        "MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE t.name IN ['cycling', 'music'] RETURN t.name, count(DISTINCT p)",
    "Is my food stuff happier than my travel stuff?":
        "MATCH (p:Post)-[:ABOUT]->(t:Topic) WHERE t.name IN ['food', 'travel'] RETURN t.name, avg(p.sentiment_score)",
    "Cats versus horses: which appear in more of my pictures?":
        "MATCH (i:Image)-[:DEPICTS]->(t:Tag) WHERE t.name IN ['cat', 'horse'] RETURN t.name, count(DISTINCT i)",
    "How many posts in 2020 compared to 2023?":
        "MATCH (p:Post) WHERE p.year IN [2020, 2023] RETURN p.year, count(p)",
    "Was I sadder in 2020 than in 2021?":
        "MATCH (p:Post) WHERE p.year IN [2020, 2021] RETURN p.year, avg(p.sentiment_score)",
    "Positive or negative: which do I post more?":
        "MATCH (p:Post) WHERE p.sentiment IN ['positive', 'negative'] RETURN p.sentiment, count(p)",
    # shares of a value, of posts and of photos
    "What percent of my posts are about cycling?":
        "MATCH (p:Post) OPTIONAL MATCH (p)-[:ABOUT]->(t:Topic {name: 'cycling'}) WITH p, count(t) AS k "
        "RETURN sum(CASE WHEN k > 0 THEN 1 ELSE 0 END), count(p), round(10000.0 * sum(CASE WHEN k > 0 THEN 1 ELSE 0 "
        "END) / count(p)) / 100",
    "What % of my pictures show a person?":
        "MATCH (i:Image) OPTIONAL MATCH (i)-[:DEPICTS]->(t:Tag {name: 'person'}) WITH i, count(t) AS k "
        "RETURN sum(CASE WHEN k > 0 THEN 1 ELSE 0 END), count(i), round(10000.0 * sum(CASE WHEN k > 0 THEN 1 ELSE 0 "
        "END) / count(i)) / 100",
    # photos: their sentiment breakdown, listings
    "Break down the sentiment of my photos from 2022":
        "MATCH (p:Post) WHERE p.year = 2022 AND p.image_sentiment IS NOT NULL RETURN p.image_sentiment, count(p)",
    "Show my 2 oldest pics":
        "MATCH (p:Post)-[:HAS_IMAGE]->(:Image) RETURN p.id, p.caption, p.created_at ORDER BY p.created_at LIMIT 2",
    "Which snow photos do not have a mountain in them?":
        "MATCH (p:Post)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'snow'}) "
        "WHERE NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: 'mountain'}) "
        "RETURN p.id, p.caption, p.created_at",
    # mood over time, dates, plural superlatives
    "How has my mood evolved over the years?": "MATCH (p:Post) RETURN p.year, avg(p.sentiment_score)",
    "When did I last post about coffee?":
        "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'coffee'}) RETURN p.id, p.caption, p.created_at "
        "ORDER BY p.created_at DESC LIMIT 1",
    "Which month of 2022 had the most negative sentiment on average?":
        "MATCH (p:Post) WHERE p.year = 2022 WITH p.month AS month, avg(p.sentiment_score) AS a "
        "RETURN month, a ORDER BY a LIMIT 1",
    "What are my gloomiest posts about travel?":
        "MATCH (p:Post)-[:ABOUT]->(:Topic {name: 'travel'}) WHERE p.sentiment = 'negative' "
        "RETURN p.id, p.caption, p.created_at, p.sentiment_score",
}


@pytest.mark.parametrize("question", list(CASES))
def test_casual_phrasings_are_parsed_to_the_gold_rows(store: Any, question: str) -> None:
    assert_parsed_to(store, question, CASES[question])


def test_a_comparison_says_which_is_ahead_and_how_it_was_read(store: Any) -> None:
    answer = parser_agent(store).ask("Did I post more about music or cycling?")
    assert "cycling: 3 posts" in answer.answer and "music: 2 posts" in answer.answer
    assert "More: cycling (3 vs 2)" in answer.answer and "compared: 'music' vs 'cycling'" in answer.answer
    share = parser_agent(store).ask("What percent of my posts are about cycling?")
    assert "3 of 36 posts (8.3%) are about 'cycling'" in share.answer


@pytest.mark.parametrize("question", [
    "Did I post more about food or football?",  # no topic 'football': the comparison is not guessed
    "Which posts about travel are more positive than negative?",
    "How did my posting change over time?",  # a change of what? only the mood has a trend slot
    "How many posts mention anything?",
    # a caption's verdict with the overall one, in either order: two verdicts no fragment combines
    "Which posts have a negative caption but are positive overall?",
    "Which positive posts have a negative caption?",
    # two sentiments said of two things are not listed side by side, so never a breakdown ("How many posts where
    # the caption is sad and the picture happy?" is now read as the two verdicts: tests/agent/test_agent_parser_third)
])
def test_what_the_new_grammar_does_not_read_goes_to_the_llm(store: Any, question: str) -> None:
    assert parser_agent(store).ask(question).route == "llm", question


def test_a_graph_without_dates_declines_time_questions_and_says_what_it_holds(store: Any) -> None:
    agent = parser_agent(store)
    agent.facts.get().newest = None  # as on an import without dates (MVSA): no newest post
    for question in ("How did my mood change over time?", "Which month had the most posts?",
                     "How many posts did I make in 2022?"):
        answer = agent.ask(question)
        assert answer.route == "parser" and answer.rows == [] and answer.error, question
        assert "does not record when its posts were made" in answer.answer and "Your graph holds" in answer.answer
    assert agent.ask("How many posts are about travel?").rows == [{"posts": 7}]  # undated questions still work
