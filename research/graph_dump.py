"""A canonical dump of a whole graph (every node and edge with its properties), to compare two graphs.

    python -m research.graph_dump [--out dump.txt]     # the configured graph (FEEDLENS_HOME, FEEDLENS_GRAPH_NAME)

prints node and relationship counts by label/type and a sha256 of the sorted dump: two loads that print the same
hash wrote the same graph (up to internal ids). Used to check that a restructuring changed nothing.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from graph import queries
from graph.schema import NODES
from graph.store import GraphStore

NODE_KEYS = {node.label: node.key for node in NODES}  # the loader's MERGE keys, from the one schema



def _key(label: str, props: dict[str, Any]) -> str:
    return label + ":" + "|".join(str(props.get(k)) for k in NODE_KEYS.get(label, ("id",)))


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def dump_graph(store: GraphStore) -> tuple[list[str], list[str]]:
    """Sorted node and edge descriptions; equal dumps mean equal graphs (up to internal ids)."""
    nodes = sorted(_canon([row["label"], row["props"]]) for row in store.query(queries.DUMP_NODES))
    edges = sorted(
        _canon([_key(r["a_label"], r["a_props"]), r["type"], r["props"], _key(r["b_label"], r["b_props"])])
        for r in store.query(queries.DUMP_EDGES)
    )
    return nodes, edges


def fingerprint(nodes: list[str], edges: list[str]) -> dict[str, Any]:
    """Counts by label and relationship type, and a sha256 of the whole sorted dump."""
    digest = hashlib.sha256(("\n".join(nodes) + "\n--\n" + "\n".join(edges)).encode()).hexdigest()
    return {"nodes": len(nodes), "edges": len(edges),
            "labels": dict(sorted(Counter(json.loads(n)[0] for n in nodes).items())),
            "types": dict(sorted(Counter(json.loads(e)[1] for e in edges).items())), "sha256": digest}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m research.graph_dump", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the sorted dump here (to diff two graphs)")
    args = parser.parse_args(argv)
    from graph.connect import open_store

    store = open_store()
    try:
        nodes, edges = dump_graph(store)
    finally:
        store.close()
    if args.out:
        args.out.write_text("\n".join(nodes) + "\n--\n" + "\n".join(edges), encoding="utf-8")
    print(json.dumps(fingerprint(nodes, edges), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
