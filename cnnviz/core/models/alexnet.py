"""AlexNet (Krizhevsky et al., 2012), as d2l builds it for 224×224 inputs."""

from __future__ import annotations

from torch import nn

from cnnviz.core.models.registry import register_model

__all__ = ["alexnet"]


@register_model("alexnet")
def alexnet(*, num_classes: int = 10, in_channels: int = 1) -> nn.Sequential:
    """AlexNet for (B, in_channels, 224, 224) inputs."""
    return nn.Sequential(
        nn.Conv2d(in_channels, 96, kernel_size=11, stride=4, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(96, 256, kernel_size=5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Conv2d(256, 384, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.Conv2d(384, 384, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.Conv2d(384, 256, kernel_size=3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2),
        nn.Flatten(),  # (B, 256 * 5 * 5)
        nn.Linear(6400, 4096),
        nn.ReLU(),
        nn.Dropout(p=0.5),
        nn.Linear(4096, 4096),
        nn.ReLU(),
        nn.Dropout(p=0.5),
        nn.Linear(4096, num_classes),
    )
