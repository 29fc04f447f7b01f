"""DenseNet (Huang et al., 2017): dense blocks that concatenate, transition blocks that shrink."""

from __future__ import annotations

import torch
from torch import nn

from cnnviz.core.models.blocks import stem
from cnnviz.core.models.registry import register_model

__all__ = [
    "ConvBlock",
    "DenseBlock",
    "TransitionBlock",
    "conv_block",
    "densenet",
    "transition_block",
]


class ConvBlock(nn.Sequential):
    """DenseNet's BN → ReLU → 3×3 convolution."""


class TransitionBlock(nn.Sequential):
    """DenseNet's BN → ReLU → 1×1 convolution (fewer channels) → 2×2 average pooling."""


def conv_block(input_channels: int, num_channels: int) -> ConvBlock:
    """DenseNet's convolution block (BN, ReLU, 3×3 convolution with padding 1)."""
    return ConvBlock(
        nn.BatchNorm2d(input_channels),
        nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=3, padding=1),
    )


class DenseBlock(nn.Module):
    """DenseNet's dense block: each conv block's output is concatenated to its input.

    Output channels are ``input_channels + num_convs * num_channels`` (the growth rate).
    """

    def __init__(self, num_convs: int, input_channels: int, num_channels: int) -> None:
        super().__init__()
        layer = [
            conv_block(num_channels * i + input_channels, num_channels) for i in range(num_convs)
        ]
        self.net = nn.Sequential(*layer)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        for blk in self.net:
            Y = blk(X)
            X = torch.cat((X, Y), dim=1)  # (B, C + growth, H, W)
        return X


def transition_block(input_channels: int, num_channels: int) -> TransitionBlock:
    """DenseNet's transition block: reduces channels to ``num_channels``, halves the size."""
    return TransitionBlock(
        nn.BatchNorm2d(input_channels),
        nn.ReLU(),
        nn.Conv2d(input_channels, num_channels, kernel_size=1),
        nn.AvgPool2d(kernel_size=2, stride=2),
    )


@register_model("densenet")
def densenet(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """DenseNet for (B, in_channels, 96, 96) inputs, as the book trains it."""
    num_channels, growth_rate = 64, 32
    num_convs_in_dense_blocks = [4, 4, 4, 4]
    blks: list[nn.Module] = []
    for i, num_convs in enumerate(num_convs_in_dense_blocks):
        blks.append(DenseBlock(num_convs, num_channels, growth_rate))
        num_channels += num_convs * growth_rate
        if i != len(num_convs_in_dense_blocks) - 1:
            blks.append(transition_block(num_channels, num_channels // 2))
            num_channels = num_channels // 2
    return nn.Sequential(
        stem(in_channels),
        *blks,
        nn.BatchNorm2d(num_channels),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),
        nn.Linear(num_channels, num_classes),
    )
