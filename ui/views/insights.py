"""Insights: sentiment over time, topics by negative/positive share, top entities and tags, and how often the
caption and the image agree."""
from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from agent.answer import count_of, plural
from graph import queries
from ui import charts, resources
from ui.components import ENTITIES, ENTITY_LABEL, require_graph

TOP = 15
MIN_TOPIC_POSTS = 3  # a "share" of one or two posts says nothing: smaller topics only when the user asks
ALL_TOPICS = 100_000
TOPIC_COLUMNS = {"posts": st.column_config.NumberColumn("posts", help="posts about the topic"),
                 "negative": st.column_config.NumberColumn("negative", help="posts whose final verdict is negative"),
                 "positive": st.column_config.NumberColumn("positive", help="posts whose final verdict is positive"),
                 "negative_share": st.column_config.NumberColumn("negative share", format="percent"),
                 "positive_share": st.column_config.NumberColumn("positive share", format="percent")}


def show_ranking(frame: pd.DataFrame, chart: alt.Chart, empty: str) -> None:
    """A ranking chart, or what is missing."""
    if frame.empty:
        st.info(empty)
    else:
        st.altair_chart(chart, width="stretch")

st.title("Insights")

if require_graph():
    st.subheader("Sentiment over time")
    frame, chart = charts.sentiment_by_month(resources.rows(queries.UI_SENTIMENT_BY_MONTH))
    undated = resources.post_count() - int(frame["posts"].sum())
    if frame.empty:
        st.info(f"No timeline: none of your {undated:,} posts has both a date and a sentiment verdict (CSV and "
                "dataset imports often carry no date).")
    else:
        st.altair_chart(chart, width="stretch")
        months = frame[["year", "month"]].drop_duplicates().sort_values(["year", "month"])
        span = " to ".join(f"{int(y)}-{int(m):02d}" for y, m in (months.iloc[0], months.iloc[-1]))
        st.caption(f"{frame['posts'].sum():,} dated posts in {len(months)} months ({span}), counted by their final "
                   "(combined) verdict" + (f"; {undated:,} posts without a date or verdict are not shown"
                                            if undated else ""))

    st.subheader("Topics: share of negative and positive posts")
    min_posts = st.slider("Topics with at least this many posts", 1, 50, MIN_TOPIC_POSTS, key="min_topic_posts")
    frame, chart = charts.topic_shares(resources.rows(queries.UI_TOPIC_SENTIMENT_SHARE, min_posts=min_posts,
                                                      limit=TOP))
    sizes = [int(r["posts"]) for r in resources.rows(queries.UI_TOPIC_CHOICES, limit=ALL_TOPICS)]
    eligible = sum(size >= min_posts for size in sizes)
    if frame.empty:
        st.info(f"No topic has {min_posts} or more posts ({len(sizes):,} topics in all)." if sizes else
                "No topics yet: posts get topics when they are loaded with the text or full pipeline.")
    else:
        st.altair_chart(chart, width="stretch")
        smaller = len(sizes) - eligible
        left_out = f" ({smaller:,} smaller {plural('topics', smaller)} not shown)" if smaller else ""
        st.caption(f"The {len(frame)} largest of the {count_of(eligible, 'topics')} with at least "
                   f"{count_of(min_posts, 'posts')}{left_out}; bars: share of each topic's "
                   "posts whose final (combined) verdict is negative / positive, most negative first.")
        with st.expander("Topic table"):
            st.dataframe(frame, hide_index=True, width="stretch", column_config=TOPIC_COLUMNS)
    untopical = resources.rows(queries.UI_POSTS_WITHOUT_TOPIC)
    if untopical and int(untopical[0]["posts"]):
        st.caption(f"{int(untopical[0]['posts']):,} of {resources.post_count():,} posts are in no topic (too short, "
                   "or unlike any other post) and are not counted here.")

    left, right = st.columns(2)
    with left:
        st.subheader(f"Top {ENTITIES}")
        st.caption(f"Names of {ENTITIES} found in captions (the Browse page's '{ENTITY_LABEL}' filter), by the "
                   "number of posts naming them; hashtags and @mentions are not counted here.")
        frame, chart = charts.ranking(resources.rows(queries.UI_TOP_ENTITIES, limit=TOP), "name")
        show_ranking(frame, chart, f"No {ENTITIES} found yet (they are read with the text or full pipeline).")
        st.subheader("Top @mentions")
        st.caption("Accounts you @mentioned, by the number of posts mentioning them.")
        frame, chart = charts.ranking(resources.rows(queries.UI_TOP_MENTIONS, limit=TOP), "@mention")
        show_ranking(frame, chart, "No @mentions in your captions.")
    with right:
        st.subheader("Top image tags")
        st.caption("What the image tagger saw, by the number of posts with a photo showing it.")
        frame, chart = charts.ranking(resources.rows(queries.UI_TOP_TAGS, limit=TOP), "tag")
        show_ranking(frame, chart, "No image tags yet.")

    st.subheader("Caption vs image: do they agree?")
    table, chart = charts.agreement(resources.rows(queries.UI_CAPTION_IMAGE_AGREEMENT))
    total = int(table.to_numpy().sum())
    if not total:
        st.info("No post has both a caption verdict and an image verdict (load with `--pipeline full`).")
    else:
        agree = int(sum(table.loc[s, s] for s in charts.SENTIMENT_ORDER))
        st.metric("Agreement", f"{agree / total:.0%}", help=f"{agree} of {total} posts with a caption of their own "
                  "and both verdicts (posts without a caption, or whose caption was generated from the photo, are "
                  "left out)")
        cols = st.columns([3, 2])
        cols[0].altair_chart(chart, width="stretch")
        cols[1].dataframe(table, width="stretch")
        photos = {r["verdict"]: int(r["posts"]) for r in resources.rows(queries.UI_IMAGE_VERDICTS)}
        if not photos.get("neutral"):
            st.caption("No photo of yours has a neutral verdict, so the image's 'neutral' column is empty: the image "
                       "model reads photos as positive or negative and rarely says neutral (10 of 214 labelled "
                       "photos it was tuned on). The photo's verdict on the Browse page reads 'unclear' when its "
                       "model is unsure.")
