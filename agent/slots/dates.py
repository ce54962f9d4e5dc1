"""Dates: years, months, ranges, relative years, and the caption's language and text."""
from __future__ import annotations

import calendar
import re

from agent.parse_state import ParseState
from agent.plan import Filter
from agent.slots.common import MONTH, MONTHS, YEAR, Rule, registrar
from core.languages import CODES

RULES: list[Rule] = []
rule = registrar(RULES)

# a month said in full or shortened ("dec 25", "25 Sept"); "may" and "mar" only in full or with a day after them
MONTH_SAID = r"(?:" + MONTH + r"|jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
SHORT_MONTHS = {"sept": 9, **{name[:3]: n for n, name in enumerate(MONTHS, 1)}}
DAY_OF_MONTH = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
# dates every year has, said by name (not "christmas" alone, which is as often a topic or a hashtag)
NAMED_DAYS = {"christmas day": (12, 25), "christmas eve": (12, 24), "new year day": (1, 1), "new years day": (1, 1),
              "new year eve": (12, 31), "new years eve": (12, 31)}


# a day said as a date: after "on", "from" or "the", or with "of" or a year ("my 3 december posts" is three posts)
@rule(r"(?:\b(?:on|from) (?:the )?|\bthe )(?P<d>" + DAY_OF_MONTH + r") (?:of )?(?P<m>" + MONTH_SAID + r")\b"
      r"(?: (?P<y>" + YEAR + r")\b)?"
      r"|\b(?P<d4>" + DAY_OF_MONTH + r") (?:(?:of )?(?P<m4>" + MONTH_SAID + r") (?P<y4>" + YEAR + r")|of (?P<m5>"
      + MONTH_SAID + r"))\b"
      r"|\b(?:on|from) (?P<m2>" + MONTH_SAID + r") (?:the )?(?P<d2>" + DAY_OF_MONTH + r")\b(?: (?P<y2>" + YEAR
      + r")\b)?"
      r"|\b(?P<m6>" + MONTH_SAID + r") (?P<d6>" + DAY_OF_MONTH + r") (?P<y6>" + YEAR + r")\b"
      r"|\b(?:on |from )?(?P<y3>" + YEAR + r")-(?P<m3>0[1-9]|1[0-2])-(?P<d3>[0-3]\d)\b"
      r"|\b(?:on |from )?(?P<named>" + "|".join(NAMED_DAYS) + r")\b")
def _day_of_month(m: re.Match[str], s: ParseState) -> bool:
    """'on 25 December', 'dec 25', 'the 3rd of March 2022', '2021-12-25', 'on Christmas Day': the posts of that date
    (of its UTC timestamp), every year unless a year is said."""
    if m.group("named"):
        month, day, year = *NAMED_DAYS[m.group("named")], None
    else:
        said = {k: v for k, v in m.groupdict().items() if v}
        said_month = next(said[k] for k in ("m", "m2", "m3", "m4", "m5", "m6") if k in said)
        month = int(said_month) if said_month.isdigit() else \
            MONTHS.index(said_month) + 1 if said_month in MONTHS else SHORT_MONTHS[said_month]
        day = int(re.sub(r"\D", "", next(said[k] for k in ("d", "d2", "d3", "d4", "d6") if k in said)))
        year = next((said[k] for k in ("y", "y2", "y3", "y4", "y6") if k in said), None)
    if day > calendar.monthrange(int(year) if year else 2024, month)[1]:  # 2024: a leap year has 29 February
        return False
    s.add_filter(Filter("month", month))
    s.add_filter(Filter("day", day))
    if year:
        s.add_filter(Filter("year", int(year)))
    return True


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


@rule(r"\b(?:between|from) (?P<a>" + YEAR + r") (?:and|to|through|thru|till|until|-) (?P<b>" + YEAR + r")\b")
def _year_span(m: re.Match[str], s: ParseState) -> bool:
    """'between 2020 and 2022', 'from 2020 to 2021': the posts of those years; 'the difference between 2020 and
    2021' compares the two (comparison slots)."""
    first, last = int(m.group("a")), int(m.group("b"))
    if first >= last or re.search(r"\b(?:differ\w*|compar\w*|contrast\w*)$", m.string[:m.start()].rstrip()):
        return False
    s.add_filter(Filter("year_from", first))
    s.add_filter(Filter("year_to", last))
    return True


# the months of a season said with a year ("summer 2022"), as in the northern hemisphere; winter spans two years and
# is not read
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
SEASON = "|".join(SEASONS)


# the season's months said again after it: "the summer of 2022, so June through August"
SEASON_MONTHS = (r"(?: (?:so|that is|i e|ie|meaning|i mean|which is) (?:from )?(?P<r1>" + MONTH
                 + r") (?:and|to|through|thru|till|until|-) (?P<r2>" + MONTH + r"))?")


@rule(r"\b(?:in |during |from |over )?(?:the )?(?P<s>" + SEASON + r") (?:of )?(?:(?P<y>" + YEAR + r")|'?(?P<yy>\d\d))\b"
      + SEASON_MONTHS + r"|\b(?:in |during |from |over )?(?:the )?(?P<y2>" + YEAR + r") (?P<s2>" + SEASON + r")\b")
def _season(m: re.Match[str], s: ParseState) -> bool:
    """'posts from summer 2022', 'in the autumn of 2021', 'summer 22': June to August (September to November) of
    that year; its months said again after it ('so June through August') must be the season's."""
    first, last = SEASONS[m.group("s") or m.group("s2")]
    if m.group("r1") and (MONTHS.index(m.group("r1")) + 1, MONTHS.index(m.group("r2")) + 1) != (first, last):
        return False
    year = int(m.group("y") or m.group("y2")) if not m.group("yy") else 2000 + int(m.group("yy"))
    s.add_filter(Filter("year", year))
    s.add_filter(Filter("month_from", first))
    s.add_filter(Filter("month_to", last))
    return True


@rule(r"\b(?:in|during|over|from|throughout) (?:the |my )?(?P<s>spring|summer|autumn|fall)(?: months| time| season"
      r"| seasons)?\b(?! (?:of|19\d\d|20\d\d)\b)")
def _season_any_year(m: re.Match[str], s: ParseState) -> bool:
    """'posts I shared in the summer months', 'during spring': those months of any year (as in the northern
    hemisphere, as 'per season' buckets them; winter spans a new year and is not read so)."""
    first, last = SEASONS[m.group("s")]
    s.add_filter(Filter("month_from", first))
    s.add_filter(Filter("month_to", last))
    return True


@rule(r"\b(?:between |from )?(?P<m1>" + MONTH + r") (?:and|to|through|thru|till|until|-) (?P<m2>" + MONTH
      + r")(?: of)? (?P<y>" + YEAR + r")\b")
def _month_span(m: re.Match[str], s: ParseState) -> bool:
    """'between January and June 2022', 'march to may 2021' (and what the parser rewrites to it: 'the first half of
    2022', 'the first 6 months of 2022'): those months of that year."""
    first, last = MONTHS.index(m.group("m1")) + 1, MONTHS.index(m.group("m2")) + 1
    if first >= last:
        return False
    s.add_filter(Filter("year", int(m.group("y"))))
    s.add_filter(Filter("month_from", first))
    s.add_filter(Filter("month_to", last))
    return True


@rule(r"\b(?:between|from|for) (?:the (?:start|beginning) of )?(?P<m1>" + MONTH + r") (?:of )?(?P<y1>" + YEAR + r") "
      r"(?:and|to|through|thru|till|until|up to|-)(?: and including)?(?: the end of)? (?P<m2>" + MONTH + r") (?:of )?"
      r"(?P<y2>" + YEAR + r")\b")
def _month_to_month(m: re.Match[str], s: ParseState) -> bool:
    """'between May 2021 and April 2022', 'from May 2021 up to and including April 2022': the posts of those months,
    both included (across a new year)."""
    first = (int(m.group("y1")), MONTHS.index(m.group("m1")) + 1)
    last = (int(m.group("y2")), MONTHS.index(m.group("m2")) + 1)
    if first >= last:
        return False
    s.add_filter(Filter("date_since", f"{first[0]:04d}-{first[1]:02d}"))
    s.add_filter(Filter("date_until", f"{last[0]:04d}-{last[1]:02d}"))
    return True


@rule(r"\b(?P<op>since|after|from) (?:the (?:start|beginning) of )?(?P<m>" + MONTH + r") (?:of )?(?P<y>" + YEAR
      + r")(?P<on> on| onwards?)?\b")
def _since_month(m: re.Match[str], s: ParseState) -> bool:
    """'since March 2022' (from its first day), 'after March 2022' (from April), 'from March 2022 on'; 'from March
    2022' alone is that month (the next slot)."""
    if m.group("op") == "from" and not m.group("on"):
        return False
    year, month = int(m.group("y")), MONTHS.index(m.group("m")) + 1
    if m.group("op") == "after":
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    s.add_filter(Filter("date_since", f"{year:04d}-{month:02d}"))
    return True


@rule(r"\b(?:in |from |during |of )?(?P<m>" + MONTH + r") (?:of )?(?P<y>" + YEAR + r")\b")
def _month_year(m: re.Match[str], s: ParseState) -> bool:
    s.add_filter(Filter("year", int(m.group("y"))))
    s.add_filter(Filter("month", MONTHS.index(m.group("m")) + 1))
    return True


@rule(r"\b(?:in |from |during |for )?(?:the )?(?:(?P<d>next|following|previous|prior) year|year (?P<d2>after|before)"
      r"(?: (?:that|it))?)\b")
def _year_next_to_the_last(m: re.Match[str], s: ParseState) -> bool:
    """'what about the year after?', 'and the previous year?' right after a question about one year: that year's
    neighbour (not read without one)."""
    said = s.previous.get("year") if s.previous is not None else None
    if said is None or said.negated or said.either:
        return False
    step = 1 if (m.group("d") or m.group("d2")) in ("next", "following", "after") else -1
    s.add_filter(Filter("year", int(said.value) + step))
    return True


DAY_WORDS = (r"(?P<d>weekends?|week-ends?|weekdays?|week days?|workdays?|working days?|monday|tuesday|wednesday"
             r"|thursday|friday|saturday|sunday)s?")


@rule(r"\b(?:(?P<neg>not |never )?(?:(?:made|posted|shared|uploaded|published|put up|written) )?"
      r"(?:on |during |over |at |from |in )(?:the |a |an )?|(?P<out>outside (?:of )?(?:the )?)"
      r"|(?:on |during )?(?:every |each )|^|(?<=\bor )|(?<=\bvs )|(?<=\bthan ))" + DAY_WORDS + r"(?! of\b)\b"
      r"|\b" + DAY_WORDS.replace("?P<d>", "?P<d2>") + r" (?=(?:posts?|photos?|pictures?|pics|tweets?|uploads?)\b)")
def _day_of_week(m: re.Match[str], s: ParseState) -> bool:
    """'on weekends', 'not on weekdays', 'outside the weekend', 'on Sundays', 'weekend posts': the posts made on those
    days of the week (of their UTC timestamp; the answer says so)."""
    word = (m.group("d") or m.group("d2")).replace("-", "").replace(" ", "")
    day = "weekend" if word.startswith("weekend") else "weekday" if word.startswith(("weekday", "workday",
                                                                                  "workingday")) else word
    s.add_filter(Filter("weekday", day, bool(m.group("neg") or m.group("out"))))
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


# the languages a question names (a subset of core.languages: "thai" or "greek" before "posts" is more often food or
# islands than a language)
LANGUAGES = {name: CODES[name] for name in ("english", "german", "french", "spanish", "italian", "dutch", "portuguese",
                                            "polish", "swedish", "danish", "turkish", "japanese", "chinese", "korean",
                                            "russian", "arabic", "hindi", "indonesian", "tagalog", "norwegian",
                                            "finnish", "czech", "hungarian", "romanian", "ukrainian", "hebrew",
                                            "vietnamese", "catalan")}
LANGUAGE = "|".join(LANGUAGES)


@rule(r"\b(?P<neg>not |never )?(?:(?:written|posted|captioned) )?in (?P<l>" + LANGUAGE + r")\b(?: language\b)?"
      r"|\b(?P<neg4>not |never )?(?:(?:written|posted|captioned) )?in the (?P<l4>" + LANGUAGE + r") language\b"
      r"|\b(?P<non>non )?(?P<l2>" + LANGUAGE + r")(?= posts?\b| captions?\b)"
      r"|\b(?:are|is|were|was) (?P<neg3>not )?(?:written )?(?P<l3>" + LANGUAGE + r")\b"
      r"|\b(?P<neg5>besides|apart from|other than|except(?: for)?|aside from|excluding) (?P<l5>" + LANGUAGE + r")\b")
def _language(m: re.Match[str], s: ParseState) -> bool:
    """'posts in English', 'German captions', 'captions that are English'; denied: 'posts not in English',
    'non English posts', 'captions that are not written in German', 'besides English' (posts in another language)."""
    negated = bool(m.group("neg") or m.group("non") or m.group("neg3") or m.group("neg4") or m.group("neg5"))
    name = m.group("l") or m.group("l2") or m.group("l3") or m.group("l4") or m.group("l5")
    s.add_filter(Filter("language", LANGUAGES[name], negated))
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
