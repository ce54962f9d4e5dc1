"""The agent's question shapes as queries over the one post filter: counts, lists, rankings, averages and
extremes (time series, thresholds, shares and photo counts are in `aggregates`). agent/plan_compile.py picks the
builder and fills its typed arguments from a question's plan; what these put into the text is a group, a sort
direction or an integer limit from the fixed tables below, never the question's words (those are parameters).
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from core.languages import UNDETERMINED
from graph.queries.posts import WEEKDAY_OF_POST, PostFilter, Query, count_posts, post_scope, sentiment_property

__all__ = [
    "GROUPS", "POST_COLUMNS", "aliased_order", "average_score", "caption_photo_gap", "cited_posts", "count_group_names",
    "count_posts", "extreme_posts", "group_names", "list_posts", "mostly_one_sentiment", "mostly_one_sentiment_counts",
    "never_one_sentiment", "only_one_sentiment", "rank_groups", "sentiment_breakdown", "unclear_photo_posts",
    "verdict_only",
]

POST_COLUMNS = "p.id AS post_id, p.caption AS caption"

# grouping targets for rankings: (pattern from p, name expression, column)
GROUPS: dict[str, tuple[str, str, str]] = {
    "topic": ("MATCH (p)-[:ABOUT]->(g:Topic)", "g.name", "topic"),
    "tag": ("MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(g:Tag)", "g.name", "tag"),
    "kind": ("MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(g:Tag)", "g.kind", "kind"),
    "hashtag": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'HASHTAG'})", "g.name", "hashtag"),
    "mention": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'MENTION'})", "g.name", "account"),
    "person": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'PERSON'})", "g.name", "person"),
    "place": ("MATCH (p)-[:MENTIONS]->(g:Entity) WHERE g.label IN ['GPE', 'LOC']", "g.name", "place"),
    # "cities": spaCy's GPE names (not LOC: mountains, seas, regions, "the Alps") minus the countries and US states
    # GPE also holds (their names are a parameter: group_params)
    "city": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'GPE'}) WHERE NOT g.name IN $not_cities", "g.name", "place"),
    "organisation": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'ORG'})", "g.name", "organisation"),
    # spaCy's NORP: nationalities, religious and political groups ("American", "Europeans")
    "nationality": ("MATCH (p)-[:MENTIONS]->(g:Entity {label: 'NORP'})", "g.name", "nationality"),
    "entity": ("MATCH (p)-[:MENTIONS]->(g:Entity)", "g.name", "entity"),
    # the caption's language (a detector code, core/languages.py); a caption too short to tell ('und') is no language
    "language": (f"MATCH (p) WHERE p.language IS NOT NULL AND p.language <> '{UNDETERMINED}'", "p.language",
                 "language"),
}
# per-image groups count photos, not posts
IMAGE_GROUPS = ("tag", "kind")
# a season of the northern hemisphere (December to February is winter), as one key without ", " inside
SEASON_KEY = ("CASE WHEN p.month IN [12,1,2] THEN 'winter' WHEN p.month IN [3,4,5] THEN 'spring' "
              "WHEN p.month IN [6,7,8] THEN 'summer' WHEN p.month IN [9,10,11] THEN 'autumn' END AS season")
# the day of the week of the post's UTC timestamp, 0 Monday ... 6 Sunday (named in the answer): buckets sort from Monday
WEEKDAY_KEY = f"{WEEKDAY_OF_POST} AS weekday"
TIME_KEYS = {"year": "p.year AS year", "month": "p.month AS month", "year_month": "p.year AS year, p.month AS month",
             "season": SEASON_KEY, "weekday": WEEKDAY_KEY}
# time buckets an undated post is in none of
UNDATED_NONE = ("season", "weekday")  # each its own key column
ORDERS = {"asc": "ASC", "desc": "DESC"}
Order = Literal["asc", "desc"]


def list_posts(scope: PostFilter) -> Query:
    """The posts (id, caption, date; both verdicts when asking where they disagree, agree or are opposite; the
    language when asking for posts not in one, the verdict for posts not of one), oldest first."""
    text, params = post_scope(scope)
    both = scope.disagree or scope.sides in ("agree", "opposite")
    extra = ", p.caption_sentiment AS caption_sentiment, p.image_sentiment AS image_sentiment" if both else ""
    if scope.not_language:  # "captions not in English": each post's language, as it is not the same for all
        extra += ", p.language AS language"
    if scope.not_sentiment and not scope.sentiment:  # "the ones that are not positive": each one's verdict
        extra += f", p.{sentiment_property(scope.source)} AS sentiment"
    return Query(f"{text}\nRETURN {POST_COLUMNS}, p.created_at AS created_at{extra} ORDER BY created_at LIMIT 100",
                 params)


def unclear_photo_posts(scope: PostFilter, below: float, limit: int = 500) -> Query:
    """The posts in scope whose photo verdict is too unsure to state: |image_sentiment_score| < `below`
    (core/photo_verdict.py), newest first."""
    text, params = post_scope(scope)
    return Query(f"{text}\nWITH p WHERE p.image_sentiment_score IS NOT NULL AND abs(p.image_sentiment_score) < "
                 f"$unclear_below\nRETURN p.id AS post_id ORDER BY p.created_at DESC LIMIT {int(limit)}",
                 {**params, "unclear_below": float(below)})


def sentiment_breakdown(scope: PostFilter, source: str = "combined") -> Query:
    """Posts per sentiment value of one verdict (combined | caption | image), commonest first."""
    text, params = post_scope(scope)
    prop = sentiment_property(source)
    return Query(f"{text}\nRETURN p.{prop} AS sentiment, count(p) AS posts ORDER BY posts DESC", params)


def group_params(group: str) -> dict[str, object]:
    """The parameters a group's pattern needs: for 'city', the GPE names that are countries or US states
    (extractors/entity_gazetteer.regions_not_cities), so "which cities" does not list Italy or Texas."""
    if group != "city":
        return {}
    from extractors.entity_gazetteer import regions_not_cities

    return {"not_cities": sorted(regions_not_cities())}


# A group parameter that lists names to leave out only needs the names this graph holds: the query that keeps them.
# The chat narrows such a list before running it, so the Cypher shown under an answer (and handed to a follow-up
# prompt) names the four regions a collection mentions, not the ~300 the gazetteer knows.
PRESENT_NAMES = {
    "not_cities": "MATCH (g:Entity {label: 'GPE'}) WHERE g.name IN $names RETURN DISTINCT g.name AS name",
}


def _group(group: str, params: dict[str, object]) -> tuple[str, str, str]:
    """The group's (pattern, name expression, column); adds the parameters its pattern needs to `params`."""
    if group not in GROUPS:
        raise ValueError(f"group must be one of {list(GROUPS)}")
    params.update(group_params(group))
    return GROUPS[group]


def _only(pattern: str, expr: str, only: tuple[str, ...], params: dict[str, object],
          besides: tuple[str, ...] = ()) -> str:
    """The group pattern narrowed to the named groups ("food or travel"), or to all but some (`besides`: "the
    hashtags used with #berlin" are the others), their names a parameter."""
    if besides:
        params["besides_groups"] = list(besides)
        pattern = f"{pattern} {'AND' if ' WHERE ' in pattern else 'WHERE'} NOT {expr} IN $besides_groups"
    if not only:
        return pattern
    params["only_groups"] = list(only)
    return f"{pattern} {'AND' if ' WHERE ' in pattern else 'WHERE'} {expr} IN $only_groups"


VERDICT_FIELDS = ("sentiment", "not_sentiment", "caption_sentiment", "image_sentiment", "not_caption_sentiment",
                  "not_image_sentiment")


def verdict_only(scope: PostFilter) -> bool:
    """True when the scope keeps posts by their sentiment verdict and nothing else ("negative posts"): every group
    then has a count, zero included ("the topic with the fewest negative posts" may have none)."""
    bare = replace(scope, source="combined", **dict.fromkeys(VERDICT_FIELDS))
    return bare == PostFilter() and scope != bare


def counted_with_zeros(scope: PostFilter, group: str, only: tuple[str, ...] = ()) -> tuple[str, str, dict[str, object]]:
    """(the text up to the group's rows, the count expression, params) counting every group's posts (photos for
    tags and kinds) that are in the scope, zero for a group none of whose posts is: the scope's post ids are
    collected, then every group is matched (with `only`, just those groups)."""
    text, params = post_scope(scope)
    pattern, expr, _ = _group(group, params)
    pattern = _only(pattern, expr, only, params)
    counted = "i" if group in IMAGE_GROUPS else "p"
    if group in IMAGE_GROUPS:
        pattern = pattern.replace("(:Image)", "(i:Image)")
    head = f"{text}\nWITH collect(p.id) AS scoped\nMATCH (p:Post)\n{pattern}"
    return head, f"count(DISTINCT CASE WHEN p.id IN scoped THEN {counted} END)", params


def _of_kind(pattern: str, of_kind: str | None, params: dict[str, object]) -> str:
    """The tag group's pattern narrowed to the tags of one kind ("which animals"), without the tag named as the kind
    itself (the photo model's catch-all 'animal' on every animal photo is not one of the animals)."""
    if of_kind is None:
        return pattern
    params["of_kind"] = of_kind
    return f"{pattern} WHERE g.kind = $of_kind AND g.name <> $of_kind"


def rank_groups(scope: PostFilter, group: str, limit: int, order: Order = "desc", only: tuple[str, ...] = (),
                of_kind: str | None = None, besides: tuple[str, ...] = ()) -> Query:
    """Groups (topics, tags, hashtags...) ranked by posts (tags and kinds by photos), within the scope: the most
    used first (desc) or the least used first (asc; over a scope kept by verdict only, a group with none of its
    posts counts 0); with `only`, just those groups (a comparison); with `besides`, all but those; with `of_kind`,
    the tags of that kind."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {list(ORDERS)}")
    if of_kind is not None and (group != "tag" or only):
        raise ValueError("of_kind narrows the tag group alone")
    direction = ORDERS[order]
    if order == "asc" and verdict_only(scope) and of_kind is None:
        pattern, expr, column = _group(group, {})
        head, count, params = counted_with_zeros(scope, group, only)
        unit = "images" if group in IMAGE_GROUPS else "posts"
        return Query(f"{head}\nRETURN {expr} AS {column}, {count} AS {unit} "
                     f"ORDER BY {unit} {direction}, {column} LIMIT {int(limit)}", params)
    text, params = post_scope(scope)
    pattern, expr, column = _group(group, params)
    pattern = _of_kind(_only(pattern, expr, only, params, besides), of_kind, params)
    if group in IMAGE_GROUPS:
        pattern = pattern.replace("(:Image)", "(i:Image)")
        return Query(f"{text}\n{pattern}\nRETURN {expr} AS {column}, count(DISTINCT i) AS images "
                     f"ORDER BY images {direction}, {column} LIMIT {int(limit)}", params)
    return Query(f"{text}\n{pattern}\nRETURN {expr} AS {column}, count(DISTINCT p) AS posts "
                 f"ORDER BY posts {direction}, {column} LIMIT {int(limit)}", params)


def group_names(scope: PostFilter, group: str, of_kind: str | None = None, besides: tuple[str, ...] = ()) -> Query:
    """The names of a group occurring in the scope's posts, each with how many of them (tags and kinds: photos), the
    most used first ("which topics did I write about in May 2021": which, and how much of each); with `of_kind`,
    the tags of that kind; with `besides`, all but those names."""
    return rank_groups(scope, group, GROUP_NAMES_LIMIT, "desc", of_kind=of_kind, besides=besides)


GROUP_NAMES_LIMIT = 200  # a listing of names, not a ranking: every one a person would read


def count_group_names(scope: PostFilter, group: str) -> Query:
    """How many distinct names of a group occur in the scope's posts."""
    text, params = post_scope(scope)
    pattern, expr, column = _group(group, params)
    return Query(f"{text}\n{pattern}\nRETURN count(DISTINCT {expr}) AS {column}s", params)


# a share floor's comparison: "more than" / "at least" a percentage of the group's posts
FLOOR_OPS = (">", ">=")


def _mostly(group: str, floor: tuple[str, int] | None = None) -> tuple[str, str]:
    """The groups whose posts are mostly (more than half) of one combined sentiment, or with `floor` (op, percent)
    more than / at least that share of them, and the group's column (the percent is a parameter, $floor_pct; the
    group's own parameters come from group_params)."""
    pattern, expr, column = _group(group, {})
    if floor is not None and floor[0] not in FLOOR_OPS:
        raise ValueError(f"a share floor compares with one of {FLOOR_OPS}")
    where = "matching * 2 > posts" if floor is None else f"100 * matching {floor[0]} $floor_pct * posts"
    return (f"MATCH (p:Post)\n{pattern}\nWITH {expr} AS {column}, count(DISTINCT p) AS posts, "
            f"count(DISTINCT CASE WHEN p.sentiment = $sentiment THEN p END) AS matching\n"
            f"WHERE {where}"), column


def _floor_params(floor: tuple[str, int] | None) -> dict[str, int]:
    return {} if floor is None else {"floor_pct": int(floor[1])}


def never_one_sentiment(group: str, sentiment: str, at_least: int | None = None) -> Query:
    """Groups none of whose posts has one combined sentiment ("topics that are never negative"), with their
    number of posts, most posts first (a group of one post says little); with `at_least`, only the groups with at
    least that many posts ("of the topics with 3 or more posts, which are never negative")."""
    return _one_sentiment_groups(group, sentiment, "matching = 0", at_least)


def only_one_sentiment(group: str, sentiment: str, at_least: int | None = None) -> Query:
    """Groups all of whose posts have one combined sentiment ("topics with only positive posts"), with their number
    of posts, most posts first (a group of one post says little, and the answer shows how many); `at_least` as in
    never_one_sentiment."""
    return _one_sentiment_groups(group, sentiment, "matching = posts", at_least)


# the most groups a never / only answer reads (the answer says "at least" when it reaches it)
ONE_SENTIMENT_ROWS = 500


def _one_sentiment_groups(group: str, sentiment: str, where: str, at_least: int | None) -> Query:
    params: dict[str, object] = {"sentiment": sentiment}
    pattern, expr, column = _group(group, params)
    if at_least is not None:
        where, params = f"{where} AND posts >= $at_least", {**params, "at_least": int(at_least)}
    return Query(f"MATCH (p:Post)\n{pattern}\nWITH {expr} AS {column}, count(DISTINCT p) AS posts, "
                 f"count(DISTINCT CASE WHEN p.sentiment = $sentiment THEN p END) AS matching\n"
                 f"WHERE {where}\nRETURN {column}, posts ORDER BY posts DESC, {column} "
                 f"LIMIT {ONE_SENTIMENT_ROWS}", params)


def mostly_one_sentiment(group: str, sentiment: str, min_posts: int,
                         floor: tuple[str, int] | None = None) -> Query:
    """Groups whose posts are mostly (more than half; or past `floor`, see _mostly) of one combined sentiment, with
    their share in percent: those with at least `min_posts` posts first (a share of 1 of 1 says little), by share."""
    text, column = _mostly(group, floor)
    return Query(f"{text}\nRETURN {column}, matching, posts, round(100.0 * matching / posts) AS share_pct\n"
                 f"ORDER BY CASE WHEN posts >= $min_posts THEN 0 ELSE 1 END, share_pct DESC, matching DESC, {column}",
                 {"sentiment": sentiment, "min_posts": int(min_posts), **_floor_params(floor), **group_params(group)})


def mostly_one_sentiment_counts(group: str, sentiment: str, min_posts: int,
                                floor: tuple[str, int] | None = None) -> Query:
    """How many groups are mostly of one sentiment (or past `floor`), and how many of those have at least
    `min_posts` posts (the answer's 'and N more with fewer posts' needs the whole count, not the row-limited
    rows)."""
    text, _ = _mostly(group, floor)
    return Query(f"{text}\nRETURN count(*) AS groups, "
                 "sum(CASE WHEN posts >= $min_posts THEN 1 ELSE 0 END) AS supported",
                 {"sentiment": sentiment, "min_posts": int(min_posts), **_floor_params(floor), **group_params(group)})


def average_score(scope: PostFilter, source: str = "combined", group: str | None = None,
                  order: Order | None = None, limit: int = 1, only: tuple[str, ...] = (),
                  bar: tuple[str, float] | None = None) -> Query:
    """Average score of one verdict: overall, per time (year | month | year_month) or per group; with `order`,
    only the `limit` best (desc) or worst (asc); with `only`, just those groups (a comparison); with `bar` (op,
    value), just the groups whose average passes it ("topics averaging above 0.5"; to four decimals, as the engines'
    floats differ in the last digits)."""
    text, params = post_scope(scope)
    score = sentiment_property(source, score=True)
    if group is None:
        return Query(f"{text}\nRETURN avg(p.{score}) AS avg_score", params)
    direction = ORDERS.get(order or "", "")
    if group in TIME_KEYS:
        keys = TIME_KEYS[group]
        aliases = ", ".join(part.split(" AS ")[-1] for part in keys.split(", "))
        # ties broken by the time itself, so a ranking cut at N is the same rows every time
        tail = f" ORDER BY avg_score {direction}, {aliases} LIMIT {int(limit)}" if direction \
            else f" ORDER BY {keys.split(' AS ')[-1]}"
        return Query(f"{text}\nRETURN {keys}, avg(p.{score}) AS avg_score{tail}", params)
    pattern, expr, column = _group(group, params)
    pattern = _only(pattern, expr, only, params)
    tail = f"ORDER BY avg_score {direction}, {column} LIMIT {int(limit)}" if direction \
        else f"ORDER BY avg_score DESC, {column} LIMIT 100"
    # each post once per group: two photos of one post with the same tag are two paths on Neo4j (docs/engines.md)
    if bar is not None:
        if bar[0] not in SCORE_BARS:
            raise ValueError(f"bar must compare with one of {list(SCORE_BARS)}")
        return Query(f"{text}\n{pattern}\nWITH DISTINCT p, {expr} AS {column}\n"
                     f"WITH {column}, avg(p.{score}) AS average WHERE average {bar[0]} $avg_bar\n"
                     f"RETURN {column}, round(10000.0 * average) / 10000.0 AS avg_score {tail}",
                     {**params, "avg_bar": float(bar[1])})
    return Query(f"{text}\n{pattern}\nWITH DISTINCT p, {expr} AS {column}\n"
                 f"RETURN {column}, avg(p.{score}) AS avg_score {tail}", params)


SCORE_BARS = (">", ">=", "<", "<=")


def extreme_posts(scope: PostFilter, by: str, limit: int, source: str = "combined") -> Query:
    """The `limit` oldest / newest posts by date, or the most negative / positive by one verdict's score."""
    text, params = post_scope(scope)
    if by in ("oldest", "newest"):
        order = "ASC" if by == "oldest" else "DESC"
        return Query(f"{text}\nRETURN {POST_COLUMNS}, p.created_at AS created_at "
                     f"ORDER BY p.created_at {order} LIMIT {int(limit)}", params)
    score = sentiment_property(source, score=True)
    order = "ASC" if by == "negative" else "DESC"
    # the date too, as a listing by date gives it (the answer shows it; a table of the rows now does as well)
    return Query(f"{text}\nRETURN {POST_COLUMNS}, p.created_at AS created_at, p.{score} AS score "
                 f"ORDER BY p.{score} {order} LIMIT {int(limit)}", params)


def caption_photo_gap(scope: PostFilter, order: Order, limit: int) -> Query:
    """The `limit` posts whose caption's and photo's sentiment scores are furthest apart (desc) or closest (asc),
    each with both scores and the gap; posts lacking either score are left out. The gap is rounded to 3 decimals so
    that equal gaps tie (on the post id) alike on both engines, whose float subtractions differ in the last digit."""
    text, params = post_scope(scope)
    return Query(f"{text}\nWITH p WHERE p.caption_sentiment_score IS NOT NULL AND p.image_sentiment_score IS NOT NULL\n"
                 f"RETURN {POST_COLUMNS}, p.caption_sentiment_score AS caption_score, "
                 f"p.image_sentiment_score AS photo_score, "
                 f"round(1000 * abs(p.caption_sentiment_score - p.image_sentiment_score)) / 1000.0 AS gap "
                 f"ORDER BY gap {ORDERS[order]}, p.id LIMIT {int(limit)}", params)


def cited_posts(head: str, post_variable: str, limit: int) -> str:
    """An answered query's MATCH/WHERE part (`head`, up to its final RETURN) returning the ids of up to `limit`
    posts it matched: the posts cited behind an aggregate answer."""
    if not re.fullmatch(r"[A-Za-z_]\w*", post_variable):
        raise ValueError(f"not a Cypher variable: {post_variable!r}")
    return f"{head.rstrip()}\nRETURN DISTINCT {post_variable}.id AS post_id LIMIT {int(limit)}"


def aliased_order(head: str, expression: str, direction: str, tail: str) -> str:
    """A generated query whose final RETURN (`head`, up to its ORDER BY) sorted by an aggregate `expression`,
    rewritten to return that aggregate as `order_value` and sort by the alias (FalkorDB refuses an aggregate in
    ORDER BY). `direction` is '', ' ASC' or ' DESC' (any case); `tail` is what followed (LIMIT ...)."""
    if direction.strip().upper() not in ("", "ASC", "DESC", "ASCENDING", "DESCENDING"):
        raise ValueError(f"not a sort direction: {direction!r}")
    return f"{head.rstrip()}, {expression} AS order_value ORDER BY order_value{direction}{tail}"
