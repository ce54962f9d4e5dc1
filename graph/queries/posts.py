"""Which posts: the one post filter (`MATCH (p:Post)` narrowed by related nodes, then `WITH DISTINCT p WHERE ...`)
that the Browse grid and the agent's templates both start from, and which property holds each sentiment verdict.

Why composed fragments and not one query with `$x IS NULL OR ...` guards: each engine's planner then sees the
selective pattern (a topic, a tag) and can start from it instead of testing every post. The filter only decides
WHICH fixed fragments are used; its values always travel as parameters.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from core.languages import UNDETERMINED

SentimentSource = Literal["combined", "caption", "image"]

# which Post property holds each sentiment verdict ("combined" = the post's final, fused verdict); its polarity
# score is in the same name + "_score"
SENTIMENT_PROPERTIES: dict[str, str] = {
    "combined": "sentiment", "caption": "caption_sentiment", "image": "image_sentiment",
}

# patterns that narrow the posts by one related node, keyed by the filter field whose value is `$<field>`
ANCHORS: dict[str, str] = {
    "topic": "MATCH (p)-[:ABOUT]->(:Topic {name: $topic})",
    "tag": "MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {name: $tag})",
    "kind": "MATCH (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {kind: $kind})",
    "entity": "MATCH (p)-[:MENTIONS]->(e:Entity {name: $entity})",
    "label": "MATCH (p)-[:MENTIONS]->(x_label:Entity) WHERE x_label.label IN $label",  # see LABEL_GROUPS
    "hashtag": "MATCH (p)-[:MENTIONS]->(:Entity {name: $hashtag, label: 'HASHTAG'})",
    "mention": "MATCH (p)-[:MENTIONS]->(:Entity {name: $mention, label: 'MENTION'})",
}
# a `label` filter's value is one entity label ('PERSON', 'HASHTAG') or a name for several: a place is a
# geopolitical entity (a city, a country) or another location (a mountain, a lake)
LABEL_GROUPS: dict[str, tuple[str, ...]] = {"PLACE": ("GPE", "LOC")}


def entity_labels(label: str) -> list[str]:
    """The entity labels a `label` filter's value stands for."""
    return list(LABEL_GROUPS.get(label, (label,)))


# the entity anchor when hashtags and @mentions have their own filters (the Browse page): a name (a person, place,
# organisation ...), neither a hashtag nor an @mention; the same entities the Insights ranking counts
ENTITY_NAME_ONLY = ("MATCH (p)-[:MENTIONS]->(e:Entity {name: $entity}) "
                    "WHERE e.label <> 'HASHTAG' AND e.label <> 'MENTION'")

# what a post must lack
# a caption the user wrote: not empty, and not one generated from the photo (whose caption verdict reads the photo;
# a post without a caption has no caption verdict, or a placeholder 'neutral' in graphs loaded before
# caption_sentiment version 3)
OWN_CAPTION = "coalesce(p.caption_generated, false) = false AND trim(coalesce(p.caption, '')) <> ''"
# a retweet: its text carries Twitter's "RT @user" marker (a retweet at the start, an old-style quoting one after a
# comment); case-sensitive, as Twitter writes it
RETWEET = "coalesce(p.caption, '') CONTAINS 'RT @'"
SCORE_OPS = (">", ">=", "<", "<=")
# a denied value of a field, `{param}` its parameter: `not_<field>` for the first ("no_tag_name" below), `also_not_<n>`
# for each further one ("photos that show neither a cat nor a dog": the dog)
# a post that has a value of a field, `{param}` its parameter, as a condition: "posts about food or drink" is
# `any_of_1` OR `any_of_2` (PostFilter.any_of)
HAS_VALUE: dict[str, str] = {
    "tag": "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {{name: ${param}}})",
    "kind": "(p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag {{kind: ${param}}})",
    "topic": "(p)-[:ABOUT]->(:Topic {{name: ${param}}})",
    "entity": "(p)-[:MENTIONS]->(:Entity {{name: ${param}}})",
}
ALSO_DENIED: dict[str, str] = {field: f"NOT {pattern}" for field, pattern in HAS_VALUE.items()}
ABSENT: dict[str, str] = {
    "image": "NOT (p)-[:HAS_IMAGE]->(:Image)",
    "topic": "NOT (p)-[:ABOUT]->(:Topic)",
    "entity": "NOT (p)-[:MENTIONS]->(:Entity)",
    "hashtag": "NOT (p)-[:MENTIONS]->(:Entity {label: 'HASHTAG'})",
    "mention": "NOT (p)-[:MENTIONS]->(:Entity {label: 'MENTION'})",
    "tag": "NOT (p)-[:HAS_IMAGE]->(:Image)-[:DEPICTS]->(:Tag)",
    "caption": f"NOT ({OWN_CAPTION})",  # no caption the user wrote (none, blank, or one composed from the photo)
    # "the caption names no one": no person's name and no @mention
    "people": ("NOT (p)-[:MENTIONS]->(:Entity {label: 'PERSON'}) AND NOT (p)-[:MENTIONS]->(:Entity {label: "
               "'MENTION'})"),
    "no_tag_name": ALSO_DENIED["tag"].format(param="not_tag"),
    "no_tag_kind": ALSO_DENIED["kind"].format(param="not_kind"),
    "no_topic_name": ALSO_DENIED["topic"].format(param="not_topic"),
    "no_entity_name": ALSO_DENIED["entity"].format(param="not_entity"),
    # "without #berlin": that hashtag only (a post naming the city Berlin still counts as without the hashtag)
    "no_hashtag_name": "NOT (p)-[:MENTIONS]->(:Entity {name: $not_entity, label: 'HASHTAG'})",
}

# the day of the week of the post's UTC timestamp, 0 Monday ... 6 Sunday (1970-01-01, day 0, was a Thursday); in
# brackets, as FalkorDB reads `a % 7 IN [...]` otherwise
WEEKDAY_OF_POST = "((toInteger(floor(p.timestamp / 86400.0)) + 3) % 7)"


def on_days(param: str) -> str:
    """The condition that the post was made on one of the days of the week in `$param` (a list, 0 Monday ...)."""
    return f"(p.timestamp IS NOT NULL AND {WEEKDAY_OF_POST} IN ${param})"


# property conditions, keyed by the filter field whose value is `$<field>`; all of them are ANDed
CONDITIONS: dict[str, str] = {
    "year": "p.year = $year",
    "month": "p.month = $month",
    # the day of the month of the post's UTC date (created_at is ISO-8601, 'YYYY-MM-DDTHH:MM:SSZ')
    "day": "(p.created_at IS NOT NULL AND toInteger(substring(p.created_at, 8, 2)) = $day)",
    "month_from": "p.month >= $month_from",  # a span of months ("January to June 2022"), with `year`
    "month_to": "p.month <= $month_to",
    "entity_label": "e.label = $entity_label",  # joins the entity anchor's MATCH (see _anchors)
    "language": "p.language = $language",
    # "posts not in English": posts in another language; a caption too short to tell ('und') is in none
    "not_language": f"p.language IS NOT NULL AND NOT p.language IN [$not_language, '{UNDETERMINED}']",
    "weekdays": on_days("weekdays"),
    "date_from": "p.created_at >= $date_from",
    "date_to": "p.created_at <= $date_to",
    "year_from": "p.year >= $year_from",
    "year_to": "p.year <= $year_to",
    "text": "(toLower(p.caption) CONTAINS $text OR any(c IN generated WHERE c CONTAINS $text))",
    "post_id": "p.id = $post_id",  # the one post a follow-up points at ("what place was that in?")
    "words": "all(w IN $words WHERE toLower(p.caption) CONTAINS w OR any(c IN generated WHERE c CONTAINS w))",
    "has_image": "(p)-[:HAS_IMAGE]->(:Image)",
    "years": "p.year IN $years",
}
# `generated`: the lower-cased captions generated for the post's images (the offline captioner writes one on every
# image), collected before the WHERE when a text condition needs them. FalkorDB cannot evaluate a pattern
# comprehension inside that WHERE, so it is an OPTIONAL MATCH + collect. A caption below the captioner's confidence
# gate is not searched: it is often wrong ("a brown dog" for a cat), and a search must not cite it as a finding.
WITH_GENERATED = ("WITH DISTINCT p\nOPTIONAL MATCH (p)-[:HAS_IMAGE]->(gi:Image)\n"
                  "WHERE NOT coalesce(gi.caption_uncertain, false)\n"
                  "WITH p, collect(toLower(gi.generated_caption)) AS generated")
# a post whose caption-only and final verdicts can be compared (the UI's Compare page)
COMPARABLE = ("p.caption_sentiment IS NOT NULL AND p.image_sentiment IS NOT NULL AND p.sentiment IS NOT NULL "
              f"AND {OWN_CAPTION}")
DISAGREE = ("p.caption_sentiment IS NOT NULL AND p.image_sentiment IS NOT NULL "
            "AND p.caption_sentiment <> p.image_sentiment")
CAPTION_AND_IMAGE = "p.caption_sentiment = $caption_sentiment AND p.image_sentiment = $image_sentiment"
# the caption's and the photo's verdicts compared (PostFilter.sides): the same verdict, or one side's score higher
SIDES = {
    "agree": ("p.caption_sentiment IS NOT NULL AND p.image_sentiment IS NOT NULL "
              "AND p.caption_sentiment = p.image_sentiment"),
    # opposite verdicts: one side positive and the other negative (a neutral side differs, but is not opposite)
    "opposite": ("(p.caption_sentiment = 'positive' AND p.image_sentiment = 'negative' "
                 "OR p.caption_sentiment = 'negative' AND p.image_sentiment = 'positive')"),
    "image_happier": ("p.image_sentiment_score IS NOT NULL AND p.caption_sentiment_score IS NOT NULL "
                      "AND p.image_sentiment_score > p.caption_sentiment_score"),
    "caption_happier": ("p.image_sentiment_score IS NOT NULL AND p.caption_sentiment_score IS NOT NULL "
                        "AND p.caption_sentiment_score > p.image_sentiment_score"),
}


class Query(NamedTuple):
    """A statement and its parameters (unpacks as `cypher, params = ...`)."""

    text: str
    params: dict[str, Any]


@dataclass(frozen=True)
class PostFilter:
    """Which posts: every field that is not None narrows them (None means 'any').

    `kind` is a tag's kind ('animal'); `label` keeps posts mentioning any entity of that label; `entity_label`
    narrows the `entity` match to one label. `absent` names entries of ABSENT (`no_tag_name` / `no_tag_kind` /
    `no_topic_name` / `no_entity_name` read `not_tag` / `not_kind` / `not_topic` / `not_entity`); `not_sentiment`
    keeps posts whose verdict of `source` is set and differs. Dates are ISO-8601 UTC strings compared with
    `created_at`; `text` is matched lower-case against the caption and the captions generated for the post's
    photos; `words` (lower-case word roots) must each occur in one of them ("photos of a dog running on grass").
    """

    topic: str | None = None
    tag: str | None = None
    kind: str | None = None
    entity: str | None = None
    entity_is_name: bool = False  # the entity must be a name, not a hashtag or an @mention (ENTITY_NAME_ONLY)
    label: str | None = None
    hashtag: str | None = None
    mention: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None  # the day of the month (with `month`: "on 25 December", any year unless `year` is set)
    month_from: int | None = None  # months month_from..month_to (with `year`: "the first half of 2022")
    month_to: int | None = None
    entity_label: str | None = None
    sentiment: str | None = None
    source: str = "combined"
    absent: tuple[str, ...] = ()
    not_tag: str | None = None
    not_kind: str | None = None
    not_topic: str | None = None
    not_entity: str | None = None
    # further denied values, (field of ALSO_DENIED, name): "not a cat or a dog" is not_tag 'cat' + ('tag', 'dog')
    also_not: tuple[tuple[str, str], ...] = ()
    # values any one of which keeps a post, (field of HAS_VALUE, name): "food or drink" is ('tag', 'food'), ('tag',
    # 'drink')
    any_of: tuple[tuple[str, str], ...] = ()
    # further values every post must also have, (field of HAS_VALUE, name): "mention both Max and Sarah" is entity
    # 'max' + ('entity', 'sarah')
    all_of: tuple[tuple[str, str], ...] = ()
    # things one photo of the post shows at once, (Tag property name | kind, value): "a dog at the beach" is
    # ('name', 'dog'), ('name', 'beach')
    same_photo: tuple[tuple[str, str], ...] = ()
    not_sentiment: str | None = None  # the verdict of `source` is set and is not this value
    disagree: bool = False
    sides: str | None = None  # a key of SIDES: the two verdicts agree, or one side's score is the higher
    own_caption: bool = False  # only posts with a caption the user wrote (OWN_CAPTION)
    retweet: bool | None = None  # True: only retweets (RETWEET); False: only posts that are not
    caption_sentiment: str | None = None
    image_sentiment: str | None = None
    not_caption_sentiment: str | None = None  # the caption's verdict is set and is not this value
    # ("side", op, value): the sentiment score of a side (combined | caption | image) compared with a number,
    # "posts scoring above 0.5"; op one of SCORE_OPS
    score: tuple[str, str, float] | None = None
    not_image_sentiment: str | None = None  # the photo's verdict is set and is not this value
    language: str | None = None
    not_language: str | None = None  # a language the posts are not in (and whose language is known)
    date_from: str | None = None
    date_to: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    weekdays: tuple[int, ...] = ()  # days of the week, 0 Monday ... 6 Sunday, of the post's UTC timestamp
    text: str | None = None
    words: tuple[str, ...] = ()
    has_image: bool = False  # only posts with a photo
    years: tuple[int, ...] = ()  # only posts of these years ("2021 compared to 2022")
    sentiments: tuple[str, ...] = ()  # only posts whose verdict of `source` is one of these ("positive vs negative")
    post_id: str | None = None  # that one post (the one the last answer named)


def sentiment_property(source: str, score: bool = False) -> str:
    """The Post property holding the verdict of `source` (combined | caption | image), or with `score` its
    polarity score."""
    if source not in SENTIMENT_PROPERTIES:
        raise ValueError(f"sentiment source must be one of {sorted(SENTIMENT_PROPERTIES)}")
    return SENTIMENT_PROPERTIES[source] + ("_score" if score else "")


def _anchors(flt: PostFilter, params: dict[str, Any]) -> list[str]:
    lines = []
    for field, pattern in ANCHORS.items():
        value = getattr(flt, field)
        if value is None:
            continue
        params[field] = entity_labels(value) if field == "label" else value
        if field == "entity":
            pattern = ENTITY_NAME_ONLY if flt.entity_is_name else pattern
            if flt.entity_label is not None:
                # on the entity's own MATCH: `e` is out of scope after `WITH DISTINCT p` (Neo4j rejects that;
                # FalkorDB let it through)
                pattern += (" AND " if " WHERE " in pattern else " WHERE ") + CONDITIONS["entity_label"]
                params["entity_label"] = flt.entity_label
        lines.append(pattern)
    if flt.entity_label is not None and flt.entity is None:
        raise ValueError("entity_label narrows the entity filter: set entity too")
    if flt.same_photo:
        if any(prop not in ("name", "kind") for prop, _ in flt.same_photo):
            raise ValueError("same_photo matches a Tag's name or kind")
        shows = [f"(sp)-[:DEPICTS]->(:Tag {{{prop}: $same_photo_{n}}})"
                 for n, (prop, _) in enumerate(flt.same_photo, 1)]
        lines.append(f"MATCH (p)-[:HAS_IMAGE]->(sp:Image) WHERE {' AND '.join(shows)}")
        params.update({f"same_photo_{n}": value for n, (_, value) in enumerate(flt.same_photo, 1)})
    return lines


def _conditions(flt: PostFilter, params: dict[str, Any]) -> list[str]:
    where = []
    for field in ("year", "month", "day"):
        if getattr(flt, field) is not None:
            params[field] = getattr(flt, field)
            where.append(CONDITIONS[field])
    if flt.sentiment is not None:
        where.append(f"p.{sentiment_property(flt.source)} = $sentiment")  # a property from the fixed map
        params["sentiment"] = flt.sentiment
    if flt.not_sentiment is not None:
        where.append(f"p.{sentiment_property(flt.source)} <> $not_sentiment")
        params["not_sentiment"] = flt.not_sentiment
    if flt.sentiments:
        where.append(f"p.{sentiment_property(flt.source)} IN $sentiments")
        params["sentiments"] = list(flt.sentiments)
    if flt.years:
        where.append(CONDITIONS["years"])
        params["years"] = list(flt.years)
    if flt.weekdays:
        where.append(CONDITIONS["weekdays"])
        params["weekdays"] = list(flt.weekdays)
    if flt.has_image:
        where.append(CONDITIONS["has_image"])
    if flt.score is not None:
        side, op, value = flt.score
        if op not in SCORE_OPS:
            raise ValueError(f"a score comparison must be one of {SCORE_OPS}")
        where.append(f"p.{sentiment_property(side, score=True)} {op} $score_value")  # both from fixed tables
        params["score_value"] = float(value)
    where.extend(ABSENT[absent] for absent in flt.absent)
    for field in ("not_tag", "not_kind", "not_topic", "not_entity"):
        if getattr(flt, field) is not None:
            params[field] = getattr(flt, field)
    for n, (field, name) in enumerate(flt.also_not, start=1):
        where.append(ALSO_DENIED[field].format(param=f"also_not_{n}"))
        params[f"also_not_{n}"] = name
    for n, (field, name) in enumerate(flt.all_of, start=1):
        where.append(HAS_VALUE[field].format(param=f"all_of_{n}"))
        params[f"all_of_{n}"] = name
    if flt.any_of:
        where.append("(" + " OR ".join(HAS_VALUE[field].format(param=f"any_of_{n}")
                                       for n, (field, _) in enumerate(flt.any_of, start=1)) + ")")
        params.update({f"any_of_{n}": name for n, (_, name) in enumerate(flt.any_of, start=1)})
    if flt.disagree:
        where.append(DISAGREE)
    if flt.sides is not None:
        if flt.sides not in SIDES:
            raise ValueError(f"sides must be one of {list(SIDES)}")
        where.append(SIDES[flt.sides])
    if flt.own_caption:
        where.append(OWN_CAPTION)
    if flt.retweet is not None:
        where.append(RETWEET if flt.retweet else f"NOT ({RETWEET})")
    if flt.caption_sentiment is not None and flt.image_sentiment is not None:
        where.append(CAPTION_AND_IMAGE)
        params.update(caption_sentiment=flt.caption_sentiment, image_sentiment=flt.image_sentiment)
    elif flt.caption_sentiment is not None or flt.image_sentiment is not None:  # one side, the other denied
        field = "caption_sentiment" if flt.caption_sentiment is not None else "image_sentiment"
        where.append(f"p.{field} = ${field}")
        params[field] = getattr(flt, field)
    for field in ("not_caption_sentiment", "not_image_sentiment"):
        if getattr(flt, field) is not None:
            where.append(f"p.{field[4:]} <> ${field}")  # a null verdict (no photo) is not 'not positive'
            params[field] = getattr(flt, field)
    for field in ("language", "not_language", "date_from", "date_to", "year_from", "year_to", "month_from", "month_to",
                  "text", "post_id"):
        if getattr(flt, field) is not None:
            where.append(CONDITIONS[field])
            params[field] = getattr(flt, field)
    if flt.words:
        where.append(CONDITIONS["words"])
        params["words"] = list(flt.words)
    return where


def post_scope(flt: PostFilter) -> Query:
    """`MATCH (p:Post) ... WITH DISTINCT p [WHERE ...]`: the posts passing the filter, once each (two tagged images
    of one post must not count it twice); a query goes on from `p`."""
    params: dict[str, Any] = {}
    lines = ["MATCH (p:Post)", *_anchors(flt, params)]
    where = _conditions(flt, params)
    if flt.text is not None or flt.words:
        text = "\n".join([*lines, WITH_GENERATED]) + f"\nWITH p, generated WHERE {' AND '.join(where)}\nWITH p"
        return Query(text, params)
    text = "\n".join(lines) + (f"\nWITH DISTINCT p WHERE {' AND '.join(where)}" if where else "\nWITH DISTINCT p")
    return Query(text, params)


def count_posts(flt: PostFilter) -> Query:
    """How many posts pass the filter, as the column `posts`."""
    scope, params = post_scope(flt)
    return Query(f"{scope}\nRETURN count(p) AS posts", params)
