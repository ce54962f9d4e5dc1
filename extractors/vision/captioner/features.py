"""The captioner's image features: the backbone's last convolutional grid (N, cells, channels) in one pass.

Why the grid and not the pooled vector: soft attention (and cross-attention in the Transformer decoder) needs
a set of region features to look at. MobileNetV2 gives 7x7x1280 for a 224x224 crop; the pooled ImageNet logits
come out of the same pass, so the tagger and the captioner can share it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import torch

    from extractors.vision.backbones import Backbone


def grid_features(backbone: Backbone, pixels: np.ndarray | torch.Tensor) -> torch.Tensor:
    """uint8 NHWC pixels -> float (N, H*W, C) feature grid of the backbone's last convolutional layer."""
    import torch

    return backbone.run_grid(backbone.normalise(torch.as_tensor(pixels)))[2]
