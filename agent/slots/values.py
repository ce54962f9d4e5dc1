"""Values: topics, entities, tags (with their negations), absent parts and averages."""
from __future__ import annotations

import re
from collections.abc import Callable

from agent.absent import missing_filter
from agent.parse_state import ParseState
from agent.plan import COUNT, Filter
from agent.slots.common import FIELD_TARGETS, NEG_AUX, ONE, VAL, VAL2, Rule, registrar, set_limit
from agent.slots.comparison import VALUE_TARGETS
from agent.slots.subjects import SUBJECTS

RULES: list[Rule] = []
rule = registrar(RULES)

# a second word that only says which occasion of the first ("valentines day", "christmas eve", "birthday party",
# "berlin trip"): when the two words name nothing, the first word's name is meant
OCCASION = frozenset({"day", "days", "eve", "night", "nights", "weekend", "weekends", "holiday", "holidays", "party",
                      "parties", "trip", "trips"})


def _value(m: re.Match[str], s: ParseState, targets: tuple[str, ...]) -> tuple[str, str, str] | None:
    """(target, graph name, words used) for the match's value: two words if they name something, else one (a
    two-word value whose second word is an OCCASION is its first word's name, both words used)."""
    first, second = m.group("v"), m.groupdict().get("v2")
    for words in [f"{first} {second}"] if second else [first]:
        for target in targets:
            name = s.facts.name(words, target)
            if name is not None:
                return target, name, words
    if second in OCCASION:
        for target in targets:
            name = s.facts.name(first, target)
            if name is not None:
                return target, name, f"{first} {second}"
    return None


def value_rule(targets: tuple[str, ...], negated_by: str = "neg", label: str | None = None,
                absent_ok: bool = False) -> Callable[..., bool]:
    """A value slot. With `absent_ok` (a slot whose grammar demands a name) a one-word value the graph does not hold
    is kept as a `missing` filter (agent/absent.py) instead of leaving the words to the LLM."""
    def handler(m: re.Match[str], s: ParseState) -> bool:
        if m.group("v").startswith(("#", "@")):
            if "Entity" not in targets:
                return False  # "dog pics without #dogsofinstagram": a hashtag, never a photo tag or a topic
            found = _value(m, s, ("Entity",))
        else:
            found = _value(m, s, targets)
        negated = bool(m.groupdict().get(negated_by))
        if found is None:
            return absent_ok and _missing_value(m, s, targets, negated, label)
        target, name, words = found
        if target == "Tag" and s.facts.name(words, "Tag.kind") is not None and _plural_class(words, name):
            target, name = "Tag.kind", s.facts.name(words, "Tag.kind") or name  # "photos of vehicles": the kind
        field = {"Topic": "topic", "Entity": "entity", "Tag": "tag", "Tag.kind": "kind"}[target]
        s.add_filter(Filter(field, name, negated))
        if target == "Entity":
            details = set(s.facts.details("Entity", name))
            wanted = label or ("HASHTAG" if m.group("v").startswith("#") else
                               "MENTION" if m.group("v").startswith("@") else None)
            if wanted and wanted not in details:
                return False
            if s.comparing and m.group("v").startswith(("#", "@")):
                s.signed.append(wanted)
            if wanted or len(details) == 1:
                s.add_filter(Filter("entity_label", wanted or next(iter(details))))
        return True
    return handler


def _plural_class(words: str, name: str) -> bool:
    """'vehicles' names the kind of tag 'vehicle' (every vehicle) even where a Tag is also called 'vehicle';
    'a vehicle' names the tag."""
    return words != name and words.rstrip("s") == name and not words.endswith("ss")


def _missing_value(m: re.Match[str], s: ParseState, targets: tuple[str, ...], negated: bool,
                   label: str | None) -> bool:
    if m.groupdict().get("v2"):
        return False  # two-word values the graph lacks are not guessed: the one-word form of the slot may try
    word = m.group("v")
    if targets[0] in ("Tag", "Tag.kind") and any(s.facts.name(word, kind) is not None for kind in ("Entity", "Topic")):
        return False  # "beach photos without Max": not a photo tag the graph lacks, but the name it holds
    field = {"Topic": "topic", "Entity": "entity", "Tag": "tag", "Tag.kind": "tag"}[targets[0]]
    flt = missing_filter(s.facts, word, field, negated)
    if flt is None:
        return False
    s.add_filter(flt)
    wanted = label or ("HASHTAG" if word.startswith("#") else "MENTION" if word.startswith("@") else None)
    if field == "entity" and wanted:
        s.add_filter(Filter("entity_label", wanted))
    return True


def _not_a_command(handler: Callable[..., bool]) -> Callable[..., bool]:
    """'show X' at the start of a question is the command "show me", not the verb of a photo: a value the graph
    lacks is only taken after a subject ("photos that show X")."""
    def guarded(m: re.Match[str], s: ParseState) -> bool:
        if m.start() == 0 and _value(m, s, TAGS) is None:
            return False
        return handler(m, s)
    return guarded


TAGS = ("Tag", "Tag.kind")


@rule(r"\b(?P<neg>(?:do|does|did) not |never )?(?:mention|mentions|mentioned|mentioning|name|names|named|naming) "
      r"(?:a |an |any |some |my )?(?:(?P<who>person|people|persons|someone|somebody|anyone|anybody|friends?|buddy"
      r"|pal|mate)"
      r"|(?P<gpe>city|cities|country|countries|citty)(?! (?:i|you)\b)"
      r"|(?:place|places|location|locations|somewhere|anywhere)(?! (?:i|you)\b))\b")
def _mentions_a_person(m: re.Match[str], s: ParseState) -> bool:
    """'how many posts mention a person?': posts naming anyone (an entity labelled PERSON); 'a place' or 'a city':
    posts naming any place (graph/queries/posts.py LABEL_GROUPS); negated, the LLM."""
    if m.group("neg"):
        return False
    # a city or a country is a geopolitical entity (GPE); a place may also be a mountain or a lake (LOC)
    s.add_filter(Filter("label", "PERSON" if m.group("who") else "GPE" if m.group("gpe") else "PLACE"))
    return True


def _none_of(handler: Callable[..., bool]) -> Callable[..., bool]:
    """A value said as what no post has ("years without a single café post"): for years and months, the buckets
    none of whose posts has it (plan note buckets=none), not the buckets holding some post without it."""
    def marked(m: re.Match[str], s: ParseState) -> bool:
        if not handler(m, s):
            return False
        s.none_of = True
        return True
    return marked


# "in which months did I not write about cycling", "years without a single café post", "years that have zero
# posts on the café theme": a value denied, said of every post
for pattern, targets in (
    (r"\b(?:(?:did|do|have|had|when) )?i (?P<neg>not|never|did not|have not) "
     r"(?:post|posted|write|wrote|written|share|shared)(?: anything| a thing| something| a post| any posts?)? "
     r"(?:about|on) (?:the |my )?" + VAL + r"(?: topic| theme)?\b", ("Topic", "Entity")),
    (r"\b(?P<neg>without|with no|with zero|(?:have|has|had) (?:no|zero)|(?:were|was) there (?:no|zero)"
     r"|there (?:were|was) (?:no|zero)) (?:a single |any |one |even one )?" + VAL
     + r" posts?\b", ("Topic", "Tag", "Tag.kind")),
    (r"\b(?:have|has|had|with) (?P<neg>no|zero) posts? (?:on|about) (?:the |my )?" + VAL + r"(?: theme| topic)?\b",
     ("Topic",)),
    # "months with no dog pic", "which years did I not post any picture of my dog": no photo of theirs shows it
    (r"\b(?P<neg>without|with no|with zero|(?:have|has|had) (?:no|zero)|(?:were|was) there (?:no|zero)"
     r"|there (?:were|was) (?:no|zero)) (?:a single |any |one |even one )?" + VAL
     + r" (?:photos?|pictures?|pics|images?|fotos?|shots?)\b", TAGS),
    (r"\b(?:(?:did|do|have|had|when) )?i (?P<neg>not|never|did not|have not) (?:post|posted|share|shared)"
     r"(?: any| a| a single| one)? (?:photos?|pictures?|pics|images?|fotos?|shots?) (?:of|showing|with) "
     r"(?:a |an |any |my )?" + VAL + r"\b", TAGS),
    (r"\b(?:(?:did|do|have|had|when) )?i (?P<neg>not|never|did not|have not) (?:post|posted|share|shared)"
     r"(?: any| a| a single| one)? " + VAL + r" (?:photos?|pictures?|pics|images?|fotos?|shots?)\b", TAGS),
):
    for form in (VAL2, ONE):
        RULES.append((re.compile(pattern.replace(VAL, form)), _none_of(value_rule(targets))))


@rule(r"\b(?:(?:had|have|has|with|were there|was there|there (?:were|was)) )?(?:no|zero) posts?(?: at all)?"
      r"(?! (?:about|on|with|of|from|mentioning|showing)\b)"
      r"|\b(?:(?:did|do|have|had) )?i (?:have |had )?(?:not|never|did not|have not)(?: ever)? (?:post|posted|share"
      r"|shared|write|wrote)(?: anything| a thing| a single (?:thing|post)| any posts?| at all)*"
      r"(?: on(?=(?: like)? ever$|$)|(?! (?:about|on|with|of)\b))(?:(?: like)? ever)?(?= in\b|$)"
      r"|\b(?:(?:did|do) )?i (?:post|posted|share|shared|write|wrote) nothing(?: at all)?(?= in\b|$)"
      r"|\b(?:(?:did|do) )?i (?:skip|skipped|miss|missed) (?:posting|sharing|uploading)"
      r"(?: completely| entirely| altogether| at all)?(?= in\b|$)")
def _no_posts_at_all(m: re.Match[str], s: ParseState) -> bool:
    """'which months of 2021 had no posts (at all)', 'which years did I not post anything': the time buckets with no
    post at all (plan note buckets=empty; compiled only for months of one year, and years)."""
    s.empty = True
    return True


NAMED_LABELS = ("PERSON", "GPE", "LOC", "ORG")
TOPIC_OR_NAMED = ("Topic", "named")


def _named(m: re.Match[str], s: ParseState) -> bool:
    """'berlin posts', 'about Rome' where no topic has the name: a person, place or organisation the captions name
    (never a hashtag or an @account spelt as a word: '#my' is no reason to read 'my posts' as a name)."""
    if m.group("v").startswith(("#", "@")) or m.group("v") in SUBJECTS:
        return False
    found = _value(m, s, ("Entity",))
    if found is None:
        return False
    labels = [label for label in NAMED_LABELS if label in set(s.facts.details("Entity", found[1]))]
    if not labels:
        return False
    s.add_filter(Filter("entity", found[1], bool(m.groupdict().get("neg"))))
    if len(labels) == 1:
        s.add_filter(Filter("entity_label", labels[0]))
    return True


def _topic_or_named(m: re.Match[str], s: ParseState) -> bool:
    """A topic; else a name the captions mention (`_named`, and the answer says no topic has the name); else the
    topic the graph lacks, said so."""
    if value_rule(("Topic",))(m, s):
        return True
    if _named(m, s):
        s.reading = s.reading or "about=named"
        return True
    return value_rule(("Topic",), absent_ok=True)(m, s)


# (pattern, targets, absent_ok): absent_ok where the grammar demands a name (see agent/absent.py)
for pattern, targets, absent_ok in (
    # "photos of my dog that are not beach photos", "a dog but no beach": what the photos show, denied
    (r"\b(?:are|is|were|was) (?P<neg>not) (?:a |an )?" + VAL + r" photos?\b", (*TAGS, "Topic"), False),
    (r"(?<=[\w~] )(?:but|and) (?P<neg>no|not(?: an?)?|without an?|without) " + VAL + r"\b(?! in\b)", TAGS, False),
    # "animal photos that are not cats": what the photos show, denied (a verdict or another word is not a tag)
    (r"\b(?:(?:that|which) )?(?:are|were) (?P<neg>not) (?:of )?(?:a |an )?" + VAL + r"\b(?! (?:photos?|pictures?)\b)",
     TAGS, False),
    # "dog pics that weren't taken at the beach": what the photos show, or the topic
    (r"\b(?P<neg>(?:(?:was|were|is|are) )?not )?(?:taken|shot|snapped) (?:at|on|in) (?:the |a )?" + VAL,
     ("Tag", "Topic"), False),
    # "which of them were by the sea", "which one was up in the mountains": where the photos were taken, as above
    (r"(?:\b(?:was|were|is|are) (?P<neg>not )?|(?<=~ ))(?:at|on|in|up in|out in|by) (?:the|a) " + VAL
     + r"\b(?! (?:topic|theme|one|1)s?\b)", ("Tag", "Topic"), False),
    # "in how many of them is there also a beach": what the photos show
    (r"(?:(?<=~ )(?:is|are) there (?:also |too )?|\b(?:is|are) there (?:also|too) )(?:a |an |any |some )?" + VAL,
     TAGS, False),
    # "posts that name Anna": the posts naming her (a name the graph holds: "name" is also a noun)
    (r"\b(?P<neg>(?:do|does|did) not |never |not )?(?:name|names|naming) (?:the )?" + VAL, ("Entity",), False),
    # "in which posts is Anna named": the posts naming her
    (r"\b(?:is|was|are|were|gets|got|get) (?:the )?" + VAL + r" (?:named|mentioned|referenced|brought up)\b",
     ("Entity",), False),
    # "the posts where Anna is named": the posts naming her
    (r"\b(?:where|in which|that|which|whose captions?) " + VAL + r" (?:is|was|gets|got|are|were) (?:named|mentioned"
     r"|referenced|brought up)\b", ("Entity",), False),
    # "the posts with Anna", "just the ones with Sam": the posts naming that person or place (what photos show is read
    # by the photo rules)
    (r"(?:(?<=\bposts )|(?<=\bpost )|(?<=\bones )|(?<=\bthose )|(?<=~ ))with " + VAL
     + r"\b(?! in (?:the |my |their |its |a )?(?:photos?|them|it)\b)",
     ("Entity",), False),
    # "anything I posted with Sam in it": the posts naming him, else what the photos show ("with snow in it"; after
    # a photo word, the photo rules read it)
    (r"(?<!picture )(?<!photo )(?<!pic )(?<!image )(?<!shot )(?<!photos )(?<!pics )\bwith " + VAL
     + r" in (?:it|them)\b", ("Tag", "Entity"), False),
    # "posts with my cat": a name, else what the photos show ("with an animal" stays the photo rules')
    (r"(?:(?<=\bposts )|(?<=\bpost ))with (?:my|our) " + VAL, ("Entity", "Tag"), False),
    # "posts with a cat", "how many posts have a dog": what their photos show (an article: a thing, not a name)
    (r"(?:(?<=\bposts )|(?<=\bpost ))(?:that |which )?(?:with|have|has|had) (?:a|an) " + VAL
     + r"\b(?! (?:caption|photo|picture|hashtag|mention)s?\b| in (?:the |their |its |a |my )?(?:photos?|them|it)\b)",
     TAGS, False),
    # "apart from the space stuff, how many posts": the posts without that value
    (r"\b(?P<neg>apart from|except(?: for)?|other than|excluding|besides|aside from|not counting|leaving out) "
     r"(?:the |my |any )?" + VAL + r"(?: posts?| stuff| ones| photos?)?\b", ("Topic", "Tag", "Tag.kind", "Entity"),
     False),
    # "an animal of any sort": the kind (before the photo verbs take the name as a tag)
    (r"\b" + NEG_AUX + r"(?:show|shows|showing|depict|depicts|depicting|contain|contains|containing|with|of|have|has)"
     r" (?:a |an |any )?" + VAL + r" of any (?:kind|type|sort)\b(?: in (?:them|it|the photos?))?", ("Tag.kind", "Tag"),
     False),
    # "photos where a dog shows up": what the photos show
    (r"(?:(?<=\bphoto )|(?<=\bphotos )|(?<=\bpost )|(?<=\bposts ))(?:where|in which|that|which) "
     r"(?:a |an |any |the |some |my )?" + VAL + r" (?:appear|appears|is seen|can be seen|shows up)\b", TAGS, False),
    # "some kind of vehicle": the kind (before the photo verbs take "kind" as a tag)
    (r"\b" + NEG_AUX + r"(?:show|shows|showing|depict|depicts|depicting|contain|contains|containing|include"
     r"|includes|including|with|of|have|has) (?:a |an |any |some )?(?:kind|type|sort)s? of (?:a |an )?" + VAL,
     ("Tag.kind",), False),
    (r"\b(?P<neg>without|with no) (?:the )?topic " + VAL, ("Topic",), True),
    (r"\b(?P<neg>without|with no|not in|not on) (?:the |a |any )?" + VAL + r" topic\b", ("Topic",), False),
    (r"\b(?P<neg>(?:have|has|had) nothing|(?:is|are|was|were) not|nothing) to do with (?:the |my )?" + VAL,
     ("Topic", "Tag", "Tag.kind"), False),
    # "the average for cycling", "what share of my posts is food"
    (r"\bfor (?:the |my )?(?:topic )?" + VAL + r"(?! (?:photos?|pictures?|pics?|images?|shots?)\b)", ("Topic",), False),
    (r"(?<=posts )(?:that )?(?:is|are|was|were) (?:about )?(?:the )?" + VAL + r"$", ("Topic",), False),
    # "talk about X": a topic, else a name the captions mention ("where I talk about Paris")
    (r"\b" + NEG_AUX + r"(?:talk|talks|talked|talking) (?:about|of) (?:the |my |our )?" + VAL, ("Topic", "Entity"),
     True),
    # "about Rome": a topic; where no topic has the name, a person, place or organisation the captions name
    (r"\b" + NEG_AUX + r"(?:about|on the topic|with the topic) (?:the |my |our )?" + VAL, TOPIC_OR_NAMED, True),
    # "the posts in the happiness theme": a topic the graph holds
    (r"\b(?P<neg>not )?(?:in|on|under) (?:the |my )?" + VAL + r" (?:theme|topic)\b", ("Topic",), False),
    # "the posts on art": a topic the graph holds (other things "on" a post are not guessed)
    (r"(?<=posts )on (?:the )?" + VAL + r"(?: topic)?\b", ("Topic",), False),
    # "pics not mentioning Rome" as "pics that do not mention Rome"
    (r"\b(?P<neg>(?:do|does|did) not |never |not )?(?:mention|mentions|mentioned|mentioning)(?: of)? (?:the )?" + VAL,
     ("Entity",), True),
    (r"\b(?P<neg>without) (?:a |any )?mention of (?:the )?" + VAL, ("Entity",), True),
    (r"\b" + NEG_AUX + r"(?:show|shows|showing|depict|depicts|depicting|contain|contains|containing|include"
     r"|includes|including) "
     r"(?:a |an |any |some )?" + VAL, TAGS, True),
    (r"\b(?:show|shows|showing) (?P<neg>no) " + VAL, TAGS, True),
    (r"\b(?:(?P<neg>without|with no|no|(?:do|does|did) not have)|with|have|has) (?:a |an |any |the |my |our )?" + VAL +
     r" in (?:(?:the |my |their |its |a )?photos?|them|it)\b", TAGS, True),
    # after "photo(s)", which stays for the subject slot ("how many photos which have a cat": photos are counted)
    (r"(?:(?<=\bphoto )|(?<=\bphotos ))(?:that |which )?(?:(?P<neg>(?:do|does|did) not have|has no|have no|had no"
     r"|with no|without)"
     r"|has|have|had|having|with) "
     r"(?:a |an |any |the )?" + VAL, TAGS, True),
    (r"\b(?:the |a |an |my )?" + VAL + r" (?:(?P<neg>is not|are not|was not|were not)|is|are|was|were) "
     r"(?:in|on) (?:the |a |their |its |my )?(?:photos?|them|it)\b", TAGS, False),
    # "posts that have no animals" (after the forms ending "in the photo")
    (r"\b(?:have|has|had) (?P<neg>no) " + VAL + r"(?: at all)?\b", TAGS, False),
    (r"\b(?P<neg>without) (?:a |an |any |the )?" + ONE + r"\b", (*TAGS, "Topic", "Entity"), False),
):
    for form in (VAL2, ONE) if VAL in pattern else (None,):
        handler = _topic_or_named if targets == TOPIC_OR_NAMED else value_rule(targets, absent_ok=absent_ok)
        RULES.append((re.compile(pattern.replace(VAL, form) if form else pattern),
                      _not_a_command(handler) if targets == TAGS and absent_ok else handler))


@rule(r"^(?:is|was|are|were) (?:the |my )?" + ONE + r" (?:something|anything|a thing|a topic|a subject) (?:that )?i "
      r"(?:have |had )?(?:ever )?(?:post|posted|write|wrote|written|talk|talked|share|shared) about$")
def _is_topic_i_post_about(m: re.Match[str], s: ParseState) -> bool:
    """'is cycling a topic I have written about?': a yes/no answered with the count of posts about the topic (one
    the graph lacks is answered as absent)."""
    if not value_rule(("Topic",), absent_ok=True)(m, s):
        return False
    if s.measure is None:
        s.measure = COUNT
    return True


@rule(r"\b(?:in|about|under|from|for) the " + ONE + r" (?:one|1)\b")
def _the_named_one(m: re.Match[str], s: ParseState) -> bool:
    """'and how many in the travel one?' (after topics were listed): the topic of that name."""
    return value_rule(("Topic",))(m, s)


@rule(r"\bphotos? (?:(?:that )?(?:are|is|were|was) )?of (?:a |an |my |the )?" + ONE)
def _photos_of(m: re.Match[str], s: ParseState) -> bool:
    if not value_rule(TAGS, absent_ok=True)(m, s):
        return False
    s.subject(m.start(), "images")
    return True


@rule(r"\b(?:(?:does|do|did) (?:a |an |any )?|(?:a|an|any) )" + ONE
      + r" (?:ever )?(?:appears?|appeared|shows? up|showed up) in(?:(?: the| my| any)? photos?\b|$)")
def _appears_in_photos(m: re.Match[str], s: ParseState) -> bool:
    """'how many photos does a car appear in', 'how often does a dog show up in my pics': what the photos show
    (one thing named with its article; 'which animals appear in my posts' asks for the things)."""
    return value_rule(TAGS)(m, s)


@rule(r"\b(?:(?:does|do|did) (?:a |an |any )?|(?:a|an|any) )" + ONE
      + r" (?:ever )?(?:appears?|appeared|shows? up|showed up) in (?:any|one) of (?:my|the) photos?\b")
def _appears_in_any_photo(m: re.Match[str], s: ParseState) -> bool:
    """'does a snake appear in any of my photos': whether one does (only once the question reads as a yes/no)."""
    return s.yes_no and value_rule(TAGS)(m, s)


@rule(r"\b(?:is|are) there (?:a |an |any )?" + ONE + r"(?: in (?:them|it))?\b")
def _there_is_in_photos(m: re.Match[str], s: ParseState) -> bool:
    """'in how many photos is there a car': what the photos show (only in a question about photos); asked first
    ('is there a horse in my pics?'), a yes/no the count answers."""
    about_photos = bool(re.search(r"\bphotos?\b", m.string)) or any(name == "images" for _, name, _ in s.subjects)
    if not (about_photos and value_rule(TAGS)(m, s)):
        return False
    if m.start() == 0 and s.measure is None:
        s.measure = COUNT
    return True


# "uses the hashtag X": a name (one the graph lacks is answered as absent); a bare "hashtag X" takes only a hashtag
# the graph holds ("which hashtag is used in the most posts": 'is' is no value)
for pattern, label, absent_ok in (
        # "posts without #berlin": the posts that do not carry it
        (r"(?:(?<=\s)|^)(?P<neg>without|not using|not tagged|not tagged with|no) (?:the )?(?:hashtag )?"
         + r"(?P<v>#[\w][\w'.-]*)", "HASHTAG", True),
        (r"\b(?:uses?|using|with|tagged|have|has) (?:the )?hashtag #?" + ONE, "HASHTAG", True),
        # ... but never a word of the sentence: "every hashtag that appears ..." ('that' may be a hashtag too)
        (r"\b(?:the )?hashtag (?!(?:that|which|who|whose|where|when|is|are|was|were|do|does|did|has|have|had|i|you"
         r"|with|in|on|of|for|and|or|appears?|appeared|shows?|comes?|used|gets?|got)\b)#?" + ONE, "HASHTAG", False),
        (r"(?:(?<=\s)|^)(?:with |tagged |using )?(?P<v>#[\w][\w'.-]*)", "HASHTAG", True),
        (r"(?:(?<=\s)|^)(?:with |tagged |tag )?(?P<v>@[\w][\w'.-]*)", "MENTION", True)):
    RULES.append((re.compile(pattern), value_rule(("Entity",), label=label, absent_ok=absent_ok)))

ABSENT_PARTS = {"photo": "image", "photos": "image", "topic": "topic", "topics": "topic", "hashtag": "hashtag",
                "hashtags": "hashtag", "mention": "mention", "mentions": "mention", "tag": "tag", "tags": "tag",
                "entities": "entity", "entity": "entity", "#": "hashtag", "": "mention", "caption": "caption",
                "captions": "caption"}


@rule(r"\b(?:(?:have|has|had|with) )?(?:no|zero|without(?: using| including| adding)?|lack|lacks|lacking"
      r"|(?:do|does|did) not (?:have|use|include|contain))(?: a single| a| an| any| even one| one)? "
      r"(?P<what>photos?|topics?|hashtags?|@?-?mentions?|tags?|entity|entities|captions?|#|@)"
      r"(?: attached| at all| in (?:them|it))?(?!\w)"
      r"|\b(?P<text>text[- ]only|caption[- ]only)\b|\b(?P<bare>uncaptioned|caption-?less)\b")
def _absent(m: re.Match[str], s: ParseState) -> bool:
    """'posts without a photo', 'no photos attached', 'text-only posts' (no photo), 'posts with no caption',
    'uncaptioned photos' (no caption the user wrote)."""
    what = "image" if m.group("text") else "caption" if m.group("bare") else ABSENT_PARTS[m.group("what").lstrip("@-")]
    s.add_filter(Filter("absent", what))
    return True


@rule(r"\b(?P<neg>not |non-?)?(?P<v>[\w][\w'.]*)[- ]related\b")
def _topic_related(m: re.Match[str], s: ParseState) -> bool:
    """'music related', 'not cycling-related': about a topic the graph holds."""
    return value_rule(("Topic",))(m, s)


PLACE_LABELS = ("GPE", "LOC")


def _place(m: re.Match[str], s: ParseState) -> bool:
    """'posts from Paris', 'the ones in Berlin', 'not in Tokyo': a place the captions name (GPE or LOC), nothing
    else the graph calls that ('from 2021' is a year; 'in the beach theme' a topic, read by their own slots)."""
    found = _value(m, s, ("Entity",))
    if found is None:
        return False
    name = found[1]
    said_as = set(s.facts.details("Entity", name))
    labels = [label for label in PLACE_LABELS if label in said_as]
    if not labels:
        return False
    s.add_filter(Filter("entity", name, bool(m.group("neg"))))
    if len(labels) == 1 and "HASHTAG" not in said_as:
        # a post tagged #Tokyo is from Tokyo too ("my cafe pics from Tokyo": a kissaten post that names the city
        # only by its hashtag had been left out)
        s.add_filter(Filter("entity_label", labels[0]))
    return True


for form in (VAL2, ONE):
    RULES.append((re.compile(r"\b(?P<neg>not )?(?:from|in|at) (?:the )?" + form + r"\b(?! (?:theme|topic)\b)"),
                  _place))


def _person_had(m: re.Match[str], s: ParseState) -> bool:
    """'which posts have Max?': the posts naming that person (a name the captions give as a PERSON, nothing else)."""
    found = _value(m, s, ("Entity",))
    if found is None or "PERSON" not in set(s.facts.details("Entity", found[1])):
        return False
    s.add_filter(Filter("entity", found[1]))
    s.add_filter(Filter("entity_label", "PERSON"))
    return True


AFTER_POSTS = r"(?:(?<=posts )|(?<=post )|(?<=photos )|(?<=photo )|(?<=pics )|(?<=pictures ))"
for form in (VAL2, ONE):
    RULES.append((re.compile(AFTER_POSTS + r"(?:that |which )?(?:have|has|had|got) " + form
                             + r"(?: in (?:them|it))?(?=\s*$)"), _person_had))


# words said before "posts" that describe them and name no topic ("how many old posts")
COMMON_ADJECTIVES = (r"(?:old|older|oldest|new|newer|newest|recent|latest|earliest|first|last|early|late|good|bad|best"
                     r"|worst|popular|long|longer|short|shorter|other|more|total|public|private|original|own|single"
                     r"|separate|different|similar|same|random|normal|regular|real|whole|such|these|those|all|any)")


@rule(r"^(?:how many |~ )(?:of my )?(?!" + COMMON_ADJECTIVES + r"\b)(?P<v>[a-z][\w'-]*)"
      r"(?= (?:posts|~) (?:do i have|have i (?:made|posted|shared)|are there|did i (?:make|post|share))\s*$)")
def _counted_topic(m: re.Match[str], s: ParseState) -> bool:
    """'how many football posts do I have?': a topic (or what photos show) the grammar demands here; one the graph
    lacks is said so and counted as none (agent/absent.py), not left to the LLM."""
    return value_rule(("Topic",))(m, s) or value_rule(TAGS)(m, s) or value_rule(("Topic",), absent_ok=True)(m, s)


def _topic_modifier(m: re.Match[str], s: ParseState) -> bool:
    """'travel posts': a topic name right before 'posts' (where no topic has the name, what the photos show:
    'dog posts'; where neither, a name the captions mention: 'berlin posts'); 'non-travel posts': the posts not
    about it."""
    return value_rule(("Topic",))(m, s) or value_rule(TAGS)(m, s) or _named(m, s)


def _photo_modifier(m: re.Match[str], s: ParseState) -> bool:
    """'dog pics', 'beach photos', 'ice cream pics': what the photos show (a topic name where no tag has it)."""
    return value_rule(TAGS)(m, s) or value_rule(("Topic",))(m, s)


for form in (VAL2, ONE):  # a two-word name first ("ice cream pics"), then one word
    RULES.append((re.compile(r"\b(?P<neg>non-|non )?(?:the )?" + form
                             + r"(?= posts?\b| stuff\b| ones\b| uploads?\b| content\b| tweets?\b| updates\b)"),
                  _topic_modifier))
for form in (VAL2, ONE):
    RULES.append((re.compile(r"\b(?:the )?" + form + r"(?= photos?\b)"), _photo_modifier))
# keyword style, the name after the noun ("posts beach", "pics dog", "posts Max"): as "beach posts", "dog pics"
for form in (VAL2, ONE):
    RULES.append((re.compile(r"(?:(?<=^posts )|(?<=^post )|(?<=^tweets )|(?<=^my posts )|(?<=^all posts ))"
                             + form + r"$"), _topic_modifier))
    RULES.append((re.compile(r"(?:(?<=^photos )|(?<=^photo )|(?<=^pics )|(?<=^pictures )|(?<=^my photos )"
                             r"|(?<=^my pics ))" + form + r"$"), _photo_modifier))


@rule(r"\b(?P<n>\d{1,3}) (?=(?:photo )?(?:topics?|subjects?|themes?|tags?|things|objects|hashtags?|people|persons?"
      r"|friends?|places?|locations?|cities|city|countries|country|years?|months?|posts?|photos?|kinds?|entities"
      r"|organisations?|accounts?|sentiments?)\b)"
      r"|\b(?:the|my|which|what) (?P<r>\d{1,3}) (?=~)")
def _number_before_subject(m: re.Match[str], s: ParseState) -> bool:
    """'which 3 topics ...': a limit; 'the 3 (things I post about) most': the limit of the ranking (the
    subject's words already taken by another slot)."""
    if m.group("r"):
        if s.direction is None:
            return False
        s.set("limit", max(1, min(int(m.group("r")), 500)))
        return True
    set_limit(s, m)
    return True


@rule(r"^(?:the |my )?" + ONE + r"(?= ~| how many\b| count\b| number of\b)")
def _leading_value(m: re.Match[str], s: ParseState) -> bool:
    """'max - how many posts?', 'beach: count them': a name said before the question that counts it (a topic, a
    name in captions, or what photos show; only names the graph holds, never a noun such as 'people')."""
    if s.measure != COUNT or m.group("v") in SUBJECTS or m.group("v") in ("how", "count", "number"):
        return False
    return value_rule(("Topic",))(m, s) or value_rule(("Entity",))(m, s) or value_rule(TAGS)(m, s)


@rule(r"\babout(?=(?:\s*~)*\s*$)")
def _trailing_about(m: re.Match[str], s: ParseState) -> bool:
    """'which topic do I post about (the most)?', 'what are my posts from 2021 about?': the topics are what is
    asked for, not a value."""
    s.asks_about = True
    return True


def _name_fields(word: str) -> tuple[str, ...]:
    """('entity',) when a bare word may be a name the posts mention ("Tokyo only"), not a word of the question
    ("that", "one") that a name in the graph happens to equal."""
    from agent.wording import FILLER  # here: agent.wording imports the slots
    return ("entity",) if word not in FILLER and len(word) >= 3 and word.isalpha() else ()


@rule(r"(?:(?<=~ )|^)(?:(?:which|that|what) )?(?:(?:are|is|were|was) )?(?:(?:about|with|showing|of) )?"
      r"(?:a |an |the )?" + ONE
      + r"(?=(?: ~)?$)")
def _bare_follow_up_value(m: re.Match[str], s: ParseState) -> bool:
    """'how about hiking?' after a question on cycling: a value of the kind the previous question filtered on;
    'narrow it to music', 'and which of them are cycling?', 'only the hiking ones' after one with no value: a
    topic (else what the photos show)."""
    if s.previous is None:
        return False
    fields = [f.field for f in s.previous.filters if f.field in ("topic", "tag", "kind", "entity")]
    if len(fields) == 1:
        found = [(fields[0], s.facts.name(m.group("v"), FIELD_TARGETS[fields[0]]))]
        if found[0][1] is None and s.follow:  # "posts naming Anna" then "just the cycling ones": narrowed, not swapped
            # ("bike pics" then "Rome only": the ones naming Rome)
            found += [(field, s.facts.name(m.group("v"), FIELD_TARGETS[field]))
                      for field in ("topic", "tag", "kind", *_name_fields(m.group("v"))) if field != fields[0]]
    elif not fields and s.follow:
        found = [(field, s.facts.name(m.group("v"), FIELD_TARGETS[field]))
                 for field in ("topic", "tag", "kind", *_name_fields(m.group("v")))]
    else:
        return False
    field, name = next(((f, n) for f, n in found if n is not None), (None, None))
    if field is None:
        return False
    if fields and field != fields[0] and re.search(r"\bones?\b", s.asked):
        s.narrow = True  # "bike pics" then "the rome ones?": those of them naming Rome
    s.add_filter(Filter(field, name))
    s.follow = True
    return True


@rule(r"\b(?:that |which )?(?:have|has|had|having|with|come with|came with|include|includes|included|including"
      r"|contain|contains|contained) (?:a |an |any |at least one )?photos?"
      r"(?: attached| in (?:it|them))?\b(?! (?:of|showing|that|which|with|where|whose)\b(?! (?:the )?caption\b| ~))")
def _with_a_photo(m: re.Match[str], s: ParseState) -> bool:
    """'how many of them have a pic attached', 'posts with a photo': only posts with a photo (not 'with a photo of
    a dog', which names what it shows)."""
    s.add_filter(Filter("has_image", True))
    return True


@rule(r"\b(?:with|having|have|has|had|that have|which have|that has|which has|that had|which had)"
      r" (?:a |an )?(?:written |real )?caption\b(?! (?:that|which|is|was|sentiment|verdict|score|and|or|but)\b)"
      r"|\bcaptioned\b")
def _with_a_caption(m: re.Match[str], s: ParseState) -> bool:
    """'posts with a caption', 'captioned photos': only posts with a caption the user wrote (read as no filter at
    all before, so every post was counted)."""
    s.add_filter(Filter("has_caption", True))
    return True


@rule(r"\b(?:the )?(?:average|mean|avg) (?P<a>caption|text|photo|picture|pic|image)s?(?: sentiment| mood)?(?: score)?\b"
      r"|\b(?:the )?(?:average|mean|avg) (?:sentiment|mood)(?: score)? (?:of|for|in|on) (?:my |the |all my |all the )?"
      r"(?P<b>caption|text|photo|picture|pic|image)s\b")
def _average_of_one_side(m: re.Match[str], s: ParseState) -> bool:
    """'the average caption sentiment in 2022', 'average sentiment of my photos': the average of that side's score
    (it was read as the posts' overall score, which the answer then gave as if it were the captions')."""
    side = m.group("a") or m.group("b")
    s.average = True
    s.source = "caption" if side in ("caption", "text") else "image"
    return True


@rule(r"\b(?:the )?(?:average|(?<!\bi )mean|avg)(?: sentiment)?(?: score)?\b"
      r"|\b(?:score |rate |scored |rated )?on average\b")
def _average(m: re.Match[str], s: ParseState) -> bool:
    s.average = True
    return True


@rule(r"^how (?:do|does|did|are|is|were|was)\b(?=.* ~)")
def _how_on_average(m: re.Match[str], s: ParseState) -> bool:
    """'how did my 2021 cycling posts score on average': the average the slots found."""
    return s.average


@rule(r"(?<=~ )mentions\b")
def _ranked_mentions(m: re.Match[str], s: ParseState) -> bool:
    """'my top mentions', 'most frequent mentions' (after the ranking slot took its words): the accounts."""
    s.subject(m.start(), "mention", "accounts")
    return True


@rule(r"(?:(?<=~ )|^)(?:or|vs|versus|compared to|compared with|than|and) (?:about |with |of |to )?(?:the |my )?"
      + ONE + r"(?: (?:posts?|photos?|stuff|ones))?\b")
def _compared_second(m: re.Match[str], s: ParseState) -> bool:
    """'about space or café': the second name of a comparison, of the kind of the first."""
    if not s.comparing:
        return False
    fields = {f.field for f in s.filters if f.field in ("topic", "tag", "kind", "entity") and not f.negated}
    if len(fields) != 1:
        return False
    field = next(iter(fields))
    target = {v: k for k, v in VALUE_TARGETS.items()}[field]
    name = s.facts.name(m.group("v"), target)
    if name is None:
        return False
    s.add_filter(Filter(field, name))
    return True


@rule(r"^how\b|\b(?:or|vs|versus|compared to|compared with|as opposed to|than|compare[ds]?|comparing|which one"
      r"|difference between|(?:about )?(?:more|fewer|less)(?: of)?)\b")
def _compare_words(m: re.Match[str], s: ParseState) -> bool:
    """The connectives and 'more' of a comparison whose values the slots found."""
    return any(len(values) > 1 for values in s.compared.values())


@rule(r"(?<!mention )(?<!mentions )(?<!show )(?<!shows )(?<!about )(?<!contain )(?<!contains )(?<!with )"
      r"\b(?:anything|something|stuff|everything)\b")
def _stuff(m: re.Match[str], s: ParseState) -> bool:
    """'anything about cats that is positive', 'my cycling stuff': posts (not after a value's verb: 'mention
    anything' names no value, and stays unknown); 'which stuff is in more than 10 photos': what the photos show."""
    if s.threshold is not None and (s.threshold_unit or "").startswith("photo"):
        s.subject(m.start(), "tag", "things")
        return True
    s.subject(m.start(), "posts", "posts")
    return True
