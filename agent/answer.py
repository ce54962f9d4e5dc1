"""Answers rendered from result rows in code, so what the user reads cannot contradict the rows, and the
posts those rows came from, cited by id."""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.cypher import mask_strings
from core.photo_verdict import image_verdict
from graph.queries.aggregates import POST_SUMMARIES
from graph.queries.templates import cited_posts

POST_ID_COLUMNS = ("post_id", "post_ids", "id", "ids")
MAX_LISTED = 15
CAPTION_CHARS = 60
# plural -> singular where dropping the final "s" is wrong; a phrase ("kinds of tag") has its first word changed
IRREGULAR_SINGULARS = {"people": "person", "persons": "person", "entities": "entity", "matches": "match",
                       "categories": "category", "countries": "country", "cities": "city", "hobbies": "hobby",
                       "analyses": "analysis", "series": "series", "news": "news", "kinds": "kind"}


@dataclass
class AgentAnswer:
    """One answered (or refused) question; `error` is set when no query result stands behind the answer."""

    question: str
    cypher: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    answer: str = ""
    post_ids: list[str] = field(default_factory=list)
    error: str | None = None
    attempts: int = 0
    seconds: float = 0.0
    route: str = "llm"  # "parser": the question parser's compiled plan answered (attempts 0); "llm": generated Cypher


# a group column whose names are shown with their sign: hashtags as '#berlin', accounts as '@nasa' (the graph keeps
# the bare name; a place is called 'berlin' too)
SIGNED_COLUMNS = {"hashtag": "#", "account": "@"}
# key columns whose numbers stand for names (name_shown), and what the answer calls them
NAMED_NUMBERS = {"weekday": "day of the week"}


def name_shown(column: str, value: Any) -> str:
    """A group's name as the answer shows it: '#berlin' in a hashtag column, '@nasa' in an account column, 'Monday'
    for day 0 in a weekday column (graph.queries.templates.WEEKDAY_KEY)."""
    if column in NAMED_NUMBERS and isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return calendar.day_name[value]
    text = _fmt(value)
    sign = SIGNED_COLUMNS.get(column)
    return f"{sign}{text}" if sign and isinstance(value, str) and not text.startswith(sign) else text


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value[:MAX_LISTED]) + (" ..." if len(value) > MAX_LISTED else "")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items() if not k.startswith("_")) + "}"
    return "none" if value is None else str(value)


def singular(noun: str) -> str:
    """The singular of a plural noun or noun phrase ("posts" -> "post", "kinds of tag" -> "kind of tag",
    "people" -> "person"); a word that is not a regular plural is returned as it is."""
    head, sep, rest = noun.partition(" ")
    lower = head.lower()
    if lower in IRREGULAR_SINGULARS:
        one = IRREGULAR_SINGULARS[lower]
    elif lower.endswith("ies") and len(lower) > 4:
        one = head[:-3] + "y"
    elif lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(lower) > 2:
        one = head[:-1]
    else:
        one = head
    return one + sep + rest


def plural_form(noun: str) -> str:
    """The plural of a singular noun ("topic" -> "topics", "entity" -> "entities", "match" -> "matches")."""
    lower = noun.lower()
    if lower.endswith("y") and lower[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if lower.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun + "s"


def plural(noun: str, n: Any) -> str:
    """`noun` (given in the plural) agreeing with the count n: "post" for 1, "posts" otherwise."""
    return singular(noun) if n == 1 else noun


def count_of(n: Any, noun: str) -> str:
    """A count with its noun, agreeing in number: "1 post", "2,500 posts", "0 photos"."""
    shown = f"{n:,}" if isinstance(n, int) and not isinstance(n, bool) else _fmt(n)
    return f"{shown} {plural(noun, n)}"


def short_caption(text: str, limit: int = CAPTION_CHARS) -> str:
    """A caption cut at a word boundary to about `limit` characters, on one line."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut.rstrip(",.;:- ") + "\u2026"


def short_id(post_id: Any) -> str:
    """The recognisable end of a post id ("folder:2023/2023-01-09_coins.jpg" -> "2023-01-09_coins.jpg")."""
    return re.split(r"[/:\\]", str(post_id))[-1] or str(post_id)


def post_label(row: dict[str, Any], generated: dict[str, str] | None = None) -> str:
    """What a person recognises a post by: its caption cut to ~60 characters, or for a post without one the caption
    generated for its photo (the row's `generated_caption`, or `generated` by post id), marked as generated; only a
    post with neither shows (the end of) its id. The id itself stays in the answer's post_ids, which the UI renders
    as clickable cards."""
    caption = str(row.get("caption") or "").strip()
    if caption:
        return short_caption(caption)
    made = row.get("generated_caption") or (generated or {}).get(str(row.get("post_id")))
    if made:
        return f"(no caption; generated from the photo: \u201c{short_caption(str(made))}\u201d)"
    return f"(no caption; post {short_id(row.get('post_id'))})" if row.get("post_id") else "(no caption)"


def post_line(row: dict[str, Any], generated: dict[str, str] | None = None) -> str:
    """A post as the chat and the CLI show it: "2023-01-09: Sunny day at the beach" (date, then post_label)."""
    return f"{str(row.get('created_at') or '')[:10] or 'no date'}: {post_label(row, generated)}"


QueryRunner = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


def read_posts(run: QueryRunner, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Date, caption and first photo's generated caption of the posts `ids`, keyed by post id (ids that are no
    post are left out), for post_line. `run` is a read-only query function (the agent's guarded graph)."""
    wanted = list(dict.fromkeys(str(i) for i in ids))
    if not wanted:
        return {}
    return {str(row["post_id"]): row for row in run(POST_SUMMARIES, {"ids": wanted})}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _more(total: int) -> str:
    return f" ... and {total - MAX_LISTED} more" if total > MAX_LISTED else ""


def post_key(rows: Sequence[dict[str, Any]], posts: Mapping[str, dict[str, Any]]) -> str | None:
    """The column holding each row's post id ("post_id", or "id" when its values are posts), when every row's id is
    one of `posts`; else None (an "id" column of images, say, is not read as posts)."""
    if not rows or not posts:
        return None
    return next((c for c in ("post_id", "id") if c in rows[0]
                 and all(str(r.get(c)) in posts for r in rows[:MAX_LISTED])), None)


def render_post_rows(rows: Sequence[dict[str, Any]], key: str, posts: Mapping[str, dict[str, Any]]) -> str:
    """Rows that each name a post, shown as the chat shows posts (post_line) with the rows' other columns."""
    shown = [c for c in rows[0] if c not in (key, "caption", "created_at")]
    lines = ["- " + "; ".join([post_line(posts[str(r[key])]), *(f"{c.replace('_', ' ')}: {_fmt(r.get(c))}"
                                                               for c in shown)])
             for r in rows[:MAX_LISTED]]
    distinct = len({str(r[key]) for r in rows}) == len(rows)
    head = f"{count_of(len(rows), 'posts' if distinct else 'results')}:"
    return "\n".join([head, *lines]) + (f"\n{_more(len(rows)).strip()}" if len(rows) > MAX_LISTED else "")


def shown_verdicts(row: dict[str, Any]) -> dict[str, Any]:
    """A row whose photo verdict comes with its score: the verdict as the app shows it ('unclear' when the image
    model is unsure, core/photo_verdict.py), so the chat never states it as firm."""
    if "image_sentiment" in row and "image_sentiment_score" in row:
        return {**row, "image_sentiment": image_verdict(row["image_sentiment"], row["image_sentiment_score"])}
    return row


def render_answer(rows: Sequence[dict[str, Any]], posts: Mapping[str, dict[str, Any]] | None = None) -> str:
    """A plain sentence or list built from the rows (no LLM): counts, rankings, lists and post lists. `posts`
    (read_posts of the rows' post ids) lets rows that name posts by id show them by date and caption instead."""
    if not rows:
        return "No results: nothing in your graph matches that question."
    rows = [shown_verdicts(r) for r in rows]
    key = post_key(rows, posts or {})
    if key is not None:
        return render_post_rows(rows, key, posts or {})
    columns = list(rows[0])
    if len(rows) == 1 and len(columns) == 1:
        name, value = columns[0], rows[0][columns[0]]
        label = name.replace("_", " ")
        if isinstance(value, int) and not isinstance(value, bool):
            return f"{count_of(value, label)}."
        return f"{label.capitalize()}: {_fmt(value)}."
    if len(columns) == 1:
        values = [_fmt(r[columns[0]]) for r in rows[:MAX_LISTED]]
        return (f"{count_of(len(rows), columns[0].replace('_', ' ') + ' results')}: {', '.join(values)}"
                f"{_more(len(rows))}.")
    if len(columns) == 2 and _is_number(rows[0][columns[1]]) \
            and (not _is_number(rows[0][columns[0]]) or columns[0] in NAMED_NUMBERS):
        key, num = columns
        items = ", ".join(f"{_fmt(name_shown(key, r[key]) if key in NAMED_NUMBERS else r[key])} ({_fmt(r[num])})"
                          for r in rows[:MAX_LISTED])
        said = NAMED_NUMBERS.get(key, key.replace('_', ' '))
        return f"{num.replace('_', ' ').capitalize()} by {said}: {items}{_more(len(rows))}."
    if "post_id" in columns and "caption" in columns:  # posts: by caption; their ids are cited as cards
        shown = [c for c in columns if c not in ("post_id", "caption")]
        lines = ["- " + "; ".join([post_label(r), *(f"{c.replace('_', ' ')}: {_fmt(r.get(c))}" for c in shown)])
                 for r in rows[:MAX_LISTED]]
    else:
        lines = ["- " + "; ".join(f"{c.replace('_', ' ')}: {_fmt(r.get(c))}" for c in columns)
                 for r in rows[:MAX_LISTED]]
    head = f"{count_of(len(rows), 'results')}:"
    return "\n".join([head, *lines]) + (f"\n{_more(len(rows)).strip()}" if len(rows) > MAX_LISTED else "")


def render_share(rows: Sequence[dict[str, Any]], column: str, sentiment: str, min_posts: int, groups: int,
                 supported: int, floor: tuple[str, int] | None = None) -> str:
    """'Which topics are mostly negative?': the groups with at least `min_posts` posts, with their share, and an
    honest count of the rest, instead of a dump of every one-post group. `groups` / `supported` are the whole
    counts (the rows may be cut by the row limit). `floor` (op, percent) is a bar other than "more than half"
    ("at least half negative": ('>=', 50))."""
    kind = column.replace("_", " ")
    kinds = plural_form(kind)
    posts = count_of(min_posts, "posts")
    bar = _share_bar(floor)
    mostly = f"mostly {sentiment}" if floor is None else f"{bar} {sentiment}"
    if not groups:
        return f"No {kind} is {mostly}: none has {bar} of its posts {sentiment}."
    strong = [r for r in rows if _is_number(r.get("posts")) and r["posts"] >= min_posts][:MAX_LISTED]
    weak = groups - supported
    if not supported:
        examples = ", ".join(name_shown(column, r.get(column)) for r in rows[:5])
        return (f"No {kind} with at least {posts} is {mostly}. {count_of(weak, kinds)} with fewer "
                f"posts {'is' if weak == 1 else 'are'} {mostly}, too few posts to be sure: "
                f"{examples}{' ...' if weak > 5 else '.'}")
    lines = [f"- {name_shown(column, r.get(column))}: {_fmt(r['matching'])} of {count_of(r['posts'], 'posts')} "
             f"{sentiment} ({_fmt(r.get('share_pct'))}%)" for r in strong]
    one = supported == 1
    said = f" ({bar} of {'its' if one else 'their'} posts)" if floor is None else ""
    head = (f"{count_of(supported, kinds)} with at least {posts} {'is' if one else 'are'} {mostly}{said}"
            + (f"; the {len(strong)} with the highest share:" if supported > len(strong) else ":"))
    tail = [(f"And {weak:,} more {plural(kinds, weak)} with fewer than {posts} {'is' if weak == 1 else 'are'} "
             f"{mostly} too, but {'it has' if weak == 1 else 'they have'} too few posts to say much.")]
    tail = tail if weak else []
    return "\n".join([head, *lines, *tail])


def _share_bar(floor: tuple[str, int] | None) -> str:
    """'more than half', 'at least half', 'more than 30%' (a share floor in words)."""
    op, pct = floor or (">", 50)
    words = "more than" if op == ">" else "at least"
    return f"{words} {'half' if pct == 50 else f'{pct}%'}"


def post_ids_in(rows: Sequence[dict[str, Any]], limit: int = 50) -> list[str]:
    """Post ids the rows carry in a post_id / post_ids column (or an `id` column of Post nodes)."""
    ids: list[str] = []
    for row in rows:
        for column in POST_ID_COLUMNS:
            value = row.get(column)
            values = value if isinstance(value, list) else [value]
            ids.extend(str(v) for v in values if isinstance(v, (str, int)) and not isinstance(v, bool))
        for value in row.values():
            if isinstance(value, dict) and "Post" in value.get("_labels", ()) and value.get("id") is not None:
                ids.append(str(value["id"]))
    return list(dict.fromkeys(ids))[:limit]


_RETURN = re.compile(r"\bRETURN\b", re.IGNORECASE)
_POST_VAR = re.compile(r"\(\s*([A-Za-z_]\w*)\s*:\s*Post\b")


def citation_query(cypher: str, limit: int) -> str | None:
    """A read query for example posts behind an aggregate answer: the same MATCH/WHERE, returning post ids.

    Only for queries whose Post variable is still in scope at the final RETURN (no WITH in between);
    otherwise None and the answer goes without citations rather than citing the wrong posts.
    """
    masked = mask_strings(cypher)
    returns = list(_RETURN.finditer(masked))
    post = _POST_VAR.search(masked)
    if not returns or post is None:
        return None
    head = cypher[: returns[-1].start()]
    if re.search(r"\bWITH\b", masked[: returns[-1].start()], re.IGNORECASE):
        return None
    return cited_posts(head, post.group(1), limit)
