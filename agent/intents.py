"""Fixed Cypher templates for the question shapes this schema gets most ("intents"), so common questions are
answered deterministically in milliseconds instead of by the 1.5B model copying the nearest example.

All template Cypher lives here. Values from the question (names, sentiments, years) are always query
parameters; the only text put into a template is chosen from fixed whitelists below (a property name, a
sort direction, an integer limit), never from the user's words.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

SENTIMENT_PROPS = {"combined": "sentiment", "caption": "caption_sentiment", "image": "image_sentiment"}
SCORE_PROPS = {"combined": "sentiment_score", "caption": "caption_sentiment_score", "image": "image_sentiment_score"}
POST_COLUMNS = "p.id AS post_id, p.caption AS caption"

# what a post is restricted to, by slot: (pattern, WHERE condition); $-parameters only
FILTERS: dict[str, tuple[str, str]] = {
    "topic": ("MATCH (p)-[:ABOUT]->(:Topic {name: $topic})", ""),
    "tag": ("MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: $tag})", ""),
    "kind": ("MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {kind: $kind})", ""),
    "entity": ("MATCH (p)-[:MENTIONS]->(e:Entity {name: $entity})", ""),
    "label": ("MATCH (p)-[:MENTIONS]->(:Entity {label: $label})", ""),
    "year": ("", "p.year = $year"),
    "month": ("", "p.month = $month"),
}
ABSENT = {
    "image": "NOT (p)-[:HAS_IMAGE]->(:Image)",
    "topic": "NOT (p)-[:ABOUT]->(:Topic)",
    "entity": "NOT (p)-[:MENTIONS]->(:Entity)",
    "hashtag": "NOT (p)-[:MENTIONS]->(:Entity {label: 'HASHTAG'})",
    "mention": "NOT (p)-[:MENTIONS]->(:Entity {label: 'MENTION'})",
    "tag": "NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag)",
    "no_tag_name": "NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: $not_tag})",
    "no_tag_kind": "NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {kind: $not_kind})",
}
# grouping targets for rankings: (pattern from p, name expression, column)
GROUPS: dict[str, tuple[str, str, str]] = {
    "topic": ("MATCH (p)-[:ABOUT]->(g:Topic)", "g.name", "topic"),
    "tag": ("MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(g:Tag)", "g.name", "tag"),
    "kind": ("MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(g:Tag)", "g.kind", "kind"),
    "hashtag": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'HASHTAG'})", "g.name", "hashtag"),
    "mention": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'MENTION'})", "g.name", "account"),
    "person": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'PERSON'})", "g.name", "person"),
    "place": ("MATCH (p)-[:MENTIONS]->(g:Entity) WHERE g.label IN ['GPE', 'LOC']", "g.name", "place"),
    "organisation": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'ORG'})", "g.name", "organisation"),
    "entity": ("MATCH (p)-[:MENTIONS]->(g:Entity)", "g.name", "entity"),
}


@dataclass(frozen=True)
class Intent:
    """One recognised question shape with its filled slots; `build` turns it into (Cypher, parameters)."""

    name: str
    slots: dict[str, Any] = field(default_factory=dict)

    def with_slots(self, **changes: Any) -> Intent:
        """The same question shape with some slots changed (a follow-up such as "and the negative ones?")."""
        return replace(self, slots={**self.slots, **{k: v for k, v in changes.items() if v is not None}})

    def build(self) -> tuple[str, dict[str, Any]]:
        return BUILDERS[self.name](self.slots)


def _post_scope(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """`MATCH (p:Post) ... WHERE ...` restricted by the filled slots, with its parameters."""
    lines, where, params = ["MATCH (p:Post)"], [], {}
    for slot, (pattern, condition) in FILTERS.items():
        if slots.get(slot) is None:
            continue
        params[slot] = slots[slot]
        if pattern:
            lines.append(pattern)
        if condition:
            where.append(condition)
    if slots.get("entity_label"):
        where.append("e.label = $entity_label")
        params["entity_label"] = slots["entity_label"]
    if slots.get("sentiment"):
        where.append(f"p.{SENTIMENT_PROPS[slots.get('source', 'combined')]} = $sentiment")
        params["sentiment"] = slots["sentiment"]
    for absent in slots.get("absent", ()):
        where.append(ABSENT[absent])
    for key in ("not_tag", "not_kind"):
        if slots.get(key):
            params[key] = slots[key]
    if slots.get("disagree"):
        where.append("p.caption_sentiment IS NOT NULL AND p.image_sentiment IS NOT NULL "
                     "AND p.caption_sentiment <> p.image_sentiment")
    if slots.get("caption_sentiment") and slots.get("image_sentiment"):
        where.append("p.caption_sentiment = $caption_sentiment AND p.image_sentiment = $image_sentiment")
        params.update(caption_sentiment=slots["caption_sentiment"], image_sentiment=slots["image_sentiment"])
    text = "\n".join(lines) + (f"\nWITH DISTINCT p WHERE {' AND '.join(where)}" if where else "\nWITH DISTINCT p")
    return text, params


def _limit(slots: dict[str, Any], default: int) -> int:
    return max(1, min(int(slots.get("n") or default), 500))


def build_count(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    scope, params = _post_scope(slots)
    return f"{scope}\nRETURN count(p) AS posts", params


def build_list(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    scope, params = _post_scope(slots)
    extra = ", p.caption_sentiment AS caption_sentiment, p.image_sentiment AS image_sentiment" \
        if slots.get("disagree") else ""
    return f"{scope}\nRETURN {POST_COLUMNS}, p.created_at AS created_at{extra} ORDER BY created_at LIMIT 100", params


def build_count_images(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """How many photos show a tag (by name) or a kind of thing."""
    key = "tag" if slots.get("tag") else "kind"
    prop = "name" if key == "tag" else "kind"
    return f"MATCH (i:Image)-[:DEPICTS]->(:Tag {{{prop}: ${key}}})\nRETURN count(DISTINCT i) AS images", {key: slots[key]}


def build_breakdown(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Posts per sentiment value (of the chosen source), optionally within a topic/tag/entity/time."""
    scope, params = _post_scope({k: v for k, v in slots.items() if k != "sentiment"})
    prop = SENTIMENT_PROPS[slots.get("source", "combined")]
    return f"{scope}\nRETURN p.{prop} AS sentiment, count(p) AS posts ORDER BY posts DESC", params


def build_rank(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Topics/tags/entities ranked by number of posts (tags by images), within the filled filters."""
    scope, params = _post_scope(slots)
    pattern, expr, column = GROUPS[slots["group"]]
    if slots["group"] in ("tag", "kind"):
        pattern = pattern.replace("(:Image)", "(i:Image)")
        return (f"{scope}\n{pattern}\nRETURN {expr} AS {column}, count(DISTINCT i) AS images "
                f"ORDER BY images DESC, {column} LIMIT {_limit(slots, 10)}"), params
    return (f"{scope}\n{pattern}\nRETURN {expr} AS {column}, count(DISTINCT p) AS posts "
            f"ORDER BY posts DESC, {column} LIMIT {_limit(slots, 10)}"), params


def build_names(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The distinct topic/tag/entity names occurring in the restricted posts (no counts)."""
    scope, params = _post_scope(slots)
    pattern, expr, column = GROUPS[slots["group"]]
    return f"{scope}\n{pattern}\nRETURN DISTINCT {expr} AS {column} ORDER BY {column} LIMIT 200", params


def build_count_names(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """How many distinct topics/tags/entities occur (in the restricted posts)."""
    scope, params = _post_scope(slots)
    pattern, expr, column = GROUPS[slots["group"]]
    return f"{scope}\n{pattern}\nRETURN count(DISTINCT {expr}) AS {column}s", params


def build_share(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Groups whose posts are mostly (more than half) of one sentiment."""
    pattern, expr, column = GROUPS[slots["group"]]
    return (f"MATCH (p:Post)\n{pattern}\nWITH {expr} AS {column}, count(DISTINCT p) AS posts, "
            f"count(DISTINCT CASE WHEN p.sentiment = $sentiment THEN p END) AS matching\n"
            f"WHERE matching * 2 > posts\nRETURN {column}, matching, posts ORDER BY matching DESC, {column}"), \
        {"sentiment": slots["sentiment"]}


def build_avg(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Average sentiment score, overall or per group; best/worst groups when `order` is set."""
    scope, params = _post_scope(slots)
    score = SCORE_PROPS[slots.get("source", "combined")]
    group = slots.get("group")
    if group is None:
        return f"{scope}\nRETURN avg(p.{score}) AS avg_score", params
    order = {"desc": "DESC", "asc": "ASC"}.get(slots.get("order", ""), "")
    if group in ("year", "month", "year_month"):
        keys = {"year": "p.year AS year", "month": "p.month AS month",
                "year_month": "p.year AS year, p.month AS month"}[group]
        tail = f" ORDER BY avg_score {order} LIMIT {_limit(slots, 1)}" if order else f" ORDER BY {keys.split(' AS ')[-1]}"
        return f"{scope}\nRETURN {keys}, avg(p.{score}) AS avg_score{tail}", params
    pattern, expr, column = GROUPS[group]
    tail = f"ORDER BY avg_score {order} LIMIT {_limit(slots, 1)}" if order else "ORDER BY avg_score DESC LIMIT 100"
    return f"{scope}\n{pattern}\nRETURN {expr} AS {column}, avg(p.{score}) AS avg_score {tail}", params


def build_extreme(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The N most positive / negative posts by score, or the N oldest / newest by date."""
    scope, params = _post_scope(slots)
    by = slots["by"]
    if by in ("oldest", "newest"):
        order = "ASC" if by == "oldest" else "DESC"
        return (f"{scope}\nRETURN {POST_COLUMNS}, p.created_at AS created_at "
                f"ORDER BY p.created_at {order} LIMIT {_limit(slots, 1)}"), params
    score = SCORE_PROPS[slots.get("source", "combined")]
    order = "ASC" if by == "negative" else "DESC"
    return (f"{scope}\nRETURN {POST_COLUMNS}, p.{score} AS score "
            f"ORDER BY p.{score} {order} LIMIT {_limit(slots, 1)}"), params


def build_per_time(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Post counts per year, or per month (of one year or across years); busiest when `order` is set."""
    scope, params = _post_scope(slots)
    key = slots["per"]
    if slots.get("order"):
        return f"{scope}\nRETURN p.{key} AS {key}, count(p) AS posts ORDER BY posts DESC LIMIT {_limit(slots, 1)}", params
    return f"{scope}\nRETURN p.{key} AS {key}, count(p) AS posts ORDER BY {key}", params


def build_all_names(slots: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Every topic, tag name or tag kind in the graph, for questions asking what exists."""
    return {"topic": "MATCH (t:Topic) RETURN t.name AS topic ORDER BY topic LIMIT 500",
            "tag": "MATCH (t:Tag) RETURN t.name AS tag ORDER BY tag LIMIT 500",
            "kind": "MATCH (t:Tag) RETURN DISTINCT t.kind AS kind ORDER BY kind LIMIT 500"}[slots["group"]], {}


BUILDERS = {
    "count": build_count, "list": build_list, "count_images": build_count_images, "breakdown": build_breakdown,
    "rank": build_rank, "names": build_names, "count_names": build_count_names, "share": build_share, "avg": build_avg, "extreme": build_extreme,
    "per_time": build_per_time, "all_names": build_all_names,
}


def inline_params(cypher: str, params: dict[str, Any]) -> str:
    """The statement with its parameters written as literals: for display and the follow-up prompt only
    (what runs is always the parameterised text)."""
    def literal(value: Any) -> str:
        if isinstance(value, str):
            return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
        return str(value)
    for name in sorted(params, key=len, reverse=True):
        cypher = cypher.replace(f"${name}", literal(params[name]))
    return cypher
