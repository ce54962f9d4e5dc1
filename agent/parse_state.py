"""What the parser's slots have found so far in one question (agent/parser.py runs the slots of agent/slots/
over it); a slot that disagrees with an earlier one sets `conflict` and the parse fails."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from agent.plan import ALL_OF_FIELDS, SHOWN_TOGETHER, Filter, QueryPlan
from agent.vocab import GraphFacts

# fields of which a question may deny several values ("photos that show neither a cat nor a dog": both denied)
DENIED_MANY = frozenset({"tag", "kind", "topic", "entity"})



@dataclass
class ParseState:
    """What the slots found so far; `conflict` is set when two slots disagree (the parse then fails)."""

    facts: GraphFacts
    previous: QueryPlan | None = None
    # the conversation's last question was not answered from a plan (the LLM answered it, or nothing did): a
    # follow-up marker then refers to something the parser cannot see, and the question goes to the LLM
    after_unparsed: bool = False
    measure: str | None = None
    subjects: list[tuple[int, str, str]] = field(default_factory=list)
    filters: list[Filter] = field(default_factory=list)
    direction: str | None = None
    rank_by: str = "count"
    limit: int | None = None
    threshold: tuple[str, int] | None = None
    threshold_unit: str | None = None
    group_by: str | None = None
    source: str = "combined"
    share_of: str | None = None
    share_floor: tuple[str, int] | None = None  # "at least half negative" (see QueryPlan.share_floor)
    per_group: str | None = None  # "... per topic": the groups are what is asked for
    counts_each: bool = False  # "... and how often?": every group with its count
    counts_asked: bool = False  # "..., with counts": a ranking gives them anyway; a plain listing then gives them too
    asks_about: bool = False  # a trailing "about": what the posts are about (their topics) is asked for
    predicative: bool = False  # the sentiment was said of the subject ("topics are negative"), not of posts
    average: bool = False
    follow: bool = False
    yes_no: bool = False  # "did I ever ...", "is there a photo of ...": the count answers a yes/no
    count_bar: tuple[str, int] | None = None  # "do I have at least 3 photos of snow?": the bar the count is held to
    counted_per_post: str | None = None  # "posts with 10+ hashtags": hashtags counted on each post
    narrow: bool = False  # "which of those ...", "just the ones ...": a value narrows the posts, not replaces one
    negate_last: bool = False
    none_of: bool = False  # a value denied of every post ("years without a café post"): buckets with none
    empty: bool = False  # "which months of 2021 had no posts": the buckets with no post at all
    calendar: bool = False  # months pooled across years ("which calendar month", "counting all years together")
    # the dates pooled into other buckets than years and months: "season" (the four seasons of the northern hemisphere,
    # "which season ..."), "weekday" (the days of the week of the UTC timestamp, "which day of the week ...")
    pooled: str | None = None
    reading: str | None = None  # how an ambiguous head was read ("who=mention"), stated in the answer
    when: bool = False  # "when did I first ...": a date is asked for (one post when ranked by date)
    trend: bool = False  # "how did my mood change over time": the average per year
    superlative: bool = False  # "saddest / happiest" said of posts with no number: the posts of that sentiment
    # a comparison ("food or travel", "2021 vs 2022"): set from the connector before the slots run; a second value
    # of a filled field is then compared with the first instead of conflicting with it
    comparing: bool = False
    # "a dog at the beach", "both a cat and a person": several things one photo shows at once (tag and kind values,
    # each its own filter)
    together: bool = False
    # "posts that mention both Max and Sarah": several names (entities or topics) each post has, all of them
    both: bool = False
    compared: dict[str, list[Any]] = field(default_factory=dict)
    # "#travel or #nature": the label each compared name's sign (# or @) asked for; when every compared name has
    # one and all agree, the names compared are hashtags (accounts), nothing else
    signed: list[str] = field(default_factory=list)
    # "the photos or the captions": the two verdicts compared; the value is the sentiment said with them ("" when it
    # is said elsewhere: "... more often negative")
    sources_compared: str | None = None
    # "are my photos happier than my captions?", "do my captions or my photos look happier?": all captions' and all
    # photos' scores compared (their averages), not post by post
    sides_averaged: bool = False
    activity: bool = False  # "how often do I post?", "how long have I been posting?": the posting rate and span
    span: bool = False  # "when did I first and last post about X": the first and last date of those posts (and rate)
    conflict: str | None = None
    asked: str = ""  # the question as normalised (agent/wording.py), for slots that weigh where a word was said
    # (position, characters removed) of every consumed phrase, in order: a subject's position is kept in the
    # question's own coordinates, so "the kinds of tags on my pictures" asks for kinds however early a slot took them
    edits: list[tuple[int, int]] = field(default_factory=list)

    def set(self, name: str, value: Any) -> None:
        """Fill one slot; a second, different value for it is a conflict."""
        old = getattr(self, name)
        if old not in (None, False, "count", "combined") and old != value:
            self.conflict = f"{name}: {old!r} and {value!r}"
        setattr(self, name, value)

    def add_filter(self, flt: Filter) -> None:
        if self.comparing and flt.field == "sentiment" and not flt.negated and not self.get("sentiment"):
            sources = [f for f in self.filters if f.field in ("caption_sentiment", "image_sentiment") and not f.negated]
            if len(sources) == 1:  # "photos are positive vs negative": the second value of the photo's verdict
                flt = replace(flt, field=sources[0].field)
        same = [f for f in self.filters if f.field == flt.field]
        if flt.field == "absent":  # "no hashtag and no @mention": each part is absent, all of them
            same = [f for f in same if f.value == flt.value]
        if any(f.negated == flt.negated and f.value != flt.value and not (flt.negated and flt.field in DENIED_MANY)
               and not (self.together and flt.field in SHOWN_TOGETHER)
               and not (self.both and flt.field in ALL_OF_FIELDS) for f in same) \
                or any(f.value == flt.value and f.negated != flt.negated for f in same):
            if self.comparing and flt.field == "entity_label":
                return  # two names compared may have different labels; the comparison ignores the label
            if self.comparing and not flt.negated and not any(f.negated for f in same):
                values = self.compared.setdefault(flt.field, [same[0].value])
                if flt.value not in values:
                    values.append(flt.value)
                return
            self.conflict = f"two values for {flt.field}"
        if flt not in self.filters:
            self.filters.append(flt)

    def get(self, name: str) -> Filter | None:
        return next((f for f in self.filters if f.field == name), None)

    def follow_marker(self) -> bool:
        """A follow-up word was found: True when there is a plan to follow; after an answer the parser did not
        give, a conflict (the parse fails, so the question is not read as a fresh one)."""
        if self.previous is None and self.after_unparsed:
            self.conflict = "a follow-up to an answer the parser did not give"
        return self.previous is not None

    def consumed(self, position: int, removed: int) -> None:
        """Record that a slot replaced the phrase at `position` by its marker, `removed` characters shorter."""
        self.edits.append((position, removed))

    def original_position(self, position: int) -> int:
        """Where a position of the partly consumed text was in the normalised question."""
        for start, removed in reversed(self.edits):
            if position > start:
                position += removed
        return position

    def subject(self, position: int, name: str, word: str = "") -> None:
        position = position if position < 0 else self.original_position(position)
        self.subjects.append((position, name, word))
