"""A canonical dump of a whole graph (every node and edge with its properties), to compare two graphs."""
from __future__ import annotations

import json
from typing import Any

from graph.store import GraphStore

NODE_KEYS = {"Post": ("id",), "Image": ("id",), "Topic": ("name",), "Entity": ("name", "label"),
             "Tag": ("name",), "Sentiment": ("name",)}

NODES = "MATCH (n) RETURN labels(n)[0] AS label, properties(n) AS props"
EDGES = """
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS a_label, properties(a) AS a_props, type(r) AS type, properties(r) AS props,
       labels(b)[0] AS b_label, properties(b) AS b_props
"""


def _key(label: str, props: dict[str, Any]) -> str:
    return label + ":" + "|".join(str(props.get(k)) for k in NODE_KEYS.get(label, ("id",)))


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def dump_graph(store: GraphStore) -> tuple[list[str], list[str]]:
    """Sorted node and edge descriptions; equal dumps mean equal graphs (up to internal ids)."""
    nodes = sorted(_canon([row["label"], row["props"]]) for row in store.query(NODES))
    edges = sorted(
        _canon([_key(r["a_label"], r["a_props"]), r["type"], r["props"], _key(r["b_label"], r["b_props"])])
        for r in store.query(EDGES)
    )
    return nodes, edges
