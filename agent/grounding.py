"""Map words of a question to values that exist in the graph ("dogs" -> Tag 'dog', "Paris" -> Entity
'paris', "trip" -> Topic 'travel'), so the small model copies real values instead of guessing spellings.

Vocabularies are read once from the store with read-only queries and cached; `refresh()` re-reads them
after a load.
"""
from __future__ import annotations

import difflib
import itertools
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass

from graph import queries
from graph.store import GraphStore

log = logging.getLogger(__name__)

VOCAB_LIMIT = 5000
VOCAB_QUERIES: dict[str, str] = {
    "Topic": queries.VOCAB_TOPICS, "Tag": queries.VOCAB_TAGS, "Entity": queries.VOCAB_ENTITIES,
    "Tag.kind": queries.VOCAB_TAG_KINDS,
}
STOPWORDS = frozenset([
    "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at", "be",
    "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
    "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most",
    "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out",
    "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them",
    "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you",
    "your", "yours", "show", "list", "give", "tell", "find", "many", "much", "count", "number", "posts", "post",
    "photo", "photos", "picture", "pictures", "image", "images", "pic", "pics", "topic", "topics", "tag", "tags",
    "entity", "entities", "sentiment", "caption", "captions", "mention", "mentions", "mentioned", "ever", "time",
    "times", "year", "years", "month", "months", "day", "days", "did", "one", "ones", "like", "also", "get", "got",
    "see", "seen", "top", "most", "least",
])
SYNONYMS: dict[str, tuple[str, ...]] = {
    "trip": ("travel",), "trips": ("travel",), "vacation": ("holiday", "travel"), "holidays": ("holiday",),
    "journey": ("travel",), "traveling": ("travel",), "travelling": ("travel",),
    "bike": ("bicycle", "cycling"), "bikes": ("bicycle", "cycling"), "biking": ("cycling",),
    "puppy": ("dog",), "puppies": ("dog",), "doggy": ("dog",), "doggie": ("dog",), "doggo": ("dog",),
    "pup": ("dog",), "pups": ("dog",), "kitten": ("cat",), "kittens": ("cat",), "kitty": ("cat",),
    "kitties": ("cat",), "critter": ("animal",), "critters": ("animal",), "creature": ("animal",),
    "creatures": ("animal",), "pets": ("animal",), "wildlife": ("animal",),
    "sea": ("beach",), "seaside": ("beach",), "coast": ("beach",), "ocean": ("beach",),
    "meal": ("food",), "dinner": ("food",), "lunch": ("food",), "eating": ("food",), "grub": ("food",),
    "snack": ("food",), "snacks": ("food",), "foodie": ("food",), "foodies": ("food",),
    "concert": ("music",), "job": ("work",), "office": ("work",), "hike": ("hiking",),
    "mountains": ("mountain",), "people": ("person",), "human": ("person",), "humans": ("person",),
    "persons": ("person",), "sick": ("health",), "clothes": ("clothing",), "apparel": ("clothing",),
    "outfit": ("clothing",), "outfits": ("clothing",), "urban": ("city",), "cityscape": ("city",),
    "cityscapes": ("city",), "skyline": ("city",), "serpent": ("snake",), "serpents": ("snake",),
    "fire engine": ("fire truck",), "fire engines": ("fire truck",), "firetruck": ("fire truck",),
    "firetrucks": ("fire truck",),
}
SENTIMENT_WORDS = {"happy": "positive", "glad": "positive", "joyful": "positive", "positive": "positive",
                   "sad": "negative", "unhappy": "negative", "angry": "negative", "negative": "negative",
                   "neutral": "neutral", "upset": "negative", "gloomy": "negative", "cheerful": "positive"}


@dataclass(frozen=True)
class Grounding:
    """One question word tied to one graph value."""

    word: str
    target: str  # "Topic", "Tag", "Entity", "Tag.kind" or "Sentiment"
    name: str
    detail: str = ""

    def describe(self) -> str:
        if self.target == "Sentiment":
            return f"'{self.word}' -> sentiment value '{self.name}'"
        if self.target == "Tag.kind":
            return f"'{self.word}' -> Tag.kind = '{self.name}'"
        extra = {"Tag": f" (kind '{self.detail}')", "Entity": f" (label '{self.detail}')"}.get(self.target, "")
        return f"'{self.word}' -> {self.target}.name = '{self.name}'{extra}"


def word_forms(word: str) -> list[str]:
    """The word plus light lemmatisation: possessive, plural and -ing/-ed forms (no dictionary needed)."""
    w = word.lower().strip("'").removesuffix("'s")
    forms = [w]
    if w.endswith("ies") and len(w) > 4:
        forms.append(w[:-3] + "y")
    if w.endswith("es") and len(w) > 4:
        forms.append(w[:-2])
    if w.endswith("zzes") and len(w) > 5:  # "quizzes": quiz (its last letter doubled before -es)
        forms.append(w[:-3])
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        forms.append(w[:-1])
    forms.extend(SYNONYMS.get(w, ()))
    return list(dict.fromkeys(forms))


def question_terms(question: str) -> list[str]:
    """Words and adjacent word pairs of the question that could name a graph value."""
    words = re.findall(r"[#@]?[\w][\w'.-]*[\w]|[#@]?\w", question.lower())
    words = [w.rstrip(".") for w in words]
    pairs = [f"{a} {b}" for a, b in itertools.pairwise(words) if a not in STOPWORDS and b not in STOPWORDS]
    return pairs + [w for w in words if w.lstrip("#@") not in STOPWORDS and len(w.lstrip("#@")) > 1]


class Grounder:
    """Finds graph values named in a question, with cached vocabularies per store."""

    def __init__(self, store: GraphStore, fuzzy_cutoff: float = 0.88) -> None:
        self.store = store
        self.fuzzy_cutoff = fuzzy_cutoff
        self._vocab: dict[str, dict[str, list[str]]] | None = None
        self._folds: dict[int, tuple[dict[str, list[str]], dict[str, str]]] = {}
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Forget the cached vocabularies (after a load changed the graph)."""
        with self._lock:
            self._vocab = None
            self._folds = {}

    def vocabularies(self) -> dict[str, dict[str, list[str]]]:
        """{target: {name: [details]}} read from the graph once."""
        with self._lock:
            if self._vocab is None:
                vocab: dict[str, dict[str, list[str]]] = {}
                for target, query in VOCAB_QUERIES.items():
                    names: dict[str, list[str]] = {}
                    for row in self.store.query(query, {"limit": VOCAB_LIMIT}):
                        if row.get("name"):
                            detail = row.get("detail")
                            names.setdefault(str(row["name"]), []).extend(
                                [str(d) for d in detail] if isinstance(detail, list) else [str(detail or "")])
                    vocab[target] = names
                self._vocab = vocab
                log.debug("grounding vocabularies: %s", {k: len(v) for k, v in vocab.items()})
            return self._vocab

    def _folded(self, names: dict[str, list[str]]) -> dict[str, str]:
        """The names keyed by their accent-free form (built once per vocabulary; the first name wins a clash)."""
        entry = self._folds.get(id(names))
        if entry is None or entry[0] is not names:  # keyed by identity: a new vocabulary gets its own
            folded: dict[str, str] = {}
            for name in names:
                folded.setdefault(fold_accents(name), name)
            entry = self._folds[id(names)] = (names, folded)
        return entry[1]

    def match_name(self, term: str, names: dict[str, list[str]]) -> str | None:
        """The name in `names` that `term` means (exact, plural/possessive/synonym form, or a close spelling)."""
        return self._match(term, names)

    def _match(self, term: str, names: dict[str, list[str]]) -> str | None:
        bare = term.lstrip("#@")
        forms = word_forms(bare)
        for form in forms:
            if form in names:
                return form
        folded = self._folded(names)  # "cafe" for "café": the same name with its accents typed or not
        for form in forms:
            if fold_accents(form) in folded:
                return folded[fold_accents(form)]
        if len(bare) >= 5 and " " not in bare:
            close = difflib.get_close_matches(bare, list(names), n=1, cutoff=self.fuzzy_cutoff)
            if close:
                return close[0]
        return None

    def ground(self, question: str, max_items: int = 12) -> list[Grounding]:
        """The graph values the question's words name, most specific (word pairs) first."""
        found: dict[tuple[str, str, str], Grounding] = {}
        vocab = self.vocabularies()
        for term in question_terms(question):
            bare = term.lstrip("#@")
            if bare in SENTIMENT_WORDS:
                found.setdefault(("Sentiment", SENTIMENT_WORDS[bare], ""),
                                 Grounding(term, "Sentiment", SENTIMENT_WORDS[bare]))
                continue
            for target, names in vocab.items():
                name = self._match(term, names)
                if name is None:
                    continue
                # a topic's details are its keywords (agent/vocab.py reads them): one grounding, no detail
                for detail in names[name] if target != "Topic" else [""]:
                    if not _fits_prefix(term, target, detail):
                        continue
                    found.setdefault((target, name, detail), Grounding(term, target, name, detail))
        return list(found.values())[:max_items]


def fold_accents(text: str) -> str:
    """The text without its accents ('café' -> 'cafe', 'münchen' -> 'munchen')."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _fits_prefix(term: str, target: str, detail: str) -> bool:
    """'#word' only names a hashtag and '@word' only a mention; plain words name anything."""
    if term.startswith("#"):
        return target == "Entity" and detail == "HASHTAG"
    if term.startswith("@"):
        return target == "Entity" and detail == "MENTION"
    return True


def grounding_text(groundings: list[Grounding]) -> str:
    """The prompt section listing grounded values ('' when nothing matched)."""
    if not groundings:
        return ""
    lines = "\n".join(f"- {g.describe()}" for g in groundings)
    return f"Values that exist in the graph for words of the question (use these exact values):\n{lines}\n"
