"""BLIP-2 and generic HF captioner code paths, on tiny randomly initialised models built offline in tmp_path."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from data.models import Post
from extractors.base import Extractor, PostAnalysis
from extractors.vision.blip2 import Blip2Tagger, parse_answer
from extractors.vision.tag_table import load_tag_table

WORDS = ["<pad>", "</s>", "<unk>", "question", ":", "what", "objects", "are", "in", "this", "photo", "?",
         "answer", "a", "dog", "on", "the", "beach", "cat", "and", "of"]


def _tokenizer():
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    core = Tokenizer(models.WordLevel({w: i for i, w in enumerate(WORDS)}, unk_token="<unk>"))
    core.normalizer = normalizers.Lowercase()
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="<pad>", eos_token="</s>", bos_token="</s>", unk_token="<unk>"
    )


def build_tiny_blip2(directory: Path) -> Path:
    """A 1-layer BLIP-2 (ViT + Q-Former + OPT) with random weights and a word-level tokenizer, saved locally."""
    from transformers import Blip2Config, Blip2ForConditionalGeneration, Blip2Processor, BlipImageProcessor

    tokenizer = _tokenizer()
    processor = Blip2Processor(
        image_processor=BlipImageProcessor(size={"height": 32, "width": 32}), tokenizer=tokenizer, num_query_tokens=4
    )  # adds the <image> token to the tokenizer
    config = Blip2Config(
        vision_config={"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 2,
                           "image_size": 32, "patch_size": 8},
        qformer_config={"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 2,
                            "encoder_hidden_size": 32, "vocab_size": 64},
        text_config={"model_type": "opt", "vocab_size": len(tokenizer), "hidden_size": 32, "ffn_dim": 64,
                         "num_hidden_layers": 1, "num_attention_heads": 2, "word_embed_proj_dim": 32,
                         "max_position_embeddings": 128, "pad_token_id": 0, "eos_token_id": 1, "bos_token_id": 1},
        num_query_tokens=4,
        image_token_index=tokenizer.convert_tokens_to_ids("<image>"),
    )
    Blip2ForConditionalGeneration(config).save_pretrained(directory)
    processor.save_pretrained(directory)
    return directory


def test_parse_answer_maps_words_onto_the_shared_vocabulary() -> None:
    tags = parse_answer("two puppies and a surfboard on the beach", load_tag_table(), score=0.5)
    names = {t.name: t.kind for t in tags}
    assert names["dog"] == "animal" and names["animal"] == "animal"
    assert names["beach"] == "scene"
    assert names["surfboard"] == "object"  # unknown nouns are kept, open vocabulary
    assert all(t.score == 0.5 for t in tags)


def test_blip2_tagger_is_an_extractor_and_loads_nothing_at_init() -> None:
    tagger = Blip2Tagger(blip2_model="/nonexistent")
    assert isinstance(tagger, Extractor)
    assert tagger._model is None


def test_missing_model_is_a_config_error(tmp_path: Path) -> None:
    from core.errors import ConfigError

    with pytest.raises(ConfigError, match="FEEDLENS_BLIP2_MODEL"):
        Blip2Tagger(blip2_model=str(tmp_path / "missing"), blip2_device="cpu").load()


@pytest.mark.slow
def test_tiny_blip2_end_to_end(tmp_path: Path) -> None:
    model_dir = build_tiny_blip2(tmp_path / "tiny-blip2")
    photo = tmp_path / "photo.png"
    Image.fromarray((np.random.default_rng(0).random((40, 50, 3)) * 255).astype("uint8")).save(photo)
    (tmp_path / "bad.jpg").write_bytes(b"not an image")
    items = [
        PostAnalysis(Post(id="no-caption", images=(photo, tmp_path / "bad.jpg"))),
        PostAnalysis(Post(id="captioned", caption="hello", images=(photo,))),
    ]
    tagger = Blip2Tagger(blip2_model=str(model_dir), blip2_device="cpu", blip2_max_new_tokens=4)
    prompts: list[tuple[str | None, int]] = []
    real_generate = tagger.generate

    def recording_generate(images, prompt):
        prompts.append((prompt, len(images)))
        out = real_generate(images, prompt)
        assert len(out) == len(images) and all(isinstance(text, str) for text, _ in out)
        return out

    tagger.generate = recording_generate  # a spy around the real model call, not a fake
    results = tagger.extract(items)
    assert len(results) == 2
    first, second = results
    assert first.images[0].error is None and first.images[0].width == 50
    assert first.images[1].error and "image 1 skipped" in first.notes[0]
    # one objects question for both readable images, one caption only for the caption-less post
    assert prompts == [(tagger.prompt, 2), (None, 1)]
    assert second.images[0].generated_caption is None
    for tag in first.images[0].tags + second.images[0].tags:
        assert tag.name and 0.0 <= tag.score <= 1.0
    assert tagger.device == "cpu"


def build_tiny_vit_gpt2(directory: Path) -> Path:
    """A 1-layer ViT encoder + GPT-2 decoder (VisionEncoderDecoder) with random weights, saved locally."""
    from transformers import (
        GPT2Config,
        GPT2LMHeadModel,
        VisionEncoderDecoderModel,
        ViTConfig,
        ViTImageProcessor,
        ViTModel,
    )

    tokenizer = _tokenizer()
    encoder = ViTModel(ViTConfig(hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64,
                                 image_size=32, patch_size=8))
    decoder = GPT2LMHeadModel(GPT2Config(vocab_size=len(tokenizer), n_embd=32, n_layer=1, n_head=2, n_positions=64,
                                         add_cross_attention=True, bos_token_id=1, eos_token_id=1, pad_token_id=0))
    model = VisionEncoderDecoderModel(encoder=encoder, decoder=decoder)
    model.config.decoder_start_token_id = 1
    model.config.pad_token_id = 0
    model.generation_config.decoder_start_token_id = 1
    model.generation_config.pad_token_id = 0
    model.save_pretrained(directory)
    ViTImageProcessor(size={"height": 32, "width": 32}).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


@pytest.mark.slow
@pytest.mark.parametrize("builder", [build_tiny_vit_gpt2, build_tiny_blip2])
def test_hf_captioner_on_tiny_models(builder, tmp_path: Path) -> None:
    from extractors.vision.hf_captioner import HFCaptioner

    model_dir = builder(tmp_path / "model")
    photo = tmp_path / "photo.jpg"
    Image.fromarray((np.random.default_rng(1).random((30, 60, 3)) * 255).astype("uint8")).save(photo)
    items = [PostAnalysis(Post(id="bare", images=(photo,))), PostAnalysis(Post(id="has", caption="x", images=(photo,)))]
    captioner = HFCaptioner(captioner_model=str(model_dir), captioner_device="cpu", captioner_max_new_tokens=4)
    assert isinstance(captioner, Extractor)
    calls: list[list[tuple[str, float]]] = []
    real_caption = captioner.caption
    captioner.caption = lambda images: calls.append(real_caption(images)) or calls[-1]  # spy on the real call
    bare, has = captioner.extract(items)
    assert len(calls) == 1 and len(calls[0]) == 1 and isinstance(calls[0][0][0], str)
    assert 0.0 <= calls[0][0][1] <= 1.0
    assert bare.images[0].width == 60 and bare.images[0].error is None
    caption = bare.images[0].generated_caption
    assert caption is None or (isinstance(caption, str) and caption == caption.strip())
    assert has.images == {}  # posts with a caption are left alone in the default mode
