"""LeNet-5 (LeCun et al., 1998), as d2l builds it: sigmoid activations, average pooling."""

from __future__ import annotations

from torch import nn

from cnnviz.core.models.registry import register_model

__all__ = ["lenet"]


@register_model("lenet")
def lenet(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """LeNet-5 for (B, in_channels, 28, 28) inputs."""
    return nn.Sequential(
        nn.Conv2d(in_channels, 6, kernel_size=5, padding=2),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5),  # (B, 16, 10, 10)
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),  # (B, 16 * 5 * 5)
        nn.Linear(16 * 5 * 5, 120),
        nn.Sigmoid(),
        nn.Linear(120, 84),
        nn.Sigmoid(),
        nn.Linear(84, num_classes),
    )
