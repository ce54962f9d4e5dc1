"""The parser route: parse the question, compile the plan, run it through the same guard and read-only store as
generated Cypher, and write the answer from the rows. A question the parser does not fully understand, or whose
plan no fragment expresses, is left to the LLM path together with a hint of what was understood."""
from __future__ import annotations

import calendar
import difflib
import logging
import re
from dataclasses import replace
from typing import Any

from agent.absent import canonical, describe_name
from agent.answer import (
    MAX_LISTED,
    AgentAnswer,
    count_of,
    name_shown,
    plural_form,
    post_ids_in,
    post_line,
    read_posts,
    render_answer,
    render_share,
)
from agent.cypher import check_cypher
from agent.guard import GuardedGraph
from agent.parser import parse_detail
from agent.plan import (
    ACTIVITY,
    AVERAGE,
    COUNT,
    DATE_FIELDS,
    GROUP_SUBJECTS,
    IMAGES,
    LIST,
    MONTH,
    MOSTLY,
    NEVER,
    ONLY,
    POSTS,
    SCORE_RANGE,
    SENTIMENT,
    SHARE,
    TIME_SUBJECTS,
    VALUE_FIELDS,
    Filter,
    QueryPlan,
    follow_up,
)
from agent.plan_compile import Unsupported, compile_plan, group_support, post_filter
from agent.referent import (
    TIED_AT_MOST,
    among_shown,
    is_one_post,
    is_tie,
    is_top_one,
    one_post,
    one_post_aspect,
    picked_among,
    points_at,
    points_at_one,
    referent_plan,
    shown_names,
    the_one,
    tied_names,
)
from agent.summary import (
    NOUNS,
    bucket_label,
    joined_names,
    nearby_text,
    render_activity,
    render_compared_shares,
    render_group_average,
    render_pauses,
    render_plan_answer,
    render_ranked_shares,
    render_score_range,
    render_sentiment_per,
    understood_as,
)
from agent.vocab import FactsCache
from agent.wording import normalise
from core.errors import QueryAttemptFailed
from core.languages import UNDETERMINED, language_name
from core.photo_verdict import IMAGE_UNCLEAR_BELOW
from graph.queries import aggregates, templates
from graph.queries.literals import inline_params
from graph.queries.posts import PostFilter

log = logging.getLogger(__name__)
TIE_LOOKAHEAD = 50
UNDATED_HOLDS = ("Your graph holds the posts' captions and sentiment (overall, caption and photo), their photos with "
                 "the things seen in them, topics, and the people, places and hashtags mentioned: questions about "
                 "those work.")
NEARBY_SHOWN = 6
UNCLEAR_SHOWN = 5
OTHER_READING_SHOWN = 3
YES_SHOWN = 3  # posts listed under a "Yes: N posts." (the rest are cited)
# the value a filter names -> the group of names of the same kind the graph can list instead
NEARBY_GROUPS = {"tag": "tag", "kind": "kind", "topic": "topic", "entity": "entity"}
# where a name the graph lacks as a topic (a name, a tag) may be instead, in the order tried: filter field per kind
ELSEWHERE = {"tag": "tag", "entity": "entity", "topic": "topic"}
CLOSE_SPELLING = 0.8  # difflib ratio: 'vehical' -> 'vehicle' is 0.86, 'bicyle' -> 'bicycle' 0.92
TARGET_KINDS = {"tag": "Tag", "entity": "Entity", "topic": "Topic"}
# a verdict filter -> whose verdict it reads (the combined one reads the plan's source)
VERDICT_SOURCES = {"sentiment": "combined", "caption_sentiment": "caption", "image_sentiment": "image"}
SHARE_FIELDS = {"combined": "sentiment", "caption": "caption_sentiment", "image": "image_sentiment"}
CLOSEST_SHOWN = 3  # groups shown nearest to "mostly X" when none is
TIED_TOP = "I can't tell which one you mean: {names} were tied at the top of the last answer."
UNCLEAR_TOP = ("I can't tell which one you mean: the last answer did not name exactly one (several were tied at the "
               "top, or none was found).")
ENTITY_GROUPS = {"HASHTAG": "hashtag", "MENTION": "mention", "PERSON": "person", "GPE": "place", "LOC": "place",
                 "ORG": "organisation", "NORP": "nationality"}


def is_zero_count(rows: list[dict[str, Any]]) -> bool:
    """A single count that is 0 ("how many photos show a dog?" -> 0): answered with what the graph holds instead."""
    if len(rows) != 1 or len(rows[0]) != 1:
        return False
    value = next(iter(rows[0].values()))
    return isinstance(value, int) and not isinstance(value, bool) and value == 0


# filters that say what a listed photo shows or how it reads: "photos of a dog", "pics with a sad photo"
PHOTO_FIELDS = ("tag", "kind", "image_sentiment", "caption_sentiment", "disagree")


def as_post_listing(plan: QueryPlan) -> QueryPlan:
    """"Show me photos of a dog", "my 3 latest pics", "my pics from 2023": a listing of photos that says what they
    show, when they were posted or how they read, or ranks them by date or sentiment, is answered with the posts
    they belong to (a post's photos are shown on its card), as "which posts show a dog?" is, kept to posts with a
    photo; a ranking by sentiment reads the photo's verdict. Photos are otherwise only counted ("what do the photos
    of my Paris posts show?" is not a listing of posts: the LLM gets it)."""
    about_photos = any(f.field in PHOTO_FIELDS for f in plan.filters)
    ranked = plan.direction is not None and plan.rank_by in ("date", "score")
    dated = any(f.field in DATE_FIELDS for f in plan.filters)  # "the pictures I shared in 2023"
    if (plan.subject == IMAGES and plan.measure in (None, LIST) and (about_photos or ranked or dated)
            and not (plan.group_by or plan.threshold or plan.compare or plan.limit and not ranked)):
        source = "image" if plan.rank_by == "score" and plan.source == "combined" else plan.source
        shows = any(f.field in ("tag", "kind") and not f.negated for f in plan.filters)
        return replace(plan, subject=POSTS, measure=LIST, source=source,
                       filters=plan.filters if shows else (*plan.filters, Filter("has_image", True)))
    return plan


def named_values(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with names where the graph stores codes, as the answer shows them: the caption's language ('German' for
    the detector's 'de') and the day of the week ('Saturday' for templates.WEEKDAY_KEY's 5); a table of the rows then
    reads like the answer above it."""
    if not rows or not {"language", "weekday"} & set(rows[0]):
        return rows
    return [{**row,
             **({"language": language_name(row["language"])} if isinstance(row.get("language"), str) else {}),
             **({"weekday": name_shown("weekday", row["weekday"])} if _is_day_number(row.get("weekday")) else {})}
            for row in rows]


def _is_day_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6


class PlanRoute:
    """Answers the questions the parser understands completely (no LLM call)."""

    def __init__(self, graph: GuardedGraph, facts: FactsCache, min_support: int, cite_posts: int) -> None:
        self.graph = graph
        self.facts = facts
        self.min_support = min_support
        self.cite_posts = cite_posts

    def answer(self, question: str, previous: QueryPlan | None, result: AgentAnswer,
               after_unparsed: bool = False, referent: QueryPlan | None = None,
               shown: tuple[Any, ...] = ()) -> tuple[QueryPlan | None, str]:
        """(the plan that answered, "") when answered into `result`; else (None, a hint for the LLM prompt).
        `after_unparsed`: the conversation's last answer came from the LLM (see parse_detail). `referent`: the posts
        of the one group the last answer named (agent/referent.py); a question that points at it follows it.
        `shown`: the groups a top-N answer listed; a question that picks among them ranks only them."""
        facts = self.facts.get()
        said = (normalise(question), question.lower())  # "posts in it" loses its "it" when made plain
        fresh = among_shown(said[0], previous) if previous is not None and shown else None
        if fresh is not None:  # "which of those is the gloomiest?" after a top 3: which of those 3
            parsed = parse_detail(fresh, facts)
            picked = picked_among(parsed.plan, previous, shown) if parsed.plan is not None else None
            if picked is not None:  # else not a ranking: read as any follow-up ("which of them are positive?")
                return self._answer_plan(picked, result)

        if is_one_post(referent) and previous is not None:
            aspect = one_post_aspect(said[0])
            if aspect is not None:  # "city?" after "my gloomiest travel post": which city that post names
                question, said = aspect, (aspect, aspect)
        one = False
        if previous is not None and any(points_at(text) for text in said) \
                and not self._reranks(question, facts, previous, after_unparsed):
            one = any(points_at_one(text) for text in said)
            if referent is not None and not (is_tie(referent) and one):
                # "it", "that topic": the one named, all its posts; "them", "those": the posts the ranking counted
                previous = referent = the_one(referent) if one else referent
            elif is_top_one(previous):  # "what was my mood that year?" when three years tied at the top
                tied = tied_names(referent) if referent is not None else []
                result.route, result.attempts, result.rows = "parser", 0, []
                result.error = "the last answer's top was tied"
                names = joined_names(tied) if tied else ""
                result.answer = (TIED_TOP.format(names=names) if tied else UNCLEAR_TOP) + \
                    " Please name the one you mean, and ask again."
                return previous, ""
        parsed = parse_detail(question, facts, previous, after_unparsed=after_unparsed)
        plan = parsed.plan
        if plan is None:
            return None, parsed.hint()
        if one and previous is referent and referent is not None and (plan.subject or POSTS) in (POSTS, IMAGES):
            # "which of that person's posts show a dog?": the one named stays beside what the question adds
            # (a value of another field had replaced it: every post showing a dog)
            plan = replace(plan, filters=(*plan.filters, *(f for f in referent.filters if f not in plan.filters)))
        if is_one_post(referent) and previous is referent and plan.get("post_id") is None \
                and not any(f.field in VALUE_FIELDS for f in plan.filters):
            # "what city was it in?", "the hashtags on it?" after an answer that named one post: that
            # post's (a question of its own, naming values, is not narrowed to it)
            plan = replace(plan, filters=(*plan.filters, *referent.filters))
        if previous is referent and referent is not None and not set(referent.filters) & set(plan.filters) \
                and (plan.subject or POSTS) in (POSTS, IMAGES) and not plan.filters:
            # "how many posts does it have?" after "my saddest topic": its posts, though no word marked a follow-up
            plan = follow_up(referent, plan)
        return self._answer_plan(plan, result)

    def _answer_plan(self, plan: QueryPlan, result: AgentAnswer) -> tuple[QueryPlan | None, str]:
        """Compile and run a parsed plan into `result`: (the plan, "") when answered, else (None, a hint)."""
        facts = self.facts.get()
        if plan.needs_dates and facts.newest is None:
            result.route, result.attempts, result.rows = "parser", 0, []
            result.error = "the graph holds no post dates"
            result.answer = (f"Your graph does not record when its posts were made (the import had no dates), so "
                             f"this cannot be answered per year, month or date. {UNDATED_HOLDS}\n"
                             f"{understood_as(plan)}")
            return plan, ""
        plan = as_post_listing(plan)
        try:
            cypher, params = compile_plan(plan, self.min_support)
        except Unsupported as exc:
            log.info("plan not compiled (%s): %s", exc, plan.describe())
            return None, plan.describe()
        try:
            params = self._present_only(params)
            rows = named_values(self.graph.query(cypher, params))
        except QueryAttemptFailed as failed:
            log.warning("compiled plan failed (%s); asking the LLM", failed.reason)
            return None, plan.describe()
        result.route, result.attempts, result.rows = "parser", 0, rows
        result.cypher = inline_params(check_cypher(cypher, self.graph.row_limit).text, params)
        try:
            result.answer = self._render(plan, rows)
            note = self._undetermined(plan)
            if note:  # under the figures, above the "(Understood as ...)" line
                head, understood, tail = result.answer.rpartition("\n(Understood as")
                result.answer = f"{head}\n{note}\n(Understood as{tail}" if understood else result.answer + "\n" + note
        except QueryAttemptFailed as failed:  # a total or tie count failed: the rows still answer
            log.warning("summary queries failed (%s)", failed.reason)
            result.answer = render_answer(rows)
        result.post_ids = post_ids_in(rows) or self._cite(self._evidence(plan, rows))
        if "asked=yes_no" in plan.notes and result.post_ids:
            result.answer = self._yes_examples(result.answer, result.post_ids)
        if not rows or is_zero_count(rows):
            found = self._found_elsewhere(plan)
            if found is None and "asked=yes_no" in plan.notes:
                # "did I post anything about Berlin in 2021?" where no topic is called so and the name it may mean
                # finds nothing either: a plain "No" (it had been held back for the "did you mean")
                result.answer = re.sub(r"(?m)^(0 (?:posts|photos)\.)$", r"No: \1", result.answer, count=1)
            if found is not None:
                text, other, other_rows = found
                lines = result.answer.split("\n")
                said_no = [i for i, line in enumerate(lines) if line.startswith("No: ")]
                if "asked=yes_no" in plan.notes and said_no:
                    # a yes/no that another reading answers "yes": not a bare "No", and the rows are that reading's
                    lines[said_no[0]] = "Not under that name (" + lines[said_no[0]][4:].rstrip(".") + "); but yes, " \
                        "read another way (below)."
                    result.answer, result.rows = "\n".join(lines), other_rows
                result.answer += text
                result.post_ids = post_ids_in(other_rows) or self._cite(other)
        return plan, ""

    @staticmethod
    def _reranks(question: str, facts: Any, previous: QueryPlan, after_unparsed: bool) -> bool:
        """The question turns the last ranking round ("and the quietest one, with its count?"): it is about the
        ranking again, not about the one the last answer named."""
        parsed = parse_detail(question, facts, previous, after_unparsed=after_unparsed).plan
        return parsed is not None and previous.direction is not None and parsed.direction is not None \
            and (parsed.direction != previous.direction or parsed.rank_by != previous.rank_by)

    def referent(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> QueryPlan | None:
        """The posts of the group a top-1 ranking just named, for a follow-up that points at it (those tied at the
        top too, checked with the same ranking cut just after them); None when the answer named no group."""
        if referent_plan(plan, rows, rows) is None:  # not a top-1 ranking of a group: no query
            return one_post(plan, rows)
        try:
            cypher, params = compile_plan(replace(plan, limit=TIED_AT_MOST + 1, singular=False), self.min_support)
            leading = self.graph.query(cypher, self._present_only(params))
        except (Unsupported, QueryAttemptFailed) as exc:
            log.debug("no referent: %s", exc)
            return None
        return referent_plan(plan, rows, leading)

    @staticmethod
    def shown(plan: QueryPlan, rows: list[dict[str, Any]]) -> tuple[Any, ...]:
        """The groups a top-N ranking just listed (agent/referent.py shown_names)."""
        return shown_names(plan, rows)

    def _present_only(self, params: dict[str, Any]) -> dict[str, Any]:
        """`params` with each leave-out list (templates.PRESENT_NAMES) cut to the names this graph holds: the same
        rows, and a shown query a person can read."""
        narrowed = dict(params)
        for key, query in templates.PRESENT_NAMES.items():
            if key in narrowed:
                narrowed[key] = sorted({str(row["name"]) for row in self.graph.query(query, {"names": narrowed[key]})})
        return narrowed

    def _count(self, cypher: str, params: dict[str, Any]) -> int | None:
        try:
            rows = self.graph.query(cypher, params)
        except QueryAttemptFailed as failed:
            log.debug("total not counted: %s", failed.reason)
            return None
        value = next(iter(rows[0].values()), None) if rows else None
        return int(value) if isinstance(value, (int, float)) else None

    def _render(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        subject = plan.subject or POSTS
        if plan.measure == ACTIVITY and len(rows) == 1 and "first_post" in rows[0]:
            per_year = self.graph.query(*aggregates.posts_per_time_ranked(post_filter(plan), "year"))
            return f"{render_activity(rows[0], per_year)}\n{understood_as(plan)}"
        if plan.measure == MOSTLY and subject in GROUP_SUBJECTS and plan.share_of:
            return self._mostly(plan, rows)  # it says itself when no group is mostly of that sentiment
        if plan.rank_by == "share" and plan.share_of and plan.direction:
            return self._ranked_shares(plan, rows)
        if plan.measure in (NEVER, ONLY) and subject in GROUP_SUBJECTS and plan.share_of and rows:
            return self._never_or_only(plan, rows)
        if "asked=every" in plan.notes:
            return self._every_bucket(plan, rows)
        if plan.rank_by == "gap" and rows and "gap" in rows[0]:
            return self._caption_photo_gaps(plan, rows)
        if plan.counted_per_post and plan.measure == AVERAGE and len(rows) == 1 and "most" in rows[0]:
            return f"{render_group_average(rows[0], plan)}\n{understood_as(plan)}"
        if plan.measure == SCORE_RANGE and len(rows) == 1 and "highest" in rows[0]:
            return f"{render_score_range(rows[0], plan)}\n{understood_as(plan)}"
        if plan.rank_by == "pause" and rows and "days" in rows[0]:
            return f"{render_pauses(rows, plan.limit or 1)}\n{understood_as(plan)}"
        if plan.group_by == SENTIMENT and rows and {"sentiment", "posts"} <= set(rows[0]) \
                and subject in (*GROUP_SUBJECTS, *TIME_SUBJECTS):
            return f"{render_sentiment_per(rows, plan)}\n{understood_as(plan)}"
        if plan.counted_per_post and plan.threshold is None and plan.direction:
            return self._most_per_post(plan, rows)
        if plan.measure == COUNT and subject in ("year", "month") and rows and "which" in rows[0]:
            return self._buckets_counted(plan, rows[0])
        if not rows or is_zero_count(rows):
            return render_plan_answer(plan, rows, {}, nearby=self._nearby(plan)) + self._other_reading(plan, rows)
        totals: dict[str, int | None] = {}
        try:
            scope = post_filter(plan)
        except Unsupported:
            scope = None
        if scope is not None and subject in GROUP_SUBJECTS:
            if plan.direction or plan.threshold or len(rows) > MAX_LISTED:
                zeros = templates.verdict_only(scope) and (plan.direction == "asc" or (
                    plan.threshold is not None and plan.threshold[0] in ("<", "<=", "=")))
                # a ranking or threshold that counts the groups with none of the posts (0) is out of every group
                totals["groups"] = self._count(*templates.count_group_names(PostFilter() if zeros else scope, subject))
                totals["posts"] = self._count(*templates.count_posts(scope))
        elif scope is not None and subject == POSTS and len(rows) > MAX_LISTED:
            # "posts with 10+ hashtags": the posts passing the per-post count, not every post in scope
            counted = compile_plan(replace(plan, measure=COUNT)) if plan.counted_per_post else \
                templates.count_posts(scope)
            totals["posts"] = self._count(*counted)
        return (render_plan_answer(plan, rows, totals, self._listed_posts(rows)) + self._ties(plan, rows)
                + self._unclear_photos(plan, scope) + self._other_reading(plan, rows))

    def _every_bucket(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        """'Did I post a coffee photo every year?': yes when every year (month) from the first dated post's to the last
        one's holds such a post, else no with the ones that do not; each bucket's count follows."""
        span = self.graph.query(*aggregates.dated_span())
        first, last = (span[0].get("first"), span[0].get("last")) if span else (None, None)
        if first is None or last is None:
            return f"Your graph holds no dated post, so this cannot be told year by year.\n{understood_as(plan)}"
        year = plan.get("year")
        dated = [f for f in plan.filters if f.field in DATE_FIELDS]
        if any(f.field not in ("year", "year_from", "year_to") or f.negated for f in dated):
            # "every month since March 2022", "every weekend": a span this does not bound; the counts, no yes or no
            return render_plan_answer(plan, rows, {})
        for flt in dated:  # "every year since 2021", "every year up to 2022": only those years are asked about
            if flt.field == "year_from":
                first = max(int(first), int(flt.value) * 12)
            elif flt.field == "year_to":
                last = min(int(last), int(flt.value) * 12 + 11)
        count_column = next((c for c in ("posts", "photos") if rows and c in rows[0]), "posts")
        if plan.group_by == "year":
            buckets = list(range(int(first) // 12, int(last) // 12 + 1))
            found = {int(r["year"]): int(r[count_column] or 0) for r in rows if r.get("year") is not None}
            name, unit = str, "year"
        elif year is not None and not year.negated and isinstance(year.value, int):
            low, high = max(int(first), year.value * 12), min(int(last), year.value * 12 + 11)
            buckets = [m % 12 + 1 for m in range(low, high + 1)]
            found = {int(r["month"]): int(r[count_column] or 0) for r in rows if r.get("month") is not None}
            name, unit = (lambda m: calendar.month_name[m]), "month"
        elif "year" in (rows[0] if rows else {"year": None}):
            buckets = [(m // 12, m % 12 + 1) for m in range(int(first), int(last) + 1)]
            found = {(int(r["year"]), int(r["month"])): int(r[count_column] or 0) for r in rows
                     if r.get("year") is not None and r.get("month") is not None}
            name, unit = (lambda b: f"{calendar.month_name[b[1]]} {b[0]}"), "month"
        else:
            return render_plan_answer(plan, rows, {})
        if not buckets:
            return f"No dated post falls in that time, so there is nothing to tell.\n{understood_as(plan)}"
        missing = [b for b in buckets if not found.get(b)]
        span_text = f"from {name(buckets[0])} to {name(buckets[-1])}" if len(buckets) > 1 else f"in {name(buckets[0])}"
        if unit == "month" and year is not None and plan.group_by == "month" and isinstance(year.value, int):
            span_text += f" {year.value}"
        noun = "photos" if count_column == "photos" else "posts"
        if not missing:
            head = f"Yes: every {unit} {span_text} has at least one ({count_of(len(buckets), unit + 's')})."
        else:
            shown = [name(b) for b in missing[:12]]
            listed = f"{', '.join(shown)} and {len(missing) - 12} more" if len(missing) > 12 else joined_names(shown)
            head = (f"No: {len(buckets) - len(missing)} of the {count_of(len(buckets), unit + 's')} {span_text} have "
                    f"one; none in {listed}.")
        lines = [f"- {name(b)}: {count_of(found.get(b, 0), noun)}" for b in buckets if found.get(b)]
        more_lines = [f"... and {len(lines) - 24} more {unit}s with one"] if len(lines) > 24 else []
        return "\n".join([head, *lines[:24], *more_lines, understood_as(plan)])

    def _caption_photo_gaps(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        """'the two posts with the biggest gap between the caption's mood and the photo's mood': each post with both
        scores (-1 ... +1) and how far apart they are."""
        listed = self._listed_posts(rows)
        lines = [f"- {post_line(listed[str(r['post_id'])]) if str(r['post_id']) in listed else r['post_id']}: "
                 f"caption {float(r['caption_score']):+.2f}, photo {float(r['photo_score']):+.2f} "
                 f"(apart by {float(r['gap']):.2f})" for r in rows]
        wide = "furthest apart" if plan.direction == "desc" else "closest"
        head = (f"The post whose caption and photo sentiment scores are {wide} (-1 negative ... +1 positive):"
                if len(rows) == 1 else
                f"The {len(rows)} posts whose caption and photo sentiment scores are {wide} (-1 negative ... +1 "
                f"positive):")
        return "\n".join([head, *lines]) + self._unclear_photos(plan, post_filter(plan)) + f"\n{understood_as(plan)}"

    @staticmethod
    def _never_or_only(plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        """'Which places never appear in a negative post': the groups none (all) of whose posts have that verdict,
        most posts first, each with its number of posts, and how many of them rest on one post alone (a group of
        one post is never negative by chance as often as not)."""
        column = templates.GROUPS[plan.subject or ""][2]
        noun = NOUNS.get(plan.subject or "", "groups")
        how = "none" if plan.measure == NEVER else "all"
        shown = rows[:MAX_LISTED]
        lines = [f"- {name_shown(column, r[column])}: {count_of(r['posts'], 'posts')}" for r in shown]
        more = f"\n... and {len(rows) - len(shown)} more" if len(rows) > len(shown) else ""
        single = sum(1 for r in rows if int(r.get("posts") or 0) == 1)
        caveat = f"\n{single} of the {len(rows)} have a single post, which says little." if single else ""
        found = count_of(len(rows), noun)
        found = f"At least {found}" if len(rows) >= templates.ONE_SENTIMENT_ROWS else found  # the query's row limit
        return (f"{found} with {how} of their posts {plan.share_of}"
                f" (the {noun} with the most posts first):\n" + "\n".join(lines) + more + caveat
                + f"\n{understood_as(plan)}")

    @staticmethod
    def _buckets_counted(plan: QueryPlan, row: dict[str, Any]) -> str:
        """'in how many different years did I mention Berlin': "4 years: 2019, 2021, 2023 and 2024." """
        unit = next(c for c in row if c != "which")
        names = [f"{calendar.month_name[int(b[1])]} {b[0]}" if isinstance(b, list) else
                 calendar.month_name[int(b)] if unit == "months" else str(b) for b in row["which"] or []]
        listed = f": {joined_names(names)}" if names else ""
        return f"{count_of(int(row[unit] or 0), unit)}{listed}.\n{understood_as(plan)}"

    def _most_per_post(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        """'the post with the most hashtags': the posts ranked by their number of hashtags (people...), each with
        its number; posts tied with the last one asked for are shown too, and said to be tied."""
        noun = NOUNS.get(plan.counted_per_post or "", "names")
        if not rows:  # the posts asked about have none (the ranking leaves out posts with none)
            scope = self._count(*templates.count_posts(post_filter(plan)))
            return f"None of the {'' if scope is None else f'{scope:,} '}posts asked about has any {noun}.\n" \
                f"{understood_as(plan)}"
        column = next(c for c in rows[0] if c not in ("post_id", "caption"))
        asked = plan.limit or (1 if plan.singular else 5)
        listed = self._listed_posts(rows)
        lines = [f"- {post_line(listed[str(r['post_id'])]) if str(r['post_id']) in listed else r['post_id']}: "
                 f"{count_of(r[column], noun)}" for r in rows]
        last = rows[min(asked, len(rows)) - 1][column]
        if asked == 1 and len(rows) == 1:
            head = f"The post with the most {noun}:"
        elif asked == 1:
            head = f"{len(rows)} posts are tied with the most {noun} ({count_of(last, noun)} each):"
        elif len(rows) > asked:
            head = (f"The {asked} posts with the most {noun}, and {len(rows) - asked} more tied with the last of them "
                    f"({count_of(last, noun)}):")
        else:
            head = f"The {len(rows)} posts with the most {noun}:"
        return "\n".join([head, *lines, understood_as(plan)])

    def _unclear_photos(self, plan: QueryPlan, scope: PostFilter | None) -> str:
        """An answer that states photo verdicts (posts with a negative photo, caption and photo disagreeing, photos
        per sentiment) must not state as firm the verdicts the image model is unsure of (core/photo_verdict.py,
        as the app's pages show them): say how many of the posts asked about have an unclear photo verdict."""
        if scope is None or plan.measure == "average" or plan.rank_by == "score" or not (
                scope.disagree or scope.sides is not None or scope.source == "image"
                or scope.image_sentiment is not None):
            return ""
        try:
            unclear = [str(r["post_id"]) for r in self.graph.query(
                *templates.unclear_photo_posts(scope, IMAGE_UNCLEAR_BELOW))]
        except QueryAttemptFailed as failed:
            log.debug("unclear photos not read: %s", failed.reason)
            return ""
        if not unclear:
            return ""
        listed = self._listed_posts([{"post_id": pid} for pid in unclear[:UNCLEAR_SHOWN]])
        lines = [f"- {post_line(listed[pid])}" for pid in unclear[:UNCLEAR_SHOWN] if pid in listed]
        more = f"\n(and {len(unclear) - UNCLEAR_SHOWN:,} more)" if len(unclear) > UNCLEAR_SHOWN else ""
        one = len(unclear) == 1
        return (f"\nNote: {len(unclear):,} of these {'post has' if one else 'posts have'} a photo verdict the "
                f"image model is unsure of (p(positive) - p(negative) within \u00b1{IMAGE_UNCLEAR_BELOW:.2f}, where it "
                f"is right less than half the time): read {'its' if one else 'their'} photo sentiment as unclear.\n"
                + "\n".join(lines) + more)

    def _found_elsewhere(self, plan: QueryPlan) -> tuple[str, QueryPlan, list[dict[str, Any]]] | None:
        """"Posts about coffee" where no topic is called 'coffee' but photos are tagged coffee or posts carry
        #coffee: the literal answer (none) stands, and the same question asked of that tag (else that name, else
        that topic, else the captions that contain the word) follows, said as such, with its posts cited: what a
        person meant is usually there. Only for one asked-for name the graph lacks in its own kind."""
        missing = [f for f in plan.filters if f.missing]
        if len(missing) != 1 or missing[0].negated or missing[0].field not in ELSEWHERE:
            return None
        asked = missing[0]
        facts = self.facts.get()
        if asked.field == "topic":
            # no topic is called 'coffee', but 'coffee' is one of the keywords of the topic 'café': that topic
            word = str(asked.value)
            holders = facts.topics_with_keyword(word, canonical(word, "topic"))
            if len(holders) == 1:
                found = self._asked_of(plan, asked, Filter("topic", holders[0]),
                                       f"the topic '{holders[0]}' (one of its keywords is '{word}')")
                if found is not None:
                    return found
        for target, field in ELSEWHERE.items():
            if field == asked.field:
                continue
            name = facts.name(str(asked.value), TARGET_KINDS[target])
            if name is None or canonical(name, asked.field) != canonical(str(asked.value), asked.field):
                continue
            found = self._asked_of(plan, asked, Filter(field, name), describe_name(facts, TARGET_KINDS[target], name))
            if found is not None:
                return found
        word = str(asked.value).lower()
        if asked.field in ("tag", "topic"):
            # a misspelling more than one slip off ('vehical'): the one close spelling of that kind, said as a guess
            close = difflib.get_close_matches(word, list(facts.names.get(TARGET_KINDS[asked.field]) or {}), n=2,
                                              cutoff=CLOSE_SPELLING)
            if len(close) == 1:
                found = self._asked_of(plan, asked, Filter(asked.field, close[0]),
                                       f"the {asked.field} '{close[0]}', the closest spelling (I am not sure that is "
                                       "what you meant)")
                if found is not None:
                    return found
        if asked.field in ("entity", "topic") and len(word) >= 3 and word.replace(" ", "").isalpha():
            # "have I ever mentioned Obama?" where name recognition missed him: the captions that say the word
            return self._asked_of(plan, asked, Filter("text", word), f"the captions that contain '{word}'")
        return None

    def _asked_of(self, plan: QueryPlan, asked: Filter, instead: Filter,
                  what: str) -> tuple[str, QueryPlan, list[dict[str, Any]]] | None:
        """`plan` asked again with `instead` in place of the missing value `asked`: the text that says so (`what`
        names the value used), the plan and its rows; None when that finds nothing or cannot be asked."""
        other = replace(plan, filters=tuple(instead if f is asked else f for f in plan.filters))
        try:
            cypher, params = compile_plan(as_post_listing(other), self.min_support)
            rows = self.graph.query(cypher, self._present_only(params))
        except (Unsupported, QueryAttemptFailed) as exc:
            log.debug("%s not asked as %s: %s", asked.value, what, exc)
            return None
        if not rows or is_zero_count(rows):
            return None
        body = render_plan_answer(other, rows, {}, self._listed_posts(rows))
        return f"\nAsked of {what} instead:\n{body}", other, rows

    def _other_reading(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        """'Who do I mention / tag most?' read as the @accounts or as the people named in the captions
        (agent/slots/mentions.py) may mean the other, and 'my busiest month' (a month of one year) may mean the
        calendar month over all years: when the other reading finds rows too (other rows, for months), say so and
        name them (the same question asked of them), instead of answering one reading as if it were the only one."""
        if "reading=who=mention" in plan.notes and plan.subject == "mention":
            other = replace(plan, subject="person", notes=())
            column, doubt = "person", "@accounts: asked of the people named in your captions"
        elif "reading=who=people" in plan.notes and plan.subject == "person":
            other = replace(plan, subject="mention", notes=())
            column, doubt = "account", "the people named: asked of the accounts you @mention"
        elif "reading=verdict=post" in plan.notes and (said := plan.get("sentiment")) is not None \
                and plan.measure in (LIST, COUNT, SHARE, None):
            # "which beach photos are sad": the post's verdict, or the photo's own
            photo = replace(said, field="image_sentiment")
            other = replace(plan, filters=tuple(photo if f is said else f for f in plan.filters), notes=())
            column, doubt = "", "the posts' overall verdict: by the photos' own verdict"
        elif "reading=verdict=post" in plan.notes and plan.measure == SHARE and plan.share_of is not None \
                and plan.share_part is None and plan.source == "combined":
            # "what share of my dog photos are happy": of the posts with such a photo, or of the photos' own verdicts
            other = replace(plan, source="image", notes=())
            column, doubt = "", "the posts' overall verdict: by the photos' own verdict"
        elif plan.subject == MONTH and plan.direction and plan.rank_by == "count" \
                and not any(n.startswith("buckets=") for n in plan.notes) \
                and not any(f.field in DATE_FIELDS for f in plan.filters):
            # "my least active month": a month of one year, or a calendar month counted over all years
            other = replace(plan, notes=(*plan.notes, "buckets=calendar"))
            column, doubt = "month", "months of particular years: counting all years together (calendar months)"
        else:
            return ""
        answered = rows
        try:
            cypher, params = compile_plan(other, self.min_support)
            rows = self.graph.query(cypher, params)
        except (Unsupported, QueryAttemptFailed) as exc:
            log.debug("the other reading not read: %s", exc)
            return ""
        if not column:  # posts or photos listed, or counted: said when the other reading finds other ones
            if rows == answered:
                return ""
            return f"\nI am not sure you meant {doubt}, the answer is {_amount(other, rows)}."
        if not rows or column not in rows[0]:
            return ""
        if column == MONTH and [(r.get(MONTH), r.get("posts")) for r in rows] == \
                [(r.get(MONTH), r.get("posts")) for r in answered]:
            return ""  # one year only: both readings agree
        shown = rows[:OTHER_READING_SHOWN]
        names = ", ".join(bucket_label(r, [column]) + (f" ({count_of(int(r['posts']), 'posts')})" if "posts" in r
                                                         else "") for r in shown)
        more = f" and {len(rows) - len(shown):,} more" if len(rows) > len(shown) else ""
        return f"\nI am not sure you meant {doubt}, the answer is {names}{more}."

    def _yes_examples(self, answer: str, post_ids: list[str]) -> str:
        """'Yes: 4 posts.' and then the first few of them (date and caption), so the yes shows what it found."""
        lines = answer.split("\n")
        said_yes = next((i for i, line in enumerate(lines) if line.startswith("Yes: ")), None)
        if said_yes is None:
            return answer
        listed = self._listed_posts([{"post_id": pid} for pid in post_ids[:YES_SHOWN]])
        shown = [f"- {post_line(listed[pid])}" for pid in post_ids[:YES_SHOWN] if pid in listed]
        if not shown:
            return answer
        match = re.match(r"Yes: ([\d,]+) posts?\b", lines[said_yes])  # photos may share a post: no count then
        total = int(match.group(1).replace(",", "")) if match else len(post_ids)
        more = [f"(and {total - len(shown):,} more)" if match else "(and more)"] if total > len(shown) else []
        return "\n".join([*lines[: said_yes + 1], *shown, *more, *lines[said_yes + 1:]])

    def _listed_posts(self, rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """Date, caption and generated caption of the posts the first rows name, so every answer that lists posts
        shows them as read_posts + post_line do (a caption-less post: its photo's generated caption, marked)."""
        ids = [str(r["post_id"]) for r in rows[:MAX_LISTED] if r.get("post_id") is not None]
        try:
            return read_posts(self.graph.query, ids)
        except QueryAttemptFailed as failed:
            log.debug("listed posts not read: %s", failed.reason)
            return {}

    def _ties(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        """A ranking cut at N hides the rows tied with the Nth ("my least common topic" when eight topics have one
        post each): say how many more share its value, and name a few."""
        if not plan.direction or plan.rank_by == "date" or not rows or (plan.subject or POSTS) == POSTS:
            return ""
        columns = list(rows[0])
        last = rows[-1][columns[-1]]
        if not isinstance(last, (int, float)) or len(columns) < 2:
            return ""
        if plan.direction == "desc" and columns[-1] in ("posts", "photos") and all(r[columns[-1]] == 1 for r in rows):
            return ""  # every one in a single post: the answer says there is no ranking (summary.render_ranking)
        try:
            cypher, params = compile_plan(replace(plan, limit=len(rows) + TIE_LOOKAHEAD, singular=False),
                                          self.min_support)
            more = self.graph.query(cypher, params)[len(rows):]
        except (Unsupported, QueryAttemptFailed) as exc:
            log.debug("ties not checked: %s", exc)
            return ""
        tied = [r for r in more if isinstance(r.get(columns[-1]), (int, float))
                and round(float(r[columns[-1]]), 6) == round(float(last), 6)]
        if not tied:
            return ""
        names = ", ".join(bucket_label(r, columns[:-1]) for r in tied[:5])
        many = f"{len(tied)}{'+' if len(tied) >= TIE_LOOKAHEAD else ''}"
        unit = columns[-1]
        value = count_of(int(last), unit) + " each" if unit in ("posts", "photos", "images") \
            else f"{unit.replace('_', ' ')} {round(float(last), 2):g}"
        return (f"\nNote: {many} more tie with the last one shown ({value}): {names}"
                f"{' ...' if len(tied) > 5 else ''}.")

    def _ranked_shares(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        """Buckets ranked by one verdict's share, and how many were left out for having too few posts (counted
        with the same query at a support of 1)."""
        if plan.compare:  # "percent negative: cats vs dogs": each one named, with its share
            return f"{render_compared_shares(rows, plan)}\n{understood_as(plan)}"
        excluded = None
        try:
            cypher, params = compile_plan(replace(plan, limit=500, singular=False), 1)
            every = self.graph.query(cypher, params)
            excluded = sum(1 for r in every if int(r.get("posts") or 0) < self.min_support)
        except (Unsupported, QueryAttemptFailed) as exc:
            log.debug("buckets below the support not counted: %s", exc)
        return (f"{render_ranked_shares(rows, plan, self.min_support, excluded)}{self._ties(plan, rows)}\n"
                f"{understood_as(plan)}")

    def _mostly(self, plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
        """'Which topics are mostly negative?': supported groups with their share, and how many more have too
        few posts (counted over all groups, not the row-limited rows)."""
        group, sentiment = plan.subject or "", plan.share_of or ""
        support = group_support(plan, self.min_support)
        counts = self.graph.query(*templates.mostly_one_sentiment_counts(group, sentiment, support,
                                                                         plan.share_floor))
        column = templates.GROUPS[group][2]
        text = render_share(rows, column, sentiment, support, int(counts[0]["groups"]),
                            int(counts[0]["supported"]), plan.share_floor)
        return text if int(counts[0]["supported"]) else text + self._closest(plan, support)

    def _closest(self, plan: QueryPlan, support: int) -> str:
        """No group with enough posts is mostly of that sentiment: the ones nearest to it (the highest shares among
        the groups with enough posts), so "none" comes with what was found."""
        ranked = replace(plan, measure=SHARE, rank_by="share", direction="desc", limit=CLOSEST_SHOWN, singular=False,
                         share_floor=None, threshold=None)
        try:
            cypher, params = compile_plan(ranked, support)
            rows = [r for r in self.graph.query(cypher, params) if int(r.get("matching") or 0) > 0]
        except (Unsupported, QueryAttemptFailed) as exc:
            log.debug("closest groups not read: %s", exc)
            return ""
        if not rows:
            return ""
        lines = render_ranked_shares(rows, ranked, support, None).splitlines()[1:]
        noun = templates.GROUPS[plan.subject or ""][2].replace("_", " ")
        return (f"\nThe closest, of the {plural_form(noun)} with at least {count_of(support, 'posts')}:\n"
                + "\n".join(lines))

    def _nearby(self, plan: QueryPlan) -> str:
        """For an empty answer, what the graph does hold of the kind the question named: the tags the photos show,
        the topics, the names mentioned (among the posts the other filters keep, or else all posts). When a verdict
        emptied it ("which of those are negative?"), the verdicts those posts do have."""
        verdicts = self._verdicts_instead(plan)
        if verdicts:
            return verdicts
        value = next((f for f in plan.filters if f.field in NEARBY_GROUPS and not f.negated), None)
        if value is None:
            return self._years(plan)
        label = plan.get("entity_label")
        group = ENTITY_GROUPS.get(label.value, "entity") if value.field == "entity" and label else \
            NEARBY_GROUPS[value.field]
        rest = replace(plan, filters=tuple(f for f in plan.filters if f is not value and f.field != "entity_label"))
        scopes = []
        try:
            scopes.append((post_filter(rest), rest))
        except Unsupported:
            pass
        if rest.filters:
            scopes.append((PostFilter(), replace(rest, filters=())))
        for scope, scoped in scopes:
            try:
                rows = self.graph.query(*templates.rank_groups(scope, group, NEARBY_SHOWN))
            except QueryAttemptFailed as failed:
                log.debug("nothing nearby read: %s", failed.reason)
                return ""
            if rows:
                total = self._count(*templates.count_group_names(scope, group)) if len(rows) == NEARBY_SHOWN else None
                return nearby_text(group, scoped, rows, total)
        return ""

    def _verdicts_instead(self, plan: QueryPlan) -> str:
        """'None of the 2 posts asked about is negative: 2 positive.' when one verdict filter alone emptied a
        question about posts (or photos) whose other filters do keep posts; '' otherwise."""
        said = [f for f in plan.filters if f.field in VERDICT_SOURCES]
        if len(said) != 1 or said[0].negated or (plan.subject or POSTS) not in (POSTS, IMAGES) or plan.compare:
            return ""
        verdict = said[0]
        source = VERDICT_SOURCES[verdict.field] if verdict.field != "sentiment" else plan.source
        rest = replace(plan, filters=tuple(f for f in plan.filters if f is not verdict), source=source)
        try:
            scope = post_filter(rest)
            rows = self.graph.query(*templates.sentiment_breakdown(scope, source))
        except (Unsupported, QueryAttemptFailed) as exc:
            log.debug("verdicts not read: %s", exc)
            return ""
        counted = [(str(r["sentiment"]), int(r["posts"])) for r in rows if r.get("sentiment") and r.get("posts")]
        total = sum(n for _, n in counted)
        if not total:
            return ""
        whose = {"caption": " caption", "image": " photo"}.get(source, "")
        if total == 1:
            return f"The one post asked about has a {counted[0][0]}{whose} verdict, not {verdict.value}."
        kinds = ", ".join(f"{n} {value}" for value, n in counted)
        return f"None of the {total:,} posts asked about has a {verdict.value}{whose} verdict: {kinds}."

    def _years(self, plan: QueryPlan) -> str:
        """For an empty answer restricted to a year: the years that do hold posts ("in 2030" on a 2019-2024 feed)."""
        if not any(f.field in ("year", "year_from", "year_to") for f in plan.filters):
            return ""
        year = plan.get("year")
        if year is not None and any(f.field in ("month", "month_from") for f in plan.filters):
            months = self._months_of(int(year.value))  # "in March 2022" when 2022 has posts in other months
            if months:
                return months
        try:
            rows = self.graph.query(*aggregates.posts_per_time_ranked(PostFilter(), "year"))
        except QueryAttemptFailed as failed:
            log.debug("years not read: %s", failed.reason)
            return ""
        years = [r for r in rows if r.get("year") is not None]
        return nearby_text("year", replace(plan, filters=()), years, None) if years else ""

    def _months_of(self, year: int) -> str:
        """'In 2022 your posts are from: April (1 post), July (1), ...' ('' when the year has none)."""
        try:
            rows = self.graph.query(*aggregates.posts_per_time_ranked(PostFilter(year=year), "month"))
        except QueryAttemptFailed as failed:
            log.debug("months not read: %s", failed.reason)
            return ""
        months = [r for r in rows if isinstance(r.get("month"), int) and 1 <= r["month"] <= 12]
        if not months:
            return ""
        counts = [count_of(int(r["posts"]), "posts") if i == 0 else str(int(r["posts"])) for i, r in enumerate(months)]
        listed = ", ".join(f"{calendar.month_name[r['month']]} ({n})" for r, n in zip(months, counts, strict=True))
        return f"In {year} your posts are from: {listed}."

    def _undetermined(self, plan: QueryPlan) -> str:
        """Under an answer about languages, how many of the posts asked about are in none (too short to tell), so
        the shares are not read as covering every post."""
        if plan.subject != "language" or plan.get("language") is not None:
            return ""
        try:
            scope = post_filter(plan)
        except Unsupported:
            return ""
        unknown = self._count(*templates.count_posts(replace(scope, language=UNDETERMINED)))
        if not unknown:
            return ""
        verb = "is" if unknown == 1 else "are"
        return f"{count_of(unknown, 'posts')} {verb} in no language: too little text to tell."

    @staticmethod
    def _evidence(plan: QueryPlan, rows: list[dict[str, Any]]) -> QueryPlan:
        """The plan whose posts are the examples behind an answer: for "are my photos happier than my captions?",
        the posts whose side that came out ahead scored higher than the other (the plan itself otherwise)."""
        if not (plan.compares_sources and plan.measure == AVERAGE and len(rows) == 1):
            return plan
        photo, caption = rows[0].get("photo_avg"), rows[0].get("caption_avg")
        if not isinstance(photo, (int, float)) or not isinstance(caption, (int, float)):
            return plan
        side = "image_happier" if photo >= caption else "caption_happier"
        return replace(plan, compare=None, filters=(*plan.filters, Filter("has_caption", True), Filter("sides", side)))

    def _cite(self, plan: QueryPlan) -> list[str]:
        """Example posts behind an aggregate over posts, or over photos that show or date something ("how many
        photos show a cat in 2022?": the posts those photos belong to): the same filters, listed."""
        if plan.measure == MOSTLY:
            return []
        filters = plan.filters
        if plan.measure == SHARE and plan.share_of and plan.share_part is None and not plan.group_by:
            # "what share of my posts are negative?": the negative ones are the examples, not the first posts
            filters = (*filters, Filter(SHARE_FIELDS.get(plan.source, "sentiment"), plan.share_of))
        elif plan.measure == SHARE and plan.share_part is not None:  # "what % of my posts are about travel"
            filters = (*filters, plan.share_part)
        listing = replace(plan, measure=LIST, direction=None, group_by=None, limit=None, share_of=None,
                          share_part=None, filters=filters)
        if listing.subject == IMAGES:
            listing = as_post_listing(listing)
        if (listing.subject or POSTS) != POSTS:
            return []
        try:
            cypher, params = compile_plan(listing)
            return post_ids_in(self.graph.query(cypher, params))[: self.cite_posts]
        except (Unsupported, QueryAttemptFailed) as exc:
            log.debug("no citations: %s", exc)
            return []


def _amount(plan: QueryPlan, rows: list[dict[str, Any]]) -> str:
    """How many posts (photos) a listing, count or share found, said briefly ('3 posts', '40% (2 of 5)')."""
    noun = "photos" if plan.subject == IMAGES else "posts"
    if plan.measure == COUNT and rows and len(rows[0]) == 1:
        return count_of(int(next(iter(rows[0].values())) or 0), noun)
    if plan.measure == SHARE and rows and {"matching", "posts", "share_pct"} <= set(rows[0]):
        row = rows[0]
        return f"{row['share_pct']}% ({int(row['matching'] or 0):,} of {count_of(int(row['posts'] or 0), 'posts')})"
    if plan.measure == SHARE and rows:
        return ", ".join(f"{k}: {v}" for k, v in rows[0].items())
    return count_of(len(rows), noun)
