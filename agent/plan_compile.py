"""QueryPlan -> (Cypher, parameters), from the fragments of graph/queries (templates, aggregates, posts).

`compile_plan` returns None for a plan no fragment expresses (a threshold on posts, a share without a
sentiment, one side's verdict with the combined one...): the question then goes to the LLM path with the plan as a
hint.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from agent.plan import (
    ACTIVITY,
    ALL_OF_FIELDS,
    AVERAGE,
    COUNT,
    DAYS_OF,
    GROUP_SUBJECTS,
    IMAGES,
    LIST,
    MOSTLY,
    NEVER,
    ONLY,
    POSTS,
    SCORE_RANGE,
    SENTIMENT,
    SHARE,
    Filter,
    QueryPlan,
)
from graph.queries import aggregates, templates
from graph.queries.posts import PostFilter, Query

DEFAULT_LIMIT = {"group": 10, "posts": 5}
# a denied value -> the ABSENT condition of graph/queries/posts.py that keeps the posts without it
NOT_NAMED = {"topic": "no_topic_name", "tag": "no_tag_name", "kind": "no_tag_kind", "entity": "no_entity_name"}
SOURCE_FIELDS = {"caption_sentiment": "caption", "image_sentiment": "image"}
SHOWN_BY = {"tag": "name", "kind": "kind"}  # the Tag property a tag (kind) filter matches


class Unsupported(ValueError):
    """The plan needs something no fragment expresses."""


def _days(flt: Filter) -> list[int]:
    """The days of the week (0 Monday ... 6 Sunday) a weekday filter keeps: those it names, or with "not" the
    others."""
    days = set(DAYS_OF[flt.value])
    return sorted(set(range(7)) - days if flt.negated else days)


def post_filter(plan: QueryPlan, *, tags_on_posts: bool = True) -> PostFilter:
    """The posts a plan's filters select (photo-level tag filters excluded when `tags_on_posts` is False)."""
    fields: dict[str, Any] = {"source": plan.source}
    absent: list[str] = []
    also_not: list[tuple[str, str]] = []
    all_of: list[tuple[str, str]] = []  # "both Max and Sarah": the values after the first, each a post must have
    any_of: tuple[tuple[str, str], ...] = ()
    sources = {f.field: f for f in plan.filters if f.field in SOURCE_FIELDS}
    shown = [f for f in plan.filters if f.field in ("tag", "kind") and not f.negated and not f.either]
    # "a dog at the beach": several things one photo shows (each a filter of the plan)
    same_photo = tuple((SHOWN_BY[f.field], str(f.value)) for f in shown) if len(shown) > 1 and tags_on_posts else ()
    for flt in plan.filters:
        name, value, negated = flt.field, flt.value, flt.negated
        if name in ("tag", "kind") and (not tags_on_posts or (same_photo and flt in shown)):
            continue
        if name in ("topic", "tag", "kind", "entity") and flt.either:
            if negated or any_of:  # one set of alternatives per question ("food or drink")
                raise Unsupported("alternatives denied, or two sets of alternatives")
            any_of = tuple((name, str(v)) for v in flt.values)
            continue
        if name in ("topic", "tag", "kind", "entity"):
            if negated and fields.get(f"not_{name}", value) != value:  # "neither a cat nor a dog": both denied
                if name == "entity" and plan.get("entity_label") is not None:
                    raise Unsupported("two denied names of one label")
                also_not.append((name, str(value)))
                continue
            if not negated and fields.get(name, value) != value:  # one slot each: never drop one
                if name in ALL_OF_FIELDS and "values=all" in plan.notes:
                    all_of.append((name, str(value)))
                    continue
                raise Unsupported(f"two {name} values")
            if negated:
                fields[f"not_{name}"] = value
                label = plan.get("entity_label")
                hashtag = name == "entity" and label is not None and label.value == "HASHTAG"
                absent.append("no_hashtag_name" if hashtag else NOT_NAMED[name])
            else:
                fields[name] = value
        elif name == "sentiment":
            fields["not_sentiment" if negated else "sentiment"] = value
        elif name == "language" and negated:
            fields["not_language"] = value
        elif name in ("year", "month", "day", "entity_label", "year_from", "year_to", "date_from", "month_from",
                      "month_to", "language", "text", "post_id"):
            fields[name] = value
        elif name == "weekday":  # "on weekends", "not on Mondays": the days of the week kept
            fields["weekdays"] = tuple(_days(flt))
        elif name == "date_since":  # a month the question named ("since March 2022"), not a window back
            fields["date_from"] = value
        elif name == "date_until":  # up to the end of a month the question named ('YYYY-MM'): the last moment of
            fields["date_to"] = f"{value}-31T23:59:59Z"  # any day of it, as ISO-8601 strings compare
        elif name == "words":  # a photo description: every word root in the caption or a generated one
            fields["words"] = tuple(value)
        elif name == "absent":
            absent.append(value)
        elif name == "label":  # posts with any hashtag (HASHTAG) or @mention (MENTION)
            if negated:
                absent.append(value.lower())
            else:
                fields["label"] = value
        elif name == "disagree":
            fields["disagree"] = True
        elif name == "sides":
            fields["sides"] = value
        elif name == "has_image":
            fields["has_image"] = True
        elif name == "score":  # ("caption", ">", 0.5): a side's sentiment score compared with a number
            if negated:
                raise Unsupported("a denied score threshold")
            fields["score"] = tuple(value)
        elif name == "has_caption":
            fields["own_caption"] = True
        elif name == "retweet":  # "posts that are retweets"; negated: "tweets that are not retweets"
            fields["retweet"] = not negated
        elif name in SOURCE_FIELDS:
            if plan.get("sentiment") is not None:  # whichever filter came first
                raise Unsupported("one verdict with the combined sentiment")
            if negated:  # "a photo that is not positive": that side's verdict is set and differs
                fields[f"not_{name}"] = value
            elif len(sources) == 1 and plan.source in ("combined", SOURCE_FIELDS[name]):
                fields.update(sentiment=value, source=SOURCE_FIELDS[name])
            else:
                fields[name] = value
        else:
            raise Unsupported(f"no fragment for the filter {name}")
    if plan.source != "combined" and fields.get("source", plan.source) != plan.source:
        raise Unsupported("two sentiment sources")
    if "entity_label" in fields and "entity" not in fields:
        fields.pop("entity_label")
    if plan.compare and plan.compare[0] == "year":
        fields["years"] = tuple(plan.compare[1])
    elif plan.compare and plan.compare[0] in ("sentiment", *SOURCE_FIELDS):
        fields["sentiments"] = tuple(plan.compare[1])
        fields["source"] = SOURCE_FIELDS.get(plan.compare[0], fields["source"])
    return PostFilter(**fields, absent=tuple(absent), also_not=tuple(also_not), any_of=any_of, all_of=tuple(all_of),
                      same_photo=same_photo)


def _limit(plan: QueryPlan, default: int) -> int:
    return max(1, min(plan.limit or (1 if plan.singular else default), 500))


def group_support(plan: QueryPlan, default: int) -> int:
    """The fewest posts a group needs for a 'mostly' (never, only) answer to count it: the question's own bar when
    it set one ("of the topics with at least 5 posts, which are mostly negative": 5; "more than 5": 6), else
    `default` (the answer's minimum support)."""
    if plan.threshold and plan.threshold[0] in (">=", ">") and plan.measure in (MOSTLY, NEVER, ONLY):
        return int(plan.threshold[1]) + (1 if plan.threshold[0] == ">" else 0)
    return default


def compile_plan(plan: QueryPlan, min_support: int = 3) -> Query:
    """The query answering `plan`; raises Unsupported when no fragment expresses it."""
    subject = plan.subject or POSTS
    if plan.threshold and subject not in (*GROUP_SUBJECTS, "year", "month") \
            and not (subject == POSTS and plan.counted_per_post):
        raise Unsupported("a count threshold on posts")
    if subject == POSTS:
        return _posts(plan)
    if subject == IMAGES:
        return _images(plan)
    if subject in GROUP_SUBJECTS:
        return _groups(plan, subject, min_support)
    if subject in ("year", "month"):
        return _time(plan, subject, min_support)
    if subject == SENTIMENT:
        return _sentiments(plan)
    raise Unsupported(f"subject {subject}")


def _posts(plan: QueryPlan) -> Query:
    if plan.measure == SCORE_RANGE:
        if plan.direction or plan.group_by or plan.limit or plan.compare or plan.share_part or plan.threshold:
            raise Unsupported("a range of scores ranked, grouped or compared")
        scope = post_filter(plan)
        return aggregates.score_range(scope, scope.source)
    if plan.measure == ACTIVITY:
        if plan.direction or plan.group_by or plan.limit or plan.compare or plan.share_part:
            raise Unsupported("a posting rate ranked, grouped or compared")
        return aggregates.posting_activity(post_filter(plan))
    if plan.counted_per_post and plan.threshold is None and plan.direction == "desc" and plan.rank_by == "count" \
            and not plan.group_by and plan.measure in (LIST, None):
        # "the post with the most hashtags": the posts with the most, those tied with the last one shown too
        return aggregates.posts_ranked_by_group_count(post_filter(plan), plan.counted_per_post, _limit(plan, 5))
    if plan.counted_per_post and plan.measure == AVERAGE and not (plan.threshold or plan.direction or plan.group_by):
        # "on average, how many hashtags does a post have"
        return aggregates.average_group_count(post_filter(plan), plan.counted_per_post)
    if plan.counted_per_post:
        if plan.threshold is None or plan.direction or plan.group_by or plan.measure not in (LIST, COUNT, None):
            raise Unsupported("a number of hashtags (people...) per post with anything but a list or a count")
        return aggregates.posts_by_group_count(post_filter(plan), plan.counted_per_post, plan.threshold[0],
                                               plan.threshold[1], count_only=plan.measure == COUNT)
    if plan.compares_sources and plan.measure == AVERAGE:
        if plan.share_of or plan.direction or plan.group_by:
            raise Unsupported("captions and photos compared by average with a verdict, ranking or grouping")
        return aggregates.scores_by_source(post_filter(replace(plan, compare=None)))
    if plan.compares_sources:
        if plan.share_of is None or plan.direction or plan.group_by or plan.measure != COUNT:
            raise Unsupported("captions and photos compared by anything but one verdict's count")
        return aggregates.verdicts_by_source(post_filter(replace(plan, compare=None)), plan.share_of)
    if plan.compare and plan.compare[0] == "weekday":  # "more on weekends or on weekdays?"
        if plan.measure != COUNT or plan.direction or plan.group_by or plan.share_of or plan.threshold:
            raise Unsupported("days of the week compared by anything but their posts' count")
        names = tuple(str(v) for v in plan.compare[1])
        return aggregates.posts_on_days_compared(post_filter(replace(plan, compare=None)), names,
                                                 tuple(_days(Filter("weekday", name)) for name in names))
    if plan.measure in (MOSTLY, NEVER, ONLY):
        raise Unsupported("'mostly', 'never' and 'only' need groups")
    if plan.measure == SHARE:
        if plan.group_by or plan.direction:
            raise Unsupported("a share with a grouping")
        if plan.share_part is not None:
            if plan.share_part.either:
                raise Unsupported("a share of posts with any of several values")
            part = plan.share_part
            if part.field == "weekday":
                return aggregates.share_of_posts_with(post_filter(plan), "weekday", _days(part))
            if part.field == "absent":  # "what % of my posts have no hashtag"
                return aggregates.share_of_posts_with(post_filter(plan), f"absent_{part.value}", "")
            if part.field == "sides":  # "what share have a caption and a photo with the same sentiment"
                return aggregates.share_of_posts_with(post_filter(plan), f"sides_{part.value}", "")
            if part.field in ("months", "years"):  # "from the summer months": those months of any year
                return aggregates.share_of_posts_with(post_filter(plan), part.field, list(part.value))
            return aggregates.share_of_posts_with(post_filter(plan), part.field, part.value)
        if plan.share_of is None:
            raise Unsupported("a share needs one sentiment or one value")
        scope = post_filter(plan)
        # a caption (photo) verdict's share is out of the posts that have one: a written caption (a photo); "what %
        # of my posts had a positive photo" is out of all of them
        if "share=all_posts" not in plan.notes:
            scope = replace(scope, own_caption=True) if plan.source == "caption" else \
                replace(scope, has_image=True) if plan.source == "image" else scope
        return aggregates.share_of_posts(scope, plan.share_of, plan.source)
    scope = post_filter(plan)
    if plan.group_by == SENTIMENT:
        if plan.direction:
            return aggregates.sentiment_ranking(scope, scope.source, plan.direction, _limit(plan, 1))
        if scope.sentiment or scope.not_sentiment:
            raise Unsupported("a breakdown by sentiment restricted to one sentiment")
        return templates.sentiment_breakdown(scope, scope.source)
    if plan.measure == AVERAGE:
        if plan.direction:
            raise Unsupported("a ranked average needs a group")
        per = {"year": "year", "month": _month_bucket(plan)}.get(plan.group_by or "")
        return templates.average_score(scope, scope.source, per)
    if plan.group_by in ("year", "month"):
        per = "year" if plan.group_by == "year" else _month_bucket(plan)
        return aggregates.posts_per_time_ranked(scope, per, plan.direction, _limit(plan, 500) if plan.direction
                                                else 500)
    if plan.direction:
        if plan.rank_by == "date":
            return templates.extreme_posts(scope, "newest" if plan.direction == "desc" else "oldest",
                                           _limit(plan, DEFAULT_LIMIT["posts"]))
        if plan.rank_by == "score":
            return templates.extreme_posts(scope, "positive" if plan.direction == "desc" else "negative",
                                           _limit(plan, DEFAULT_LIMIT["posts"]), scope.source)
        if plan.rank_by == "gap" and plan.source == "combined":
            return templates.caption_photo_gap(scope, plan.direction, _limit(plan, DEFAULT_LIMIT["posts"]))
        if plan.rank_by == "pause" and plan.direction == "desc" and plan.measure in (LIST, None):
            return aggregates.posting_pauses(scope, _limit(plan, 1))
        raise Unsupported("posts ranked by a count")
    if plan.measure == COUNT:
        return templates.count_posts(scope)
    if plan.limit:
        raise Unsupported("a number with no ranking")
    return templates.list_posts(scope)


def _images(plan: QueryPlan) -> Query:
    if plan.counted_per_post and plan.measure == AVERAGE and not (plan.threshold or plan.direction or plan.group_by):
        # "the mean number of tags per pic": what each photo shows, counted
        return aggregates.average_group_count(post_filter(plan, tags_on_posts=False), plan.counted_per_post,
                                              per_photo=True)
    if plan.group_by == SENTIMENT and not (plan.direction or plan.limit or plan.measure in (SHARE, AVERAGE)):
        # a sentiment breakdown of the photos from 2021: the photo verdicts of the posts with a photo
        source = "image" if plan.source == "combined" else plan.source
        scope = replace(post_filter(replace(plan, source=source)), has_image=True)
        return templates.sentiment_breakdown(scope, source)
    if plan.measure == SHARE and plan.share_part is not None and not (plan.direction or plan.group_by):
        if plan.share_part.field not in ("tag", "kind") or plan.share_part.either:
            raise Unsupported("a share of photos by something other than what they show")
        scope = post_filter(plan, tags_on_posts=False)
        return aggregates.share_of_images_with(scope, plan.share_part.field, plan.share_part.value)
    if plan.measure == SHARE and plan.share_part is None and plan.share_of is not None \
            and any(f.field in ("tag", "kind") for f in plan.filters) and not (plan.direction or plan.group_by):
        # "what % of my animal photos are positive": the share of the posts with such a photo that have that verdict
        return _posts(replace(plan, subject=POSTS))
    if plan.measure in (LIST, None) and not (plan.direction or plan.group_by or plan.limit):
        # a listing of the photos of a tag: the posts whose photo matches, each cited with its photo
        return templates.list_posts(replace(post_filter(plan), has_image=True))
    per = plan.group_by if plan.group_by in ("year", "month") else None
    if plan.measure != COUNT or plan.direction or (plan.group_by and per is None) or plan.limit:
        raise Unsupported("photos are only counted (in all, or per year or month) or listed")
    scope = post_filter(plan, tags_on_posts=False)
    pick: dict[str, list[str]] = {"tags": [], "kinds": [], "not_tags": [], "not_kinds": []}
    either: list[tuple[str, str]] = []
    for f in plan.filters:
        if f.field in ("tag", "kind") and f.either:  # "photos of food or drink": a photo showing any one of them
            either = [("name" if f.field == "tag" else "kind", str(v)) for v in f.values]
        elif f.field in ("tag", "kind"):
            pick[f"{'not_' if f.negated else ''}{f.field}s"].append(str(f.value))
    return aggregates.count_images_where(scope, **pick, either=either, per=per)


def _groups(plan: QueryPlan, group: str, min_support: int) -> Query:
    of_kind = plan.get("tag_kind")
    if of_kind is not None:
        # "which animals appear most in my photos": the tags of that kind, ranked or listed
        if group != "tag" or of_kind.negated or plan.measure not in (None, LIST) or plan.threshold \
                or plan.group_by or plan.compare or plan.rank_by != "count":
            raise Unsupported("the tags of one kind are only ranked or listed")
        rest = replace(plan, filters=tuple(f for f in plan.filters if f is not of_kind))
        scope = post_filter(rest)
        if plan.direction:
            return templates.rank_groups(scope, group, _limit(plan, DEFAULT_LIMIT["group"]), plan.direction,
                                         of_kind=str(of_kind.value))
        return templates.group_names(scope, group, of_kind=str(of_kind.value))
    if plan.measure in (MOSTLY, NEVER, ONLY) and plan.threshold and plan.threshold[0] not in (">=", ">"):
        raise Unsupported("'mostly', 'never' or 'only' over the groups with fewer than some posts")
    if plan.measure == MOSTLY:
        if plan.filters or plan.direction or plan.share_of is None:
            raise Unsupported("'mostly' over filtered groups")
        return templates.mostly_one_sentiment(group, plan.share_of, group_support(plan, min_support),
                                              plan.share_floor)
    if plan.measure in (NEVER, ONLY):
        if plan.filters or plan.direction or plan.share_of is None:
            raise Unsupported("'never' or 'only' over filtered groups")
        at_least = group_support(plan, 1) if plan.threshold else None
        if plan.measure == ONLY:
            return templates.only_one_sentiment(group, plan.share_of, at_least)
        return templates.never_one_sentiment(group, plan.share_of, at_least)
    if group in templates.IMAGE_GROUPS and (plan.group_by == SENTIMENT or plan.measure == SHARE):
        raise Unsupported("photo tags by the share or breakdown of post verdicts")
    scope = post_filter(plan)
    if plan.measure == SHARE:
        return _ranked_shares(plan, scope, group, min_support)
    if plan.group_by == SENTIMENT:
        return _sentiment_per(plan, scope, group)
    only = tuple(plan.compare[1]) if plan.compare else ()
    if plan.measure == AVERAGE or plan.rank_by == "score":
        return templates.average_score(scope, scope.source, group, plan.direction,
                                       _limit(plan, DEFAULT_LIMIT["group"]), only, plan.average_bar)
    if plan.threshold:
        unit = dict(plan.notes and [n.split("=", 1) for n in plan.notes]).get("unit") or ""
        op, n = plan.threshold
        if unit.startswith("year"):  # "topics I posted about in at least 3 different years"
            return aggregates.groups_by_count(scope, group, op, n, per_year=True)
        if unit.startswith("photo") != (group in templates.IMAGE_GROUPS) and unit and not unit.startswith("time"):
            raise Unsupported("a threshold counted in the other unit")
        return aggregates.groups_by_count(scope, group, op, n)
    if plan.direction:
        if plan.rank_by != "count":
            raise Unsupported("groups ranked by date")
        return templates.rank_groups(scope, group, _limit(plan, DEFAULT_LIMIT["group"]), plan.direction, only,
                                     besides=() if only else plan.members_named())
    if only:
        raise Unsupported("a comparison of groups needs a count or an average")
    if plan.group_by or plan.limit:
        raise Unsupported("grouped groups")
    if plan.measure == COUNT:
        return templates.count_group_names(scope, group)
    if plan.measure in (LIST, None):
        return templates.group_names(scope, group, besides=plan.members_named())
    raise Unsupported(f"{plan.measure} of {group}")


def _time(plan: QueryPlan, per: str, min_support: int) -> Query:
    scope = post_filter(plan)
    bucket = _month_bucket(plan) if per == "month" else "year"
    if plan.group_by == SENTIMENT:
        return _sentiment_per(plan, scope, bucket)
    if plan.measure == SHARE and plan.direction:
        return _ranked_shares(plan, scope, bucket, min_support)
    if plan.measure == AVERAGE or plan.rank_by == "score":
        if not plan.direction:
            return templates.average_score(scope, scope.source, bucket)
        return templates.average_score(scope, scope.source, bucket, plan.direction, _limit(plan, 1))
    if plan.measure == NEVER and plan.share_of and not (plan.direction or plan.threshold):
        return aggregates.time_buckets_never(scope, bucket, plan.share_of, scope.source)
    if "buckets=empty" in plan.notes:  # "which months of 2021 did I not post at all": the buckets with no post
        year = plan.get("year")
        others = [f for f in plan.filters if f is not year]
        if bucket == "weekday" and not (plan.filters or plan.direction or plan.threshold or plan.group_by) \
                and plan.measure in (None, LIST):
            return aggregates.time_buckets_empty("weekday")
        if others or plan.measure not in (None, LIST) or plan.direction or plan.threshold or plan.group_by \
                or (year is not None and (year.negated or per != "month")) or (year is None and per != "year"):
            raise Unsupported("empty time buckets of anything but one year's months or the years")
        return aggregates.time_buckets_empty(per, int(year.value) if year is not None else None)
    denied = [f for f in plan.filters if f.field in ("topic", "tag", "kind", "entity") and f.negated]
    if denied and "buckets=none" in plan.notes:  # "which years did I not post about cafés": none of their posts is
        if len(denied) > 1 or plan.measure not in (None, LIST) or plan.direction or plan.threshold:
            raise Unsupported("time buckets without a value, ranked, counted or without two values")
        rest = replace(plan, filters=tuple(f for f in plan.filters if f is not denied[0]))
        return aggregates.time_buckets_without(post_filter(rest), bucket, denied[0].field, denied[0].value)
    if plan.rank_by == "date" and plan.direction and plan.measure in (None, LIST) and not (plan.threshold
                                                                             or plan.group_by or plan.compare):
        # "what year did I first post about cycling": the first (last) bucket holding such a post
        return aggregates.time_buckets_by_date(scope, bucket, plan.direction, _limit(plan, 1))
    if plan.measure in (SHARE, MOSTLY, NEVER, ONLY) or plan.rank_by == "date":
        raise Unsupported("time buckets by share or date")
    if plan.measure == COUNT and not (plan.direction or plan.threshold or plan.group_by or plan.limit or plan.compare):
        return aggregates.count_time_buckets(scope, bucket)  # "in how many different years did I mention Berlin"
    order = plan.direction
    limit = _limit(plan, 1 if order else 500) if order else 500
    return aggregates.posts_per_time_ranked(scope, bucket, order, limit, plan.threshold)


def _month_bucket(plan: QueryPlan) -> str:
    """Months as buckets: the month alone within one year, or pooled across the years when the question says so
    ('which calendar month', 'counting all years together'); else each year's months apart ('2022-03'). Dates pooled
    into seasons or days of the week are those buckets instead."""
    for pooled in ("season", "weekday"):
        if f"buckets={pooled}" in plan.notes:
            return pooled
    return "month" if plan.get("year") or "buckets=calendar" in plan.notes else "year_month"


def _sentiment_per(plan: QueryPlan, scope: PostFilter, per: str) -> Query:
    """Sentiments compared for every year, 'the sentiment of each topic': each bucket's posts per verdict."""
    if plan.measure not in (None, LIST, COUNT) or plan.direction or plan.threshold or plan.limit \
            or scope.sentiment or scope.not_sentiment:
        raise Unsupported("a breakdown by sentiment ranked, thresholded or restricted to one sentiment")
    return aggregates.sentiment_per(scope, per, scope.source)


def _ranked_shares(plan: QueryPlan, scope: PostFilter, per: str, min_support: int) -> Query:
    """'Which topic has the highest share of negative posts': buckets with at least `min_support` posts ranked by
    the share of one verdict."""
    if not plan.direction or plan.share_of is None or plan.threshold or plan.share_part is not None:
        raise Unsupported("a share per group needs a ranking by one sentiment's share")
    # a caption (photo) verdict's share is out of the posts that have one, as for one share (_posts)
    scope = replace(scope, own_caption=True) if plan.source == "caption" else \
        replace(scope, has_image=True) if plan.source == "image" else scope
    if plan.compare:  # "percent negative: cats vs dogs": those named, however few their posts
        return aggregates.rank_by_share(scope, per, plan.share_of, plan.direction, len(plan.compare[1]), 1,
                                        scope.source, only=tuple(str(v) for v in plan.compare[1]))
    return aggregates.rank_by_share(scope, per, plan.share_of, plan.direction, _limit(plan, DEFAULT_LIMIT["group"]),
                                    min_support, scope.source)


def _sentiments(plan: QueryPlan) -> Query:
    if plan.measure in (SHARE, MOSTLY, NEVER, ONLY, AVERAGE):
        raise Unsupported("sentiment of a sentiment")
    scope = post_filter(replace(plan, filters=tuple(f for f in plan.filters if f.field != "sentiment")))
    if plan.direction:
        return aggregates.sentiment_ranking(scope, scope.source, plan.direction, _limit(plan, 1))
    return templates.sentiment_breakdown(scope, scope.source)
