"""Aggregates the question parser's plans need beyond the fixed intents of `templates`: photo counts narrowed by
tags and by their posts, groups and time buckets kept by a count threshold, the share of posts with one
sentiment, and sentiments ranked by how many posts have them.

As everywhere in this package, values travel as parameters; what goes into the text (a comparison operator, a
sort order, a group pattern, an integer limit) comes from the fixed tables here and in `templates`.
"""
from __future__ import annotations

import calendar
from collections.abc import Sequence

from graph.queries.posts import (
    ABSENT,
    DISAGREE,
    OWN_CAPTION,
    RETWEET,
    SIDES,
    WEEKDAY_OF_POST,
    PostFilter,
    Query,
    entity_labels,
    on_days,
    post_scope,
    sentiment_property,
)
from graph.queries.templates import (
    GROUPS,
    IMAGE_GROUPS,
    ORDERS,
    TIME_KEYS,
    UNDATED_NONE,
    counted_with_zeros,
    group_params,
    verdict_only,
)

__all__ = ["COMPARISONS", "POST_SUMMARIES", "SHARE_PARTS", "average_group_count", "count_images_where", "dated_span",
           "groups_by_count",
           "posting_activity", "posting_pauses", "posts_on_days_compared", "posts_per_time_ranked", "rank_by_share",
           "score_range", "scores_by_source", "sentiment_per", "sentiment_ranking",
           "share_of_images_with", "share_of_posts", "share_of_posts_with", "time_buckets_empty",
           "time_buckets_without"]

# what the chat and the CLI show of listed or cited posts (agent.answer.read_posts): date, caption, and the caption
# generated for one of its photos (shown, marked, for a post without a caption of its own). It runs through the
# agent's guard, which knows only the schema's properties, so the photo is not picked by its position.
POST_SUMMARIES = """
UNWIND $ids AS id
MATCH (p:Post {id: id})
OPTIONAL MATCH (p)-[:HAS_IMAGE]->(i:Image)
WHERE i.generated_caption IS NOT NULL
RETURN p.id AS post_id, p.created_at AS created_at, p.caption AS caption,
       collect(i.generated_caption)[0] AS generated_caption
"""
COMPARISONS = {">": ">", ">=": ">=", "<": "<", "<=": "<=", "=": "="}
# a photo that shows / does not show a tag (prop "name") or a kind of tag (prop "kind"); {param} is numbered per use
IMAGE_SHOWS = "MATCH (i)-[:DEPICTS]->(:Tag {{{prop}: ${param}}})"
IMAGE_LACKS = "NOT (i)-[:DEPICTS]->(:Tag {{{prop}: ${param}}})"


def _time_bucket(per: str) -> tuple[str, str]:
    """(the key expressions with aliases, the key columns) of a time bucket: year, month, or year and month."""
    if per not in TIME_KEYS:
        raise ValueError(f"per must be one of {list(TIME_KEYS)}")
    return TIME_KEYS[per], ", ".join(k.split(" AS ")[1] for k in TIME_KEYS[per].split(", "))


def _op(op: str) -> str:
    if op not in COMPARISONS:
        raise ValueError(f"comparison must be one of {list(COMPARISONS)}")
    return COMPARISONS[op]


def _order(order: str) -> str:
    if order not in ORDERS:
        raise ValueError(f"order must be one of {list(ORDERS)}")
    return ORDERS[order]


def count_images_where(scope: PostFilter | None, tags: Sequence[str] = (), kinds: Sequence[str] = (),
                       not_tags: Sequence[str] = (), not_kinds: Sequence[str] = (),
                       either: Sequence[tuple[str, str]] = (), per: str | None = None) -> Query:
    """How many photos (of the scope's posts, or of all posts) show every one of `tags` and `kinds` (kinds of tag)
    and none of `not_tags` and `not_kinds` ("beach photos with no person": tags=['beach'], not_tags=['person']), and,
    with `either` ((name | kind, value) pairs), at least one of those ("photos of food or drink"). With `per`
    ("year" or "month"): those photos counted per year (month) of their post, dated posts only, oldest first."""
    params: dict[str, object] = {}
    if per is not None and (scope is None or scope == PostFilter()):
        lines = ["MATCH (p:Post)-[:HAS_IMAGE]->(i:Image)"]
    elif scope is None or scope == PostFilter():
        lines = ["MATCH (i:Image)"]
    else:
        text, params = post_scope(scope)
        lines = [text, "MATCH (p)-[:HAS_IMAGE]->(i:Image)"]
    where = []
    for prefix, values, prop, fragment, out in (("image_tag", tags, "name", IMAGE_SHOWS, lines),
                                               ("image_kind", kinds, "kind", IMAGE_SHOWS, lines),
                                               ("image_not_tag", not_tags, "name", IMAGE_LACKS, where),
                                               ("image_not_kind", not_kinds, "kind", IMAGE_LACKS, where)):
        for number, value in enumerate(dict.fromkeys(values)):
            out.append(fragment.format(prop=prop, param=f"{prefix}{number}"))
            params[f"{prefix}{number}"] = value
    if either:
        shown = [IMAGE_SHOWS.format(prop=prop, param=f"image_either{n}").removeprefix("MATCH ")
                 for n, (prop, _) in enumerate(either)]
        where.append("(" + " OR ".join(shown) + ")")
        params.update({f"image_either{n}": value for n, (_, value) in enumerate(either)})
    if per is not None:
        keys = ["p.year AS year"] + (["p.month AS month"] if per == "month" else [])
        where.append("p.year IS NOT NULL")
        lines.append("WITH DISTINCT p, i WHERE " + " AND ".join(where))
        order = "year, month" if per == "month" else "year"
        return Query("\n".join(lines) + f"\nRETURN {', '.join(keys)}, count(DISTINCT i) AS photos ORDER BY {order}",
                     params)
    lines.append("WITH DISTINCT i" + (f" WHERE {' AND '.join(where)}" if where else ""))
    return Query("\n".join(lines) + "\nRETURN count(i) AS photos", params)


def groups_by_count(scope: PostFilter, group: str, op: str, threshold: int, limit: int = 500,
                    per_year: bool = False) -> Query:
    """Topics / tags / hashtags ... whose number of posts (photos for tags and kinds) compares to `threshold`; over
    a scope kept by verdict only, a group none of whose posts is in it counts 0 ("topics with fewer than 2 negative
    posts" include those with none). With `per_year`, the number of different years of their posts ("topics I
    posted about in at least 3 different years"; undated posts are in no year)."""
    pattern, expr, column = GROUPS[group]
    counted, unit = ("p.year", "years") if per_year else ("i", "photos") if group in IMAGE_GROUPS else ("p", "posts")
    if verdict_only(scope) and _op(op) in ("<", "<=", "=") and not per_year:
        head, count, params = counted_with_zeros(scope, group)
        return Query(f"{head}\nWITH {expr} AS {column}, {count} AS {unit}\n"
                     f"WHERE {unit} {_op(op)} $threshold\n"
                     f"RETURN {column}, {unit} ORDER BY {unit} DESC, {column} LIMIT {int(limit)}",
                     {**params, "threshold": int(threshold)})
    text, params = post_scope(scope)
    params.update(group_params(group))
    if group in IMAGE_GROUPS and not per_year:
        pattern = pattern.replace("(:Image)", "(i:Image)")
    return Query(f"{text}\n{pattern}\nWITH {expr} AS {column}, count(DISTINCT {counted}) AS {unit}\n"
                 f"WHERE {unit} {_op(op)} $threshold\n"
                 f"RETURN {column}, {unit} ORDER BY {unit} DESC, {column} LIMIT {int(limit)}",
                 {**params, "threshold": int(threshold)})


def posts_by_group_count(scope: PostFilter, group: str, op: str, threshold: int, count_only: bool = False,
                         limit: int = 100) -> Query:
    """The scope's posts with a number of hashtags (mentions, people, photo tags...) that compares to `threshold`
    ("posts with at least 10 hashtags"), with that number, most first; with `count_only`, how many such posts. A
    post with none counts 0 ("posts with fewer than 2 hashtags" include those with none)."""
    if group not in GROUPS or group == "kind":
        raise ValueError(f"group must be one of {[g for g in GROUPS if g != 'kind']}")
    text, params = post_scope(scope)
    params.update(group_params(group))
    pattern, _, column = GROUPS[group]
    head = f"{text}\nOPTIONAL {pattern}\nWITH p, count(DISTINCT g) AS n\nWHERE n {_op(op)} $threshold"
    params = {**params, "threshold": int(threshold)}
    if count_only:
        return Query(f"{head}\nRETURN count(p) AS posts", params)
    return Query(f"{head}\nRETURN p.id AS post_id, p.caption AS caption, n AS {column}s "
                 f"ORDER BY n DESC, p.created_at LIMIT {int(limit)}", params)


def average_group_count(scope: PostFilter, group: str, per_photo: bool = False) -> Query:
    """'On average, how many hashtags does a post have?', 'the mean number of tags per pic': how many hashtags
    (mentions, people, photo tags...) each of the scope's posts (with `per_photo`, each of their photos) has, a post
    (photo) with none counting 0: the average (to four decimals, as the engines' floats differ in the last digits),
    the most on one, the total and how many posts (photos) there are. One row."""
    if group not in GROUPS or group == "kind":
        raise ValueError(f"group must be one of {[g for g in GROUPS if g != 'kind']}")
    text, params = post_scope(scope)
    params.update(group_params(group))
    unit = "photos" if per_photo else "posts"
    if per_photo:
        if group not in IMAGE_GROUPS:
            raise ValueError("only what the photos show is counted per photo")
        head = (f"{text}\nMATCH (p)-[:HAS_IMAGE]->(i:Image)\nWITH DISTINCT i\nOPTIONAL MATCH (i)-[:DEPICTS]->(g:Tag)\n"
                "WITH i, count(DISTINCT g) AS n")
    else:
        head = f"{text}\nOPTIONAL {GROUPS[group][0]}\nWITH p, count(DISTINCT g) AS n"
    return Query(f"{head}\nRETURN round(10000.0 * avg(n)) / 10000.0 AS average, max(n) AS most, sum(n) AS total, "
                 f"count(*) AS {unit}", params)


def posts_ranked_by_group_count(scope: PostFilter, group: str, limit: int = 1) -> Query:
    """The scope's posts with the most hashtags (mentions, people, photo tags...) on each: the top `limit` and every
    post tied with the last of them ("which post has the most hashtags" names all the posts tied at the top), most
    first. A post with none is never among them, so a graph without any gives no rows."""
    if group not in GROUPS or group == "kind":
        raise ValueError(f"group must be one of {[g for g in GROUPS if g != 'kind']}")
    text, params = post_scope(scope)
    params.update(group_params(group))
    pattern, _, column = GROUPS[group]
    # the cut is the number on the limit-th post (ORDER BY before collect keeps the order on both engines)
    return Query(f"{text}\n{pattern}\nWITH p, count(DISTINCT g) AS n ORDER BY n DESC\n"
                 "WITH collect(p) AS ps, collect(n) AS ns\n"
                 f"WITH ps, ns, coalesce(ns[{max(1, int(limit)) - 1}], ns[size(ns) - 1]) AS cut\n"
                 "UNWIND range(0, size(ps) - 1) AS i\nWITH ps[i] AS p, ns[i] AS n, cut WHERE n >= cut\n"
                 f"RETURN p.id AS post_id, p.caption AS caption, n AS {column}s ORDER BY n DESC, p.created_at "
                 "LIMIT 500", params)


def time_buckets_by_date(scope: PostFilter, per: str, order: str, limit: int = 1) -> Query:
    """The first (asc) or last (desc) years (months, ...) holding the scope's posts ("what year did I first post
    about cycling"), with their number of posts; undated posts are in none."""
    keys, columns = _time_bucket(per)
    text, params = post_scope(scope)
    first = columns.split(", ")[0]
    direction = _order(order)
    ordered = ", ".join(f"{c} {direction}" for c in columns.split(", "))
    return Query(f"{text}\nWITH {keys}, count(p) AS posts\nWHERE {first} IS NOT NULL\n"
                 f"RETURN {columns}, posts ORDER BY {ordered} LIMIT {int(limit)}", params)


def count_time_buckets(scope: PostFilter, per: str) -> Query:
    """In how many years (months, ...) the scope's posts were made ("in how many different years did I mention
    Berlin"), as the column `years` (`months`, ...), with the buckets themselves in `which` (oldest first) for the
    answer to name; undated posts are in none."""
    keys, columns = _time_bucket(per)
    text, params = post_scope(scope)
    first = columns.split(", ")[0]
    bucket = f"[{columns}]" if ", " in columns else columns
    unit = "months" if per == "year_month" else f"{per}s"
    return Query(f"{text}\nWITH DISTINCT {keys}\nWHERE {first} IS NOT NULL\nWITH {bucket} AS bucket ORDER BY bucket\n"
                 f"RETURN count(bucket) AS {unit}, collect(bucket) AS which", params)


def posts_per_time_ranked(scope: PostFilter, per: str, order: str | None = None, limit: int = 500,
                          threshold: tuple[str, int] | None = None) -> Query:
    """Posts per year (or per year and month, or per month of a filtered year), optionally only the buckets
    passing a count threshold, busiest (desc) or quietest (asc) first when `order` is set."""
    keys, columns = _time_bucket(per)
    text, params = post_scope(scope)
    # an undated post is in no season and on no day of the week
    having = f" WHERE {per} IS NOT NULL" if per in UNDATED_NONE else ""
    if threshold is not None:
        having = f"{having or ' WHERE'}{' AND' if having else ''} posts {_op(threshold[0])} $threshold"
        params = {**params, "threshold": int(threshold[1])}
    tail = f"ORDER BY posts {_order(order)}, {columns} LIMIT {int(limit)}" if order else f"ORDER BY {columns}"
    return Query(f"{text}\nWITH {keys}, count(p) AS posts{having}\nRETURN {columns}, posts {tail}", params)


def time_buckets_never(scope: PostFilter, per: str, sentiment: str, source: str = "combined") -> Query:
    """The years (or months) none of whose posts in the scope has one sentiment verdict ("years without a negative
    post"), with their number of posts, in time order; undated posts are no bucket."""
    keys, columns = _time_bucket(per)
    text, params = post_scope(scope)
    dated = " AND ".join(f"{c} IS NOT NULL" for c in columns.split(", "))
    prop = sentiment_property(source)
    return Query(f"{text}\nWITH {keys}, count(p) AS posts, "
                 f"sum(CASE WHEN p.{prop} = $never_sentiment THEN 1 ELSE 0 END) AS matching\n"
                 f"WHERE matching = 0 AND {dated}\nRETURN {columns}, posts ORDER BY {columns}",
                 {**params, "never_sentiment": sentiment})


def time_buckets_without(scope: PostFilter, per: str, part: str, value: str) -> Query:
    """The years (or months) in which none of the scope's posts is about a topic / mentions a name / shows a tag or
    kind (`part`, as SHARE_PARTS: "years without a café post"), with their number of posts, in time order; a bucket
    needs a post to be one (a year with no post at all is not listed), undated posts are no bucket."""
    keys, columns = _time_bucket(per)
    if part not in SHARE_PARTS:
        raise ValueError(f"part must be one of {list(SHARE_PARTS)}")
    text, params = post_scope(scope)
    dated = " AND ".join(f"{c} IS NOT NULL" for c in columns.split(", "))
    return Query(f"{text}\nOPTIONAL MATCH {SHARE_PARTS[part]}\nWITH p, count(x) AS hits\n"
                 f"WITH {keys}, count(p) AS posts, sum(CASE WHEN hits > 0 THEN 1 ELSE 0 END) AS matching\n"
                 f"WHERE matching = 0 AND {dated}\nRETURN {columns}, posts ORDER BY {columns}",
                 {**params, "share_value": value})


def dated_span() -> Query:
    """The first and the last month holding a dated post, each as year * 12 + month - 1 (None when no post is
    dated): "did I post about X every year" asks of every year (month) in between."""
    return Query("MATCH (p:Post) WHERE p.year IS NOT NULL AND p.month IS NOT NULL\n"
                 "RETURN min(p.year * 12 + p.month - 1) AS first, max(p.year * 12 + p.month - 1) AS last", {})


def time_buckets_empty(per: str, year: int | None = None) -> Query:
    """The months of one `year` (1-12), the years from the first dated post's to the last's, or the days of the week
    (of the posts' UTC timestamps), in which no post was made at all ("which months of 2021 did I not post"), in time
    order, each with its 0 posts."""
    if per == "month" and year is not None:
        return Query("UNWIND range(1, 12) AS month\nOPTIONAL MATCH (p:Post) WHERE p.year = $year AND p.month = month\n"
                     "WITH month, count(p) AS posts WHERE posts = 0\nRETURN $year AS year, month, "
                     "$month_names[month - 1] AS month_name, posts ORDER BY month",
                     {"year": year, "month_names": list(calendar.month_name)[1:]})
    if per == "year" and year is None:
        return Query("MATCH (d:Post) WHERE d.year IS NOT NULL\n"
                     "WITH min(d.year) AS first, max(d.year) AS last WHERE first IS NOT NULL\n"
                     "UNWIND range(first, last) AS year\nOPTIONAL MATCH (p:Post) WHERE p.year = year\n"
                     "WITH year, count(p) AS posts WHERE posts = 0\nRETURN year, posts ORDER BY year", {})
    if per == "weekday" and year is None:  # "is there a day of the week I never posted on": 0 Monday ... 6 Sunday
        return Query(f"UNWIND range(0, 6) AS weekday\nOPTIONAL MATCH (p:Post) WHERE p.timestamp IS NOT NULL AND "
                     f"{WEEKDAY_OF_POST} = weekday\nWITH weekday, count(p) AS posts WHERE posts = 0\n"
                     f"RETURN weekday, posts ORDER BY weekday", {})
    raise ValueError("empty buckets are the months of one year, the years or the days of the week")


def score_range(scope: PostFilter, source: str = "combined") -> Query:
    """'The lowest and highest sentiment scores of my Berlin posts': one side's lowest, highest and average score
    over the scope's posts that have one (-1 ... +1; the average to four decimals, as the engines' floats differ in
    the last digits), and how many those are. One row."""
    text, params = post_scope(scope)
    score = sentiment_property(source, score=True)
    return Query(f"{text}\nWITH p WHERE p.{score} IS NOT NULL\nRETURN min(p.{score}) AS lowest, "
                 f"max(p.{score}) AS highest, round(10000.0 * avg(p.{score})) / 10000.0 AS average, count(p) AS posts",
                 params)


def posting_pauses(scope: PostFilter, limit: int = 1) -> Query:
    """'What was the longest stretch I went without posting?': the gaps between one dated post of the scope and the
    next, in whole days, longest first: the `limit` longest and every gap tied with the last of them (a tie is said,
    not hidden), each with the post before it and the post after it (their ids, cited, and dates)."""
    text, params = post_scope(scope)
    cut = max(1, min(int(limit), 500)) - 1
    # the cut is the length of the limit-th gap (ORDER BY before collect keeps the order on both engines)
    return Query(f"{text}\nWITH p WHERE p.timestamp IS NOT NULL\nWITH p ORDER BY p.timestamp, p.id\n"
                 f"WITH collect(p) AS posts\nUNWIND range(0, size(posts) - 2) AS i\n"
                 f"WITH posts[i] AS before, posts[i + 1] AS after\n"
                 f"WITH before, after, toInteger(floor((after.timestamp - before.timestamp) / 86400.0)) AS days "
                 f"ORDER BY days DESC\n"
                 f"WITH collect(before) AS bs, collect(after) AS afs, collect(days) AS ds\n"
                 f"WITH bs, afs, ds, coalesce(ds[{cut}], ds[size(ds) - 1]) AS cut\n"
                 f"UNWIND range(0, size(ds) - 1) AS j\nWITH bs[j] AS before, afs[j] AS after, ds[j] AS days, cut "
                 f"WHERE days >= cut\n"
                 f"RETURN [before.id, after.id] AS post_ids, before.created_at AS last_before, "
                 f"after.created_at AS first_after, days ORDER BY days DESC, last_before LIMIT 500", params)


def posts_on_days_compared(scope: PostFilter, names: Sequence[str], days: Sequence[Sequence[int]]) -> Query:
    """'Did I post more at weekends or on weekdays?': the scope's posts made on each set of days of the week
    (`days[i]`, 0 Monday ... 6 Sunday, of the post's UTC timestamp), one row per name with its count (0 when none)
    and how many days of the week it spans; an undated post is on no day."""
    text, params = post_scope(scope)
    return Query(f"{text}\nWITH collect(CASE WHEN p.timestamp IS NOT NULL THEN {WEEKDAY_OF_POST} END) AS days\n"
                 f"UNWIND range(0, size($names) - 1) AS i\n"
                 f"WITH i, size([d IN days WHERE d IN $day_sets[i]]) AS posts\n"
                 f"RETURN $names[i] AS part, posts, size($day_sets[i]) AS days_of_week ORDER BY posts DESC, part",
                 {**params, "names": list(names), "day_sets": [list(d) for d in days]})


def share_of_posts(scope: PostFilter, sentiment: str, source: str = "combined") -> Query:
    """Of the scope's posts, how many have one sentiment verdict, how many there are, and the share in percent."""
    text, params = post_scope(scope)
    prop = sentiment_property(source)
    return Query(f"{text}\nWITH count(p) AS posts, "
                 f"sum(CASE WHEN p.{prop} = $share_sentiment THEN 1 ELSE 0 END) AS matching\n"
                 "RETURN matching, posts, CASE WHEN posts = 0 THEN 0.0 ELSE round(10000.0 * matching / posts) / 100 "
                 "END AS share_pct", {**params, "share_sentiment": sentiment})


def verdicts_by_source(scope: PostFilter, sentiment: str) -> Query:
    """Of the scope's posts, how many have a caption with one verdict and how many a photo with it ('are my captions
    or my photos sad more often?'): one row, the two counts side by side."""
    text, params = post_scope(scope)
    caption, image = sentiment_property("caption"), sentiment_property("image")
    return Query(f"{text}\nRETURN sum(CASE WHEN p.{caption} = $verdict THEN 1 ELSE 0 END) AS captions, "
                 f"sum(CASE WHEN p.{image} = $verdict THEN 1 ELSE 0 END) AS photos", {**params, "verdict": sentiment})


def posting_activity(scope: PostFilter) -> Query:
    """How often the scope's posts were made ('how often do I post?'): how many there are, how many have a date, the
    first and the last date, in how many distinct months they fall, and the dated posts per month and per year over
    the calendar months (years) from the first post's to the last's, both ends counted (the mean of the per-month
    or per-year counts, a month or year with none counted as 0; to four decimals, as the engines' floats differ
    in the last digits). One row."""
    text, params = post_scope(scope)
    return Query(f"{text}\nRETURN count(p) AS posts, count(p.created_at) AS dated, min(p.created_at) AS first_post, "
                 f"max(p.created_at) AS last_post, "
                 f"count(DISTINCT CASE WHEN p.year IS NOT NULL THEN p.year * 100 + coalesce(p.month, 0) END) "
                 f"AS active_months, "
                 f"round(10000.0 * count(p.created_at) / (max(p.year * 12 + p.month) - min(p.year * 12 + p.month) "
                 f"+ 1)) / 10000.0 AS posts_per_month, "
                 f"round(10000.0 * count(p.created_at) / (max(p.year) - min(p.year) + 1)) / 10000.0 AS posts_per_year",
                 params)


def scores_by_source(scope: PostFilter) -> Query:
    """The scope's captions and photos side by side ('are my photos happier than my captions?'). Over the posts with
    both a caption the user wrote and a photo, both scored: how many, the average caption and photo score, and on how
    many each side scored higher. Over each side's own posts: how many captions the user wrote (photos) have a
    verdict, and how many of them are positive and negative. One row."""
    text, params = post_scope(scope)
    caption, image = sentiment_property("caption"), sentiment_property("image")
    c_score, i_score = sentiment_property("caption", score=True), sentiment_property("image", score=True)
    both = f"{OWN_CAPTION} AND p.{c_score} IS NOT NULL AND p.{i_score} IS NOT NULL"
    sides = {"captions": (f"{OWN_CAPTION} AND p.{caption}", caption), "photos": (f"p.{image}", image)}
    counts = ", ".join(
        [f"sum(CASE WHEN {has} IS NOT NULL THEN 1 ELSE 0 END) AS {side}" for side, (has, _) in sides.items()]
        + [f"sum(CASE WHEN {OWN_CAPTION if side == 'captions' else 'true'} AND p.{prop} = '{verdict}' THEN 1 ELSE 0 "
           f"END) AS {verdict}_{side}" for side, (_, prop) in sides.items() for verdict in ("positive", "negative")])
    return Query(f"{text}\nRETURN sum(CASE WHEN {both} THEN 1 ELSE 0 END) AS posts, "
                 f"avg(CASE WHEN {both} THEN p.{c_score} END) AS caption_avg, "
                 f"avg(CASE WHEN {both} THEN p.{i_score} END) AS photo_avg, "
                 f"sum(CASE WHEN {both} AND p.{i_score} > p.{c_score} THEN 1 ELSE 0 END) AS photo_higher, "
                 f"sum(CASE WHEN {both} AND p.{c_score} > p.{i_score} THEN 1 ELSE 0 END) AS caption_higher, {counts}",
                 params)


# what part of the posts (photos) a share counts ("what % of my posts are about travel"), matched from p (i) as x
SHARE_PARTS = {
    "topic": "(p)-[:ABOUT]->(x:Topic {name: $share_value})",
    "entity": "(p)-[:MENTIONS]->(x:Entity {name: $share_value})",
    # any hashtag (HASHTAG), @mention (MENTION), person or place (posts.LABEL_GROUPS)
    "label": "(p)-[:MENTIONS]->(x:Entity) WHERE x.label IN $share_value",
    "tag": "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(x:Tag {name: $share_value})",
    "kind": "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(x:Tag {kind: $share_value})",
}
IMAGE_SHARE_PARTS = {"tag": "(i)-[:DEPICTS]->(x:Tag {name: $share_value})",
                     "kind": "(i)-[:DEPICTS]->(x:Tag {kind: $share_value})"}
SHARE_RETURN = ("RETURN matching, {unit}, CASE WHEN {unit} = 0 THEN 0.0 ELSE round(10000.0 * matching / {unit}) / 100 "
                "END AS share_pct")


# a part that is a property of the post itself ("what % of my posts are in English")
SHARE_PROPERTIES = {"language": "p.language = $share_value", "retweet": RETWEET,
                    "weekday": on_days("share_value"), "has_caption": OWN_CAPTION,
                    # the caption's and the photo's verdicts: the same, different, or one positive and one negative
                    # (a post without both verdicts is in the whole and not in the part)
                    "sides_agree": SIDES["agree"], "sides_opposite": SIDES["opposite"], "disagree": DISAGREE,
                    # when: a year, a month (of any year), months of any year, years ("what % of my posts are from
                    # the summer months")
                    "year": "p.year = $share_value", "month": "p.month = $share_value",
                    "months": "p.month IN $share_value", "years": "p.year IN $share_value",
                    "absent_caption": ABSENT["caption"]}
# what a post lacks ("what % of my posts have no hashtag"): a post has none of these matches (as posts.ABSENT)
ABSENT_PARTS = {"absent_image": "(p)-[:HAS_IMAGE]->(x:Image)", "absent_topic": "(p)-[:ABOUT]->(x:Topic)",
                "absent_entity": "(p)-[:MENTIONS]->(x:Entity)",
                "absent_hashtag": "(p)-[:MENTIONS]->(x:Entity {label: 'HASHTAG'})",
                "absent_mention": "(p)-[:MENTIONS]->(x:Entity {label: 'MENTION'})",
                "absent_tag": "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(x:Tag)",
                "absent_people": "(p)-[:MENTIONS]->(x:Entity) WHERE x.label IN ['PERSON', 'MENTION']"}


def share_of_posts_with(scope: PostFilter, part: str, value: str | int | list[int]) -> Query:
    """Of the scope's posts, how many are about a topic / mention a name / show a tag or kind / are in a language /
    were made on some days of the week (`part`; then `value` lists the days, 0 Monday ... 6 Sunday), how many there
    are, and the share in percent."""
    if part not in SHARE_PARTS and part not in SHARE_PROPERTIES and part not in ABSENT_PARTS:
        raise ValueError(f"part must be one of {[*SHARE_PARTS, *SHARE_PROPERTIES, *ABSENT_PARTS]}")
    text, params = post_scope(scope)
    if part in ABSENT_PARTS:
        return Query(f"{text}\nOPTIONAL MATCH {ABSENT_PARTS[part]}\nWITH p, count(x) AS hits\n"
                     "WITH count(p) AS posts, sum(CASE WHEN hits = 0 THEN 1 ELSE 0 END) AS matching\n"
                     + SHARE_RETURN.format(unit="posts"), params)
    if part in SHARE_PROPERTIES:
        return Query(f"{text}\nWITH count(p) AS posts, sum(CASE WHEN {SHARE_PROPERTIES[part]} THEN 1 ELSE 0 END) "
                     "AS matching\n" + SHARE_RETURN.format(unit="posts"), {**params, "share_value": value})
    return Query(f"{text}\nOPTIONAL MATCH {SHARE_PARTS[part]}\nWITH p, count(x) AS hits\n"
                 "WITH count(p) AS posts, sum(CASE WHEN hits > 0 THEN 1 ELSE 0 END) AS matching\n"
                 + SHARE_RETURN.format(unit="posts"),
                 {**params, "share_value": entity_labels(value) if part == "label" else value})


def share_of_images_with(scope: PostFilter | None, part: str, value: str) -> Query:
    """Of the photos (of the scope's posts, or all), how many show a tag or a kind of tag, how many there are, and
    the share in percent."""
    if part not in IMAGE_SHARE_PARTS:
        raise ValueError(f"part must be one of {list(IMAGE_SHARE_PARTS)}")
    params: dict[str, object] = {}
    if scope is None or scope == PostFilter():
        head = "MATCH (i:Image)"
    else:
        text, params = post_scope(scope)
        head = f"{text}\nMATCH (p)-[:HAS_IMAGE]->(i:Image)\nWITH DISTINCT i"
    return Query(f"{head}\nOPTIONAL MATCH {IMAGE_SHARE_PARTS[part]}\nWITH i, count(x) AS hits\n"
                 "WITH count(i) AS photos, sum(CASE WHEN hits > 0 THEN 1 ELSE 0 END) AS matching\n"
                 + SHARE_RETURN.format(unit="photos"), {**params, "share_value": value})


def sentiment_ranking(scope: PostFilter, source: str = "combined", order: str = "desc", limit: int = 1) -> Query:
    """The commonest (desc) or rarest (asc) sentiment verdicts among the scope's posts, with their counts."""
    text, params = post_scope(scope)
    prop = sentiment_property(source)
    column = "sentiment" if source == "combined" else prop  # the answer names whose verdict it counted
    return Query(f"{text}\nWITH p WHERE p.{prop} IS NOT NULL\nRETURN p.{prop} AS {column}, count(p) AS posts "
                 f"ORDER BY posts {_order(order)}, {column} LIMIT {int(limit)}", params)


def _bucket(per: str) -> tuple[str, str, str]:
    """(the MATCH a group needs or '', the bucket's key expressions with aliases, the key columns) for a time
    bucket (year | month | year_month) or a group of `templates.GROUPS` (topics, hashtags, ...)."""
    if per in TIME_KEYS:
        keys, columns = _time_bucket(per)
        return "", f"{keys}, p", columns
    if per not in GROUPS or per in IMAGE_GROUPS:
        raise ValueError(f"per must be a time bucket {list(TIME_KEYS)} or a post group "
                         f"{[g for g in GROUPS if g not in IMAGE_GROUPS]}")
    pattern, expr, column = GROUPS[per]
    # each post once per group: two paths to one topic must not count the post twice
    return f"\n{pattern}", f"DISTINCT {expr} AS {column}, p", column


SENTIMENT_PER_GROUPS = 100  # a breakdown per topic, hashtag...: the groups with the most posts (3 rows each at most)


def sentiment_per(scope: PostFilter, per: str, source: str = "combined") -> Query:
    """How many of the scope's posts have each verdict, per year / month (`per` a time bucket) or per topic, hashtag,
    person... (`per` a post group; only the SENTIMENT_PER_GROUPS groups with the most posts, so the row limit never
    cuts a group's verdicts off): one row per bucket and verdict ("positive vs negative posts per year", "the
    sentiment of each topic"). Undated posts are no year; posts with no verdict are left out."""
    text, params = post_scope(scope)
    params.update(group_params(per))
    pattern, keys, columns = _bucket(per)
    prop = sentiment_property(source)
    where = [f"{c} IS NOT NULL" for c in columns.split(", ")] + ["sentiment IS NOT NULL"]
    if per not in TIME_KEYS:
        keys = (f"{keys}\nWITH {columns}, collect(p) AS grouped, count(p) AS total "
                f"ORDER BY total DESC, {columns} LIMIT {SENTIMENT_PER_GROUPS}\nUNWIND grouped AS p\nWITH {columns}, p")
    return Query(f"{text}{pattern}\nWITH {keys}\nWITH {columns}, p.{prop} AS sentiment, count(p) AS posts "
                 f"WHERE {' AND '.join(where)}\n"
                 f"RETURN {columns}, sentiment, posts ORDER BY {columns}, posts DESC, sentiment LIMIT 500", params)


def rank_by_share(scope: PostFilter, per: str, sentiment: str, order: str = "desc", limit: int = 10,
                  min_posts: int = 1, source: str = "combined", only: Sequence[str] = ()) -> Query:
    """Years / months or topics, hashtags... ranked by the share of their posts with one verdict ("which topic has
    the highest share of negative posts"): only buckets with at least `min_posts` posts (a share of 1 of 1 says
    little), with the matching posts, the posts and the share in percent; ties broken by more matching posts. With
    `only`, just those groups (named ones compared: "percent positive, art vs quiz")."""
    text, params = post_scope(scope)
    params.update(group_params(per))
    pattern, keys, columns = _bucket(per)
    prop = sentiment_property(source)
    dated = "".join(f" AND {c} IS NOT NULL" for c in columns.split(", "))
    if only:
        if "," in columns:
            raise ValueError("only named groups, not time buckets, are picked")
        dated += f" AND {columns} IN $only_groups"
        params["only_groups"] = list(only)
    return Query(f"{text}{pattern}\nWITH {keys}\nWITH {columns}, count(p) AS posts, "
                 f"count(CASE WHEN p.{prop} = $share_sentiment THEN 1 END) AS matching\n"
                 f"WHERE posts >= $min_posts{dated}\n"
                 f"RETURN {columns}, matching, posts, round(10000.0 * matching / posts) / 100 AS share_pct\n"
                 f"ORDER BY share_pct {_order(order)}, matching {_order(order)}, {columns} LIMIT {int(limit)}",
                 {**params, "share_sentiment": sentiment, "min_posts": int(min_posts)})
