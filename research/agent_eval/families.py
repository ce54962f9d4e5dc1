"""The generalisation suite: question families over the fixture graph, split into a dev and a held-out half.

Each line of families.jsonl is one family: one hand-written gold Cypher query and several phrasings of the
question it answers (a follow-up family's phrasings are [first question, follow-up] pairs; gold answers the
follow-up). The gold queries were written against the fixture graph before the parser existed, independently
of it. A phrasing goes to the dev or held-out half by a hash of its text, so the split is deterministic and
every family usually has members in both halves; rules are tuned on dev only.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

FAMILIES = Path(__file__).with_name("families.jsonl")
SPLITS = ("dev", "heldout")


def split_of(family: str, question: str | list[str]) -> str:
    """'dev' or 'heldout' for one phrasing (stable across runs and machines)."""
    key = f"{family}|{json.dumps(question, ensure_ascii=False)}".encode()
    return SPLITS[hashlib.sha1(key).digest()[0] % 2]


def family_items(path: Path = FAMILIES, split: str | None = None) -> list[dict[str, Any]]:
    """Evaluation items (the evaluate.py line format) for one split, or all; a follow-up pair becomes two items,
    the first scored against its own family's gold only through the second."""
    items: list[dict[str, Any]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        family = json.loads(line)
        for n, question in enumerate(family["questions"]):
            part = split_of(family["family"], question)
            if split and part != split:
                continue
            base = {"category": family["family"].split("/")[0], "family": family["family"], "split": part,
                    "ordered": family.get("ordered", False), "cypher": family["cypher"]}
            item_id = f"{family['family']}#{n}"
            if isinstance(question, list):
                first, second = question
                items.append({**base, "id": item_id + "a", "question": first, "context_only": True})
                items.append({**base, "id": item_id, "question": second, "follow_up_of": item_id + "a"})
            else:
                items.append({**base, "id": item_id, "question": question})
    return items
