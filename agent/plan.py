"""A question as a typed query plan: what is asked about (the subject), which posts or photos it is restricted to
(filters, each with a polarity), how the answer is aggregated, ranked, limited, thresholded and grouped.

agent/parser.py fills a plan from the words of a question; agent/plan_compile.py turns a complete plan into
Cypher from the fragments in graph/queries. A plan the compiler cannot express is not answered from a template:
the question goes to the LLM path with the plan as a hint.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from dataclasses import field as dc_field
from typing import Any

# what a question can be about
POSTS, IMAGES, SENTIMENT, YEAR, MONTH = "posts", "images", "sentiment", "year", "month"
GROUP_SUBJECTS = ("topic", "tag", "kind", "hashtag", "mention", "person", "place", "city", "organisation",
                  "nationality",
                  "entity", "language")
TIME_SUBJECTS = (YEAR, MONTH)
SUBJECTS = (POSTS, IMAGES, SENTIMENT, *TIME_SUBJECTS, *GROUP_SUBJECTS)
# how the answer is aggregated
COUNT, LIST, SHARE, AVERAGE, MOSTLY = "count", "list", "share", "average", "mostly"
ACTIVITY = "activity"  # how often and since when the posts were made: their span, posts per month and per year
SCORE_RANGE = "score_range"  # the lowest, highest and average sentiment score of the posts ("min and max score")
NEVER = "never"  # the groups none of whose posts has the sentiment `share_of` ("topics that are never negative")
ONLY = "only"  # the groups all of whose posts have the sentiment `share_of` ("topics with only positive posts")
# filters that narrow posts by a related node or property; image_tag / image_kind narrow photos
VALUE_FIELDS = ("topic", "tag", "kind", "entity", "image_tag", "image_kind")
DATE_FIELDS = ("year", "month", "day", "year_from", "year_to", "date_from", "date_since", "date_until", "month_from",
               "month_to", "weekday")
# the days of the week a "weekday" filter names (0 Monday ... 6 Sunday)
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAYS_OF = {"weekend": (5, 6), "weekday": (0, 1, 2, 3, 4), **{name: (n,) for n, name in enumerate(WEEKDAY_NAMES)}}
# a group subject -> the filter (field, entity label) that names one of its members on a post; not a photo's tags
# ("what do my beach pics show" lists beach too: it is what they show)
MEMBER_FIELDS = {"topic": ("topic", None), "hashtag": ("entity", "HASHTAG"), "mention": ("entity", "MENTION"),
                 "person": ("entity", "PERSON")}
# fields of which one photo may show several values at once ("a dog at the beach"): each its own filter
SHOWN_TOGETHER = ("tag", "kind")
# fields of which a plan noted "values=all" holds several values every post has ("mention both Max and Sarah")
ALL_OF_FIELDS = ("entity", "topic")
# compare=(SOURCES, ("caption", "image")): the caption's and the photo's verdict `share_of` counted side by side
SOURCES = "source"
# the filter fields that hold a verdict: the post's overall one, the caption's and the photo's
SENTIMENT_FIELDS = ("sentiment", "caption_sentiment", "image_sentiment")
# a plan note: filters kept from the previous question though the question said no follow-up word
KEPT = "kept=previous"
# a plan note: a ranking of only the groups the last answer listed ("which of those is the gloomiest?")
PICKED = "picked=shown"
PICKED_EACH = "picked=each"  # ... asking which of them have some verdict ("which of them appear in sad posts?")


@dataclass(frozen=True)
class Filter:
    """One restriction: `field` (topic, tag, kind, entity, image_tag, image_kind, sentiment, caption_sentiment,
    image_sentiment, year, month, weekday, absent, disagree, entity_label) equals `value` (or one of `either`), or with
    `negated` does not."""

    field: str
    value: Any
    negated: bool = False
    # a name the question's grammar put in a value slot that the graph does not hold (agent/absent.py): the query
    # still runs (0 posts have it, all posts lack it) and the answer says so, with `near` names it may have meant
    missing: bool = dc_field(default=False, compare=False)
    near: tuple[str, ...] = dc_field(default=(), compare=False)
    # other values any one of which will do ("photos that show food or drink": tag 'food', either ('drink',)); only
    # for a value field, never negated (several denied values are several filters)
    either: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[Any, ...]:
        """Every value that satisfies the filter: `value`, then the `either` alternatives."""
        return (self.value, *self.either)

    def describe(self) -> str:
        absent = " (not in the graph)" if self.missing else ""
        value = " or ".join(map(repr, self.values))
        return f"{self.field} {'!=' if self.negated else '='} {value}{absent}"


@dataclass(frozen=True)
class QueryPlan:
    """A parsed question. `direction` ranks ('desc' most / 'asc' least) by `rank_by` (count | score | date);
    `threshold` keeps groups whose count passes (op, n); `group_by` buckets posts per year / month / sentiment."""

    subject: str | None = None
    measure: str | None = None  # count | list | share | average | mostly | never | only (None: listing or ranking)
    filters: tuple[Filter, ...] = ()
    direction: str | None = None
    rank_by: str = "count"
    limit: int | None = None
    threshold: tuple[str, int] | None = None
    group_by: str | None = None
    source: str = "combined"
    share_of: str | None = None  # the sentiment a share / mostly / never question measures
    # a 'mostly' question's bar other than "more than half": ('>=', 50) "at least half", ('>', 30) "over 30%"
    share_floor: tuple[str, int] | None = None
    singular: bool = False  # "which topic ..." (one answer) rather than "which topics ..."
    # "food or travel", "this year vs last year": the filter field whose values are compared side by side (one
    # row each: their counts, or with measure average their average scores)
    compare: tuple[str, tuple[Any, ...]] | None = None
    # "what % of my posts are about travel": the value filter a share counts (share_of is the sentiment one)
    share_part: Filter | None = None
    # "posts with at least 10 hashtags": the post group (hashtag, mention, person, place, tag...) whose number on each
    # post `threshold` compares; the subject stays the posts
    counted_per_post: str | None = None
    # "which topics average above 0.5": the groups whose average score passes (op, value), of the `source` side
    average_bar: tuple[str, float] | None = None
    # "do I have at least 3 photos of snow?": the bar (op, n) a yes/no count is held to (the count is the answer's)
    count_bar: tuple[str, int] | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def compares_sources(self) -> bool:
        """The caption's and the photo's verdict counted side by side (compare=(SOURCES, ...))."""
        return bool(self.compare) and self.compare[0] == SOURCES

    @property
    def needs_dates(self) -> bool:
        """True when the answer depends on the posts' dates (a year, a month, per year, busiest month...)."""
        return (self.subject in TIME_SUBJECTS or self.group_by in TIME_SUBJECTS
                or (self.compare is not None and self.compare[0] == "year")
                or any(f.field in DATE_FIELDS for f in (*self.filters, *filter(None, [self.share_part])))
                or self.rank_by == "date"
                or self.measure == ACTIVITY)

    def get(self, name: str) -> Filter | None:
        """The filter on one field, if any."""
        return next((f for f in self.filters if f.field == name), None)

    def members_named(self) -> tuple[str, ...]:
        """The values of the listed or ranked group that the question names itself ("which hashtags do I use with
        #berlin", "the topics my travel posts share"): the answer gives the others, as every post in scope has these."""
        field, label = MEMBER_FIELDS.get(self.subject or "", (None, None))
        said_label = self.get("entity_label")
        if field is None or label != (said_label.value if said_label is not None else None):
            return ()
        return tuple(str(f.value) for f in self.filters
                     if f.field == field and not (f.negated or f.missing or f.either))

    def with_filter(self, flt: Filter) -> QueryPlan:
        """The plan with `flt` replacing any filter on the same field (and, for a value, on any value field)."""
        same = {flt.field} | (set(VALUE_FIELDS) - {"image_tag", "image_kind"} if flt.field in VALUE_FIELDS
                              and not flt.field.startswith("image_") else set())
        return replace(self, filters=(*[f for f in self.filters if f.field not in same], flt))

    def describe(self) -> str:
        """A one-line description for the LLM hint and logs."""
        parts = [f"subject={self.subject}", f"measure={self.measure}"]
        parts += [f.describe() for f in self.filters]
        for name in ("direction", "limit", "threshold", "group_by", "share_of", "share_floor", "counted_per_post",
                     "average_bar"):
            if getattr(self, name) is not None:
                parts.append(f"{name}={getattr(self, name)}")
        if self.direction:
            parts.append(f"rank_by={self.rank_by}")
        if self.source != "combined":
            parts.append(f"source={self.source}")
        if self.compare:
            parts.append(f"compare {self.compare[0]}: {' vs '.join(map(repr, self.compare[1]))}")
        if self.share_part:
            parts.append(f"share of {self.share_part.describe()}")
        return ", ".join(parts)


# a name label a post has (with a hashtag) and the absence that is its other side (without any hashtag)
ABSENT_OF_LABEL = {"HASHTAG": "hashtag", "MENTION": "mention"}


def follow_up(previous: QueryPlan, change: QueryPlan, negate_last: bool = False, narrow: bool = False) -> QueryPlan:
    """The previous question's plan with what a short follow-up changes ("and in 2022?", "only the negative
    ones?", "and how many don't?"): its filters replace those on the same field (with `narrow`, "which of those
    name Tokyo", a value of a field not yet filtered is added; otherwise it replaces the earlier value), its
    measure replaces the old one.
    Narrowing photos by another thing they show ("dog photos" then "which of those are at the beach") keeps both, one
    photo showing them together.
    A follow-up that asks for years, months, groups or the sentiment of the posts (photos) asked about before ("which
    year had the most of them?", "what was the mood that year?", but not "which of them had a sad vibe?", which
    narrows them) is that new question over the previous one's filters."""
    verdicts = [f for f in change.filters if f.field == "sentiment" and not f.negated]
    if previous.share_of and change.share_of is None and len(verdicts) == 1 and len(change.filters) == 1 \
            and not negate_last:
        # "what share of my posts are negative?" then "and positive?": the share of positive posts (it had been the
        # share of negative posts among the positive ones: 0%); likewise "mostly", "never" and ranked shares
        change = replace(change, filters=(), share_of=verdicts[0].value)
    if change.subject in GROUP_SUBJECTS and (previous.subject or POSTS) in GROUP_SUBJECTS \
            and change.subject != previous.subject and not change.filters and not negate_last \
            and change.measure in (None, LIST, previous.measure):
        # "which topics are mostly negative?" then "what about hashtags?": the same question of the other group
        return replace(previous, subject=change.subject,
                       share_of=change.share_of or previous.share_of)
    asks_sentiment = change.subject == SENTIMENT and not any(
        f.field in ("sentiment", "caption_sentiment", "image_sentiment") for f in change.filters)
    if (change.subject in (*TIME_SUBJECTS, *GROUP_SUBJECTS) or asks_sentiment) and change.subject != previous.subject \
            and (previous.subject or POSTS) in (POSTS, IMAGES) and not negate_last and previous.share_part is None:
        plan = replace(change, filters=previous.filters,
                       source=change.source if change.source != "combined" else previous.source)
        for flt in change.filters:
            plan = plan.with_filter(flt)
        return plan
    verdict = previous.get("sentiment")
    if verdict is not None and not verdict.negated and previous.rank_by == "count" and previous.direction \
            and change.rank_by == "score" and change.direction and not change.filters and not negate_last \
            and previous.subject in (*GROUP_SUBJECTS, *TIME_SUBJECTS):
        # "the topic with the most sad posts" then "and the most positive?": the most positive posts now (the
        # sad ones had stayed, ranked by their average score)
        turned = "positive" if change.direction == "desc" else "negative"
        if turned != verdict.value:
            return replace(previous, filters=tuple(replace(f, value=turned) if f is verdict else f
                                                   for f in previous.filters))
    plan = previous
    # "which of my food posts use a hashtag?" then "and those with none?": the other side of the same
    # posts (the two had been kept together: no post)
    turned = {ABSENT_OF_LABEL[f.value] for f in change.filters if f.field == "label" and f.value in ABSENT_OF_LABEL}
    had = {label for label, absent in ABSENT_OF_LABEL.items()
           if any(f.field == "absent" and f.value == absent and not f.negated for f in change.filters)}
    if turned or had:
        plan = replace(plan, filters=tuple(f for f in plan.filters if not (
            (f.field == "absent" and f.value in turned) or (f.field == "label" and f.value in had))))
    if negate_last:
        values = [f for f in previous.filters if f.field in VALUE_FIELDS]
        if len(values) != 1:
            raise ValueError("a negating follow-up needs exactly one value to negate")
        plan = plan.with_filter(replace(values[0], negated=not values[0].negated))
    # "beach posts" then "without Max": a value left out narrows what was asked about (it had replaced the topic);
    # not with another name of its kind already there, whose label the left-out one's would replace
    narrow = narrow or any(f.negated and f.field in VALUE_FIELDS and not previous.get(f.field)
                           and not (f.field == "entity" and previous.get("entity_label")) for f in change.filters)
    named = previous.get("entity")
    left_out = next((f for f in change.filters if f.field == "entity" and f.negated), None)
    if named is not None and not named.negated and left_out is not None and left_out.value != named.value \
            and not (named.either or named.missing):
        # "posts naming Rome" then "and without Luca?": those of them not naming Luca (Luca had replaced Rome,
        # and the label of Max's kind the label of Paris's); the name left out is left out whatever its label
        narrow = True
        change = replace(change, filters=tuple(f for f in change.filters if f.field != "entity_label"))
    for flt in change.filters:
        earlier = plan.get(flt.field)
        if narrow and earlier is not None and earlier.value == flt.value and earlier.negated == flt.negated:
            continue  # "which of those show food" asked of posts already showing food: nothing else is replaced
        kept = narrow and flt.field in VALUE_FIELDS and (earlier is None or (
            flt.field in SHOWN_TOGETHER and not flt.negated and not earlier.negated and flt.value != earlier.value)
            or flt is left_out)
        # narrowing ("which of those name Tokyo"): a value of another field is added to the earlier ones
        if kept:
            plan = replace(plan, filters=(*plan.filters, flt))
        elif earlier is not None and flt.field in VALUE_FIELDS and not (flt.negated or earlier.negated) \
                and any(f.field in VALUE_FIELDS and f.field != flt.field for f in plan.filters):
            # "dog pics" then "which of those name Rome?" then "and Paris instead?": Paris instead of Rome,
            # still of the dog pics (every value had been replaced: all Paris posts)
            plan = replace(plan, filters=tuple(flt if f is earlier else f for f in plan.filters))
        else:
            plan = plan.with_filter(flt)
    if change.measure:
        plan = replace(plan, measure=change.measure)
    bar = change.count_bar or (change.threshold if previous.count_bar is not None and change.subject is None
                               and change.threshold is not None and not change.group_by else None)
    if bar is not None:  # "do I have at least 3 photos of snow?" then "and at least 1?": the same count, that bar
        plan = replace(plan, count_bar=bar)
    if change.direction and change.rank_by in ("date", "score") and change.measure is None and plan.measure == COUNT \
            and not (plan.direction or plan.group_by) and (plan.subject or POSTS) in (POSTS, IMAGES):
        # "how many bike posts?" then "and the newest one?": those posts, the newest first (it had ranked the
        # count)
        plan = replace(plan, measure=LIST)
    if change.direction and not plan.direction and (change.measure or plan.measure) in (None, LIST):
        # "which topics do I post about?" then "which of those is the most common?": that ranking of them now (it had
        # been dropped, and the listing answered again)
        plan = replace(plan, direction=change.direction, rank_by=change.rank_by, limit=change.limit or plan.limit,
                       singular=change.singular or plan.singular)
    elif (change.direction and plan.direction and change.direction != plan.direction) or change.rank_by != "count":
        # "my top 3 topics" then "and the least common?", "my most negative post" then "and the most positive?": the
        # ranking turned round (by what the follow-up names: a score, else what was ranked before)
        plan = replace(plan, direction=change.direction or plan.direction,
                       rank_by=change.rank_by if change.rank_by != "count" else plan.rank_by)
    if change.limit and plan.direction:
        plan = replace(plan, limit=change.limit)
    if change.singular and change.direction and plan.direction and not change.limit \
            and plan.subject in GROUP_SUBJECTS and plan.measure in (None, LIST, AVERAGE):
        # "which of those topics has the lowest average score?": the one (a ranking turned round keeps it too)
        plan = replace(plan, singular=True, limit=None)
    if change.share_of:  # "what share of those are sad"
        plan = replace(plan, share_of=change.share_of)
    if change.threshold and (plan.subject or POSTS) in GROUP_SUBJECTS:
        # "which hashtags do I use?" then "just the ones in 3 or more posts": that bar now (it had been dropped, and
        # every hashtag listed again)
        plan = replace(plan, threshold=change.threshold)
    if change.source != "combined":
        plan = replace(plan, source=change.source)
    if change.group_by and change.group_by != plan.group_by:  # "posts per year" then "and per month?"
        plan = replace(plan, group_by=change.group_by)
        if change.group_by == YEAR and not change.get("year"):
            # "my 2022 posts' average" then "and over the years?": every year, not 2022 alone
            plan = replace(plan, filters=tuple(f for f in plan.filters if f.field != "year" or f.negated))
    buckets = [note for note in change.notes if note.startswith("buckets=")]
    if buckets:  # "posts per month" then "and per season?" / "counting all years together?": those buckets now
        plan = replace(plan, notes=(*[n for n in plan.notes if not n.startswith("buckets=")], *buckets))
    return plan
