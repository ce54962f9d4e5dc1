"""Cleaning rules for spaCy's entities in social-media captions: drop what is not a name, merge alias variants.

en_core_web_sm reads capitals as names, and captions capitalise everything: hashtag lists ("February Winter
Rainy ... Calm Fun" -> PERSON 'calm fun'), shouting ("DIG UP ... SELL"), glued hashtags ("#OpISIS" ->
PERSON), other languages ("Tudo já foi visto" -> PERSON). On a hand-labelled sample of 200 MVSA entities only
32% were a correct entity of the right type (docs/eval_entities.md). The rules below were written on the
sample's tuning half and measured on its held-out half; each drops a kind of error, not single words.
Hashtags and @mentions never pass through here: they are kept as written (HASHTAG / MENTION).

Word frequencies come from `wordfreq` (Zipf scale: 6 = 'the'-common, 3 = once per million words).
"""
from __future__ import annotations

import functools
import re

from extractors.entity_names import canonical_entity

DROP_LABELS = frozenset({"WORK_OF_ART", "PRODUCT"})  # 4 of 18 correct on the tuning sample: mostly fragments
OTHER_LANGUAGES = ("es", "pt", "it", "fr", "de", "nl", "pl", "id")
GLUED_RE = re.compile(r"(?<![A-Za-z])(?!Mc|Mac)[A-Za-z][a-z]+[A-Z]|[A-Z]{2,}[a-z]{3,}")  # 'OpISIS', 'LSDquotes'
SHOUTED_RE = re.compile(r"\b[A-Z]{3,}\b")
LATIN_RE = re.compile(r"^[\sA-Za-z0-9\u00C0-\u024F'’&.\-/]+$")
CAPITALISED_RE = re.compile(r"^[A-Z][A-Za-z'’]*$")
COMMON_ZIPF = 4.5  # 'calm' 4.5, 'watch' 5.3, 'love' 5.8; most names are rarer ('brando' 3.0, 'sanogo' 2.1)
RARE_ZIPF = 3.0  # a single word rarer than this ('srinagar' 2.9, 'chiraq' 1.5) is a name more often than a word
SHOUT_WORDS = 2  # a caption with at least this many all-caps words of 3+ letters is shouting, not acronyms
TITLE_CASE_SHARE = 0.6  # a caption with this share of its words capitalised is a tag list or a headline
ALIASES = {  # the same place or body written differently; keys are canonical lower-case names
    "u.s": "united states", "us": "united states", "usa": "united states", "u.s.a": "united states",
    "united states of america": "united states", "america": "united states",
    "uk": "united kingdom", "u.k": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "nyc": "new york city", "ny": "new york", "la": "los angeles", "dc": "washington", "washington dc": "washington",
    "uae": "united arab emirates", "isil": "isis", "daesh": "isis", "un": "united nations",
}


@functools.cache
def _zipf(word: str, lang: str = "en") -> float:
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word, lang))


def is_foreign(word: str) -> bool:
    """A word far more frequent in another language than in English ('tudo', 'quando', 'nada')."""
    low = word.lower()
    english = _zipf(low)
    return english < 3.5 and max(_zipf(low, lang) for lang in OTHER_LANGUAGES) - english >= 1.0


def is_common(word: str) -> bool:
    return _zipf(word.lower()) >= COMMON_ZIPF


def caption_style(caption: str) -> tuple[int, float]:
    """(all-caps words of 3+ letters, share of capitalised words among words of 3+ letters) in a caption."""
    words = [w for w in re.findall(r"[^\W\d_]+", caption) if len(w) >= 3]
    if not words:
        return 0, 0.0
    shouted = sum(w.isupper() for w in words)
    return shouted, sum(w[0].isupper() for w in words) / len(words)


def _cut_from_a_longer_name(caption: str, start: int, end: int) -> bool:
    """A capitalised word glued to the span ('Angelina' of 'Angelina Jolies', 'Valentine' of "Valentine's Day",
    'Smith' of 'Alex Smith'): spaCy cut a longer name, and the piece alone is the wrong thing."""
    after = caption[end:]
    if re.match(r"['’]s\s+Day\b", after) or re.match(r" [A-Z][a-z]", after):
        return True
    # a capitalised word before, itself not the first word of the caption or of a sentence
    return bool(re.search(r"[^\s.!?:;\"“(\-]\s+[A-Z][a-z]+ $", caption[:start]))


def drop_reason(text: str, label: str, caption: str, start: int | None = None) -> str | None:
    """Why the entity `text` (as spaCy found it at `start`, with its label, in `caption`) is not kept, or None."""
    words = [w for w in re.split(r"[\s/&\-]+", text.strip(" '’\".,!?:;()")) if w]
    letters = [w for w in words if any(ch.isalpha() for ch in w)]
    if label in DROP_LABELS:
        return "label"
    if not letters or not LATIN_RE.match(text):
        return "script"
    if sum(is_foreign(w) for w in letters) * 2 > len(letters):
        return "foreign"
    if GLUED_RE.search(text):
        return "glued hashtag"
    shouted, title_share = caption_style(caption)
    if any(len(w) >= 5 and w.isupper() for w in letters):
        return "shouting"
    if shouted >= SHOUT_WORDS and any(w.isupper() and len(w) >= 3 and is_common(w) for w in letters):
        return "shouting"
    bare = letters[0].replace(".", "")
    acronym = len(letters) == 1 and bare.isupper()
    plain_acronym = acronym and (len(bare) <= 2 or not is_common(bare))  # 'UK', 'U.S.', 'ISIS'; not 'WOW'
    # a place or group named in one word is common because it is famous ('Paris', 'London', 'American')
    famous = len(letters) == 1 and label in ("GPE", "NORP") and letters[0][:1].isupper()
    if is_common(letters[0]) and not (plain_acronym or famous) and not (label == "PERSON" and len(letters) > 1):
        return "common word"
    if label == "ORG" and len(letters) == 1 and not acronym:
        return "single word"  # 'Bacon', 'Norfolk', 'Throwin' as ORG: a lone capitalised word, rarely a company
    if label == "PERSON" and len(letters) == 1 and not acronym and _zipf(letters[0].lower()) >= RARE_ZIPF:
        return "single word"  # 'Valentine', 'Montana': a common first name or word alone is too ambiguous
    if label == "ORG" and "&" in text and len(letters) > 1:
        return "joined names"  # 'Viktoriya & Viktoriia': two names, not one organisation
    if label == "PERSON" and len(letters) == 1 and letters[0].isupper():
        return "acronym person"
    if label == "PERSON" and len(letters) >= 3 and sum(is_common(w) for w in letters) >= 2:
        return "common words"
    if start is not None and title_share < TITLE_CASE_SHARE and not text.isupper() and _cut_from_a_longer_name(
            caption, start, start + len(text)):
        return "cut name"
    if title_share >= TITLE_CASE_SHARE and len(letters) > 1 and any(is_common(w) for w in letters):
        return "title case"
    if any(w[:1].islower() for w in letters) and label != "NORP":
        return "lower case"
    return None


def clean_entity(text: str, label: str, caption: str, start: int | None = None) -> tuple[str, str] | None:
    """(graph key, label) of a spaCy entity after cleaning and alias merging, or None when it is dropped."""
    canonical = canonical_entity(text, label)
    if canonical is None or drop_reason(text, label, caption, start) is not None:
        return None
    key = canonical[0]
    return ALIASES.get(key, key), label
