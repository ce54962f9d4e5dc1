"""Thresholds ("at least 3 posts", "more than once") and what the photos show."""
from __future__ import annotations

import re

from agent.parse_state import ParseState
from agent.plan import LIST, Filter
from agent.slots.common import SENT, SENTIMENT_OF, Rule, registrar

RULES: list[Rule] = []
rule = registrar(RULES)

OPS = {"at least": ">=", "more than": ">", "over": ">", "fewer than": "<", "less than": "<", "at most": "<=",
       "under": "<", "above": ">", "below": "<", "or more": ">=", "or fewer": "<=", "or less": "<="}
UNIT = r"(?: (?:of my )?(?P<unit>posts?|photos?|times?|(?:different |distinct |separate )?years?))?"


def _unit(said: str | None) -> str | None:
    """The unit a threshold counts in, as said ('photos', 'years' for 'different years')."""
    return said.split()[-1] if said else said


SCORE_OPS = {"above": ">", "over": ">", "more than": ">", "greater than": ">", "higher than": ">", "at least": ">=",
             "below": "<", "under": "<", "less than": "<", "lower than": "<", "at most": "<=", ">": ">", ">=": ">=",
             "<": "<", "<=": "<="}
SCORE_SIDES = {"caption": "caption", "text": "caption", "photo": "image", "image": "image"}


@rule(r"\b(?:(?:an? |the |their |its )?(?:(?P<side>caption|text|photo|image) )?(?:sentiment |mood )?"
      r"(?:score|scores|scored|scoring|rated|rating)(?: of)?|(?:sentiment|mood) (?:of|at))"
      r" (?P<op>" + "|".join(sorted((re.escape(k) for k in SCORE_OPS), key=len, reverse=True)) + r")"
      r" ?(?P<v>[-+]?(?:\d*\.\d+|\d+))(?: on (?:the )?(?:overall )?(?:sentiment|mood)(?: score)?| overall)?"
      r"(?=\s|$)")
def _score_threshold(m: re.Match[str], s: ParseState) -> bool:
    """'posts scoring above 0.5', 'photos with a sentiment score below -0.3', 'captions rated at least 0.8': a
    sentiment score (-1 ... +1) compared with a number; a number outside that range is no score."""
    value = float(m.group("v"))
    if not -1 <= value <= 1:
        return False
    said = m.group("side") or ""
    if not said:  # "captions rated at least 0.8", "photos with a score below -0.3": the side named just before
        before = re.search(r"\b(caption|text|photo|image)s?(?: (?:that|which|whose))?(?: (?:are|is|were|was|have|has"
                           r"|with|got))?(?: an?| the)?\s*$", m.string[: m.start()])
        said = before.group(1) if before else ""
    side = SCORE_SIDES.get(said, "combined")
    s.add_filter(Filter("score", (side, SCORE_OPS[m.group("op")], value)))
    return True


PER_POST = {"hashtags": "hashtag", "mentions": "mention", "people": "person", "persons": "person", "tags": "tag",
            "places": "place", "cities": "city", "hashtag": "hashtag", "mention": "mention", "person": "person",
            "tag": "tag", "place": "place", "city": "city", "@mentions": "mention", "@mention": "mention",
            "accounts": "mention", "handles": "mention", "@handles": "mention", "@accounts": "mention"}
PER_POST_WORDS = r"(?P<what>" + "|".join(sorted(PER_POST, key=len, reverse=True)) + r")"


@rule(r"\b(?:with|have|has|had|use|used|using|contain|contains|include|includes|stuffed with|packed with|mention"
      r"|mentioned|@mention|@mentioned|tag|tagged) "
      r"(?:(?P<op>at least|more than|over|fewer than|less than|at most|under|above|below) )?(?P<n>\d+) "
      r"(?P<op2>or more |or fewer |or less )?(?:different |distinct |unique |separate )?" + PER_POST_WORDS
      + r"(?(op2)| ?(?P<op3>or more|or fewer|or less)?)\b(?: in (?:them|it|the caption|their captions?))?")
def _per_post_count(m: re.Match[str], s: ParseState) -> bool:
    """'posts with at least 10 hashtags', 'tweets that have 3 or more mentions', 'posts using 5+ hashtags' (read as
    '5 or more'): that many hashtags (mentions, people...) on each post, not hashtags used on that many posts."""
    op = m.group("op") or (m.group("op2") or m.group("op3") or "").strip()
    if not op:
        return False  # "posts with 2 hashtags": exactly, or at least? not guessed
    s.set("threshold", (OPS[op], int(m.group("n"))))
    s.counted_per_post = PER_POST[m.group("what")]
    return True


@rule(r"(?:\b(?P<head>posts?|photos?|pics?|pictures?|tweets?|captions?)(?: (?:of mine|i made|i posted))?"
      r"(?: (?:that|which))? |\b)(?:has|have|had|with|got|gets|uses?|used|contains?|contained|includes?|included"
      r"|mentions?|mentioned|names?|named|tags?|tagged|@mentions?|@mentioned)"
      r" the (?:(?P<n>\d+) )?most (?:different |distinct |unique )?" + PER_POST_WORDS
      + r"\b(?: (?:in|on) (?:it|them|the caption|its caption|their captions?))?")
def _most_per_post(m: re.Match[str], s: ParseState) -> bool:
    """'the post with the most hashtags', 'my 3 posts with the most people named': posts ranked by how many
    hashtags (people...) each one has, not the hashtags used most."""
    if m.group("head"):
        s.subject(m.start("head"), "posts", m.group("head"))
    elif not re.search(r"\b(?:posts?|photos?|pics?|pictures?|tweets?|captions?)\b(?!.*\b(?:topics?|years?|months?"
                       r"|tags?|hashtags?|places?|people|languages?|accounts?)\b)", m.string[: m.start()]):
        return False  # "which posts from 2021 have the most hashtags" (not "which topic has the most people")
    s.set("direction", "desc")
    s.rank_by = "count"
    if m.group("n"):
        s.set("limit", int(m.group("n")))
    s.counted_per_post = PER_POST[m.group("what")]
    return True


@rule(r"\bwith (?:a |the )?(?:post |photo )?count of\b"
      r"(?= (?:at least |more than |over |under |fewer than |less than )?\d)")
def _count_of(m: re.Match[str], s: ParseState) -> bool:
    """'tags with a count of 3 or more': the words before a threshold."""
    return True


@rule(r"\bphoto (?P<w>tags|tag|labels|label|objects|object)\b")
def _photo_tags(m: re.Match[str], s: ParseState) -> bool:
    """'photo tags', 'image labels': the tags (not the photos)."""
    s.subject(m.start(), "tag", "tags" if m.group("w").endswith("s") else "tag")
    return True


@rule(r"\bwhat (?:do|does|did) (?:(?:my|the|these|those|their|all|of|~) )*"
      r"(?:(?P<y>(?:19|20)\d\d) |(?P<s>" + SENT + r") |(?!(?:my|the|these|those|their|all|of|your)\b)(?P<v>[\w'-]+) )?"
      r"(?P<what>photos|posts) (?:show|depict|contain)(?: in (?:the|their|its|my) photos?)?\b"
      r"|^(?:and |so |ok |okay |now |~ )?what (?:is|was|are|were) (?:shown )?in (?:my |the |~ )?"
      r"(?:(?P<y2>(?:19|20)\d\d) |(?P<s2>" + SENT + r") )?photos$")
def _what_photos_show(m: re.Match[str], s: ParseState) -> bool:
    """'what do my photos show (most often)', 'what did my 2021 photos show', 'what do my sad photos show' (the
    photo's verdict), 'what do my negative posts show in the photos' (the post's), 'what is in my photos': the
    tags. With another word before 'photos' that names a photo tag ('what do my beach photos show'), the photos
    tagged so, as "how many beach photos" reads them even where a topic has the same name: what else they show;
    a word that names no tag (a topic only) is not guessed: the LLM gets it."""
    if m.group("v"):
        tag = s.facts.name(m.group("v"), "Tag")
        if tag is None or m.group("what") != "photos":
            s.conflict = f"what the '{m.group('v')}' photos show"
            return False
        s.add_filter(Filter("tag", tag))
    if m.group("what") == "posts" and not re.search(r"\bin (?:the|their|its|my) photos?\b", m.group(0)):
        return False  # "what do my posts show": the posts, their topics or their photos? the LLM gets it
    year, said = m.group("y") or m.group("y2"), m.group("s") or m.group("s2")
    if said:
        field = "sentiment" if m.group("what") == "posts" else "image_sentiment"
        s.add_filter(Filter(field, SENTIMENT_OF.get(said, said)))
    if year:
        s.add_filter(Filter("year", int(year)))
    s.subject(m.start(), "tag", "things")
    if s.measure is None:
        s.measure = LIST
    return True


@rule(r"\b(?:do|does|did) most (?=(?:of )?(?:my |the )?(?P<unit>posts|photos|captions)\b)")
def _do_most(m: re.Match[str], s: ParseState) -> bool:
    """'which sentiment do most of my posts from 2022 have': the one with the most posts; said of captions or
    photos, the verdict counted is the caption's or the photo's, not the post's overall one."""
    s.set("direction", "desc")
    s.source = {"captions": "caption", "photos": "image"}.get(m.group("unit"), s.source)
    return True


@rule(r"\b(?:in )?more than once\b")
def _more_than_once(m: re.Match[str], s: ParseState) -> bool:
    s.set("threshold", (">", 1))
    s.threshold_unit = "posts"
    return True


@rule(r"\b(?:in )?(?P<op>at least|more than|over|fewer than|less than|at most|under|above|below) (?P<n>\d+)" + UNIT
      + r"\b(?: in (?:them|it))?")
def _threshold(m: re.Match[str], s: ParseState) -> bool:
    s.set("threshold", (OPS[m.group("op")], int(m.group("n"))))
    s.threshold_unit = _unit(m.group("unit"))
    return True


@rule(r"\b(?:in )?(?P<n>\d+) (?P<op>or more|or fewer|or less)" + UNIT + r"\b"
      r"|\b(?:in )?(?P<n2>\d+) (?P<unit2>posts?|photos?|times?) (?P<op2>or more|or fewer|or less)\b")
def _threshold_after(m: re.Match[str], s: ParseState) -> bool:
    """'5 or more photos', '5 photos or more'."""
    s.set("threshold", (OPS[m.group("op") or m.group("op2")], int(m.group("n") or m.group("n2"))))
    s.threshold_unit = _unit(m.group("unit") or m.group("unit2"))
    return True


@rule(r"(?:\b(?:in )?(?:only |just |exactly )?(?:1|a single) (?P<unit>post|photo|time)\b"
      r"|\b(?:(?:used|use|appear|appears|appeared|occur|occurs|occurred|show up|shows up|showed up|come up|comes up"
      r"|came up) )?(?:only |just |exactly )?once\b(?<!\bat once)(?! (?:a|per|every|each)\b))"
      r"(?:,? (?:and )?(?:then )?never (?:again|since|after(?:wards?)?)\b)?")
def _exactly_one(m: re.Match[str], s: ParseState) -> bool:
    """'in only 1 photo', 'a single post', 'hashtags I used only once': exactly one ('once and never again' says
    it twice)."""
    s.set("threshold", ("=", 1))
    s.threshold_unit = m.group("unit") or "time"
    return True


@rule(r"\b(?:cover|covers|covered|span|spans|get|gets|got|hold|holds|contain|contains|appear|appears|appeared"
      r"|found|seen|detected|spotted)(?: in| on)?(?= ~)")
def _threshold_verb(m: re.Match[str], s: ParseState) -> bool:
    """'topics that cover at least 8 posts', 'tags that appear in 5 or more photos', 'tags found on more than 10
    photos': the verb of the threshold."""
    return s.threshold is not None


@rule(r"\b(?:from|by) me\b")
def _by_me(m: re.Match[str], s: ParseState) -> bool:
    """'the most negative posts from me': the asker's posts (every post is)."""
    return True


def in_value_slot(m: re.Match[str], s: ParseState) -> bool:
    """A ranking word right after a value cue that names a value there ("about biggest" where a topic is called
    'biggest') is that value, not a ranking."""
    before = m.string[: m.start()].rstrip().rsplit(" ", 1)[-1]
    target = VALUE_CUES.get(before)
    return target is not None and s.facts.name(m.group(0).strip().split()[-1], target) is not None


VALUE_CUES = {"about": "Topic", "mention": "Entity", "mentions": "Entity", "mentioning": "Entity", "show": "Tag",
              "shows": "Tag", "showing": "Tag", "hashtag": "Entity"}
