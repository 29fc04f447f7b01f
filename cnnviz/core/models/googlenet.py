"""GoogLeNet (Szegedy et al., 2014): Inception blocks of parallel paths."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from cnnviz.core.models.registry import register_model

__all__ = ["Inception", "googlenet"]


class Inception(nn.Module):
    """GoogLeNet's Inception block: four parallel paths concatenated on the channel axis.

    Output channels are ``c1 + c2[1] + c3[1] + c4``; height and width are unchanged.
    """

    def __init__(
        self,
        in_channels: int,
        c1: int,
        c2: tuple[int, int],
        c3: tuple[int, int],
        c4: int,
    ) -> None:
        super().__init__()
        # path 1: a single 1×1 convolution
        self.p1_1 = nn.Conv2d(in_channels, c1, kernel_size=1)
        # path 2: 1×1 convolution, then 3×3 convolution
        self.p2_1 = nn.Conv2d(in_channels, c2[0], kernel_size=1)
        self.p2_2 = nn.Conv2d(c2[0], c2[1], kernel_size=3, padding=1)
        # path 3: 1×1 convolution, then 5×5 convolution
        self.p3_1 = nn.Conv2d(in_channels, c3[0], kernel_size=1)
        self.p3_2 = nn.Conv2d(c3[0], c3[1], kernel_size=5, padding=2)
        # path 4: 3×3 max-pooling, then 1×1 convolution
        self.p4_1 = nn.MaxPool2d(kernel_size=3, stride=1, padding=1)
        self.p4_2 = nn.Conv2d(in_channels, c4, kernel_size=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        p1 = F.relu(self.p1_1(x))
        p2 = F.relu(self.p2_2(F.relu(self.p2_1(x))))
        p3 = F.relu(self.p3_2(F.relu(self.p3_1(x))))
        p4 = F.relu(self.p4_2(self.p4_1(x)))
        return torch.cat((p1, p2, p3, p4), dim=1)  # (B, c1 + c2[1] + c3[1] + c4, H, W)


@register_model("googlenet")
def googlenet(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """GoogLeNet for (B, in_channels, 96, 96) inputs, as the book trains it."""
    b1 = nn.Sequential(
        nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b2 = nn.Sequential(
        nn.Conv2d(64, 64, kernel_size=1),
        nn.ReLU(),
        nn.Conv2d(64, 192, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b3 = nn.Sequential(
        Inception(192, 64, (96, 128), (16, 32), 32),
        Inception(256, 128, (128, 192), (32, 96), 64),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b4 = nn.Sequential(
        Inception(480, 192, (96, 208), (16, 48), 64),
        Inception(512, 160, (112, 224), (24, 64), 64),
        Inception(512, 128, (128, 256), (24, 64), 64),
        Inception(512, 112, (144, 288), (32, 64), 64),
        Inception(528, 256, (160, 320), (32, 128), 128),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
    b5 = nn.Sequential(
        Inception(832, 256, (160, 320), (32, 128), 128),
        Inception(832, 384, (192, 384), (48, 128), 128),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),  # (B, 1024)
    )
    return nn.Sequential(b1, b2, b3, b4, b5, nn.Linear(1024, num_classes))
