"""Rules that map a question (plus the graph values agent/grounding.py found in it) to an Intent.

A template answers only when the match is unambiguous: every content word of the question is either a
known cue word or a grounded graph value, each slot has exactly one candidate value, and one rule fires.
Anything else returns None and the question goes to the LLM path unchanged.
"""
from __future__ import annotations

import re
from typing import Any

from agent.grounding import STOPWORDS, Grounding
from agent.intents import Intent

MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"], start=1)}
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "twenty": 20}
GROUP_WORDS = {"topic": "topic", "topics": "topic", "subject": "topic", "subjects": "topic", "tag": "tag",
               "tags": "tag", "thing": "tag", "things": "tag", "object": "tag", "objects": "tag", "kind": "kind",
               "kinds": "kind", "hashtag": "hashtag", "hashtags": "hashtag", "person": "person", "people": "person",
               "place": "place", "places": "place", "city": "place", "cities": "place", "location": "place",
               "locations": "place", "organisation": "organisation", "organisations": "organisation",
               "organization": "organisation", "organizations": "organisation", "account": "mention",
               "accounts": "mention", "entity": "entity", "entities": "entity"}
CUE_WORDS = {
    "and", "what", "which", "how", "many", "much", "show", "list", "give", "find", "me", "my", "the", "a", "an", "all",
    "any", "of", "in", "on", "at", "by", "for", "with", "from", "about", "posts", "post", "photos", "photo", "pictures",
    "picture", "images", "image", "pics", "pic", "count", "number", "did", "do", "does", "i", "have", "has", "had",
    "are", "is", "was", "were", "there", "their", "its", "per", "each", "every", "most", "least", "more", "top",
    "common", "popular", "frequent", "frequently", "often", "mostly", "negative", "positive", "neutral", "sentiment",
    "caption", "captions", "text", "score", "average", "avg", "mean", "happiest", "saddest", "gloomiest", "best",
    "worst", "happy", "sad", "oldest", "newest", "latest", "earliest", "recent", "first", "last", "year", "years",
    "month", "months", "no", "not", "without", "don't", "doesn't", "mention", "mentions", "mentioned", "mentioning",
    "use", "used", "using", "hashtag", "hashtags", "shows", "showing", "depict", "depicts", "depicting", "contain",
    "contains", "containing", "appear", "appears", "appearing", "tagged", "disagree", "disagreeing", "disagreement",
    "differ", "differs", "different", "mismatch", "contradict", "between", "image's", "caption's", "while", "but",
    "where", "whose", "that", "than", "look", "looks", "looking", "tell", "only", "just", "ones", "ok", "okay",
    "what's", "publish", "published", "posted", "make", "made", "write", "wrote", "ever", "sorted", "breakdown",
    "split", "distribution", "overall", "across", "total", "lack", "lacking", "distinct", "unique",
    "biggest", "largest", "greatest", "main", "major", "never", "none", "nothing",
} | set(MONTHS) | set(NUMBERS) | set(GROUP_WORDS) | STOPWORDS
HOW_MANY = re.compile(r"\bhow many\b|\bnumber of\b|\bcount\b", re.IGNORECASE)
LIST = re.compile(r"^\s*(?:and\s+)?(?:which|what|show|list|give|find)(?:\s+(?:me|of|my|the|all))*(?:\s+\w+)?"
                  r"\s+posts?\b", re.IGNORECASE)
ABSENCE = re.compile(r"\b(?:no|without|not have|don't have|do not have|does not have|doesn't have|lack|lacking)\s+"
                     r"(?:an?\s+|any\s+)?(image|photo|picture|topic|hashtag|mention|entit|tag|tagged photo)",
                     re.IGNORECASE)
NEG_TAG = re.compile(r"\b(?:do not|don't|does not|doesn't|not)\s+(?:show|depict|contain)\b", re.IGNORECASE)
SOURCE_CAPTION = re.compile(r"\b(caption|text)(?:'s)?\s+(?:sentiment|is|was|says)\b"
                            r"|\b(?:positive|negative|neutral|happy|sad)\s+(?:caption|text)\b", re.IGNORECASE)
SOURCE_IMAGE = re.compile(r"\b(image|photo|picture)(?:'s)?\s+(?:sentiment|is|was|looks?)\b"
                          r"|\b(?:positive|negative|neutral|happy|sad)(?:-looking)?\s+(?:image|photo|picture)\b"
                          r"|\bimage model\b", re.IGNORECASE)
# a negation the intent must carry (absent parts, a tag not shown); otherwise the template would answer the
# question without its "not" (e.g. "posts not about dogs" -> the posts about dogs): leave it to the LLM
NEGATION = re.compile(r"\b(not|no|without|never|none|nothing|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|"
                      r"lack|lacking)\b", re.IGNORECASE)
# ascending rankings no template expresses (they rank from the top): "least common topic", "fewest posts"
ASCENDING = re.compile(r"\b(least|fewest|lowest|smallest|rarest|rarely|bottom)\b", re.IGNORECASE)
# size words that rank ("my 10 biggest topics"), never values, even where a topic of that name exists
SIZE_WORDS = {"biggest", "largest", "greatest", "main", "major", "popular", "top"}
DISAGREE = re.compile(r"\b(disagree\w*|differ\w*|mismatch\w*|contradict\w*|conflict\w*)\b", re.IGNORECASE)
SUPER = re.compile(r"\b(most|least|top|common|popular|frequent\w*|often|biggest|largest|greatest|main|major)\b",
                   re.IGNORECASE)
AVERAGE = re.compile(r"\b(average|avg|mean)\b", re.IGNORECASE)
# comparisons, conjunctions and quantities no template expresses: leave those to the LLM
UNSUPPORTED = re.compile(r"\b(more than|less than|fewer|at least|at most|over \d+|under \d+|between|both|either|"
                         r"neither|or|except|twice|once|only one|single|multiple|several|same|together|also|"
                         r"ratio|percent|percentage|share|proportion|change|trend|compare|longest|shortest|"
                         r"word|words|contain|contains|language|written|source|width|height|before|after|since|until|"
                         r"earlier than|later than|not (?:positive|negative|neutral|happy|sad))\b", re.IGNORECASE)
VALUE_BEFORE = {"a", "an", "of", "with", "about", "mention", "mentions", "mentioning", "mentioned", "show", "shows",
                "showing", "hashtag", "depict", "depicts", "depicting"}
EXTREMES = {"oldest": "oldest", "earliest": "oldest", "first": "oldest", "newest": "newest", "latest": "newest",
            "recent": "newest", "last": "newest"}


def _words(question: str) -> list[str]:
    return re.findall(r"[#@]?[a-z0-9][a-z0-9'_-]*", question.lower().replace("’", "'"))


def explained(question: str, groundings: list[Grounding]) -> bool:
    """Every word is a cue word, a number/year or part of a grounded value: nothing the template would drop."""
    if UNSUPPORTED.search(question):
        return False
    grounded = {w for g in groundings for w in re.findall(r"[a-z0-9_'-]+", g.word.lower())}
    for word in _words(question):
        bare = word.strip("#@'").removesuffix("'s")
        if bare in CUE_WORDS or bare.isdigit() or word in grounded or bare in grounded or DISAGREE.fullmatch(bare):
            continue
        return False
    return True


def time_slots(question: str) -> dict[str, Any]:
    """Year and month named in the question (a month only as a calendar word, not 'may I')."""
    low = question.lower()
    slots: dict[str, Any] = {}
    years = set(re.findall(r"\b(?:19|20)\d\d\b", low))
    if len(years) == 1:
        slots["year"] = int(years.pop())
    elif years:
        slots["ambiguous"] = True
    months = [m for m in MONTHS
              if re.search(rf"\b{m}\b", low) and m != "may"
              or re.search(r"\bin may\b|\bmay (?:19|20)\d\d\b", low) and m == "may"]
    if len(months) == 1:
        slots["month"] = MONTHS[months[0]]
    elif months:
        slots["ambiguous"] = True
    return slots


def count_slot(question: str) -> int | None:
    for word in _words(question):
        if word in NUMBERS:
            return NUMBERS[word]
        if word.isdigit() and len(word) < 4:
            return int(word)
    return None


def sentiment_slots(question: str, groundings: list[Grounding]) -> dict[str, Any]:
    """Sentiment value and which verdict it is about (combined, caption or image)."""
    slots: dict[str, Any] = {}
    values = list(dict.fromkeys(g.name for g in groundings if g.target == "Sentiment"))
    cap, img = SOURCE_CAPTION.search(question), SOURCE_IMAGE.search(question)
    if len(values) == 2 and cap and img:
        first = question.lower().find("caption") < max(question.lower().find("image"), question.lower().find("photo"))
        return {"caption_sentiment": values[0] if first else values[1],
                "image_sentiment": values[1] if first else values[0]}
    if len(values) > 1:
        return {"ambiguous": True}
    if values:
        slots["sentiment"] = values[0]
    if cap and not img:
        slots["source"] = "caption"
    elif img and not cap:
        slots["source"] = "image"
    return slots


TARGET_BEFORE = {"about": "Topic", "mention": "Entity", "mentions": "Entity", "mentioning": "Entity",
                 "mentioned": "Entity", "hashtag": "Entity", "of": "Tag", "show": "Tag", "shows": "Tag",
                 "showing": "Tag", "depict": "Tag", "depicts": "Tag", "depicting": "Tag"}


TARGET_CUES = (("Topic", r"\babout\b"),
               ("Tag", r"\b(show\w*|depict\w*|photos? of|pictures? of|in (?:the|my) (?:photo|picture|image)s?)\b"),
               ("Entity", r"\b(mention\w*|hashtag\w*)\b"))


def _target_for(low: str, word: str, targets: set[str]) -> str | None:
    """Which of several targets a grounded word means, from the nearest cue word before it (or the only
    cue in the question); None when the question does not say."""
    if word.startswith(("#", "@")):
        return "Entity"
    before = low[: low.find(word)] if word in low else ""
    for w in reversed(_words(before)[-4:]):
        target = TARGET_BEFORE.get(w)
        if target == "Tag" and "Tag" not in targets and "Tag.kind" in targets:
            return "Tag.kind"
        if target in targets:
            return target
    cues = {t for t, cue in TARGET_CUES if re.search(cue, low)}
    if "Tag" in cues and "Tag" not in targets:
        cues = (cues - {"Tag"}) | {"Tag.kind"}
    fitting = cues & targets
    return fitting.pop() if len(fitting) == 1 else None


def value_slots(question: str, groundings: list[Grounding]) -> dict[str, Any] | None:
    """Topic / tag / kind / entity slots from the grounded values; None when a slot would get two values
    or a value could be two things and the question does not say which."""
    low = question.lower()
    by_word: dict[str, dict[str, Any]] = {}  # one question word may name several things ("animals")
    for g in groundings:
        if g.target != "Sentiment":
            entry = by_word.setdefault(g.word, {"word": g.word, "names": {}, "labels": set()})
            entry["names"].setdefault(g.target, g.name)
            if g.target == "Entity":
                entry["labels"].add(g.detail)
    slots: dict[str, Any] = {}
    keys = {"Topic": "topic", "Tag": "tag", "Tag.kind": "kind", "Entity": "entity"}
    for entry in by_word.values():
        targets = set(entry["names"])
        if {"Tag", "Tag.kind"} <= targets and not re.search(r"\bkinds?\b", low):
            return None  # 'food' as a tag name and as a kind of tag: the question does not say which
        target = next(iter(targets)) if len(targets) == 1 else _target_for(low, entry["word"], targets)
        if target is None or (keys[target] in slots and slots[keys[target]] != entry["names"][target]):
            return None
        slots[keys[target]] = entry["names"][target]
        if target == "Entity":
            labels = entry["labels"]
            if "#" in low or "hashtag" in low:
                slots["entity_label"] = "HASHTAG"
            elif "@" in low:
                slots["entity_label"] = "MENTION"
            elif re.search(r"\bas an? (place|city|location)\b", low) and labels & {"GPE", "LOC"}:
                slots["entity_label"] = "GPE" if "GPE" in labels else "LOC"
    return slots


def _group_of(question: str) -> str | None:
    """The thing being ranked/listed ("which topics ...", "most common tags"), from the first group word;
    none when the question asks for posts, and not a word that names a value ("a photo of a city")."""
    if re.search(r"^\s*(and\s+)?(which|what|show|list|find|how many|count)\s+(of\s+)?(me\s+)?(my\s+|the\s+)?"
                 r"(\w+\s+)?posts\b", question.lower()):
        return None
    words = _words(question)
    for before, word in zip(["", *words], words):
        if word in GROUP_WORDS and before not in VALUE_BEFORE:
            return GROUP_WORDS[word]
    return None


def _absent(question: str) -> list[str]:
    found = []
    for hit in ABSENCE.finditer(question):
        word = hit.group(1).lower()
        found.append({"photo": "image", "picture": "image", "entit": "entity", "tagged photo": "tag"}.get(word, word))
    return found


def _superlative(question: str, low: str, slots: dict[str, Any]) -> Intent | None:
    """Most/least negative/positive posts, oldest/newest posts, happiest/saddest month or topic."""
    n = count_slot(question)
    plural = bool(re.search(r"\bposts\b", low))
    if re.search(r"\b(happiest|saddest|gloomiest|best|worst)\b", low) or (AVERAGE.search(low) and SUPER.search(low)):
        order = "asc" if re.search(r"\b(saddest|gloomiest|worst|negative)\b", low) else "desc"
        for per, group in (("month", "year_month"), ("year", "year"), ("topic", "topic")):
            if re.search(rf"\b{per}s?\b", low) and "post" not in low:
                return Intent("avg", {**slots, "group": group, "order": order, "n": n})
        if re.search(r"\b(happiest|saddest|gloomiest)\b", low) and "post" in low:
            return Intent("extreme", {**slots, "by": "negative" if order == "asc" else "positive",
                                      "n": n or (5 if plural else 1)})
        return None
    by = next((EXTREMES[w] for w in _words(question) if w in EXTREMES), None)
    if re.search(r"\bmost (negative|positive)\b", low) and "post" in low and not _group_of(question):
        by = "negative" if "most negative" in low else "positive"
        slots = {k: v for k, v in slots.items() if k != "sentiment"}
    if by and "post" in low and not _group_of(question):
        return Intent("extreme", {**slots, "by": by, "n": n or (5 if plural else 1)})
    return None


def _ranking(question: str, low: str, slots: dict[str, Any]) -> Intent | None:
    """Groups ranked by posts, by share of one sentiment, by average score, or just listed."""
    group = _group_of(question)
    if group is None:
        return None
    n = count_slot(question)
    if re.search(r"\bmostly\b|\bmainly\b|\bmajority\b", low) and slots.get("sentiment"):
        return Intent("share", {"group": group, "sentiment": slots["sentiment"]}) if len(slots) == 1 else None
    if AVERAGE.search(low):
        return Intent("avg", {**slots, "group": group})
    if re.search(r"\b(each|per)\b", low):
        return Intent("rank", {**slots, "group": group, "n": 500})
    if HOW_MANY.search(low) and not SUPER.search(low):
        return Intent("count_names", {**slots, "group": group})
    singular = bool(re.search(rf"\b(which|what) (is the )?(most \w+ )?{group}\b", low)) and group != "person"
    if SUPER.search(low):
        return Intent("rank", {**slots, "group": group, "n": n or (1 if singular else 10)})
    if slots or re.search(r"\bin (my |the )?(posts|photos|pictures|images)\b", low):
        return Intent("names", {**slots, "group": group})
    if group in ("topic", "tag", "kind") and re.search(r"\b(are there|exist|all)\b", low):
        return Intent("all_names", {"group": group})
    if re.search(r"\b(mention|use|used|appear|appears|show up)\b", low):
        return Intent("names", {"group": group})
    return None


def _time_question(low: str, slots: dict[str, Any]) -> Intent | None:
    """Counts per year / per month, and the busiest year or month."""
    low = re.sub(r"\b(across|over|in) (all )?(the |my )?years\b", "", low)
    per = "month" if re.search(r"\b(per|each|by|which|what) month\b|\bmonths?\b", low) else \
        "year" if re.search(r"\b(per|each|by|which|what) year\b|\byears\b", low) else None
    if per is None or re.search(r"\b(avg|average|mean|happiest|saddest)\b", low):
        return None
    if per == "month" and "month" in slots:
        return None
    order = bool(re.search(r"\bmost\b|\bbusiest\b", low))
    return Intent("per_time", {**slots, "per": per, "order": order})


def _ranking_modifier(word: str, low: str) -> bool:
    """A size word right before a group word ("biggest topics") ranks; it does not name a value."""
    group_words = "|".join(GROUP_WORDS)
    return word.lower() in SIZE_WORDS and bool(re.search(rf"\b{re.escape(word.lower())}\s+({group_words})\b", low))


def consumed(question: str, intent: Intent | None) -> Intent | None:
    """The intent only if it uses the question's negation and ranking direction; else None (the LLM answers).

    Every word of the question passed `explained`, but a cue word can be one that the rule that fired ignores:
    a template that drops a "not" or a "least" answers the opposite question, confidently."""
    if intent is None:
        return None
    low = question.lower()
    negated = bool(NEGATION.search(low))
    carries_negation = bool(intent.slots.get("absent") or intent.slots.get("not_tag") or intent.slots.get("not_kind"))
    if negated != carries_negation:
        return None
    if ASCENDING.search(low):
        return None
    if AVERAGE.search(low) and intent.name != "avg":  # "gloomiest posts on average" is not "the gloomiest posts"
        return None
    return intent


DESCRIBED = re.compile(r"^\s*(?:please\s+)?(?:(?:show|find|list|give|search for|search)\s+)?(?:me\s+)?"
                       r"(?:(?:the|all|my|any|some)\s+)*(?:photos?|pictures?|images?|pics)\s+"
                       r"(?:of|showing|that show)\s+(?P<what>[a-z' ]+?)\s*[?.!]*\s*$", re.IGNORECASE)
DESCRIPTION_STOP = {"a", "an", "the", "some", "on", "in", "at", "of", "with", "is", "are", "and", "to", "into",
                    "through", "by", "my", "me", "there", "his", "her", "their", "its", "from", "over", "under"}


# words that make it a question about posts' findings, not a description of what a photo shows
DESCRIPTION_REJECT = {"post", "posts", "caption", "captions", "sentiment", "topic", "topics", "tag", "tags", "about",
                      "mention", "mentions", "mentioning", "positive", "negative", "neutral", "year", "month",
                      "hashtag", "hashtags", "entity", "entities", "score"}


def word_root(word: str) -> str:
    """A crude root so "running" / "runs" / "dogs" match "run" / "dog" as substrings of generated captions."""
    for suffix in ("ing", "es", "s"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiosl":
        word = word[:-1]  # "runn" -> "run", "swimm" -> "swim"
    return word


def described_photos(question: str) -> Intent | None:
    """ "photos of a dog running on grass": posts whose caption or generated photo caption holds every content
    word (as a root). Only for descriptions of two or more content words without negation; a single word
    ("photos of dogs") stays with the tag rules."""
    found = DESCRIBED.match(question)
    if found is None or NEGATION.search(question.lower()):
        return None
    words = [w for w in re.findall(r"[a-z']+", found.group("what").lower()) if w not in DESCRIPTION_STOP]
    if len(words) < 2 or DESCRIPTION_REJECT & set(words):
        return None
    return Intent("list", {"words": tuple(dict.fromkeys(word_root(w) for w in words))})


def match_intent(question: str, groundings: list[Grounding], previous: Intent | None = None,
                 follow_up: bool = False) -> Intent | None:
    """The one intent the question unambiguously asks for, or None (then the LLM answers)."""
    described = described_photos(question)
    if described is not None:
        return described
    low = question.lower()
    groundings = [g for g in groundings if not _ranking_modifier(g.word, low)]
    if not explained(question, groundings):
        return None
    return consumed(question, _match(question, groundings, previous, follow_up))


def _match(question: str, groundings: list[Grounding], previous: Intent | None, follow_up: bool) -> Intent | None:
    low = question.lower()
    times, sentiments = time_slots(question), sentiment_slots(question, groundings)
    values = value_slots(question, groundings)
    if values is None or times.pop("ambiguous", False) or sentiments.pop("ambiguous", False):
        return None
    slots = {**values, **times, **sentiments}
    if DISAGREE.search(low) and re.search(r"\b(caption|text)", low) and re.search(r"\b(image|photo|picture)", low):
        slots["disagree"] = True  # "different" alone means distinct ("how many different tags")
    absent = _absent(question)
    if NEG_TAG.search(low) and ("tag" in slots or "kind" in slots):
        key = "tag" if "tag" in slots else "kind"
        absent.append(f"no_tag_{'name' if key == 'tag' else 'kind'}")
        slots[f"not_{key}"] = slots.pop(key)
    if absent:
        slots["absent"] = tuple(absent)
    if follow_up and previous is not None:
        return _follow_up(low, slots, previous)
    return _fresh(question, low, slots)


def _follow_up(low: str, slots: dict[str, Any], previous: Intent) -> Intent | None:
    """Re-use the previous intent with the slots this short question changes ("and the negative ones?")."""
    if not slots or set(slots) - {"sentiment", "source", "year", "month", "topic", "tag", "kind", "entity"}:
        return None
    if re.search(r"\b(how many|which|what|show|list)\b.*\b(topic|tag|hashtag|year|month)s?\b", low):
        return None
    changed = dict(previous.slots)
    for same in (("topic", "tag", "kind", "entity"),):
        if any(k in slots for k in same):
            for k in same:
                changed.pop(k, None)
    if previous.name == "breakdown" and "sentiment" in slots:
        return None
    return Intent(previous.name, {**changed, **slots})


def _fresh(question: str, low: str, slots: dict[str, Any]) -> Intent | None:
    """A standalone question: try each rule family, most specific first."""
    how_many = bool(HOW_MANY.search(low))
    for rule in (_superlative, _ranking):
        intent = rule(question, low, slots)
        if intent is not None:
            return intent
    if _group_of(question) in ("topic", "tag", "hashtag", "person", "place", "organisation", "mention", "entity",
                               "kind"):
        return None
    timed = _time_question(low, slots)
    if timed is not None:
        return timed
    if (re.search(r"\b(breakdown|split|distribution|per sentiment|by sentiment|each sentiment|"
                  r"what is the sentiment|what's the sentiment)\b", low)
            or (how_many and re.search(r"\bper\b|\beach\b", low))):
        return Intent("breakdown", slots) if "sentiment" not in slots else None
    if AVERAGE.search(low):
        per = re.search(r"\b(?:per|each|by|every) (year|month)\b", low)
        return Intent("avg", {**slots, "group": per.group(1)} if per else slots)
    if how_many and re.search(r"\b(photos|pictures|images)\b", low) and not re.search(r"\bposts?\b", low) \
            and set(slots) in ({"tag"}, {"kind"}):
        return Intent("count_images", slots)
    if how_many:
        return Intent("count", slots)
    if LIST.search(low):
        return Intent("list", slots)
    return None
