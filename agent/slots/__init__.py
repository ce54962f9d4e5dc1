"""The parser's slots: (pattern, handler) pairs run in order over the normalised question. A handler fills its
slot from the match and returns True (the words are consumed) or False (the words stay, for another slot or
to send the question to the LLM). Value slots accept only names the graph holds, of the kind the slot wants.

Each module holds one kind of slot and its own rules; the order below is the order the parser tries them (earlier
slots take their words first: follow-up markers before question heads, values after the slots whose phrases
contain value-like words, the bare "list" heads last).
"""
from __future__ import annotations

from agent.slots import (
    comparison,
    dates,
    follow_up,
    grouping,
    heads,
    mentions,
    ranking,
    sentiment,
    subjects,
    thresholds,
    values,
)
from agent.slots.common import Rule
from agent.slots.subjects import SINGULAR, SUBJECT_WORDS, subject_of

RULES: list[Rule] = [rule for module in (follow_up, mentions, heads, thresholds, ranking, grouping, sentiment, dates,
                                         comparison, values, subjects) for rule in module.RULES]

__all__ = ["RULES", "SINGULAR", "SUBJECT_WORDS", "subject_of"]
