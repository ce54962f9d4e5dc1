"""Agreement: a generated sentence that names one animal while the image classifier is sure of something else.

The third of the captioner's checks (after familiarity.py and grounding.py), run by the image tagger, which holds
both the sentence and the photo's ImageNet tags. ImageNet knows animals well (119 dog classes, cats, birds), and
the Flickr8k captioner names a dog or a bird for many photos that have none ("a white bird is in the water" for a
tabby cat the classifier calls a cat at 0.99). The sentence is withheld when it names an animal that no tag of the
photo confirms (the animal or a narrower tag; a broader one such as "animal" neither confirms nor contradicts)
and another tag has a score of at least 0.5.
This rule was written after reading both judged sets of docs/eval_captioner_familiarity*, so it has no held-out
figure; see docs/captioner.md.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.base import ImageTag
from extractors.vision.tag_table import TagTable

CONFIDENT = 0.5
_WORD = re.compile(r"[a-z]+")


def animal_tags(table: TagTable) -> frozenset[str]:
    """Tags of kind animal, without the catch-all "animal" itself (dog, cat, bird, wolf, ...)."""
    return frozenset(tag for tag, kind in table.kinds.items() if kind == "animal" and tag != "animal")


def contradiction(text: str, tags: Sequence[ImageTag], table: TagTable) -> str | None:
    """Why `text` disagrees with the photo's tags, or None when it does not (or names no animal)."""
    words = set(_WORD.findall(text.lower()))
    for animal in sorted(animal_tags(table)):
        if animal not in words and f"{animal}s" not in words:
            continue
        seen = {animal} | {tag for tag in table.kinds if animal in table.ancestors(tag)}  # it, or a narrower tag
        if any(tag.name in seen for tag in tags):
            continue
        broader = set(table.ancestors(animal))  # "animal" neither confirms a bird nor contradicts it
        other = max((tag for tag in tags if tag.score >= CONFIDENT and tag.name not in seen | broader),
                    key=lambda tag: tag.score, default=None)
        if other is not None:
            return f"the sentence named a {animal}, but the photo's tags say {other.name}"
    return None
