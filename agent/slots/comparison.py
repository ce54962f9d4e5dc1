"""Comparisons: two values side by side ("food or travel", "dogs vs cats")."""
from __future__ import annotations

import re

from agent.parse_state import ParseState
from agent.plan import Filter
from agent.slots.common import Rule, registrar

RULES: list[Rule] = []
rule = registrar(RULES)

COMPARE_WITH = r"(?:or|vs|versus|compared to|compared with|and)"
VALUE_TARGETS = {"Topic": "topic", "Tag": "tag", "Tag.kind": "kind", "Entity": "entity"}


@rule(r"\b(?:about |of |with |(?:mention|mentions|mentioned|mentioning|naming) )?(?:the |my )?"
      r"(?P<v>[#@]?[\w][\w'.-]*) " + COMPARE_WITH + r" (?:about |of |with )?(?:the |my |a |an |any |some )?"
      r"(?P<w>[#@]?[\w][\w'.-]*)(?: (?:posts?|photos?|stuff|ones|topics))?\b")
def _compared_pair(m: re.Match[str], s: ParseState) -> bool:
    """Two names of one kind joined by or / vs / compared to / and in a comparison: both compared. Names of what
    photos show come first when the question is about photos, topics otherwise."""
    if not s.comparing:
        return False
    order = ("Tag", "Tag.kind", "Topic", "Entity") if re.search(r"\bphotos?\b", m.string) else \
        ("Topic", "Tag", "Tag.kind", "Entity")
    for target in order:
        first, second = s.facts.name(m.group("v"), target), s.facts.name(m.group("w"), target)
        if first is not None and second is not None and first != second:
            s.add_filter(Filter(VALUE_TARGETS[target], first))
            s.add_filter(Filter(VALUE_TARGETS[target], second))
            return True
    return False
