"""The one thing a top-1 answer named ("which person do I mention most?" -> max), kept for the next question: a
follow-up that points at it ("which years?", "how many of them are negative?", "show me those posts") is read as a
question about the posts that name it, not about the ranking again."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agent.plan import AVERAGE, IMAGES, LIST, PICKED, PICKED_EACH, POSTS, YEAR, Filter, QueryPlan
from graph.queries import templates

# a ranked group -> the filter that names one of its members on a post (field, entity label or None)
MEMBER_FILTERS: dict[str, tuple[str, str | None]] = {
    "topic": ("topic", None), "tag": ("tag", None), "kind": ("kind", None), "hashtag": ("entity", "HASHTAG"),
    "mention": ("entity", "MENTION"), "person": ("entity", "PERSON"), "organisation": ("entity", "ORG"),
    "nationality": ("entity", "NORP"), "city": ("entity", "GPE"), "place": ("entity", None), "entity": ("entity", None)}
# a pointer at one thing ("it", "that year", "what place was that in?"), not at the posts ("them", "those")
ONE_THING = re.compile(r"\b(?:him|her|it|its|(?:that|this) (?:person|topic|tag|place|hashtag|account|one|city"
                       r"|organisation|thing|year|post|pic|photo))\b|\b(?:was|is) (?:that|this)(?= (?:in|from|at|taken"
                       r"|posted|about)\b|$)")
# a question that is only a time bucket ("which years?", "what months were they from?"): of the posts just asked about
BARE_TIME = re.compile(r"^(?:and |so |ok |okay )?(?:in |from )?(?:which|what) (?:years?|months?)"
                       r"(?: (?:was|were) (?:it|they|those|these|that)(?: posted| from)?)?(?: then)?$")
# words of a follow-up that point at the one named ("him", "that topic", "those posts"), or a bare "which years?"
POINTS_AT = re.compile(r"\b(?:them|they|those|these)\b|" + ONE_THING.pattern + "|" + BARE_TIME.pattern)


TIED_AT_MOST = 3  # a top-1 answer tied with more than this many others points at no one
SHOWN_AT_MOST = 10  # a top-N answer of up to this many rows can be picked from ("which of those ...?")
# a question that picks among the rows a top-N answer listed ("which of them is the happiest?", "of those, which one
# has the most sad posts?"); the group's own word is read as the question's subject instead
AMONG_SHOWN = re.compile(r"^(?:and |so |ok |okay |now )?(?:(?:which|what|any)(?: one)? of (?:them|those|these)"
                         r"|(?:of|among|out of) (?:them|those|these),? (?:which|what)(?: one)?)(?= )")
IN_SOME_POSTS = re.compile(r"^(?:and |so |ok |okay |now )?(?:just |only )?(?=in (?:my |the )?[^\d]*\b(?:posts|photos"
                           r"|pics)$)")
# the word that names one of a ranked group in a question, and the field a comparison of them keeps (plan.compare)
GROUP_WORDS: dict[str, tuple[str, str]] = {
    "topic": ("topic", "topic"), "tag": ("tag", "tag"), "kind": ("kind of tag", "kind"),
    "hashtag": ("hashtag", "entity"), "mention": ("account", "entity"), "person": ("person", "entity"),
    "place": ("place", "entity"), "city": ("city", "entity"), "organisation": ("organisation", "entity"),
    "nationality": ("nationality", "entity"), "year": ("year", "year")}


def is_top_one(plan: QueryPlan) -> bool:
    """A ranking answered by its top row alone ("my top topic", "which year did I post the most?")."""
    top_one = plan.limit == 1 or (plan.singular and plan.limit is None)
    return bool(top_one and plan.direction and plan.measure in (None, LIST) and not plan.group_by
                and not plan.share_of and not plan.threshold and plan.subject in (YEAR, *MEMBER_FILTERS))


def referent_plan(plan: QueryPlan, rows: list[dict[str, Any]], leading: list[dict[str, Any]]) -> QueryPlan | None:
    """The posts of the group a top-1 ranking answered, or None: not a top-1 ranking of a group, no row, or more
    than TIED_AT_MOST tied at the top. `leading`: the same ranking's first rows (TIED_AT_MOST + 1 of them), so that
    a tie at the top is the posts of each tied one ("#music or #summer"); the ranking's other filters are kept ("my
    top topic in 2022" -> the 2022 posts about it). A year keeps only itself: "that year" names the year."""
    if not is_top_one(plan) or len(rows) != 1:
        return None
    column = "year" if plan.subject == YEAR else templates.GROUPS.get(plan.subject or POSTS, ("", "", ""))[2]
    tied = _tied_at_top(column, rows, leading)
    if not tied:
        return None
    if plan.subject == YEAR:  # "which year did I post the most?" then "what was my mood that year?"
        years = sorted(tied)
        if not all(isinstance(y, int) for y in years) or years != list(range(years[0], years[0] + len(years))):
            return None  # tied years apart from each other: no one span of years
        filters = (Filter("year", years[0]),) if len(years) == 1 else \
            (Filter("year_from", years[0]), Filter("year_to", years[-1]))
        return QueryPlan(subject=POSTS, measure=LIST, filters=filters)
    member = MEMBER_FILTERS.get(plan.subject or POSTS)
    if member is None or not all(isinstance(name, str) for name in tied):
        return None
    field, label = member
    named = [Filter(field, tied[0], either=tuple(tied[1:]))] + ([Filter("entity_label", label)] if label else [])
    kept = [f for f in plan.filters if f.field not in (field, "entity_label")]
    return replace(QueryPlan(subject=POSTS, measure=LIST), filters=(*named, *kept), source=plan.source)


def one_post(plan: QueryPlan, rows: list[dict[str, Any]]) -> QueryPlan | None:
    """That post, when the answer named exactly one ("my gloomiest travel post", the one of my Anna posts up in the
    mountains), for a follow-up that points at it ("what place was that in?", "the hashtags on it?",
    "when did that one go up?"); else None."""
    if (plan.subject or POSTS) not in (POSTS, IMAGES) or plan.measure not in (None, LIST) or plan.group_by \
            or len(rows) != 1 or rows[0].get("post_id") is None:
        return None
    return QueryPlan(subject=POSTS, measure=LIST, filters=(Filter("post_id", str(rows[0]["post_id"])),))


# an aspect of the one post named, asked in a word or two after it ("city?", "place named", "date posted"): the
# question it stands for
ONE_POST_ASPECT = re.compile(r"^(?:and |so |ok |okay )?(?:which |what |the |its )?(?P<what>city|cities|country|place"
                             r"|places|location|hashtags?|tags|people|persons?|accounts|topics?|date|day|when)"
                             r"(?: (?:mentioned|named|tagged|used|shown|posted|was it|is it|then|of it|on it))?$")
WHERE_WAS_IT = re.compile(r"^(?:and |so |ok |okay )?where (?:was|is|were) (?:it|that|this|i)(?: taken| posted| then"
                          r"| for (?:it|that))?$")
ASPECT_ASKED = {"city": "which cities are named in it", "cities": "which cities are named in it",
                "country": "which cities are named in it", "place": "which places are named in it",
                "places": "which places are named in it", "location": "which places are named in it",
                "hashtag": "which hashtags are in it", "hashtags": "which hashtags are in it",
                "tags": "which tags are in it", "people": "which people are named in it",
                "person": "which people are named in it", "persons": "which people are named in it",
                "accounts": "which accounts are in it", "topic": "which topics is it about",
                "topics": "which topics is it about", "date": "when was it posted", "day": "when was it posted",
                "when": "when was it posted"}


def one_post_aspect(asked: str) -> str | None:
    """The question a word or two said after an answer that named one post stands for ("city?": which cities are
    named in it), or None."""
    asked = asked.strip(" ?.!")
    if WHERE_WAS_IT.match(asked):  # "where was that one?": the places it names
        return ASPECT_ASKED["place"]
    match = ONE_POST_ASPECT.match(asked)
    return ASPECT_ASKED[match.group("what")] if match else None


def is_one_post(referent: QueryPlan | None) -> bool:
    """The referent is the one post an answer named (one_post)."""
    return referent is not None and referent.get("post_id") is not None


def the_one(referent: QueryPlan) -> QueryPlan:
    """The referent without the ranking's other filters: "how many posts does that topic have in total?" after "the
    topic with the most sad captions" asks about all of its posts (its name filters come first, see referent_plan)."""
    named = list(referent.filters[:1])
    if len(referent.filters) > 1 and referent.filters[1].field == "entity_label":
        named.append(referent.filters[1])
    if referent.get("year_from") is not None:  # a span of tied years: both ends
        named = [f for f in referent.filters if f.field in ("year_from", "year_to")]
    return replace(referent, filters=tuple(named), source="combined")


def _tied_at_top(column: str, rows: list[dict[str, Any]], leading: list[dict[str, Any]]) -> list[Any]:
    """The names sharing the top row's count (the top one first); [] when more than TIED_AT_MOST do."""
    if not column or column not in rows[0]:
        return []
    count = list(rows[0].values())[-1]
    tied = [r.get(column) for r in leading if list(r.values())[-1] == count and r.get(column) != rows[0][column]]
    if len(tied) >= TIED_AT_MOST:
        return []
    return [rows[0][column], *tied]


def is_tie(referent: QueryPlan) -> bool:
    """The referent holds the several tied at the top ("#music or #summer", 2021 to 2022), not one."""
    return any(f.either for f in referent.filters) or referent.get("year_from") is not None


def tied_names(referent: QueryPlan) -> list[str]:
    """The names tied at the top that a tie referent holds ('commute', 'health'; '2021', '2022')."""
    years = (referent.get("year_from"), referent.get("year_to"))
    if years[0] is not None and years[1] is not None:
        return [str(y) for y in range(int(years[0].value), int(years[1].value) + 1)]
    return [str(v) for f in referent.filters if f.either for v in f.values]


def points_at_one(asked: str) -> bool:
    """The normalised question points at one thing ('how many posts does it have?')."""
    return bool(ONE_THING.search(asked))


def points_at(asked: str) -> bool:
    """The normalised question points at the one the last answer named."""
    return bool(POINTS_AT.search(asked))


def shown_names(plan: QueryPlan, rows: list[dict[str, Any]]) -> tuple[Any, ...]:
    """The groups (years) a top-N ranking, or a listing of those passing a bar ("hashtags in at least 3 posts"), just
    listed, 2 to SHOWN_AT_MOST of them, for a follow-up that picks among them; () for any other answer."""
    listed = (plan.direction and plan.limit) or (plan.threshold and not plan.direction)
    if not (listed and 2 <= len(rows) <= SHOWN_AT_MOST and plan.subject in GROUP_WORDS) \
            or plan.group_by or plan.share_of or plan.compare or plan.measure not in (None, LIST):
        return ()
    column = "year" if plan.subject == YEAR else templates.GROUPS.get(plan.subject or POSTS, ("", "", ""))[2]
    names = tuple(row.get(column) for row in rows)
    return names if column and all(name is not None for name in names) else ()


def among_shown(asked: str, previous: QueryPlan) -> str | None:
    """The normalised question asked afresh of the group `previous` ranked ('which topic is the happiest?'), or None
    when it does not pick among the rows listed."""
    if previous.subject not in GROUP_WORDS:
        return None
    match = AMONG_SHOWN.match(asked)
    if match is None and previous.threshold and not previous.direction:
        # "hashtags I used 5+ times" then "in my art posts": those of them used there (a time said so, "in
        # 2022", may ask the bar again over that year: not read so)
        match = IN_SOME_POSTS.match(asked)
    if match is None:
        return None
    return f"which {GROUP_WORDS[previous.subject][0]} {asked[match.end():].strip()}"


def picked_among(plan: QueryPlan, previous: QueryPlan, shown: tuple[Any, ...]) -> QueryPlan | None:
    """`plan` (the question asked afresh) ranked over only the `shown` groups and within the previous ranking's
    filters, or None when it is not a ranking of the same group."""
    if plan.subject != previous.subject or plan.compare or plan.threshold or plan.group_by \
            or plan.measure not in (None, LIST, AVERAGE):
        return None
    if not plan.direction:
        # "which of them appear in sad posts?", "which of those did I use in my posts about art?": each of them with
        # its count of such posts
        if not plan.filters or any(f.negated for f in plan.filters):
            return None
        plan = replace(plan, direction="desc", rank_by="count", notes=(*plan.notes, PICKED_EACH))
    kept = [f for f in previous.filters if plan.get(f.field) is None]
    # every one of them, ranked: the answer names the top one and shows the others' figures beside it
    return replace(plan, filters=(*plan.filters, *kept), compare=(GROUP_WORDS[previous.subject][1], shown),
                   limit=len(shown), singular=False, notes=(*plan.notes, PICKED))
