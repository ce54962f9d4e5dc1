"""Post keyphrases: KeyBERT keyphrases, normalised into a persistent vocabulary of reusable phrase names.

KeyBERT runs on the shared MiniLM model and reuses the caption embedding EmbeddingExtractor already computed,
so captions are never encoded twice; candidate phrases are encoded once per process (cached), because the
same words recur across batches. Raw phrases then go through `topic_vocabulary` (rules + nearest-phrase
merge), and each post keeps at most `max_topics` keyphrases scoring at least `min_score`.

Keyphrases describe ONE caption (most occur once in a collection), so they are stored as light Keyphrase
nodes; the Topics a person reads are made over the whole collection after a load (`collection_pass`:
extractors/topic_model.py clusters, ingest/topics.py writes them).
"""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from core.settings import Settings, get_settings
from extractors.base import Extraction, PostAnalysis, TopicScore
from extractors.social_text import VIEWS_VERSION, TextViews, text_views
from extractors.topic_phrases import PhraseCache
from extractors.topic_vocabulary import GENERIC_WORDS, TopicVocabulary, normalise_phrase

log = logging.getLogger(__name__)

RULES_VERSION = "4"  # 3: keyphrases, no longer Topics; 4: run-together hashtags read as words (for_topics)
TOKEN_PATTERN = r"(?u)\b[^\W\d_]{3,}\b"  # words of letters only: numbers, codes and t.co ids never become topics
MIN_TAG_SCORE = 0.2
IMAGE_TOPICS_NOTE = "topics from image tags"  # a reason for people (Post.notes, load report), never parsed
PHRASE_CACHE_FILE = "topic_phrases.npz"
MAX_TOPIC_CHARS = 1_500  # MiniLM reads 256 word pieces (~1,000 characters): the caption vector sees no more
_DEFAULT = object()


def _stop_words() -> list[str]:
    """sklearn's English stop words plus words that are never a topic ('photo', 'today'): not worth encoding."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(ENGLISH_STOP_WORDS | GENERIC_WORDS)


def _written_as_name(phrase: str, text: str) -> bool:
    """True when every word of the phrase is capitalised in the text ('New York', 'Real Madrid'): a name."""
    return all(re.search(rf"\b{re.escape(w[:1].upper() + w[1:])}\b", text) for w in phrase.split())


class TopicExtractor:
    """Up to `max_topics` TopicScore per post, named from a vocabulary shared across batches and runs."""

    name = "topics"
    batch_size = 256  # larger batches share more candidate phrases between posts
    collection_pass = True  # the loader clusters the collection's posts into Topics after writing them

    def __init__(
        self, settings: Settings | None = None, vocabulary_path: Path | None | object = _DEFAULT,
        top_n: int = 5, max_topics: int = 3, min_score: float = 0.3, merge_threshold: float = 0.8,
        diversity: float = 0.5,
    ) -> None:
        """`vocabulary_path=None` keeps the vocabulary in memory only (tests); default settings.home/topics.json."""
        self.settings = settings or get_settings()
        self.model_name = self.settings.embedding_model
        if vocabulary_path is _DEFAULT:
            vocabulary_path = self.settings.home / "topics.json"
        self.vocabulary_path: Path | None = vocabulary_path  # type: ignore[assignment]
        self.top_n, self.max_topics, self.min_score = top_n, max_topics, min_score
        self.merge_threshold, self.diversity = merge_threshold, diversity
        self.version = (
            f"{RULES_VERSION}:views{VIEWS_VERSION}:{self.model_name}:mmr{diversity}:top{top_n}:max{max_topics}"
            f":min{min_score}:merge{merge_threshold}"
        )
        self._vocabulary: TopicVocabulary | None = None
        self._phrase_cache: PhraseCache | None = None

    @property
    def vocabulary(self) -> TopicVocabulary:
        """The topic registry, loaded from disk (or created) on first use."""
        if self._vocabulary is None:
            model = self._model()
            self._vocabulary = TopicVocabulary.load(
                self.vocabulary_path, self.model_name, model.get_embedding_dimension(), self.merge_threshold
            )
            log.info("topic vocabulary: %s topics from %s", len(self._vocabulary), self.vocabulary_path)
        return self._vocabulary

    def _model(self) -> Any:
        from extractors.embeddings import load_sentence_model

        return load_sentence_model(self.model_name, self.settings)

    @property
    def phrase_cache(self) -> PhraseCache:
        """Phrase embeddings saved beside the vocabulary: words recur, so later runs encode few."""
        if self._phrase_cache is None:
            path = self.vocabulary_path.with_name(PHRASE_CACHE_FILE) if self.vocabulary_path else None
            self._phrase_cache = PhraseCache.load(path, self.model_name, self.vocabulary.dim)
        return self._phrase_cache

    def embed_phrases(self, phrases: Sequence[str]) -> np.ndarray:
        """Unit embeddings of short phrases, each encoded once (per process, and across runs when saved)."""
        return self.phrase_cache.embed(phrases, self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        from extractors.embeddings import embed_texts

        return embed_texts(texts, self.model_name, settings=self.settings)

    def extract(self, items: Sequence[PostAnalysis]) -> list[Extraction]:
        views = [self._views(item) for item in items]
        notes: list[list[str]] = [[] for _ in items]
        docs = [self._topic_text(item, view, note) for item, view, note in zip(items, views, notes, strict=True)]
        candidates = self.keyphrases(docs, self._doc_vectors(items, views))
        normalised = [[(n, s) for p, s in found if (n := normalise_phrase(p))] for found in candidates]
        names = {
            normalise_phrase(p) for view, found in zip(views, candidates, strict=True)
            for p, _ in found if " " in p and _written_as_name(p, view.for_topics)
        }
        mapping = self.vocabulary.assign(
            [n for found in normalised for n, _ in found], self.embed_phrases, keep_whole={n for n in names if n}
        )
        results = [self._post_topics(found, mapping) for found in normalised]
        for item, result, note in zip(items, results, notes, strict=True):
            result.notes.extend(note)
            if not result.keyphrases:
                self._topics_from_images(item, result)
        self.vocabulary.count(t.name for result in results for t in result.keyphrases)
        self.save()
        return results

    def save(self) -> None:
        """Persist the vocabulary if it changed (merged with other processes' saves, written atomically; a failure
        is logged, never raised)."""
        vocab = self._vocabulary
        if vocab is None or not vocab.dirty or self.vocabulary_path is None:
            return
        try:
            vocab.save(self.vocabulary_path)
            self.phrase_cache.save()
        except OSError as exc:
            log.warning("cannot save topic vocabulary to %s: %s", self.vocabulary_path, exc)

    @staticmethod
    def _topic_text(item: PostAnalysis, views: TextViews, notes: list[str]) -> str:
        """KeyBERT's input: the topic view, cut to what MiniLM reads; '' for confidently non-English text
        (English stop words and an English model would turn its function words into topics)."""
        lang, score = item.extraction.language, item.extraction.shared.language_score
        if lang not in (None, "und", "en") and (1.0 if score is None else score) >= 0.5:
            notes.append(f"topics: language '{lang}' not supported, caption skipped")
            return ""
        text = views.for_topics
        if len(text) > MAX_TOPIC_CHARS:
            notes.append(f"topics: caption truncated to {MAX_TOPIC_CHARS} characters")
            text = text[:MAX_TOPIC_CHARS]
        return text

    @staticmethod
    def _views(item: PostAnalysis) -> TextViews:
        views = item.extraction.shared.text_views
        return views if views is not None else text_views(item.text)

    def _doc_vectors(self, items: Sequence[PostAnalysis], views: Sequence[TextViews]) -> np.ndarray:
        """The caption embeddings EmbeddingExtractor left, encoding only posts that have none."""
        dim = self.vocabulary.dim
        out = np.zeros((len(items), dim), dtype=np.float32)
        missing: list[int] = []
        for index, item in enumerate(items):
            vector = item.extraction.shared.caption_embedding
            if isinstance(vector, np.ndarray) and vector.shape == (dim,):
                out[index] = vector
            else:
                missing.append(index)
        if missing:
            from extractors.embeddings import embed_texts

            texts = [views[i].for_sentiment for i in missing]
            out[missing] = embed_texts(texts, self.model_name, settings=self.settings)
        return out

    def keyphrases(self, docs: Sequence[str], doc_vectors: np.ndarray) -> list[list[tuple[str, float]]]:
        """KeyBERT (MMR) keyphrases for every doc in one pass, reusing doc and cached phrase embeddings."""
        from sklearn.feature_extraction.text import CountVectorizer

        from extractors.keyphrase_mmr import mmr_keyphrases

        found: list[list[tuple[str, float]]] = [[] for _ in docs]
        index = [i for i, doc in enumerate(docs) if any(ch.isalpha() for ch in doc)]
        if not index:
            return found
        texts = [docs[i] for i in index]
        vectorizer = CountVectorizer(ngram_range=(1, 2), stop_words=_stop_words(), token_pattern=TOKEN_PATTERN)
        try:
            words = vectorizer.fit(texts).get_feature_names_out()
        except ValueError:  # nothing but stop words in the whole batch
            return found
        keywords = mmr_keyphrases(vectorizer.transform(texts), list(words), doc_vectors[index],
                                  self.candidate_vectors(list(words)), self.top_n, self.diversity)
        for i, kws in zip(index, keywords, strict=True):
            found[i] = [(str(phrase), float(score)) for phrase, score in kws]
        return found

    def candidate_vectors(self, words: Sequence[str]) -> np.ndarray:
        """Embeddings of KeyBERT's candidate n-grams: words are encoded (once per process); a bigram is
        approximated by the normalised sum of its words. Encoding every bigram of every caption cost 3x the
        captions themselves and bigrams rarely recur; the few that win are encoded exactly in the vocabulary.
        """
        unigrams = sorted({part for word in words for part in word.split()})
        vectors = dict(zip(unigrams, self.embed_phrases(unigrams), strict=True))
        out = np.stack([np.sum([vectors[part] for part in word.split()], axis=0) for word in words])
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    def _post_topics(self, found: list[tuple[str, float]], mapping: dict[str, str]) -> Extraction:
        best: dict[str, float] = {}
        for phrase, score in found:
            name = mapping[phrase]
            best[name] = max(score, best.get(name, 0.0))
        ranked = sorted(((s, n) for n, s in best.items() if s >= self.min_score), reverse=True)
        return Extraction(keyphrases=[TopicScore(n, round(s, 4)) for s, n in ranked[: self.max_topics]])

    def _topics_from_images(self, item: PostAnalysis, result: Extraction) -> None:
        """Image tags stand in for a caption that says nothing topical (empty, only URLs or mentions); such
        topics carry `from_image` (the writer stores it on the ABOUT edge) and the post gets a note saying so."""
        tags = sorted(
            (tag for info in item.extraction.images.values() for tag in info.tags if tag.score >= MIN_TAG_SCORE),
            key=lambda tag: -tag.score,
        )
        found = [(n, float(tag.score)) for tag in tags if (n := normalise_phrase(tag.name))]
        if not found:
            return
        mapping = self.vocabulary.assign([n for n, _ in found], self.embed_phrases)
        best: dict[str, float] = {}
        for phrase, score in found:
            best.setdefault(mapping[phrase], score)
        result.keyphrases = [TopicScore(n, round(s, 4), from_image=True)
                             for n, s in list(best.items())[: self.max_topics]]
        result.notes.append(IMAGE_TOPICS_NOTE)
