"""Follow-up markers: words that only make sense after an answered question."""
from __future__ import annotations

import re

from agent.parse_state import ParseState
from agent.plan import COUNT, IMAGES, LIST, POSTS
from agent.slots.common import FIELD_TARGETS, SENT, Rule, registrar, set_limit

RULES: list[Rule] = []
rule = registrar(RULES)

@rule(r"^(?:and |but |ok |okay |so |now )?(?:only |just )?(?:what|how) about(?: only| just)?\b"
      r"|^(?:and |now |ok |okay )?(?:narrow|filter|limit|restrict|cut)(?: it| that| this| them| those| these)?"
      r"(?: down)? to\b"
      r"|^(?:and |but |now )?(?:(?:can you |could you )?(?:do|repeat|try|ask) )?(?:the )?same(?: thing| question"
      r"| again| count)? (?:for|in|with)\b"
      r"|^(?:ok |okay |so |right |alright )?(?:and|but|now|then|also)(?: only| just)?\b|^(?:only|just)\b")
def _follow_start(m: re.Match[str], s: ParseState) -> bool:
    if not s.follow_marker():
        return False
    s.follow = True
    s.narrow = s.narrow or bool(re.search(r"\b(?:only|just)$", m.group(0)))  # "just the ones in Tokyo"
    return True


# a measure said of each group listed before ("which of those topics are mostly / never / always negative")
GROUP_MEASURE = re.compile(r" (?:mostly|mainly|largely|predominantly|never|always|only|all|nothing but)\b")


@rule(r"^(?:ok |okay |and |so )?which (?:ones |of (?:them|those|these) )?(?:were|are|was|is)\b"
      r"(?= (?:\S+ ){0,2}\S+$)")
def _which_were(m: re.Match[str], s: ParseState) -> bool:
    """'posts about food' then 'which ones were positive?', 'which are from 2022?': those posts, narrowed and listed
    ('which of those are beach photos' keeps the earlier value and adds the new one)."""
    if not s.follow_marker():
        return False
    s.follow = True
    s.narrow = s.narrow or bool(re.search(r"\bof (?:them|those|these)\b", m.group(0)))
    if not GROUP_MEASURE.match(m.string[m.end():]):  # "which of those are mostly positive?": that measure instead
        s.measure = s.measure or LIST
    if m.group(0).endswith((" is", " was")) and re.match(r" the (?:(?:most|least) \S+|\w+est)(?: 1)?$",
                                                          m.string[m.end():]):
        s.set("limit", 1)  # "which is the most positive (one)?", "which of those is the gloomiest?": the one
    return True


@rule(r"^(?:and |so |ok |okay )?which(?= (?:positive|negative|neutral)$)")
def _which_verdict(m: re.Match[str], s: ParseState) -> bool:
    """'how many posts about travel?' then 'which negative?': of those posts, each negative one, listed."""
    if not s.follow_marker():
        return False
    s.follow = s.narrow = True
    s.measure = s.measure or LIST
    return True


@rule(r"\b(?:(?:and )?(?:how many )?(?:of )?(?:them|those|these|the ones)(?: that)? )?(?:do|does|did) not$|"
      r"\bthe ones that (?:do|does|did) not$")
def _follow_negate(m: re.Match[str], s: ParseState) -> bool:
    if not s.follow_marker():
        return False
    s.follow, s.negate_last = True, True
    if "how many" in m.group(0):
        s.set("measure", COUNT)
    return True


@rule(r"^how many (?:are|were|have|had|got|show|showed)\b")
def _how_many_of_a_listing(m: re.Match[str], s: ParseState) -> bool:
    """'list the posts naming Sarah' then 'how many are at the beach?': a count said right after a listing, naming
    no subject, counts among the posts listed (a new value narrows them, as 'of those' would); after a count or a
    ranking (the number of travel posts, then 'how many are about food?') a new value still replaces the old one.
    Takes no words: the count's head reads them."""
    previous = s.previous
    if previous is not None and previous.measure in (None, LIST) and (previous.subject or POSTS) in (POSTS, IMAGES):
        s.narrow = True
    return False


@rule(r"(?:^|(?<=^~ ))(?:and |but |what about |how about )?(?:the )?(?P<n>\d+ )?most(?= (?:" + SENT
      + r")(?: ones?)?$)")
def _follow_most_verdict(m: re.Match[str], s: ParseState) -> bool:
    """'which year had the most happy posts?' then 'and the most negative?': the ranking again, by the posts with
    that verdict (the verdict slot reads it)."""
    previous = s.previous
    if previous is None or not previous.direction or previous.rank_by != "count" or not s.follow_marker():
        return False
    s.follow = True
    s.set("direction", "desc")
    set_limit(s, m)
    return True


@rule(r"\b(?:only|alone)$")
def _follow_only(m: re.Match[str], s: ParseState) -> bool:
    """'what about for 2021 only', 'and 2022 alone': the trailing 'only' of a follow-up its start marked; said after
    one or two words alone ('2022 only', 'the sad ones only'), it marks the follow-up itself."""
    if not s.follow and s.previous is not None and len(s.asked.split()) <= 3 and s.follow_marker():
        s.follow = True
        # "posts naming Anna" then "travel only": the travel ones among them (as "only the travel ones")
        s.narrow = True
    return s.follow


@rule(r"\b(?:had|has|have|got|gets|with|posted|post|were there|was there) (?:the )?(?P<d>most|least|fewest)$")
def _follow_elliptic_most(m: re.Match[str], s: ParseState) -> bool:
    """'dog pictures?' then 'what month had the most': the most of what was just asked about (a ranking that names
    nothing to count, after a question on filtered posts or photos)."""
    previous = s.previous
    if previous is None or (previous.subject or POSTS) not in (POSTS, IMAGES) or not previous.filters:
        return False
    s.follow = True
    s.set("direction", "desc" if m.group("d") == "most" else "asc")
    return True


@rule(r"\b(?:out of |of |for |among )?the (?P<v>[#@]?[\w'-]+) ones\b")
def _follow_restated_value(m: re.Match[str], s: ParseState) -> bool:
    """'pictures of dogs?' then 'how many of the dog ones ...': the value asked about before, named again."""
    previous = s.previous
    if not s.follow_marker() or previous is None:
        return False
    for flt in previous.filters:
        target = FIELD_TARGETS.get(flt.field)
        if target and not flt.negated and s.facts.name(m.group("v"), target) == flt.value:
            s.follow = True
            return True
    return False


@rule(r"\b(?:out of |of |for |among )?(?:them|those|these|the ones|ones|him|her|(?<=\bare )they|(?<=\bwere )they"
      r"|(?<=\bdo )they|(?<=\bdid )they|their(?= (?:hashtags?|topics?|tags?|themes?|subjects?|people|persons|places"
      r"|organi[sz]ations|accounts|mentions|languages|captions|photos|pictures|pics|images)\b)"
      r"|(?:that|this) (?:person|topic|tag|hashtag|place|account|city|year))\b")
def _follow_pronoun(m: re.Match[str], s: ParseState) -> bool:
    """'of those', 'them', 'these ones', 'that person', 'do they have', 'their hashtags': what was asked about
    before."""
    if not s.follow_marker():
        return False
    s.follow = True
    # "which of those name Tokyo", "just the ones in Tokyo": Tokyo among the posts asked about, not instead; so too
    # "those about the beach" said alone, the pronoun first
    s.narrow = s.narrow or m.group(0).startswith(("of ", "out of ", "among ")) or (
        m.start() == 0 and m.group(0) in ("those", "these", "them", "the ones")
        and THOSE_WITH.match(m.string, m.end()) is not None)
    return True


@rule(r"^(?:and |so )?which(?= (?:is|was|appears|shows up|comes up|turns up|pops up|crops up|features|occurs) in"
      r" (?:the )?(?:most|fewest|least) (?:posts|photos|pics|pictures|images)[?.!]*$)")
def _which_is_in_most(m: re.Match[str], s: ParseState) -> bool:
    """'which tags are in my photos?' then 'which one pops up in the most posts?': the one of those in the most (a
    question of its own would name what it ranks). Takes no words: the ranking reads them."""
    previous = s.previous
    if previous is not None and previous.subject not in (None, POSTS, IMAGES) and s.follow_marker():
        s.follow = True
    return False


# what a pronoun said first is narrowed by ("those about the beach", "the ones in Paris", "them with a dog")
THOSE_WITH = re.compile(r" (?:about|with|in|at|from|mentioning|naming|showing|featuring|tagged|that|which|where)\b")
