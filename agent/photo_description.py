"""A question that describes what a photo shows ("photos of a dog running on grass"): the words the posts' own or
generated captions must all hold. The parser tries this only when its grammar did not understand the question, so
"photos of dogs in 2021" stays a tag and a year."""
from __future__ import annotations

import re

DESCRIBED = re.compile(r"^\s*(?:please\s+)?(?:(?:show|find|list|give|search for|search)\s+)?(?:me\s+)?"
                       r"(?:(?:the|all|my|any|some)\s+)*photos?\s+"
                       r"(?:of|showing|that show)\s+(?P<what>[a-z' ]+?)\s*$")
NEGATION = re.compile(r"\b(not|no|without|never|none|nothing|lack|lacking)\b")
STOP = frozenset({"a", "an", "the", "some", "on", "in", "at", "of", "with", "is", "are", "and", "to", "into",
                  "through", "by", "my", "me", "there", "his", "her", "their", "its", "from", "over", "under"})
# words that make it a question about posts' findings, not a description of what a photo shows
REJECT = frozenset({"post", "posts", "caption", "captions", "sentiment", "topic", "topics", "tag", "tags", "about",
                    "mention", "mentions", "mentioning", "positive", "negative", "neutral", "year", "month",
                    "hashtag", "hashtags", "entity", "entities", "score"})


def word_root(word: str) -> str:
    """A crude root so "running" / "runs" / "dogs" match "run" / "dog" as substrings of generated captions."""
    for suffix in ("ing", "es", "s"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiosl":
        word = word[:-1]  # "runn" -> "run", "swimm" -> "swim"
    return word


def described_photos(normalised: str) -> tuple[str, ...] | None:
    """The word roots a photo description asks for, from a question normalised by the parser (lower case,
    photo synonyms as "photo(s)"); None unless it is a description of two or more content words without negation
    (a single word, "photos of dogs", is a tag)."""
    found = DESCRIBED.match(normalised)
    if found is None or NEGATION.search(normalised):
        return None
    words = [w for w in re.findall(r"[a-z']+", found.group("what")) if w not in STOP]
    if len(words) < 2 or REJECT & set(words):
        return None
    return tuple(dict.fromkeys(word_root(w) for w in words))
