"""Altair charts for the Insights page, built from query rows (pure functions: rows in, chart out)."""
from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

SENTIMENT_ORDER = ["negative", "neutral", "positive"]
SENTIMENT_COLOURS = alt.Scale(domain=SENTIMENT_ORDER, range=["#d62728", "#b0b0b0", "#2ca02c"])


def sentiment_by_month(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, alt.Chart]:
    """Stacked monthly post counts by sentiment (the table behind it is returned for tests and download)."""
    frame = pd.DataFrame(rows, columns=["year", "month", "sentiment", "posts", "mean_score"])
    frame["posts"] = frame["posts"].astype(int)
    frame["month_start"] = pd.to_datetime(
        {"year": frame["year"].astype(int), "month": frame["month"].astype(int), "day": 1}
    ) if len(frame) else pd.Series(dtype="datetime64[ns]")
    chart = alt.Chart(frame).mark_bar().encode(
        x=alt.X("yearmonth(month_start):T", title="month"),
        y=alt.Y("sum(posts):Q", title="posts"),
        color=alt.Color("sentiment:N", scale=SENTIMENT_COLOURS, sort=SENTIMENT_ORDER),
        order=alt.Order("sentiment:N"),
        tooltip=["yearmonth(month_start):T", "sentiment:N", "sum(posts):Q"],
    ).properties(height=260)
    return frame, chart


def topic_shares(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, alt.Chart]:
    """Per topic: share of negative and positive posts (topics sorted by their negative share)."""
    frame = pd.DataFrame(rows, columns=["topic", "posts", "negative", "positive"])
    for column in ("posts", "negative", "positive"):
        frame[column] = frame[column].astype(int)  # FalkorDB's sum() returns floats
    frame["negative_share"] = (frame["negative"] / frame["posts"].clip(lower=1)).round(3)
    frame["positive_share"] = (frame["positive"] / frame["posts"].clip(lower=1)).round(3)
    long = frame.melt(id_vars=["topic", "posts"], value_vars=["negative_share", "positive_share"],
                      var_name="share", value_name="fraction")
    long["sentiment"] = long["share"].str.replace("_share", "", regex=False)
    order = frame.sort_values("negative_share", ascending=False)["topic"].tolist()
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("topic:N", sort=order, title=None),
        x=alt.X("fraction:Q", axis=alt.Axis(format="%"), title="share of the topic's posts"),
        color=alt.Color("sentiment:N", scale=SENTIMENT_COLOURS),
        yOffset="sentiment:N",
        tooltip=["topic:N", "sentiment:N", alt.Tooltip("fraction:Q", format=".0%"), "posts:Q"],
    ).properties(height=max(160, 34 * len(frame)))
    return frame, chart


def agreement(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, alt.LayerChart]:
    """Caption verdict x image verdict: a confusion table and its heatmap."""
    frame = pd.DataFrame(rows, columns=["caption", "image", "posts"])
    frame["posts"] = frame["posts"].astype(int)
    base = alt.Chart(frame).encode(
        x=alt.X("image:N", sort=SENTIMENT_ORDER, title="image verdict"),
        y=alt.Y("caption:N", sort=SENTIMENT_ORDER, title="caption verdict"),
    )
    heat = base.mark_rect().encode(color=alt.Color("posts:Q", scale=alt.Scale(scheme="blues"), legend=None))
    text = base.mark_text(fontSize=16).encode(text="posts:Q")
    table = frame.pivot_table(index="caption", columns="image", values="posts", fill_value=0, aggfunc="sum")
    table = table.reindex(index=SENTIMENT_ORDER, columns=SENTIMENT_ORDER, fill_value=0)
    return table, (heat + text).properties(height=260)


def ranking(rows: list[dict[str, Any]], label: str) -> tuple[pd.DataFrame, alt.Chart]:
    """A horizontal bar chart of names by post count (entities, tags)."""
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=["name", "posts"])
    frame["posts"] = frame["posts"].astype(int)
    chart = alt.Chart(frame).mark_bar().encode(
        y=alt.Y("name:N", sort="-x", title=label), x=alt.X("posts:Q", title="posts"),
        tooltip=[c for c in frame.columns],
    ).properties(height=max(160, 22 * len(frame)))
    return frame, chart
