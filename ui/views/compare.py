"""Compare: what the photo changes, on your own posts (caption-only verdict vs the final caption+image verdict), and
the committed evaluation of the same question on labelled data."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from agent.answer import count_of
from graph import queries
from ui import resources, state
from ui.charts import SENTIMENT_ORDER
from ui.components import badge, require_graph, short, show_thumb
from ui.verdicts import IMAGE_VERDICT_HELP, image_verdict

REPORT = Path(resources.settings().compare_report or Path(__file__).resolve().parents[2] / "docs" / "eval_compare.md")
COMMAND = ("python -m research.evaluate compare --dataset mvsa:PATH/posts.csv "
           "[--dataset senticap:PATH/senticap_test.csv] --out docs/eval_compare.md")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")
EXAMPLES = 8


def verdict_table(rows: list[dict]) -> pd.DataFrame:
    """Caption-only verdict (rows) x caption+image verdict (columns), post counts."""
    frame = pd.DataFrame(rows, columns=["caption", "combined", "posts"])
    frame["posts"] = frame["posts"].astype(int)  # FalkorDB's counts may come back as floats
    table = frame.pivot_table(index="caption", columns="combined", values="posts", fill_value=0, aggfunc="sum")
    table = table.reindex(index=SENTIMENT_ORDER, columns=SENTIMENT_ORDER, fill_value=0)
    table.index.name, table.columns.name = "caption only", "caption + image"
    return table


def changed_card(post: dict) -> None:
    """One post whose verdict the photo changed: photo, caption, the two verdicts and the photo's own."""
    with st.container(border=True):
        show_thumb(post.get("image_path"))
        st.caption(f"{(post.get('created_at') or 'no date')[:10]}")
        st.markdown(short(post.get("caption"), 120))
        photo = image_verdict(post.get("image_sentiment"), post.get("image_sentiment_score"))
        st.markdown(f"caption only {badge(post.get('caption_sentiment'))} → with the photo "
                    f"{badge(post.get('sentiment'))}")
        st.caption(f"the photo alone: {photo} ({post.get('image_sentiment_score') or 0:+.2f})",
                   help=IMAGE_VERDICT_HELP)
        if st.button("Open", key=f"compare-{post['id']}"):
            state.open_post(post["id"])
            st.switch_page(state.BROWSE_PAGE_PATH)


def on_your_posts() -> None:
    st.subheader("On your posts")
    table = verdict_table(resources.rows(queries.UI_COMPARE_VERDICTS))
    total = int(table.to_numpy().sum())
    found = resources.rows(queries.UI_COMPARE_NO_CAPTION)
    left_out = int(found[0]["posts"]) if found else 0
    note = (f" {count_of(left_out, 'posts')} without a caption of {'its' if left_out == 1 else 'their'} own "
            f"{'is' if left_out == 1 else 'are'} left out (no caption, or one generated from the photo, whose "
            "verdict already reads the photo)." if left_out else "")
    if not total:
        st.info("None of your posts has both a caption of its own and a photo verdict, so there is nothing to compare "
                "yet: load posts with photos using the full pipeline (`python -m ingest PATH --pipeline full`)."
                + note)
        return
    same = int(sum(table.loc[s, s] for s in SENTIMENT_ORDER))
    changed = total - same
    cols = st.columns(3)
    cols[0].metric("Posts compared", f"{total:,}", help="posts with a caption of their own and a photo verdict")
    cols[1].metric("Same verdict", f"{same / total:.0%}", help=f"{same} of {total}: the photo did not change it")
    cols[2].metric("Changed by the photo", f"{changed:,}", help="the final verdict differs from the caption's own")
    st.caption("Each post's caption-only verdict against its final verdict, which weighs the photo in (the photo "
               "counts more when the caption's verdict is unsure)." + note)
    st.dataframe(table, width="stretch")
    if not changed:
        st.info("The photo changed no verdict: every final verdict is the caption's own.")
        return
    st.markdown(f"**Where the photo changed the verdict** ({'all' if changed <= EXAMPLES else 'the'} "
                f"{min(changed, EXAMPLES)} of {changed:,}, biggest change first)")
    posts = resources.rows(queries.UI_COMPARE_CHANGED, limit=EXAMPLES)
    cols = st.columns(4)
    for index, post in enumerate(posts):
        with cols[index % 4]:
            changed_card(post)


def on_labelled_data() -> None:
    st.subheader("On labelled data (not your posts)")
    if not REPORT.is_file():
        st.info("No evaluation report here (docs/eval_compare.md is missing). It measures the same question on "
                f"labelled public data; run `{COMMAND}` to write it.")
        return
    st.caption("The committed evaluation: caption only vs caption + image on public posts whose sentiment people "
               "labelled (MVSA, SentiCap), so it can say which verdict is right. It is a fixed report, the same for "
               "everyone, measured when FeedLens was built.")
    with st.expander("The evaluation report (docs/eval_compare.md)"):
        text = REPORT.read_text(encoding="utf-8")
        position = 0
        for match in IMAGE.finditer(text):  # st.markdown cannot show local images: draw them with st.image
            st.markdown(text[position:match.start()])
            image = (REPORT.parent / match.group(2)).resolve()
            if image.is_file():
                st.image(str(image), caption=match.group(1) or None)
            else:
                st.warning(f"chart missing: {match.group(2)}")
            position = match.end()
        st.markdown(text[position:])


st.title("Compare: caption only vs caption + image")
if require_graph():
    on_your_posts()
on_labelled_data()
