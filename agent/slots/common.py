"""What every slot module shares: value and time patterns, the rule registry, limit and direction helpers."""
from __future__ import annotations

import re
from collections.abc import Callable

from agent.parse_state import ParseState

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
MONTH = "|".join(MONTHS)
YEAR = r"(?:19|20)\d\d"
# the nouns a yes/no or listing question counts: "were there photos ...", "cat pics in 2021? y/n"
THINGS = r"(?:photos?|pictures?|pics?|images?|posts?|shots?|snaps?|tweets?)"
SENT = (r"positive|negative|neutral|happy|sad|unhappy|upbeat|gloomy|downbeat|cheerful|cheery|joyful|miserable"
        r"|depressing|feel-good|feelgood|meh|so-so|grumpy|angry|cranky|glum|joyous|bad-mood|bad-vibes|good-vibes"
        r"|grim|dreary|somber|sombre")
SENTIMENT_OF = {"happy": "positive", "upbeat": "positive", "sad": "negative", "unhappy": "negative",
                "gloomy": "negative", "downbeat": "negative", "cheerful": "positive", "cheery": "positive",
                "joyful": "positive", "miserable": "negative", "depressing": "negative", "feel-good": "positive",
                "feelgood": "positive", "meh": "neutral", "so-so": "neutral", "grumpy": "negative", "angry": "negative",
                "cranky": "negative", "glum": "negative", "joyous": "positive", "bad-mood": "negative",
                "bad-vibes": "negative", "good-vibes": "positive", "grim": "negative",
                "dreary": "negative", "somber": "negative", "sombre": "negative"}
# the caption's and the photo's verdict named ("the text's mood", "the image sentiment", "the caption verdicts")
VERDICT_WORD = r"(?: sentiment| verdicts?| sentiments)?"
CAPTION_SIDE = r"(?:the |my |its |their )?(?:caption|text)s?" + VERDICT_WORD
PHOTO_SIDE = r"(?:the |my |its |their )?photos?" + VERDICT_WORD
# a value: one word, or two (two-word names such as "mixed grill" are tried first); VAL marks where either goes
# (never starting inside a hashtag or an @mention: "#berlin" is not the word "berlin")
ONE = r"(?<![#@])(?P<v>[#@]?[\w][\w'.-]*)"
VAL2 = r"(?<![#@])(?P<v>[#@]?[\w][\w'.-]*) (?P<v2>[\w][\w'.-]*)"
VAL = "{value}"
NEG_AUX = r"(?P<neg>(?:do|does|did|are|is|were|was) not |never |not )?"

# the graph's kind of name behind each value filter field of a plan (what GraphFacts.name looks a word up in)
FIELD_TARGETS = {"topic": "Topic", "tag": "Tag", "image_tag": "Tag", "kind": "Tag.kind", "image_kind": "Tag.kind",
                 "entity": "Entity"}

Handler = Callable[[re.Match[str], ParseState], bool]
Rule = tuple[re.Pattern[str], Handler]


def registrar(rules: list[Rule]) -> Callable[[str], Callable[[Handler], Handler]]:
    """A `@rule(pattern)` decorator that appends (pattern, handler) to `rules`, one list per slot module, in
    the order the module defines them (agent/slots/__init__.py puts the modules in order)."""
    def rule(pattern: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            rules.append((re.compile(pattern), handler))
            return handler
        return register
    return rule


def number_in(match: re.Match[str], group: str = "n") -> int | None:
    value = match.groupdict().get(group)
    return int(value.strip()) if value and value.strip().isdigit() else None


def set_limit(state: ParseState, match: re.Match[str]) -> None:
    n = number_in(match)
    if n is not None:
        state.set("limit", max(1, min(n, 500)))


def set_direction(state: ParseState, direction: str, rank_by: str, match: re.Match[str]) -> bool:
    state.set("direction", direction)
    if rank_by != "count":
        state.rank_by = rank_by
    set_limit(state, match)
    return True
