"""Question heads: what kind of answer is asked for (count, share, yes/no, ranking phrases...)."""
from __future__ import annotations

import re

from agent.parse_state import ParseState
from agent.plan import COUNT, LIST, MOSTLY, NEVER, ONLY, SCORE_RANGE, SHARE, Filter
from agent.slots.common import (
    CAPTION_SIDE,
    PHOTO_SIDE,
    SENT,
    SENTIMENT_OF,
    THINGS,
    Rule,
    registrar,
    set_direction,
    set_limit,
)
from agent.slots.subjects import subject_of
from agent.slots.thresholds import OPS, PER_POST, PER_POST_WORDS

RULES: list[Rule] = []
rule = registrar(RULES)

UNIT_WORDS = r"(?:posts?|photos?|pics?|pictures?|tweets?|captions?)"


@rule(r"\b(?:the )?(?:average|mean|avg)(?: number of| count of| amount of)? " + PER_POST_WORDS
      + r" (?:per|on each|on an?|in each|for each|on every|each) (?P<unit>" + UNIT_WORDS[3:]
      + r"|\bhow many " + PER_POST_WORDS.replace("?P<what>", "?P<what2>") + r" (?:does|do|did) (?:a|each|every|my"
      r"|the average|an average|the typical|a typical) (?P<unit2>" + UNIT_WORDS[3:] + r" (?:have|get|carry|contain"
      r"|show|got|name|mention|include|use)(?: on average)?\b"
      r"|\bhow many " + PER_POST_WORDS.replace("?P<what>", "?P<what3>") + r" (?:(?:are|is) )?(?:per|on each|in each"
      r"|on an?|in an?|on the average|on a typical) "
      r"(?P<unit3>" + UNIT_WORDS[3:] + r"(?: on average)?\b")
def _average_per_post(m: re.Match[str], s: ParseState) -> bool:
    """'on average, how many hashtags does a post have', 'the mean number of tags per pic': how many each post
    (photo) has, averaged (a post with none counts 0)."""
    what = m.group("what") or m.group("what2") or m.group("what3")
    unit = (m.group("unit") or m.group("unit2") or m.group("unit3")).rstrip("s")
    group = PER_POST[what]
    photo = unit in ("photo", "pic", "picture")
    if photo and group != "tag":
        return False  # "hashtags per photo": a post's, not a photo's
    s.counted_per_post = group
    s.measure = "average"
    s.average = True
    start = m.start("unit") if m.group("unit") else m.start("unit2") if m.group("unit2") else m.start("unit3")
    s.subject(start, "images" if photo else "posts", unit)
    return True


@rule(r"\b(?P<a>" + CAPTION_SIDE + r"|" + PHOTO_SIDE + r") (?:that |which )?"
      r"(?:(?:had|has|have) (?:a )?(?=better |worse ))?(?:(?:looks?|looked|is|was|seems?|seemed|feels?|felt"
      r"|sounds?|sounded|reads?) )?(?P<cmp>happier|more positive|more upbeat|better sentiment|sadder|gloomier"
      r"|more negative|worse sentiment) than "
      r"(?P<b>" + CAPTION_SIDE + r"|" + PHOTO_SIDE + r")(?!\w)")
def _side_happier(m: re.Match[str], s: ParseState) -> bool:
    """'the photo looks happier than the caption', 'the image sentiment is more positive than the caption
    sentiment', 'the picture more positive than what I wrote': posts where one side's score is the higher."""
    first_photo, second_photo = "photo" in m.group("a"), "photo" in m.group("b")
    if first_photo == second_photo or re.search(r"\b(?:photos|captions|texts)\b", m.group(0)):
        return False  # "are my photos happier than my captions": all of them compared, not post by post
    happier = m.group("cmp") in ("happier", "more positive", "more upbeat", "better sentiment")
    s.add_filter(Filter("sides", "image_happier" if first_photo == happier else "caption_happier"))
    return True


# the two sides said of the whole collection ("my captions", "the photos"), and a comparative of their mood
CAPTIONS_ALL = r"(?:(?:all )?(?:the |my )?(?:captions|texts)(?: i (?:write|wrote))?)"
PHOTOS_ALL = r"(?:(?:all )?(?:the |my )?(?:photos|pictures|pics|images)(?: i (?:post|posted|share|shared))?)"
SIDES_ALL = r"(?:" + CAPTIONS_ALL + r"|" + PHOTOS_ALL + r")"
HAPPIER = (r"(?:happier|more positive|more upbeat|more cheerful|cheerier|sadder|gloomier|more negative"
           r"|more depressing|unhappier)")
MOOD_VERB = r"(?:(?:look|looks|looked|seem|seems|seemed|feel|feels|felt|read|reads|sound|sounds|come across|tend to be"
MOOD_VERB += r"|are|were) )?"
ON_AVERAGE = r"(?: on average| overall| in general| generally)?"


@rule(r"\b(?P<a>" + SIDES_ALL + r") " + MOOD_VERB + r"(?:on average |overall |generally )?" + HAPPIER + ON_AVERAGE
      + r" than (?P<b>" + SIDES_ALL + r")" + ON_AVERAGE + r"(?!\w)"
      r"|\b(?:which|what|who) (?:ones? |of them |of the two )?(?:is|are|looks?|seems?|reads?|comes? across as) "
      + HAPPIER + ON_AVERAGE
      + r"[,:]? (?P<c>" + SIDES_ALL + r") or (?P<d>" + SIDES_ALL + r")(?!\w)"
      r"|\b(?P<e>" + SIDES_ALL + r") or (?P<f>" + SIDES_ALL + r")[,:]? (?:(?:which|what) (?:ones? )?)?"
      + MOOD_VERB + HAPPIER + ON_AVERAGE + r"(?!\w)"
      r"|\baverage (?P<g>caption|photo|picture|image) (?:sentiment|score|mood)s?(?: score)? (?:vs|versus|compared to"
      r"|compared with|against|and) (?:the |my )?(?:average )?(?P<h>caption|photo|picture|image) "
      r"(?:sentiment|score|mood)s?(?: score)?(?!\w)"
      # "the mean sentiment score of my captions with (vs, and) the sentiment score of my photos"
      r"|(?:\bcompare (?:the )?|\bcompare on average (?:the )?|\b)(?:average|(?<=on average )the) (?:sentiment |mood )?"
      r"(?:score )?(?:of|for|across) (?P<i>" + SIDES_ALL + r") (?:vs|versus|compared to"
      r"|compared with|against|and|with)(?: (?:the |its |their )?(?:average )?(?:sentiment |mood )?(?:score )?"
      r"(?:of|for|across))? (?P<j>" + SIDES_ALL + r")(?!\w)")
def _sides_averaged(m: re.Match[str], s: ParseState) -> bool:
    """'are my photos happier than my captions?', 'do my captions or my photos look happier?', 'which is more
    positive, my captions or my photos?', 'average caption sentiment vs average photo sentiment': all captions'
    and all photos' scores compared (post by post it is _side_happier's 'the photo looks happier than the caption')."""
    sides = [m.group(k) for k in "abcdefghij" if m.group(k)]
    kinds = {"caption" if re.search(r"caption|text", side) else "photo" for side in sides}
    if kinds != {"caption", "photo"}:
        return False
    if m.group("g") is None and not all(re.search(r"(?:captions|texts|photos|pictures|pics|images)\b", side)
                                        for side in sides):
        return False  # "the photo looks happier than the caption": one post's two sides (_side_happier)
    s.sides_averaged = True
    return True


POST_VERB = r"(?:post|posted|posting|share|shared|sharing|upload|uploaded|uploading)"
RATE_UNIT = r"(?:a|per|each|every) (?:month|year|week)"


@rule(r"^(?:on average )?how often (?:do|did|have|had) i (?:been )?" + POST_VERB + r"(?: anything| stuff| things)?\b"
      r"|^(?:on average )?how many (?:posts|times|photos|pictures|pics) (?:do|did|have) i (?:make|made|do|" + POST_VERB
      + r")? ?(?:on average )?a (?:month|year|week)(?: on average)?\b(?! (?:in|of)\b)"
      r"|^on average how many (?:posts|times|photos|pictures|pics) (?:do|did|have) i (?:make|made|do|" + POST_VERB
      + r")? ?" + RATE_UNIT + r"\b(?! (?:in|of)\b)"
      r"|^how many (?:posts|times|photos|pictures|pics) (?:do|did|have) i (?:make|made|do|" + POST_VERB
      + r")? ?" + RATE_UNIT + r" on average\b"
      r"|^how many (?:posts|photos|pictures|pics) " + RATE_UNIT + r" (?:do|did) i (?:make|do|" + POST_VERB
      + r") on average\b"
      r"|\baverage (?:number of )?(?:posts|photos|pictures|pics|uploads)(?: (?:that )?i (?:make|do|" + POST_VERB
      + r"))? " + RATE_UNIT + r"\b"
      r"|^(?:on average )?how many (?:posts|photos|pictures|pics|uploads) " + RATE_UNIT + r" on average\b"
      r"|^(?:for )?how long (?:have|did) i (?:been )?" + POST_VERB + r"(?: for)?\b"
      r"|^since when (?:have|did) i (?:been )?" + POST_VERB + r"\b"
      r"|^when did i (?:first )?(?:start|begin|began) (?:to )?" + POST_VERB + r"\b"
      r"|\bmy posting (?:frequency|rate|rhythm|habits?|activity)\b")
def _activity(m: re.Match[str], s: ParseState) -> bool:
    """'how often do I post?', 'on average how many posts do I make a month', 'how long have I been posting?': the
    posting rate and span (agent/parser.py falls back to a count when the question names a topic, a tag...)."""
    s.activity = True
    return True


LOW = r"(?:lowest|minimum|min|worst|smallest)"
HIGH = r"(?:highest|maximum|max|best|biggest)"
RANGE_SIDE = r"(?: (?P<side>sentiment|mood|caption|photo|picture|pic|image|text))?"


@rule(r"\b(?:the )?(?:" + LOW + r" and (?:the )?" + HIGH + r"|" + HIGH + r" and (?:the )?" + LOW + r")" + RANGE_SIDE
      + r"(?: scores?| values?)?\b|\b(?:the )?(?:range|spread) of (?:my |the |their )?(?P<side2>sentiment |mood "
      r"|caption |photo )?scores?\b")
def _score_range(m: re.Match[str], s: ParseState) -> bool:
    """'the lowest and highest sentiment scores of my Berlin posts', 'min and max score', 'the range of my caption
    scores': one side's lowest, highest and average score over those posts."""
    side = (m.group("side") or m.group("side2") or "").strip()
    if side in ("caption", "text"):
        s.source = "caption"
    elif side in ("photo", "picture", "pic", "image"):
        s.source = "image"
    s.measure = SCORE_RANGE
    return True


@rule(r"\b(?:(?:the|my) )?first and last(?: dates?| times?| posts?| ones?)?(?: i (?:posted|shared|wrote))?\b")
def _first_and_last(m: re.Match[str], s: ParseState) -> bool:
    """'the first and last post about cycling' (agent/wording.py says 'when did I first post about X, and when was
    the most recent time' so): the first and the last date of those posts, with how often they came in between."""
    s.span = True
    return True


@rule(r"^what (?:happened|went on|was i (?:doing|up to)|did i (?:do|get up to))\b")
def _what_happened(m: re.Match[str], s: ParseState) -> bool:
    """'what happened in March 2022?', 'what was I up to in summer 2021': the posts of that time, listed."""
    if s.measure is None:
        s.measure = LIST
    s.subject(m.start(), "posts", "posts")
    return True


@rule(r"\bby (?:the )?(?:(?:number|count) of )?(?:posts|photos|tweets|pictures|pics|images|updates|uploads)$"
      r"|\bby (?:the )?(?:number|count) of (?:posts|photos|tweets|pictures|pics|images|updates|uploads)\b")
def _by_number(m: re.Match[str], s: ParseState) -> bool:
    s.rank_by = "count"
    return True


@rule(r"\bby(?= (?:their |the |its )?(?:average |mean |avg )?(?:sentiment|mood)(?: score)?$|"
      r" (?:their |the |its )?(?:average|mean|avg)(?: score)?$)")
def _by_average(m: re.Match[str], s: ParseState) -> bool:
    """'rank topics by average sentiment', 'my tags sorted by their mean score': ranked by the average score (the
    words after 'by' are read by the average slot)."""
    if not re.search(r"\b(?:average|mean|avg|score)\b", m.string[m.end():]) \
            and not re.search(r"\b(?:rank|ranked|sort|sorted|order|ordered)\b", s.asked):
        return False  # "my topics by sentiment": each broken down by sentiment (the grouping slot's)
    # "sort my tags by mood": a ranking asks for one figure per tag, the average score (a breakdown has no order)
    s.rank_by = "score"
    s.average = True
    return True


@rule(r"\bby(?= (?:the )?(?:number of |count of )?(?:(?:" + SENT + r") )?(?:posts|photos)$)")
def _by_posts_last(m: re.Match[str], s: ParseState) -> bool:
    """'top 2 topics by negative posts', 'my places by posts': ranked by how many (the verdict and the noun are
    read by their own slots)."""
    s.rank_by = "count"
    return True


@rule(r"\b(?:and |with )?(?:how often|how many (?:times |posts |photos )?"
      r"(?:each|per (?P<g>one|kind|topic|tag|hashtag|place|person))|how many (?:posts|photos) each"
      r"|how many (?:posts|photos) (?:in |for )each(?: one| 1| of them)?(?=\s*$))\b"
      r"(?! (?:month|year)s?\b)")
def _and_how_often(m: re.Match[str], s: ParseState) -> bool:
    """'... and how often?', '... and how many photos each?': each group with its count; 'how many posts per
    topic' names the group itself."""
    if m.group("g") and m.group("g") != "one":
        s.subject(m.start("g"), subject_of(m.group("g")), m.group("g"))
    s.counts_each = True
    return True


@rule(r"\b(?:what )?(?P<n>\d+ )?(?:kinds?|types?|sorts?|categories|category) of (?:things|tags|objects|stuff)\b")
def _kinds_of_things(m: re.Match[str], s: ParseState) -> bool:
    """'kinds of things', 'the 2 types of objects ...': the kinds of tag (with a limit before them)."""
    s.subject(m.start(), "kind", "kinds")
    set_limit(s, m)
    return True


# --- question heads ----------------------------------------------------------------------------------------
@rule(r"\b(?:the )?(?P<n>\d+ )?(?P<d>highest|largest|greatest|biggest|lowest|smallest) (?:number|count) of\b")
def _number_rank(m: re.Match[str], s: ParseState) -> bool:
    """'which tag has the highest number of photos': ranked by the count, not by a score (before
    'number of' is read as a count and 'highest' as a score ranking)."""
    return set_direction(s, "asc" if m.group("d") in ("lowest", "smallest") else "desc", "count", m)


@rule(r"\bwhat (?:is the |are the )?(?:share|percentage|percent|fraction|proportion|part) of\b|\bhow much of\b"
      r"|^(?:the )?(?:percent|percentage|share|proportion|fraction)(?= (?:" + SENT + r") (?:posts|photos)\b)"
      r"|^(?:the )?(?:share|percentage|percent|fraction|proportion) of\b|\b(?:in|as a) (?:percent|percentage)$"
      r"|\b(?:the )?(?<!highest )(?<!lowest )(?<!biggest )(?<!smallest )(?<!largest )(?<!greatest )(?<!higher )"
      r"(?<!lower )(?<!bigger )(?<!smaller )(?:share|percentage|proportion|fraction) of (?=(?:" + SENT + r")"
      r" (?:posts|photos)\b)"
      r"|\bas a (?:share|percentage|percent|fraction|proportion)(?: of (?:all|everything|the total|the whole)"
      r"(?: of them| (?:my |the )?(?:posts|photos))?)?\b"
      r"|^(?:are|is|were|was) (?:more than|over|less than|under|at least|at most|about|roughly) (?:half|a third"
      r"|a quarter|\d+ percent) of\b|^(?:are|is|were|was) (?:most|the majority) of\b"
      r"|\bhow many percent\b|\bwhat (?:percent|percentage|share|fraction|proportion)(?: of them| ~)?"
      r"(?= (?:posts |photos )?(?:have|has|had|show|shows|showed|contain|contains|are|is|were|was|depict|depicts)\b)"
      # "the percentage that is negative" (said after a question about some posts)
      r"|^(?:and |so )?(?:the )?(?:share|percentage|percent|proportion|fraction)(?= (?:that|which) (?:is|are|was"
      r"|were) (?:" + SENT + r")\b)")
def _share(m: re.Match[str], s: ParseState) -> bool:
    """'what share / % of', 'how much of my stuff', '... as a fraction of all my posts'; a yes/no share ('are more
    than half of my photos sad?', 'is most of my stuff upbeat?') is answered with the share itself."""
    s.set("measure", SHARE)
    return True


@rule(r"^(?:~ )?(?:(?:do|did) i (?:have|own|take|post|share|upload)|have i (?:got|had|taken|posted|shared|uploaded)"
      r"|(?:are|were) there) (?P<op>at least|more than|over|fewer than|less than|at most|under) (?P<n>\d+)"
      r"(?= (?:[\w'-]+ ){0,2}?(?:photos|pics|pictures|images|shots|posts|tweets|selfies)\b)"
      r"(?!.*\b(?:which|what|when|who|how|than|most|least|each|per|every|or)\b)")
def _count_bar(m: re.Match[str], s: ParseState) -> bool:
    """'do I have at least 3 photos with snow in them?', 'are there more than 10 posts about travel?': whether the
    count passes that bar (yes or no, with the count). The number is the bar on the total, not on each topic or
    year (the threshold slot's 'topics with at least 3 posts')."""
    if s.measure is not None:
        return False
    s.measure = COUNT
    s.yes_no = True
    s.count_bar = (OPS[m.group("op")], int(m.group("n")))
    return True


@rule(r"^(?:did|do|have|has) i ever (?=.*\b(?:post|posted|write|wrote|written|share|shared|upload|uploaded|mention"
      r"|mentioned|photograph|photographed|talk|talked)\b)(?!.*\b(?:which|what|when|who|more|less|fewer|or|vs|versus"
      r"|than)\b)"
      r"|^(?:(?:do|did) i have|have i (?:got|had)|(?:are|were) there) any\b(?!.*\b(?:which|what|when|who|more|less"
      r"|fewer|or|vs|versus|than)\b)"
      r"|^(?:have i (?:ever )?(?:posted|shared|uploaded|written) any(?:thing)?"
      r"|(?:did|do) i (?:post|share|upload|write) any(?:thing(?! (?:" + SENT + r")\b))?)\b"
      r"(?!.*\b(?:which|what|when|who|more|less|fewer|or|vs|versus|than|most|least)\b)"
      r"|^(?:did|do|have) i (?=(?:mention|mentioned|name|named|talk about|talked about|write about"
      r"|written about|post about|posted about)\b.* in any\b)"
      r"(?!.*\b(?:which|what|when|who|more|less|fewer|or|vs|versus|than|most|least)\b)"
      # "any horse pics?", "any tweets in Spanish?": a bare "any" asking whether a concrete thing exists (with a
      # verdict, a denial or a "which" the suites' dev authors wanted the posts listed instead)
      r"|^any(?= (?:[\w'-]+ ){0,3}?(?:photos?|posts?|shots?|tweets?|captions?)\b)"
      r"(?!.*\b(?:which|what|how|when|who|not|no|without|never|" + SENT + r"|more|less|fewer|than|most|least|each"
      r"|per|vs|versus|ones)\b)"
      r"|^(?:(?:is|was) there|(?:do|did) i have|have i (?:got|had)) (?:a|an|one)\b"
      r"(?= (?:[\w'-]+ ){0,2}?(?:photo|picture|image|post|caption|tweet)s?\b)"
      r"(?!.*\b(?:which|what|when|who|more|less|fewer|or|vs|versus|than|most|least)\b)"
      # without 'any': 'were there photos with a cat in 2022', 'are there negative posts' ('do I have photos of
      # X' and 'did I post anything sad about X' list the posts, as the suites' dev halves read them)
      r"|^(?:are|were) there(?= (?:\w+ ){0,3}?" + THINGS + r"\b)"
      r"(?!.*\b(?:which|what|when|who|how|more|less|fewer|or|vs|versus|than|most|least|each|per)\b)"
      # "does a snake appear in any of my photos": whether one does
      r"|^(?:does|did)(?= (?:a|an|any) [\w'-]+ (?:ever )?(?:appear|appears|appeared|show up|shows up|showed up) in\b)"
      r"(?!.*\b(?:which|what|when|who|how|more|less|fewer|or|vs|versus|than|most|least|each|per)\b)")
def _yes_no(m: re.Match[str], s: ParseState) -> bool:
    """'did I ever post about skiing?', 'have I ever written about dogs?', 'do I have any posts about X?', 'are there
    any photos of snow?', 'is there a photo of a cat from 2021?': the count answers the yes/no."""
    if s.measure is not None:
        return False
    s.measure = COUNT
    s.yes_no = True
    if re.search(r"\b(?:post|posted|share|shared|upload|uploaded|write|written) any(?:thing)?\b", m.group(0)):
        # "did I post anything in March 2022?" asks of my posts, even right after a question about accounts (it had
        # been read as that question's follow-up: the accounts tagged in March 2022)
        s.subject(m.start(), "posts", "posts")
    return True


@rule(r"^(?:~ )?(?:(?:ok|okay|and|so|then|now) )*when\b")
@rule(r"^when (?:did|do|have) i (?:post|posted|share|shared|upload|uploaded)(?= (?:the )?(?:most|least|fewest)\b)")
def _when(m: re.Match[str], s: ParseState) -> bool:
    """'when did I first post about X': the posts with their dates (with first / last: the one post). The longer
    pattern, tried first, also takes the verb of a ranking of time buckets ('when did I post the least, which
    year'), which is not a post subject."""
    s.when = True
    if s.measure is None:
        s.measure = LIST
    return True


@rule(r"(?:^|\s)(?:and |so )?(?:when|(?:on )?(?:what|which) (?:date|day))(?: (?:was|is|did) (?:it|that|this|they)"
      r"(?: (?:posted|shared|made|uploaded|put up|taken))?)?\s*$")
def _trailing_when(m: re.Match[str], s: ParseState) -> bool:
    """'first beach photo: which post, when?', 'my last post about Max - what date was it?': the date is asked for
    too (a post is listed with its date anyway)."""
    s.when = True
    return True


@rule(r"\b(?P<n>\d+ )?(?:things|subjects|themes) (?:do|did|have|had) i (?:ever )?(?:post|posted|write|written|wrote"
      r"|talk|talked|share|shared) about\b")
def _things_i_post_about(m: re.Match[str], s: ParseState) -> bool:
    """'which 2 things did I write about most': the topics (what posts are about), not what the photos show."""
    s.asks_about = True
    n = m.group("n")
    if n:
        s.set("limit", int(n))
    return True


@rule(r"\bthings? (?:that )?(?:i (?:have |had )?|(?:have|had|did|do) i )(?:ever )?"
      r"(?:posted|post|shared|share|wrote|write|uploaded|upload)\b")
def _things_posted(m: re.Match[str], s: ParseState) -> bool:
    """'the first thing I posted about X', 'how many things have I posted': posts (elsewhere 'things' are what
    photos show)."""
    s.subject(m.start(), "posts", "post" if m.group(0).startswith("thing ") else "posts")
    return True


TREND = (r"(?:change[ds]?|changing|evolve[ds]?|evolving|develop(?:ed|ing)?|trend(?:ed|ing)?|(?:gone|go|went) up or "
         r"down|(?:got|gotten|get|getting|became|become) better or worse|improve[ds]?|shift(?:ed)?)")


@rule(r"\b(?:how )?(?:did |has |have |does |do |is |was )?(?:the |my )?(?:average )?sentiment(?: score)?"
      r"(?: of (?:my |the |all my )?(?:posts|photos|captions|stuff))? " + TREND
      + r"\b|\b(?:the )?sentiment trend\b|\btrend (?:of|in) (?:the |my )?sentiment\b")
def _trend(m: re.Match[str], s: ParseState) -> bool:
    """'how did my mood change (over time)', 'sentiment trend': the average of the sentiment, year by year."""
    s.average = s.trend = True
    return True


@rule(r"(?:^|^(?:show|tell|give) (?:me )?|\b(?:on average|overall|in general) )how (?:positive|happy|upbeat"
      r"|negative|sad|gloomy)\b"
      r"(?! (?:vs|versus|or|and|compared)\b)")
def _how_positive(m: re.Match[str], s: ParseState) -> bool:
    """'how positive are my beach posts (on average)': the mean score, not a filter."""
    s.average = True
    return True


@rule(r"\b(?:happier|sadder|gloomier|more positive|more negative|less positive|less negative|better|worse)\b"
      r"(?! or\b| vs\b| versus\b| and\b| (?:captions?|text|photos?|posts?|stuff|ones|things|uploads?)\b)")
def _comparative(m: re.Match[str], s: ParseState) -> bool:
    """'are my beach posts happier than my work posts': a comparison of average sentiment (only where values are
    compared: 'than', 'or', 'vs', 'compared to'; 'more negative captions / posts / stuff' counts them, it is no
    comparative)."""
    if not s.comparing:
        return False
    s.average = True
    return True


@rule(r"\b(?:are |is )?(?:mostly|mainly|predominantly|largely|majority) (?P<s>" + SENT + r")(?: posts)?\b")
def _mostly(m: re.Match[str], s: ParseState) -> bool:
    s.set("measure", MOSTLY)
    s.set("share_of", SENTIMENT_OF.get(m.group("s"), m.group("s")))
    return True


@rule(r"\b(?:are |is )?(?:(?P<op>at least|more than|over|above|no less than) (?P<q>half|(?P<n>\d{1,2}) percent)"
      r"|(?P<n2>\d{1,2}) percent (?P<op2>or more|or above|or over))"
      r" (?:of (?:the |their |its |my )?(?:posts? |photos? )?(?:(?:are|is|were|was|have|has|having) )?(?:a |an )?)?"
      r"(?P<s>" + SENT + r")(?: sentiment| posts?| ones)?\b"
      r"|\b(?P<s3>" + SENT + r") (?:posts? |ones )?(?:make up|makes up|are|account for|form) "
      r"(?P<op3>at least|more than|over) (?P<q3>half|(?P<n3>\d{1,2}) percent)(?: of (?:them|the posts|their posts))?\b")
def _share_floor(m: re.Match[str], s: ParseState) -> bool:
    """'which of my topics are at least half sad', 'topics where more than 30% of the posts are sad': the groups
    past that share of one verdict (a 'mostly' question with another bar; "more than half" is 'mostly')."""
    said = m.group("op") or m.group("op3")
    op = ">" if said in ("more than", "over", "above") else ">="  # "at least", "no less than", "N% or more"
    quantity = m.group("q") or m.group("q3")
    pct = 50 if quantity == "half" else int(m.group("n") or m.group("n2") or m.group("n3"))
    sentiment = m.group("s") or m.group("s3")
    if not 0 < pct < 100:
        return False
    s.set("measure", MOSTLY)
    s.set("share_of", SENTIMENT_OF.get(sentiment, sentiment))
    if (op, pct) != (">", 50):
        s.set("share_floor", (op, pct))
    return True


@rule(r"\b(?:the )?(?P<n>\d+ )?(?P<d>highest|largest|biggest|greatest|most|lowest|smallest|least|fewest) "
      r"(?:share|percentage|percent|proportion|fraction|ratio|rate) of (?P<s>" + SENT + r")"
      r"(?: (?:posts?|photos?|pics?|pictures?|ones|stuff))?\b")
def _ranked_share(m: re.Match[str], s: ParseState) -> bool:
    """'which topic has the highest share of negative posts', 'the 3 years with the lowest percentage of happy
    posts': topics, years... ranked by the share of their posts with that sentiment (not by their count, nor by
    an average score)."""
    s.set("measure", SHARE)
    s.set("share_of", SENTIMENT_OF.get(m.group("s"), m.group("s")))
    up = m.group("d") in ("highest", "largest", "biggest", "greatest", "most")
    set_direction(s, "desc" if up else "asc", "share", m)
    return True


@rule(r"\b(?:(?:are|is|were|was) )?never (?P<s>" + SENT + r")\b"
      r"|\b(?:with |have |has |had )?(?:no|zero|not a single|not 1) (?P<s2>" + SENT + r") posts?(?: at all)?\b"
      r"|\bwithout (?:ever )?being (?P<s3>" + SENT + r")\b"
      r"|\b(?:where|in which|with) none of (?:my |the |their |its |whose )?posts (?:are|is|were|was) (?P<s4>" + SENT
      + r")\b"
      r"|\b(?:have |has )?never (?:had|got|gotten|received) (?:a |an |any |one )?(?P<s5>" + SENT + r") posts?\b"
      r"|\b(?:i )?(?:have )?never (?:posted|written|wrote|shared|said) (?:anything|something|a thing) (?P<s6>" + SENT
      + r")(?: about)?\b"
      r"|\bwithout (?:a single |any |one |even one )?(?P<s7>" + SENT + r") posts?\b"
      r"|\b(?:(?:are|is|were|was|have|has|had) )?never (?:been )?(?:(?:appear(?:s|ed)?|show(?:s|ed)? up|come up"
      r"|comes up|came up|turn(?:s|ed)? up|occur(?:s|red)?|used|mentioned|named|tagged|featured|found|seen) )?"
      r"(?:in|on|part of)"
      r" (?:a |an |any |any of my |one |one of my |my )?(?P<s8>" + SENT + r") posts?\b"
      # "which topics do not have a single negative post", "have never had a sad post from me"
      r"|\b(?:(?:do|does|did) not|never) (?:have|had|get|got) (?:a single|any|one|1|even one|even 1|a) (?P<s9>" + SENT
      + r") posts?(?: from me)?\b")
def _never(m: re.Match[str], s: ParseState) -> bool:
    """'which tags are never sad', 'people with no positive posts': the groups none of whose posts has that
    sentiment (only groups compile it; otherwise the LLM gets the plan as a hint)."""
    value = next(m.group(g) for g in ("s", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9") if m.group(g))
    s.set("measure", NEVER)
    s.set("share_of", SENTIMENT_OF.get(value, value))
    return True


@rule(r"\b(?:with |have |has |had )?(?:only|nothing but|exclusively) (?P<s>" + SENT + r") posts?\b"
      r"|\b(?:where|in which|whose|with) (?:every|each|all(?: of)?) (?:my |the |their |its )?(?:single )?posts? "
      r"(?:is|are|was|were) (?P<s2>" + SENT + r")\b"
      r"|\b(?:was i |am i |i was |i am |were they |are they )?(?P<s3>" + SENT + r")(?: about| on| with)? (?:every "
      r"(?:single )?time|each time|without exception)\b"
      r"|\b(?:was|were|is|are) (?:every|each) (?:single )?post (?P<s4>" + SENT + r")\b")
def _only(m: re.Match[str], s: ParseState) -> bool:
    """'hashtags with nothing but sad posts', 'the people in whose posts each post is happy', 'topics I was gloomy
    about each time': the groups all of whose posts have that sentiment (only groups compile it)."""
    value = next(m.group(g) for g in ("s", "s2", "s3", "s4") if m.group(g))
    s.set("measure", ONLY)
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
      r"|\bcount (?=the |my |all )|(?<=\d )count of\b|\b(?P<unit>post|photo) count\b|\b(?P<units>posts|photos) count$")
def _count(m: re.Match[str], s: ParseState) -> bool:
    if s.measure == SHARE:  # "how many of my photos show animals, as a share": the share answers it
        return True
    s.set("measure", COUNT)
    unit = m.group("unit") or (m.group("units") or "").rstrip("s")
    if unit:  # "my photo count in 2020", "dog posts count": the photos (posts) counted
        s.subject(m.start(), "images" if unit == "photo" else "posts")
    return True
