"""What the pages SAY, read as a new user would (issue 11-13 trust audit), against the REAL embedded FalkorDB
holding the 12 hand-made posts plus two awkward ones: a caption-less photo whose caption verdict comes from its
generated caption (language undetermined, no date) and an undated post with a caption."""
from __future__ import annotations

import json

import pytest

from tests.support.ui_collection import analysis, make_image, sample_analyses
from tests.support.ui_fixtures import engine_ui_graph
from tests.support.ui_helpers import app_on, texts

CAPTIONLESS = "q01"  # no caption, no date, language 'und': its "caption" verdict reads the generated caption
UNDATED = "q02"


def collection(home):
    photos = home / "photos"
    extra = [analysis(CAPTIONLESS, "", None, "positive", "negative", [], [("paris", "ORG")], "dog", "und",
                      make_image(photos, CAPTIONLESS, "dog")),
             analysis(UNDATED, "An undated memory", None, "positive", "positive", ["beach"], [], "beach", "en",
                      make_image(photos, UNDATED, "beach"))]
    return sample_analyses(photos) + extra


@pytest.fixture(scope="module", params=["falkordb"])
def store(request):
    yield from engine_ui_graph(request, "ui-audit", collection)


def open_post(at, post_id):
    at.button(key=f"grid-{post_id}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_generated_caption_verdict_says_so(store):
    at = open_post(app_on("browse"), CAPTIONLESS)
    labels = [m.label for m in at.metric if m.label != "Posts"]
    assert labels == ["Generated caption", "Image", "Combined"]
    assert "generated from the photo" in at.metric[labels.index("Generated caption")].proto.help
    at = open_post(app_on("browse"), "p01")  # a post with its own caption keeps the plain label
    assert next(m.label for m in at.metric if m.label != "Posts") == "Caption"
    at.button(key="graph-p01").click().run()
    assert "positive (caption)" in set(at.dataframe[0].value["label"])


def test_graph_names_the_generated_caption_verdict(store):
    at = open_post(app_on("browse"), CAPTIONLESS)
    at.button(key=f"graph-{CAPTIONLESS}").click().run()
    labels = set(at.dataframe[0].value["label"])
    assert "positive (generated caption)" in labels and "positive (caption)" not in labels


def test_agreement_leaves_out_generated_captions(store):
    at = app_on("insights")
    agreement = next(m for m in at.metric if m.label == "Agreement")
    # the 12 sample posts (8 agree) + q02 (agrees); q01's caption verdict reads its photo: not counted
    assert agreement.value == "69%" and agreement.proto.help.startswith("9 of 13 posts with a caption of their own")
    assert int(at.dataframe[-1].value.to_numpy().sum()) == 13


def test_insights_say_what_they_count(store):
    at = app_on("insights")
    said = texts(at)
    assert any(t.startswith("12 dated posts in 11 months (2023-01 to 2023-11)")
               and t.endswith("2 posts without a date or verdict are not shown") for t in said)
    # topics of 1-2 posts stay out by default; the chart says what it shows and what it leaves out
    assert at.slider(key="min_topic_posts").value == 3
    assert set(at.dataframe[0].value["topic"]) == {"beach", "travel", "food", "dogs"}  # not 'work' (1 post)
    assert any(t.startswith("The 4 largest of the 4 topics with at least 3 posts (1 smaller topic not shown)")
               for t in said)
    at.slider(key="min_topic_posts").set_value(9).run()
    assert any(t == "No topic has 9 or more posts (5 topics in all)." for t in texts(at))


def test_dates_and_languages_read_as_words(store):
    at = app_on("browse")
    assert sum(t.startswith("no date · ") for t in texts(at)) == 2  # q01 and q02; never a bare " · positive"
    options = at.selectbox(key="f_lang").options
    assert "undetermined (too little text)" in options and "French (fr)" in options and "und" not in options
    at.selectbox(key="f_lang").set_value("und").run()  # the value stays the code the query filters on
    assert any(t.startswith("**1 post** match") for t in texts(at))
    at = open_post(app_on("browse"), CAPTIONLESS)
    assert any("language: undetermined (too little text)" in t for t in texts(at))


def test_active_filters_read_as_words(store):
    at = app_on("browse")
    at.selectbox(key="f_sentiment").set_value("negative").run()
    at.selectbox(key="f_source").set_value("caption").run()
    at.selectbox(key="f_topic").set_value("travel").run()
    line = next(t for t in texts(at) if "** match" in t)
    assert line == "**2 posts** match · filters: negative by the caption · topic travel"  # p07, p12


def test_graph_edges_are_labelled_in_words(store):
    from ui.graph_view import post_neighbourhood, topic_neighbourhood

    labels = {e["label"] for e in post_neighbourhood("p05").edges}
    assert labels == {"photo", "caption verdict", "image verdict", "combined verdict", "about", "key phrase",
                      "mentions", "shows"}
    assert {e["label"] for e in post_neighbourhood(CAPTIONLESS).edges} >= {"generated caption verdict"}
    assert {e["label"] for e in topic_neighbourhood("beach").edges} == {"about"}


def test_a_blank_question_is_not_sent_or_kept(store):
    at = app_on("chat")
    at.chat_input[0].set_value("   ").run()
    assert not at.exception and not at.get("chat_message")  # no empty user bubble, no answer to nothing
    assert any(t.startswith("Type a question about your posts") for t in texts(at))


def test_a_name_shared_by_two_entities_is_offered_once(store):
    at = app_on("browse")
    options = at.selectbox(key="f_entity").options
    assert options.count("paris") == 1  # the GPE of p05/p07/p08 and q01's ORG
    at.selectbox(key="f_entity").set_value("paris").run()
    assert any(t.startswith("**4 posts** match") for t in texts(at))


def test_a_truncated_citation_grid_says_how_many_it_leaves_out(store, monkeypatch):
    from core.settings import get_settings
    from ui import agent_bridge

    monkeypatch.setenv("FEEDLENS_UI_LLM_FACTORY", "tests.support.ui_fake_llm:build_llm")
    monkeypatch.setenv("FEEDLENS_UI_FAKE_REPLIES", json.dumps(["MATCH (p:Post) RETURN p.id AS post_id ORDER BY p.id"]))
    monkeypatch.setenv("FEEDLENS_LLM_TEMPLATES", "false")  # the scripted model answers, so every post is cited
    get_settings.cache_clear()
    agent_bridge.get_llm.clear()
    agent_bridge.get_selector.clear()
    try:
        at = app_on("chat")
        at.chat_input[0].set_value("Show me every post I have").run()
        assert not at.exception, [e.message for e in at.exception]
        cards = [b.key for b in at.button if b.key and b.key.startswith("cite")]
        assert len(cards) == 8
        assert any(t.startswith("Showing 8 of the 14 posts behind this answer") for t in texts(at))
        assert at.expander[0].label.startswith("Cypher and 14 rows · written by the language model (1 attempt)")
    finally:
        get_settings.cache_clear()
        agent_bridge.get_llm.clear()
        agent_bridge.get_selector.clear()


def test_sidebar_and_topic_table_say_what_they_count(store):
    at = app_on("chat")
    assert at.sidebar.caption[0].value == "By final verdict: :green[positive] 6 · :red[negative] 4 · :gray[neutral] 4"
    at = app_on("insights")
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["negative_share"]["label"] == "negative share"
    assert config["negative_share"]["type_config"]["format"] == "percent"


def test_graph_of_a_topic_says_it_shows_only_its_latest_posts(store, monkeypatch):
    from functools import partial

    from ui import graph_view

    at = app_on("graph")
    assert "travel (4 posts)" in at.selectbox(key="graph_topic").options
    at.selectbox(key="graph_topic").set_value("travel").run()
    assert not any("most recent" in t for t in texts(at))  # all 4 posts drawn: nothing to say
    monkeypatch.setattr(graph_view, "topic_neighbourhood", partial(graph_view.topic_neighbourhood, limit=2))
    at.run()
    assert any("the 2 most recent of the topic's 4 posts" in t for t in texts(at))


def test_image_tags_in_the_detail_carry_their_confidence(store):
    at = open_post(app_on("browse"), "p03")
    assert "**Image tags:** `dog` 90%" in texts(at)


def test_entity_and_tag_rankings_say_what_they_count(store):
    said = texts(app_on("insights"))
    assert any(t.startswith("Names of people, places and organisations") and "hashtags and @mentions are not" in t
               for t in said)
    assert "What the image tagger saw, by the number of posts with a photo showing it." in said


def test_chat_examples_come_from_this_graph(store):
    at = app_on("chat")
    assert ("Try: “How many posts are about beach?” · “Which topics are mostly negative?” · “Show my posts that "
            "mention paris”") in texts(at)


def test_insights_say_how_many_posts_have_no_topic(store):
    assert "1 of 14 posts are in no topic (too short, or unlike any other post) and are not counted here." in texts(
        app_on("insights"))  # q01


def test_generated_captions_are_shown_as_guesses(store):
    at = app_on("browse")
    assert "_a photo of a dog_ · generated, may be wrong" in texts(at)  # q01's card
    at = open_post(at, CAPTIONLESS)
    assert "generated caption (a machine guess from the photo, may be wrong): a photo of a dog" in texts(at)


def test_the_query_expander_says_who_wrote_the_query(store):
    at = app_on("chat")
    at.chat_input[0].set_value("How many posts are about travel?").run()  # the parser's question
    assert not at.exception, [e.message for e in at.exception]
    label = at.expander[0].label
    assert label.startswith("Cypher and 1 row · from the question parser, ") and "attempt" not in label
