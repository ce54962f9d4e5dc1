"""The one thing a top-1 answer named ("which person do I mention most?" -> max), kept for the next question: a
follow-up that points at it ("which years?", "how many of them are negative?", "show me those posts") is read as a
question about the posts that name it, not about the ranking again."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.plan import LIST, POSTS, Filter, QueryPlan
from graph.queries import templates

# a ranked group -> the filter that names one of its members on a post (field, entity label or None)
MEMBER_FILTERS: dict[str, tuple[str, str | None]] = {
    "topic": ("topic", None), "tag": ("tag", None), "kind": ("kind", None), "hashtag": ("entity", "HASHTAG"),
    "mention": ("entity", "MENTION"), "person": ("entity", "PERSON"), "organisation": ("entity", "ORG"),
    "city": ("entity", "GPE"), "place": ("entity", None), "entity": ("entity", None)}
# words of a follow-up that point at the one named ("him", "that topic", "those posts"), or a bare "which years?"
POINTS_AT = re.compile(r"\b(?:him|her|it|them|they|those|these|that (?:person|topic|tag|place|hashtag|account|one|"
                       r"city|organisation|thing)|this (?:person|topic|tag|place|hashtag|account|one|city|thing))\b"
                       r"|^(?:and |so |ok |okay )?(?:in |from )?(?:which|what) (?:years?|months?)(?: then)?$")


def referent_plan(plan: QueryPlan, rows: list[dict[str, Any]], runner_up: list[dict[str, Any]]) -> QueryPlan | None:
    """The posts of the one group a top-1 ranking answered (its other filters kept: "my top topic in 2022" -> the
    2022 posts about it), or None: not a top-1 ranking of a group, no row, or a tie at the top (`runner_up`: the
    same ranking's first two rows)."""
    member = MEMBER_FILTERS.get(plan.subject or POSTS)
    top_one = plan.limit == 1 or (plan.singular and plan.limit is None)  # "my top topic", "which person ... most"
    if member is None or not plan.direction or not top_one or plan.measure not in (None, LIST) \
            or plan.group_by or plan.share_of or plan.threshold or len(rows) != 1:
        return None
    column = templates.GROUPS[plan.subject or POSTS][2]
    name = rows[0].get(column)
    counts = [list(r.values())[-1] for r in runner_up]
    if not isinstance(name, str) or len(counts) > 1 and counts[0] == counts[1]:
        return None
    field, label = member
    filters = [f for f in plan.filters if f.field not in (field, "entity_label")]
    filters.append(Filter(field, name))
    if label:
        filters.append(Filter("entity_label", label))
    return replace(QueryPlan(subject=POSTS, measure=LIST), filters=tuple(filters), source=plan.source)


def points_at(asked: str) -> bool:
    """The normalised question points at the one the last answer named."""
    return bool(POINTS_AT.search(asked))
