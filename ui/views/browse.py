"""Browse: the photo grid, sorted and filtered, paginated in the database; a post's detail view."""
from __future__ import annotations

import math

import streamlit as st

from agent.answer import count_of
from graph.browse import count_query, page_query
from ui import resources, state
from ui.components import post_detail, post_grid, require_graph
from ui.filters import browse_filter, describe
from ui.verdicts import NO_NEUTRAL_PHOTOS

PAGE_SIZE = 24

st.title("Browse")

if require_graph():
    selected = state.selected_post()
    if selected:
        if st.button("← Back to the grid"):
            state.close_post()
            st.query_params.pop("post", None)
            st.rerun()
        if not post_detail(selected):
            st.warning(f"Post {selected!r} is not in the graph (any more).")
        st.divider()

    flt = browse_filter()
    if flt != st.session_state.get("browse_filter"):
        st.session_state["browse_filter"] = flt
        st.session_state[state.BROWSE_PAGE] = 0  # a new filter starts on its first page
    cypher, params = count_query(flt)
    found = resources.rows(cypher, **params)
    total = int(found[0]["posts"]) if found else 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(st.session_state.get(state.BROWSE_PAGE, 0), pages - 1)

    st.markdown(f"**{count_of(total, 'posts')}** match" + (f" · filters: {describe(flt)}" if flt.active() else ""))
    if total:
        cypher, params = page_query(flt, page, PAGE_SIZE)
        post_grid(resources.rows(cypher, **params), key="grid")
        nav = st.columns([1, 2, 1])
        if nav[0].button("← Previous", disabled=page == 0):
            st.session_state[state.BROWSE_PAGE] = page - 1
            st.rerun()
        nav[1].markdown(f"<div style='text-align:center'>page {page + 1} of {pages}</div>", unsafe_allow_html=True)
        if nav[2].button("Next →", disabled=page >= pages - 1):
            st.session_state[state.BROWSE_PAGE] = page + 1
            st.rerun()
    else:
        st.info("No post matches these filters." + (f" {NO_NEUTRAL_PHOTOS}" if flt.sentiment == "neutral"
                                                    and flt.sentiment_source == "image" else ""))
