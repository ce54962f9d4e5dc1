"""The Browse page's filter widgets, turned into a graph.browse.BrowseFilter."""
from __future__ import annotations

from datetime import date

import streamlit as st

from graph import queries
from graph.browse import SENTIMENT_SOURCES, SORT_ORDERS, BrowseFilter
from ui import resources
from ui.components import ENTITY_LABEL, language_name

CHOICE_LIMIT = 300  # most used values offered in each select box


def _names(cypher: str, column: str = "name") -> list[str]:
    """'' (any) and the distinct names, most used first: one name may be several entities ('nasa' the ORG and
    the @mention), and the filter selects by name, so it is offered once."""
    names = [str(r[column]) for r in resources.rows(cypher, limit=CHOICE_LIMIT) if r.get(column)]
    return [""] + list(dict.fromkeys(names))


def _date_bounds() -> tuple[date | None, date | None]:
    found = resources.rows(queries.UI_DATE_RANGE)
    if not found or not found[0].get("first"):
        return None, None
    return date.fromisoformat(found[0]["first"][:10]), date.fromisoformat(found[0]["last"][:10])


def _date_range() -> tuple[date | None, date | None]:
    first, last = _date_bounds()
    if first is None:
        return None, None
    picked = st.date_input("Date range", value=(first, last), min_value=first, max_value=last, key="f_dates")
    if isinstance(picked, (tuple, list)) and len(picked) == 2:
        start, end = picked
        return (start if start != first else None), (end if end != last else None)
    return None, None  # half-picked range: no date filter until both ends are set


def browse_filter() -> BrowseFilter:
    """Draw the filter bar and return what it selects."""
    top = st.columns([3, 2, 2, 2])
    text = top[0].text_input("Caption contains", key="f_text", placeholder="e.g. beach")
    sort = top[1].selectbox("Sort by", list(SORT_ORDERS), key="f_sort")
    sentiment = top[2].selectbox("Sentiment", ["", "positive", "neutral", "negative"], key="f_sentiment",
                                 format_func=lambda v: v or "any")
    source = top[3].selectbox("…judged on", list(SENTIMENT_SOURCES), key="f_source")
    with st.expander("More filters: topic, name, hashtag, @mention, image tag, language, dates"):
        row = st.columns(4)
        topic = row[0].selectbox("Topic", _names(queries.UI_TOPIC_CHOICES), key="f_topic")
        entity = row[1].selectbox(ENTITY_LABEL, _names(queries.UI_ENTITY_CHOICES), key="f_entity",
                                  help="Names found in captions; hashtags and @mentions have their own boxes")
        hashtag = row[2].selectbox("Hashtag", _names(queries.UI_HASHTAG_CHOICES), key="f_hashtag",
                                   format_func=lambda name: f"#{name}" if name else "")
        mention = row[3].selectbox("@mention", _names(queries.UI_MENTION_CHOICES), key="f_mention",
                                   format_func=lambda name: f"@{name}" if name else "")
        row = st.columns(3)
        tag = row[0].selectbox("Image tag", _names(queries.UI_TAG_CHOICES), key="f_tag")
        language = row[1].selectbox("Language", [""] + [r["language"] for r in
                                                        resources.rows(queries.UI_LANGUAGE_CHOICES)], key="f_lang",
                                    format_func=lambda code: language_name(code) if code else "")
        with row[2]:
            date_from, date_to = _date_range()
    return BrowseFilter(sentiment=sentiment, sentiment_source=source, topic=topic, entity=entity, hashtag=hashtag,
                        mention=mention, tag=tag, language=language, date_from=date_from, date_to=date_to, text=text,
                        sort=sort)


def describe(flt: BrowseFilter) -> str:
    """The active filters in words ("topic beach · negative by the caption · from 2023-01-05"), not a dict."""
    parts = []
    if flt.text:
        parts.append(f"caption contains “{flt.text}”")
    if flt.sentiment:
        parts.append(flt.sentiment + ("" if flt.sentiment_source == "combined" else f" by the {flt.sentiment_source}"))
    if flt.topic:
        parts.append(f"topic {flt.topic}")
    if flt.entity:
        parts.append(f"name {flt.entity}")
    if flt.hashtag:
        parts.append(f"#{flt.hashtag.lstrip('#')}")
    if flt.mention:
        parts.append(f"@{flt.mention.lstrip('@')}")
    if flt.tag:
        parts.append(f"image tag {flt.tag}")
    if flt.language:
        parts.append(f"language {language_name(flt.language)}")
    if flt.date_from:
        parts.append(f"from {flt.date_from.isoformat()}")
    if flt.date_to:
        parts.append(f"to {flt.date_to.isoformat()}")
    return " · ".join(parts)
