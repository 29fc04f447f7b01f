"""LeNet with batch normalisation: PyTorch's layers, or the book's from-scratch BatchNorm."""

from __future__ import annotations

from collections.abc import Callable

from torch import nn

from cnnviz.core.models.registry import register_model
from cnnviz.core.ops import BatchNorm

__all__ = ["lenet_bn", "lenet_bn_scratch"]


def _lenet_bn(
    norm2d: Callable[[int], nn.Module],
    norm1d: Callable[[int], nn.Module],
    *,
    num_classes: int,
    in_channels: int,
) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(in_channels, 6, kernel_size=5),
        norm2d(6),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5),
        norm2d(16),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),  # (B, 16 * 4 * 4)
        nn.Linear(16 * 4 * 4, 120),
        norm1d(120),
        nn.Sigmoid(),
        nn.Linear(120, 84),
        norm1d(84),
        nn.Sigmoid(),
        nn.Linear(84, num_classes),
    )


@register_model("lenet_bn")
def lenet_bn(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """LeNet with ``nn.BatchNorm2d``/``nn.BatchNorm1d`` before each sigmoid."""
    return _lenet_bn(
        nn.BatchNorm2d, nn.BatchNorm1d, num_classes=num_classes, in_channels=in_channels
    )


@register_model("lenet_bn_scratch")
def lenet_bn_scratch(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """The same network with the book's hand-written :class:`~cnnviz.core.ops.BatchNorm`."""
    return _lenet_bn(
        lambda n: BatchNorm(n, num_dims=4),
        lambda n: BatchNorm(n, num_dims=2),
        num_classes=num_classes,
        in_channels=in_channels,
    )
