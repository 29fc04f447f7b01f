"""Modules shared by more than one network family."""

from __future__ import annotations

from torch import nn

__all__ = ["stem"]


def stem(in_channels: int) -> nn.Sequential:
    """ResNet's and DenseNet's first module: 7×7/2 convolution, BN, ReLU, 3×3/2 max pooling."""
    return nn.Sequential(
        nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3),
        nn.BatchNorm2d(64),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )
