"""Question -> QueryPlan. Each slot (question head, threshold, ranking, grouping, sentiment, time, topic, entity,
tag, absence, subject) is a small pattern that CONSUMES the words it uses; a value slot only takes a word that
names something in the graph of the kind the slot wants ("about X": a Topic; "mention X": an Entity; "show X":
a Tag). When words are left over that no slot used (other than a short list of grammatical filler), or two
slots disagree, the parser returns None and the question goes to the LLM path: never a near-miss answer.

The patterns run on a question normalised by agent/wording.py (lower case, contractions expanded, number words
as digits, one word for photo/picture/image, everyday phrasings rewritten) in a fixed order: rankings and
thresholds first, so "biggest" or "most" is never taken for a topic value even where a topic of that name exists.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from agent.absent import TARGETS, leftover_typos, missing_filter, value_typos
from agent.parse_state import ParseState
from agent.photo_description import described_photos
from agent.plan import (
    ACTIVITY,
    AVERAGE,
    COUNT,
    GROUP_SUBJECTS,
    IMAGES,
    KEPT,
    LIST,
    MOSTLY,
    NEVER,
    ONLY,
    POSTS,
    SENTIMENT,
    SENTIMENT_FIELDS,
    SHARE,
    SOURCES,
    TIME_SUBJECTS,
    Filter,
    QueryPlan,
    follow_up,
)
from agent.plan import VALUE_FIELDS as VALUE_FILTERS
from agent.referent import BARE_TIME
from agent.slots import RULES, SINGULAR, SUBJECT_WORDS, subject_of
from agent.slots.common import MONTHS, SENT
from agent.spelling import slip_rank
from agent.vocab import GraphFacts
from agent.wording import FILLER, normalise
from core.languages import CODES as LANGUAGE_CODES

# a comparison: values side by side ("food or travel", "2021 vs 2022", "positive and negative")
COMPARING = re.compile(r"\b(?:vs|versus|compared? (?:to|with)|compare|comparing|as opposed to|than)\b"
                       r"|\bor\b(?! (?:more|fewer|less)\b(?! \w+ (?:posts?|photos?)\b))")
COMPARE_CUE = re.compile(r"\b(?:vs|versus|compared?|comparing|than|more|fewer|less|happier|sadder|better|worse)\b"
                         r"|\bhow many (?:of )?(?:each|both)\b")
# sentiments listed side by side ("positive, neutral and negative", "positive vs negative"), not said of two
# different things ("a caption that is sad and a photo that is happy")
SENTIMENT_LIST = re.compile(r"\b(?:positive|negative|neutral) (?:(?:and|or|vs|versus) )?"
                            r"(?:positive|negative|neutral)\b")


# words of the grammar itself (not names in the graph) long enough that one slipped letter still says which is
# meant; a left-over word one edit from exactly one of them is read as it
GRAMMAR_WORDS = frozenset([
    *MONTHS, "months", "years", "weeks", "posts", "photos", "pictures", "topics", "topic",
    "hashtags", "hashtag", "captions", "caption", "percent", "percentage", "average", "sentiment", "mentions",
    "mention", "mentioned", "between", "without", "people", "places", "fewest", "least", "often", "times",
    "compared", "number", "share", "which", "where", "there", "their", "about", "posted", "images", "image",
    "happy", "happiest", "saddest", "during", "since", "before", "after", "versus", "first", "second", "third",
    "year", "last", "past", "appear", "appears", "appeared", "different", "summer", "winter", "spring", "autumn",
    "things", "common", "person", "those", "earliest", "oldest", "latest", "newest", "anything", "overall", "through",
    "season", "photo", "most", "anybody", "anyone", "write", "wrote", "score", "scores", "gloomiest", "single",
    "below", "above", "going", "post", "positive", "negative", "neutral", "tagged", "more", "from", "that", "with",
    "something",
    *(name for name in LANGUAGE_CODES if len(name) >= 5),
])


def _uncommon_words(text: str) -> tuple[str, ...]:
    """The words of `text` that are no common English word (wordfreq Zipf below 3): the ones a slip may have made."""
    from extractors.word_frequency import zipf

    return tuple(w for w in text.split() if w.isalpha() and len(w) >= 4 and w not in GRAMMAR_WORDS and zipf(w) < 3)


def _typos_fixed(text: str, unknown: tuple[str, ...]) -> str | None:
    """`text` with each left-over word that is one slip from a grammar word replaced by it, or None when no word was
    fixed. A dropped letter is the likeliest slip, then two letters swapped, then one changed or added: when two
    grammar words are one slip away ('mentiond': mentioned, mentions), the likelier slip decides, and a tie fixes
    nothing unless every tied word is a filler word. A four-letter word is only fixed for a dropped or swapped letter
    ('yaer', 'lsat', 'abut') or one vowel changed for another ('yeer')."""
    fixes = {}
    for word in {w.lstrip("#@") for w in unknown}:  # "@menion": the word after the sign
        if len(word) < 4 or not word.isalpha() or word in GRAMMAR_WORDS:
            continue
        ranked = sorted((rank, w) for w in GRAMMAR_WORDS if (rank := slip_rank(word, w)) is not None
                        and (len(word) > 4 or rank < 2 or _vowel_changed(word, w)))
        tied = [w for rank, w in ranked if rank == ranked[0][0]] if ranked else []
        if ranked and (len(tied) == 1 or all(w in FILLER for w in tied)):
            # a tie between words no slot reads ('ther': there, their) fixes it to either: both say nothing
            fixes[word] = tied[0]
    if not fixes:
        return None
    return " ".join(w[: len(w) - len(w.lstrip("#@"))] + fixes.get(w.lstrip("#@"), w.lstrip("#@")) for w in text.split())


def _vowel_changed(typed: str, meant: str) -> bool:
    """`typed` is `meant` with one vowel changed for another ('yeer' for 'year')."""
    diff = [(a, b) for a, b in zip(typed, meant) if a != b]
    return len(typed) == len(meant) and len(diff) == 1 and diff[0][0] in "aeiou" and diff[0][1] in "aeiou"


Handler = Callable[[re.Match[str], ParseState], bool]


def _apply(text: str, pattern: re.Pattern[str], handler: Handler, state: ParseState) -> str:
    """Run one slot over the text: every accepted match is replaced by '~' (consumed), others stay."""
    position = 0
    while True:
        match = pattern.search(text, position)
        if match is None:
            return text
        if match.end() == match.start():
            position = match.end() + 1
            continue
        if handler(match, state):
            shorter = " ".join(f"{text[:match.start()]} ~ {text[match.end():]}".split())
            state.consumed(match.start(), len(text) - len(shorter))
            text, position = shorter, match.start()
        else:
            position = match.start() + 1
        if position > len(text):
            return text


def leftover(text: str) -> list[str]:
    """Words no slot consumed and that are not filler."""
    return [w for w in text.split() if w != "~" and w not in FILLER]


@dataclass(frozen=True)
class ParseResult:
    """The plan (None when the question was not fully understood), the words no slot used, and what the slots
    did find (a hint for the LLM when the plan is incomplete)."""

    plan: QueryPlan | None
    unknown: tuple[str, ...] = ()
    partial: str = ""
    conflict: str | None = None
    said: tuple[Filter, ...] = ()  # the filters the slots did fill in a question not fully understood

    def hint(self) -> str:
        if self.plan is not None:
            return self.plan.describe()
        if not self.partial:
            return ""
        extra = f"; not understood: {' '.join(self.unknown)}" if self.unknown else ""
        return f"{self.partial}{extra}"


def parse(question: str, facts: GraphFacts, previous: QueryPlan | None = None) -> QueryPlan | None:
    """The plan of one question, or None when any word is not understood or slots conflict. With `previous`
    (the plan of the last answered question) a short follow-up changes that plan."""
    return parse_detail(question, facts, previous).plan


def parse_detail(question: str, facts: GraphFacts, previous: QueryPlan | None = None,
                 retry_typos: bool = True, after_unparsed: bool = False, retry_names: bool = True,
                 retry_values: bool = True) -> ParseResult:
    """`parse` with the reasons: the words left over and the slots that were filled. A word left over that is one
    slip from a word of the grammar ("monhts") is read as that word, once, and then a value one slip from a name
    the graph holds ("travle"), once: a question may carry one of each ("percentge of my posts about travle").
    `after_unparsed`: the conversation's last answer came from the LLM, so a follow-up marker fails the parse
    (ParseState.follow_marker)."""
    state = ParseState(facts, previous, after_unparsed=after_unparsed)
    asked = state.asked = normalise(question)
    if previous is not None and previous.subject in GROUP_SUBJECTS and BARE_IN_POSTS.match(asked):
        # "which accounts have I tagged?" then "in the sad posts": those of them in such posts, as "and in ..."
        asked = state.asked = f"and {asked}"
    text = asked
    if not text:
        return ParseResult(None)
    state.comparing = bool(COMPARING.search(text) or SENTIMENT_LIST.search(text))
    compare_cue = bool(COMPARE_CUE.search(text))
    listed_or = bool(re.search(r"\bor\b", text))
    joined_or = listed_or and not WEIGHED.search(text)
    for pattern, handler in RULES:
        text = _apply(text, pattern, handler, state)
        if state.conflict:
            # "betwen May 2021 and April 2022": a slip in a grammar word can leave slots at odds ("May 2021" and
            # "April 2022" read as two months); an uncommon word one slip from a grammar word is read as it, once
            fixed = _typos_fixed(asked, _uncommon_words(asked)) if retry_typos else None
            if fixed is not None:
                return parse_detail(fixed, facts, previous, retry_typos=False, after_unparsed=after_unparsed,
                                retry_names=retry_names)
            # "I moved away from Berlin. Which of my #berlin posts ...": the place and the hashtag at odds, each
            # sentence read on its own
            said_twice = _said_in_two_sentences(question, facts, previous, after_unparsed) if retry_typos else None
            if said_twice is not None:
                return ParseResult(said_twice)
            return ParseResult(None, conflict=state.conflict)
    for match in SUBJECT_WORDS.finditer(text):
        name = subject_of(match.group(0))
        if name:
            state.subject(match.start(), name, match.group(0))
    text = SUBJECT_WORDS.sub(" ~ ", text)
    unknown = tuple(leftover(text))
    plan = _plan(state, previous, compare_cue or state.average, listed_or, joined_or)
    if state.empty and plan is not None and (plan.subject not in ("month", "year")
                                             or "buckets=empty" not in plan.notes):
        plan = None  # "no posts at all" is said of months or years (a follow-up that kept it is not guessed either)
    slipped = tuple(str(f.value) for f in (plan.filters if plan is not None else tuple(state.filters)) if f.missing
                    and any((rank := slip_rank(str(f.value), w)) is not None and rank < 2 for w in GRAMMAR_WORDS))
    if (unknown or slipped) and retry_typos:
        # "the last 12 monhts"; "photos that don't show any peple" (a name the graph lacks, one slip from a word of
        # the grammar, is that word)
        fixed = _typos_fixed(asked, unknown + slipped)
        if fixed is not None:  # "the last 12 monhts": read again with the grammar's word meant
            again = parse_detail(fixed, facts, previous, retry_typos=False, after_unparsed=after_unparsed,
                                 retry_names=retry_names)
            if again.plan is not None:
                return replace(again, plan=_kind_of_the_question(again.plan, question, facts, previous,
                                                                 after_unparsed))
            if len(SENTENCE_END.split(question.strip())) < 2:
                return again
            # not read either way: a sentence said before the question may be why ("... a good flat white. List
            # the pictures with coffee."), read below
    # a misspelt name may also leave no plan (the share of photos showing a "bicyle": a share of nothing known)
    said = plan.filters if plan is not None else tuple(state.filters)
    if plan is not None and plan.compare and plan.compare[0] in TARGETS:
        # "photos of boks or of vehicels, which more often": the names compared may be misspelt too
        said = (*said, *(f for v in plan.compare[1] if (f := missing_filter(facts, str(v), plan.compare[0], False))))
    misspelt = value_typos(said, facts) if not unknown and retry_values else {}
    used = {w: misspelt[w] for w in asked.split() if w in misspelt}
    if used:
        # "photos that show a dgo" where the graph tags 'dog': read again with the graph's name, and say so
        fixed = " ".join(used[w][1] if w in used else w for w in asked.split())
        again = parse_detail(fixed, facts, previous, retry_typos=False, after_unparsed=after_unparsed,
                             retry_values=False)
        if again.plan is not None and not any(f.missing for f in again.plan.filters):
            readings = tuple(dict.fromkeys(f"typed={w}>{name}" for w, (name, _) in used.items()))
            return replace(again, plan=replace(again.plan, notes=(*again.plan.notes, *readings)))
    named = leftover_typos(unknown, facts) if unknown and retry_names else {}
    if named:
        # "a dog on the beech", "food or dirnks": a left-over word one slip from a name the graph holds, read as
        # that name, and said so
        fixed = " ".join(named[w][1] if w in named else w for w in asked.split())
        again = parse_detail(fixed, facts, previous, retry_typos=False, after_unparsed=after_unparsed,
                             retry_names=False, retry_values=False)
        if again.plan is not None and not any(f.missing for f in again.plan.filters):
            readings = tuple(dict.fromkeys(f"typed={w}>{name}" for w, (name, _) in named.items()))
            return replace(again, plan=replace(again.plan, notes=(*again.plan.notes, *readings)))
    if unknown == ("ones",) and previous is None and not after_unparsed and retry_typos \
            and re.match(r"(?:pull up|show|list|gimme|give me|find|get|bring up|dig up)\b", asked):
        # "bring up the snowy ones" said first: those posts (after an answer, "the X ones" are of it)
        again = parse_detail(re.sub(r"\bones\b", "posts", asked), facts, previous, retry_typos=False,
                             after_unparsed=after_unparsed)
        if again.plan is not None:
            return again
    if unknown or plan is None:
        words = described_photos(asked)
        if words is not None:  # not understood by the grammar, but a description of what the photos show
            return ParseResult(QueryPlan(subject=POSTS, measure=LIST, filters=(Filter("words", words),)))
        said_twice = _said_in_two_sentences(question, facts, previous, after_unparsed) if retry_typos else None
        if said_twice is not None:
            return ParseResult(said_twice)
        partial = plan.describe() if plan is not None else ""
        return ParseResult(None, unknown, partial, said=said)
    if plan.subject == IMAGES and plan.measure in (LIST, None) and not (plan.direction or plan.group_by or plan.limit) \
            and re.match(r"(?:what|who)\b", asked):
        # "what do the photos from 2022 show": what is in them (their tags), not a listing of the photos; with a
        # name the graph does not hold ("about Paris" when Paris is a place, not a topic) the LLM gets it
        if any(f.missing for f in plan.filters):
            return ParseResult(None, ("what",), plan.describe())
        return ParseResult(replace(plan, subject="tag", measure=LIST))
    if plan.subject == "language" and plan.measure in (LIST, None) and not (plan.direction or plan.group_by
                                                                             or plan.threshold):
        # "what languages do I post in?": a handful of names, each worth its count (most used first)
        return ParseResult(replace(plan, direction="desc"))
    return ParseResult(_kind_of_the_question(plan, question, facts, previous, after_unparsed))


def _kind_of_the_question(plan: QueryPlan, question: str, facts: GraphFacts, previous: QueryPlan | None,
                          after_unparsed: bool) -> QueryPlan:
    """"I hashtag #travel a lot. Show me the posts in the travel topic.": one name read as the hashtag in the
    sentence before and as the topic in the question (both had been kept: 1 post of 7); the question's own kind
    decides, as the two sentences read one after the other have it."""
    names = [str(f.value).lower() for f in plan.filters if f.field in VALUE_FILTERS and not f.negated]
    if len(names) == len(set(names)) or len(SENTENCE_END.split(question.strip())) < 2:
        return plan
    return _said_in_two_sentences(question, facts, previous, after_unparsed) or plan


# a follow-up of a question about groups that says only which posts ("in the sad posts", "just in my 2021 photos")
BARE_IN_POSTS = re.compile(r"(?:just |only )?in (?:my |the )?[^\d]*\b(?:posts|photos|pics)$")
# a group named alone, as a follow-up of a listing of posts ("places named", "and the hashtags?")
BARE_GROUP = re.compile(r"^(?:and |so |ok |okay )?(?:the |which |what |any )?(?:cities|city|places|place|people"
                        r"|persons|person|hashtags|hashtag|accounts|account|topics|tags)(?: (?:mentioned|named|tagged"
                        r"|shown|used|in them|in those|there))?$")


# a yes/no question on every year or month ("did I post about space every year?", "is there a cat photo from every
# year", "have I posted every single month in 2022")
EVERY_BUCKET = re.compile(r"^(?:did|have|has|do|does|was|were|is|are) (?:i|there)\b.*\b(?:every|each) (?:single )?"
                          r"(?:year|month)\b")
THE_ONES = re.compile(r"(?:and |but |so |what about |how about |only |just )?(?:the |my )?(?:(?:" + SENT + r")"
                      r"(?: (?:caption|photo|picture|pic|text))? (?:ones(?: only)?|(?:captions|photos|posts|pics|ones)"
                      r" among (?:them|those|these))|ones with an? (?:" + SENT + r") (?:caption|photo|picture|pic"
                      r"|text))")
# a pronoun that can only point at something said before: "them", "those", "these" anywhere, "that", "this" or "it"
# as the last word or before "one(s)" ("that" before a verb is a relative: "a caption that is sad")
POINTS_AT_SOMETHING = re.compile(r"\b(?:them|those|these)\b|\b(?:that|this|it)(?: ones?)?$|\b(?:that|this) ones?\b")
# ... and in a last sentence after one not read, "the ones", "such" (which may also point at the sentence before)
POINTS_BACK = re.compile(POINTS_AT_SOMETHING.pattern + r"|\b(?:it|ones?|such)\b")
# sentences end with . ? ! or :, or are set apart by a dash; a reason said first ends at ", so" before what is asked
# ("I have seen the early ones, so only the newer ones")
SENTENCE_END = re.compile(r"(?<=[.?!:])\s+(?=\S)|\s+[-\u2013\u2014]+\s+"
                          r"|,\s+so\s+(?=(?:just|only|which|what|how|show|list|give|can|could|now)\b)"
                          # said without punctuation (dictated): "... and I need a gift idea give me the hiking ones",
                          # "... it is her birthday soon so how many dog pics are there"
                          r"|\s+so\s+(?=(?:how many|which|what|when|tell me|show me|give me|gimme|can you|could you)\b)"
                          r"|(?<=\w)(?<!\byou)(?<!\bplease)(?<!\bpls)(?<!\band)(?<!\bjust)(?<!\bnow)(?<!\bso)"
                          r"(?<!\bokay)(?<!\bok)(?<!\bthen)\s+(?=(?:show me|tell me|give me|gimme|pull up)\b)"
                          # "I'm stuck in traffic and just curious how many ...", "... and it got me thinking when
                          # was ...", "... right now so bear with me which of my photos ..."
                          r"|\s+(?:and|so) (?:i'm |i am |im )?(?:just )?(?:curious|wondering)(?: about)?,?\s+"
                          r"(?=(?:how|which|what|when|if|whether|did|do|have)\b)"
                          r"|\s+(?:and )?(?:it |that )?got me thinking,?\s+|\s+(?:so )?bear with me,?\s+"
                          # "... the trips I took with Anna which of my posts name Anna"
                          r"|(?<=\w)(?<!\bme)(?<!\bknow)(?<!\bsee)(?<!\btell)(?<!\bshow)(?<!\bcheck)(?<!\bwonder)"
                          r"(?<!\bout)(?<!\band)(?<!\bso)(?<!\bokay)(?<!\bok)\s+(?=which of my\b)", re.IGNORECASE)


def _said_in_two_sentences(question: str, facts: GraphFacts, previous: QueryPlan | None,
                           after_unparsed: bool) -> QueryPlan | None:
    """A question the grammar cannot read whole, said as a sentence that sets what it is about and a last one that
    asks ("I posted about Max a lot. Could you list the ones that were sad?"; "what do my photos show most? Give me
    the top 3 tags"): the last sentence read as a follow-up of the first, when each is understood on its own, the
    last keeps every filter of the first, and both are about the same things (photos and what they show count as
    the same); or, when the first cannot be read whole, the last read alone, when it keeps every filter the first
    did fill and no other word of the first names something the graph holds or narrows (a negation, a time, a
    number). Sentences end with . ? ! or : or are set apart by a dash. Anything else is not guessed."""
    parts = SENTENCE_END.split(question.strip())
    if len(parts) < 2:
        return None
    remark = _remark_after(parts, facts, previous, after_unparsed)
    if remark is not None:
        return remark
    # "I haven't opened my feed in a month.", "Back after a month off, ...": the time away from the app, not a time
    # the question is about
    context = HEDGED.sub(" ", AWAY.sub(" ", " ".join(parts[:-1]).lower()))
    said_first = parse_detail(context, facts, previous, retry_typos=False, after_unparsed=after_unparsed)
    first = said_first.plan
    if first is None:
        # "I bet it's mostly coffee. How many photos show coffee?": a first sentence the grammar cannot read whole
        # sets nothing beyond the filters it did fill (which the last must keep), when none of its other words
        # names something the graph holds or narrows ("only", "not", a number)
        claimed = _claimed_only(context)
        # a name the conversation is already about narrows nothing more ("list my coffee pictures" then "I drank a
        # lot of coffee back then. Which of those are from 2021?")
        held = {str(v).lower() for f in (previous.filters if previous is not None else ()) for v in f.values}
        narrowing = [word for word in said_first.unknown if _may_narrow(word, facts) and word not in claimed
                     and not held & set(_graph_names(word, facts))]
        if POINTS_BACK.search(_without_in_it(normalise(parts[-1]))) and (previous is None or narrowing):
            # "... commented on the most. Could you find it?": the last points at what was not read; in a
            # conversation, with nothing in the first sentence to point at, it points at the last answer ("I want
            # to see the bad days as well. Which of them were sad?")
            return None
        last = parse_detail(parts[-1], facts, previous, retry_typos=False, after_unparsed=after_unparsed).plan
        if last is not None and not (last.filters or last.measure in (COUNT, SHARE, AVERAGE) or last.direction
                                     or last.group_by or last.threshold or _asks_of_a_group(last, said_first)):
            return None  # a last sentence that asks for nothing in particular ("Can you show me?")
        kept = {str(v).lower() for f in (last.filters if last is not None else ()) for v in f.values}
        if last is not None and last.limit:  # "... has three slots. What are my 3 happiest ...?": the same number
            kept.add(str(last.limit))
        if last is not None and last.compare:  # "Max and Anna were around a lot. Did I mention Max or Anna more?"
            kept |= {str(v).lower() for v in last.compare[1]}
        if last is not None and last.share_part is not None:  # "... What share of my posts show coffee?"
            kept |= {str(v).lower() for v in last.share_part.values}
        if said_first.conflict or any(not (kept & set(_graph_names(word, facts)) or word in kept)
                                      for word in narrowing):
            return None
    else:
        last = parse_detail(parts[-1], facts, first, retry_typos=False).plan
        alone = parse_detail(parts[-1], facts, previous, retry_typos=False, after_unparsed=after_unparsed).plan
        if alone is not None and _read_again(first.filters, alone) != first.filters:
            # "I hashtag #travel a lot. Show me the posts in the travel topic.": the topic the question names, not
            # the hashtag of the same name as well (both had been kept: 1 post of 7)
            first, last = replace(first, filters=_read_again(first.filters, alone)), alone
    said = first.filters if first is not None else said_first.said
    if first is None and last is not None and last.get("entity_label") is not None:
        # "I moved away from Berlin. Which of my posts tagged #berlin ...": the name kept, the kind of it the
        # question's own (the hashtag, not the place)
        said = tuple(f for f in said if f.field != "entity_label")
    if first is None and last is not None:
        said = _read_again(said, last)
    if last is None or not all(_implied(f, last) or _turned_round(f, last) for f in said):
        return None
    if first is not None and any(getattr(first, slot) not in (None, getattr(last, slot)) for slot in KEPT_SLOTS):
        return None  # "anything I post about more than twice? which topics": the count the first one set is kept
    subjects = (first.subject or POSTS if first is not None else last.subject or POSTS, last.subject or POSTS)
    if subjects[0] != subjects[1] and subjects != (IMAGES, "tag"):
        return None
    return replace(last, notes=tuple(n for n in last.notes if n != KEPT))


# time away from the app, said as why one asks ("I haven't opened my feed in a month", "back after a month off", "I've
# been away for a few weeks"), and a time said vaguely ("a while ago"): no time the question is about
_SPELL = r"(?:a|an|one|two|three|four|a few|a couple of|a couple|several|almost a|nearly a|about a|over a)"
_WHILE = r"(?:days?|weeks?|months?|while|bit|ages)"
AWAY = re.compile(
    r"\b(?:back|coming back|came back|returning|returned|been away|away|offline|off the app|on a break)"
    r"(?: (?:here|again))? (?:after|for) " + _SPELL + " " + _WHILE + r"(?: (?:off|away|break|offline|of a break))?\b"
    r"|\b(?:after|for) " + _SPELL + " " + _WHILE + r" (?:off|away|offline|of a break)\b"
    r"|\b" + _SPELL + " " + _WHILE + r" (?:off|away|offline)\b"
    r"|\b(?:have not|haven't|havent|had not|hadn't|did not|didn't|didnt) (?:opened|used|checked|looked at|been on|"
    r"logged (?:into|in to|onto)|visited|touched|scrolled(?: through)?) (?:the app|my feed|my account|my profile|"
    r"my album|my posts|my photos|it|this|the album|instagram|facebook)(?: (?:in|for) " + _SPELL + " " + _WHILE
    + r")?"
    # a time said vaguely, as when something happened ("I moved away from Berlin a while ago", "some years ago",
    # "with me since long time"), or a time to come ("next month I go to Disneyland"), which no post is from
    r"|\b(?:a (?:little |long |good )?while|ages|some time|a long time|long"
    r"|(?:some|a few|a couple of|many|several) (?:years|months|weeks)) (?:ago|back)\b"
    r"|\b(?:since|for) (?:a |very |such a |so )?long time\b"
    r"|\bnext (?:week|weekend|month|year|summer|winter|spring|autumn|fall)\b"
    r"|\b(?:over|through) the years\b|\bright now\b")
# a hedge ("..., but maybe not.", "I'm not sure the app agrees") or a time word with nothing after it ("it has been
# wrong for me before."), said in a sentence before the question: it narrows nothing the question asks
HEDGED = re.compile(r"\b(?:(?:but |or )?(?:maybe|perhaps|probably|possibly) not|or not)(?=\s*(?:[,.!?;:]|$))"
                    r"|\b(?:i'm|i am|im) not (?:sure|certain|convinced)\b"
                    r"|\b(?:before|after|since|until)(?=\s*(?:[,.!?;:]|$))")
# what someone else says of the posts ("My sister says I only ever post pictures of things, never people"): a claim
# the question checks, whose "only" and "never" narrow nothing the question asks
CLAIM = re.compile(r"\b(?:my|a|one of my|some of my|people|everyone|everybody|friends?|they) ?(?:\w+ ){0,2}"
                   r"(?:says|said|say|thinks|think|reckons|claims|claimed|insists|keeps saying|told me|tells me|"
                   r"jokes|joked)(?: that)? (?P<claim>[^.?!]*)")
CLAIMED = frozenset({"only", "never", "ever", "always", "just", "not", "no"})


def _claimed_only(text: str) -> frozenset[str]:
    """The words of CLAIMED said only inside another person's claim in `text` (lower-cased), none outside it."""
    m = CLAIM.search(text)
    if m is None:
        return frozenset()
    inside = set(normalise(m.group("claim")).split())
    outside = set(normalise(text[:m.start("claim")] + " " + text[m.end("claim"):]).split())
    return frozenset(w for w in CLAIMED & inside if w not in outside)


# a remark said after the question ("Just wondering.", "I guess it is a lot.")
REMARK = re.compile(r"^(?:(?:i am|i'm|im) )?(?:just )?(?:curious|wondering)\b"
                    r"|^i (?:suspect|think|guess|bet|wonder|feel)\b|^no rush\b"
                    r"|^(?:it is|it's) (?:just )?(?:for|out of) (?:fun|curiosity)\b")


def _remark_after(parts: list[str], facts: GraphFacts, previous: QueryPlan | None,
                  after_unparsed: bool) -> QueryPlan | None:
    """A question followed by a remark ("How many photos show snow? Just wondering, no rush."): the question
    read alone, when the remark asks nothing the grammar reads and no word of it names something the graph holds,
    narrows (a negation, a time, a number) or names what is counted (posts, photos, topics...)."""
    question, last = " ".join(parts[:-1]).strip(), parts[-1].strip().lower()
    if not question.endswith("?") or last.endswith("?") or not REMARK.match(last):
        return None
    words = re.findall(r"[a-z0-9']+", re.sub(r"\bno (?:rush|worries|pressure)\b", "", REMARK.sub("", last)))
    if SUBJECT_WORDS.search(" ".join(words)) or any(_may_narrow(w, facts) for w in words if w not in FILLER):
        return None
    if parse_detail(parts[-1], facts, previous, retry_typos=False, after_unparsed=after_unparsed).plan is not None:
        return None
    return parse_detail(question, facts, previous, retry_typos=False, after_unparsed=after_unparsed).plan


# a follow-up that starts with what the posts also have ("with pizza in the photo", "only showing a dog")
WITH_FIRST = re.compile(r"(?:and |but |only |just |now )*(?:the ones |ones |those |posts |photos )?"
                        r"(?:with|showing|having|featuring|that show|that have|mentioning|naming|that mention)\b")
# a follow-up that names the earlier posts by a pronoun and what narrows them, with no verb ("those about the beach"
# after a count): those posts, listed
THOSE_NARROWED = re.compile(r"^(?:and |ok |so )?(?:only |just )?(?:those|these|the ones|ones) (?:about|with|in|at|from"
                            r"|mentioning|naming|showing|featuring|tagged)\b")
# what a first sentence may set besides filters, which the last must keep to be read as its follow-up
KEPT_SLOTS = ("threshold", "direction", "group_by", "share_of", "compare", "share_part")
NARROWING = frozenset({"not", "no", "never", "without", "except", "excluding", "only", "just", "but", "none", "nor",
                       "neither", "unless", "besides", "apart", "other", "since", "before", "after", "until",
                       "between", "during", "ago", "last", "first", "recent", "recently", "lately", "latest",
                       "earliest", "newest", "oldest", "summer", "winter", "spring", "autumn", "fall", "weekend",
                       "weekends", "weekday", "weekdays", "season", "seasons", "year", "years", "month", "months"})


def _asks_of_a_group(last: QueryPlan, said_first: ParseResult) -> bool:
    """'... people who helped me out over the years so which accounts have I @mentioned': a last sentence that lists a
    group (accounts, cities, topics) after a sentence of common words only; an uncommon word there may be a mood the
    grammar does not know ("where was I when I posted something cranky? which cities?"), which is not dropped."""
    from extractors.word_frequency import zipf

    return (last.subject or POSTS) not in (POSTS, IMAGES) and all(zipf(w) >= 4.0 for w in said_first.unknown)


def _switches(asked: str, plan: QueryPlan, previous: QueryPlan) -> bool:
    """'And the ones showing a dog?' after the posts showing a cat: the same question of a dog instead (each value it
    names is of a field the last question already had), not cats and dogs in one photo."""
    values = [f for f in plan.filters if f.field in VALUE_FILTERS and not f.negated]
    return bool(values) and re.match(r"(?:and|but|what about|how about) (?:the ones|ones|those) ", asked) is not None \
        and all((earlier := previous.get(f.field)) is not None and earlier.value != f.value for f in values)


def _may_narrow(word: str, facts: GraphFacts) -> bool:
    """A word of a sentence said before the question that may narrow it: a negation, a time or order word, a
    number, or a name the graph holds."""
    return word in NARROWING or word in MONTHS or any(ch.isdigit() for ch in word) or _graph_name(word, facts) != ""


def _graph_name(word: str, facts: GraphFacts) -> str:
    """The graph name `word` names (a topic, photo tag, kind of tag or entity), or ""."""
    return next(iter(_graph_names(word, facts)), "")


def _graph_names(word: str, facts: GraphFacts) -> list[str]:
    """Every graph name `word` names ('coffee': the topic 'café' by its keyword and the tag 'coffee'), first the
    topic's."""
    return list(dict.fromkeys(name.lower() for target in ("Topic", "Tag", "Tag.kind", "Entity")
                              if (name := facts.name(word, target)) is not None))


def _read_again(said: tuple[Filter, ...], last: QueryPlan) -> tuple[Filter, ...]:
    """The filters of a sentence said before the question, less any name the question reads again as another kind
    of value ("I left Berlin. List what is in the berlin topic.": the topic, not the city), with its
    kind's label."""
    again = {str(f.value).lower() for f in said if f.field in VALUE_FILTERS and not f.negated
             and any(g.field in VALUE_FILTERS and g.field != f.field and not g.negated
                     and str(g.value).lower() == str(f.value).lower() for g in last.filters)}
    if not again:
        return said
    entity = next((f for f in said if f.field == "entity"), None)
    return tuple(f for f in said if not (f.field in VALUE_FILTERS and str(f.value).lower() in again)
                 and not (f.field == "entity_label" and entity is not None and str(entity.value).lower() in again))


def _more_often(plan: QueryPlan | None, asked: str) -> QueryPlan | None:
    """'are my travel or food posts more often positive?': which has the higher share of positive posts (it had
    compared how many positive posts each has, which says nothing of how often)."""
    verdict = plan.get("sentiment") if plan is not None else None
    if plan is None or verdict is None or verdict.negated or not plan.compare or plan.measure != COUNT \
            or plan.compare[0] in ("sentiment", "caption_sentiment", "image_sentiment") \
            or not re.search(r"\b(?:more|less) (?:often|frequently)\b", asked):
        return plan
    return replace(plan, measure=SHARE, share_of=verdict.value, rank_by="share",
                   filters=tuple(f for f in plan.filters if f is not verdict))


def _without_in_it(asked: str) -> str:
    """The question without "with snow in it" ("in it" is the photo or post asked about, not something said
    before)."""
    return re.sub(r"\b(?:with|has|have|had|got) (?:[\w'-]+ ){1,3}in (?:it|them)\b", " ", asked)


def _turned_round(flt: Filter, plan: QueryPlan) -> bool:
    """The question (`plan`) asks for the other side of what a sentence before it said ("A topic called depression
    sounds grim. Which posts in it aren't negative?"): the question's own filter decides."""
    return any(f.field == flt.field and f.value == flt.value and f.negated != flt.negated for f in plan.filters)


def _implied(flt: Filter, plan: QueryPlan) -> bool:
    """`flt` holds for every post `plan` is about: one of its filters, or (caption and photo differing) implied by
    a caption verdict and a photo verdict that differ."""
    if flt in plan.filters or flt == plan.share_part:  # "... animal pictures. What share of my posts show one?"
        return True
    if flt.field == "disagree" and not flt.negated:
        caption, photo = plan.get("caption_sentiment"), plan.get("image_sentiment")
        return caption is not None and photo is not None and not caption.negated and not photo.negated \
            and caption.value != photo.value
    return False


def _plan(state: ParseState, previous: QueryPlan | None, compare_cue: bool = False,
          listed_or: bool = False, joined_or: bool = False) -> QueryPlan | None:
    ordered = sorted(state.subjects)
    if ordered and ordered[0][1] == SENTIMENT and any(name == IMAGES for _, name, _ in ordered) \
            and state.group_by in (None, SENTIMENT) and not state.average:
        ordered = [o for o in ordered if o[1] != SENTIMENT]  # "the sentiment of my photos": photos by sentiment
        state.group_by = SENTIMENT
    if state.trend and (state.group_by == SENTIMENT or any(f in SENTIMENT_FIELDS for f in state.compared)):
        state.average = False  # "how did my mood change ...: the counts per sentiment (positive vs negative)"
    named_groups = [o for o in ordered[1:] if o[1] in GROUP_SUBJECTS]
    if ordered and ordered[0][1] == SENTIMENT and state.per_group is None and not state.average \
            and not state.direction and state.rank_by == "count" and state.measure in (None, LIST):
        # "the sentiment of my topics", "the mood of each year": each topic's (year's) posts per verdict
        if state.group_by in TIME_SUBJECTS and not named_groups:
            state.per_group, state.group_by = state.group_by, SENTIMENT
        elif len(named_groups) == 1 and state.group_by in (None, SENTIMENT):
            state.per_group, state.group_by = named_groups[0][1], SENTIMENT
            ordered = [o for o in ordered if o is not named_groups[0]]
    elif ordered and ordered[0][1] in (POSTS, IMAGES) and state.group_by in TIME_SUBJECTS and state.per_group is None \
            and any(o[1] == SENTIMENT for o in ordered[1:]) and not state.average and not state.direction:
        # "break my posts down by year and sentiment": each year's posts per verdict
        state.per_group, state.group_by = state.group_by, SENTIMENT
    if state.per_group and not state.average and state.rank_by == "count" and not state.direction \
            and any(name == SENTIMENT for _, name, _ in ordered):
        state.set("group_by", SENTIMENT)  # "the sentiment per topic": each topic's posts per verdict
    if state.per_group and state.group_by == SENTIMENT:  # years (topics) each broken down by verdict: not ranked
        ordered = [(-1, state.per_group, "per"), *[o for o in ordered if o[1] != SENTIMENT]]
    elif state.per_group:  # "how many photos per tag": tags, each with its count
        ordered = [(-1, state.per_group, "per"), *ordered]
        if state.measure in (None, LIST, COUNT) and not state.average:
            state.direction = state.direction or "desc"
            state.limit = state.limit or 500
    if state.counts_asked and not (state.direction or state.group_by or state.per_group or state.threshold) \
            and any(name in GROUP_SUBJECTS for _, name, _ in ordered):
        state.counts_each = True  # "which topics do I post about, with counts": each topic with its count
    if state.counts_each:
        groups = [name for _, name, _ in ordered if name in GROUP_SUBJECTS]
        if not groups and state.measure is None and any(f.field in VALUE_FILTERS or f.field in SENTIMENT_FIELDS
                                                          or f.field in ("disagree", "sides") for f in state.filters) \
                and all(name in (POSTS, IMAGES) for _, name, _ in ordered):
            state.measure = COUNT  # "how often is #x used", "how often is the photo sad": how many posts
        elif not groups or state.measure not in (None, LIST, COUNT):
            return None
        else:
            state.per_group, state.measure = groups[0], LIST
            state.direction, state.limit = state.direction or "desc", state.limit or 500
    if state.trend and state.group_by is None:  # "how did my mood change": per year; "... in 2022": per month
        state.group_by = "month" if any(f.field == "year" for f in state.filters) else "year"
    if state.asks_about and not any(name in GROUP_SUBJECTS for _, name, _ in ordered):
        # "what do I write about the most?": the one topic (ties are stated); "... about?" with no ranking: the topics
        ordered = [(-1, "topic", "topic" if state.direction and state.limit is None else "topics"), *ordered]
    if state.span and not (state.follow or state.direction or state.threshold or state.group_by or state.per_group
                           or state.compared or state.average) \
            and all(name in (POSTS, IMAGES) for _, name, _ in ordered):
        # "cycling posts: first and last date": those posts' span (and rate), as "how often do I post" for all
        return QueryPlan(subject=POSTS, measure=ACTIVITY, filters=tuple(state.filters))
    if state.span:
        return None
    if state.activity:
        plan = _activity(state, ordered)
        if plan is not None:
            return plan
        # "how often did I post about cycling?": how many posts, as "how often" reads elsewhere
        if any(name in GROUP_SUBJECTS for _, name, _ in ordered) or state.measure not in (None, LIST, COUNT):
            return None
        state.measure = COUNT
    if state.sides_averaged:
        return _sides_averaged(state)
    if state.sources_compared is not None:
        return _sources_compared(state)
    subjects = [name for _, name, _ in ordered]
    # "which of my topics do I post about least?": one of them, as "which topic" (a number asks for that many, and
    # a plural verb agreeing with them lists them: "which of my topics have the fewest posts")
    one_of = bool(subjects) and subjects[0] in (*GROUP_SUBJECTS, *TIME_SUBJECTS) and state.direction is not None \
        and state.limit is None and bool(re.search(r"(?:^|\b(?:me|know|see|out) )which (?:one )?of (?:all )?(?:of )?"
                                                   r"(?:my|the|those|these) [\w-]+ "
                                                   r"(?!(?:have|are|were|get|got|show|appear)\b)", state.asked))
    # "which was the first?", "which one is the happiest" (no noun said, as in a follow-up): one of them
    one_of = one_of or not subjects and state.direction is not None and state.limit is None and bool(
        re.search(r"(?:^|\s)(?:(?:which|what)(?: 1)? (?:is|was) (?:the|my)|which 1)\b", state.asked))
    # "of all the animals in my photos, which one appears the most", "which of those is in the most posts": a singular
    # verb after "which", one of them
    one_of = one_of or state.direction is not None and state.limit is None and bool(
        re.search(r"\bwhich (?:1 |one )?(?:of (?:those|them|these) )?(?:appears|shows up|comes up|turns up|pops up"
                  r"|occurs|features|is in|was in)(?: in)? (?:the )?(?:most|least|fewest)\b", state.asked))
    plan = QueryPlan(
        subject=subjects[0] if subjects else None, singular=one_of or bool(ordered) and ordered[0][2] in SINGULAR,
        measure=state.measure, filters=tuple(state.filters),
        direction=state.direction, rank_by=state.rank_by, limit=state.limit, threshold=state.threshold,
        group_by=state.group_by, source=state.source, share_of=state.share_of, share_floor=state.share_floor,
        counted_per_post=state.counted_per_post, count_bar=state.count_bar,
        notes=tuple(note for note in (f"unit={state.threshold_unit}" if state.threshold_unit else "",
                                      f"reading={state.reading}" if state.reading else "",
                                      "buckets=none" if state.none_of else "",
                                      "buckets=empty" if state.empty else "",
                                      "buckets=calendar" if state.calendar and not state.pooled else "",
                                      f"buckets={state.pooled}" if state.pooled else "",
                                      "asked=yes_no" if state.yes_no else "",
                                      "values=all" if state.both else "") if note))
    if plan.subject in TIME_SUBJECTS and plan.direction and IMAGES in subjects[1:] and plan.rank_by == "count" \
            and not any(f.field in ("tag", "kind", "has_image") for f in plan.filters):
        # "the month with the most pics": the posts with a photo counted (every post had been, the
        # photo-less ones too)
        plan = replace(plan, filters=(*plan.filters, Filter("has_image", True)))
    if plan.group_by in ("year", "month") and EVERY_BUCKET.search(state.asked) and plan.measure in (None, COUNT) \
            and not (plan.direction or plan.threshold or plan.limit or plan.compare or plan.share_part) \
            and (plan.subject or POSTS) in (POSTS, IMAGES):
        # "did I post a coffee photo every year?": whether each year (month) from the first post's to the last's
        # has one, said yes or no with the ones that do not (plan_answer); the per-year counts are the rows
        plan = replace(plan, measure=COUNT, notes=(*[n for n in plan.notes if n != "asked=yes_no"], "asked=every"))
    if previous is None and state.after_unparsed and not subjects \
            and re.search(r"\bthe 1 (?:most recent|latest|newest|last|oldest|earliest|first)\b", state.asked):
        return None  # "and the newest one, when?" after an answer the parser did not give: one of what that was about
    if previous is None and not subjects and not state.follow \
            and POINTS_AT_SOMETHING.search(_without_in_it(state.asked)):
        # "and what does that come to?", "what share of those are sad?" when the question before was not read (or
        # there was none): what it points at is unknown, so it is not answered of all posts
        return None
    if previous is None and state.after_unparsed \
            and re.match(r"(?:(?:and|so|ok|okay) )?how many (?:have|has|had|got|show|showed|are|were)\b", state.asked):
        # "how many have a happy pic?" after an answer the parser did not give: how many of those (it had
        # been every post with a positive photo)
        return None
    if previous is None and re.search(r"\b(?:it|that one|this one)\b", state.asked) and not plan.filters:
        # "when did I share it?" with no answer before it to point at (or one the parser did not give): not every post
        return None
    # a question that names no subject after an earlier one (a year alone, a count or a share of one verdict) is
    # about the posts asked about before
    bare_time = previous is not None and (previous.subject or POSTS) in (POSTS, IMAGES) and bool(previous.filters) \
        and ((BARE_TIME.match(state.asked) or BARE_GROUP.match(state.asked)) is not None
             # "my dog pics each year" then "best year": the top year of those (it had been of all posts)
             or (plan.subject is not None and plan.subject == previous.group_by and plan.direction is not None
                 and not plan.filters and len(state.asked.split()) <= 3))
    # "which years?" right after "posts naming Max"; "places named" right after "my negative beach posts"
    # "how many bike posts?" then "when was the newest one?": the newest of those (it had been the last of all posts)
    when_of_those = previous is not None and state.when and plan.direction is not None and not plan.filters \
        and (previous.subject or POSTS) in (POSTS, IMAGES)
    # "bike pics?" then "which one names a city?": which of those (a "which" that names no noun)
    which_of_those = previous is not None and not subjects and not state.compared \
        and (previous.subject or POSTS) in (POSTS, IMAGES) and re.match(r"(?:and |so |ok |okay )?which (?!of\b)",
                                                                         state.asked) is not None
    if which_of_those:
        state.narrow = True
    # "when did that one go up?", "which hashtags are in it?": about what the last answer named (its one post,
    # else its posts), not every post
    of_it = previous is not None and not plan.filters and not state.compared \
        and re.search(r"\b(?:it|that one|this one)\b", state.asked) is not None
    if state.follow or bare_time or when_of_those or which_of_those or of_it \
            or (previous is not None and not subjects and not state.compared and state.measure in (None, COUNT, SHARE)):
        if previous is None or state.compared:
            return None  # a comparison said as a follow-up (2020 versus 2023) would be dropped: the LLM gets it
        if plan.measure in (None, COUNT) and previous.measure == COUNT and not re.search(r"\bhow (?:many|much)\b",
                                                                                      state.asked) \
                and re.match(r"(?:and |so |but |ok |okay )?(?:(?:are|were) )?any of (?:those|them|these)\b",
                             state.asked):
            plan = replace(plan, measure=LIST)  # "how many dog pics?" then "are any of these sad?": which ones
        if plan.measure is None and re.search(r"\b(?:list|show me)\b|^(?:and |so |but |then )?which "
                                              r"(?:of (?:those|them|these)|ones|were|are)\b", state.asked) \
                and not re.search(r"\bhow (?:many|much)\b", state.asked):
            # "and please list the sad posts among those" after a count: the posts, not the count again
            plan = replace(plan, measure=LIST)
        if previous.measure == COUNT and plan.measure in (None, COUNT) and THOSE_NARROWED.match(state.asked):
            plan = replace(plan, measure=LIST)  # "how many dog pics" then "those about the beach": those posts
        if plan.measure is None and previous.measure == COUNT and THE_ONES.fullmatch(state.asked):
            # "the sad ones?" after a count: those posts, listed (a listing says how many too)
            plan = replace(plan, measure=LIST)
        if state.average and plan.measure in (None, LIST, COUNT):
            # "and the average sentiment per month?" after a count: the average is what is asked now (it had been
            # dropped, and the earlier count answered again)
            plan = replace(plan, measure=AVERAGE)
        sentiment = plan.get("sentiment")
        if plan.measure == SHARE and plan.share_of is None and sentiment is not None and not sentiment.negated:
            # "what share of those are sad": the share of the earlier posts with that verdict
            plan = replace(plan, share_of=sentiment.value, filters=tuple(f for f in plan.filters if f is not sentiment))
        said = plan.filters
        # "with pizza in the photo", "showing a dog" said alone after a question: those posts that also have it
        narrow = state.narrow or (plan.subject is None and WITH_FIRST.match(state.asked) is not None
                                  and not _switches(state.asked, plan, previous))
        member_label = {"person": "PERSON", "hashtag": "HASHTAG", "mention": "MENTION"}.get(previous.subject or "")
        if member_label and subjects and subjects[0] in (POSTS, IMAGES) and not state.negate_last \
                and not (previous.direction or previous.limit or previous.threshold) \
                and re.search(r"\b(?:those|these|them)\b", state.asked) \
                and not re.search(r"\b(?:which|who|what)(?: 1| one| ones)? of (?:them|those|these)\b"
                                  r"(?! (?:posts|photos|pics|pictures)\b)", state.asked):
            # "which people do I name?" then "show me the posts with any of those people": the posts naming any of
            # them (the people had been listed again, and "people" read as a person in the photo)
            said_here = tuple(f for f in plan.filters if not (f.field == "tag" and f.value == "person"))
            plan = replace(plan, subject=subjects[0], measure=plan.measure or LIST,
                           filters=(*previous.filters, *said_here, Filter("label", member_label)))
        else:
            try:
                plan = follow_up(previous, plan, state.negate_last, narrow=narrow)
            except ValueError:
                return None
        if not (state.follow or bare_time) and len(state.asked.split()) >= 4 \
                and any(f in previous.filters and f not in said for f in plan.filters):
            # "the mean score of my pictures for each year" right after "my dog posts": read as the dog posts' (as the
            # short follow-ups that name nothing are), and the answer says the filters were kept
            plan = replace(plan, notes=(*(n for n in plan.notes if n != KEPT), KEPT))
        if state.when and plan.direction and plan.limit is None:
            plan = replace(plan, limit=1)  # "when did I last post one of those?": the last one
        if plan.subject == IMAGES and plan.measure == AVERAGE and not (plan.direction or plan.group_by):
            # "how many horse photos?" then "their mean score?": of the posts with one, as asked
            # at once (below)
            plan = replace(plan, subject=POSTS)
        return plan
    if state.negate_last:
        return None
    if state.compared:
        joined = _either(plan, state) if joined_or and not compare_cue else None
        if joined is None:
            return _more_often(_comparison(plan, state, compare_cue, listed_or), state.asked)
        plan = joined
    groups = {s for s in subjects if s in GROUP_SUBJECTS}
    if len(groups) > 1:
        return None  # "topics and tags": two things asked for at once
    if subjects and subjects[0] in (SENTIMENT, *TIME_SUBJECTS) and groups and not state.per_group \
            and not state.asks_about:
        return None  # "the sentiment of my most common topic": the topic would be dropped, not looked at
    if subjects and subjects[0] in (POSTS, IMAGES) and groups == {"person"} and not state.per_group \
            and not state.asks_about and PEOPLE_IN_PHOTOS.search(state.asked):
        # "how many pics show a person?": what the tagger calls 'person' (said to be missing where it tagged none)
        tagged = state.facts.name("person", "Tag") == "person"
        groups, plan = set(), plan.with_filter(Filter("tag", "person", missing=not tagged))
    if subjects and subjects[0] in (POSTS, IMAGES) and groups and not state.per_group and not state.asks_about:
        return None  # "how many posts mention a person?": the posts' people would be dropped, not counted
    if plan.measure == NEVER and (plan.subject not in (*GROUP_SUBJECTS, *TIME_SUBJECTS) or plan.filters
                                  or plan.direction):
        return None  # "never negative" is said of topics, tags, people, years...: anything else goes to the LLM
    if plan.measure == ONLY and (plan.subject not in GROUP_SUBJECTS or plan.filters or plan.direction):
        return None  # "nothing but sad posts" is said of topics, tags, people...: anything else goes to the LLM
    if state.predicative and plan.subject in (*GROUP_SUBJECTS, "year", "month") and plan.get("sentiment"):
        return None  # "which topics are not negative?": of its posts, or mostly? the LLM gets it with a hint
    if state.average and plan.measure in (None, LIST):
        plan = replace(plan, measure="average")
    elif state.average and plan.measure not in ("average",):
        return None
    if plan.measure == MOSTLY and (plan.subject or POSTS) in (POSTS, IMAGES) \
            and not (plan.direction or plan.group_by or plan.threshold):
        plan = replace(plan, measure=SHARE)  # "beach pics mostly sad?": is most of them, answered with the share
    if plan.measure in (SHARE, MOSTLY) and plan.share_of is None:
        sentiment = plan.get("sentiment")
        if plan.measure == SHARE and sentiment is None:
            return (_share_of_the_predicate(plan, state.asked) or _share_of_verdict(plan, state.asked)
                    or _share_of_value(plan, state.asked))
        if plan.measure == SHARE and sentiment is not None and not sentiment.negated:
            value_last = _value_said_after_the_verdict(plan, state.asked)
            if value_last is not None:
                return value_last
        if sentiment is None or sentiment.negated:
            return None
        plan = replace(plan, share_of=sentiment.value, filters=tuple(f for f in plan.filters if f is not sentiment))
    if plan.subject is None and plan.measure == COUNT:
        plan = replace(plan, subject=POSTS)
    if plan.subject == IMAGES and plan.measure is None and plan.group_by in TIME_SUBJECTS \
            and not (plan.direction or plan.threshold):
        plan = replace(plan, measure=COUNT)  # "horse pictures by year": how many, year by year, as for posts
    if plan.subject == IMAGES and plan.measure == AVERAGE and not (plan.direction or plan.group_by
                                                                   or plan.counted_per_post):
        plan = replace(plan, subject=POSTS)  # "the average photo score of my animal pics": of the posts with one
    if plan.subject is None and plan.threshold and (state.threshold_unit or "").startswith("photo"):
        plan = replace(plan, subject="tag")  # "what appears in 5+ of my photos": what the photos show
    if plan.subject == POSTS and plan.measure == LIST and plan.limit and state.facts.newest is not None \
            and not (plan.direction or plan.group_by or plan.threshold):
        plan = replace(plan, direction="desc", rank_by="date")  # "list 3 posts about X": the newest 3, said so
    verdict = plan.get("sentiment")
    if plan.rank_by == "score" and plan.direction and not state.average and verdict is not None \
            and not verdict.negated and plan.subject in (*GROUP_SUBJECTS, *TIME_SUBJECTS) and plan.measure != AVERAGE \
            and (verdict.value, plan.direction) in (("negative", "asc"), ("positive", "desc")):
        # "the year most negative by its negative posts": the most posts of that verdict, as "the most negative year"
        # reads (an average over only the negative posts would rank how negative they are among themselves)
        plan = replace(plan, rank_by="count", direction="desc")
    score = plan.get("score")
    if score is not None and not score.negated and plan.measure == AVERAGE and plan.subject in GROUP_SUBJECTS \
            and not (plan.group_by or plan.threshold or plan.compare or plan.share_of):
        # "which topics have a mean score above 0.5": the topics whose average passes (it had been the
        # average of each topic's posts scoring above 0.5)
        side, op, value = score.value
        plan = replace(plan, filters=tuple(f for f in plan.filters if f is not score), average_bar=(op, value),
                       source=side)
    if state.when and plan.direction and plan.limit is None:
        plan = replace(plan, limit=1)  # "when did I first post about X": the first one
    if state.superlative and (plan.subject or POSTS) == POSTS and not plan.singular and plan.limit is None \
            and plan.rank_by == "score" and plan.measure != AVERAGE and plan.get("sentiment") is None:
        # "my saddest posts about cycling": only the negative posts, saddest first
        plan = plan.with_filter(Filter("sentiment", "negative" if plan.direction == "asc" else "positive"))
    return plan


def _sources_compared(state: ParseState) -> QueryPlan | None:
    """'were my photos or my captions more often sad in 2021?': how many captions and how many photos have that verdict
    (in the posts the other filters keep). An average ('happier on average') or a verdict said of something else
    goes to the LLM."""
    said = [f for f in state.filters if f.field in SENTIMENT_FIELDS]
    value = state.sources_compared
    if not value and len(said) == 1 and said[0].field == "sentiment" and not said[0].negated:
        value = str(said[0].value)
        said = []
    if not value or said or state.follow or state.average or state.group_by or state.threshold or state.compared \
            or state.measure not in (None, COUNT, LIST) or state.per_group or state.counts_each \
            or any(name not in (POSTS, IMAGES) for _, name, _ in state.subjects):
        return None
    rest = tuple(f for f in state.filters if f.field not in SENTIMENT_FIELDS)
    return QueryPlan(subject=POSTS, measure=COUNT, filters=rest, compare=(SOURCES, ("caption", "image")),
                     share_of=value)


def _activity(state: ParseState, ordered: list[tuple[int, str, str]]) -> QueryPlan | None:
    """'how often do I post?': the posting rate and span of all the posts. With anything that narrows them (a year,
    the last months, a topic, a verdict...) or anything but posts and photos asked for, None: a count answers it
    ("how often did I post over the last six months" is read as how many posts, as the suites' authors read it)."""
    if state.filters or state.follow or state.direction or state.threshold \
            or state.group_by or state.per_group or state.compared or state.average \
            or any(name not in (POSTS, IMAGES) for _, name, _ in ordered):
        return None
    return QueryPlan(subject=POSTS, measure=ACTIVITY)


def _sides_averaged(state: ParseState) -> QueryPlan | None:
    """'are my photos happier than my captions (in 2022)?': the average caption score and the average photo score of
    the posts the other filters keep, side by side. With a verdict, a grouping, a ranking or a subject other than
    posts and photos said as well, the LLM."""
    if state.sources_compared is not None or state.follow or state.group_by or state.direction or state.threshold \
            or state.compared or state.per_group or state.counts_each or state.measure not in (None, LIST, AVERAGE) \
            or any(f.field in SENTIMENT_FIELDS for f in state.filters) \
            or any(name not in (POSTS, IMAGES) for _, name, _ in state.subjects):
        return None
    return QueryPlan(subject=POSTS, measure=AVERAGE, filters=tuple(state.filters),
                     compare=(SOURCES, ("caption", "image")))


def _share_of_verdict(plan: QueryPlan, asked: str) -> QueryPlan | None:
    """'what % of my captions are upbeat', 'what share of my 2021 photos look sad': the share of one caption
    or photo verdict, out of the posts that have that verdict."""
    verdicts = [f for f in plan.filters if f.field in SOURCE_OF]
    if len(verdicts) != 1 or verdicts[0].negated or plan.subject not in (POSTS, IMAGES, None):
        return None
    rest = tuple(f for f in plan.filters if f is not verdicts[0])
    # "what % of my 2021 posts had a positive photo": out of all those posts (one with no photo has no positive
    # photo), not out of the posts with a photo
    of_all = plan.subject == POSTS and bool(POSTS_HAVING_A_VERDICT.search(asked))
    return replace(plan, subject=POSTS, share_of=verdicts[0].value, source=SOURCE_OF[verdicts[0].field],
                   filters=rest, notes=(*plan.notes, "share=all_posts") if of_all else plan.notes)


# posts said to have a side's verdict ("posts had a positive photo", "posts with an upbeat caption")
POSTS_HAVING_A_VERDICT = re.compile(r"\bposts (?:that |which )?(?:had|have|has|with|having|got|get) (?:a |an )?"
                                    r"(?:" + SENT + r")(?:[- ]looking)? (?:photo|caption)s?\b"
                                    # "of all the posts I made in 2021, what share had a positive photo"
                                    r"|\bof all (?:the |my )?posts\b.*\b(?:share|percentage|percent|fraction"
                                    r"|proportion|how many)(?: of (?:them|those|these))? (?:had|have|has|got) "
                                    r"(?:a |an )?(?:" + SENT + r") (?:photo|caption)s?\b")
SOURCE_OF = {"caption_sentiment": "caption", "image_sentiment": "image"}
SIDE_WORDS = {"caption": r"\b(?:captions?|text|words)\b", "image": r"\bphotos?\b"}
SHARE_PARTS = ("topic", "tag", "kind", "entity", "label", "language", "retweet", "weekday", "has_caption", "sides",
               "disagree")
# what a post may lack whose share is asked for ("what % of my posts have no hashtag"): graph.queries.posts.ABSENT
ABSENT_SHARED = ("image", "topic", "entity", "hashtag", "mention", "tag", "caption", "people")


def _share_of_the_predicate(plan: QueryPlan, asked: str) -> QueryPlan | None:
    """'of the posts with a negative photo, what share have a negative caption', 'what % of my posts with a sad
    photo mention Max': two things said, one in the scope ('posts with a negative photo') and one in what is
    asked of it; the one said last is the part counted, the other narrows the whole. Only for a side's verdict and
    one other verdict or value, each found in the question's words."""
    verdicts = [f for f in plan.filters if f.field in SOURCE_OF and not f.negated]
    values = [f for f in plan.filters if f.field in SHARE_PARTS and not f.negated and not f.missing and not f.either]
    if not verdicts or len(verdicts) + len(values) != 2 or plan.subject not in (POSTS, IMAGES, None):
        return None
    said: list[tuple[int, Filter]] = []
    for flt in (*verdicts, *values):
        pattern = SIDE_WORDS[SOURCE_OF[flt.field]] if flt.field in SOURCE_OF else _said_as(flt)
        found = [m.start() for m in re.finditer(pattern, asked)]
        if not found:
            return None
        said.append((found[-1] if flt.field in SOURCE_OF else found[0], flt))
    last = max(said, key=lambda pair: pair[0])[1]
    rest = tuple(f for f in plan.filters
                 if f is not last and not (last.field == "entity" and f.field == "entity_label"))
    if last.field in SOURCE_OF:
        return replace(plan, subject=POSTS, share_of=last.value, source=SOURCE_OF[last.field], filters=rest)
    return replace(plan, subject=plan.subject or POSTS, share_part=last, filters=rest)


def _said_as(flt: Filter) -> str:
    """The pattern of a value filter's words in the question ('cycling' or 'cyclings', '#berlin'; 'retweets', 'RTs')."""
    if flt.field == "retweet":
        return r"\b(?:re-?tweet|rt)s?\b"
    return r"(?<![\w])[#@]?" + re.escape(str(flt.value).lower()) + r"(?:s|es)?\b"


def _value_said_after_the_verdict(plan: QueryPlan, asked: str) -> QueryPlan | None:
    """'what share of the gloomy posts mention Max': Max's posts among the gloomy ones (the verdict, said first,
    narrows the whole; the value said after it is the part counted). None when the verdict is said last ('what % of
    my travel posts are sad'), or there is not exactly one value."""
    values = [f for f in plan.filters if f.field in SHARE_PARTS and not f.negated and not f.missing and not f.either]
    verdict = re.search(r"\b(?:" + SENT + r")\b", asked)
    if len(values) != 1 or verdict is None or plan.subject not in (POSTS, IMAGES, None):
        return None
    flt = values[0]
    said = re.search(_said_as(flt), asked)
    if said is None or said.start() < verdict.start() or not re.search(
            r"\b(?:are|is|were|was|have|has|had|mention|mentions|name|names|show|shows|feature|features|include"
            r"|includes|contain|contains|use|uses)\b", asked[verdict.end():said.start()]):
        return None  # "% of upbeat cycling posts": the verdict said of the cycling posts, not a part of them
    rest = tuple(f for f in plan.filters if f is not flt and not (flt.field == "entity" and f.field == "entity_label"))
    return replace(plan, subject=plan.subject or POSTS, share_part=flt, filters=rest)


def _share_of_value(plan: QueryPlan, asked: str) -> QueryPlan | None:
    """'what % of my posts are about cycling' (or in English): the share of the one value filter (the others narrow
    the whole); with a time said after the value ('what share of my cycling posts are from 2021'), the share of the
    value's posts made then, as the one said last is the part (_share_of_the_predicate)."""
    parts = [f for f in plan.filters if f.field in SHARE_PARTS and not f.negated and not f.missing]
    absent = [f for f in plan.filters if f.field == "absent" and f.value in ABSENT_SHARED and not f.negated]
    if not parts and len(absent) == 1 and plan.subject in (POSTS, None):
        # "what % of my posts have no hashtags": the share of those posts (the other filters narrow the whole)
        return replace(plan, subject=POSTS, share_part=absent[0], filters=tuple(f for f in plan.filters
                                                                                if f is not absent[0]))
    if not parts and plan.subject in (POSTS, None):
        return _share_of_time(plan)
    when = TIME_SAID.search(asked)
    if len(parts) == 1 and plan.subject in (POSTS, None) and when is not None and parts[0].field != "weekday":
        value_at = [m.start() for m in re.finditer(_said_as(parts[0]), asked)]
        if value_at and value_at[0] < when.start():
            timed = _share_of_time(replace(plan, filters=tuple(f for f in plan.filters if f is not parts[0])))
            if timed is not None:
                return replace(timed, filters=(*timed.filters, parts[0]))
    if len(parts) != 1 or plan.subject not in (POSTS, IMAGES, None):
        return None
    rest = tuple(f for f in plan.filters if f is not parts[0] and f.field != "entity_label")
    if plan.subject == IMAGES and parts[0].field in ("sides", "disagree"):
        # "% of photo posts where the caption's sentiment is the photo's": of the posts with a photo
        return replace(plan, subject=POSTS, share_part=parts[0], filters=(*rest, Filter("has_image", True)))
    return replace(plan, subject=plan.subject or POSTS, share_part=parts[0], filters=rest)


TIME_FIELDS = ("year", "month", "month_from", "month_to", "year_from", "year_to")
# where a question first names a time: a year, a month, a season
TIME_SAID = re.compile(r"\b(?:19|20)\d\d\b|\b(?:" + "|".join(MONTHS) + r"|spring|summer|autumn|fall)\b")


def _share_of_time(plan: QueryPlan) -> QueryPlan | None:
    """'what % of my posts are from 2021', '... in December', '... from the summer months' (June to August of any
    year), '... from 2019 to 2021': the share of the posts made then (the other filters narrow the whole). Only one
    time said (a year, a month, a span of months of any year, a span of years); else None."""
    said = {f.field: f for f in plan.filters if f.field in TIME_FIELDS}
    if not said or any(f.negated for f in said.values()):
        return None
    rest = tuple(f for f in plan.filters if f.field not in TIME_FIELDS)
    fields = set(said)
    if fields in ({"year"}, {"month"}):
        part = next(iter(said.values()))
    elif fields == {"month_from", "month_to"} and said["month_from"].value < said["month_to"].value:
        part = Filter("months", tuple(range(said["month_from"].value, said["month_to"].value + 1)))
    elif fields == {"year_from", "year_to"} and said["year_from"].value < said["year_to"].value:
        part = Filter("years", tuple(range(said["year_from"].value, said["year_to"].value + 1)))
    else:
        return None
    return replace(plan, subject=POSTS, share_part=part, filters=rest)


# photos said to show people ("pics with people in them", "photos that show someone")
PEOPLE_IN_PHOTOS = re.compile(r"\b(?:photos?|pictures?|pics)\b.*\b(?:show|shows|showing|shown|with|of|featuring|feature"
                              r"|features|have|has|include|includes|including|contain|contains|containing)"
                              r"(?: (?:a|any|some))? (?:person|people|persons|someone|somebody|anyone|anybody)\b"
                              # "posts with a person in the pic"
                              r"|\b(?:person|people|persons) in (?:the |a |their |its )?(?:photos?|pictures?|pics)\b")
# "which is bigger, food or travel?", "which one do I have, cats or dogs?": two values weighed against each other,
# never the posts of either
WEIGHED = re.compile(r"\b(?:which|what) (?:is|was|are|were|one|ones|has|had|have|do|did|of them|of the two)\b"
                     r"|\b(?:bigger|smaller|larger|commoner|rarer|ahead|win|wins|won|beat|beats)\b")
EITHER_FIELDS = ("topic", "tag", "kind", "entity")


def _either(plan: QueryPlan, state: ParseState) -> QueryPlan | None:
    """'photos that show food or drink', 'how many posts are about cats or dogs' (values joined by 'or' with no
    word of comparison): the posts (photos) with any one of the values, when posts or photos are listed, counted or
    taken a share of. Groups, rankings, thresholds and averages of such values go to the LLM."""
    if len(state.compared) != 1:
        return None
    field, values = next(iter(state.compared.items()))
    first = plan.get(field)
    if field not in EITHER_FIELDS or len(values) < 2 or first is None or first.negated or first.missing \
            or first.value != values[0] or plan.direction or plan.threshold or plan.group_by or state.average \
            or state.per_group or state.counts_each or plan.share_part is not None \
            or plan.measure not in (None, LIST, COUNT, SHARE) \
            or plan.subject not in (POSTS, IMAGES, None):
        return None
    rest = tuple(f for f in plan.filters if f is not first and not (field == "entity" and f.field == "entity_label"))
    return replace(plan, subject=plan.subject or POSTS, filters=(*rest, replace(first, either=tuple(values[1:]))))


COMPARED_GROUPS = {"topic": "topic", "tag": "tag", "kind": "kind", "entity": "entity", "year": "year"}
SIGNED_GROUPS = {"HASHTAG": "hashtag", "MENTION": "mention"}  # two hashtags (accounts) compared: that group


def _comparison(plan: QueryPlan, state: ParseState, cue: bool, listed_or: bool) -> QueryPlan | None:
    """Values compared side by side: one row each, with its count (photos for tags), or its average sentiment
    ('happier', 'on average'); sentiments compared are a breakdown by sentiment. Only with a word of comparison
    (more, vs, compared to, than, happier...) or sentiments listed with 'and' ("how many are positive, neutral and
    negative"). Without one, "how many posts are about cats or food" asks for the posts of either (_either)."""
    if len(state.compared) != 1:
        return None
    field, values = next(iter(state.compared.items()))
    every_verdict = field in SENTIMENT_FIELDS and len(set(values)) == 3  # "positive, neutral or negative": a breakdown
    if not cue and not every_verdict and (listed_or or field not in SENTIMENT_FIELDS):
        return None
    rest = tuple(f for f in plan.filters if f.field != field and not (field == "entity" and f.field == "entity_label"))
    compare = (field, tuple(values))
    if field in SENTIMENT_FIELDS:
        if not state.average and plan.group_by in TIME_SUBJECTS and plan.subject in (POSTS, None) \
                and not plan.direction:  # sentiments compared for each year: each year's count per verdict
            return replace(plan, subject=plan.group_by, filters=rest, compare=compare, group_by=SENTIMENT,
                           measure=None, limit=None)
        if not state.average and state.per_group and plan.subject == state.per_group \
                and plan.group_by in (None, SENTIMENT):  # "positive vs negative posts per topic"
            return replace(plan, filters=rest, compare=compare, group_by=SENTIMENT, measure=None, direction=None,
                           limit=None)
        if state.average or plan.direction or plan.subject not in (POSTS, IMAGES, None):
            return None
        return replace(plan, subject=plan.subject or POSTS, filters=rest, compare=compare, group_by=SENTIMENT,
                       measure=None, direction=None, limit=None)
    by_mood = plan.group_by == SENTIMENT and field == "year" and not state.per_group
    if by_mood:  # "compare my 2023 and 2024 posts by mood": their average sentiment, as "the mood of ..." reads
        plan = replace(plan, group_by=None)
    if plan.direction == "desc" and plan.limit is None and plan.rank_by == "count":
        plan = replace(plan, direction=None)  # "used #a more often than #b": the comparison's own order
    average_said = state.average or by_mood or plan.measure == AVERAGE or plan.subject == SENTIMENT
    if field == "weekday" and not (plan.direction or plan.threshold or plan.group_by or plan.share_of or average_said
                                   or (state.measure not in (None, COUNT) and not state.when)
                                   or plan.subject not in (POSTS, None)):
        # "did I post more at weekends or on weekdays" ("when do I post more, ...?" too): the posts made on each,
        # counted side by side
        return replace(plan, subject=POSTS, filters=rest, compare=compare, measure=COUNT, limit=None, singular=False)
    verdict = plan.get("sentiment")
    if field in ("topic", "tag", "kind", "entity") and SHARE in (state.measure, plan.measure) \
            and (plan.share_of or (verdict is not None and not verdict.negated)) \
            and not (plan.direction or plan.threshold or plan.group_by or average_said) \
            and plan.subject in (POSTS, None):
        # "percent negative: cats vs dogs", "what % of my cat posts vs my dog posts are negative": each one's share of
        # that verdict, side by side (it went to the LLM)
        label = plan.get("entity_label") if field == "entity" else None
        signed = label is not None and len(state.signed) == len(values) and set(state.signed) == {label.value}
        return replace(plan, subject=(SIGNED_GROUPS.get(label.value) if signed and label else None)
                       or COMPARED_GROUPS[field], filters=tuple(f for f in rest if f is not verdict), compare=compare,
                       measure=SHARE, share_of=plan.share_of or (verdict.value if verdict else None),
                       direction="desc", rank_by="share",
                       limit=len(values), singular=False)
    if field not in COMPARED_GROUPS or plan.direction or plan.threshold or plan.group_by or plan.share_of \
            or state.measure == SHARE:
        return None  # "Rome vs Oslo posts: positive share": shares compared are not a fragment here (the LLM)
    average = state.average or by_mood or plan.measure == AVERAGE or plan.subject == SENTIMENT  # "compare my mood"
    if field == "year":
        return replace(plan, subject="year", filters=rest, compare=compare, singular=False,
                       measure="average" if average else COUNT, limit=None)
    label = plan.get("entity_label") if field == "entity" else None
    signed = label is not None and len(state.signed) == len(values) and set(state.signed) == {label.value}
    subject = SIGNED_GROUPS.get(label.value) if signed else None
    return replace(plan, subject=subject or COMPARED_GROUPS[field], filters=rest, compare=compare, singular=False,
                   measure="average" if average else COUNT, direction=None if average else "desc",
                   limit=len(values))
