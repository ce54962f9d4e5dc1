"""Chat answers that state photo verdicts use the same 'unclear' threshold as the app's pages
(core/photo_verdict.py): a photo the image model is unsure of is never stated as firmly positive or negative."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agent.answer import render_answer
from core.photo_verdict import IMAGE_UNCLEAR_BELOW, image_verdict
from tests.support.agent_helpers import fixture_graph, scripted_agent
from tests.support.graph_server import falkordb_home  # noqa: F401 - session server fixture
from ui import verdicts


@pytest.fixture(scope="module")
def store(falkordb_home: Path) -> Iterator[Any]:  # noqa: F811
    for graph in fixture_graph(falkordb_home, "agent_photo_verdicts"):
        # two photos the image model is unsure of (|p(pos) - p(neg)| below the threshold), one each way
        graph.write("MATCH (p:Post) WHERE p.id IN ['p01', 'p05'] AND p.image_sentiment = 'positive' "
                    "SET p.image_sentiment_score = 0.04")
        yield graph


def test_the_threshold_is_one_shared_value() -> None:
    assert verdicts.IMAGE_UNCLEAR_BELOW is IMAGE_UNCLEAR_BELOW and verdicts.image_verdict is image_verdict
    assert image_verdict("positive", IMAGE_UNCLEAR_BELOW / 2) == "unclear"
    assert image_verdict("negative", -IMAGE_UNCLEAR_BELOW) == "negative"


def test_answers_listing_photo_verdicts_name_the_unclear_ones(store: Any) -> None:
    unsure = {r["id"] for r in store.query(
        "MATCH (p:Post) WHERE p.image_sentiment = 'positive' AND abs(p.image_sentiment_score) < $below "
        "RETURN p.id AS id", {"below": IMAGE_UNCLEAR_BELOW})}
    assert unsure  # the fixture edit above took
    agent = scripted_agent(store, [], store.settings)
    answer = agent.ask("Which posts have a positive photo?")
    assert answer.route == "parser"
    assert unsure <= set(answer.post_ids)
    assert f"Note: {len(unsure)} of these posts have a photo verdict the image model is unsure of" in answer.answer
    counted = agent.ask("How many posts have a positive photo?")
    assert f"{len(unsure)} of these posts have a photo verdict" in counted.answer
    firm = agent.ask("Which posts have a negative photo?")  # no unsure negative photo in the fixture
    assert "unsure" not in firm.answer


def test_generated_rows_show_an_unsure_photo_verdict_as_unclear() -> None:
    rows = [{"post_id": "p1", "image_sentiment": "positive", "image_sentiment_score": 0.03},
            {"post_id": "p2", "image_sentiment": "negative", "image_sentiment_score": -0.6}]
    text = render_answer(rows)
    assert "image sentiment: unclear" in text and "image sentiment: negative" in text
    assert "image sentiment: positive" not in text
