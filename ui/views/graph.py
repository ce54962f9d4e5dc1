"""Graph: the interactive neighbourhood of a post or a topic (streamlit-agraph, offline)."""
from __future__ import annotations

import streamlit as st
from streamlit_agraph import Config, Edge, Node, agraph

from graph import queries
from ui import graph_view, resources, state
from ui.components import require_graph

st.title("Graph")

if require_graph():
    sizes: dict[str, int] = {}
    kind, key = st.session_state.get(state.GRAPH_FOCUS, ("topic", ""))
    mode = st.radio("Centre on", ["topic", "post"], index=0 if kind == "topic" else 1, horizontal=True,
                    key="graph_mode")
    if mode == "topic":
        sizes = {r["name"]: int(r["posts"]) for r in resources.rows(queries.UI_TOPIC_CHOICES, limit=300)}
        topics = list(sizes)
        index = topics.index(key) if kind == "topic" and key in topics else 0
        key = st.selectbox("Topic", topics, index=index, key="graph_topic",
                           format_func=lambda name: f"{name} ({sizes[name]:,} posts)") if topics else ""
        hood = graph_view.topic_neighbourhood(key) if key else graph_view.Neighbourhood()
    else:
        key = st.text_input("Post id", value=key if kind == "post" else "", key="graph_post",
                            help="Open a post on the Browse page and press 'Show in graph', or paste its id")
        hood = graph_view.post_neighbourhood(key) if key else graph_view.Neighbourhood()

    if not key:
        st.info("Pick a topic, or a post id.")
    elif not hood.nodes:
        st.warning(f"Nothing found for {mode} {key!r}.")
    else:
        shown = sum(n["kind"] == "Post" for n in hood.nodes.values())
        scope = (f" · the {shown} most recent of the topic's {sizes[key]:,} posts"
                 if mode == "topic" and sizes.get(key, 0) > shown else "")
        st.caption(f"{len(hood.nodes)} nodes, {len(hood.edges)} relationships{scope} · colours: post = its sentiment, "
                   "orange = topic, teal = name, #hashtag or @mention, yellow = image tag")
        nodes = [Node(id=n["id"], label=n["label"], title=n["title"], color=n["color"],
                      size=22 if n["kind"] in ("Post", "Topic") else 14) for n in hood.nodes.values()]
        labelled = mode == "post"  # a topic's edges are all ABOUT: labels would only add clutter
        edges = [Edge(source=e["source"], target=e["target"], label=e["label"] if labelled else "", color="#bbbbbb")
                 for e in hood.edges]
        agraph(nodes=nodes, edges=edges, config=Config(width=1000, height=520, directed=True, physics=True))
        cfg = resources.settings()
        if cfg.backend == "neo4j":
            url = graph_view.browser_url(graph_view.browser_cypher(mode, key), cfg.neo4j_uri,
                                         cfg.neo4j_browser_url)
            st.link_button("Open this query in Neo4j Browser", url)
        with st.expander("Nodes"):
            st.dataframe([{k: v for k, v in n.items() if k != "color"} for n in hood.nodes.values()],
                         hide_index=True)
