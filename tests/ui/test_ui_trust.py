"""What the pages say about entities, the photo's verdict and what the photo changes, read as a user would, against
the REAL embedded FalkorDB holding the 12 hand-made posts plus: a post with an @mention, a caption-less photo whose
generated caption was too unsure to use (so it has no caption verdict), and a photo whose verdict
the image model is unsure of."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from extractors.base import SentimentVerdict
from tests.support.ui_collection import START, analysis, make_image, sample_analyses
from tests.support.ui_fixtures import engine_ui_graph
from tests.support.ui_helpers import app_on, texts

MENTIONING = "m01"  # "Coffee with @maria_g in Paris #paris": a place, an @mention and a hashtag of one name
NO_CAPTION = "n01"  # no caption; its generated caption is below the confidence gate, so no text was read
UNSURE = "u01"  # the image model's score +0.04: too close to 0 to call


def collection(home):
    photos = home / "photos"
    mention = analysis(MENTIONING, "Coffee with @maria_g in Paris #paris", START, "positive", "positive", ["food"],
                       [("paris", "GPE"), ("maria_g", "MENTION")], "food", "en", make_image(photos, MENTIONING, "food"))
    bare = analysis(NO_CAPTION, "", START, "neutral", "negative", [], [], "city", "und",
                    make_image(photos, NO_CAPTION, "city"))
    bare.extraction.images[0].caption_uncertain = True
    del bare.extraction.sentiments["caption"]  # no caption text: the caption extractor stores no verdict
    unsure = analysis(UNSURE, "Foggy morning", START, "neutral", "positive", [], [], "city", "en",
                      make_image(photos, UNSURE, "city"))
    unsure.extraction.sentiments["image"] = SentimentVerdict("positive", 0.04, "test")
    return sample_analyses(photos) + [mention, bare, unsure]


@pytest.fixture(scope="module", params=["falkordb"])
def store(request):
    yield from engine_ui_graph(request, "ui-trust", collection)


def chart_rows(chart) -> list[dict]:
    """The rows an Altair chart on the page draws."""
    return pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all().to_pylist()


def open_post(at, post_id):
    at.button(key=f"grid-{post_id}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_browse_and_insights_mean_the_same_by_an_entity(store):
    at = app_on("browse")
    names = [o for o in at.selectbox(key="f_entity").options if o]
    assert at.selectbox(key="f_entity").label == "Person, place or organisation"
    assert "maria_g" not in names and "summer" not in names  # an @mention and a hashtag have their own boxes
    assert at.selectbox(key="f_mention").options == ["", "@maria_g"]
    at.selectbox(key="f_mention").set_value("maria_g").run()
    assert "**1 post** match · filters: @maria_g" in texts(at)

    at = app_on("insights")
    assert [s.value for s in at.subheader][2:4] == ["Top people, places and organisations", "Top @mentions"]
    specs = [(json.loads(c.proto.spec), c) for c in at.get("vega_lite_chart")]
    ranked = {spec["encoding"]["y"].get("title"): chart_rows(c) for spec, c in specs if "encoding" in spec}
    assert sorted(r["name"] for r in ranked["name"]) == sorted(names)  # the same list on both pages
    assert [(r["name"], r["posts"]) for r in ranked["@mention"]] == [("@maria_g", 1)]


def test_post_detail_keeps_names_hashtags_and_mentions_apart(store):
    said = texts(open_post(app_on("browse"), MENTIONING))
    assert "**People, places and organisations:** `paris` (place)" in said
    assert "**@mentions:** `@maria_g`" in said and "**Hashtags:** `#paris`" in said
    said = texts(open_post(app_on("browse"), "p01"))
    assert "**People, places and organisations:** `anna` (person)" in said and "**Hashtags:** `#summer`" in said


def test_an_unsure_photo_verdict_reads_unclear(store):
    at = open_post(app_on("browse"), UNSURE)
    image = next(m for m in at.metric if m.label == "Image")
    assert image.value == "unclear" and "rarely says neutral" in image.proto.help
    at = open_post(app_on("browse"), "p01")
    assert next(m for m in at.metric if m.label == "Image").value == "positive"


def test_compare_shows_what_the_photo_changed_in_your_posts(store):
    at = app_on("compare")
    metrics = {m.label: m.value for m in at.metric if m.label != "Posts"}
    # 12 sample posts + m01 + u01; n01 has no caption, so there is no caption-only verdict to compare
    assert metrics == {"Posts compared": "14", "Same verdict": "93%", "Changed by the photo": "1"}
    table = at.dataframe[0].value
    assert int(table.loc["negative", "neutral"]) == 1  # p02: negative caption, positive photo -> neutral
    assert int(table.to_numpy().sum()) == 14
    assert any(t.endswith("1 post without a caption of its own is left out (no caption, or one generated from "
                          "the photo, whose verdict already reads the photo).") for t in texts(at))
    assert [b.key for b in at.button if b.key and b.key.startswith("compare-")] == ["compare-p02"]
    assert "Beach cleanup was exhausting #summer" in texts(at)
    assert [s.value for s in at.subheader] == ["On your posts", "On labelled data (not your posts)"]
    assert at.expander[0].label == "The evaluation report (docs/eval_compare.md)"


def test_a_post_without_a_caption_is_not_counted_as_agreeing_with_its_photo(store):
    at = app_on("insights")
    agreement = next(m for m in at.metric if m.label == "Agreement")
    # 12 sample posts (8 agree) + m01 (agrees) + u01 (neutral caption, positive photo); not n01
    assert agreement.proto.help.startswith("9 of 14 posts with a caption of their own")


def test_a_post_without_any_caption_shows_no_caption_verdict(store):
    at = open_post(app_on("browse"), NO_CAPTION)
    caption = next(m for m in at.metric if m.label == "Caption")
    assert caption.value == "—" and "no caption" in caption.proto.help  # not the 'neutral' stored for no text
    assert next(m for m in at.metric if m.label == "Image").value == "negative"


def test_no_neutral_photo_in_a_filter_says_why(store):
    at = app_on("browse")
    at.selectbox(key="f_source").set_value("image").run()
    at.selectbox(key="f_sentiment").set_value("neutral").run()
    at.selectbox(key="f_topic").set_value("travel").run()
    assert any(i.value.startswith("No post matches these filters. The image model reads photos as positive or "
                                  "negative and rarely says neutral") for i in at.info)


def test_topic_counts_read_in_number_and_leave_out_nothing_silently(store):
    at = app_on("insights")
    at.slider(key="min_topic_posts").set_value(1).run()
    assert any(t.startswith("The 5 largest of the 5 topics with at least 1 post; bars:") for t in texts(at))


def test_the_graph_of_a_post_without_a_caption_names_it_by_date_and_shows_no_caption_verdict(store):
    from ui.graph_view import post_neighbourhood

    hood = post_neighbourhood(NO_CAPTION)
    assert hood.nodes[f"post:{NO_CAPTION}"]["label"] == "2023-01-05 (no caption)"
    assert {e["label"] for e in hood.edges if "verdict" in e["label"]} == {"image verdict", "combined verdict"}


def test_the_graph_writes_hashtags_and_mentions_as_such_and_keeps_them_apart_from_names(store):
    from ui.graph_view import post_neighbourhood

    hood = post_neighbourhood(MENTIONING)
    assert {n["label"] for n in hood.nodes.values() if n["kind"] == "Entity"} == {"paris", "#paris", "@maria_g"}


def test_filtering_on_the_caption_verdict_leaves_out_posts_without_a_caption(store):
    at = app_on("browse")
    at.selectbox(key="f_source").set_value("caption").run()
    at.selectbox(key="f_sentiment").set_value("neutral").run()
    assert "**3 posts** match · filters: neutral by the caption" in texts(at)  # p08, p09, u01; not n01


def test_the_graph_marks_an_unsure_photo_verdict(store):
    from ui.graph_view import post_neighbourhood

    labels = {n["label"] for n in post_neighbourhood(UNSURE).nodes.values() if n["kind"] == "Sentiment"}
    assert "positive? (image, unsure)" in labels and "positive (image)" not in labels
