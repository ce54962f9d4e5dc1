"""Grouping: per year / by month / broken down by."""
from __future__ import annotations

import re

from agent.parse_state import ParseState
from agent.plan import LIST
from agent.slots.common import Rule, registrar
from agent.slots.subjects import subject_of

RULES: list[Rule] = []
rule = registrar(RULES)

@rule(r"(?<!per )(?<!each )(?<!by )(?<!every )\bcalendar(?= months?\b)|(?<=month )of the year\b"
      r"|(?<=months )of the year\b"
      r"|,?\s*\b(?:counting|across|over|taking|combining|pooling|adding up|with) (?:all|every|each) (?:of )?"
      r"(?:the |my )?years?(?: together| combined| added up)?\b|\b(?:all )?years? (?:together|combined|pooled)\b"
      r"|\bregardless of (?:the )?year\b|\bwhatever the year\b|\b(?:in|of) any year\b")
def _calendar(m: re.Match[str], s: ParseState) -> bool:
    """'which calendar month do I post least in, counting all years together', 'the month of the year I post most':
    months pooled across the years (December of every year together), not each year's months apart."""
    s.calendar = True
    return True


SEASON_NAMES = r"(?:spring|summer|autumn|fall|winter)"


@rule(r"\b(?:(?:per|each|by|every|for each|of each|in each|for every) season|(?:which|what) (?:time of (?:the )?year|"
      r"season)|(?:the )?seasons?|" + SEASON_NAMES + r"(?:,? (?:or |and )?" + SEASON_NAMES + r"){2,}(?: when)?)\b")
def _seasons(m: re.Match[str], s: ParseState) -> bool:
    """'which season do I post least in', 'posts per season', 'spring, summer, autumn or winter: when ...': the
    months pooled into seasons (of the northern hemisphere, said in the answer), across the years."""
    s.pooled = "season"
    said = m.group(0)
    if said.startswith(("per", "each", "by", "every", "for", "of", "in")):
        s.set("group_by", "month")
    else:
        s.subject(m.start(), "month", "season")
        if said.startswith(("which", "what")) and s.measure is None:
            s.measure = LIST
    return True


WEEKDAY = r"(?:days? of (?:the )?week|week ?days?)"


@rule(r"\b(?:(?:per|by|each|for each|of each|in each|for every|on each) " + WEEKDAY
      + r"|(?:on )?(?:which|what|(?:is|are) there (?:an? |any )?) ?" + WEEKDAY + r"|(?:the )?days of (?:the )?week)\b")
def _days_of_week(m: re.Match[str], s: ParseState) -> bool:
    """'which day of the week do I post most', 'posts per weekday', 'my posts by day of the week': the posts pooled
    by the day of the week of their UTC timestamp (said in the answer), across the years."""
    s.pooled = "weekday"
    said = m.group(0)
    if not said.startswith(("which", "what", "on which", "on what", "days", "the days", "is there", "are there")):
        s.set("group_by", "month")
    else:
        s.subject(m.start(), "month", "weekday")
        if said.startswith(("which", "what", "on", "is there", "are there")) and s.measure is None:
            s.measure = LIST
    return True


@rule(r"\b(?:per|each|by|every|for each|of each|in each|for every|from every|from each|in every)(?: single)?"
      r" (?P<c>calendar )?(?P<g>year|month|sentiment)\b"
      r"|\b(?P<g2>monthly|yearly)\b"
      r"|\b(?P<g3>over time|over the years|from year to year|year (?:by|over|to|after) year|through the years)\b")
def _group_by(m: re.Match[str], s: ParseState) -> bool:
    """'per year', 'monthly', 'by sentiment'; 'over time', 'year by year': per year."""
    group = m.group("g") or ("year" if m.group("g3") else {"monthly": "month", "yearly": "year"}[m.group("g2")])
    s.calendar = s.calendar or bool(m.group("c"))
    return _group(s, group)


def _group(s: ParseState, group: str) -> bool:
    """Group by `group`; a time bucket said with the sentiment ("the number of each year's posts by sentiment",
    "the sentiment breakdown per month") is the buckets, each broken down by sentiment."""
    if group == s.per_group:  # "... by sentiment for each year" after "from year to year": the years already
        return True
    if s.group_by and s.group_by != group and "sentiment" in (s.group_by, group) and s.per_group is None:
        s.per_group, s.group_by = (s.group_by if group == "sentiment" else group), "sentiment"
        return True
    s.set("group_by", group)
    return True


@rule(r"\b(?:per|for each|for every|by|in each|of each|of every) (?P<g>topic|tag|hashtag|person|place|organisation"
      r"|organization|kind|account|entity|language)\b"
      r"|\b(?:for |in )?each of (?:all )?(?:my|the) (?P<g2>topic|tag|hashtag|place|organisation|organization|kind"
      r"|account|entitie|language)s\b")
def _per_group(m: re.Match[str], s: ParseState) -> bool:
    """'average sentiment per topic', 'the mood of each of my topics': the groups are what is asked for."""
    word = m.group("g") or m.group("g2")
    s.set("per_group", subject_of("entity" if word == "entitie" else word))
    return True


@rule(r"\bdistributed (?:across|by|over|among) (?:the |my )?(?P<g>sentiments?|years?|months?)\b")
def _distributed(m: re.Match[str], s: ParseState) -> bool:
    return _group(s, m.group("g").rstrip("s"))


@rule(r"^how (?:are|is|were|was)\b(?=.* ~)")
def _how_distributed(m: re.Match[str], s: ParseState) -> bool:
    """'how are my posts distributed across ...': only with the distribution slot filled."""
    return s.group_by is not None


@rule(r"\b(?:the )?(?:sentiment )?(?:breakdown|split down|split|distribution|break down|broken down|broke down)"
      r"(?: of| for)?\b")
def _breakdown(m: re.Match[str], s: ParseState) -> bool:
    """'the sentiment breakdown of my work posts', 'break down my beach posts' (by sentiment); 'split my 2021 posts
    down by month' (its 'by month' taken first): the breakdown per month, unless it names the sentiment too."""
    if s.group_by in ("year", "month") and "sentiment" not in m.group(0):
        return True
    return _group(s, "sentiment")
