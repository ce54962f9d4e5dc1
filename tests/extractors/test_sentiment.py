"""Caption sentiment without heavy models: the extractor's rules, VADER, head artefacts, splits, label maps."""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from core.errors import ConfigError
from core.settings import Settings
from data.models import Post
from extractors.base import Extraction, PostAnalysis, SentimentVerdict
from extractors.sentiment import build_backend, build_caption_sentiment
from extractors.sentiment.base import MAX_SENTIMENT_CHARS, CaptionSentiment, SentimentBackend
from extractors.sentiment.head import CaptionHead, HeadBackend, load_head
from extractors.sentiment.hf import label_mapping
from extractors.sentiment.vader import VaderBackend, emoji_to_words
from research.evaluation.datasets import mvsa_split, parse_spec, split_of

REPO = Path(__file__).resolve().parents[2]


class RecordingBackend:
    """A real SentimentBackend that says positive and remembers what it was asked."""

    name = "recording"
    model_id = "test"
    languages: frozenset[str] | None = frozenset({"en"})

    def __init__(self) -> None:
        self.seen: list[str] = []

    def classify(self, texts: Sequence[str], items: Sequence[PostAnalysis]) -> list[SentimentVerdict]:
        self.seen += list(texts)
        return [SentimentVerdict("positive", 0.9, model="recording:test") for _ in texts]


def item(caption: str, language: str | None = None, post_id: str = "p") -> PostAnalysis:
    return PostAnalysis(post=Post(id=post_id, caption=caption), extraction=Extraction(language=language))


def test_extractor_contract() -> None:
    backend = RecordingBackend()
    extractor = CaptionSentiment(backend)
    assert isinstance(backend, SentimentBackend)
    assert extractor.name == "caption_sentiment" and "recording" in extractor.version and extractor.batch_size > 0
    out = extractor.extract([item("RT @bob: #BestDayEver http://t.co/x"), item("fine")])
    assert [e.sentiments["caption"].label for e in out] == ["positive", "positive"]
    assert backend.seen[0] == "best day ever"  # the sentiment view: RT and URL gone, hashtag split


def test_bad_inputs_never_reach_the_model_or_crash() -> None:
    backend = RecordingBackend()
    huge = "great " * 20_000
    items = [item(""), item("   "), item("Quelle belle journée", language="fr"), item(huge), item("😍", "und"),
             item("RT @bob: @ann ... http://t.co/x"), item("#tbt @ann")]
    out = CaptionSentiment(backend).extract(items)
    for extraction in (*out[:3], out[5]):  # nothing to read: no verdict at all, not a placeholder 'neutral'
        assert "caption" not in extraction.sentiments and len(extraction.notes) == 1
    assert out[0].notes == out[1].notes == ["no caption sentiment: caption empty"]
    assert out[2].notes == ["no caption sentiment: language 'fr' not supported by recording"]
    assert out[5].notes == ["no caption sentiment: caption has only mentions, links or punctuation"]
    assert len(backend.seen[0]) == MAX_SENTIMENT_CHARS and "first 2000 of" in out[3].notes[0]
    assert backend.seen[1] == "😍" and out[4].sentiments["caption"].label == "positive"  # an emoji is readable
    assert backend.seen[2] == "tbt @user" and "caption" in out[6].sentiments  # so is a hashtag
    assert CaptionSentiment(backend).extract([]) == []


def test_language_variants_and_multilingual_backends() -> None:
    backend = RecordingBackend()
    out = CaptionSentiment(backend).extract([item("great", "en-GB"), item("great", "EN")])
    assert all(not e.notes for e in out)
    backend.languages = None  # reads anything
    assert CaptionSentiment(backend).extract([item("génial", "fr")])[0].notes == []


def test_vader_backend_on_sentences() -> None:
    extractor = CaptionSentiment(VaderBackend())
    texts = ["I love this beautiful sunset!", "Worst service ever, I hate it.", "The bus leaves at 9.", "😡😡"]
    verdicts = [e.sentiments["caption"] for e in extractor.extract([item(t) for t in texts])]
    assert [v.label for v in verdicts] == ["positive", "negative", "neutral", "negative"]
    assert verdicts[0].score > 0.5 and verdicts[1].score < -0.5 and verdicts[0].probs is None
    assert "vader" in extractor.version


def test_vader_reads_emoji_its_table_misses() -> None:
    assert "good" in emoji_to_words("👍🏽") and "love" in emoji_to_words("❤️")
    with pytest.raises(ValueError):
        VaderBackend(positive=-0.5, negative=0.5)


def test_vader_scores_clearly_valenced_emoji_by_their_sense() -> None:
    from extractors.sentiment.vader import vader_scores

    compound = vader_scores(["👎", "😾", "🤮", "🙄", "Giving up. ☕️👎", "🏆", "🤩"])[:, 3]
    assert (compound[:5] < -0.2).all() and (compound[5:] > 0.2).all()
    assert vader_scores(["🙃", "💀"])[:, 3].tolist() == [0.0, 0.0]  # sarcasm and slang stay unscored


def test_emoji_become_words_for_the_embedding_but_never_reach_topics() -> None:
    from extractors.social_text import emoji_as_words, text_views

    views = text_views("Cold brew experiment #3: too bitter, again. Giving up. ☕️👎 @bob #FailedAgain")
    assert views.for_embedding == ("Cold brew experiment #3: too bitter, again. Giving up. hot beverage thumbs down "
                                   "@user failed again")
    assert "☕" in views.for_sentiment and "👎" in views.for_sentiment  # unchanged: VADER reads its own way
    assert "thumbs" not in views.for_topics and "beverage" not in views.for_topics and "👎" not in views.for_topics
    assert emoji_as_words("Legs are dead 🏃‍♀️ 👍🏽") == "Legs are dead woman running thumbs up"
    assert emoji_as_words("plain text, café – “quotes”") == "plain text, café – “quotes”"
    assert text_views("").for_embedding == "" and text_views("😾").for_embedding == "pouting cat"


def test_head_embeds_emoji_as_words_only_when_it_was_trained_that_way(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake_embed(texts: Sequence[str], name: str | None = None, batch_size: int = 64) -> np.ndarray:
        seen.append(list(texts))
        return np.ones((len(texts), 8), np.float32)

    monkeypatch.setattr("extractors.embeddings.embed_texts", fake_embed)
    new, old = _random_head(use_vader=False), _random_head(use_vader=False)
    new.meta["embedding_view"] = "for_embedding"
    HeadBackend(head=new).classify(["Monday mood. 😾"], [item("Monday mood. 😾")])
    HeadBackend(head=old).classify(["Monday mood. 😾"], [item("Monday mood. 😾")])
    assert seen == [["Monday mood. pouting cat"], ["Monday mood. 😾"]]


def _random_head(use_vader: bool = True, dim: int = 8) -> CaptionHead:
    rng = np.random.default_rng(0)
    width = dim + (4 if use_vader else 0)
    return CaptionHead(weights=rng.normal(size=(3, width)).astype(np.float32), bias=np.zeros(3, np.float32),
                       temperature=0.9, use_vader=use_vader, embedding_dim=dim, meta={"command": "test"})


def test_head_artefact_round_trip(tmp_path: Path) -> None:
    head = _random_head()
    path = tmp_path / "head.npz"
    sidecar = head.save(path)
    assert json.loads(sidecar.read_text())["command"] == "test"
    loaded = load_head(path)
    assert loaded.use_vader and loaded.temperature == pytest.approx(0.9) and loaded.meta["weights_sha256"]
    features = np.random.default_rng(1).normal(size=(5, 12)).astype(np.float32)
    np.testing.assert_allclose(loaded.predict_proba(features), head.predict_proba(features), rtol=1e-5)
    np.testing.assert_allclose(loaded.predict_proba(features).sum(axis=1), 1.0, rtol=1e-5)


def test_head_reuses_the_shared_embedding(tmp_path: Path) -> None:
    backend = HeadBackend(head=_random_head(use_vader=False))
    items = [item("nice day", post_id=str(i)) for i in range(3)]
    for i, it in enumerate(items):
        it.extraction.shared.caption_embedding = np.eye(8, dtype=np.float32)[i]
    verdicts = [e.sentiments["caption"] for e in CaptionSentiment(backend).extract(items)]
    assert all(v.probs is not None and abs(sum(v.probs) - 1) < 1e-5 for v in verdicts)
    assert all(v.score == pytest.approx(v.probs[2] - v.probs[0]) for v in verdicts)


def test_bad_head_artefacts_raise_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="train one"):
        load_head(tmp_path / "missing.npz")
    (tmp_path / "junk.npz").write_bytes(b"not numpy")
    with pytest.raises(ConfigError, match="not a valid head"):
        load_head(tmp_path / "junk.npz")
    np.savez(tmp_path / "shape.npz", weights=np.zeros((3, 5)), bias=np.zeros(3), temperature=1.0, use_vader=False,
             embedding_dim=8, format_version=1)
    with pytest.raises(ConfigError, match="expected"):
        load_head(tmp_path / "shape.npz")


def test_packaged_head_is_small_and_documented() -> None:
    path = REPO / "extractors" / "sentiment" / "heads" / "caption_head.npz"
    assert path.stat().st_size < 300_000
    head = load_head(path)
    meta = head.meta
    assert meta["split"]["seed"] == 13 and meta["command"].startswith("python -m extractors.train_sentiment")
    assert all(d["sha256"] and d["rows"] > 0 and d["train_rows"] > 0 for d in meta["datasets"])


def test_factory_choices(tmp_path: Path) -> None:
    assert build_backend(Settings(sentiment_backend="vader")).name == "vader"
    assert build_caption_sentiment(Settings(sentiment_backend="head")).backend.name == "head"
    missing = str(tmp_path / "none.npz")
    assert build_backend(Settings(sentiment_backend="auto", sentiment_model=missing)).name == "vader"
    with pytest.raises(ConfigError, match="SENTIMENT_BACKEND"):
        build_backend(Settings(sentiment_backend="magic"))
    with pytest.raises(ConfigError, match="SENTIMENT_MODEL"):
        build_backend(Settings(sentiment_backend="transformers", sentiment_model=""))


def test_split_is_deterministic_and_disjoint() -> None:
    ids = [str(i) for i in range(2000)]
    first, again = mvsa_split(ids, 13), mvsa_split(list(reversed(ids)) + [], 13)
    assert {k: sorted(v) for k, v in first.items()} == {k: sorted(v) for k, v in again.items()}
    assert sum(map(len, first.values())) == 2000 and not set(first["test"]) & set(first["train"])
    assert 0.16 < len(first["test"]) / 2000 < 0.24 and 0.07 < len(first["dev"]) / 2000 < 0.13
    assert mvsa_split([26, "26"], 13)["test"] in ([], ["26", "26"])  # ints and strings are the same id
    assert mvsa_split(ids, 14) != first and split_of("26") == split_of("26", 13)


def test_parse_spec() -> None:
    assert parse_spec("mvsa:/x/posts.csv") == ("mvsa", Path("/x/posts.csv"))
    with pytest.raises(ValueError, match="KIND:PATH"):
        parse_spec("imdb:/x.csv")


@pytest.mark.parametrize(
    ("id2label", "expected"),
    [
        ({0: "negative", 1: "neutral", 2: "positive"}, [0, 1, 2]),
        ({"0": "LABEL_0", "1": "LABEL_1", "2": "LABEL_2"}, [0, 1, 2]),
        ({0: "NEGATIVE", 1: "POSITIVE"}, [0, 2]),
        ({0: "1 star", 1: "2 stars", 2: "3 stars", 3: "4 stars", 4: "5 stars"}, [0, 0, 1, 2, 2]),
        ({0: "Very Negative", 1: "pos"}, [0, 2]),
    ],
)
def test_label_mapping(id2label: dict, expected: list[int]) -> None:
    assert label_mapping(id2label).argmax(axis=1).tolist() == expected


def test_label_mapping_rejects_unknown_labels() -> None:
    with pytest.raises(ConfigError, match="cannot map"):
        label_mapping({0: "joy", 1: "anger"})


def test_importing_loads_no_torch() -> None:
    code = ("import sys, extractors.sentiment, extractors.sentiment.head, extractors.sentiment.hf, "
            "extractors.sentiment.vader, research.evaluate, research.training.train_sentiment; "
            "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_head_ignores_shared_embeddings_from_another_model() -> None:
    backend = build_backend(Settings(sentiment_backend="head", embedding_model="some/other-model"))
    assert backend.name == "head" and backend.reuse_shared is False
    assert build_backend(Settings(sentiment_backend="head")).reuse_shared is True
