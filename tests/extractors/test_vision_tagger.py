"""ImageNetTagger: the extractor contract, lazy loading, and real tags on real photos (slow)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from data.models import Post
from extractors.base import Extractor, PostAnalysis
from extractors.vision.imagenet_tagger import ImageNetTagger

REPO = Path(__file__).resolve().parents[2]


def test_importing_the_tagger_loads_no_torch() -> None:
    code = (
        "import sys; from extractors.vision.imagenet_tagger import ImageNetTagger; "
        "t = ImageNetTagger(); import extractors.vision as v; v.ImageNetTagger; "
        "print('torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_protocol_and_version_follow_settings() -> None:
    tagger = ImageNetTagger(image_model="efficientnet_lite0", image_tag_threshold=0.2)
    assert isinstance(tagger, Extractor)
    assert tagger.version != ImageNetTagger().version
    assert "efficientnet_lite0" in tagger.version


def test_unknown_model_is_a_config_error() -> None:
    from core.errors import ConfigError

    with pytest.raises(ConfigError, match="FEEDLENS_IMAGE_MODEL"):
        _ = ImageNetTagger(image_model="resnet9000").backbone  # the lazy property loads the model, and fails


@pytest.fixture(scope="module")
def skimage_photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    data = pytest.importorskip("skimage.data")
    folder = tmp_path_factory.mktemp("photos")
    paths = {}
    for name in ("chelsea", "coffee"):
        paths[name] = folder / f"{name}.jpg"
        Image.fromarray(getattr(data, name)()).save(paths[name], quality=92)
    return paths


@pytest.mark.slow
@pytest.mark.parametrize("model", ["mobilenet_v2", "efficientnet_lite0"])
def test_real_photos_get_the_right_tags(model: str, skimage_photos: dict[str, Path], tmp_path: Path) -> None:
    (tmp_path / "junk.jpg").write_bytes(b"\x00" * 100)
    items = [
        PostAnalysis(Post(id="cat", images=(skimage_photos["chelsea"], tmp_path / "junk.jpg"))),
        PostAnalysis(Post(id="coffee", caption="morning", images=(skimage_photos["coffee"],))),
        PostAnalysis(Post(id="text-only", caption="no images here")),
    ]
    tagger = ImageNetTagger(image_model=model, image_decode_workers=2, offline_captioner="off")  # composed captions
    cat, coffee, text_only = tagger.extract(items)

    cat_tags = [t.name for t in cat.images[0].tags]
    assert cat_tags[0] == "cat" and "animal" in cat_tags
    assert cat.images[0].tags[0].kind == "animal" and cat.images[0].tags[0].score > 0.5
    assert (cat.images[0].width, cat.images[0].height, cat.images[0].format) == (451, 300, "JPEG")
    assert cat.images[1].error and cat.notes == ["image 1 skipped: not an image or an unsupported format"]
    assert cat.images[0].generated_caption == "a cat"  # the post has no caption
    assert {"coffee", "cup"} & {t.name for t in coffee.images[0].tags}
    assert coffee.images[0].generated_caption is None  # it has one

    embeddings = cat.shared.image_embeddings
    assert len(embeddings) == 2 and embeddings[1] is None
    assert embeddings[0].shape == (1280,) and np.isfinite(embeddings[0]).all()
    assert cat.shared.image_embedding_model == model
    assert text_only.images == {} and text_only.shared.image_embeddings is None
