"""Answers to parsed questions, written from the plan and the rows: what the question was understood as (so a
misreading is visible), the top rows of a ranking with counts and shares, "N of M" when a list is cut, and the
stated minimum support of a "mostly" answer. Counts behind "of M" come from extra small queries the caller runs.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Mapping, Sequence
from typing import Any

from agent.absent import absent_note, typo_note
from agent.answer import MAX_LISTED, count_of, name_shown, plural, plural_form, post_line, render_answer, singular
from agent.plan import (
    AVERAGE,
    COUNT,
    GROUP_SUBJECTS,
    IMAGES,
    KEPT,
    LIST,
    PICKED,
    PICKED_EACH,
    POSTS,
    Filter,
    QueryPlan,
)
from core.languages import language_name
from graph.queries.aggregates import SENTIMENT_PER_GROUPS

NOUNS = {"posts": "posts", "images": "photos", "topic": "topics", "tag": "tags", "kind": "kinds of tag",
         "hashtag": "hashtags", "mention": "accounts", "person": "people", "place": "places",
         "city": "cities",
         "organisation": "organisations", "nationality": "nationalities",
         "entity": "names", "sentiment": "sentiments", "year": "years",
         "month": "months", "language": "languages"}
SOURCE_FILTERS = ("caption_sentiment", "image_sentiment")  # a filter that already names whose verdict it reads
MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]


# the `sides` filter (graph/queries/posts.SIDES) in words
SIDES_PHRASES = {"agree": "where caption and photo sentiment agree",
                 "opposite": "where caption and photo sentiment are opposite (one positive, the other negative)",
                 "image_happier": "where the photo's sentiment score is higher than the caption's",
                 "caption_happier": "where the caption's sentiment score is higher than the photo's"}


def _phrase(flt: Filter, plan: QueryPlan) -> str | None:
    """One filter in words; a filter with alternatives names each ("about 'food' or about 'travel'")."""
    phrases = [_filter_phrase(flt.field, value, flt.negated, plan) for value in flt.values]
    return " or ".join(p for p in phrases if p) or None


def _phrases(plan: QueryPlan) -> list[str]:
    """The plan's filters in words; things one photo shows together are said once ("showing a 'dog' and a 'beach' in
    one photo")."""
    parts = [p for f in plan.filters if (p := _phrase(f, plan))]
    if "values=all" in plan.notes:  # "mentioning both 'max' and 'sarah'"
        for verb in ("mentioning ", "about "):
            named = [p for p in parts if p.startswith(verb) and " or " not in p]
            if len(named) > 1:
                first = parts.index(named[0])
                both = verb + "both " + " and ".join(p.removeprefix(verb) for p in named)
                parts = [both if i == first else p for i, p in enumerate(parts) if i == first or p not in named]
    shown = [p for p in parts if p.startswith("showing ") and " or " not in p]
    if len(shown) < 2:
        return parts
    together = "showing " + " and ".join(p.removeprefix("showing ") for p in shown) + " in one photo"
    first = parts.index(shown[0])
    return [together if i == first else p for i, p in enumerate(parts) if i == first or p not in shown]


def _filter_phrase(field: str, value: Any, negated: bool, plan: QueryPlan) -> str | None:
    no = "not " if negated else ""
    if field == "topic":
        return f"{no}about '{value}'"
    if field == "entity":
        label = plan.get("entity_label")
        sign = {"HASHTAG": "#", "MENTION": "@"}.get(str(label.value) if label else "", "")
        if sign == "#":
            return f"{'without' if negated else 'with'} #{value}"
        return f"{no}mentioning {sign}{value}" if sign else f"{no}mentioning '{value}'"
    if field in ("tag", "kind"):
        article = "an" if str(value)[:1] in "aeiou" else "a"
        thing = f"{article} '{value}'" if field == "tag" else f"something of kind '{value}'"
        return f"{'not ' if negated else ''}showing {thing}"
    if field == "tag_kind":
        return f"of kind '{value}' (not the tag '{value}' itself)"
    if field == "sentiment":
        which = "" if plan.source == "combined" else f"{plan.source} "
        return f"{which}sentiment {no}{value}"
    if field in ("caption_sentiment", "image_sentiment"):
        return f"{field.split('_')[0].replace('image', 'photo')} sentiment {no}{value}"
    if field == "score":
        side = {"caption": "caption ", "image": "photo "}.get(value[0], "")
        return f"{side}sentiment score {value[1]} {value[2]:g} (-1 ... +1)"
    if field == "year" and plan.get("day") is None:
        month = plan.get("month")
        return f"in {MONTH_NAMES[month.value - 1] + ' ' if month else ''}{value}"
    if field == "day":
        month, year = plan.get("month"), plan.get("year")
        said = f"{value} {MONTH_NAMES[month.value - 1]}" if month else f"day {value} of a month"
        return f"on {said}{f' {year.value}' if year else ', any year'} (the date in UTC)"
    if field in ("year", "month") and plan.get("day") is not None:
        return None  # said with the day
    if field == "month" and not plan.get("year"):
        return f"in {MONTH_NAMES[value - 1]} (any year)"
    if field == "weekday":
        days = {"weekend": "at weekends", "weekday": "on weekdays"}.get(value, f"on {str(value).title()}s")
        return f"{'not ' if negated else ''}{days} (days of the week in UTC)"
    if field == "months":  # a share's part: months of any year
        return f"from {MONTH_NAMES[value[0] - 1]} to {MONTH_NAMES[value[-1] - 1]} (any year)"
    if field == "years":
        return f"from {value[0]} to {value[-1]}"
    if field == "year_from":
        return f"from {value} on"
    if field == "year_to":
        return f"up to {value}"
    if field == "date_from" and not value:  # a window asked of a graph without dates
        return "in the last months before your newest post"
    if field == "month_from":
        last = plan.get("month_to")
        return f"from {MONTH_NAMES[value - 1]} to {MONTH_NAMES[last.value - 1] if last else 'December'}"
    if field == "month_to":
        return None if plan.get("month_from") else f"up to {MONTH_NAMES[value - 1]}"
    if field == "date_since":
        year, month = value.split("-")
        return f"from {MONTH_NAMES[int(month) - 1]} {year} on"
    if field == "date_until":
        year, month = value.split("-")
        return f"up to the end of {MONTH_NAMES[int(month) - 1]} {year}"
    if field == "date_from":
        year, month, *day = value.split("-")
        on = f"{int(day[0])} " if day else ""
        return f"from {on}{MONTH_NAMES[int(month) - 1]} {year} on (counted back from your newest post)"
    if field == "language":
        return f"{'not ' if negated else ''}in {language_name(value)}"
    if field == "text":
        return f"with '{value}' in the caption"
    if field == "post_id":
        return "the one post the last answer named"
    if field == "absent" and value == "people":
        return "whose caption names no one (no person's name, no @mention)"
    if field == "absent":
        return f"without any {'photo' if value == 'image' else 'caption you wrote' if value == 'caption' else value}"
    if field == "has_caption":
        return "with a caption you wrote"
    if field == "disagree":
        return "where caption and photo sentiment disagree"
    if field == "sides":
        return SIDES_PHRASES.get(value)
    if field == "has_image":
        return "with a photo"
    if field == "retweet":
        return f"that are {'not ' if negated else ''}retweets ({'no ' if negated else ''}'RT @' in the text)"
    if field == "label":
        what = {"HASHTAG": "a hashtag", "MENTION": "an @mention", "PERSON": "a person named",
                "PLACE": "a place named", "GPE": "a city or country named"}.get(value, value)
        return f"{'without' if negated else 'with'} {what}"
    return None


# dates pooled into other buckets than months (plan note buckets=...): (one, several, how the answer says they are
# counted)
POOLED = {"season": ("season", "seasons", "seasons of the northern hemisphere (winter: December to February)"),
          "weekday": ("day of the week", "days of the week", "days of the week of the post's time in UTC")}


# the key columns of time buckets (graph.queries.templates.TIME_KEYS)
TIME_COLUMNS = ("year", "month", *POOLED)


def _pooled(plan: QueryPlan) -> str | None:
    """The buckets the months are pooled into ('season', 'weekday'), if the plan says so."""
    return next((name for name in POOLED if f"buckets={name}" in plan.notes), None)


def understood_as(plan: QueryPlan) -> str:
    """A short line saying how the question was read, e.g. "posts about 'travel', sentiment negative, in 2022"."""
    noun = NOUNS.get(plan.subject or POSTS, plan.subject or "posts")
    pooled = _pooled(plan)
    if plan.subject == "month" and pooled:
        noun = POOLED[pooled][1]
    parts = _phrases(plan)
    whole = "photos" if plan.subject == IMAGES else "posts"
    if plan.subject == IMAGES and plan.measure == "share" and plan.share_part is None:
        whole = "the posts with such a photo"  # "what % of my dog photos are happy": each post's verdict counted
    how = [{"count": "counted", "average": "average sentiment score", "share": f"share of {whole}",
            "activity": "how often: their first and last date, posts per month",
            "score_range": "their lowest, highest and average sentiment score"}.get(
        plan.measure or "", "")] if plan.measure in ("count", "average", "share", "activity", "score_range") else []
    if plan.counted_per_post and plan.measure == AVERAGE:  # "how many hashtags does a post have on average"
        unit = "photo" if plan.subject == IMAGES else "post"
        how = [f"the average number of {NOUNS.get(plan.counted_per_post, plan.counted_per_post)} on each {unit}"]
    if plan.average_bar is not None:
        how.append(f"only those whose average is {plan.average_bar[0]} {plan.average_bar[1]:g}")
    if plan.count_bar is not None and plan.measure == "count":
        how.append(f"compared with {THRESHOLD_WORDS[plan.count_bar[0]]} {plan.count_bar[1]}")
    if plan.source != "combined" and not any(f.field in SOURCE_FILTERS for f in plan.filters):
        how.insert(0, f"the {'caption' if plan.source == 'caption' else 'photo'}'s verdict, not the post's overall one")
    if plan.compares_sources and plan.measure == AVERAGE:
        how = ["compared: the average sentiment score of your captions vs your photos, over the posts with both"]
    elif plan.compares_sources:
        how.insert(0, f"compared: {plan.share_of} captions vs {plan.share_of} photos, each verdict counted")
    elif plan.compare:
        how.insert(0, f"compared: {' vs '.join(_value_name(plan.compare[0], v) for v in plan.compare[1])}")
    if plan.share_part:
        part = plan.share_part
        how.append(f"the part {_phrase(part, plan)}")
    if plan.direction and plan.counted_per_post and not plan.threshold:
        how.append(f"{'most' if plan.direction == 'desc' else 'fewest'} first by the number of "
                   f"{NOUNS.get(plan.counted_per_post, plan.counted_per_post)} on each post")
    elif plan.direction:
        score = "sentiment score" if (plan.subject or POSTS) == POSTS else "average sentiment score"
        by = {"date": "by date", "score": f"by {score}",
              "gap": "by how far apart the caption's and the photo's sentiment scores are",
              "pause": "by the days from one post to the next",
              "share": f"by their share of {plan.share_of} posts"}.get(plan.rank_by, "by count")
        how.append(f"{'highest' if plan.direction == 'desc' else 'lowest'} first {by}")
    if plan.threshold and plan.counted_per_post:
        how.append(f"{NOUNS.get(plan.counted_per_post, plan.counted_per_post)} on each post "
                   f"{plan.threshold[0]} {plan.threshold[1]}")
    elif plan.threshold:
        how.append(f"count {plan.threshold[0]} {plan.threshold[1]}")
    besides = plan.members_named() if plan.measure in (None, LIST) and not plan.compare else ()
    if besides:
        how.append(f"other than {', '.join(name_shown(plan.subject or '', v) for v in besides)}")
    if plan.group_by:
        photo = "photo " if plan.group_by == "sentiment" and plan.subject == IMAGES else ""
        how.append(f"per {photo}{plan.group_by}")
    if "buckets=calendar" in plan.notes and "month" in (plan.subject, plan.group_by):
        how.append("calendar months, all years together")
    if pooled and "month" in (plan.subject, plan.group_by):
        years = "" if plan.get("year") else ", all years together"
        how.append(f"{POOLED[pooled][2]}{years}")
        how = [h.replace("per month", f"per {POOLED[pooled][0]}") for h in how]
    if "buckets=none" in plan.notes and plan.subject in ("year", "month"):
        how.append("none of their posts has it")
    if "buckets=empty" in plan.notes:
        how.append("with no post at all")
    if plan.share_of and plan.measure == "never":
        how.append(f"none of their posts {plan.share_of}")
    elif plan.share_of and plan.measure == "only":
        how.append(f"all of their posts {plan.share_of}")
    elif plan.share_of and not plan.compares_sources and plan.rank_by != "share":
        how.append(f"share {plan.share_of}")
    if plan.subject == "mention":
        noun = "accounts you @mention"
    scope = f"{noun} {', '.join(parts)}" if parts else noun
    kept = " The filters were kept from your previous question; say 'all my posts' for every post." \
        if KEPT in plan.notes else ""
    return f"(Understood as: {scope}{'; ' + '; '.join(how) if how else ''}.{reading_note(plan)}{kept})"


READINGS = {
    "who=mention": " 'Who' was read as the accounts you @mention, not the people named in your captions",
    "who=person": " 'Who' was read as the people named in your captions: your posts @mention no accounts",
    "who=people": " 'Who' was read as the people named in your captions, not the accounts you @mention",
    "about=named": " No topic has that name, so 'about' was read as the name your captions mention",
}


def reading_note(plan: QueryPlan) -> str:
    """How an ambiguous head word was read (the parser records it in the plan's notes), or ''."""
    notes = dict(n.split("=", 1) for n in plan.notes if "=" in n)
    return READINGS.get(notes.get("reading", ""), "")


def _value_name(field: str, value: Any) -> str:
    prefix = {"image_sentiment": "photo ", "caption_sentiment": "caption "}.get(field, "")
    return str(value) if field == "year" else f"{prefix}'{value}'"


def render_comparison(rows: Sequence[dict[str, Any]], plan: QueryPlan) -> str:
    """'Did I post more about food or travel?': each compared value with its count (0 when absent) or average
    score, and which is ahead: "travel: 7 posts; food: 4 posts. More about travel (7 vs 4)." """
    assert plan.compare is not None
    values = plan.compare[1]
    key, measure = list(rows[0])[:2] if rows else ("", "")
    found = {row.get(key): row.get(measure) for row in rows}
    average = measure == "avg_score"
    unit = "photos" if measure == "images" else measure
    got = {value: found.get(value, None if average else 0) for value in values}
    got = {name_shown(key, value) if key else value: n for value, n in got.items()}  # '#berlin', not 'berlin'
    if average:
        parts = [f"{v}: {'no posts' if a is None else f'{a:+.2f}'}" for v, a in got.items()]
        scored = {v: a for v, a in got.items() if a is not None}
        head = "Average sentiment score (from -1, negative, to +1, positive): " + "; ".join(parts) + "."
        if len(scored) < 2:
            return head
        if PICKED in plan.notes and plan.direction:
            return head + _picked(scored, plan.direction, "Highest" if plan.direction == "desc" else "Lowest")
        best = max(scored, key=lambda v: scored[v])
        ahead = [v for v, a in scored.items() if a == scored[best]]
        return head + (" The same." if len(ahead) > 1 else f" Higher: {best}.")
    parts = [f"{v}: {count_of(int(n or 0), unit)}" for v, n in got.items()]
    if PICKED_EACH in plan.notes:  # which of them have any: those with their counts, then those without
        some = [f"{v} ({count_of(int(n or 0), unit)})" for v, n in got.items() if n]
        none = [str(v) for v, n in got.items() if not n]
        return (f"Of those, with any: {', '.join(some) if some else 'none'}."
                + (f" Without: {', '.join(none)}." if none else ""))
    if PICKED in plan.notes and plan.direction:
        counts = {v: int(n or 0) for v, n in got.items()}
        word = "Most" if plan.direction == "desc" else "Fewest"
        return "; ".join(parts) + "." + _picked(counts, plan.direction, word)
    top = max(got.values())
    leaders = [v for v, n in got.items() if n == top]
    rest = [_fmt_count(n or 0) for v, n in got.items() if v != leaders[0]]
    verdict = (f" The same ({_fmt_count(top)} each)." if len(leaders) > 1
               else f" More: {leaders[0]} ({' vs '.join([_fmt_count(top), *rest])}).")
    spans = {row.get(key): row.get("days_of_week") for row in rows if row.get("days_of_week")}
    if len(set(spans.values())) > 1:  # weekends (2 days) and weekdays (5): the posts per day of each, too
        rates = ", ".join(f"{v} {int(found.get(v) or 0) / int(d):.1f} ({count_of(int(d), 'days')})"
                          for v, d in spans.items())
        verdict += f" Per day of the week: {rates}."
    return "; ".join(parts) + "." + verdict


def _picked(figures: dict[Any, Any], direction: str, word: str) -> str:
    """The one ahead among values ranked ('which of those is the gloomiest?'), or the ones tied there."""
    pick = max if direction == "desc" else min
    best = pick(figures.values())
    ahead = [str(v) for v, f in figures.items() if f == best]
    if len(ahead) == len(figures):
        return " All the same."
    if len(ahead) > 1:
        return f" {word}: {joined_names(ahead)}, tied."
    return f" {word}: {ahead[0]}."


def render_sources(row: dict[str, Any], plan: QueryPlan) -> str:
    """'Were my photos or my captions more often sad?': both counts and which is ahead."""
    captions, photos = int(row.get("captions") or 0), int(row.get("photos") or 0)
    head = (f"{plan.share_of.capitalize() if plan.share_of else 'Matching'} captions: {_fmt_count(captions)}; "
            f"{plan.share_of or 'matching'} photos: {_fmt_count(photos)}.")
    if captions == photos:
        return head + " The same."
    more = "captions" if captions > photos else "photos"
    return head + f" More often {plan.share_of}: the {more} ({_fmt_count(max(captions, photos))} vs " \
                  f"{_fmt_count(min(captions, photos))})."


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
        pct = 100.0 * count / posts_total if unit == "posts" and posts_total and isinstance(count, (int, float)) \
            else None
        digits = 0 if pct is None or pct >= 1 or pct == 0 else 1  # 1 of 200 posts is 0.5%, not 0%
        share = "" if pct is None else f", {pct:.{digits}f}% of {count_of(posts_total, 'posts')}"
        lines.append(f"- {name_shown(name, row.get(name))}: {count_of(count, unit)}{share}")
    shown = min(len(rows), MAX_LISTED)
    total = f" of {groups_total:,} {noun}" if groups_total is not None and groups_total > shown else ""
    order = "most" if plan.direction != "asc" else "fewest"
    fewer = only_note(plan, len(rows), groups_total, noun)
    if fewer:
        head = f"{fewer}, by {unit} ({order} first):" if len(rows) > 1 else f"{fewer}:"
    elif plan.threshold and not plan.limit:
        # every group that passes the threshold, not a top-N: say the threshold, not "with the most"
        matched = len(rows)
        whole = f" of {groups_total:,}" if groups_total is not None and groups_total > matched else ""
        named = noun if whole or matched != 1 else singular(noun)
        verb = "has" if matched == 1 else "have"
        cut = f"; showing the {shown} with the {order} {unit}:" if shown < matched else ":"
        passing = f"{threshold_words(plan.threshold)} {plural(unit, plan.threshold[1])}"
        if unit == "years":  # "topics in at least 3 different years": posts in that many years
            passing = f"posts in {threshold_words(plan.threshold)} different {plural(unit, plan.threshold[1])}"
        head = f"{matched:,}{whole} {named} {verb} {passing}{cut}"
    else:
        counts = {row.get(unit) for row in rows[:MAX_LISTED]}
        if order == "most" and counts == {1} and groups_total is not None and groups_total > shown:
            # "who do I mention most?" when every account is in one post: no ranking to give, and ten names picked
            # alphabetically from 149 ties would read as the top ten
            head = (f"None of your {groups_total:,} {noun} is in more than one {singular(unit)}: each is in 1. "
                    f"The first {shown} by name:")
            return "\n".join([head, *lines])
        tied = f" ({count_of(counts.pop(), unit)} each)" if shown > 1 and len(counts) == 1 else ""
        named = total or f" {noun}"
        head = (f"The {shown}{named} with the {order} {unit}{tied}:" if shown > 1
                else f"The one with the {order} {unit}:")
    return "\n".join([head, *lines])


THRESHOLD_WORDS = {"<": "fewer than", "<=": "at most", ">": "more than", ">=": "at least", "=": "exactly"}


def threshold_words(threshold: tuple[str, int]) -> str:
    """("<", 2) -> "fewer than 2"."""
    op, n = threshold
    return f"{THRESHOLD_WORDS.get(op, op)} {n}"


def only_note(plan: QueryPlan, found: int, total: int | None, noun: str) -> str:
    """For "my 5 biggest topics" when only 3 exist: "You have only 3 topics; all 3" (or "Only 3 topics match"
    when the question narrowed them), so a short list is not read as a cut one. "" when the asked number exists."""
    whole = total if total is not None else found
    if not plan.limit or plan.limit <= 1 or whole >= plan.limit or found != whole or not found:
        return ""
    narrowed = any(not f.missing for f in plan.filters) or plan.threshold
    start = f"Only {count_of(whole, noun)} {'matches' if whole == 1 else 'match'}" if narrowed \
        else f"You have only {count_of(whole, noun)}"
    return f"{start}; {'that one' if whole == 1 else 'both' if whole == 2 else f'all {whole}'}"


UNITS = {"images": "photos"}  # a count column as the answer says it


def render_names(rows: Sequence[dict[str, Any]], plan: QueryPlan, total: int | None) -> str:
    """Names (topics, places...) in the scope, each with its count when the rows give one ("travel (2 posts)"): all
    of them, or the first few and "N of M"."""
    if not rows:
        return "No results: nothing in your graph matches that question."
    column = next(iter(rows[0]))
    names = [name_shown(column, r[column]) for r in rows[:MAX_LISTED]]
    noun = NOUNS.get(plan.subject or "", column)
    whole = total if total is not None else len(rows)
    cut = f" (showing {len(names)} of {whole:,})" if whole > len(names) else ""
    extras = [c for c in rows[0] if c != column]
    if extras:
        names = [f"{name_shown(column, r[column])} ({', '.join(count_of(r[c], UNITS.get(c, c)) for c in extras)})"
                 for r in rows[:MAX_LISTED]]
    return f"{count_of(whole, noun)}{cut}: {', '.join(names)}."


def render_posts(rows: Sequence[dict[str, Any]], total: int | None,
                 posts: Mapping[str, dict[str, Any]] | None = None, plan: QueryPlan | None = None) -> str:
    """Posts by date and caption cut short (a caption-less post: its photo's generated caption, marked as
    generated; the ids go to the answer's citations, not the text): the first few, and "N of M" when there are
    more; "You have only 3 posts" when the question asked for more than exist."""
    if not rows:
        return "No posts match that question."
    whole = total if total is not None else len(rows)
    lines = [f"- {post_line((posts or {}).get(str(r.get('post_id')), r))}" for r in rows[:MAX_LISTED]]
    cut = f", showing {len(lines)} of {whole:,}" if whole > len(lines) else ""
    fewer = only_note(plan, len(rows), None, "posts") if plan is not None else ""
    return "\n".join([f"{fewer or count_of(whole, 'posts')}{cut}:", *lines])


NEARBY_HEADS = {"tag": "the photos show", "kind": "the photos show things of kind", "topic": "the topics are",
                "entity": "the posts mention", "hashtag": "the hashtags used are",
                "mention": "the accounts mentioned are",
                "person": "the people mentioned are", "place": "the places mentioned are",
                "city": "the cities mentioned are",
                "organisation": "the organisations mentioned are",
                "nationality": "the nationalities and groups mentioned are", "year": "your posts are from"}


def nearby_text(group: str, scoped: QueryPlan, rows: Sequence[dict[str, Any]], total: int | None) -> str:
    """What the graph holds instead, for an empty answer: "In your graph, the photos show: vehicle (9 photos),
    animal (8) ... and 21 more." `scoped` holds the filters the names were counted under."""
    name, unit = list(rows[0])[:2]
    unit_noun = "photos" if unit == "images" else unit
    sign = {"hashtag": "#", "mention": "@"}.get(group, "")
    items = [f"{sign}{r.get(name)} ({count_of(r.get(unit), unit_noun) if i == 0 else _fmt_count(r.get(unit))})"
             for i, r in enumerate(rows)]
    more = f" and {total - len(rows):,} more" if total is not None and total > len(rows) else ""
    parts = _phrases(scoped)
    where = f"Among your posts ({', '.join(parts)})" if parts else "In your graph"
    if group == "year":
        return f"Your posts are from: {', '.join(items)}{more}."
    return f"{where}, {NEARBY_HEADS.get(group, 'the names are')}: {', '.join(items)}{more}."


def render_empty_buckets(rows: Sequence[dict[str, Any]], plan: QueryPlan) -> str:
    """'Which months of 2021 had no posts': "2 months of 2021 had no post: August and October." (or that every one
    had one)."""
    year = plan.get("year")
    if "buckets=weekday" in plan.notes:  # "is there a day of the week I never posted on"
        if not rows:
            return "You have posted on every day of the week (by the posts' time in UTC)."
        names = [name_shown("weekday", r["weekday"]) for r in rows]
        return f"{count_of(len(names), 'days')} of the week had no post (by the posts' time in UTC): " \
            f"{joined_names(names)}."
    if plan.subject == "month" and year is not None:
        names = [calendar.month_name[int(r["month"])] for r in rows]
        if not names:
            return f"Every month of {year.value} has at least one post."
        return f"{count_of(len(names), 'months')} of {year.value} had no post: {joined_names(names)}."
    if not rows:
        return "Every year from your first post to your last has at least one post."
    return f"{count_of(len(rows), 'years')} between your first post and your last had no post: " \
        f"{joined_names([str(r['year']) for r in rows])}."


def joined_names(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def render_empty(plan: QueryPlan, nearby: str) -> str:
    """An answer with no rows: that nothing matched (the absent-value note, when there is one, says why) and what
    the graph holds of the kind asked for."""
    noun = NOUNS.get(plan.subject or POSTS, plan.subject or "posts")
    head = "" if any(f.missing for f in plan.filters) else f"No {noun} match that question."
    return "\n".join(p for p in (head, nearby) if p) or f"No {noun} match that question."


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bucket(column: str, value: Any) -> str:
    """A bucket's key as read: a month number as its name ('March'), anything else as it is."""
    if column == "month" and _is_count(value) and 1 <= value <= 12:
        return calendar.month_name[value]
    return name_shown(column, value)


def render_buckets(rows: Sequence[dict[str, Any]], plan: QueryPlan) -> str:
    """'How many posts per year?': "Posts per year:" then "- 2019: 6 posts" lines in the query's order."""
    columns = list(rows[0])
    value, keys = columns[-1], columns[:-1]
    unit = "photos" if plan.subject == IMAGES else "posts"
    lines = [f"- {' '.join(_bucket(k, r[k]) for k in keys)}: {count_of(int(r[value]), unit)}"
             for r in rows[:MAX_LISTED]]
    more = f"\n(and {len(rows) - MAX_LISTED:,} more {plan.group_by}s)" if len(rows) > MAX_LISTED else ""
    return "\n".join([f"{unit.capitalize()} per {plan.group_by}:", *lines]) + more


def bucket_label(row: dict[str, Any], keys: Sequence[str]) -> str:
    """A time bucket as read: 'July 2019' (year and month), 'February' (a month), '2019' (a year); other keys as
    they are, space-separated."""
    if set(keys) <= {"year", "month"}:
        return " ".join(_bucket(k, row[k]) for k in sorted(keys, key=lambda k: k != "month"))
    return " ".join(name_shown(k, row[k]) for k in keys)


def render_time_ranking(rows: Sequence[dict[str, Any]], plan: QueryPlan) -> str:
    """'Which month did I post the most?': "The month with the most posts: July 2019 (2 posts)." or, for several,
    "The 3 months with the most posts:" and a "- July 2019: 2 posts" line each (was "1 result: year: 2019; ...")."""
    columns = list(rows[0])
    unit, keys = columns[-1], columns[:-1]
    order = "most" if plan.direction != "asc" else "fewest"
    noun = "year" if keys == ["year"] else "month"  # seasons and days of the week are months renamed (_pooled)
    labels = [(bucket_label(r, keys), int(r[unit] or 0)) for r in rows[:MAX_LISTED]]
    if len(labels) == 1:
        label, n = labels[0]
        return f"The {noun} with the {order} {unit}: {label} ({count_of(n, unit)})."
    lines = [f"- {label}: {count_of(n, unit)}" for label, n in labels]
    return "\n".join([f"The {len(labels)} {noun}s with the {order} {unit}:", *lines])


SCORE_SCALE = "(-1 negative ... +1 positive)"


def _average_of(plan: QueryPlan) -> str:
    """'Average sentiment score', or of one side: 'Average caption (photo) sentiment score'."""
    side = {"caption": "caption ", "image": "photo "}.get(plan.source, "")
    return f"Average {side}sentiment score"


def _day(iso: str) -> str:
    """'2019-03-14T08:12:00Z' -> '14 March 2019'."""
    year, month, day = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    return f"{day} {MONTH_NAMES[month - 1]} {year}"


def _span(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = [count_of(years, "years")] if years else []
    parts += [count_of(rest, "months")] if rest or not years else []
    return " and ".join(parts)


def render_activity(row: Mapping[str, Any], per_year: Sequence[Mapping[str, Any]]) -> str:
    """'How often do I post?': the posts' span (first and last date), posts per month and per year over it, in how
    many of its months there is a post, and the posts of each year."""
    dated, total = int(row.get("dated") or 0), int(row.get("posts") or 0)
    undated = total - dated
    note = f" ({count_of(undated, 'posts')} without a date {'is' if undated == 1 else 'are'} not counted.)" \
        if undated else ""
    first, last = row.get("first_post"), row.get("last_post")
    if not dated or not isinstance(first, str) or not isinstance(last, str):
        return f"None of these {count_of(total, 'posts')} has a date, so how often they were made is not known."
    if dated == 1:
        return f"1 post, on {_day(first)}.{note}"
    months = (int(last[:4]) * 12 + int(last[5:7])) - (int(first[:4]) * 12 + int(first[5:7])) + 1
    lines = [f"{count_of(dated, 'posts')} from {_day(first)} to {_day(last)} ({_span(months)}).{note}"]
    # per month and per year: over the calendar months (years) from the first post's to the last's, as the query
    # counts them (graph/queries/aggregates.posting_activity); a year with none counts as 0
    rate, yearly = float(row["posts_per_month"]), float(row["posts_per_year"])
    years_spanned = int(last[:4]) - int(first[:4]) + 1
    per_year_text = f" ({yearly:.1f} a year over the {years_spanned} years {first[:4]}-{last[:4]})" \
        if years_spanned > 1 else ""
    active = int(row.get("active_months") or 0)
    lines.append(f"On average {rate:.1f} posts a month{per_year_text}; there is a post in {active} of those "
                 f"{months} months.")
    years = [r for r in per_year if r.get("year") is not None]
    if len(years) > 1:
        lines.append("Per year: " + ", ".join(f"{r['year']}: {int(r['posts'])}" for r in years) + ".")
    return "\n".join(lines)


def render_compared_shares(rows: Sequence[dict[str, Any]], plan: QueryPlan) -> str:
    """'Percent negative: cats vs dogs': "cat: 4 of 10 posts negative (40.0%); dog: 3 of 9 (33.3%). Higher: cat."
    (a name with no post says so)."""
    assert plan.compare is not None and plan.share_of is not None
    column = next(iter(rows[0])) if rows else ""  # the group's name column (rank_by_share's first)
    found = {r.get(column): r for r in rows}
    parts, shares = [], {}
    for value in plan.compare[1]:
        row, shown = found.get(value), name_shown(column, value)
        if row is None or not int(row.get("posts") or 0):
            parts.append(f"{shown}: no posts")
            continue
        shares[shown] = float(row["share_pct"])
        parts.append(f"{shown}: {int(row['matching'] or 0):,} of {count_of(int(row['posts']), 'posts')} "
                     f"{plan.share_of} ({float(row['share_pct']):.1f}%)")
    head = "; ".join(parts) + "."
    if len(shares) < 2:
        return head
    top = max(shares.values())
    ahead = [v for v, share in shares.items() if share == top]
    return head + (" The same share." if len(ahead) > 1 else f" Higher: {ahead[0]}.")


def render_group_average(row: Mapping[str, Any], plan: QueryPlan) -> str:
    """'On average, how many hashtags does a post have?': "On average 1.4 hashtags per post (50 on 36 posts; the most
    on one post: 6)." (photos for what they show)."""
    unit = "photos" if plan.subject == IMAGES else "posts"
    whole = int(row.get(unit) or 0)
    noun = NOUNS.get(plan.counted_per_post or "", plan.counted_per_post or "things")
    if not whole:
        return f"There are no {unit} here to count {noun} on."
    one = singular(unit)
    return (f"On average {float(row['average'] or 0):.2f} {noun} per {one} ({int(row['total'] or 0):,} on "
            f"{count_of(whole, unit)}; the most on one {one}: {int(row['most'] or 0)}).")


def render_score_range(row: Mapping[str, Any], plan: QueryPlan) -> str:
    """'The lowest and highest scores of my Berlin posts': "Over 8 posts, the sentiment scores run from -0.42
    (lowest) to +0.91 (highest); average +0.33 (-1 negative ... +1 positive)." """
    posts = int(row.get("posts") or 0)
    side = {"caption": "caption ", "image": "photo "}.get(plan.source, "")
    if not posts or row.get("lowest") is None:
        return f"None of these posts has a {side}sentiment score."
    low, high, mean = float(row["lowest"]), float(row["highest"]), float(row["average"])
    if posts == 1:
        return f"Only 1 post has a {side}sentiment score: {low:+.2f} {SCORE_SCALE}."
    return (f"Over {count_of(posts, 'posts')}, the {side}sentiment scores run from {low:+.2f} (lowest) to {high:+.2f} "
            f"(highest); average {mean:+.2f} {SCORE_SCALE}.")


def render_pauses(rows: Sequence[Mapping[str, Any]], asked: int = 1) -> str:
    """'The longest stretch without a post': "The longest gap between two of these posts: 213 days, from 3 May 2021 to
    2 December 2021 (...)." or, for several (or `asked` with gaps tied with the last of them), a line each."""
    lines = [f"{count_of(int(r['days'] or 0), 'days')}, from {_day(str(r['last_before']))} to "
             f"{_day(str(r['first_after']))}" for r in rows[:MAX_LISTED]]
    if len(lines) == 1:
        return f"The longest gap between two of these posts: {lines[0]} (the date of the post before it and of the " \
            "next post)."
    dates = " (the date of the post before each and of the next post):"
    if asked == 1:  # more than one row: tied for the longest
        head = f"{len(rows)} gaps between two of these posts tie for the longest{dates}"
    else:
        tied = " (with those tied with the last)" if len(rows) > asked else ""
        head = f"The {len(rows)} longest gaps between two of these posts{tied}{dates}"
    return "\n".join([head, *(f"- {line}" for line in lines)])


# two averages closer than this are "about the same": a tenth of the scale's half is within what one post moves
SAME_AVERAGE = 0.05


def render_source_scores(row: Mapping[str, Any]) -> str:
    """'Are my photos happier than my captions?': the two average scores over the posts with both, which side is
    ahead (or "about the same"), post by post how often each side scored higher, and each side's verdicts (over all
    its own posts: every caption the user wrote, every photo); two different models score the two sides, which the
    answer says."""
    posts = int(row.get("posts") or 0)
    if not posts or not isinstance(row.get("caption_avg"), (int, float)) \
            or not isinstance(row.get("photo_avg"), (int, float)):
        return ("None of these posts has both a caption you wrote and a photo with a sentiment score, so captions and "
                "photos cannot be compared here.")
    caption, photo = float(row["caption_avg"]), float(row["photo_avg"])
    scores = f"photos {photo:+.2f}, captions {caption:+.2f} on a scale of -1 negative to +1 positive"
    if abs(photo - caption) < SAME_AVERAGE:
        lead = f"About the same on average (within {SAME_AVERAGE}): {scores}"
    else:
        ahead, behind = ("photos", "captions") if photo > caption else ("captions", "photos")
        lead = f"Your {ahead} read more positive than your {behind} on average: {scores}"
    over = f"over the {count_of(posts, 'posts')} with both a caption you wrote and a photo" if posts > 1 \
        else "over the one post with both a caption you wrote and a photo"
    higher_photo, higher_caption = int(row.get("photo_higher") or 0), int(row.get("caption_higher") or 0)
    each = (f"Post by post, the photo scored higher on {higher_photo} and the caption on {higher_caption}"
            + (f" (the same on {posts - higher_photo - higher_caption})" if posts > higher_photo + higher_caption
               else "") + ".")
    verdicts = "Verdicts: " + "; ".join(
        f"of your {count_of(int(row.get(side) or 0), side[:-1] + 's')}, {int(row.get(f'positive_{side}') or 0)} "
        f"positive and {int(row.get(f'negative_{side}') or 0)} negative" for side in ("captions", "photos")) + "."
    caveat = "Two different models score captions and photos, so a small gap says little."
    return f"{lead}, {over}.\n{each}\n{verdicts}\n{caveat}"


def render_average_per_time(rows: Sequence[dict[str, Any]], plan: QueryPlan) -> str:
    """'How did my mood change over the years?': "Average sentiment score per year (-1 negative ... +1 positive):",
    a "- 2019: +0.25" line per bucket in time order, then where it was lowest and highest."""
    keys = [c for c in rows[0] if c != "avg_score"]
    scored = [(bucket_label(r, keys), float(r["avg_score"])) for r in rows
              if isinstance(r.get("avg_score"), (int, float))]
    head = f"{_average_of(plan)} per {plan.group_by.replace('_', ' ')} {SCORE_SCALE}:"
    lines = [f"- {label}: {score:+.2f}" for label, score in scored[:MAX_LISTED]]
    more = f"\n(and {len(scored) - MAX_LISTED:,} more)" if len(scored) > MAX_LISTED else ""
    if len(scored) < 2:
        return "\n".join([head, *lines]) + more
    low, high = min(scored, key=lambda x: x[1]), max(scored, key=lambda x: x[1])
    extremes = f"Lowest: {low[0]} ({low[1]:+.2f}); highest: {high[0]} ({high[1]:+.2f})."
    return "\n".join([head, *lines]) + more + "\n" + extremes


def render_average_ranking(rows: Sequence[dict[str, Any]], plan: QueryPlan) -> str:
    """'What was my saddest year?', 'which topic is the happiest?', 'average sentiment per topic': "The year with the
    lowest average sentiment score: 2021, -0.19 (-1 negative ... +1 positive)." for one, else a "- café: +0.55" line
    per group (years as 'July 2019', hashtags as '#berlin')."""
    keys = [c for c in rows[0] if c != "avg_score"]
    scored = [(bucket_label(r, keys), float(r["avg_score"])) for r in rows
              if isinstance(r.get("avg_score"), (int, float))]
    noun = singular(NOUNS.get(plan.subject or "", "group"))
    if plan.direction and len(scored) == 1:
        high = "highest" if plan.direction == "desc" else "lowest"
        label, score = scored[0]
        return f"The {noun} with the {high} {_average_of(plan).lower()}: {label}, {score:+.2f} {SCORE_SCALE}."
    order = {"desc": ", highest first", "asc": ", lowest first"}.get(plan.direction or "", "")
    head = f"{_average_of(plan)} per {noun} {SCORE_SCALE}{order}:"
    if plan.average_bar is not None:  # "which topics average above 0.5"
        op, value = plan.average_bar
        words = {">": "above", ">=": "at least", "<": "below", "<=": "at most"}.get(op, op)
        head = (f"{count_of(len(scored), plural_form(noun))} with an "
                f"{_average_of(plan).lower()} {words} {value:g} {SCORE_SCALE}:")
    lines = [f"- {label}: {score:+.2f}" for label, score in scored[:MAX_LISTED]]
    more = f"\n(and {len(scored) - MAX_LISTED:,} more)" if len(scored) > MAX_LISTED else ""
    return "\n".join([head, *lines]) + more


VERDICT_ORDER = ("positive", "neutral", "negative")


def render_sentiment_per(rows: Sequence[dict[str, Any]], plan: QueryPlan) -> str:
    """'Positive vs negative posts per year', 'the sentiment of each topic': one line per year (in time order) or
    per topic (most posts first), its posts per verdict; a verdict compared but absent from a bucket shows as 0."""
    keys = [c for c in rows[0] if c not in ("sentiment", "posts")]
    shown = tuple(plan.compare[1]) if plan.compare else VERDICT_ORDER
    buckets: dict[tuple[Any, ...], dict[str, int]] = {}
    for row in rows:
        buckets.setdefault(tuple(row[k] for k in keys), {})[str(row["sentiment"])] = int(row["posts"] or 0)
    order = list(buckets)
    if plan.subject in GROUP_SUBJECTS:
        order.sort(key=lambda b: -sum(buckets[b].values()))
    noun = NOUNS.get(plan.subject or "", keys[-1] + "s")
    lines = []
    for bucket in order[:MAX_LISTED]:
        counts = buckets[bucket]
        verdicts = [v for v in shown if v in counts or plan.compare] + [v for v in counts if v not in shown]
        name = " ".join(_bucket(k, v) for k, v in zip(keys, bucket))
        lines.append(f"- {name}: {', '.join(f'{counts.get(v, 0):,} {v}' for v in verdicts)} "
                     f"({count_of(sum(counts.values()), 'posts')})")
    cut = plan.subject in GROUP_SUBJECTS and len(order) >= SENTIMENT_PER_GROUPS  # the query keeps the biggest only
    head = (f"Posts per sentiment, for the {len(order):,} {noun} with the most posts" if cut
            else f"Posts per sentiment, for each of {count_of(len(order), noun)}") + (
        f" (the {MAX_LISTED} biggest first):" if plan.subject in GROUP_SUBJECTS and len(order) > MAX_LISTED
        else ":")
    smaller = ", and smaller ones not counted here" if cut else ""
    more = [f"(and {len(order) - MAX_LISTED:,} more {plural(noun, len(order) - MAX_LISTED)}{smaller})"] \
        if len(order) > MAX_LISTED else []
    return "\n".join([head, *lines, *more])


def render_ranked_shares(rows: Sequence[dict[str, Any]], plan: QueryPlan, min_posts: int, excluded: int | None) -> str:
    """'Which topic has the highest share of negative posts': the buckets with at least `min_posts` posts, ranked by
    that share, each with "N of M posts (x%)"; says how many buckets were left out for having fewer posts."""
    noun = NOUNS.get(plan.subject or "", "groups")
    left_out = (f" {count_of(excluded, noun)} with fewer than {count_of(min_posts, 'posts')} "
                f"{'is' if excluded == 1 else 'are'} left out: a share of so few posts says little.") \
        if excluded else ""
    if not rows:
        return f"No {singular(noun)} has at least {count_of(min_posts, 'posts')}, so no share is worth ranking." \
            + left_out
    keys = [c for c in rows[0] if c not in ("matching", "posts", "share_pct")]
    high = "highest" if plan.direction == "desc" else "lowest"
    lines = [f"- {' '.join(_bucket(k, r[k]) for k in keys)}: {int(r['matching'] or 0):,} of "
             f"{count_of(int(r['posts'] or 0), 'posts')} {plan.share_of} ({float(r['share_pct']):.1f}%)"
             for r in rows[:MAX_LISTED]]
    head = f"Of the {noun} with at least {count_of(min_posts, 'posts')}, the {high} share of {plan.share_of} posts:"
    return "\n".join([head, *lines]) + ("\n" + left_out.strip() if left_out else "")


def render_part_share(row: dict[str, Any], plan: QueryPlan) -> str:
    """'What % of my posts are about travel?': "7 of 36 posts (19.4%) are about 'travel'." """
    assert plan.share_part is not None
    unit = "photos" if plan.subject == IMAGES else "posts"
    matching, whole = int(row["matching"] or 0), int(row.get(unit) or 0)
    if not whole:
        return f"No {unit} match that question, so there is no share to give."
    part = plan.share_part
    what = _phrase(part, plan) or part.describe()
    verb = ("has" if matching == 1 else "have") if part.field in ("label", "has_caption") \
        else "is" if matching == 1 else "are"
    # "N of M posts have a hashtag", "... have a caption you wrote"
    what = what.replace("with ", "", 1) if part.field in ("label", "has_caption") else what
    what = what.replace("that are ", "", 1) if part.field == "retweet" else what  # "N of M posts are retweets"
    if part.field == "absent" and what.startswith("without "):  # "N of M posts have no hashtag"
        verb, what = ("has" if matching == 1 else "have"), re.sub(r"^without (?:any |a |an )?", "no ", what)
    if part.field in ("sides", "disagree"):  # "N of M posts have caption and photo sentiment that agree"
        verb, what = ("has" if matching == 1 else "have"), re.sub(
            r"^where caption and photo sentiment (agree|disagree|are opposite)", r"caption and photo sentiment that \1",
            what)
    return f"{matching:,} of {count_of(whole, unit)} ({float(row['share_pct']):.1f}%) {verb} {what}."


def render_post_share(row: dict[str, Any], plan: QueryPlan) -> str:
    """'What share of my posts are negative?': "9 of 37 posts (24.3%) are negative." (by the caption or the photo
    when the question asked for that verdict)."""
    matching, posts = int(row["matching"] or 0), int(row["posts"] or 0)
    by = {"caption": "the caption", "image": "the photo"}.get(plan.source, plan.source)
    verdict = plan.share_of if plan.source == "combined" else f"{plan.share_of} by {by}"
    if not posts:
        return "No posts match that question, so there is no share to give."
    if "share=all_posts" in plan.notes and plan.source in ("caption", "image"):
        # "what % of my 2021 posts had a positive photo": out of all of them, a post without a photo having none
        side = {"caption": "caption", "image": "photo"}[plan.source]
        return (f"{matching:,} of {count_of(posts, 'posts')} ({float(row['share_pct']):.1f}%) "
                f"{'has' if matching == 1 else 'have'} a {plan.share_of} {side} (out of all of them; a post without a "
                f"{side} counts as not having one).")
    return (f"{matching:,} of {count_of(posts, 'posts')} ({float(row['share_pct']):.1f}%) "
            f"{'is' if matching == 1 else 'are'} {verdict}.")


def render_plan_answer(plan: QueryPlan, rows: Sequence[dict[str, Any]], totals: dict[str, int | None],
                       posts: Mapping[str, dict[str, Any]] | None = None, nearby: str = "") -> str:
    """The answer text for a parsed question's rows, ending with how the question was understood; `posts` holds
    the listed posts as agent.answer.read_posts reads them (date, caption, generated caption); `nearby`, for an
    empty answer, what the graph holds instead."""
    subject = plan.subject or POSTS
    if "buckets=empty" in plan.notes:
        body = render_empty_buckets(rows, plan)
    elif not rows:
        body = render_empty(plan, nearby)
    elif nearby:  # a count of 0: what the graph holds instead
        body = f"{render_answer(rows) if subject != IMAGES else count_of(0, 'photos') + '.'}\n{nearby}"
    elif plan.compares_sources and plan.measure == AVERAGE and {"caption_avg", "photo_avg", "posts"} <= set(rows[0]):
        body = render_source_scores(rows[0])
    elif plan.compares_sources and {"captions", "photos"} <= set(rows[0]):
        body = render_sources(rows[0], plan)
    elif plan.compare and plan.compare[0] not in ("sentiment", "caption_sentiment", "image_sentiment") \
            and len(rows[0]) >= 2:
        body = render_comparison(rows, plan)
    elif plan.share_part and len(rows) == 1 and {"matching", "share_pct"} <= set(rows[0]):
        body = render_part_share(rows[0], plan)
    elif subject in GROUP_SUBJECTS and (plan.direction or plan.threshold) and plan.rank_by == "count" \
            and rows and len(rows[0]) == 2:
        body = render_ranking(rows, plan, totals.get("groups"), totals.get("posts"))
    elif subject in GROUP_SUBJECTS and plan.measure != COUNT and rows and (
            len(rows[0]) == 1 or (len(rows[0]) == 2 and list(rows[0])[1] in ("posts", "images"))):
        body = render_names(rows, plan, totals.get("groups"))  # each with its posts (photos), most used first
    elif subject == POSTS and rows and "post_id" in rows[0] and "score" not in rows[0]:
        body = render_posts(rows, totals.get("posts") if not plan.direction else len(rows), posts, plan)
    elif plan.group_by and plan.measure == COUNT and subject in (POSTS, IMAGES) \
            and _is_count(list(rows[0].values())[-1]):
        body = render_buckets(rows, plan)
    elif plan.share_of and len(rows) == 1 and {"matching", "posts", "share_pct"} <= set(rows[0]):
        body = render_post_share(rows[0], plan)
    elif subject == IMAGES and rows and len(rows) == 1 and len(rows[0]) == 1:
        body = f"{count_of(next(iter(rows[0].values())), 'photos')}."
    elif subject in ("year", "month") and plan.direction and plan.rank_by == "count" and rows \
            and list(rows[0])[-1] in ("posts", "photos") and all(k in TIME_COLUMNS for k in list(rows[0])[:-1]):
        body = render_time_ranking(rows, plan)
    elif plan.measure == AVERAGE and not plan.group_by and not plan.compare and len(rows) == 1 \
            and list(rows[0]) == ["avg_score"] and isinstance(rows[0]["avg_score"], (int, float)):
        body = f"{_average_of(plan)}: {float(rows[0]['avg_score']):+.2f} {SCORE_SCALE}."
    elif plan.measure == AVERAGE and plan.group_by in ("year", "month", "year_month") and rows \
            and "avg_score" in rows[0] and not plan.direction:
        body = render_average_per_time(rows, plan)
    elif (plan.measure == AVERAGE or plan.rank_by == "score") and subject in (*GROUP_SUBJECTS, "year", "month") \
            and rows and "avg_score" in rows[0] and len(rows[0]) >= 2 and not plan.compare:
        body = render_average_ranking(rows, plan)
    else:
        body = render_answer(rows, posts)
    body = _yes_or_no(plan, rows) + body
    pooled = _pooled(plan)
    if pooled:  # the bucket's renderers speak of months: the buckets are seasons or days of the week
        body = re.sub(r"\bmonths?\b", lambda m: POOLED[pooled][m.group(0) == "months"], body)
    note = " ".join(n for n in (typo_note(plan.notes), absent_note(plan.filters)) if n)
    return f"{note}\n{body}\n{understood_as(plan)}" if note else f"{body}\n{understood_as(plan)}"


def _yes_or_no(plan: QueryPlan, rows: Sequence[dict[str, Any]]) -> str:
    """'Yes: ' or 'No: ' before the count that answers a yes/no question ("is there a photo of a cat from 2021?").
    Not when a name asked about is not in the graph but the note on it asks "did you mean ...?" ("no topic
    'coffee' ..., did you mean the tag 'coffee'?"): a bare "No" would contradict it."""
    if "asked=yes_no" not in plan.notes or plan.measure != COUNT or len(rows) > 1 or plan.group_by \
            or any(f.missing and f.near for f in plan.filters):
        return ""
    values = list(rows[0].values()) if rows else [0]
    if len(values) != 1 or not _is_count(values[0]):
        return ""
    if plan.count_bar is not None:  # "do I have at least 3 photos of snow?": the count held to that bar
        op, bar = plan.count_bar
        passed = {">=": values[0] >= bar, ">": values[0] > bar, "<": values[0] < bar, "<=": values[0] <= bar}[op]
        return f"{'Yes' if passed else 'No'} ({THRESHOLD_WORDS[op]} {bar} asked): "
    return "Yes: " if values[0] else "No: "

