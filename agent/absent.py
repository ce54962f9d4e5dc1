"""Values a question names that the graph does not hold ("How many posts do not mention Rome?" on a graph where no
post mentions Rome). Only a slot whose grammar demands a name ("mention X", "about X", "show a X", "photos of X",
"#X", "@X") may take an unknown word, and only a word that could be a name: never a grammatical word, a head noun
of the question (posts, photos, topics...), a number, a month or a sentiment word. The parse still fails when any
other word is left over, so an unknown word never turns a question the parser does not understand into an answer.

The value is kept in the plan as a normal filter marked `missing`: the compiled query then counts what is true (no
post mentions it; every post does not) and the answer says the value is not in the graph, naming near values
("did you mean ...") found among all the graph's names.
"""
from __future__ import annotations

import difflib
import re

from agent.grounding import SENTIMENT_WORDS, STOPWORDS
from agent.plan import Filter
from agent.spelling import one_edit, slip_rank
from agent.vocab import GraphFacts

# words that are grammar, not names, even after a name slot's cue word
NOT_NAMES = frozenset([
    "anything", "something", "nothing", "everything", "anyone", "someone", "nobody", "everybody", "everyone", "one",
    "ones", "other", "others", "another", "both", "either", "neither", "each", "every", "same", "such", "things",
    "thing", "stuff", "much", "many", "lot", "lots", "kind", "kinds", "sort", "type", "types", "off", "up", "how",
    "why", "what", "when", "where", "who", "which", "whom", "whose", "me", "my", "mine", "us", "our", "it", "its",
    "them", "those", "these", "this", "that", "there", "here", "you", "your", "anybody", "somebody", "please",
    "most", "least", "more", "less", "fewer", "top", "only", "just", "also", "even", "really", "still", "again",
    "same", "whole", "all", "any", "some", "no", "none", "not", "never", "ever", "often", "times", "time", "today",
    "yesterday", "tonight", "recently", "lately", "before", "after", "since", "until", "during", "ago", "now",
    "then", "year", "years", "month", "months", "week", "weeks", "day", "days", "average", "mean", "share",
    "percentage", "percent", "number", "count", "total", "sentiment", "sentiments", "positive", "negative",
    "neutral", "mood", "feeling", "feelings", "caption", "captions", "photo", "photos", "post", "posts", "topic",
    "topics", "tag", "tags", "hashtag", "hashtags", "mention", "mentions", "entity", "entities", "people", "person",
    "persons", "place", "places", "image", "images", "picture", "pictures", "word", "words", "text", "language",
    "in", "on", "at", "of", "for", "to", "from", "by", "with", "without", "about", "and", "or", "but", "if",
    "different", "distinct", "unique", "various", "similar", "opposite", "matching", "contrasting",
])
MONTH_WORDS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                         "october", "november", "december"])
TARGETS = {"topic": ("Topic",), "entity": ("Entity",), "tag": ("Tag", "Tag.kind")}
KIND_NOUNS = {"Topic": "topic", "Entity": "name", "Tag": "tag", "Tag.kind": "kind of tag"}
NEAR_CUTOFF = 0.8
MAX_NEAR = 3
# a typed name is read as a graph name one slip away only when it is no common English word itself ('car' is
# meant as written even where the graph tags 'cat'; 'dgo' is not a word): wordfreq Zipf below this
TYPO_MAX_ZIPF = 3.5  # 3.0 at first; 3.5 after 'beech' (3.27) for the tag 'beach' on the seventeenth round's dev half


def could_be_name(word: str) -> bool:
    """True for a word a name slot may take as a value the graph lacks."""
    bare = word.lstrip("#@")
    if len(bare) < 2 or not re.fullmatch(r"[^\W\d_][\w'.-]*", bare) or bare.endswith("'"):
        return False
    return not (bare in NOT_NAMES or bare in STOPWORDS or bare in MONTH_WORDS or bare in SENTIMENT_WORDS)


def canonical(word: str, field: str) -> str:
    """The form a name would have in the graph: lower case, no # or @; a topic or tag in the singular (names of
    people and places keep their spelling: 'paris', not 'pari')."""
    bare = word.lower().lstrip("#@").rstrip(".")
    if field == "entity":
        return bare
    if bare.endswith("ies") and len(bare) > 4:
        return bare[:-3] + "y"
    if bare.endswith(("ches", "shes", "xes", "sses")) and len(bare) > 4:
        return bare[:-2]
    if bare.endswith("s") and not bare.endswith(("ss", "us", "is")) and len(bare) > 3 and bare not in NOT_PLURALS \
            and _is_word(bare[:-1]):
        return bare[:-1]  # 'cats' -> 'cat'; not 'christmas' -> 'christma' or 'texas' -> 'texa'
    return bare


NOT_PLURALS = frozenset({"news", "series", "species", "physics", "politics", "economics", "maths", "athletics",
                         "gymnastics", "lens", "mars", "paris", "athens"})


def _is_word(word: str, floor: float = 2.5) -> bool:
    """An English word at least this common (wordfreq Zipf): 2.5, common enough that a trailing 's' after it made a
    plural; TYPO_MAX_ZIPF, common enough to be meant as typed."""
    from extractors.word_frequency import zipf

    return zipf(word) >= floor


def near_values(facts: GraphFacts, word: str, field: str) -> tuple[str, ...]:
    """Names the question may have meant: the same word as another kind of value (a Tag 'cat' when a topic was
    asked for), then close spellings among all names, each described by its kind."""
    bare = word.lower().lstrip("#@")
    found: list[str] = []
    if field == "topic":  # 'coffee' as one of the keywords of the topic 'café'
        holders = facts.topics_with_keyword(bare, canonical(bare, field))
        found += [describe_name(facts, "Topic", name) for name in holders]
    for target in ("Topic", "Tag", "Tag.kind", "Entity"):
        if target in TARGETS[field]:
            continue
        name = facts.name(bare, target)
        if name is not None:
            found.append(describe_name(facts, target, name))
    for target in ("Topic", "Tag", "Tag.kind", "Entity"):
        names = list(facts.names.get(target) or {})
        for name in difflib.get_close_matches(canonical(bare, field), names, n=MAX_NEAR, cutoff=NEAR_CUTOFF):
            found.append(describe_name(facts, target, name))
        # one slip away in a short word ('fodd' for 'food'), which the ratio above scores too low
        found += [describe_name(facts, target, name) for name in names
                  if len(bare) >= 4 and abs(len(name) - len(bare)) <= 1 and one_edit(bare, name)]
    return tuple(dict.fromkeys(found))[:MAX_NEAR]


def describe_name(facts: GraphFacts, target: str, name: str) -> str:
    """'the hashtag #coffee', 'the account @nasa', 'the name 'paris'', 'the tag 'cat'', 'the topic 'space''."""
    if target == "Entity":
        labels = sorted(set(facts.details("Entity", name)))
        if labels == ["HASHTAG"]:
            return f"the hashtag #{name}"
        if labels == ["MENTION"]:
            return f"the account @{name}"
        return f"the name '{name}'"
    return f"the {KIND_NOUNS[target]} '{name}'"


def missing_filter(facts: GraphFacts, word: str, field: str, negated: bool) -> Filter | None:
    """A filter on a value the graph lacks, or None when the word cannot be a name (or the graph holds it)."""
    if not could_be_name(word):
        return None
    forms = {word, word.lstrip("#@"), canonical(word, field)}
    if any(facts.name(form, target) is not None for form in forms for target in TARGETS[field]):
        return None  # the graph has it (the ordinary slot takes it, or the question is not understood)
    return Filter(field, canonical(word, field), negated, missing=True, near=near_values(facts, word, field))


def absent_note(filters: tuple[Filter, ...] | list[Filter]) -> str:
    """The sentence an answer starts with when its question named values the graph does not hold: what is true
    (no post has it; so every post lacks it) and the names it may have meant."""
    hashtag = any(f.field == "entity_label" and f.value == "HASHTAG" for f in filters)
    notes = []
    for flt in filters:
        if not flt.missing:
            continue
        name = f"#{flt.value}" if flt.field == "entity" and hashtag else f"'{flt.value}'"
        what = {"topic": f"No topic {name} is in your graph, so no post is about it",
                # a hashtag is there or not; a name is only as found as name recognition found it
                "entity": f"{name} is not in your graph: no post uses it" if hashtag
                else f"{name} is not among the names recognised in your posts",
                "tag": f"No photo in your graph is tagged {name}"}[flt.field]
        if flt.field == "tag" and flt.value == "person":
            # the tagger's classes name people only in a few roles (a ballplayer, a groom, a scuba diver)
            what += (": the photo tagger marks a person only in a few cases (a ballplayer, a groom, a diver), so I "
                     "am not sure how many of your photos show people")
        if flt.negated:
            what += ", so every post counts as not having it"
        near = ""
        if flt.near:
            listed = ", ".join(flt.near[:-1]) + (" or " if len(flt.near) > 1 else "") + flt.near[-1]
            near = f" (did you mean {listed}?)"
        notes.append(f"{what}{near}.")
    return " ".join(notes)


def value_typos(filters: tuple[Filter, ...], facts: GraphFacts) -> dict[str, tuple[str, str]]:
    """{typed word of the question: (graph name, the word to read instead)} for names the graph lacks that are one
    slip from exactly one name it holds in the same slot ('dgo' -> the tag 'dog', 'aminal' -> the kind 'animal',
    '#coffe' -> '#coffee'). A word of three or four letters is only read so for a dropped or swapped letter, a
    common English word never (it is meant as written), and two names equally close fix nothing."""
    fixes: dict[str, tuple[str, str]] = {}
    for flt in filters:
        if not flt.missing or flt.field not in TARGETS:
            continue
        typed = str(flt.value)
        if len(typed) < 3 or not typed.isalpha() or _is_word(typed, TYPO_MAX_ZIPF):
            continue
        names = {name for target in TARGETS[flt.field] for name in (facts.names.get(target) or {})}
        meant = _one_slip_from(typed, names)
        if meant is None:
            continue
        for form in (typed, f"{typed}s", f"{typed}es", f"#{typed}", f"@{typed}"):
            fixes[form] = (meant, f"{form[0] if form[0] in '#@' else ''}{meant}")
    return fixes


def leftover_typos(words: tuple[str, ...], facts: GraphFacts) -> dict[str, tuple[str, str]]:
    """The same for words no slot took ('a dog on the beech', 'food or dirnks'): a left-over word one slip from
    exactly one one-word name the graph holds, of any kind (a tag, a kind of tag, a topic, a name), under the same
    rules as `value_typos`."""
    names = {name for target in ("Tag", "Tag.kind", "Topic", "Entity") for name in (facts.names.get(target) or {})}
    fixes: dict[str, tuple[str, str]] = {}
    for typed in set(words):
        if len(typed) < 4 or not typed.isalpha() or typed in names or _is_word(typed, TYPO_MAX_ZIPF):
            continue
        meant = _one_slip_from(typed, names)
        if meant is not None:
            fixes[typed] = (meant, meant)
    return fixes


def _one_slip_from(typed: str, names: set[str]) -> str | None:
    """The one one-word name `typed` (or its stem without a plural 's': 'dgos' -> 'dgo') is one slip from, the
    likeliest slip winning; None when none is, or two are equally close. A stem of three or four letters counts only
    a dropped or swapped letter. An 'f' written for a name's 'ph' ('elefant') counts as one slip."""
    stems = {typed, typed[:-1]} if typed.endswith("s") and len(typed) > 3 else {typed}
    ranked = sorted({(rank, name) for stem in stems for name in names if " " not in name
                     and (rank := slip_rank(stem, name)) is not None and (len(stem) > 4 or rank < 2)}
                    | {(2, name) for stem in stems if "f" in stem and len(stem) > 4  # 'elefant': spelt as it sounds
                       for name in names if "ph" in name and stem.replace("f", "ph") == name})
    if not ranked or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
        return None
    return ranked[0][1]


def typo_note(notes: tuple[str, ...]) -> str:
    """'I read 'dgo' as 'dog' (the closest name in your graph).' for the names the parser read as a graph name one
    slip away (plan notes typed=WORD>NAME), or ''."""
    read = [n.removeprefix("typed=").split(">", 1) for n in notes if n.startswith("typed=")]
    if not read:
        return ""
    said = ", ".join(f"'{typed}' as '{name}'" for typed, name in read)
    return f"I read {said}: the closest name{'s' if len(read) > 1 else ''} in your graph."
