"""The question shapes this schema gets most ("intents"), answered from fixed query templates so common
questions are answered deterministically in milliseconds instead of by the 1.5B model copying the nearest example.

An Intent's slots (filled by agent/intent_match.py) pick a template of graph/queries/templates.py and its typed
arguments; the Cypher lives there. Values from the question (names, sentiments, years) always travel as query
parameters.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from graph.queries import templates
from graph.queries.posts import PostFilter, Query

# the slots that narrow the posts a template looks at
SCOPE_SLOTS = ("topic", "tag", "kind", "entity", "label", "year", "month")


@dataclass(frozen=True)
class Intent:
    """One recognised question shape with its filled slots; `build` turns it into (Cypher, parameters)."""

    name: str
    slots: dict[str, Any] = field(default_factory=dict)

    def with_slots(self, **changes: Any) -> Intent:
        """The same question shape with some slots changed (a follow-up such as "and the negative ones?")."""
        return replace(self, slots={**self.slots, **{k: v for k, v in changes.items() if v is not None}})

    def build(self) -> Query:
        """The template's Cypher and parameters."""
        return BUILDERS[self.name](self.slots)


def scope_of(slots: dict[str, Any], *, with_sentiment: bool = True) -> PostFilter:
    """The posts the slots restrict a question to (a filled slot narrows; unset slots mean any)."""
    return PostFilter(
        **{slot: slots.get(slot) for slot in SCOPE_SLOTS},
        entity_label=slots.get("entity_label") or None,
        sentiment=(slots.get("sentiment") or None) if with_sentiment else None,
        source=slots.get("source", "combined"),
        absent=tuple(slots.get("absent", ())),
        not_tag=slots.get("not_tag") or None,
        not_kind=slots.get("not_kind") or None,
        disagree=bool(slots.get("disagree")),
        caption_sentiment=(slots.get("caption_sentiment") or None) if slots.get("image_sentiment") else None,
        image_sentiment=(slots.get("image_sentiment") or None) if slots.get("caption_sentiment") else None,
        words=tuple(slots.get("words", ())),
    )


def _limit(slots: dict[str, Any], default: int) -> int:
    return max(1, min(int(slots.get("n") or default), 500))


def build_count(slots: dict[str, Any]) -> Query:
    return templates.count_posts(scope_of(slots))


def build_list(slots: dict[str, Any]) -> Query:
    return templates.list_posts(scope_of(slots))


def build_count_images(slots: dict[str, Any]) -> Query:
    """How many photos show a tag (by name) or a kind of thing."""
    return templates.count_images(tag=slots["tag"]) if slots.get("tag") else templates.count_images(kind=slots["kind"])


def build_breakdown(slots: dict[str, Any]) -> Query:
    """Posts per sentiment value (of the chosen source), optionally within a topic/tag/entity/time."""
    return templates.sentiment_breakdown(scope_of(slots, with_sentiment=False), slots.get("source", "combined"))


def build_rank(slots: dict[str, Any]) -> Query:
    """Topics/tags/entities ranked by number of posts (tags by images), within the filled filters."""
    return templates.rank_groups(scope_of(slots), slots["group"], _limit(slots, 10))


def build_names(slots: dict[str, Any]) -> Query:
    """The distinct topic/tag/entity names occurring in the restricted posts (no counts)."""
    return templates.group_names(scope_of(slots), slots["group"])


def build_count_names(slots: dict[str, Any]) -> Query:
    """How many distinct topics/tags/entities occur (in the restricted posts)."""
    return templates.count_group_names(scope_of(slots), slots["group"])


def build_share(slots: dict[str, Any]) -> Query:
    """Groups whose posts are mostly (more than half) of one sentiment, well-supported ones first."""
    return templates.mostly_one_sentiment(slots["group"], slots["sentiment"], slots["min_posts"])


def build_share_counts(slots: dict[str, Any]) -> Query:
    """How many groups a share question found, and how many of them have enough posts to count."""
    return templates.mostly_one_sentiment_counts(slots["group"], slots["sentiment"], slots["min_posts"])


def build_avg(slots: dict[str, Any]) -> Query:
    """Average sentiment score, overall or per group; best/worst groups when `order` is set."""
    order = slots.get("order") if slots.get("order") in templates.ORDERS else None
    return templates.average_score(scope_of(slots), slots.get("source", "combined"), slots.get("group"), order,
                                   _limit(slots, 1))


def build_extreme(slots: dict[str, Any]) -> Query:
    """The N most positive / negative posts by score, or the N oldest / newest by date."""
    return templates.extreme_posts(scope_of(slots), slots["by"], _limit(slots, 1), slots.get("source", "combined"))


def build_per_time(slots: dict[str, Any]) -> Query:
    """Post counts per year, or per month (of one year or across years); busiest when `order` is set."""
    return templates.posts_per_time(scope_of(slots), slots["per"], bool(slots.get("order")), _limit(slots, 1))


def build_all_names(slots: dict[str, Any]) -> Query:
    """Every topic, tag name or tag kind in the graph, for questions asking what exists."""
    return templates.all_names(slots["group"])


BUILDERS = {
    "count": build_count, "list": build_list, "count_images": build_count_images, "breakdown": build_breakdown,
    "rank": build_rank, "names": build_names, "count_names": build_count_names, "share": build_share,
    "avg": build_avg, "extreme": build_extreme, "per_time": build_per_time, "all_names": build_all_names,
}
