"""Words <-> FeedLens tags: a small synonym list and a lookup from free text to (tag, kind).

Two users: the flickr8k evaluation (does a predicted tag, or a word meaning the same, occur in the reference
captions?) and the BLIP-2 path (turn a generated answer such as "two puppies on the sand" into tags of the
same vocabulary the ImageNet tagger emits, so the graph holds one 'dog' tag whichever model found it).
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.vision.tag_table import load_tag_table

# tag -> other words that mean it in everyday captions (plurals are added automatically)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "dog": ("puppy", "puppies", "pup", "hound", "terrier", "poodle", "retriever", "collie", "spaniel"),
    "cat": ("kitten", "kitty"),
    "animal": ("pet",),
    "bird": ("seagull", "gull", "pigeon", "sparrow", "parrot", "duck", "swan", "goose"),
    "horse": ("pony", "foal"),
    "cow": ("cattle", "bull", "calf", "ox", "oxen"),
    "bicycle": ("bike", "cyclist", "biker", "biking", "bmx"),
    "motorcycle": ("motorbike", "dirt bike"),
    "scooter": ("motorbike", "motorcycle", "moped"),
    "car": ("vehicle", "jeep", "truck", "suv"),
    "boat": ("canoe", "kayak", "ship", "raft", "sailboat"),
    "canoe": ("kayak", "boat", "paddle", "paddling"),
    "beach": ("shore", "ocean", "sea", "sand", "sandy", "surf", "waves"),
    "coast": ("shore", "ocean", "sea", "beach"),
    "lake": ("water", "pond", "river", "lakeside"),
    "harbor": ("dock", "water", "pier"),
    "mountain": ("mountains", "hill", "hills", "cliff", "rock", "rocks", "mountainside"),
    "cliff": ("rock", "rocks", "mountain", "hill", "climbing", "climber", "cliffs"),
    "valley": ("mountain", "hill", "hills", "field"),
    "field": ("grass", "grassy", "meadow", "park"),
    "hay": ("grass", "field"),
    "swimsuit": ("bikini", "swimming", "trunks"),
    "swimming cap": ("swimming", "pool"),
    "skiing": ("ski", "skier", "skiers", "skis", "snow"),
    "sled": ("sledding", "sleigh", "snow"),
    "soccer": ("football", "ball"),
    "american football": ("football",),
    "baseball player": ("baseball", "player", "batter"),
    "tennis": ("racket", "racquet"),
    "shirt": ("jersey", "t-shirt", "tshirt"),
    "sweatshirt": ("hoodie", "sweater", "jacket"),
    "coat": ("jacket",),
    "shoe": ("shoes", "sneakers", "boots"),
    "hat": ("cap", "helmet"),
    "helmet": ("helmets", "hat"),
    "fountain": ("water", "sprinkler"),
    "bench": ("park", "sitting"),
    "person": ("man", "men", "woman", "women", "people", "boy", "girl", "child", "children", "kid", "player"),
    "scuba diver": ("diver", "diving", "underwater"),
    "snorkeling": ("snorkel", "swimming", "underwater", "water"),
    "bubbles": ("bubble",),
    "drum": ("drums", "drummer"),
    "guitar": ("guitarist",),
    "stage": ("concert", "performer", "performing", "band"),
    "trash can": ("garbage", "trash"),
    "playground": ("slide", "swing"),
    "swing": ("swinging", "playground"),
    "coffee": ("cup", "mug", "espresso", "latte"),
    "cup": ("mug", "coffee", "tea"),
    "street": ("road", "sidewalk", "city"),
    "fence": ("railing",),
    "stairs": ("steps", "staircase"),
    "wall": ("graffiti",),
    "jeans": ("denim",),
    "umbrella": ("umbrellas", "parasol"),
    "basketball": ("hoop",),
    "sunglasses": ("glasses", "shades"),
    "backpack": ("bag",),
    "parachute": ("parasail", "parasailing", "kite"),
}


def _plurals(word: str) -> set[str]:
    if word.endswith(("s", "x", "ch", "sh")):
        return {word, word + "es"}
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return {word, word[:-1] + "ies"}
    return {word, word + "s"}


def words_for(tag: str) -> frozenset[str]:
    """The tag itself, its synonyms, and their plurals (lower-case; multi-word entries kept as phrases)."""
    out: set[str] = set()
    for word in (tag, *SYNONYMS.get(tag, ())):
        out |= _plurals(word.lower())
    return frozenset(out)


def mentions(tag: str, text: str) -> bool:
    """True when `text` mentions `tag` or a synonym as a whole word or phrase."""
    tokens = set(re.findall(r"[a-z][a-z'-]*", text.lower()))
    lowered = f" {' '.join(re.findall(r'[a-z][a-z-]*', text.lower()))} "
    return any((w in tokens) if " " not in w else (f" {w} " in lowered) for w in words_for(tag))


@lru_cache(maxsize=1)
def phrase_index() -> dict[str, str]:
    """Lower-case word or phrase -> tag: tag names, ImageNet labels, synonyms (ambiguous synonyms dropped)."""
    table = load_tag_table()
    index: dict[str, str] = {}
    for row in table.classes:
        for phrase in _plurals(row.imagenet_label.lower()):
            index.setdefault(phrase, row.tag)
    seen: dict[str, set[str]] = {}
    for tag, words in SYNONYMS.items():
        for word in words:
            for phrase in _plurals(word):
                seen.setdefault(phrase, set()).add(tag)
    for phrase, tags in seen.items():
        if len(tags) == 1:
            index[phrase] = next(iter(tags))
    for tag in table.vocabulary | set(SYNONYMS):
        for phrase in _plurals(tag):
            index[phrase] = tag  # a tag's own name always wins
    return index


def tags_in_text(text: str) -> list[str]:
    """Tags mentioned in free text, longest phrases first so "sea lion" is not read as "sea"."""
    index = phrase_index()
    words = re.findall(r"[a-z][a-z'-]*", text.lower())
    found: list[str] = []
    i = 0
    while i < len(words):
        for span in (3, 2, 1):
            phrase = " ".join(words[i : i + span])
            if len(words) - i >= span and phrase in index:
                if index[phrase] not in found:
                    found.append(index[phrase])
                i += span
                break
        else:
            i += 1
    return found
