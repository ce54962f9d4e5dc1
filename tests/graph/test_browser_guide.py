"""The Neo4j Browser guide: the committed favourites match their source, and every exploration runs read-only
on a real Neo4j holding the UI's sample posts and returns something for its example values."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.browser_guide import DEFAULT_DIR, guide_files
from graph.queries.browser_guide import EXAMPLES, EXPLORATIONS


def test_committed_guide_is_current() -> None:
    for name, text in guide_files().items():
        assert (DEFAULT_DIR / name).read_text(encoding="utf-8") == text, f"run python -m graph.browser_guide ({name})"
    assert len(EXPLORATIONS) == 10


def test_a_favourite_names_itself_and_sets_its_params() -> None:
    text = guide_files()["02-topic-posts.cypher"]
    assert text.startswith("// A topic's posts with their photos and sentiments\n")
    assert ":param topic => 'beach';" in text


@pytest.fixture(scope="module")
def sample_graph(neo4j_endpoint, tmp_path_factory: pytest.TempPathFactory):
    from tests.support.ui_collection import sample_analyses
    from tests.support.ui_fixtures import open_ui_graph

    home = tmp_path_factory.mktemp("guide")
    yield from open_ui_graph(home, sample_analyses(home / "photos"), neo4j=neo4j_endpoint)


@pytest.mark.neo4j
@pytest.mark.parametrize("exploration", EXPLORATIONS, ids=lambda e: e.slug)
def test_every_exploration_runs_read_only_on_neo4j(sample_graph, exploration) -> None:
    rows = sample_graph.query(exploration.cypher, {k: v for k, v in EXAMPLES.items() if f"${k}" in exploration.cypher})
    assert rows or exploration.slug == "10-unanalysed-posts"


def test_guide_dir_is_in_docs() -> None:
    assert DEFAULT_DIR == Path(__file__).resolve().parents[2] / "docs" / "neo4j_browser"
