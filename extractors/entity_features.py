"""Cheap features of one spaCy entity in its caption, for the learned keep/drop filter (extractors/entity_filter.py).

Everything here is computed from the span, its label, the caption (as NER read it) and the span's start: spaCy's
label and the rules' repaired one, the rules' own verdict and drop reason (extractors/entity_rules.py), the span's
shape and casing, its words' English frequency (wordfreq Zipf), the gazetteers (first names, surnames, places), the
caption's casing (shouted captions, tag lists) and the words around the span. No model runs: a few microseconds of
Python per entity, plus the word-frequency and gazetteer look-ups the rules already make.

`FEATURE_NAMES` fixes the order of the vector; a saved filter stores the names it was trained with and refuses a
vector of other names (a changed feature set needs a retrained artefact).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from extractors.entity_gazetteer import is_familiar_place, is_first_name, is_surname, place_type
from extractors.entity_names import USEFUL_LABELS, canonical_entity
from extractors.entity_rules import (
    ALIASES,
    DETERMINERS,
    GLUED_RE,
    _name_context_says_nothing,
    _shouted_share,
    caption_style,
    drop_reason,
    foreign_share,
    is_brand_casing,
    is_foreign,
    is_international_name,
    other_script_share,
    repair_label,
)
from extractors.word_frequency import zipf

LABELS = tuple(sorted(USEFUL_LABELS))
DROP_REASONS = ("acronym person", "common word", "common words", "cut name", "foreign", "foreign caption",
                "glued hashtag", "joined names", "label", "lower case", "no facility word", "no first name",
                "no organisation word", "not a person", "rare acronym", "script", "shouting", "single word",
                "title case", "unknown group", "unknown place")
PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "to", "near", "into", "across", "around", "visit", "visiting"})
WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Candidate:
    """One spaCy entity as the extractor sees it: the span as found, spaCy's label, the NER input, the start."""

    text: str
    label: str
    caption: str
    start: int | None = None


# what may sit at a span's edges without being part of the name: emoji and other symbols, their variation
# selectors, skin-tone modifiers and joiners ('Tom 🏍️', '🌕 Berlin', 'Sam 🚀' as spaCy cuts them from a caption)
_EDGE_CATEGORIES = frozenset({"So", "Sk", "Mn", "Me", "Cf", "Co", "Cs"})  # and whitespace


def _is_edge_noise(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in _EDGE_CATEGORIES


def trimmed(candidate: Candidate) -> Candidate:
    """The candidate without emoji or other symbols at its edges, its start moved past those it lost in front."""
    text = candidate.text
    head = 0
    while head < len(text) and _is_edge_noise(text[head]):
        head += 1
    tail = len(text)
    while tail > head and _is_edge_noise(text[tail - 1]):
        tail -= 1
    if head == 0 and tail == len(text):
        return candidate
    start = None if candidate.start is None else candidate.start + head
    return Candidate(text[head:tail], candidate.label, candidate.caption, start)


def feature_names() -> tuple[str, ...]:
    """The order of `features`' vector."""
    names = [f"label={label}" for label in LABELS] + [f"repaired={label}" for label in LABELS]
    names += ["relabelled", "rules_keep"] + [f"reason={reason}" for reason in DROP_REASONS]
    names += ["words_1", "words_2", "words_3plus", "chars_log", "all_caps", "all_capitalised", "any_lower_word",
              "has_digit", "has_joiner", "has_dash", "has_quote", "possessive", "starts_determiner",
              "zipf_first", "zipf_last", "zipf_min", "zipf_max", "unknown_word", "first_name_first", "surname_last",
              "known_place", "familiar_place", "international_last", "brand_casing", "glued", "foreign_words",
              "caption_shouted", "caption_title_share", "caption_words_log", "caption_foreign",
              "caption_other_script", "position", "context_says_nothing", "previous_capitalised",
              "next_capitalised", "previous_determiner", "previous_place_word", "followed_by_possessive",
              "whole_caption"]
    return tuple(names)


FEATURE_NAMES = feature_names()


def repaired_label(candidate: Candidate) -> str:
    """The rules' type for the span: spaCy's, or the gazetteer's repair (extractors.entity_rules.repair_label)."""
    if canonical_entity(candidate.text, candidate.label) is None:
        return candidate.label
    return repair_label(candidate.text, candidate.label)


# What each type is, in words: the filter compares the span's MiniLM embedding with these (a span close to 'a
# sports team' typed PERSON is likely a wrong type; one close to 'a common English word' no name at all).
PROTOTYPES: dict[str, str] = {
    "PERSON": "a person's name", "GPE": "a city, state or country", "LOC": "a region, mountain, river or sea",
    "ORG": "a company, organisation, sports team or band", "NORP": "a nationality, religion or political group",
    "FAC": "a building, stadium, airport or bridge", "EVENT": "a named event, festival, match or holiday",
    "WORK_OF_ART": "the title of a film, song, book or show", "PRODUCT": "a product or brand",
    "word": "a common English word or phrase", "date": "a date or time",
}


def embedding_feature_names(components: int) -> tuple[str, ...]:
    """Names of `embedding_features`' columns for a projection of `components` dimensions."""
    return (tuple(f"similar={name}" for name in PROTOTYPES) + ("similar_own", "similar_margin", "own_is_closest")
            + tuple(f"pc{i}" for i in range(components)))


def embedding_features(vectors: np.ndarray, repaired: Sequence[str], prototypes: np.ndarray, pca_mean: np.ndarray,
                       pca_components: np.ndarray) -> np.ndarray:
    """Embedding columns for spans: cosine similarity to each PROTOTYPES phrase (unit vectors, in its order), to
    the span's own type's phrase, the best other type's lead over it, whether its own type is the closest, and
    the span's embedding projected on `pca_components` (fitted on the training spans)."""
    labels = list(PROTOTYPES)[: len(PROTOTYPES) - 2]
    sims = vectors @ prototypes.T
    own_index = np.array([labels.index(label) if label in labels else -1 for label in repaired])
    rows = np.arange(len(vectors))
    type_sims = sims[:, : len(labels)]
    own = np.where(own_index >= 0, type_sims[rows, np.maximum(own_index, 0)], 0.0)
    masked = type_sims.copy()
    masked[rows[own_index >= 0], own_index[own_index >= 0]] = -np.inf
    margin = masked.max(axis=1) - own
    closest = (type_sims.argmax(axis=1) == own_index).astype(float)
    projected = (vectors - pca_mean) @ pca_components.T
    return np.column_stack([sims, own, margin, closest, projected])


def _span_start(candidate: Candidate) -> int:
    """The span's start in the caption: as given, else its first occurrence, else 0."""
    if candidate.start is not None:
        return candidate.start
    found = candidate.caption.find(candidate.text)
    return max(found, 0)


def features(candidate: Candidate) -> list[float]:
    """The feature vector of one entity, in FEATURE_NAMES order (every value a float, 0/1 for flags)."""
    text, label, caption = candidate.text, candidate.label, candidate.caption
    repaired = repaired_label(candidate)
    reason = drop_reason(text, repaired, caption, candidate.start)
    words = WORD_RE.findall(text)
    letters = [w for w in words if any(ch.isalpha() for ch in w)]
    zipfs = [zipf(w.lower()) for w in letters] or [0.0]
    key = (canonical_entity(text, label) or (text.lower(), text))[0]
    key = ALIASES.get(key, key)
    start = _span_start(candidate)
    before, after = caption[:start], caption[start + len(text):]
    previous = re.findall(r"[^\s]+", before)[-1:] or [""]
    next_word = re.findall(r"[^\s]+", after)[:1] or [""]
    shouted, title_share = caption_style(caption)
    caption_words = WORD_RE.findall(caption)
    first, last = (letters[0], letters[-1]) if letters else ("", "")
    values: dict[str, float] = {f"label={lab}": float(label == lab) for lab in LABELS}
    values |= {f"repaired={lab}": float(repaired == lab) for lab in LABELS}
    values |= {f"reason={r}": float(reason == r) for r in DROP_REASONS}
    values |= {
        "relabelled": float(repaired != label),
        "rules_keep": float(reason is None and canonical_entity(text, label) is not None),
        "words_1": float(len(letters) <= 1), "words_2": float(len(letters) == 2),
        "words_3plus": float(len(letters) >= 3),
        "chars_log": math.log1p(len(text)),
        "all_caps": float(bool(letters) and all(w.isupper() for w in letters)),
        "all_capitalised": float(bool(letters) and all(w[:1].isupper() for w in letters)),
        "any_lower_word": float(any(w[:1].islower() for w in letters)),
        "has_digit": float(any(ch.isdigit() for ch in text)),
        "has_joiner": float(bool(re.search(r"[&+/]|\band\b", text))),
        "has_dash": float(bool(re.search(r"[-–—]", text))),
        "has_quote": float(bool(re.search(r"[\"“”‘]|(?:^|\s)['’]|['’](?:\s|$)", text))),
        "possessive": float(bool(re.search(r"['’]s?$", text))),
        "starts_determiner": float(bool(words) and words[0].lower() in DETERMINERS),
        "zipf_first": zipfs[0], "zipf_last": zipfs[-1], "zipf_min": min(zipfs), "zipf_max": max(zipfs),
        "unknown_word": float(min(zipfs) == 0.0),
        "first_name_first": float(bool(first) and is_first_name(first)),
        "surname_last": float(bool(last) and is_surname(last)),
        "known_place": float(place_type(key) is not None),
        "familiar_place": float(is_familiar_place(key)),
        "international_last": float(bool(last) and is_international_name(last)),
        "brand_casing": float(any(is_brand_casing(w) for w in letters)),
        "glued": float(any(GLUED_RE.search(w) for w in letters)),
        "foreign_words": sum(is_foreign(w) for w in letters) / max(len(letters), 1),
        "caption_shouted": _shouted_share(caption),
        "caption_title_share": title_share,
        "caption_words_log": math.log1p(len(caption_words)),
        "caption_foreign": foreign_share(caption),
        "caption_other_script": other_script_share(caption),
        "position": start / max(len(caption), 1),
        "context_says_nothing": float(_name_context_says_nothing(caption, start)),
        "previous_capitalised": float(previous[0][:1].isupper()),
        "next_capitalised": float(next_word[0][:1].isupper()),
        "previous_determiner": float(previous[0].lower() in DETERMINERS),
        "previous_place_word": float(previous[0].lower() in PLACE_PREPOSITIONS),
        "followed_by_possessive": float(bool(re.match(r"['’]s?\b", after))),
        "whole_caption": float(text.strip() == caption.strip()),
    }
    del shouted  # caption_shouted is the share; the count is the rules' own signal (reason=shouting)
    return [values[name] for name in FEATURE_NAMES]
