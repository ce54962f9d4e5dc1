"""Two values named together: side by side ("food or travel", "dogs vs cats"), or shown in one photo ("a dog at the
beach", "both a cat and a person")."""
from __future__ import annotations

import re

from agent.grounding import word_forms
from agent.parse_state import ParseState
from agent.plan import Filter
from agent.slots.common import Rule, registrar

RULES: list[Rule] = []
rule = registrar(RULES)

COMPARE_WITH = r"(?:or|vs|versus|compared to|compared with|and)"
VALUE_TARGETS = {"Topic": "topic", "Tag": "tag", "Tag.kind": "kind", "Entity": "entity"}


@rule(r"(?<![\w#@])(?:about |of |with )?(?:the |my )?(?P<v>[\w][\w'.-]* [\w][\w'.-]*) " + COMPARE_WITH
      + r" (?:about |of |with )?(?:the |my |a |an |any |some )?(?P<w>[#@]?[\w][\w'.-]*)(?: (?:posts?|photos?|stuff"
      r"|ones|topics))?\b")
def _compared_two_word_name(m: re.Match[str], s: ParseState) -> bool:
    """A name of two words compared with one of one word ("rainy stormy or art", a topic of the graph named by two
    words): both compared, when the two words are one name of the same kind as the other (else the one-word pair
    below reads it)."""
    if not s.comparing:
        return False
    order = _targets(m.string)
    for target in order:
        first, second = s.facts.name(m.group("v"), target), s.facts.name(m.group("w"), target)
        if first is not None and second is not None and first != second and " " in first:
            s.add_filter(Filter(VALUE_TARGETS[target], first))
            s.add_filter(Filter(VALUE_TARGETS[target], second))
            return True
    return False


@rule(r"(?<![\w#@])(?:about |of |with |(?:mention|mentions|mentioned|mentioning|naming) )?(?:the |my )?"
      r"(?P<v>[#@]?[\w][\w'.-]*) " + COMPARE_WITH + r" (?:about |of |with )?(?:the |my |a |an |any |some )?"
      r"(?P<w>[#@]?[\w][\w'.-]*)(?: (?:posts?|photos?|stuff|ones|topics))?\b")
def _compared_pair(m: re.Match[str], s: ParseState) -> bool:
    """Two names of one kind joined by or / vs / compared to / and in a comparison: both compared. Names of what
    photos show come first when the question is about photos, topics otherwise."""
    if not s.comparing:
        return False
    signs = {m.group("v")[0], m.group("w")[0]}
    if signs <= {"#", "@"}:
        return len(signs) == 1 and _signed_pair(m.group("v"), m.group("w"), s)
    order = _targets(m.string)
    for target in order:
        first, second = s.facts.name(m.group("v"), target), s.facts.name(m.group("w"), target)
        if target == "Entity" and not (_said(m.group("v"), first) and _said(m.group("w"), second)):
            continue  # a name of any kind guessed from a close spelling ('storm': the hashtag #stormy) is no reading
        if first is not None and second is not None and first != second:
            s.add_filter(Filter(VALUE_TARGETS[target], first))
            s.add_filter(Filter(VALUE_TARGETS[target], second))
            return True
    return False


def _targets(question: str) -> tuple[str, ...]:
    """The kinds of name two compared words are tried as, in order: what photos show first when the question is about
    photos, topics otherwise."""
    return ("Tag", "Tag.kind", "Topic", "Entity") if re.search(r"\bphotos?\b", question) else \
        ("Topic", "Tag", "Tag.kind", "Entity")


def _said(word: str, name: str | None) -> bool:
    """`name` is `word` as typed, or its plural, possessive or synonym form (not a close spelling)."""
    return name is not None and name.lower() in word_forms(word.lstrip("#@"))


@rule(r"(?:\b(?:and )?how many (?:of )?|(?<=~ )of |\band (?:the )?(?:counts?|numbers?) (?:of|for) )(?:each|both)"
      r"(?: one| of them| of the two)?$")
def _how_many_of_each(m: re.Match[str], s: ParseState) -> bool:
    """'dogs or horses - how many of each?': the two names compared, each with its count (parser.COMPARE_CUE
    reads 'of each' as a comparison)."""
    return s.comparing


SIGNED_LABELS = {"#": "HASHTAG", "@": "MENTION"}


def _signed_pair(first_word: str, second_word: str, s: ParseState) -> bool:
    """'#travel or #nature', '@anna vs @tom': two hashtags (accounts) compared, never the topics or names of any
    kind that share their words; both must be used as such in the graph."""
    label = SIGNED_LABELS[first_word[0]]
    first, second = s.facts.name(first_word, "Entity"), s.facts.name(second_word, "Entity")
    if first is None or second is None or first == second \
            or not all(label in s.facts.details("Entity", name) for name in (first, second)):
        return False
    s.add_filter(Filter("entity", first))
    s.add_filter(Filter("entity", second))
    s.add_filter(Filter("entity_label", label))
    s.signed += [label, label]
    return True


ARTICLE = r"(?:a |an |the |some |my )?"
WORD = r"[\w][\w'.-]*"
IN_ONE_PHOTO = (r"(?:together|at the same time|in the same (?:photo|picture|image|shot|pic|frame)"
                r"|in one (?:photo|picture|image|shot|pic))")


def _shown(word: str, s: ParseState) -> tuple[str, str] | None:
    """(filter field, graph name) of a thing photos show: a tag, else a kind of tag ('animals')."""
    for target, field in (("Tag", "tag"), ("Tag.kind", "kind")):
        name = s.facts.name(word, target)
        if name is not None:
            return field, name
    return None


def _together(s: ParseState, *things: tuple[str, str] | None) -> bool:
    """Each thing a filter of its own, all on one photo (ParseState.together); not two of the same thing, and not
    inside a comparison."""
    named = [t for t in things if t is not None]
    if len(named) < len(things) or len(set(named)) < len(named) or s.comparing:
        return False
    s.together = True
    for field, name in named:
        s.add_filter(Filter(field, name))
    return True


def _named_both(s: ParseState, first_word: str, second_word: str, targets: tuple[str, ...]) -> bool:
    """Two names of one kind (people, places, topics) every post must have ('posts that mention both Max and
    Sarah'): a filter each, noted as all of them (ParseState.both); not inside a comparison."""
    if s.comparing:
        return False
    for target in targets:
        first, second = s.facts.name(first_word, target), s.facts.name(second_word, target)
        if first is not None and second is not None and first != second:
            s.both = True
            s.add_filter(Filter(VALUE_TARGETS[target], first))
            s.add_filter(Filter(VALUE_TARGETS[target], second))
            return True
    return False


@rule(r"\b(?:(?:mention|mentions|mentioned|mentioning|name|names|named|naming) )?(?P<about>about )?both " + ARTICLE
      + r"(?P<v>" + WORD + r") (?:and|&) " + ARTICLE + r"(?P<w>" + WORD + r")\b")
def _both(m: re.Match[str], s: ParseState) -> bool:
    """'photos with both a cat and a person': one photo shows both; 'posts that mention both Max and Sarah', 'about
    both hiking and food': posts that have both names (topics first after 'about')."""
    if not m.group("about") and _together(s, _shown(m.group("v"), s), _shown(m.group("w"), s)):
        return True
    targets = ("Topic", "Entity") if m.group("about") else ("Entity", "Topic")
    return _named_both(s, m.group("v"), m.group("w"), targets)


@rule(r"\b(?:mention|mentions|mentioned|mentioning|name|names|named|naming) (?P<v>" + WORD + r") (?:and also|as well"
      r" as|and|&|plus) (?P<w>" + WORD + r")\b(?! (?:posts?|photos?|topics?|in the same))")
def _mentions_both(m: re.Match[str], s: ParseState) -> bool:
    """'posts that mention Max and Sarah', 'naming Berlin as well as Paris': posts naming both (names the captions
    hold; 'or' is either, agent/parser.py `_either`)."""
    return _named_both(s, m.group("v"), m.group("w"), ("Entity",))


@rule(r"\b" + ARTICLE + r"(?P<v>" + WORD + r") (?:and|&|with|plus) " + ARTICLE + r"(?P<w>" + WORD + r") "
      + IN_ONE_PHOTO)
def _in_one_photo(m: re.Match[str], s: ParseState) -> bool:
    """'a dog and a person in the same photo', 'cats and dogs together': one photo shows both."""
    return _together(s, _shown(m.group("v"), s), _shown(m.group("w"), s))


@rule(r"\b" + ARTICLE + r"(?P<v>" + WORD + r") (?:at|on|in) the (?P<w>" + WORD + r")\b")
def _at_a_scene(m: re.Match[str], s: ParseState) -> bool:
    """'a dog at the beach', 'animals in the snow': a thing and the scene it is in, both shown in one photo (only a
    scene tag after 'at / on / in the'; 'posts in the travel topic' and the like stay other slots')."""
    thing, scene = _shown(m.group("v"), s), s.facts.name(m.group("w"), "Tag")
    if thing is None or scene is None or "scene" not in s.facts.details("Tag", scene) \
            or (thing[0] == "tag" and "scene" in s.facts.details("Tag", thing[1])):
        return False
    return _together(s, thing, ("tag", scene))
