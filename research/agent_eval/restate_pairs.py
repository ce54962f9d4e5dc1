"""Build agent/restate_examples.jsonl, the examples the LLM's restating step learns plain wording from, from the DEV
halves of the question families only (never a held-out phrasing).

For every family (not a follow-up or a not-in-graph one), its dev phrasings are run through the parser alone on the
family's graph. The shortest phrasing the parser answers right becomes the family's plain form; every other dev
phrasing of the family becomes an example "question -> plain". A family with no dev phrasing the parser answers right
gives no example. The suites read are fixed (SOURCE_SUITES): a suite added later is a held-out measuring stick, not a
source of examples, until someone decides otherwise and rebuilds the file.

    python -m research.agent_eval.restate_pairs --demo-home H/demo --mvsa-home H/mvsa
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from agent.restate import EXAMPLES_PATH
from research.agent_eval.evaluate import ItemResult, _run, suite_store
from research.agent_eval.families import GRAPH_FILES, NOT_IN_GRAPH, SUITES, suite_items

SOURCE_SUITES = ("original", "casual", "stranger", "third", "fourth", "fifth")
log = logging.getLogger(__name__)


def heldout_texts() -> set[str]:
    """Every held-out phrasing of every suite (a text can sit in two families, dev in one and held-out in another)."""
    return {item["question"] for item in suite_items(tuple(GRAPH_FILES), "heldout", SUITES)}


def pairs_from(results: list[ItemResult], exclude: set[str] = frozenset()) -> list[dict[str, str]]:
    """(question, plain) pairs: per family, each dev phrasing -> the shortest phrasing the parser answered right;
    a text in `exclude` (held out somewhere) is neither."""
    by_family: dict[str, list[ItemResult]] = defaultdict(list)
    for result in results:
        if result.item["question"] not in exclude:
            by_family[result.item["family"]].append(result)
    pairs: list[dict[str, str]] = []
    for family in sorted(by_family):
        members = by_family[family]
        right = [r for r in members if r.correct and r.route == "parser"]
        if not right:
            continue
        plain = min(right, key=lambda r: (len(r.item["question"].split()), r.item["question"]))
        for member in members:
            if member is not plain:
                pairs.append({"question": member.item["question"], "plain": plain.item["question"]})
    return pairs


def dev_items(graph: str) -> list[dict[str, Any]]:
    """The dev phrasings of one graph's families that can be restated on their own."""
    return [item for item in suite_items((graph,), "dev", SOURCE_SUITES)
            if not item.get("follow_up_of") and not item.get("context_only") and item.get("expect") != NOT_IN_GRAPH]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m research.agent_eval.restate_pairs",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--demo-home", type=Path, required=True)
    parser.add_argument("--mvsa-home", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=EXAMPLES_PATH)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    results: list[ItemResult] = []
    for graph in GRAPH_FILES:
        store = suite_store(graph, args.demo_home, args.mvsa_home)
        if store is None:
            print(f"graph {graph}: its data is absent here; no examples from it", file=sys.stderr)
            continue
        results += _run(store, dev_items(graph), "none")
    pairs = pairs_from(results, heldout_texts())
    args.out.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    print(f"{len(pairs)} examples from {len(results)} dev phrasings ({sum(r.correct for r in results)} answered "
          f"right by the parser) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
