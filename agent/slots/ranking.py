"""Rankings: by average score, by date, by count ("top 5", "most", "least")."""
from __future__ import annotations

import calendar
import re

from agent.parse_state import ParseState
from agent.plan import Filter
from agent.slots.common import Rule, number_in, registrar, set_direction, set_limit
from agent.slots.thresholds import in_value_slot

RULES: list[Rule] = []
rule = registrar(RULES)

NOT_COUNTED = (r"(?<!has )(?<!have )(?<!had )(?<!with )(?<!gets )(?<!get )(?<!has the )(?<!have the )(?<!had the )"
               r"(?<!with the )(?<!gets the )(?<!get the )")


# "my most negative year", "which topic is the most negative": the group with the most negative posts (how the
# blind suites' authors read it, often saying so: "going by the number of negative posts"); the answer states the
# reading
GROUP_NOUNS = r"(?:years?|yrs?|months?|topics?|subjects?|themes?|hashtags?|places?|cities?|days?|languages?)"
# what a question may ask to rank, sort or order ("rank the hashtags", "my tags sorted by ...")
RANKED_NOUNS = r"(?:" + GROUP_NOUNS[3:-1] + r"|tags?|kinds?|people|persons|accounts|mentions|names|entities)"


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:captions? |texts? )(?:vs\.? |versus )(?:photos?|pictures?|pics?|images?) "
      r"(?:mood |sentiment )?(?:mismatch|gap|clash|difference)(?:es|s)?\b")
def _caption_photo_gap(m: re.Match[str], s: ParseState) -> bool:
    """'top 2 caption vs photo mood mismatch', 'the biggest gap between the caption's mood and the photo's mood'
    (agent/wording.py says it so): posts ranked by how far apart their caption's and photo's scores are."""
    s.set("direction", "desc")
    s.rank_by = "gap"
    set_limit(s, m)
    return True


PAUSE_TAIL = (r"(?: (?:in )?between(?: (?:2|two)(?: of)?)?(?= (?:my |the )?(?:[\w'#@-]+ ){0,2}(?:posts?|photos?"
              r"|uploads?)\b)"
              r"| (?:that |when |where )?i (?:went |was |have gone |had gone |spent |did )?(?:without|not|no) "
              r"(?:posting|sharing|uploading|post|posts)(?: anything| a thing)?| without (?:a )?(?:posts?|posting)"
              r"(?: anything)?| with no posts?| (?:away )?from (?:posting|the feed|my feed))")


@rule(r"\b(?:the |my )?(?P<n>\d+ )?(?:longest|biggest|largest|longest ever) (?:(?:posting |post )?(?:gaps?|breaks?"
      r"|pauses?|hiatus(?:es)?|silences?|droughts?)(?:" + PAUSE_TAIL[3:] + r"?|(?:stretch(?:es)?|periods?|spells?"
      r"|times?)(?: of time)?" + PAUSE_TAIL + r")")
def _longest_pause(m: re.Match[str], s: ParseState) -> bool:
    """'the longest stretch I went without posting', 'my 3 longest gaps between posts': the gaps from one dated post
    to the next, longest first (the one longest unless a number is said)."""
    s.set("direction", "desc")
    s.rank_by = "pause"
    set_limit(s, m)
    s.subject(m.start(), "posts", "posts")
    if s.measure is None:
        s.measure = "list"
    return True


@rule(r"\b(?:has|have|had|with|gets?|got) the (?P<n>\d+ )?most (?P<v>positive|negative) (?P<side>captions?|texts?"
      r"|photos?|pictures?|pics|images?|posts?)(?= (?:on|by) (?:the )?average\b)")
def _most_verdict_on_average(m: re.Match[str], s: ParseState) -> bool:
    """'which topics have the most positive captions on average': ranked by the average caption score (not by how
    many captions are positive, nor the positive ones' average)."""
    s.average = True
    s.set("direction", "desc" if m.group("v") == "positive" else "asc")
    s.rank_by = "score"
    side = m.group("side")
    s.source = "caption" if side.startswith(("caption", "text")) else "combined" if side.startswith("post") \
        else "image"
    set_limit(s, m)
    return True


@rule(r"\b(?:the )?most(?= negative " + GROUP_NOUNS + r"\b)"
      r"|\b(?:was|were|is|has been) (?:the )?most(?= negative\s*$)|(?<=~ )(?:the )?most negative(?: one| 1)?\s*$")
def _most_negative_group(m: re.Match[str], s: ParseState) -> bool:
    """'the most negative topic': the one with the most negative posts; 'the most negative place, ranked on the mean
    score' is ranked by the score instead (_score_low)."""
    if re.search(r"(?:\bby|\bon|\bin terms of|~) (?:the |their |its )?(?:average|mean|avg|sentiment|score)\b",
                 m.string[m.end():]):
        return False
    before = m.string[: m.start()]
    # "which of them is the most negative" after a listing of posts: the one of them with the lowest score
    of_posts_listed = s.previous is not None and (s.previous.subject or "posts") in ("posts", "images") \
        and re.search(r"(?:^|\s)(?:~|of (?:them|those|these))\s*$", before) is not None \
        and not re.search(r"\b" + GROUP_NOUNS + r"\b", before)
    if of_posts_listed or (not m.group(0).startswith(("the most", "most"))
                           and not re.search(r"\b" + GROUP_NOUNS + r"\b", before)):
        if not re.search(r"\b(?:posts?|photos?|pics?|pictures?|captions?|tweets?)\b", before) and not of_posts_listed:
            return False
        s.superlative = True  # "which post was the most negative": the lowest score
        s.set("direction", "asc")
        s.rank_by = "score"
        return True
    if m.group(0).rstrip().endswith(("negative", "one", " 1")):  # the verdict was taken with "most": the groups' posts
        s.add_filter(Filter("sentiment", "negative"))
    return set_direction(s, "desc", "count", m)


@rule(r",? (?:together )?(?:with|and|plus|including) (?:the |their |its )?(?:counts?|numbers|tallies|totals|sizes)\b"
      r"|,? and (?:in )?how many (?:posts |photos |pictures |images |times )?each\b")
def _with_counts(m: re.Match[str], s: ParseState) -> bool:
    """'the two most common tags, with counts', '... and in how many posts each': rankings always give counts; a
    plain listing ('which topics do I post about, with counts') then gives each group with its count."""
    s.counts_asked = True
    return True


@rule(r"\b(?:sort|sorted|order|ordered|rank|ranked)?(?: them)? ?from (?:the )?(?P<hi>happiest|most positive|best)"
      r" to (?:the )?(?:saddest|most negative|worst|gloomiest)\b"
      r"|\b(?:sort|sorted|order|ordered|rank|ranked)?(?: them)? ?from (?:the )?(?:saddest|most negative|worst"
      r"|gloomiest) to (?:the )?(?:happiest|most positive|best)\b")
def _by_mood_from_to(m: re.Match[str], s: ParseState) -> bool:
    """'rank my years from happiest to saddest', 'from the most negative to the most positive': every group ranked
    by its average score that way."""
    s.average = True
    s.set("direction", "desc" if m.group("hi") else "asc")
    s.rank_by = "score"
    return _every_group(s)


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:highest|best|happiest)(?: average)?(?: sentiment)?(?: scores?)?\b(?! first\b)"
      r"|\b" + NOT_COUNTED + r"(?:the )?(?P<n2>\d+ )?most positive(?: average)?(?: sentiment)?(?: scores?)?\b")
def _score_high(m: re.Match[str], s: ParseState) -> bool:
    """'highest average', 'happiest month', 'most positive posts' (but 'has the most positive posts' counts)."""
    s.average = s.average or "average" in m.group(0)
    s.superlative = s.superlative or bool(re.search(r"happiest|most positive", m.group(0)))
    set_direction(s, "desc", "score", m)
    if number_in(m, "n2") is not None:
        s.set("limit", number_in(m, "n2"))
    return True


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:lowest|worst|saddest|gloomiest|least positive|most negative)"
      r"(?=(?: sentiment)?(?: score)? (?:on )?average)(?: sentiment)?(?: score)?(?: average)?(?: sentiment)?"
      r"(?: score)?\b"
      r"|\b" + NOT_COUNTED + r"(?:the )?(?P<n3>\d+ )?most negative(?= posts?\b"
      # "the most negative year in terms of the score": ranked by the score, not the negative posts counted
      r"|(?: \w+){0,2} (?:by|on|in terms of|~) (?:the |their |its )?(?:average|mean|avg|sentiment|score)\b)"
      r"|\b(?:the )?(?P<n2>\d+ )?(?:lowest|worst|saddest|gloomiest|least positive)(?: average)?(?: sentiment)?"
      r"(?: score)?\b(?! first\b)"
      # "the 3 most depressing topics I post about, on average": ranked by the average score
      r"|\b(?:the )?(?P<n4>\d+ )?most (?:depressing|miserable|gloomy|negative|sad|downbeat)(?= (?:\w+ ){1,5}?(?:on|by)"
      r" average\b)")
def _score_low(m: re.Match[str], s: ParseState) -> bool:
    """'lowest average', 'saddest posts', 'the least positive topic'; but 'has the least positive posts' counts
    (the fewest positive posts), as 'has the most positive posts' does."""
    words = m.group(0)
    if "least positive" in words and m.string[m.end():].startswith((" post", " photo")):
        said_before = m.string[: m.start()] + words[: words.index("least positive")]
        if re.search(r"\b(?:has|have|had|with|gets?|got) the $", said_before):
            return False
    s.average = s.average or "average" in m.group(0)
    s.superlative = s.superlative or bool(re.search(r"saddest|gloomiest|most \w+", m.group(0)))
    s.set("direction", "asc")
    s.rank_by = "score"
    n = number_in(m) or number_in(m, "n2") or number_in(m, "n3") or number_in(m, "n4")
    if n is not None:
        s.set("limit", n)
    return True


@rule(r"\b(?:the )?(?:(?P<hi>biggest|largest|most|highest|busiest|best|happiest)|smallest|fewest|least|lowest"
      r"|quietest|worst|saddest)(?: ones?| posts?)? first\b"
      r"|\b(?:sort|sorted|order|ordered|rank|ranked)?(?: them)? ?from (?:the )?(?P<hi2>most|biggest|largest|highest)"
      r"(?: posts?| photos?)? to (?:the )?(?:fewest|least|smallest|lowest)\b"
      r"|\b(?:sort|sorted|order|ordered|rank|ranked)?(?: them)? ?from (?:the )?(?:fewest|least|smallest|lowest)"
      r"(?: posts?| photos?)? to (?:the )?(?:most|biggest|largest|highest)\b")
def _every_group_ordered(m: re.Match[str], s: ParseState) -> bool:
    """'..., biggest first', 'fewest first', 'sort my topics from most posts to fewest', 'from least to most': every
    group, ranked that way; 'worst first', 'happiest first' only say the order of a ranking by score."""
    s.set("direction", "desc" if m.group("hi") or m.group("hi2") else "asc")
    if re.search(r"\b(?:best|happiest|worst|saddest)\b", m.group(0)):
        return True
    return _every_group(s)


def _every_group(s: ParseState) -> bool:
    """A ranking of every group (up to the compiler's 500 rows) unless the question set a limit."""
    if s.limit is None:
        s.limit = 500
    return True


@rule(r"\b(?:in |from |during |over |within |for )?(?:the )?(?:last|past|previous|most recent) (?P<n>\d+) "
      r"(?P<u>months?|years?)\b"
      r"|\b(?:in |from |during |over |within |for )?the past (?P<u2>month|year)\b"
      r"|\b(?:in |from |during |over |within |for )?(?:the )?(?:last|past|previous|most recent) "
      r"(?P<half>half(?: a)? year)\b"
      r"|\b(?:in |from |during |over |within |for )?the (?P<n2>\d+) (?P<u3>months?|years?) "
      r"(?:up to|before|leading up to) (?:and including )?my (?:latest|newest|last|most recent) post\b")
def _recent_window(m: re.Match[str], s: ParseState) -> bool:
    """'in the past 3 months', 'over the last 2 years', 'the past year', 'the most recent 6 months', 'the past half
    year' (6 months): the posts from the day N months before the newest post's date on (relative to the newest post,
    as 'last year' is; the blind rounds' authors count windows that way, day for day). A graph whose newest date has
    no day: the last N calendar months up to and including the newest post's month."""
    if s.facts.newest is None:
        s.add_filter(Filter("date_from", ""))  # the plan needs dates the graph does not hold: the answer says so
        return True
    n = number_in(m) or number_in(m, "n2") or 1
    unit = m.group("u") or m.group("u2") or m.group("u3") or ""
    months = 6 if m.group("half") else n * (12 if unit.startswith("year") else 1)
    if s.facts.newest_day:
        s.add_filter(Filter("date_from", months_before(s.facts.newest_day, months)))
        return True
    year, month = s.facts.newest
    first = year * 12 + (month - 1) - (months - 1)
    s.add_filter(Filter("date_from", f"{first // 12:04d}-{first % 12 + 1:02d}"))
    return True


def months_before(day: str, months: int) -> str:
    """'2023-08-27', 6 -> '2023-02-27': the same day `months` calendar months earlier (the month's last day when it
    is shorter: '2023-03-31', 1 -> '2023-02-28')."""
    year, month, date = (int(part) for part in day.split("-"))
    first = year * 12 + (month - 1) - months
    year, month = first // 12, first % 12 + 1
    return f"{year:04d}-{month:02d}-{min(date, calendar.monthrange(year, month)[1]):02d}"


@rule(r"\b(?:my |the )?(?P<n>\d+ )?(?:newest|latest|most recent|last)\b(?! year| month)")
def _newest(m: re.Match[str], s: ParseState) -> bool:
    return set_direction(s, "desc", "date", m)


@rule(r"\b(?:my |the )?(?P<n>\d+ )?(?:oldest|earliest|first)\b")
def _oldest(m: re.Match[str], s: ParseState) -> bool:
    return set_direction(s, "asc", "date", m)


@rule(r"\b(?:just |only )?(?:the )?top (?P<n>\d+)\b|\btop\b")
def _top(m: re.Match[str], s: ParseState) -> bool:
    if in_value_slot(m, s):
        return False
    return set_direction(s, "desc", "count", m)


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:most|more) (?:common|frequent|frequently|popular|used|often|mentioned)"
      r"(?: named)?\b"
      r"|\b(?:the )?(?P<n2>\d+ )?(?:biggest|largest|main|commonest|busiest)\b|\bmost of\b"
      r"|\b(?:has|have|had|with|in|gets?|got|receives?) the most\b"
      # "which year did I upload the most photos": the posts counted are the ones the question ranks by
      r"|\b(?<=i )(?:post|posted|share|shared|make|made|upload|uploaded|publish|published|tweet|tweeted|write|wrote)"
      r" the most(?= (?:[\w'-]+ ){0,2}?(?:posts|photos|tweets|updates)\b)"
      # "used the most times", "put on the most posts": the count ranked is the one the question is about
      r"|\b(?:the )?most (?:times|often)\b"
      r"|\b(?:(?:put|went|go|goes|gone|used) )?(?:on|in|across) the most (?:posts|photos)\b"
      r"|\b(?:the )?most(?= ~|$| in\b| during\b| from\b| this\b| last\b| on(?: ~|$)| about\b| with\b"
      r"| and (?:in )?(?:how many\b|~))")
def _most(m: re.Match[str], s: ParseState) -> bool:
    if in_value_slot(m, s):
        return False
    s.set("direction", "desc")
    n = number_in(m) or number_in(m, "n2")
    if n is not None:
        s.set("limit", n)
    return True


@rule(r"\b(?:the )?(?P<n>\d+ )?(?:least (?:common|frequent|frequently|popular|used|often|mentioned)|least|fewest"
      r"|rarest|quietest|smallest|tiniest)\b")
def _least(m: re.Match[str], s: ParseState) -> bool:
    if in_value_slot(m, s):
        return False
    return set_direction(s, "asc", "count", m)


@rule(r"^(?:please |can you |could you |would you )?(?:please )?(?:rank|sort|order)(?: all)?(?: of)?"
      r"(?= (?:my |the )?(?:~ )?(?:top )?(?P<n>\d+ )?(?:" + RANKED_NOUNS + r"|things|[a-z]+ (?:species|breeds)"
      r"|(?:kinds?|types?|species) of)\b)"
      r"|\b(?:ranked|sorted|ordered)\b")
def _rank_groups(m: re.Match[str], s: ParseState) -> bool:
    """'rank the hashtags', 'sort my places by how many posts mention each', 'years ranked by the number of posts':
    every group, the most posts first unless the question says otherwise (_every_group_ordered: 'fewest first',
    'from least to most'), so this rule comes after those."""
    if m.group(0).startswith(("ranked", "sorted", "ordered")) \
            and not re.search(r"(?:\b" + RANKED_NOUNS + r"|~) $", m.string[:m.start()]):
        return False
    if s.direction is None:
        s.set("direction", "desc")
    set_limit(s, m)  # "rank the 3 things ...": those 3
    return _every_group(s)
