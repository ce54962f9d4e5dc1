"""Question heads that only say "list", and the subject nouns."""
from __future__ import annotations

import re

from agent.parse_state import ParseState
from agent.plan import LIST, Filter
from agent.slots.common import Rule, registrar

RULES: list[Rule] = []
rule = registrar(RULES)

@rule(r"^(?:which|what|show|list|find|give|tell|who|name)\b|\b(?:in|for) (?:which|what)\b|^(?:show|give|tell) me\b"
      r"|(?<=^~ )(?:which|what)\b")
def _ask(m: re.Match[str], s: ParseState) -> bool:
    """'which ...', 'show me ...', 'out of those, which ones ...': a listing unless something else is asked."""
    if s.measure is None:
        s.measure = LIST
    if m.group(0) == "who":  # "who is ..." asks for one; "who are / do ..." may be several
        singular = re.match(r"who (?:is|was)\b", m.string[m.start():])
        s.subject(m.start(), "person", "person" if singular else "who")
    return True


PHOTO_NOUNS = r"(?:photos?|pictures?|pics?|images?)"


@rule(r"\bsubjects?\b(?= (?:(?:in|of|on) (?:my |the |all my )?" + PHOTO_NOUNS + r"\b"
      r"|(?:[\w~]+ ){0,4}?(?:appears?|show(?:s|n)? up|are seen|featured?|depicted) (?:[\w~]+ ){0,3}?(?:in|on) "
      r"(?:my |the |all my )?" + PHOTO_NOUNS + r"\b))")
def _photo_subjects(m: re.Match[str], s: ParseState) -> bool:
    """'the subjects that appear most often in my pictures': what the photos show (tags), not the posts' topics."""
    s.subject(m.start(), "tag", m.group(0))
    return True


@rule(r"(?:\b(?:which|what|the|top|my)(?: top)? |(?<=~ )|^)(?:(?P<n>\d+) )?"
      r"(?:(?:kinds?|types?|sorts?|species) of (?P<w>[a-z]+)\b|(?P<x>[a-z]+) (?:species|breeds|kinds|types)\b"
      r"|(?P<v>[a-z]+s)\b(?! (?:photos?|pictures?|pics?|images?|posts?|topics?|tags?)\b))")
def _things_of_a_kind(m: re.Match[str], s: ParseState) -> bool:
    """'which animals appear most in my photos', 'the 2 foods I photograph most', 'which kinds of animal', 'the
    animal species': the tags of that kind (Tag.kind, the plural of a kind the graph holds), ranked or listed; not
    every tag on the photos that show one."""
    word = m.group("v") or m.group("w") or m.group("x")
    kind = s.facts.name(word, "Tag.kind")
    plural_needed = m.group("v") is not None
    if kind is None or (plural_needed and word == kind) or not word.startswith(kind[:3]) or word in SUBJECTS:
        return False  # "which objects", "the persons": nouns of the grammar (any tag, people named), not a kind
    s.subject(m.start("v" if plural_needed else "w" if m.group("w") else "x"), "tag", word)
    s.add_filter(Filter("tag_kind", kind))
    if m.group("n"):
        s.set("limit", max(1, min(int(m.group("n")), 500)))
    return True


@rule(r"(?:\b(?:which|what) |(?<=^~ ))(?P<o>[a-z]+)(?= (?:appears?|shows? up|is seen|features?|is featured)"
      r" (?:the )?(?:most\b|~))")
def _one_thing_of_a_kind(m: re.Match[str], s: ParseState) -> bool:
    """'which animal shows up most in my photos': the one tag of that kind (a kind the graph holds, said in the
    singular) that most photos show."""
    kind = s.facts.name(m.group("o"), "Tag.kind")
    if kind is None or m.group("o") != kind or m.group("o") in SUBJECTS:
        return False
    s.subject(m.start("o"), "tag", m.group("o"))
    s.add_filter(Filter("tag_kind", kind))
    s.set("limit", 1)
    return True


SUBJECTS = {
    "posts": "posts", "post": "posts", "captions": "posts", "caption": "posts", "times": "posts", "photos": "images",
    "photo": "images", "topics": "topic", "topic": "topic", "subjects": "topic", "subject": "topic", "themes": "topic",
    "theme": "topic", "tags": "tag",
    "tag": "tag", "things": "tag", "objects": "tag", "kinds": "kind", "kind": "kind", "hashtags": "hashtag",
    "hashtag": "hashtag", "people": "person", "person": "person", "friends": "person", "friend": "person",
    "persons": "person", "names": "person", "places": "place", "place": "place",
    "cities": "city", "city": "city", "towns": "city", "locations": "place", "organisations": "organisation",
    "organizations": "organisation",
    "organisation": "organisation", "organization": "organisation", "companies": "organisation",
    "company": "organisation", "institutions": "organisation", "firms": "organisation", "brands": "organisation",
    "nationalities": "nationality", "nationality": "nationality", "accounts": "mention", "account": "mention",
    "handles": "mention", "usernames": "mention", "users": "mention", "user": "mention", "uploads": "posts",
    "content": "posts",
    "tweets": "posts", "tweet": "posts", "updates": "posts",
    "entities": "entity", "entity": "entity", "years": "year", "year": "year", "months": "month", "month": "month",
    "sentiments": "sentiment", "sentiment": "sentiment", "languages": "language", "language": "language",
}
SUBJECT_WORDS = re.compile(r"\b(?:" + "|".join(sorted(SUBJECTS, key=len, reverse=True)) + r")\b")
SINGULAR = frozenset(w for w in SUBJECTS if not w.endswith("s") or w in ("times",)) - {"people", "times"}


def subject_of(word: str) -> str | None:
    """The subject a head noun names ('topics' -> 'topic', 'pictures' -> 'images')."""
    return SUBJECTS.get(word)
