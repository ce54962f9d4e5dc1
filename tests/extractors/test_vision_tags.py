"""The ImageNet -> FeedLens tag table, the aggregation rule and composed captions (no model needed)."""
from __future__ import annotations

import numpy as np
import pytest

from extractors.base import ImageTag
from extractors.vision.tag_table import NUM_CLASSES, TAG_KINDS, load_tag_table
from extractors.vision.tagging import compose_caption, tags_from_probs
from extractors.vision.vocabulary import mentions, tags_in_text


@pytest.fixture(scope="module")
def table():
    return load_tag_table()


def test_every_class_is_mapped_with_a_known_kind(table) -> None:
    assert [c.index for c in table.classes] == list(range(NUM_CLASSES))
    assert all(c.tag and c.tag == c.tag.lower().strip() for c in table.classes)
    assert {c.kind for c in table.classes} <= TAG_KINDS
    assert set(table.kinds.values()) <= TAG_KINDS


def test_each_tag_has_one_kind_and_one_parent_and_no_cycles(table) -> None:
    seen: dict[str, tuple[str, str]] = {}
    for c in table.classes:
        assert seen.setdefault(c.tag, (c.kind, c.parent)) == (c.kind, c.parent), c
    for tag in table.vocabulary:
        chain = table.ancestors(tag)
        assert tag not in chain and len(chain) == len(set(chain)) <= 3


def test_imagenet_ranges(table) -> None:
    assert {table.classes[i].tag for i in range(151, 269)} == {"dog"}
    assert {table.classes[i].tag for i in range(281, 286)} == {"cat"}
    assert table.classes[383].tag != "cat"  # "Madagascar cat" is a lemur


def test_scooter_is_only_scooters(table) -> None:
    # the seed table had the four classes after 'moped' (mortar, mortarboard, mosque, mosquito net) as scooters too
    assert {c.imagenet_label for c in table.classes if c.tag == "scooter"} == {"moped", "motor scooter"}
    assert (table.classes[668].tag, table.classes[668].kind) == ("mosque", "building")
    assert table.classes[667].tag == table.classes[400].tag == "graduation"  # mortarboard, academic gown
    assert {table.classes[666].tag, table.classes[669].tag} == {"mortar and pestle", "mosquito net"}


@pytest.mark.parametrize(
    ("index", "label", "tag", "kind"),
    [
        (249, "malamute", "dog", "animal"),
        (967, "espresso", "coffee", "drink"),
        (978, "seashore", "beach", "scene"),
        (281, "tabby", "cat", "animal"),
        (963, "pizza", "pizza", "food"),
        (671, "mountain bike", "bicycle", "vehicle"),
        (970, "alp", "mountain", "scene"),
        (673, "mouse", "computer mouse", "electronics"),
        (726, "plane", "tools", "object"),  # the carpenter's plane, not an aircraft
        (404, "airliner", "airplane", "vehicle"),
        (948, "Granny Smith", "apple", "food"),
        (985, "daisy", "flower", "plant"),
        (983, "scuba diver", "scuba diver", "person"),
        (805, "soccer ball", "soccer", "sport"),
        (402, "acoustic guitar", "guitar", "music"),
    ],
)
def test_spot_checks(table, index: int, label: str, tag: str, kind: str) -> None:
    row = table.classes[index]
    assert (row.imagenet_label, row.tag, row.kind) == (label, tag, kind)


def test_parent_chain(table) -> None:
    assert table.ancestors("dog") == ("animal",)
    assert table.ancestors("chicken") == ("bird", "animal")
    assert table.ancestors("apple") == ("fruit",)
    assert table.kind_of("animal") == "animal" and table.kind_of("fruit") == "food"


def _probs(**by_label: float) -> np.ndarray:
    table = load_tag_table()
    probs = np.full(NUM_CLASSES, 1e-6)
    for label, p in by_label.items():
        probs[next(c.index for c in table.classes if c.imagenet_label == label.replace("_", " "))] = p
    return probs


def test_probabilities_of_one_tag_add_up_and_parents_follow(table) -> None:
    tags = tags_from_probs(_probs(Egyptian_cat=0.38, tabby=0.27, tiger_cat=0.22, lynx=0.05), table)
    assert [t.name for t in tags][:2] == ["cat", "animal"]
    assert tags[0].score == pytest.approx(0.87, abs=0.01) and tags[0].kind == "animal"
    assert tags[1].score == pytest.approx(0.92, abs=0.01)


def test_threshold_and_max_tags(table) -> None:
    probs = _probs(pizza=0.5, espresso=0.3, broccoli=0.05)
    assert [t.name for t in tags_from_probs(probs, table, threshold=0.1)] == ["pizza", "coffee", "food", "drink"]
    assert len(tags_from_probs(probs, table, threshold=0.0, max_tags=2)) == 2


def test_compose_caption(table) -> None:
    dog_beach = [ImageTag("dog", "animal", 0.8), ImageTag("beach", "scene", 0.5), ImageTag("animal", "animal", 0.8)]
    assert compose_caption(dog_beach, table) == "a dog on a beach"
    assert compose_caption([ImageTag("mountain", "scene", 0.5)], table) == "a mountain"
    assert compose_caption([ImageTag("apple", "food", 0.5)], table) == "an apple"
    assert compose_caption([], table) is None


def test_vocabulary_lookup() -> None:
    assert tags_in_text("Two puppies chase a sea lion on the sand") == ["dog", "seal", "beach"]
    assert mentions("dog", "A black dog runs") and mentions("bicycle", "a man rides his bike")
    assert not mentions("cat", "a catalog")
