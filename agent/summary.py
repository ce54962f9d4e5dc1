"""Answers to parsed questions, written from the plan and the rows: what the question was understood as (so a
misreading is visible), the top rows of a ranking with counts and shares, "N of M" when a list is cut, and the
stated minimum support of a "mostly" answer. Counts behind "of M" come from extra small queries the caller runs.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from agent.absent import absent_note
from agent.answer import MAX_LISTED, render_answer
from agent.plan import COUNT, GROUP_SUBJECTS, IMAGES, POSTS, QueryPlan

NOUNS = {"posts": "posts", "images": "photos", "topic": "topics", "tag": "tags", "kind": "kinds of tag",
         "hashtag": "hashtags", "mention": "accounts", "person": "people", "place": "places",
         "organisation": "organisations", "entity": "names", "sentiment": "sentiments", "year": "years",
         "month": "months"}
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]


def _filter_phrase(field: str, value: Any, negated: bool, plan: QueryPlan) -> str | None:
    no = "not " if negated else ""
    if field == "topic":
        return f"{no}about '{value}'"
    if field == "entity":
        return f"{no}mentioning '{value}'"
    if field in ("tag", "kind"):
        thing = f"a '{value}'" if field == "tag" else f"something of kind '{value}'"
        return f"{'not ' if negated else ''}showing {thing}"
    if field == "sentiment":
        which = "" if plan.source == "combined" else f"{plan.source} "
        return f"{which}sentiment {no}{value}"
    if field in ("caption_sentiment", "image_sentiment"):
        return f"{field.split('_')[0].replace('image', 'photo')} sentiment {no}{value}"
    if field == "year":
        month = plan.get("month")
        return f"in {MONTH_NAMES[month.value - 1] + ' ' if month else ''}{value}"
    if field == "month" and not plan.get("year"):
        return f"in {MONTH_NAMES[value - 1]} (any year)"
    if field == "year_from":
        return f"from {value} on"
    if field == "year_to":
        return f"up to {value}"
    if field == "language":
        return f"in language '{value}'"
    if field == "text":
        return f"with '{value}' in the caption"
    if field == "absent":
        return f"without any {'photo' if value == 'image' else value}"
    if field == "disagree":
        return "where caption and photo sentiment disagree"
    return None


def understood_as(plan: QueryPlan) -> str:
    """A short line saying how the question was read, e.g. "posts about 'travel', sentiment negative, in 2022"."""
    noun = NOUNS.get(plan.subject or POSTS, plan.subject or "posts")
    parts = [p for f in plan.filters if (p := _filter_phrase(f.field, f.value, f.negated, plan))]
    how = [{"count": "counted", "average": "average sentiment score", "share": "share of posts"}.get(
        plan.measure or "", "")] if plan.measure in ("count", "average", "share") else []
    if plan.direction:
        score = "sentiment score" if (plan.subject or POSTS) == POSTS else "average sentiment score"
        by = {"date": "by date", "score": f"by {score}"}.get(plan.rank_by, "by count")
        how.append(f"{'highest' if plan.direction == 'desc' else 'lowest'} first {by}")
    if plan.threshold:
        how.append(f"count {plan.threshold[0]} {plan.threshold[1]}")
    if plan.group_by:
        how.append(f"per {plan.group_by}")
    if plan.share_of:
        how.append(f"share {plan.share_of}")
    scope = f"{noun} {', '.join(parts)}" if parts else noun
    return f"(Understood as: {scope}{'; ' + '; '.join(how) if how else ''}.)"


def _fmt_count(n: Any) -> str:
    return f"{int(n):,}" if isinstance(n, (int, float)) else str(n)


def render_ranking(rows: Sequence[dict[str, Any]], plan: QueryPlan, groups_total: int | None,
                   posts_total: int | None) -> str:
    """Top groups with their counts and, for post counts, their share of the posts asked about."""
    if not rows:
        return "No results: nothing in your graph matches that question."
    name, unit = list(rows[0])[:2]
    noun = NOUNS.get(plan.subject or "", name)
    lines = []
    for row in rows[:MAX_LISTED]:
        count = row.get(unit)
        share = (f", {100.0 * count / posts_total:.0f}% of {posts_total:,} posts"
                 if unit == "posts" and posts_total and isinstance(count, (int, float)) else "")
        noun_n = unit[:-1] if count == 1 and unit.endswith("s") else unit
        lines.append(f"- {row.get(name)}: {_fmt_count(count)} {noun_n}{share}")
    shown = min(len(rows), MAX_LISTED)
    total = f" of {groups_total:,} {noun}" if groups_total is not None and groups_total > shown else ""
    order = "most" if plan.direction != "asc" else "fewest"
    head = f"The {shown}{total} with the {order} {unit}:" if shown > 1 else f"The one with the {order} {unit}:"
    return "\n".join([head, *lines])


def render_names(rows: Sequence[dict[str, Any]], plan: QueryPlan, total: int | None) -> str:
    """Names (topics, places...) in the scope: all of them, or the first few and "N of M"."""
    if not rows:
        return "No results: nothing in your graph matches that question."
    column = next(iter(rows[0]))
    names = [str(r[column]) for r in rows[:MAX_LISTED]]
    noun = NOUNS.get(plan.subject or "", column)
    whole = total if total is not None else len(rows)
    cut = f" (showing {len(names)} of {whole:,})" if whole > len(names) else ""
    extras = [c for c in rows[0] if c != column]
    if extras:
        names = [f"{r[column]} ({', '.join(f'{_fmt_count(r[c])} {c}' for c in extras)})" for r in rows[:MAX_LISTED]]
    return f"{whole:,} {noun}{cut}: {', '.join(names)}."


def post_text(row: dict[str, Any], generated: dict[str, str] | None = None) -> str:
    """A listed post's caption, or for a post without one the caption generated for its photo, marked as such."""
    caption = str(row.get("caption") or "").strip()
    if caption:
        return caption[:80]
    made = (generated or {}).get(str(row.get("post_id")))
    return f"(no caption; generated from the photo: \u201c{made[:80]}\u201d)" if made else "(no caption)"


def render_posts(rows: Sequence[dict[str, Any]], total: int | None, generated: dict[str, str] | None = None) -> str:
    """Posts by id, date and caption (a caption-less post: its photo's generated caption, marked as generated):
    the first few, and "N of M" when there are more."""
    if not rows:
        return "No posts match that question."
    whole = total if total is not None else len(rows)
    lines = [f"- {r.get('post_id')} ({str(r.get('created_at') or '')[:10] or 'no date'}): "
             f"{post_text(r, generated)}" for r in rows[:MAX_LISTED]]
    cut = f", showing {len(lines)} of {whole:,}" if whole > len(lines) else ""
    return "\n".join([f"{whole:,} post{'s' if whole != 1 else ''}{cut}:", *lines])


def render_plan_answer(plan: QueryPlan, rows: Sequence[dict[str, Any]], totals: dict[str, int | None],
                       generated: dict[str, str] | None = None) -> str:
    """The answer text for a parsed question's rows, ending with how the question was understood; `generated`
    holds the generated captions of listed posts that have no caption of their own."""
    subject = plan.subject or POSTS
    if subject in GROUP_SUBJECTS and (plan.direction or plan.threshold) and plan.rank_by == "count" \
            and rows and len(rows[0]) == 2:
        body = render_ranking(rows, plan, totals.get("groups"), totals.get("posts"))
    elif subject in GROUP_SUBJECTS and plan.measure != COUNT and rows and len(rows[0]) == 1:
        body = render_names(rows, plan, totals.get("groups"))
    elif subject == POSTS and rows and "post_id" in rows[0] and "score" not in rows[0]:
        body = render_posts(rows, totals.get("posts") if not plan.direction else len(rows), generated)
    elif subject == IMAGES and rows and len(rows) == 1:
        body = f"{_fmt_count(next(iter(rows[0].values())))} photos."
    else:
        body = render_answer(rows)
    note = absent_note(plan.filters)
    return f"{note}\n{body}\n{understood_as(plan)}" if note else f"{body}\n{understood_as(plan)}"
