"""Entity cleaning rules (extractors/entity_rules.py) on the kinds of error seen in MVSA captions."""
from __future__ import annotations

import pytest

from extractors.entity_rules import ALIASES, clean_entity, drop_reason

TAG_LIST = "February Winter Rainy Stormy Windy Wednesday Evening Love Happy Positive Passionate Calm Fun UK"


def _clean(entity: str, label: str, caption: str) -> tuple[str, str] | None:
    start = caption.find(entity)
    return clean_entity(entity, label, caption, start if start >= 0 else None)


@pytest.mark.parametrize(("entity", "label", "caption", "reason"), [
    ("Calm Fun", "PERSON", TAG_LIST, "title case"),
    ("Love", "WORK_OF_ART", TAG_LIST, "label"),
    ("OpISIS OpIceISIS", "PERSON", "London ISIS webmaster of OpISIS OpIceISIS", "glued hashtag"),
    ("Tudo já foi visto muito", "PERSON", "Nada de novo. Tudo já foi visto muito por aí.", "foreign"),
    ("SELL", "ORG", "Memphis council votes to DIG UP Confederate corpse, SELL statue off!!", "shouting"),
    ("PLY LSW BLEMISHED TIRE", "ORG", "25-10.50LL15 TURF 6 PLY LSW BLEMISHED TIRE", "shouting"),
    ("Bacon", "ORG", "I'm honestly kinda Outraged Bacon", "single word"),
    ("Valentine", "PERSON", "Perfect Valentine's Day! Inter on Thursday now", "single word"),
    ("Angelina", "GPE", "people should be idolizing Angelina Jolies talent", "cut name"),
    ("Kno One", "WORK_OF_ART", "new song, Kno One.", "label"),
    ("開店二時間前", "PERSON", "開店二時間前から並んで", "script"),
])
def test_drops_each_kind_of_error(entity: str, label: str, caption: str, reason: str) -> None:
    start = caption.find(entity)
    assert drop_reason(entity, label, caption, start) == reason
    assert _clean(entity, label, caption) is None


@pytest.mark.parametrize(("entity", "label", "caption", "expected"), [
    ("David Sullivan", "PERSON", "Footage of furious West Ham fans abusing owner David Sullivan after defeat!",
     ("david sullivan", "PERSON")),
    ("UK", "GPE", TAG_LIST, ("united kingdom", "GPE")),  # an acronym in a tag list is still a place
    ("Srinagar", "GPE", "a deserted road during curfew in Srinagar", ("srinagar", "GPE")),
    ("ISIS", "ORG", "Reports that ISIS destroyed 12 homes in Sirte", ("isis", "ORG")),
    ("Albert Einstein's", "PERSON", "Albert Einstein's theory on the existence of evil.",
     ("albert einstein", "PERSON")),
    ("U.S.", "GPE", "Flights to the U.S. resume", ("united states", "GPE")),
    ("London", "GPE", "Great Criminal Chase, London 1902", ("london", "GPE")),  # common because famous
])
def test_keeps_names_and_merges_aliases(entity: str, label: str, caption: str, expected: tuple[str, str]) -> None:
    assert _clean(entity, label, caption) == expected


def test_aliases_map_to_names_that_are_not_aliases_themselves() -> None:
    assert not set(ALIASES.values()) & set(ALIASES)
