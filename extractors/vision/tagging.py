"""From classifier probabilities to FeedLens tags: the aggregation rule, kept free of torch so it is cheap to test.

Why aggregate: ImageNet spreads one concept over many classes (a cat photo is 0.38 "Egyptian cat" + 0.27
"tabby" + 0.22 "tiger cat"), so summing the probabilities of classes that share a tag turns three weak guesses
into one confident "cat" (0.87), and crediting parents adds "animal" for search.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from extractors.base import ImageTag
from extractors.vision.tag_table import TagTable


def tags_from_probs(
    probs: np.ndarray,
    table: TagTable,
    top_k: int = 10,
    threshold: float = 0.1,
    max_tags: int = 5,
) -> list[ImageTag]:
    """Tags for one image from its softmax over the 1,000 classes.

    Only the `top_k` classes count (the long tail is noise). Each tag scores the summed probability of its
    classes; every ancestor scores the sum over its descendants. Tags under `threshold` are dropped. Order:
    tags some class maps to directly ("dog") by score, then broader parent-only tags ("animal"), at most
    `max_tags` in all, so the first tag is always the most specific confident one.
    """
    top = np.argsort(probs)[::-1][:top_k]
    direct: dict[str, float] = {}
    inherited: dict[str, float] = {}
    for index in top:
        row = table.classes[int(index)]
        p = float(probs[index])
        direct[row.tag] = direct.get(row.tag, 0.0) + p
        for ancestor in table.ancestors(row.tag):
            inherited[ancestor] = inherited.get(ancestor, 0.0) + p
    scores = {tag: direct.get(tag, 0.0) + inherited.get(tag, 0.0) for tag in direct.keys() | inherited.keys()}
    specific = sorted((t for t in direct if scores[t] >= threshold), key=lambda t: -scores[t])
    broader = sorted((t for t in inherited if t not in direct and scores[t] >= threshold), key=lambda t: -scores[t])
    return [
        ImageTag(name=tag, kind=table.kind_of(tag), score=round(min(scores[tag], 1.0), 4))
        for tag in (specific + broader)[:max_tags]
    ]


_SUBJECT_KINDS = ("animal", "person", "vehicle", "food", "drink", "music", "electronics", "furniture",
                  "clothing", "object", "plant", "sport")
_SETTING_KINDS = ("scene", "building")
_ON = {"beach", "field", "pier", "patio", "stage", "street", "mountain", "cliff", "volcano", "hay", "bridge"}
_BY = {"lake", "coast", "harbor", "geyser", "fountain"}


def _with_article(noun: str) -> str:
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun  # plural-looking tags: "sunglasses", "weights"
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def compose_caption(tags: Sequence[ImageTag], table: TagTable | None = None) -> str | None:
    """A plain caption such as "a dog on a beach" from an image's tags, or None when there is nothing to say.

    Used for posts without a caption so text extractors (sentiment, topics, entities) still get some text.
    Parent-only tags ("animal") are skipped when a specific tag exists, which `tags_from_probs` orders first.
    """
    direct = {row.tag for row in table.classes} if table else {t.name for t in tags}
    names = [t for t in tags if t.name in direct] or list(tags)
    subjects = [t.name for t in names if t.kind in _SUBJECT_KINDS][:2]
    setting = next((t.name for t in names if t.kind in _SETTING_KINDS), None)
    kinds = {t.name: t.kind for t in names}
    subject_text = " and ".join(s if kinds[s] == "sport" else _with_article(s) for s in subjects)
    if setting is None:
        return subject_text or None
    if not subject_text:
        return _with_article(setting)
    preposition = "on" if setting in _ON else "by" if setting in _BY else "in"
    return f"{subject_text} {preposition} {_with_article(setting)}"
