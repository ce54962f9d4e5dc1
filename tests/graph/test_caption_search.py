"""Generated photo captions are searchable: the Browse text box and the chat's "photos of ..." questions (the
parser's description slot, tried when its grammar does not understand a question) find them, on a real embedded
FalkorDB graph."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent.photo_description import described_photos, word_root
from agent.plan import Filter, QueryPlan
from agent.plan_compile import compile_plan
from agent.wording import normalise
from data.models import Post
from extractors.base import Extraction, ImageInfo, PostAnalysis
from graph.browse import BrowseFilter, browse_page, count_posts
from tests.support.ui_collection import make_image
from tests.support.ui_fixtures import open_ui_graph

POSTS = [  # id, own caption, generated caption of its photo
    ("g1", "", "a black dog is running through the grass"),
    ("g2", "", "a dog swims in the water"),
    ("g3", "sunday with Rex", "two dogs run on the grass"),
    ("g4", "", "a man rides a bike on a dirt road"),
    ("g5", "my dog loves grass", None),
    ("g6", "", "a brown dog is playing on the grass"),  # below the captioner's confidence gate (see UNCERTAIN)
]
UNCERTAIN = {"g6"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    home = tmp_path_factory.mktemp("caption-search")
    items = []
    for i, (pid, caption, generated) in enumerate(POSTS):
        image = make_image(home / "photos", pid, "animal")
        doubtful = pid in UNCERTAIN
        info = ImageInfo(0, 640, 480, "JPEG", generated, caption_confidence=0.2 if doubtful else 0.5,
                         caption_uncertain=doubtful)
        ex = Extraction(images={0: info})
        items.append(PostAnalysis(Post(id=pid, caption=caption, images=(image,), source="test",
                                       created_at=datetime(2024, 1, 1 + i, tzinfo=UTC)), ex))
    yield from open_ui_graph(home, items)


def _ids(rows) -> set[str]:
    return {r.get("id") or r.get("post_id") for r in rows}


def test_browse_text_matches_generated_captions(store) -> None:
    assert count_posts(store, BrowseFilter(text="DIRT ROAD")) == 1
    assert _ids(browse_page(store, BrowseFilter(text="grass"), 0, 10)) == {"g1", "g3", "g5"}


def test_uncertain_generated_captions_are_not_searched(store) -> None:
    """g6's doubtful caption says dog and grass, but a search must not cite a caption the captioner itself doubts."""
    assert "g6" not in _ids(browse_page(store, BrowseFilter(text="grass"), 0, 10))
    plan = QueryPlan(subject="posts", measure="list", filters=(Filter("words", ("dog", "grass")),))
    cypher, params = compile_plan(plan)
    assert _ids(store.query(cypher, params)) == {"g1", "g3", "g5"}


def test_photo_description_question_finds_posts_by_generated_caption(store) -> None:
    words = described_photos(normalise("Show me photos of a dog running on grass"))
    assert words == ("dog", "run", "grass")
    cypher, params = compile_plan(QueryPlan(subject="posts", measure="list", filters=(Filter("words", words),)))
    assert _ids(store.query(cypher, params)) == {"g1", "g3"}  # g2 swims, g5 says nothing of running


@pytest.mark.parametrize(("question", "expected"), [
    ("photos of dogs", None),  # one word: the tag rules answer it
    ("photos without a dog on grass", None),  # negation: the LLM answers
    ("which topics are most common", None),
    ("pictures of a man riding a bike?", ("man", "rid", "bike")),
])
def test_which_questions_are_photo_descriptions(question, expected) -> None:
    assert described_photos(normalise(question)) == expected


def test_word_roots() -> None:
    assert [word_root(w) for w in ("running", "dogs", "grass", "swimming", "bikes", "man")] == \
        ["run", "dog", "grass", "swim", "bik", "man"]


@pytest.mark.parametrize("question", [
    "Show posts where caption and image sentiment differ.",
    "Show me photos of posts about Rome",
    "photos of positive posts in 2023",
])
def test_questions_about_posts_are_not_photo_descriptions(question) -> None:
    assert described_photos(normalise(question)) is None


def test_the_agent_answers_a_photo_description_from_the_parser(store) -> None:
    from tests.support.agent_helpers import scripted_agent

    agent = scripted_agent(store, ["MATCH (p:Post) RETURN count(p) AS n"] * 3, store.settings)
    answer = agent.ask("Show me photos of a dog running on grass")
    assert answer.route == "parser" and sorted(answer.post_ids) == ["g1", "g3"]
    assert not agent.fake_llm.seen  # no LLM call
