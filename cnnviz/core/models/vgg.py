"""VGG (Simonyan & Zisserman, 2014): a network described by a list of blocks."""

from __future__ import annotations

from torch import nn

from cnnviz.core.models.registry import register_model

__all__ = ["VGG11_ARCH", "VGGBlock", "vgg", "vgg11", "vgg11_small", "vgg_block"]

#: VGG-11 as ``(num_convs, out_channels)`` per block
VGG11_ARCH: tuple[tuple[int, int], ...] = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))


class VGGBlock(nn.Sequential):
    """``num_convs`` 3×3 convolutions (padding 1) with ReLU, then 2×2 max-pooling."""


def vgg_block(num_convs: int, in_channels: int, out_channels: int) -> VGGBlock:
    """VGG block: halves height and width, sets the channel count to ``out_channels``."""
    layers: list[nn.Module] = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return VGGBlock(*layers)


def vgg(
    conv_arch: tuple[tuple[int, int], ...], *, num_classes: int = 10, in_channels: int = 1
) -> nn.Sequential:
    """VGG from a list of ``(num_convs, out_channels)`` blocks, as the book builds it."""
    conv_blks: list[nn.Module] = []
    out_channels = in_channels
    for num_convs, out_channels in conv_arch:
        conv_blks.append(vgg_block(num_convs, in_channels, out_channels))
        in_channels = out_channels
    return nn.Sequential(
        *conv_blks,
        nn.Flatten(),  # (B, out_channels * 7 * 7) for 224×224 inputs
        nn.Linear(out_channels * 7 * 7, 4096),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(4096, 4096),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(4096, num_classes),
    )


@register_model("vgg11")
def vgg11(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """VGG-11 for (B, in_channels, 224, 224) inputs."""
    return vgg(VGG11_ARCH, num_classes=num_classes, in_channels=in_channels)


@register_model("vgg11_small")
def vgg11_small(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """VGG-11 with a quarter of the channels, as the book trains it on Fashion-MNIST."""
    arch = tuple((n, c // 4) for n, c in VGG11_ARCH)
    return vgg(arch, num_classes=num_classes, in_channels=in_channels)
