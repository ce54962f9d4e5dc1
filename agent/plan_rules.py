"""The parser's slots: (pattern, handler) pairs run in order over the normalised question. A handler fills its
slot from the match and returns True (the words are consumed) or False (the words stay, for another slot or
to send the question to the LLM). Value slots accept only names the graph holds, of the kind the slot wants.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from agent.absent import missing_filter
from agent.parse_state import ParseState
from agent.plan import AVERAGE, COUNT, LIST, MOSTLY, NEVER, SHARE, Filter

MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
MONTH = "|".join(MONTHS)
YEAR = r"(?:19|20)\d\d"
SENT = r"positive|negative|neutral|happy|sad|unhappy|upbeat|gloomy"
SENTIMENT_OF = {"happy": "positive", "upbeat": "positive", "sad": "negative", "unhappy": "negative",
                "gloomy": "negative"}
# a value: one word, or two (two-word names such as "mixed grill" are tried first); VAL marks where either goes
ONE = r"(?P<v>[#@]?[\w][\w'.-]*)"
VAL2 = r"(?P<v>[#@]?[\w][\w'.-]*) (?P<v2>[\w][\w'.-]*)"
VAL = "{value}"
NEG_AUX = r"(?P<neg>(?:do|does|did|are|is|were|was) not |never |not )?"

Rule = tuple[re.Pattern[str], Callable[[re.Match[str], ParseState], bool]]
RULES: list[Rule] = []


def rule(pattern: str) -> Callable[[Callable[[re.Match[str], ParseState], bool]], Callable[..., bool]]:
    def register(handler: Callable[[re.Match[str], ParseState], bool]) -> Callable[..., bool]:
        RULES.append((re.compile(pattern), handler))
        return handler
    return register


def _n(match: re.Match[str], group: str = "n") -> int | None:
    value = match.groupdict().get(group)
    return int(value.strip()) if value and value.strip().isdigit() else None


def _limit(state: ParseState, match: re.Match[str]) -> None:
    n = _n(match)
    if n is not None:
        state.set("limit", max(1, min(n, 500)))


def _direction(state: ParseState, direction: str, rank_by: str, match: re.Match[str]) -> bool:
    state.set("direction", direction)
    if rank_by != "count":
        state.rank_by = rank_by
    _limit(state, match)
    return True


# --- follow-up markers (only after an answered question) --------------------------------------------------
@rule(r"^(?:and |but |ok |okay |so |now )?(?:only |just )?(?:what|how) about(?: only| just)?\b"
      r"|^(?:and |now |ok |okay )?(?:narrow|filter|limit|restrict|cut)(?: it| that| this| them| those| these)?"
      r"(?: down)? to\b"
      r"|^(?:and |but |now )?(?:the )?same(?: thing| question| again)? (?:for|in|with)\b"
      r"|^(?:ok |okay |so |right |alright )?(?:and|but|now|then|also)(?: only| just)?\b|^(?:only|just)\b")
def _follow_start(m: re.Match[str], s: ParseState) -> bool:
    if not s.follow_context:
        return False
    s.follow = True
    return True


@rule(r"\b(?:(?:and )?(?:how many )?(?:of )?(?:them|those|these|the ones)(?: that)? )?(?:do|does|did) not$|"
      r"\bthe ones that (?:do|does|did) not$")
def _follow_negate(m: re.Match[str], s: ParseState) -> bool:
    if not s.follow_context:
        return False
    s.follow, s.negate_last = True, True
    if "how many" in m.group(0):
        s.set("measure", COUNT)
    return True


@rule(r"\b(?:only|alone)$")
def _follow_only(m: re.Match[str], s: ParseState) -> bool:
    """'what about for 2021 only', 'and 2022 alone': the trailing 'only' of a follow-up its start marked."""
    return s.follow


@rule(r"\b(?:of |for )?(?:them|those|these|the ones|ones)\b")
def _follow_pronoun(m: re.Match[str], s: ParseState) -> bool:
    if not s.follow_context:
        return False
    s.follow = True
    return True


# --- @mentions: accounts a post tags with @ (Entity label MENTION), not people named in a caption (PERSON) -------
MENTION_VERB = (r"(?:@-?mention(?:ed)?|mention(?:ed)?|tag(?:ged)?|shout(?:ed)?[- ]?outs?(?: to)?|shout(?:ed)? out"
                r"|give (?:the )?(?:most )?shout[- ]?outs? to)")


def _accounts_or_people(s: ParseState) -> str:
    """What 'who do I mention' asks for: the @accounts when the graph holds any (on Instagram that is what one
    mentions or tags), else the people named in captions. The reading is stated in the answer."""
    return "mention" if s.facts.names.get("Entity") and any(
        "MENTION" in labels for labels in s.facts.names["Entity"].values()) else "person"


@rule(r"^who (?:do|did|have|had|would) i (?:most )?(?:often )?" + MENTION_VERB + r"(?: the)?\b"
      r"|^who (?:is|are|was|were|gets?|got|has been|have been) (?:the )?(?:most )?(?:often )?"
      r"(?:mentioned|tagged|shouted out)(?: by me)?\b")
def _who_mention(m: re.Match[str], s: ParseState) -> bool:
    """'who do I mention / tag / shout out (most)': ranks or lists the accounts; 'who' is not singular (the
    answer may be several tied accounts), and the answer says how it was read."""
    reading = _accounts_or_people(s)
    s.subject(m.start(), reading, "who")
    s.reading = f"who={reading}"
    if s.measure is None:
        s.measure = LIST
    return True


@rule(r"(?:(?<=\s)|^)@-?mentions?\b|\bat[- ]mentions?\b|\b(?:mentioned|tagged) accounts\b"
      r"|^(?:which|what) mentions\b|\b(?:my|the) mentions$")
def _mention_subject(m: re.Match[str], s: ParseState) -> bool:
    """'top @mentions', 'my most mentioned accounts', 'which mentions come up most': the accounts."""
    if m.group(0).startswith(("which", "what")):
        s.measure = s.measure or LIST
    s.subject(m.start(), "mention", "accounts")
    return True


@rule(r"\b(?:(?:do|did|have|had) )?i (?:" + MENTION_VERB + r")\b(?=.*\b(?:accounts?|handles|usernames)\b)"
      r"|(?:(?<=accounts )|(?<=handles )|(?<=usernames ))(?:(?:do|did|have|had) )?i (?:" + MENTION_VERB + r")\b")
def _account_verb(m: re.Match[str], s: ParseState) -> bool:
    """'accounts I tag / have I tagged / I shout out': the verb of an accounts question (never a photo tag)."""
    return True


# --- ranking phrases that contain head words ("by number of posts") ---------------------------------------
@rule(r"\bby (?:the )?number of (?:posts|photos)\b")
def _by_number(m: re.Match[str], s: ParseState) -> bool:
    s.rank_by = "count"
    return True


@rule(r"\b(?:and |with )?(?:how often|how many (?:times |posts |photos )?"
      r"(?:each|per (?:one|kind|topic|tag|hashtag|place|person))|how many (?:posts|photos) each)\b")
def _and_how_often(m: re.Match[str], s: ParseState) -> bool:
    """'... and how often?', '... and how many photos each?': each group with its count."""
    s.counts_each = True
    return True


@rule(r"\b(?:what )?kinds? of (?:things|tags|objects)\b")
def _kinds_of_things(m: re.Match[str], s: ParseState) -> bool:
    s.subject(m.start(), "kind", "kinds")
    return True


# --- question heads ----------------------------------------------------------------------------------------
@rule(r"\b(?:the )?(?P<n>\d+ )?(?P<d>highest|largest|greatest|biggest|lowest|smallest) (?:number|count) of\b")
def _number_rank(m: re.Match[str], s: ParseState) -> bool:
    """'which tag has the highest number of photos': ranked by the count, not by a score (before
    'number of' is read as a count and 'highest' as a score ranking)."""
    return _direction(s, "asc" if m.group("d") in ("lowest", "smallest") else "desc", "count", m)


@rule(r"\bwhat (?:is the |are the )?(?:share|percentage|percent|fraction|proportion) of\b|\bhow much of\b"
      r"|^(?:the )?(?:share|percentage|percent|fraction|proportion) of\b|\b(?:in|as a) (?:percent|percentage)$"
      r"|\bas a (?:share|percentage|percent|fraction|proportion)(?: of (?:all|everything|the total|the whole)"
      r"(?: of them| (?:my |the )?(?:posts|photos))?)?\b"
      r"|^(?:are|is|were|was) (?:more than|over|less than|under|at least|at most|about|roughly) (?:half|a third"
      r"|a quarter|\d+ percent) of\b|^(?:are|is|were|was) (?:most|the majority) of\b"
      r"|\bhow many percent\b|\bwhat (?:percent|percentage|share|fraction|proportion)(?: of them)?"
      r"(?= (?:have|has|had|show|shows|showed|contain|contains|are|is|were|was|depict|depicts)\b)")
def _share(m: re.Match[str], s: ParseState) -> bool:
    """'what share / % of', 'how much of my stuff', '... as a fraction of all my posts'; a yes/no share ('are more
    than half of my photos sad?', 'is most of my stuff upbeat?') is answered with the share itself."""
    s.set("measure", SHARE)
    return True


@rule(r"^(?:did|do|have|has) i ever (?=.*\b(?:post|posted|write|wrote|share|shared|upload|uploaded|mention"
      r"|mentioned|photograph|photographed)\b)(?!.*\b(?:which|what|when|who|more|less|fewer|or|vs|versus|than)\b)")
def _yes_no(m: re.Match[str], s: ParseState) -> bool:
    """'did I ever post about skiing?', 'have I ever written about dogs?': the count answers the yes/no."""
    if s.measure is not None:
        return False
    s.measure = COUNT
    return True


@rule(r"^when\b")
def _when(m: re.Match[str], s: ParseState) -> bool:
    """'when did I first post about X': the posts with their dates (with first / last: the one post)."""
    s.when = True
    if s.measure is None:
        s.measure = LIST
    return True


@rule(r"\bthings? (?:that )?i (?:have |had )?(?:ever )?(?:posted|post|shared|share|wrote|write|uploaded|upload)\b")
def _things_posted(m: re.Match[str], s: ParseState) -> bool:
    """'the first thing I posted about X': posts (elsewhere 'things' are what photos show)."""
    s.subject(m.start(), "posts", "post" if m.group(0).startswith("thing ") else "posts")
    return True


TREND = (r"(?:change[ds]?|changing|evolve[ds]?|evolving|develop(?:ed|ing)?|trend(?:ed|ing)?|(?:gone|go|went) up or "
         r"down|(?:got|gotten|get|getting|became|become) better or worse|improve[ds]?|shift(?:ed)?)")


@rule(r"\b(?:how )?(?:did |has |have |does |do |is |was )?(?:the |my )?(?:average )?sentiment(?: score)? " + TREND
      + r"\b|\b(?:the )?sentiment trend\b|\btrend (?:of|in) (?:the |my )?sentiment\b")
def _trend(m: re.Match[str], s: ParseState) -> bool:
    """'how did my mood change (over time)', 'sentiment trend': the average sentiment per year."""
    s.average = s.trend = True
    return True


@rule(r"(?:^|^(?:show|tell|give) (?:me )?|\b(?:on average|overall|in general) )how (?:positive|happy|upbeat"
      r"|negative|sad|gloomy)\b"
      r"(?! (?:vs|versus|or|and|compared)\b)")
def _how_positive(m: re.Match[str], s: ParseState) -> bool:
    """'how positive are my beach posts (on average)': the average sentiment score, not a filter."""
    s.average = True
    return True


@rule(r"\b(?:happier|sadder|gloomier|more positive|more negative|less positive|less negative|better|worse)\b"
      r"(?! or\b| vs\b| versus\b| and\b)")
def _comparative(m: re.Match[str], s: ParseState) -> bool:
    """'are my beach posts happier than my work posts': a comparison of average sentiment (only where values are
    compared: 'than', 'or', 'vs', 'compared to')."""
    if not s.comparing:
        return False
    s.average = True
    return True


@rule(r"\b(?:are |is )?(?:mostly|mainly|predominantly|largely|majority) (?P<s>" + SENT + r")(?: posts)?\b")
def _mostly(m: re.Match[str], s: ParseState) -> bool:
    s.set("measure", MOSTLY)
    s.set("share_of", SENTIMENT_OF.get(m.group("s"), m.group("s")))
    return True


@rule(r"\b(?:(?:are|is|were|was) )?never (?P<s>" + SENT + r")\b"
      r"|\b(?:with |have |has |had )?(?:no|zero|not a single|not 1) (?P<s2>" + SENT + r") posts?(?: at all)?\b"
      r"|\bwithout (?:ever )?being (?P<s3>" + SENT + r")\b"
      r"|\b(?:where|in which|with) none of (?:my |the |their |its |whose )?posts (?:are|is|were|was) (?P<s4>" + SENT
      + r")\b")
def _never(m: re.Match[str], s: ParseState) -> bool:
    """'which tags are never sad', 'people with no positive posts': the groups none of whose posts has that
    sentiment (only groups compile it; otherwise the LLM gets the plan as a hint)."""
    value = m.group("s") or m.group("s2") or m.group("s3") or m.group("s4")
    s.set("measure", NEVER)
    s.set("share_of", SENTIMENT_OF.get(value, value))
    return True


@rule(r"\b(?:post|posted|write|wrote|talk|talked) (?P<most>(?:the )?most )?(?P<s>positively|negatively)\b")
def _sentiment_adverb(m: re.Match[str], s: ParseState) -> bool:
    """'what did I write positively about in 2021': the posts of that sentiment; 'post most negatively about':
    those posts' groups ranked by count."""
    s.add_filter(Filter("sentiment", m.group("s")[: -len("ly")]))
    if m.group("most"):
        s.set("direction", "desc")
    return True


@rule(r"\bin how many (?P<what>posts|photos)\b|\bhow many times\b")
def _how_many_in(m: re.Match[str], s: ParseState) -> bool:
    s.set("measure", COUNT)
    s.subject(m.start(), "images" if m.groupdict().get("what") == "photos" else "posts")
    return True


@rule(r"\bhow many\b|\bhow much\b|\b(?:what is |what was )?(?:the )?(?:total )?number of\b|^count\b"
      r"|\bcount (?=the |my |all )|\b(?P<unit>post|photo) count\b")
def _count(m: re.Match[str], s: ParseState) -> bool:
    if s.measure == SHARE:  # "how many of my photos show animals, as a share": the share answers it
        return True
    s.set("measure", COUNT)
    if m.group("unit"):  # "my photo count in 2020": the photos (posts) counted
        s.subject(m.start(), "images" if m.group("unit") == "photo" else "posts")
    return True


# --- thresholds --------------------------------------------------------------------------------------------
OPS = {"at least": ">=", "more than": ">", "over": ">", "fewer than": "<", "less than": "<", "at most": "<=",
       "under": "<", "or more": ">=", "or fewer": "<=", "or less": "<="}
UNIT = r"(?: (?:of my )?(?P<unit>posts?|photos?|times?))?"


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


@rule(r"\bwhat (?:do|does|did) (?:my |the |these |those |all )?photos (?:show|depict|contain)\b")
def _what_photos_show(m: re.Match[str], s: ParseState) -> bool:
    """'what do my photos show (most often)': the tags."""
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


@rule(r"\b(?:in )?(?P<op>at least|more than|over|fewer than|less than|at most|under) (?P<n>\d+)" + UNIT + r"\b")
def _threshold(m: re.Match[str], s: ParseState) -> bool:
    s.set("threshold", (OPS[m.group("op")], int(m.group("n"))))
    s.threshold_unit = m.group("unit")
    return True


@rule(r"\b(?:in )?(?P<n>\d+) (?P<op>or more|or fewer|or less)" + UNIT + r"\b"
      r"|\b(?:in )?(?P<n2>\d+) (?P<unit2>posts?|photos?|times?) (?P<op2>or more|or fewer|or less)\b")
def _threshold_after(m: re.Match[str], s: ParseState) -> bool:
    """'5 or more photos', '5 photos or more'."""
    s.set("threshold", (OPS[m.group("op") or m.group("op2")], int(m.group("n") or m.group("n2"))))
    s.threshold_unit = m.group("unit") or m.group("unit2")
    return True


@rule(r"\b(?:in )?(?:only |just |exactly )?(?:1|a single) (?P<unit>post|photo)\b")
def _exactly_one(m: re.Match[str], s: ParseState) -> bool:
    s.set("threshold", ("=", 1))
    s.threshold_unit = m.group("unit")
    return True


@rule(r"\b(?:cover|covers|covered|span|spans|get|gets|got|hold|holds|contain|contains|appear|appears|appeared)"
      r"(?: in)?(?= ~)")
def _threshold_verb(m: re.Match[str], s: ParseState) -> bool:
    """'topics that cover at least 8 posts', 'tags that appear in 5 or more photos': the verb of the threshold."""
    return s.threshold is not None


@rule(r"\b(?:from|by) me\b")
def _by_me(m: re.Match[str], s: ParseState) -> bool:
    """'the most negative posts from me': the asker's posts (every post is)."""
    return True


def _in_value_slot(m: re.Match[str], s: ParseState) -> bool:
    """A ranking word right after a value cue that names a value there ("about biggest" where a topic is called
    'biggest') is that value, not a ranking."""
    before = m.string[: m.start()].rstrip().rsplit(" ", 1)[-1]
    target = VALUE_CUES.get(before)
    return target is not None and s.facts.name(m.group(0).strip().split()[-1], target) is not None


VALUE_CUES = {"about": "Topic", "mention": "Entity", "mentions": "Entity", "mentioning": "Entity", "show": "Tag",
              "shows": "Tag", "showing": "Tag", "hashtag": "Entity"}


# --- rankings: by average score, by date, by count --------------------------------------------------------
NOT_COUNTED = (r"(?<!has )(?<!have )(?<!had )(?<!with )(?<!gets )(?<!get )(?<!has the )(?<!have the )(?<!had the )"
               r"(?<!with the )(?<!gets the )(?<!get the )")


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:highest|best|happiest)(?: average)?(?: sentiment)?(?: score)?\b"
      r"|\b" + NOT_COUNTED + r"(?:the )?(?P<n2>\d+ )?most positive(?: average)?(?: sentiment)?(?: score)?\b")
def _score_high(m: re.Match[str], s: ParseState) -> bool:
    """'highest average', 'happiest month', 'most positive posts' (but 'has the most positive posts' counts)."""
    s.average = s.average or "average" in m.group(0)
    s.superlative = s.superlative or bool(re.search(r"happiest|most positive", m.group(0)))
    _direction(s, "desc", "score", m)
    if _n(m, "n2") is not None:
        s.set("limit", _n(m, "n2"))
    return True


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:lowest|worst|saddest|gloomiest|least positive|most negative)"
      r"(?=(?: sentiment)?(?: score)? (?:on )?average)(?: sentiment)?(?: score)?(?: average)?(?: sentiment)?"
      r"(?: score)?\b"
      r"|\b" + NOT_COUNTED + r"(?:the )?(?P<n3>\d+ )?most negative(?= posts?\b)"
      r"|\b(?:the )?(?P<n2>\d+ )?(?:lowest|worst|saddest|gloomiest|least positive)(?: average)?(?: sentiment)?"
      r"(?: score)?\b")
def _score_low(m: re.Match[str], s: ParseState) -> bool:
    s.average = s.average or "average" in m.group(0)
    s.superlative = s.superlative or bool(re.search(r"saddest|gloomiest|most negative", m.group(0)))
    s.set("direction", "asc")
    s.rank_by = "score"
    n = _n(m) or _n(m, "n2") or _n(m, "n3")
    if n is not None:
        s.set("limit", n)
    return True


@rule(r"\b(?:in |from |during |over |within |for )?(?:the )?(?:last|past|previous) (?P<n>\d+) (?P<u>months?|years?)\b"
      r"|\b(?:in |from |during |over |within |for )?the past (?P<u2>month|year)\b")
def _recent_window(m: re.Match[str], s: ParseState) -> bool:
    """'in the past 3 months', 'over the last 2 years', 'the past year': the posts of the last N calendar months up
    to and including the newest post's month (relative to the newest post, as 'last year' is)."""
    if s.facts.newest is None:
        s.add_filter(Filter("date_from", ""))  # the plan needs dates the graph does not hold: the answer says so
        return True
    n = _n(m) or 1
    months = n * (12 if (m.group("u") or m.group("u2")).startswith("year") else 1)
    year, month = s.facts.newest
    first = year * 12 + (month - 1) - (months - 1)
    s.add_filter(Filter("date_from", f"{first // 12:04d}-{first % 12 + 1:02d}"))
    return True


@rule(r"\b(?:my |the )?(?P<n>\d+ )?(?:newest|latest|most recent|last)\b(?! year| month)")
def _newest(m: re.Match[str], s: ParseState) -> bool:
    return _direction(s, "desc", "date", m)


@rule(r"\b(?:my |the )?(?P<n>\d+ )?(?:oldest|earliest|first)\b")
def _oldest(m: re.Match[str], s: ParseState) -> bool:
    return _direction(s, "asc", "date", m)


@rule(r"\b(?:just |only )?(?:the )?top (?P<n>\d+)\b|\btop\b")
def _top(m: re.Match[str], s: ParseState) -> bool:
    if _in_value_slot(m, s):
        return False
    return _direction(s, "desc", "count", m)


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:most|more) (?:common|frequent|frequently|popular|used|often|mentioned)"
      r"(?: named)?\b"
      r"|\b(?:the )?(?P<n2>\d+ )?(?:biggest|largest|main|commonest|busiest)\b|\bmost of\b"
      r"|\b(?:has|have|had|with|in|gets?|got|receives?) the most\b"
      r"|\b(?:the )?most(?= ~|$| in\b| during\b| from\b| this\b| last\b)")
def _most(m: re.Match[str], s: ParseState) -> bool:
    if _in_value_slot(m, s):
        return False
    s.set("direction", "desc")
    n = _n(m) or _n(m, "n2")
    if n is not None:
        s.set("limit", n)
    return True


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:least (?:common|frequent|frequently|popular|used|often|mentioned)|least|fewest"
      r"|rarest|quietest|smallest)\b")
def _least(m: re.Match[str], s: ParseState) -> bool:
    if _in_value_slot(m, s):
        return False
    return _direction(s, "asc", "count", m)


# --- grouping ----------------------------------------------------------------------------------------------
@rule(r"\b(?:per|each|by|every|for each|of each|in each|for every) (?P<g>year|month|sentiment)\b"
      r"|\b(?P<g2>monthly|yearly)\b"
      r"|\b(?P<g3>over time|over the years|from year to year|year (?:by|over|to|after) year|through the years)\b")
def _group_by(m: re.Match[str], s: ParseState) -> bool:
    """'per year', 'monthly', 'by sentiment'; 'over time', 'year by year': per year."""
    group = m.group("g") or ("year" if m.group("g3") else {"monthly": "month", "yearly": "year"}[m.group("g2")])
    s.set("group_by", group)
    return True


@rule(r"\b(?:per|for each|for every|by|in each) (?P<g>topic|tag|hashtag|person|place|organisation|organization|kind"
      r"|account|entity)\b")
def _per_group(m: re.Match[str], s: ParseState) -> bool:
    """'average sentiment per topic': the groups are what is asked for."""
    s.set("per_group", subject_of(m.group("g")))
    return True


@rule(r"\bdistributed (?:across|by|over|among) (?:the |my )?(?P<g>sentiments?|years?|months?)\b")
def _distributed(m: re.Match[str], s: ParseState) -> bool:
    s.set("group_by", m.group("g").rstrip("s"))
    return True


@rule(r"^how (?:are|is|were|was)\b(?=.* ~)")
def _how_distributed(m: re.Match[str], s: ParseState) -> bool:
    """'how are my posts distributed across ...': only with the distribution slot filled."""
    return s.group_by is not None


@rule(r"\b(?:the )?(?:sentiment )?(?:breakdown|split|distribution|break down|broken down|broke down)(?: of| for)?\b")
def _breakdown(m: re.Match[str], s: ParseState) -> bool:
    s.set("group_by", "sentiment")
    return True


# --- sentiment (which verdict, which value, negated) -------------------------------------------------------
DISAGREE = r"(?:disagree|differ|conflict|mismatch|contradict)\w*"


@rule(r"(?<!with )(?<!have )(?<!has )\b(?:the |my )?" + ONE + r"(?= posts? (?:(?:that |which )?"
      r"(?:are|is|were|was|looks?|seems?|feels?) )(?:not )?(?:" + SENT + r")\b)")
def _value_before_verdict(m: re.Match[str], s: ParseState) -> bool:
    """'my travel posts that are sad', 'the cycling posts that look upbeat': the value naming the posts whose verdict
    follows. Not said of photos: 'which cat photos are sad' may ask for the photo's verdict or the post's, and
    the suites' authors read it both ways, so it stays with the LLM."""
    return _value_rule(("Topic",))(m, s) or _value_rule(TAGS)(m, s)


@rule(r"\b(?:the )?caption(?: sentiment)? and (?:the )?photo(?: sentiment)? (?:that )?" + DISAGREE +
      r"|\b(?:the )?caption(?: sentiment)? (?:that )?" + DISAGREE + r" (?:with |from )?(?:the )?photo(?: sentiment)?"
      r"|\b(?:mismatched|mismatching|conflicting|different) caption and photo sentiments?\b")
def _disagree(m: re.Match[str], s: ParseState) -> bool:
    s.add_filter(Filter("disagree", True))
    return True


SIDE = r"(?:(?:the|my|its|their|a) )?(?P<{0}>caption|photo|text)s?(?: whose)?(?: sentiment)?"
MISMATCH = (r"(?:(?:do|does|did) not |not )(?:match|agree)(?: with)?|" + DISAGREE + r"(?: with| from)?"
            r"|(?:is|are|was|were) (?:different|not the same) (?:from|than|as|to)|(?:do|does|did) not have the same")
ON_SENTIMENT = r"(?: (?:on|in|about|by) (?:the |their |its )?sentiment)?"


@rule(r"\b" + SIDE.format("a") + r" (?:and|&) " + SIDE.format("b") + r" (?:that |which )?(?:" + MISMATCH + r")"
      + ON_SENTIMENT + r"\b"
      r"|\b" + SIDE.format("c") + r" (?:that |which )?(?:" + MISMATCH + r") " + SIDE.format("d") + ON_SENTIMENT + r"\b")
def _sides_disagree(m: re.Match[str], s: ParseState) -> bool:
    """The caption's and the photo's verdicts differ, said either way round: 'the photo and caption disagree',
    'a caption that does not match the photo sentiment', 'photos whose sentiment disagrees with the caption', 'the
    photo sentiment is different from the caption sentiment', 'do not match in sentiment'."""
    sides = {(m.group(k) or "").replace("text", "caption") for k in "abcd"} - {""}
    if sides != {"caption", "photo"}:
        return False
    s.add_filter(Filter("disagree", True))
    return True


SIDE_VERDICT = r"(?:a |an )?(?:" + SENT + r") (?:caption|photo|text)"


@rule(r"\b(?:that |which )?(?:pair|pairs|paired|pairing|combine|combines|combined|combining|match|matches|matched"
      r"|matching)(?= " + SIDE_VERDICT + r" (?:with|and) " + SIDE_VERDICT + r"\b)"
      r"|\bboth(?= " + SIDE_VERDICT + r" and " + SIDE_VERDICT + r"\b)")
def _pair_verdicts(m: re.Match[str], s: ParseState) -> bool:
    """'posts that pair a negative caption with a positive photo', 'both a happy caption and a happy photo': the
    verb joining two verdicts (each taken by the verdict slot)."""
    return True


@rule(r"\b(?:both )?(?:the |my |its )?(?P<a>caption|photo|text)s? and (?:the |my |its )?(?P<b>caption|photo|text)s? "
      r"(?:(?:are|were|both are|both were|look|looked) (?:both )?|both )?(?P<s>" + SENT + r")\b"
      r"|\b(?:are |is |were |was )?(?P<s2>" + SENT + r") (?:in|on) (?:both )?(?:the |its |their )?"
      r"(?P<c>caption|photo|text)s? and (?:in |on )?(?:the |its |their )?(?P<d>caption|photo|text)s?\b")
def _both_verdicts(m: re.Match[str], s: ParseState) -> bool:
    """'the text and the picture are both positive', 'positive in the caption and in the photo': both verdicts."""
    sides = {(m.group(k) or "").replace("text", "caption") for k in "abcd"} - {""}
    if sides != {"caption", "photo"} or not re.search(r"\b(?:both|are|were|look|looked|in|on)\b", m.group(0)):
        return False  # "the caption and photo positive" with neither 'both' nor a verb: not said of both
    value = m.group("s") or m.group("s2")
    value = SENTIMENT_OF.get(value, value)
    s.add_filter(Filter("caption_sentiment", value))
    s.add_filter(Filter("image_sentiment", value))
    return True


@rule(r"\b(?:i )?(?:wrote|write|said|say) (?:something |anything |a |an )?(?P<s>" + SENT + r")"
      r"(?: (?:caption|text|words?|things?))?\b")
def _wrote_sentiment(m: re.Match[str], s: ParseState) -> bool:
    """'posts where I wrote something positive': the caption's verdict."""
    value = m.group("s")
    s.add_filter(Filter("caption_sentiment", SENTIMENT_OF.get(value, value)))
    return True


SOURCE = r"captions?|photos?|text"  # "text" is the caption said another way ("the text is sad")
COPULA = r"(?:is|was|are|were|looks?|seems?|sounds?|feels?)"


@rule(r"\b(?:a |an )?(?P<s>" + SENT + r") (?P<src>" + SOURCE + r")(?: sentiment)?\b"
      r"|\b(?:the )?(?P<src2>" + SOURCE + r")(?: sentiment)? " + COPULA + r" (?P<neg>not )?"
      r"(?P<s2>" + SENT + r")\b"
      r"|\b(?:is|was|are|were) (?:the )?(?P<src3>caption|photo|text) (?P<neg3>not )?(?P<s3>" + SENT + r")\b"
      r"|\b(?P<src4>captions?|photos?) (?:that |which )?(?:has |have |had |with |having )(?:a |an )?"
      r"(?P<s4>" + SENT + r") sentiment\b"
      r"|\b(?P<src5>captions|photos|text) (?P<s5>" + SENT + r")$"
      r"|(?<=\band )(?:the |its )?(?P<src6>caption|photo|text) (?P<s6>" + SENT + r")\b")
def _source_sentiment(m: re.Match[str], s: ParseState) -> bool:
    """The caption's or the photo's verdict: 'a negative caption', 'the photo looks happy', 'the text is sad',
    'is over half of my text positive' (the copula fronted), '... and the photo positive' (elided),
    'posts that have a photo with negative sentiment' (the photo's verdict, not the post's)."""
    src = next(m.group(g) for g in ("src", "src2", "src3", "src4", "src5", "src6") if m.group(g)).rstrip("s")
    value = next(m.group(g) for g in ("s", "s2", "s3", "s4", "s5", "s6") if m.group(g))
    if "captions" in (m.group("src2"), m.group("src5")):
        s.subject(m.start(), "posts")
    field = "image_sentiment" if src == "photo" else "caption_sentiment"
    s.add_filter(Filter(field, SENTIMENT_OF.get(value, value), bool(m.group("neg") or m.group("neg3"))))
    return True


@rule(r"\b(?P<neg>(?:are|is|were|was) not |not |non-|non |without (?:a |an |any )?|with no )?(?:a |an )?(?P<s>"
      + SENT + r")(?: sentiment)?\b")
def _sentiment(m: re.Match[str], s: ParseState) -> bool:
    value = m.group("s")
    before = m.string[: m.start()].split()[-1:]
    s.predicative = s.predicative or bool(m.group("neg")) or before in (["are"], ["is"], ["were"], ["was"])
    s.add_filter(Filter("sentiment", SENTIMENT_OF.get(value, value), bool(m.group("neg"))))
    return True


# --- time --------------------------------------------------------------------------------------------------
@rule(r"\b(?P<op>before|until|till|prior to|after|since|from) (?:the (?:start|beginning|end) of )?(?P<y>" + YEAR
      + r")(?: on| onwards| onward)?\b")
def _year_range(m: re.Match[str], s: ParseState) -> bool:
    """'before 2021' (years up to 2020), 'after 2021' (from 2022), 'since 2021' / 'from 2021 on' (from 2021)."""
    year, op = int(m.group("y")), m.group("op")
    if op == "from" and not m.group(0).endswith(("on", "onwards", "onward")):
        return False
    if op in ("before", "prior to"):
        s.add_filter(Filter("year_to", year - 1))
    elif op in ("until", "till"):
        s.add_filter(Filter("year_to", year))
    else:
        s.add_filter(Filter("year_from", year + 1 if op == "after" else year))
    return True


@rule(r"\b(?:in |from |during |of )?(?P<m>" + MONTH + r") (?:of )?(?P<y>" + YEAR + r")\b")
def _month_year(m: re.Match[str], s: ParseState) -> bool:
    s.add_filter(Filter("year", int(m.group("y"))))
    s.add_filter(Filter("month", MONTHS.index(m.group("m")) + 1))
    return True


@rule(r"\b(?:in |from |during |of )?(?P<y>" + YEAR + r")\b")
def _year(m: re.Match[str], s: ParseState) -> bool:
    s.add_filter(Filter("year", int(m.group("y"))))
    return True


@rule(r"\b(?:in |from |during )(?P<m>" + MONTH + r")"
      r"(?: across (?:all )?(?:the |my )?years| of (?:any|every|each) year)?\b"
      r"|\b(?P<m2>" + "|".join(m for m in MONTHS if m != "may") + r")(?: across (?:all )?(?:the |my )?years)?\b")
def _month(m: re.Match[str], s: ParseState) -> bool:
    """A month with no year ('in December', 'December across all years'): that month of every year."""
    s.add_filter(Filter("month", MONTHS.index(m.group("m") or m.group("m2")) + 1))
    return True


LANGUAGES = {"english": "en", "german": "de", "french": "fr", "spanish": "es", "italian": "it", "dutch": "nl",
             "portuguese": "pt", "polish": "pl", "swedish": "sv", "danish": "da", "turkish": "tr"}


@rule(r"\b(?:(?:written|posted|captioned) )?in (?P<l>" + "|".join(LANGUAGES) + r")\b|\b(?P<l2>" + "|".join(LANGUAGES)
      + r")(?= posts?\b| captions?\b)")
def _language(m: re.Match[str], s: ParseState) -> bool:
    s.add_filter(Filter("language", LANGUAGES[m.group("l") or m.group("l2")]))
    return True


@rule(r"\b(?:with |have |has |having )?(?:a |the )?captions? (?:that )?"
      r"(?:contains?|containing|includes?|including|with) (?:the )?(?:word |text |phrase )?(?P<w>'[^']+'|[\w-]+)"
      r"|\b(?:with |have |has |having |contain |contains |containing )(?:the )?(?:word |text |phrase )"
      r"(?P<w2>'[^']+'|[\w-]+) in (?:the |their |its )?captions?\b")
def _caption_text(m: re.Match[str], s: ParseState) -> bool:
    """Words of the caption ('captions containing the word coffee'): matched lower-case in the caption text."""
    word = (m.group("w") or m.group("w2")).strip("'").strip()
    if not word or word in ("a", "an", "the"):
        return False
    s.add_filter(Filter("text", word))
    return True


@rule(r"\b(?:in |from |during )?(?P<which>last|this) year\b")
def _relative_year(m: re.Match[str], s: ParseState) -> bool:
    if s.facts.newest is None:
        return False
    s.add_filter(Filter("year", s.facts.newest[0] - (1 if m.group("which") == "last" else 0)))
    return True


# --- comparisons: two values side by side ("food or travel", "dogs vs cats") ---------------------------------
COMPARE_WITH = r"(?:or|vs|versus|compared to|compared with|and)"
VALUE_TARGETS = {"Topic": "topic", "Tag": "tag", "Tag.kind": "kind", "Entity": "entity"}


@rule(r"\b(?:about |of |with )?(?:the |my )?(?P<v>[#@]?[\w][\w'.-]*) " + COMPARE_WITH
      + r" (?:about |of |with )?(?:the |my )?(?P<w>[#@]?[\w][\w'.-]*)(?: (?:posts?|photos?|stuff|ones|topics))?\b")
def _compared_pair(m: re.Match[str], s: ParseState) -> bool:
    """Two names of one kind joined by or / vs / compared to / and in a comparison: both compared. Names of what
    photos show come first when the question is about photos, topics otherwise."""
    if not s.comparing:
        return False
    order = ("Tag", "Tag.kind", "Topic", "Entity") if re.search(r"\bphotos?\b", m.string) else \
        ("Topic", "Tag", "Tag.kind", "Entity")
    for target in order:
        first, second = s.facts.name(m.group("v"), target), s.facts.name(m.group("w"), target)
        if first is not None and second is not None and first != second:
            s.add_filter(Filter(VALUE_TARGETS[target], first))
            s.add_filter(Filter(VALUE_TARGETS[target], second))
            return True
    return False


# --- values: topics, entities, tags (with their negations) and absent parts ------------------------------
def _value(m: re.Match[str], s: ParseState, targets: tuple[str, ...]) -> tuple[str, str, str] | None:
    """(target, graph name, words used) for the match's value: two words if they name something, else one."""
    first, second = m.group("v"), m.groupdict().get("v2")
    for words in [f"{first} {second}"] if second else [first]:
        for target in targets:
            name = s.facts.name(words, target)
            if name is not None:
                return target, name, words
    return None


def _value_rule(targets: tuple[str, ...], negated_by: str = "neg", label: str | None = None,
                absent_ok: bool = False) -> Callable[..., bool]:
    """A value slot. With `absent_ok` (a slot whose grammar demands a name) a one-word value the graph does not hold
    is kept as a `missing` filter (agent/absent.py) instead of leaving the words to the LLM."""
    def handler(m: re.Match[str], s: ParseState) -> bool:
        found = _value(m, s, targets)
        negated = bool(m.groupdict().get(negated_by))
        if found is None:
            return absent_ok and _missing_value(m, s, targets, negated, label)
        target, name, words = found
        if target == "Tag" and s.facts.name(words, "Tag.kind") is not None and _plural_class(words, name):
            target, name = "Tag.kind", s.facts.name(words, "Tag.kind") or name  # "photos of vehicles": the kind
        field = {"Topic": "topic", "Entity": "entity", "Tag": "tag", "Tag.kind": "kind"}[target]
        s.add_filter(Filter(field, name, negated))
        if target == "Entity":
            details = set(s.facts.details("Entity", name))
            wanted = label or ("HASHTAG" if m.group("v").startswith("#") else
                               "MENTION" if m.group("v").startswith("@") else None)
            if wanted and wanted not in details:
                return False
            if wanted or len(details) == 1:
                s.add_filter(Filter("entity_label", wanted or next(iter(details))))
        return True
    return handler


def _plural_class(words: str, name: str) -> bool:
    """'vehicles' names the kind of tag 'vehicle' (every vehicle) even where a Tag is also called 'vehicle';
    'a vehicle' names the tag."""
    return words != name and words.rstrip("s") == name and not words.endswith("ss")


def _missing_value(m: re.Match[str], s: ParseState, targets: tuple[str, ...], negated: bool,
                   label: str | None) -> bool:
    if m.groupdict().get("v2"):
        return False  # two-word values the graph lacks are not guessed: the one-word form of the slot may try
    word = m.group("v")
    field = {"Topic": "topic", "Entity": "entity", "Tag": "tag", "Tag.kind": "tag"}[targets[0]]
    flt = missing_filter(s.facts, word, field, negated)
    if flt is None:
        return False
    s.add_filter(flt)
    wanted = label or ("HASHTAG" if word.startswith("#") else "MENTION" if word.startswith("@") else None)
    if field == "entity" and wanted:
        s.add_filter(Filter("entity_label", wanted))
    return True


def _not_a_command(handler: Callable[..., bool]) -> Callable[..., bool]:
    """'show X' at the start of a question is the command "show me", not the verb of a photo: a value the graph
    lacks is only taken after a subject ("photos that show X")."""
    def guarded(m: re.Match[str], s: ParseState) -> bool:
        if m.start() == 0 and _value(m, s, TAGS) is None:
            return False
        return handler(m, s)
    return guarded


TAGS = ("Tag", "Tag.kind")
# (pattern, targets, absent_ok): absent_ok where the grammar demands a name (see agent/absent.py)
for pattern, targets, absent_ok in (
    # "some kind of vehicle": the kind (before the photo verbs take "kind" as a tag)
    (r"\b" + NEG_AUX + r"(?:show|shows|showing|depict|depicts|depicting|contain|contains|containing|with|of|have|has)"
     r" (?:a |an |any |some )?(?:kind|type|sort)s? of (?:a |an )?" + VAL, ("Tag.kind",), False),
    (r"\b(?P<neg>without|with no) (?:the )?topic " + VAL, ("Topic",), True),
    (r"\b(?P<neg>without|with no|not in|not on) (?:the |a |any )?" + VAL + r" topic\b", ("Topic",), False),
    (r"\b(?P<neg>(?:have|has|had) nothing|(?:is|are|was|were) not|nothing) to do with (?:the |my )?" + VAL,
     ("Topic", "Tag", "Tag.kind"), False),
    # "the average for cycling", "what share of my posts is food"
    (r"\bfor (?:the |my )?(?:topic )?" + VAL, ("Topic",), False),
    (r"(?<=posts )(?:that )?(?:is|are|was|were) (?:about )?(?:the )?" + VAL + r"$", ("Topic",), False),
    (r"\b" + NEG_AUX + r"(?:about|on the topic|with the topic) (?:the |my |our )?" + VAL, ("Topic",), True),
    (r"\b(?P<neg>(?:do|does|did) not |never )?(?:mention|mentions|mentioned|mentioning)(?: of)? (?:the )?" + VAL,
     ("Entity",), True),
    (r"\b(?P<neg>without) (?:a |any )?mention of (?:the )?" + VAL, ("Entity",), True),
    (r"\b" + NEG_AUX + r"(?:show|shows|showing|depict|depicts|depicting|contain|contains|containing) "
     r"(?:a |an |any |some )?" + VAL, TAGS, True),
    (r"\b(?:show|shows|showing) (?P<neg>no) " + VAL, TAGS, True),
    (r"\b(?:(?P<neg>without|with no|no|(?:do|does|did) not have)|with|have|has) (?:a |an |any |the )?" + VAL +
     r" in (?:(?:the |my |their |its |a )?photos?|them|it)\b", TAGS, True),
    # after "photo(s)", which stays for the subject slot ("how many photos which have a cat": photos are counted)
    (r"(?:(?<=\bphoto )|(?<=\bphotos ))(?:that |which )?(?:(?P<neg>(?:do|does|did) not have|has no|have no|had no"
     r"|with no|without)"
     r"|has|have|had|having|with) "
     r"(?:a |an |any |the )?" + VAL, TAGS, True),
    (r"\b(?:the |a |an |my )?" + VAL + r" (?:(?P<neg>is not|are not|was not|were not)|is|are|was|were) "
     r"(?:in|on) (?:the |a |their |its |my )?(?:photos?|them|it)\b", TAGS, False),
    (r"\b(?P<neg>without) (?:a |an |any )?" + ONE + r"\b", TAGS, False),
):
    for form in (VAL2, ONE) if VAL in pattern else (None,):
        handler = _value_rule(targets, absent_ok=absent_ok)
        RULES.append((re.compile(pattern.replace(VAL, form) if form else pattern),
                      _not_a_command(handler) if targets == TAGS and absent_ok else handler))


@rule(r"\bphotos? (?:(?:that )?(?:are|is|were|was) )?of (?:a |an |my |the )?" + ONE)
def _photos_of(m: re.Match[str], s: ParseState) -> bool:
    if not _value_rule(TAGS, absent_ok=True)(m, s):
        return False
    s.subject(m.start(), "images")
    return True


# "uses the hashtag X": a name (one the graph lacks is answered as absent); a bare "hashtag X" takes only a hashtag
# the graph holds ("which hashtag is used in the most posts": 'is' is no value)
for pattern, label, absent_ok in (
        (r"\b(?:uses?|using|with|tagged|have|has) (?:the )?hashtag #?" + ONE, "HASHTAG", True),
        (r"\b(?:the )?hashtag #?" + ONE, "HASHTAG", False),
        (r"(?:(?<=\s)|^)(?:with |tagged |using )?(?P<v>#[\w][\w'.-]*)", "HASHTAG", True),
        (r"(?:(?<=\s)|^)(?:with |tagged |tag )?(?P<v>@[\w][\w'.-]*)", "MENTION", True)):
    RULES.append((re.compile(pattern), _value_rule(("Entity",), label=label, absent_ok=absent_ok)))

ABSENT_PARTS = {"photo": "image", "photos": "image", "topic": "topic", "topics": "topic", "hashtag": "hashtag",
                "hashtags": "hashtag", "mention": "mention", "mentions": "mention", "tag": "tag", "tags": "tag",
                "entities": "entity", "entity": "entity"}


@rule(r"\b(?:(?:have|has|had|with) )?(?:no|without|lack|lacks|lacking|(?:do|does|did) not have)(?: a| an| any)? "
      r"(?P<what>photos?|topics?|hashtags?|mentions?|tags?|entity|entities)(?: attached| at all)?\b"
      r"|\b(?P<text>text[- ]only|caption[- ]only)\b")
def _absent(m: re.Match[str], s: ParseState) -> bool:
    """'posts without a photo', 'no photos attached', 'text-only posts' (no photo)."""
    s.add_filter(Filter("absent", "image" if m.group("text") else ABSENT_PARTS[m.group("what")]))
    return True


@rule(r"\b(?P<neg>not |non-?)?(?P<v>[\w][\w'.]*)[- ]related\b")
def _topic_related(m: re.Match[str], s: ParseState) -> bool:
    """'music related', 'not cycling-related': about a topic the graph holds."""
    return _value_rule(("Topic",))(m, s)


@rule(r"\b(?:the )?" + ONE + r"(?= posts?\b| stuff\b| ones\b| uploads?\b)")
def _topic_modifier(m: re.Match[str], s: ParseState) -> bool:
    """'travel posts': a topic name right before 'posts' (where no topic has the name, what the photos show:
    'dog posts')."""
    return _value_rule(("Topic",))(m, s) or _value_rule(TAGS)(m, s)


@rule(r"\b(?:the )?" + ONE + r"(?= photos?\b)")
def _photo_modifier(m: re.Match[str], s: ParseState) -> bool:
    """'dog pics', 'beach photos': what the photos show (a topic name where no tag has it)."""
    return _value_rule(TAGS)(m, s) or _value_rule(("Topic",))(m, s)


@rule(r"\b(?P<n>\d{1,3}) (?=(?:topics?|subjects?|tags?|things|objects|hashtags?|people|persons?|friends?|places?|years?"
      r"|months?|posts?|photos?|kinds?|entities|organisations?|accounts?|sentiments?)\b)")
def _number_before_subject(m: re.Match[str], s: ParseState) -> bool:
    """'which 3 topics ...': a limit."""
    _limit(s, m)
    return True


@rule(r"^(?:the |my )?" + ONE + r"(?= ~| how many\b| count\b| number of\b)")
def _leading_value(m: re.Match[str], s: ParseState) -> bool:
    """'max - how many posts?', 'beach: count them': a name said before the question that counts it (a topic, a
    name in captions, or what photos show; only names the graph holds, never a noun such as 'people')."""
    if s.measure != COUNT or m.group("v") in SUBJECTS or m.group("v") in ("how", "count", "number"):
        return False
    return _value_rule(("Topic",))(m, s) or _value_rule(("Entity",))(m, s) or _value_rule(TAGS)(m, s)


@rule(r"\babout(?=\s*~?\s*$)")
def _trailing_about(m: re.Match[str], s: ParseState) -> bool:
    """'which topic do I post about (the most)?', 'what are my posts from 2021 about?': the topics are what is
    asked for, not a value."""
    s.asks_about = True
    return True


@rule(r"(?:(?<=~ )|^)(?:(?:which|that|what) )?(?:(?:are|is|were|was) )?(?:about )?(?:a |an |the )?" + ONE
      + r"(?=(?: ~)?$)")
def _bare_follow_up_value(m: re.Match[str], s: ParseState) -> bool:
    """'how about hiking?' after a question on cycling: a value of the kind the previous question filtered on;
    'narrow it to music', 'and which of them are cycling?', 'only the hiking ones' after one with no value: a
    topic (else what the photos show)."""
    if s.previous is None:
        return False
    fields = [f.field for f in s.previous.filters if f.field in ("topic", "tag", "kind", "entity")]
    targets = {"topic": "Topic", "tag": "Tag", "kind": "Tag.kind", "entity": "Entity"}
    if len(fields) == 1:
        found = [(fields[0], s.facts.name(m.group("v"), targets[fields[0]]))]
    elif not fields and s.follow:
        found = [(field, s.facts.name(m.group("v"), targets[field])) for field in ("topic", "tag", "kind")]
    else:
        return False
    field, name = next(((f, n) for f, n in found if n is not None), (None, None))
    if field is None:
        return False
    s.add_filter(Filter(field, name))
    s.follow = True
    return True


@rule(r"\b(?:the )?(?:average|mean|avg)(?: sentiment)?(?: score)?\b|\b(?:score |rate |scored |rated )?on average\b")
def _average(m: re.Match[str], s: ParseState) -> bool:
    s.average = True
    return True


@rule(r"^how (?:do|does|did|are|is|were|was)\b(?=.* ~)")
def _how_on_average(m: re.Match[str], s: ParseState) -> bool:
    """'how did my 2021 cycling posts score on average': the average the slots found."""
    return s.average


@rule(r"(?<=~ )mentions\b")
def _ranked_mentions(m: re.Match[str], s: ParseState) -> bool:
    """'my top mentions', 'most frequent mentions' (after the ranking slot took its words): the accounts."""
    s.subject(m.start(), "mention", "accounts")
    return True


@rule(r"(?:(?<=~ )|^)(?:or|vs|versus|compared to|compared with|than|and) (?:about |with |of |to )?(?:the |my )?"
      + ONE + r"(?: (?:posts?|photos?|stuff|ones))?\b")
def _compared_second(m: re.Match[str], s: ParseState) -> bool:
    """'about space or café': the second name of a comparison, of the kind of the first."""
    if not s.comparing:
        return False
    fields = {f.field for f in s.filters if f.field in ("topic", "tag", "kind", "entity") and not f.negated}
    if len(fields) != 1:
        return False
    field = next(iter(fields))
    target = {v: k for k, v in VALUE_TARGETS.items()}[field]
    name = s.facts.name(m.group("v"), target)
    if name is None:
        return False
    s.add_filter(Filter(field, name))
    return True


@rule(r"^how\b|\b(?:or|vs|versus|compared to|compared with|as opposed to|than|compare[ds]?|comparing|which one"
      r"|difference between|(?:about )?(?:more|fewer|less)(?: of)?)\b")
def _compare_words(m: re.Match[str], s: ParseState) -> bool:
    """The connectives and 'more' of a comparison whose values the slots found."""
    return any(len(values) > 1 for values in s.compared.values())


@rule(r"(?<!mention )(?<!mentions )(?<!show )(?<!shows )(?<!about )(?<!contain )(?<!contains )(?<!with )"
      r"\b(?:anything|something|stuff|everything)\b")
def _stuff(m: re.Match[str], s: ParseState) -> bool:
    """'anything about cats that is positive', 'my cycling stuff': posts (not after a value's verb: 'mention
    anything' names no value, and stays unknown)."""
    s.subject(m.start(), "posts", "posts")
    return True


# --- question heads that only say "list" (after the slots above took what they name) ----------------------
@rule(r"^(?:which|what|show|list|find|give|tell|who|name)\b|\b(?:in|for) (?:which|what)\b|^(?:show|give|tell) me\b")
def _ask(m: re.Match[str], s: ParseState) -> bool:
    if s.measure is None:
        s.measure = LIST
    if m.group(0) == "who":  # "who is ..." asks for one; "who are / do ..." may be several
        singular = re.match(r"who (?:is|was)\b", m.string[m.start():])
        s.subject(m.start(), "person", "person" if singular else "who")
    return True


SUBJECTS = {
    "posts": "posts", "post": "posts", "captions": "posts", "caption": "posts", "times": "posts", "photos": "images",
    "photo": "images", "topics": "topic", "topic": "topic", "subjects": "topic", "subject": "topic", "tags": "tag",
    "tag": "tag", "things": "tag", "objects": "tag", "kinds": "kind", "kind": "kind", "hashtags": "hashtag",
    "hashtag": "hashtag", "people": "person", "person": "person", "friends": "person", "friend": "person",
    "persons": "person", "names": "person", "places": "place", "place": "place",
    "cities": "place", "locations": "place", "organisations": "organisation", "organizations": "organisation",
    "organisation": "organisation", "organization": "organisation", "accounts": "mention", "account": "mention",
    "handles": "mention", "usernames": "mention", "uploads": "posts",
    "entities": "entity", "entity": "entity", "years": "year", "year": "year", "months": "month", "month": "month",
    "sentiments": "sentiment", "sentiment": "sentiment",
}
SUBJECT_WORDS = re.compile(r"\b(?:" + "|".join(sorted(SUBJECTS, key=len, reverse=True)) + r")\b")
SINGULAR = frozenset(w for w in SUBJECTS if not w.endswith("s") or w in ("times",)) - {"people", "times"}


def subject_of(word: str) -> str | None:
    """The subject a head noun names ('topics' -> 'topic', 'pictures' -> 'images')."""
    return SUBJECTS.get(word)


__all__ = ["AVERAGE", "LIST", "RULES", "SINGULAR", "SUBJECT_WORDS", "subject_of"]
