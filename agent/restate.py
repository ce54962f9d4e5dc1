"""Restating: a question the parser does not understand is reworded by the LLM into plain wording, and the parser
reads the rewording. Rewording is an easier task for a 1.5B model than writing Cypher, and the parser's plans are
checked templates; the answer says the question was reworded and shows how, so a reader can see a misreading.

The LLM sees the nearest examples of casual -> plain wording (agent/restate_examples.jsonl, built from the dev
halves of the question families by research/agent_eval/restate_pairs.py). A rewording is only used when it keeps
what a rewording must not change (`restatement_problem`): the numbers, the negation, the names of things (each must
come from the question's own words or what they name in the graph), the sentiment asked about, and whose verdict
(the photo's or the caption's). Otherwise the question goes on to the Cypher-writing path as before.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from agent.few_shot import FewShotSelector, shared_selector
from agent.plan import SENTIMENT_FIELDS, VALUE_FIELDS, QueryPlan
from agent.prompts import RESTATE_EXAMPLE, RESTATE_HUMAN, RESTATE_TASK
from agent.wording import normalise

EXAMPLES_PATH = Path(__file__).with_name("restate_examples.jsonl")
MAX_REWORDING_CHARS = 300
SPECIAL_TOKEN = re.compile(r"<\|[^|>]*\|>")
NUMBER = re.compile(r"\b\d+\b")
NEGATION = re.compile(r"\b(not|no|never|without|none|nothing|zero|except|excluding|neither|nor|\w+n't|aint|dont|doesnt|"
                      r"didnt|isnt|arent|wasnt|werent|havent|hasnt|hadnt|cant|wont|shouldnt|wouldnt|couldnt)\b")
MONTHS = re.compile(r"\b(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|"
                    r"sept|sep|october|oct|november|nov|december|dec)\b")
RANGE = re.compile(r"\b(later|after|since|onwards?|before|earlier|until|till|between|prior)\b")
RELATIVE = re.compile(r"\b(last|past|recent|recently|since|ago|previous|latest|newest|this|lately|current)\b")
PHOTO_CUES = re.compile(r"\b(photos?|images?|pictures?|pics?|picture|shots?|visuals?|looks?|see|seen|shows?|showing)\b")
CAPTION_CUES = re.compile(r"\b(captions?|text|texts|wrote|write|writing|written|words?|says?|said|describe[sd]?|"
                          r"description)\b")
SHARE_CUES = re.compile(r"\b(perc\w*|share|fraction|proportion|ratio|portion)\b|%")
ASCENDING = {"least", "fewest", "lowest", "rarest", "rarely", "smallest", "bottom", "min", "minimum", "seldom"}
DESCENDING = {"most", "top", "highest", "biggest", "largest", "greatest", "max", "maximum", "busiest"}
NEUTRAL_CUES = {"neutral", "meh", "indifferent", "flat", "emotionless", "unemotional", "bland", "neither"}
EXTRA_POLARITY = {"upbeat": "positive", "uplifting": "positive", "cheery": "positive", "downbeat": "negative",
                  "gloomy": "negative", "moody": "negative", "bummer": "negative"}
POLARITY_FLOOR = 0.5  # a VADER valence at least this strong counts as a word of that polarity
# words of the lexicon that are not about sentiment in a question ("top", "my most liked", "please")
NOT_POLARITY = {"like", "likes", "liked", "top", "popular", "please", "thanks", "thank", "ok", "okay", "yes", "no",
                "pretty", "well", "want", "share", "shared", "shares", "sharing", "sure", "kind", "help", "free",
                "clear", "certain", "interest", "interested", "matter", "lol", "ha", "haha", "cool", "fine"}


@dataclass(frozen=True)
class RestateExample:
    """One casual question and the plain wording of it the parser reads."""

    question: str
    plain: str


def load_restate_examples(path: Path = EXAMPLES_PATH) -> list[RestateExample]:
    """The packaged examples (JSONL lines {"question", "plain"}); none when the file is absent."""
    if not path.exists():
        return []
    return [RestateExample(item["question"], item["plain"])
            for item in (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())]


def restate_messages(question: str, examples: Sequence[RestateExample], previous: str | None,
                     system: str) -> list[tuple[str, str]]:
    """The chat messages asking for a plain rewording of `question` (after `previous`, for a follow-up), under
    `system`: the Cypher prompt's own system message, so the local model's cached prefix stays (agent/prompts.py)."""
    shown = "".join(RESTATE_EXAMPLE.format(question=e.question, plain=e.plain) for e in examples)
    context = f"(It follows the question: {previous})\n" if previous else ""
    return [("system", system), ("human", RESTATE_HUMAN.format(task=RESTATE_TASK, examples=shown, context=context,
                                                               question=question))]


def clean_rewording(reply: str, question: str) -> str | None:
    """The rewording in a model reply (its first line, without a label, quotes or chat-template tokens), or None
    when the reply holds no usable question (empty, Cypher, far too long, or the question unchanged)."""
    text = SPECIAL_TOKEN.sub(" ", reply or "")
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    line = re.sub(r"^(plain( wording)?|question|rewrit\w*|reworded)\s*:\s*", "", line, flags=re.IGNORECASE)
    line = line.strip().strip("\"'`“”‘’").strip()
    if not line or len(line) > MAX_REWORDING_CHARS or re.search(r"\b(MATCH|RETURN)\b|[;{}]", line):
        return None
    if normalise(line) == normalise(question):
        return None
    return line


@lru_cache(maxsize=1)
def _valences() -> dict[str, float]:
    """VADER's word valences (the lexicon the caption sentiment already ships); empty where it is missing."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return {}
    return dict(SentimentIntensityAnalyzer().lexicon)


def polarities_in(words: Iterable[str], named: dict[str, str]) -> set[str]:
    """The sentiments the words speak of: VADER's strong words, the grounded sentiment words, neutral's words."""
    valences = _valences()
    found: set[str] = set()
    for word in words:
        if word in named:
            found.add(named[word])
        if word in EXTRA_POLARITY:
            found.add(EXTRA_POLARITY[word])
        if word in NEUTRAL_CUES or word.startswith("neutral"):
            found.add("neutral")
        if word == "pos" or word.startswith("positiv"):
            found.add("positive")
        if word == "neg" or word.startswith("negativ"):
            found.add("negative")
        value = 0.0 if word in NOT_POLARITY else valences.get(word, 0.0)
        if value >= POLARITY_FLOOR:
            found.add("positive")
        elif value <= -POLARITY_FLOOR:
            found.add("negative")
    return found


def negated(text: str) -> bool:
    """The text says not / never / without / n't (as written or as the parser reads it)."""
    return bool(NEGATION.search(text.lower().replace("\u2019", "'")) or NEGATION.search(normalise(text)))


def _plan_sentiments(plan: QueryPlan) -> set[str]:
    found = {str(f.value) for f in plan.filters if f.field in SENTIMENT_FIELDS}
    if plan.share_of:
        found.add(plan.share_of)
    if plan.compare and plan.compare[0] in SENTIMENT_FIELDS:
        found |= {str(v) for v in plan.compare[1]}
    return found


def _subjects_named(plan: QueryPlan) -> dict[str, bool]:
    """For the nouns a question asks about by name (years, months, topics): whether the plan still involves them."""
    fields = {f.field for f in plan.filters} | ({plan.share_part.field} if plan.share_part else set())
    involved = {plan.subject, plan.group_by, plan.compare[0] if plan.compare else None} | fields
    return {"year": bool(involved & {"year", "year_from", "year_to", "date_from", "date_since", "date_until"}),
            "month": bool(involved & {"month", "date_from", "date_since", "date_until", "month_from", "month_to"}),
            "topic": "topic" in involved}


def _plan_values(plan: QueryPlan) -> list[str]:
    values: list[Any] = [v for f in plan.filters if f.field in (*VALUE_FIELDS, "words") for v in f.values]
    if plan.share_part is not None and plan.share_part.field in VALUE_FIELDS:
        values.append(plan.share_part.value)
    if plan.compare and plan.compare[0] in VALUE_FIELDS:
        values.extend(plan.compare[1])
    out: list[str] = []
    for value in values:
        out.extend(str(v) for v in (value if isinstance(value, (list, tuple)) else [value]))
    return out


def _anchored(value: str, words: set[str], text: str, grounded: set[str]) -> bool:
    """A name the rewording put in the plan comes from the question: said in it, named by its words in the graph,
    or sharing its start with one of its words ("doggo" -> dog, "beaches" -> beach)."""
    name = value.lower().lstrip("#@").strip()
    if not name or name in grounded or name in text:
        return True
    for token in re.findall(r"[a-z0-9]+", name):
        stem = token[: max(3, min(len(token), 4))]
        if not any(w.startswith(stem) or token.startswith(w) and len(w) >= 3 for w in words):
            return False
    return True


def restatement_problem(question: str, rewording: str, plan: QueryPlan, grounded: dict[str, str],
                        named_sentiments: dict[str, str], named_words: Iterable[str] = ()) -> str | None:
    """Why the plan read from `rewording` may not mean what `question` asked (None: nothing found).

    `grounded` maps graph names the question's words name to their target; `named_sentiments` maps sentiment words
    to their value; `named_words` are the question's words that name a topic, tag or entity (agent/grounding.py),
    which the rewording must keep. Checked: the same numbers (years, limits, thresholds), negation in both or
    neither, each name in the plan from the question's words and each graph name of the question kept, each sentiment
    in the plan spoken of in the question and each sentiment the question speaks of in the plan, a photo's or
    caption's verdict only when the question speaks of the photo or the caption, a month only when it names one, a
    date or a relative date only when it says one, a range ("2022 or later") kept, a share kept a share, the years,
    months or topics asked about kept, and no ranking turned the other way round."""
    asked, plain = normalise(question), normalise(rewording)
    raw = question.lower()
    words = set(asked.split()) | set(re.findall(r"[a-z0-9]+", raw))
    if set(NUMBER.findall(asked)) != set(NUMBER.findall(plain)):
        return f"the numbers changed ({sorted(set(NUMBER.findall(asked)))} -> {sorted(set(NUMBER.findall(plain)))})"
    if negated(question) != negated(rewording):
        return "the negation changed"
    for value in _plan_values(plan):
        if not _anchored(value, words, f" {asked} {raw} ", set(grounded)):
            return f"'{value}' is not in the question"
    kept = set(plain.split()) | set(re.findall(r"[a-z0-9]+", rewording.lower()))
    for word in named_words:
        if len(word) >= 4 and not _anchored(word, kept, f" {plain} {rewording.lower()} ", set()):
            return f"the rewording dropped '{word}'"
    spoken, read = polarities_in(words, named_sentiments), _plan_sentiments(plan)
    if read - spoken:
        return f"the question does not speak of {', '.join(sorted(read - spoken))} sentiment"
    per_sentiment = "sentiment" in (plan.subject, plan.group_by) or bool(plan.compare and plan.compare[0] in
                                                                         SENTIMENT_FIELDS)
    if spoken - read and not per_sentiment:
        return f"the rewording lost the {', '.join(sorted(spoken - read))} sentiment the question speaks of"
    fields = {f.field for f in plan.filters}
    photo_verdict = "image_sentiment" in fields or plan.source == "image" or plan.compares_sources
    if photo_verdict and not PHOTO_CUES.search(asked):
        return "the photo's verdict, but the question does not speak of the photos"
    if ("caption_sentiment" in fields or plan.source == "caption") and not CAPTION_CUES.search(asked):
        return "the caption's verdict, but the question does not speak of the captions"
    if "month" in fields and not MONTHS.search(raw):
        return "a month the question does not name"
    ranged = bool(fields & {"date_from", "date_since", "date_until", "year_from", "year_to"})
    if ranged and not (RELATIVE.search(asked) or NUMBER.search(asked)):
        return "a date range the question does not give"
    if RANGE.search(asked) and not ranged:
        return "the rewording lost the date range"
    if fields & {"year", "month"} and not (RELATIVE.search(asked) or NUMBER.search(asked) or MONTHS.search(raw)):
        return "a date the question does not give"
    if SHARE_CUES.search(raw) and plan.measure not in ("share", "mostly") and not plan.share_part:
        return "the question asks for a share, the rewording does not"
    lost = [noun for noun, kept in _subjects_named(plan).items() if re.search(rf"\b{noun}s?\b", asked) and not kept]
    if lost:
        return f"the rewording lost the {lost[0]}s the question asks about"
    if plan.direction == "asc" and words & DESCENDING and not words & ASCENDING:
        return "a 'least' ranking for a 'most' question"
    if plan.direction == "desc" and words & ASCENDING and not words & DESCENDING:
        return "a 'most' ranking for a 'least' question"
    return None


def default_restate_selector() -> FewShotSelector:
    """The selector over the packaged restating examples (one per process, see few_shot.shared_selector)."""
    return shared_selector(load_restate_examples)
