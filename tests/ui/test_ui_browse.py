"""Browse page and graph/browse.py against a real graph (embedded FalkorDB, and Neo4j) holding 12 hand-made posts."""
from __future__ import annotations

from datetime import date

import pytest
from PIL import Image

from graph.browse import BrowseFilter, browse_page, count_posts, page_query
from tests.support.graph_server import ENGINES
from tests.support.ui_collection import sample_analyses
from tests.support.ui_fixtures import engine_ui_graph
from tests.support.ui_helpers import app_on, texts


@pytest.fixture(scope="module", params=ENGINES)
def store(request):
    yield from engine_ui_graph(request, "ui-browse", lambda home: sample_analyses(home / "photos"))


def match_count(at) -> int:
    line = next(t for t in texts(at) if "** match" in t)
    return int(line.split("**")[1].split()[0])


def card_ids(at) -> set[str]:
    return {b.key.split("-", 1)[1] for b in at.button if b.key and b.key.startswith("grid-")}


@pytest.mark.parametrize(("flt", "expected"), [
    (BrowseFilter(), 12),
    (BrowseFilter(topic="beach"), 3),
    (BrowseFilter(sentiment="negative", sentiment_source="caption"), 5),
    (BrowseFilter(sentiment="negative", sentiment_source="image"), 2),
    (BrowseFilter(hashtag="#Summer"), 3),
    (BrowseFilter(tag="dog"), 3),
    (BrowseFilter(entity="paris"), 3),
    (BrowseFilter(language="fr"), 1),
    (BrowseFilter(text="PARIS"), 3),
    (BrowseFilter(date_from=date(2023, 1, 5), date_to=date(2023, 2, 19)), 3),
    (BrowseFilter(topic="travel", tag="food", sentiment="neutral", sentiment_source="caption"), 1),
])
def test_filters_count_the_right_posts(store, flt, expected):
    assert count_posts(store, flt) == expected
    assert len(browse_page(store, flt, 0, 50)) == expected


def test_pages_and_sorts_in_the_database(store):
    newest = [r["id"] for r in browse_page(store, BrowseFilter(sort="newest"), 0, 5)]
    assert newest == ["p12", "p11", "p10", "p09", "p08"]
    assert [r["id"] for r in browse_page(store, BrowseFilter(sort="newest"), 2, 5)] == ["p02", "p01"]
    negative_first = browse_page(store, BrowseFilter(sort="most negative"), 0, 3)
    assert all(r["sentiment_score"] < 0 for r in negative_first)
    assert browse_page(store, BrowseFilter(sort="oldest"), 0, 1)[0]["id"] == "p01"


def test_user_text_never_enters_the_query(store):
    nasty = "x' }) MATCH (n) DETACH DELETE n //"
    cypher, params = page_query(BrowseFilter(text=nasty, topic=nasty), 0, 10)
    assert nasty.lower() not in cypher.lower() and nasty not in cypher
    assert params["text"] == nasty.lower()
    assert browse_page(store, BrowseFilter(text=nasty), 0, 10) == []
    assert count_posts(store, BrowseFilter()) == 12


def test_grid_shows_and_filters_posts(store):
    at = app_on("browse")
    assert match_count(at) == 12 and len(card_ids(at)) == 12
    at.selectbox(key="f_topic").set_value("beach").run()
    assert match_count(at) == 3 and card_ids(at) == {"p01", "p02", "p10"}
    at.text_input(key="f_text").set_value("SUNSET").run()
    assert card_ids(at) == {"p10"}
    at.text_input(key="f_text").set_value("").run()
    at.selectbox(key="f_sentiment").set_value("negative").run()
    at.selectbox(key="f_source").set_value("caption").run()
    assert card_ids(at) == {"p02"}
    at.selectbox(key="f_source").set_value("image").run()
    assert card_ids(at) == set() and any("No post matches" in t for t in texts(at))


def test_date_range_and_language_filters_in_the_page(store):
    at = app_on("browse")
    at.date_input(key="f_dates").set_value((date(2023, 1, 5), date(2023, 2, 19))).run()
    assert card_ids(at) == {"p01", "p02", "p03"}
    at.selectbox(key="f_lang").set_value("fr").run()
    assert card_ids(at) == set()


def test_post_detail_shows_everything_known(store):
    at = app_on("browse")
    at.button(key="grid-p05").click().run()
    assert not at.exception
    shown = " ".join(texts(at))
    assert "Dinner in Paris was amazing" in shown
    assert "`food`" in shown and "`travel`" in shown and "`paris` (place)" in shown and "`#foodie`" in shown
    assert "generated caption (a machine guess from the photo, may be wrong): a photo of a food" in shown
    verdicts = {m.label: m.value for m in at.main.metric}  # the sidebar has a 'Posts' metric of its own
    assert verdicts == {"Caption": "positive", "Image": "positive", "Combined": "positive"}
    at.button[0].click().run()  # back to the grid
    assert not at.main.metric


def test_thumbnails_are_small_cached_jpegs(store):
    app_on("browse")
    home = store.settings.home
    thumbs = list((home / "thumbs").rglob("*.jpg"))
    assert len(thumbs) == 11  # p09 has no image: a placeholder instead
    with Image.open(thumbs[0]) as img:
        assert img.format == "JPEG" and max(img.size) <= 320
    assert all(t.stat().st_size < 30_000 for t in thumbs)


def test_sidebar_shows_backend_and_counts(store):
    at = app_on("chat")
    assert at.sidebar.metric[0].value == "12"
    assert f"`{store.backend}`" in at.sidebar.markdown[0].value
    assert ":red[negative] 4" in at.sidebar.caption[0].value  # combined verdicts: p04, p06, p07, p12
