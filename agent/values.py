"""Are the values a query filters on real, and asked for? Catches the 1.5B model's second commonest slip:
copying the nearest example's filters ('negative', 'work') into a question that never mentions them, or
putting a real value under the wrong property (Tag.kind 'city' where 'city' is a Tag.name)."""
from __future__ import annotations

import re
from typing import Any

from agent.grounding import SENTIMENT_WORDS, Grounding
from graph.queries.posts import SENTIMENT_PROPERTIES

_VAR_LABEL = re.compile(r"\(\s*([A-Za-z_]\w*)\s*:\s*([A-Za-z_]\w*)")
_INLINE = re.compile(r"\(\s*([A-Za-z_]\w*)?\s*:\s*([A-Za-z_]\w*)\s*\{([^}]*)\}")
_PAIR = re.compile(r"([A-Za-z_]\w*)\s*:\s*'([^']*)'")
_COMPARE = re.compile(r"\b([A-Za-z_]\w*)\.([A-Za-z_]\w*)\s*(?:=|<>)\s*'([^']*)'")
CHECKED = {
    ("Topic", "name"): "Topic", ("Tag", "name"): "Tag", ("Entity", "name"): "Entity", ("Tag", "kind"): "Tag.kind",
}
SENTIMENT_PROPS = frozenset(SENTIMENT_PROPERTIES.values())


def literal_filters(cypher: str) -> list[tuple[str, str, str]]:
    """(label, property, value) for every `{prop: 'value'}` and `var.prop = 'value'` in the query."""
    labels = {var: label for var, label in _VAR_LABEL.findall(cypher)}
    found = []
    for _var, label, body in _INLINE.findall(cypher):
        found.extend((label, prop, value) for prop, value in _PAIR.findall(body))
    for var, prop, value in _COMPARE.findall(cypher):
        found.append((labels.get(var, ""), prop, value))
    return found


def _mentioned(value: str, question: str, grounded: set[str]) -> bool:
    low = value.lower()
    return low in grounded or low in question.lower() or low.rstrip("s") in question.lower()


def value_problem(cypher: str, question: str, groundings: list[Grounding],
                  vocab: dict[str, dict[str, list[str]]]) -> str | None:
    """Feedback when the query filters on a value the graph lacks or the question never asks about."""
    grounded = {g.name.lower() for g in groundings}
    asked_sentiments = {SENTIMENT_WORDS[w] for w in re.findall(r"[a-z]+", question.lower()) if w in SENTIMENT_WORDS}
    for label, prop, value in literal_filters(cypher):
        if prop in SENTIMENT_PROPS or (label == "Sentiment" and prop == "name"):
            if value in ("negative", "neutral", "positive") and value not in asked_sentiments:
                return f"the query filters on sentiment '{value}', but the question does not ask about it"
            continue
        target = CHECKED.get((label, prop))
        if target is None or not vocab.get(target):
            continue
        if value not in vocab[target]:
            elsewhere = [t for t, names in vocab.items() if value.lower() in names]
            hint = f"; '{value.lower()}' exists as {' and '.join(elsewhere)}" if elsewhere else ""
            return f"{target} '{value}' does not exist in the graph{hint}"
        if not _mentioned(value, question, grounded):
            return f"the query filters on {target} '{value}', which the question does not mention"
    return None


def vocab_of(grounder: Any) -> dict[str, dict[str, list[str]]]:
    """The grounder's cached vocabularies, or none when the graph cannot be read (then nothing is checked)."""
    try:
        return grounder.vocabularies()
    except Exception:  # noqa: BLE001 - a check must never break answering
        return {}
