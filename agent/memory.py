"""Conversation memory for follow-up questions ("and the negative ones?").

The last few turns (question, Cypher, answer) are kept; a question that reads as a follow-up gets them in
the prompt with the instruction to rewrite the previous Cypher, and its few-shot examples are chosen for the
previous question plus the new one.
"""
from __future__ import annotations

import re
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

from agent.plan import QueryPlan
from agent.prompts import FOLLOW_UP, TURN

FOLLOW_UP_START = re.compile(
    r"^\s*(and|but|or|what about|how about|only|just|now|then|also|same|those|these|them|of those|of these|"
    r"which of|and what|and how|ok|okay)\b", re.IGNORECASE)
FOLLOW_UP_WORDS = re.compile(r"\b(those|these|them|they|ones|that|it|same|instead|previous|above)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Turn:
    question: str
    cypher: str
    answer: str


def looks_like_follow_up(question: str) -> bool:
    """Starts like a continuation ("and ...", "what about ...") or is short and leans on a pronoun."""
    if FOLLOW_UP_START.search(question):
        return True
    return len(question.split()) <= 6 and bool(FOLLOW_UP_WORDS.search(question))


class ConversationMemory:
    """The last `max_turns` answered turns of one chat (one per user session; thread-safe)."""

    def __init__(self, max_turns: int = 3) -> None:
        self._turns: deque[Turn] = deque(maxlen=max(1, max_turns))
        self._lock = threading.Lock()
        self.last_plan: QueryPlan | None = None  # the parsed plan behind the last turn, for follow-ups
        self.referent: QueryPlan | None = None  # the posts of the one group the last turn named (agent/referent.py)
        self.shown: tuple[Any, ...] = ()  # the groups a top-N answer listed, to pick among (agent/referent.py)
        # the last question got no answer (declined or failed): a follow-up to it must not follow an older plan
        self.unanswered = False
        self.added = 0  # turns remembered so far (ask() tells from it whether the question was answered)

    @property
    def turns(self) -> list[Turn]:
        with self._lock:
            return list(self._turns)

    def add(self, question: str, cypher: str, answer: str, plan: QueryPlan | None = None,
            referent: QueryPlan | None = None, shown: tuple[Any, ...] = ()) -> None:
        """Remember a turn that produced a query (failed turns are not context for the next one), the
        parsed plan behind it (None for an LLM turn, so a follow-up to it goes to the LLM too), and the posts of the
        one group it named, if it named one."""
        if cypher:
            with self._lock:
                self._turns.append(Turn(question, cypher, answer))
                self.last_plan = plan
                self.referent = referent if plan is not None else None
                self.shown = shown if plan is not None else ()
                self.unanswered = False
                self.added += 1

    def mark_unanswered(self) -> None:
        """The last question got no answer: nothing, not the turn before it, is what a follow-up refers to."""
        with self._lock:
            self.last_plan = self.referent = None
            self.shown = ()
            self.unanswered = True

    def clear(self) -> None:
        with self._lock:
            self._turns.clear()
            self.last_plan = self.referent = None
            self.shown = ()
            self.unanswered = False

    def context_for(self, question: str) -> tuple[str, str]:
        """(history prompt text, text to pick examples by); both plain when this is not a follow-up."""
        turns = self.turns
        if not turns or not looks_like_follow_up(question):
            return "", question
        last = turns[-1]
        text = FOLLOW_UP.format(turns="".join(TURN.format(question=t.question, cypher=t.cypher) for t in turns[-1:]))
        return text, f"{last.question} {question}"
