"""An entity's graph key and display form as written: trimmed edges and possessives, "the" dropped where it is not
part of the name, acronyms with or without dots as one key. Shared by NER and the cleaning rules."""
from __future__ import annotations

import re

# the spaCy labels kept as entities (CARDINAL, DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, LAW, LANGUAGE say little
# about a feed); here so the extractor and the learned filter's features share them without importing each other
USEFUL_LABELS = frozenset({"PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"})
THE_PREFIX_LABELS = frozenset({"GPE", "ORG", "LOC", "FAC"})  # "the UK" == "UK"; "The Walking Dead" keeps its "The"
NOT_ENTITIES = frozenset({"rt", "lol", "omg", "lmao", "via", "pic", "photo", "video", "user", "http", "https"})
_EDGE_CHARS = " \t\n\"'`“”‘’«».,;:!?()[]{}<>*_|/\\~^=+-–—…#@"
_EDGE_NO_DOT = _EDGE_CHARS.replace(".", "")
_POSSESSIVE_RE = re.compile(r"['’`]s?$", re.IGNORECASE)
_THE_RE = re.compile(r"^the\s+", re.IGNORECASE)
SPACES_RE = re.compile(r"\s+")
_ACRONYM_RE = re.compile(r"(?:[a-z]\.){2,}[a-z]?\.?")  # 'u.s.', 'u.k' -> key 'us', 'uk'


def canonical_entity(text: str, label: str) -> tuple[str, str] | None:
    """(graph key, display form) for an entity as written, or None when nothing name-like is left.

    Display keeps the writer's case ("New York"); the key is its lower-case form ("new york").
    """
    display = _POSSESSIVE_RE.sub("", SPACES_RE.sub(" ", text).strip(_EDGE_NO_DOT)).strip(_EDGE_NO_DOT)
    if not _ACRONYM_RE.fullmatch(display.lower()):
        display = display.strip(_EDGE_CHARS)  # a trailing '.' ends a sentence, except in 'U.S.'
    if label in THE_PREFIX_LABELS:
        display = _THE_RE.sub("", display)
    key = display.lower()
    if _ACRONYM_RE.fullmatch(key + "."):
        key = key.replace(".", "")
    letters = sum(ch.isalpha() for ch in key)
    if letters < 2 or key in NOT_ENTITIES or len(key) > 80 or key.count(" ") > 6:
        return None
    return key, display
