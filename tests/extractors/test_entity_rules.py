"""Entity cleaning rules (extractors/entity_rules.py) on the kinds of error seen in MVSA captions."""
from __future__ import annotations

import pytest

from extractors.entity_rules import ALIASES, clean_entity, drop_reason, repair_label

TAG_LIST = "February Winter Rainy Stormy Windy Wednesday Evening Love Happy Positive Passionate Calm Fun UK"


def _clean(entity: str, label: str, caption: str) -> tuple[str, str] | None:
    start = caption.find(entity)
    return clean_entity(entity, label, caption, start if start >= 0 else None)


@pytest.mark.parametrize(("entity", "label", "caption", "reason"), [
    ("Calm Fun", "PERSON", TAG_LIST, "no first name"),
    ("Wicket Farm", "ORG", "Loved Green Wicket Farm Today Sunny", "title case"),
    ("Love", "WORK_OF_ART", TAG_LIST, "label"),
    ("OpISIS OpIceISIS", "PERSON", "London ISIS webmaster of OpISIS OpIceISIS", "glued hashtag"),
    ("Tudo já foi visto muito", "PERSON", "Nada de novo. Tudo já foi visto muito por aí.", "foreign"),
    ("SELL", "ORG", "Memphis council votes to DIG UP Confederate corpse, SELL statue off!!", "shouting"),
    ("PLY LSW BLEMISHED TIRE", "ORG", "25-10.50LL15 TURF 6 PLY LSW BLEMISHED TIRE", "shouting"),
    ("Bacon", "ORG", "I'm honestly kinda Outraged Bacon", "single word"),
    ("Valentine", "PERSON", "Perfect Valentine's Day! Inter on Thursday now", "cut name"),
    ("Throwin", "ORG", "Throwin it back to summer", "single word"),
    ("Will", "PERSON", "Will you come tonight", "common word"),  # a first name that is mostly a word
    ("Stuck Hoping", "PERSON", "Paralyzed vs. Stuck Hoping the difference", "no first name"),
    ("Moonlover", "PERSON", "This beer goes well with Ghost Bath's 'Moonlover'.", "no first name"),
    ("BFF", "ORG", "These wild ladies always help each other BFF's", "rare acronym"),
    ("Devoted", "GPE", "Hot, dark, and totally riveting, 5* review of Devoted!", "unknown place"),
    ("Islamic Nishapur", "GPE", "A rare Islamic Nishapur glazed bowl", "unknown place"),
    ("Dentist", "NORP", "Dentist body bag fury: Dad finds daughter", "unknown group"),
    ("Mowbray/Carlisle", "ORG", "Oliver Boot (Mowbray/Carlisle) RichardII.", "joined names"),
    ("Lisa & Bart", "ORG", "Before my ReferencePoint used 2 b Lisa & Bart, now", "joined names"),
    ("Outcast Popcorn", "ORG", "Puntuale come la morte, anche questa settimana arriva Outcast Popcorn!",
     "foreign caption"),
    ("Recognition Scheme", "ORG", "Proud to join the Recognition Scheme this year", "no organisation word"),
    ("Levi Stadium", "PERSON", "Tailgating outside Levi Stadium before the game", "not a person"),
    ("Chewbacca", "GPE", "Spotted Chewbacca at the mall", "unknown place"),
    ("Pope", "PERSON", "Pope says prayers for the victims", "no first name"),  # a title alone
    ("Angelina", "PERSON", "people should be idolizing Angelina Jolies talent", "cut name"),
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
    ("Harry", "PERSON", "Harry telling us to stomp", ("harry", "PERSON")),  # a first name alone
    ("MacKay", "PERSON", "MacKay's quip could cause mistrial", ("mackay", "PERSON")),  # a surname alone
    ("Angela Merkel", "PERSON", "Obama met Angela Merkel in Berlin", ("angela merkel", "PERSON")),
    ("Kurdish", "NORP", "17 captured Kurdish soldiers", ("kurdish", "NORP")),
    ("Montreal", "GPE", "The slave who burned down Montreal", ("montreal", "GPE")),  # GeoNames: 'Montréal'
    ("Oakville", "ORG", "Man charged with impaired driving in Oakville", ("oakville", "GPE")),  # type repaired
    ("Sanders Studios", "ORG", "Make sure you are there! Sanders Studios tonight", ("sanders studios", "ORG")),
    ("Kiev", "GPE", "Protest in Kiev tonight", ("kiev", "GPE")),  # GeoNames 'Kyiv', a big city's alternate name
])
def test_keeps_names_and_merges_aliases(entity: str, label: str, caption: str, expected: tuple[str, str]) -> None:
    assert _clean(entity, label, caption) == expected


def test_aliases_map_to_names_that_are_not_aliases_themselves() -> None:
    assert not set(ALIASES.values()) & set(ALIASES)


@pytest.mark.parametrize(("entity", "label", "expected"), [
    ("Oakville", "ORG", "GPE"),  # a GeoNames city typed as ORG
    ("King's Lynn", "ORG", "GPE"),
    ("Las Vegas", "PERSON", "GPE"),
    ("Kanye", "PERSON", "PERSON"),  # a one-word PERSON that is also a town is left alone
    ("HIMS", "ORG", "ORG"),  # all-caps: an acronym before a town
    ("Lion", "ORG", "ORG"),  # an English word before a town
    ("Oceania", "ORG", "LOC"),  # a continent
    ("Cathy", "GPE", "PERSON"),  # no place of that name, a first name
    ("Justin Bieber", "ORG", "PERSON"),  # first name + uncommon capitalised word
    ("Crystal Palace", "ORG", "ORG"),  # 'Palace' is a common word: no person
    ("Shirley", "PERSON", "PERSON"),  # a place too, but a first name first
    ("MacKay", "PERSON", "PERSON"),  # a place too, but a Mc/Mac surname
    ("Jersey", "PERSON", "PERSON"),  # a common word: no place repair (then dropped: no first name)
    ("Paris", "GPE", "GPE"),
    ("Viktoriya & Viktoriia", "ORG", "ORG"),  # two names: left to the 'joined names' rule
])
def test_repairs_the_type_of_well_known_names(entity: str, label: str, expected: str) -> None:
    assert repair_label(entity, label) == expected


# Rules version 7 (written after looking at the third blind sample's errors; that sample is dev for version 7)
@pytest.mark.parametrize(
    ("entity", "label", "caption", "expected"),
    [
        # a well-known place whose first word is common, in running text and in a title-cased caption
        ("New York", "GPE", "Disgraced joshradnor New York, just the greatest city on earth", ("new york", "GPE")),
        ("New Zealand", "GPE", "Hiking in New Zealand is the best", ("new zealand", "GPE")),
        ("Great Britain", "GPE", "Team Great Britain wins gold", ("united kingdom", "GPE")),
        ("United States", "GPE", "Back in the United States after a year away", ("united states", "GPE")),
        # a group word before the capitalised noun it describes
        ("Iranian", "NORP", "Over 2500 Iranian Refugees in the camp that we have abandoned", ("iranian", "NORP")),
        ("Muslim", "NORP", "The Muslim Americans who campaigned to rebuild burned black churches", ("muslim", "NORP")),
    ],
)
def test_version_7_keeps_known_places_and_group_words(entity: str, label: str, caption: str,
                                                      expected: tuple[str, str]) -> None:
    assert clean_entity(entity, label, caption, caption.find(entity)) == expected


def test_version_7_drops_a_name_cut_from_a_day_in_lower_case() -> None:
    caption = "Stumped for Valentine's day ideas? Here's the last minute guide"
    assert drop_reason("Valentine", "PERSON", caption, caption.find("Valentine")) == "cut name"


def test_version_7_still_drops_an_unknown_place_of_common_words_in_a_title_cased_caption() -> None:
    caption = "Great Deals On Best Home Decor Today"
    assert clean_entity("Best Home", "GPE", caption, caption.find("Best Home")) is None


# Rules version 8 (written after looking at all four labelled samples' errors; all four are dev for version 8)
@pytest.mark.parametrize(("entity", "label", "caption"), [
    # a caption mostly in another script: the English model reads its few Latin words as names
    ("New Orleans", "GPE", "今日は友達と一緒にライブに行ってきました本当に楽しかったです New Orleans 最高の夜でした"),
    ("Berlin", "GPE", "Сегодня мы гуляли по городу и смотрели на старые дома Berlin"),
    # a span ending on a joiner: the first of two joined names, cut before the second (in a title-cased caption,
    # where a capitalised word after the span says nothing)
    ("James Stewart &", "PERSON", "James Stewart & Grace Kelly, Rear Window 1954"),
    ("Marilyn Monroe &", "PERSON", "Marilyn Monroe & Jane Russell Publicity Photo Original"),
    # the bare shape of a group word in a title-cased caption: an English adjective, not a group
    ("Nostalgic", "NORP", "Feeling Nostalgic After My First Marathon Today"),
])
def test_version_8_drops_names_from_other_scripts_joiner_ends_and_title_cased_adjectives(
        entity: str, label: str, caption: str) -> None:
    assert _clean(entity, label, caption) is None


@pytest.mark.parametrize(("entity", "label", "caption", "expected"), [
    # a few words of another script in an English caption do not silence it
    ("Tokyo", "GPE", "Landed in Tokyo this morning and had the best ramen of my life 東京", ("tokyo", "GPE")),
    # a group word of the same shape outside a title-cased caption, and a country's demonym in one
    ("Kurdish", "NORP", "Reports say the Kurdish fighters held the town overnight", ("kurdish", "NORP")),
    ("Egyptian", "NORP", "Handmade Black Egyptian Amber Necklace Gift For Her", ("egyptian", "NORP")),
    # two names joined inside one span are still dropped as joined names, not as a dangling joiner
    ("Audrey Hepburn", "PERSON", "Audrey Hepburn & George Peppard in Breakfast at Tiffany's, 1961.",
     ("audrey hepburn", "PERSON")),
])
def test_version_8_keeps_what_its_rules_must_not_reach(entity: str, label: str, caption: str,
                                                       expected: tuple[str, str]) -> None:
    assert _clean(entity, label, caption) == expected


@pytest.mark.parametrize(("entity", "label", "caption", "reason"), [
    # a word with a digit is no part of a person's name: a title, a product or a longer span
    ("Jack Reacher 2", "PERSON", "We are going to see Jack Reacher 2 at the cinema tonight", "not a person"),
    # a spaced dash inside the span joins a name to what follows it (a song, a quote)
    ("Norah Jones - Sunrise", "PERSON", "Now playing: Norah Jones - Sunrise on the morning show", "joined names"),
    # a FAC of several words without a facility word is an event or a name ('Glastonbury Festival')
    ("Glastonbury Festival", "FAC", "Camping at Glastonbury Festival with my friends this year", "no facility word"),
])
def test_version_8_drops_digits_in_people_spaced_dashes_and_facilities_without_a_facility_word(
        entity: str, label: str, caption: str, reason: str) -> None:
    assert drop_reason(entity, repair_label(entity, label), caption, caption.find(entity)) == reason


def test_version_8_does_not_make_a_company_a_place_through_a_town_abroad() -> None:
    # Hitachi is a Japanese city of 15,000+, but a one-word name is relabelled a place only when the place is
    # familiar in English (a country, a US state, a city of 500,000+ or of an English-speaking country)
    assert repair_label("Hitachi", "ORG") == "ORG"
    assert _clean("Hitachi", "ORG", "Hitachi unveils a new high speed train for the line") is None
    assert repair_label("Oakville", "ORG") == "GPE"  # a town of an English-speaking country still is one


def test_version_8_repairs_a_person_read_as_a_facility() -> None:
    assert repair_label("Jessica Chastain", "FAC") == "PERSON"
    assert _clean("Jessica Chastain", "FAC", "Sat next to Jessica Chastain on the plane yesterday") == (
        "jessica chastain", "PERSON")


# Rules version 9 (written after looking at all five labelled samples' errors and at unlabelled SemEval tweets;
# all five samples are dev for version 9)
@pytest.mark.parametrize(("entity", "label", "caption", "reason"), [
    # a possessive after 'Happy' is a day or an occasion, even without the word 'Day'
    ("Valentine", "PERSON", "Happy Valentine's everyone, from all of us", "cut name"),
    # in a caption written in capitals, a two-letter function word or contraction is a word, not an acronym
    ("US", "GPE", "PLEASE HELP US FIND OUR LOST DOG TONIGHT", "shouting"),
    ("IM", "ORG", "IM SO DONE WITH THIS WEEK", "shouting"),
    # a span that starts on a dash or holds a lone quote mark, or repeats a word, runs into the text around a name
    ("--Bruce Lee", "PERSON", "Be water, my friend. --Bruce Lee", "cut name"),
    ("NHS NHS Trusts '", "ORG", "NHS NHS Trusts 'struggling' with winter demand", "cut name"),
    # a two-letter capital pair is an abbreviation ('MT' Mount) as often as a body: no excuse for a missing
    # organisation word
    ("MT Olive Grove", "ORG", "Walking up MT Olive Grove this morning with the dogs", "no organisation word"),
])
def test_version_9_drops_days_after_happy_shouted_small_words_stray_marks_and_abbreviated_orgs(
        entity: str, label: str, caption: str, reason: str) -> None:
    assert drop_reason(entity, repair_label(entity, label), caption, caption.find(entity)) == reason


@pytest.mark.parametrize(("entity", "label", "caption", "expected"), [
    # a demonym built on a distinctive word of a country's name ('Saudi Arabia', 'South Korea')
    ("Saudis", "NORP", "Saudis celebrated the win in the streets", ("saudis", "NORP")),
    ("Koreans", "NORP", "Thousands of Koreans lined the road", ("koreans", "NORP")),
    # a CamelCase brand spelled as one frequent word is no glued hashtag
    ("YouTube", "ORG", "Watched the whole concert on YouTube last night", ("youtube", "ORG")),
    # a one-word PERSON used as a name across languages and a census surname, mid-sentence: no first name needed
    ("Federer", "PERSON", "Nobody on the tour plays like Federer this season", ("federer", "PERSON")),
    # a two-letter place in capitals that is no English word stays a place in a shouted caption
    ("UK", "GPE", "BREAKING NEWS FROM THE UK TONIGHT", ("united kingdom", "GPE")),
    # and a well-known acronym of three letters still excuses a missing organisation word
    ("CNN Money", "ORG", "I read CNN Money every day", ("cnn money", "ORG")),
])
def test_version_9_keeps_demonyms_brands_and_international_surnames(entity: str, label: str, caption: str,
                                                                    expected: tuple[str, str]) -> None:
    assert _clean(entity, label, caption) == expected


@pytest.mark.parametrize(("entity", "caption"), [
    ("Gang", "The army burnt homes. Gang members fled the town."),  # a sentence's first word: the capital says nothing
    ("Khan", "Genghis Khan was a ruler of the steppe"),  # the end of a longer name
    ("Hamilton", "I met josh Hamilton at the game"),  # after a first name written in lower case
    ("Grammy", "Wish my Grammy was here to see this"),  # after a determiner: a noun
])
def test_version_9_international_name_needs_a_capital_that_means_something(entity: str, caption: str) -> None:
    assert _clean(entity, "PERSON", caption) is None


def test_version_9_still_drops_hashtag_words_glued_together() -> None:
    assert drop_reason("RightSector", "ORG", "Fighters of RightSector said", 12) == "glued hashtag"
    assert drop_reason("INtense", "NORP", "colour INtense pigment powder", 7) == "glued hashtag"
