"""ResNet (He et al., 2015): residual blocks with shortcuts."""

from __future__ import annotations

import torch
from torch import nn
from torch.nn import functional as F

from cnnviz.core.models.blocks import stem
from cnnviz.core.models.registry import register_model

__all__ = ["Residual", "resnet18", "resnet_block"]


class Residual(nn.Module):
    """ResNet's residual block: ``relu(F(x) + x)``.

    With ``use_1x1conv`` the shortcut passes through a 1×1 convolution (stride ``strides``) so
    that its shape matches the main path when channels or size change.
    """

    def __init__(
        self,
        input_channels: int,
        num_channels: int,
        use_1x1conv: bool = False,
        strides: int = 1,
    ) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(
            input_channels, num_channels, kernel_size=3, padding=1, stride=strides
        )
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.conv3 = (
            nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides)
            if use_1x1conv
            else None
        )
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3 is not None:
            X = self.conv3(X)
        Y = Y + X  # the shortcut joins the main path
        return F.relu(Y)


def resnet_block(
    input_channels: int, num_channels: int, num_residuals: int, first_block: bool = False
) -> list[Residual]:
    """A ResNet stage; unless ``first_block``, its first block halves height and width."""
    blk: list[Residual] = []
    for i in range(num_residuals):
        if i == 0 and not first_block:
            blk.append(Residual(input_channels, num_channels, use_1x1conv=True, strides=2))
        else:
            blk.append(Residual(num_channels, num_channels))
    return blk


@register_model("resnet18")
def resnet18(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """ResNet-18 for (B, in_channels, 96, 96) inputs, as the book trains it."""
    b1 = stem(in_channels)
    b2 = nn.Sequential(*resnet_block(64, 64, 2, first_block=True))
    b3 = nn.Sequential(*resnet_block(64, 128, 2))
    b4 = nn.Sequential(*resnet_block(128, 256, 2))
    b5 = nn.Sequential(*resnet_block(256, 512, 2))
    return nn.Sequential(
        b1, b2, b3, b4, b5, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, num_classes)
    )
