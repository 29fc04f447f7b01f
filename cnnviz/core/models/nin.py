"""Network in Network (Lin et al., 2013): 1×1 convolutions and global average pooling."""

from __future__ import annotations

from torch import nn

from cnnviz.core.models.registry import register_model

__all__ = ["NiNBlock", "nin", "nin_block"]


class NiNBlock(nn.Sequential):
    """One ordinary convolution followed by two 1×1 convolutions, each with ReLU."""


def nin_block(
    in_channels: int, out_channels: int, kernel_size: int, strides: int, padding: int
) -> NiNBlock:
    """NiN block: the 1×1 convolutions act as a per-pixel fully connected layer."""
    return NiNBlock(
        nn.Conv2d(in_channels, out_channels, kernel_size, strides, padding),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.ReLU(),
        nn.Conv2d(out_channels, out_channels, kernel_size=1),
        nn.ReLU(),
    )


@register_model("nin")
def nin(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """NiN for (B, in_channels, 224, 224) inputs."""
    return nn.Sequential(
        nin_block(in_channels, 96, kernel_size=11, strides=4, padding=0),
        nn.MaxPool2d(3, stride=2),
        nin_block(96, 256, kernel_size=5, strides=1, padding=2),
        nn.MaxPool2d(3, stride=2),
        nin_block(256, 384, kernel_size=3, strides=1, padding=1),
        nn.MaxPool2d(3, stride=2),
        nn.Dropout(0.5),
        nin_block(384, num_classes, kernel_size=3, strides=1, padding=1),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),  # (B, num_classes)
    )
