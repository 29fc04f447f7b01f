"""The networks of the CNN chapter, as the d2l book builds them, in one registry.

>>> from cnnviz.core import zoo
>>> zoo.list_models()[:3]
['lenet', 'lenet_bn', 'lenet_bn_scratch']
>>> net = zoo.get_model("lenet")          # 1 input channel, 10 classes (Fashion-MNIST)
>>> zoo.model_info("lenet").input_shape
(1, 1, 28, 28)

Every builder is keyword-only (``num_classes``, ``in_channels``) and registered with
:func:`register_model`; the blocks (:func:`vgg_block`, :class:`Inception`, :class:`Residual`, …)
are public so a notebook can build its own variants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn import functional as F

from cnnviz.core.ops import BatchNorm

__all__ = [
    "ConvBlock",
    "DenseBlock",
    "Inception",
    "ModelInfo",
    "NiNBlock",
    "Recipe",
    "Residual",
    "TransitionBlock",
    "VGGBlock",
    "conv_block",
    "get_model",
    "list_models",
    "model_info",
    "nin_block",
    "register_model",
    "resnet_block",
    "transition_block",
    "vgg_block",
]


@dataclass(frozen=True)
class Recipe:
    """d2l's training recipe for a network (the numbers the book trains it with)."""

    lr: float  # learning rate of plain minibatch SGD
    epochs: int = 10
    batch_size: int = 256


@dataclass(frozen=True)
class ModelInfo:
    """What the app and the CLI know about a zoo network besides its modules."""

    name: str
    title: str
    idea: str  # the idea the network introduced, one or two sentences, English
    idea_zh: str  # the same in Simplified Chinese
    input_shape: tuple[int, int, int, int]  # (1, C, H, W) the book feeds it
    recipe: Recipe
    year: int
    builder: Callable[..., nn.Module] = field(repr=False, compare=False)


_REGISTRY: dict[str, ModelInfo] = {}


def register_model(
    name: str,
    *,
    title: str,
    idea: str,
    idea_zh: str,
    input_size: int,
    recipe: Recipe,
    year: int,
) -> Callable[[Callable[..., nn.Module]], Callable[..., nn.Module]]:
    """Decorator adding a keyword-only builder ``f(*, num_classes, in_channels)`` to the zoo."""

    def wrap(builder: Callable[..., nn.Module]) -> Callable[..., nn.Module]:
        if name in _REGISTRY:
            raise ValueError(f"a model named {name!r} is already registered")
        _REGISTRY[name] = ModelInfo(
            name=name,
            title=title,
            idea=idea,
            idea_zh=idea_zh,
            input_shape=(1, 1, input_size, input_size),
            recipe=recipe,
            year=year,
            builder=builder,
        )
        return builder

    return wrap


def list_models() -> list[str]:
    """Names of every zoo network, in the order the chapter introduces them."""
    return list(_REGISTRY)


def model_info(name: str) -> ModelInfo:
    """The :class:`ModelInfo` of a zoo network; ``ValueError`` listing valid names if unknown."""
    try:
        return _REGISTRY[name]
    except KeyError:
        valid = ", ".join(_REGISTRY)
        raise ValueError(f"unknown model {name!r}; valid names are: {valid}") from None


def get_model(name: str, *, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    """Build the zoo network ``name`` for ``in_channels`` input channels and ``num_classes``.

    The weights are PyTorch's default initialisation (the trainer applies Xavier as the book
    does). Raises ``ValueError`` for an unknown name or non-positive sizes.
    """
    info = model_info(name)
    if num_classes < 1:
        raise ValueError(f"num_classes must be at least 1, got {num_classes}")
    if in_channels < 1:
        raise ValueError(f"in_channels must be at least 1, got {in_channels}")
    return info.builder(num_classes=num_classes, in_channels=in_channels)


# --------------------------------------------------------------------------- blocks
# Blocks that the book writes as ``nn.Sequential`` are thin subclasses here, so a view can
# name them ("VGG block") while they behave exactly like the book's Sequential.


class VGGBlock(nn.Sequential):
    """``num_convs`` 3×3 convolutions (padding 1) with ReLU, then 2×2 max-pooling."""


class NiNBlock(nn.Sequential):
    """One ordinary convolution followed by two 1×1 convolutions, each with ReLU."""


class ConvBlock(nn.Sequential):
    """DenseNet's BN → ReLU → 3×3 convolution."""


class TransitionBlock(nn.Sequential):
    """DenseNet's BN → ReLU → 1×1 convolution (fewer channels) → 2×2 average pooling."""


def vgg_block(num_convs: int, in_channels: int, out_channels: int) -> VGGBlock:
    """VGG block: halves height and width, sets the channel count to ``out_channels``."""
    layers: list[nn.Module] = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return VGGBlock(*layers)


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


# --------------------------------------------------------------------------- networks

_BN_FACT_EN = (
    "After normalising, each channel is scaled by γ and shifted by β, so it has mean β and "
    "standard deviation γ, both learned."
)
_BN_FACT_ZH = "标准化之后再乘以 γ、加上 β，因此每个通道的均值为 β、标准差为 γ，二者都是学习得到的。"


@register_model(
    "lenet",
    title="LeNet-5",
    idea="The first CNN trained end to end: convolutions keep the image's spatial structure, "
    "pooling shrinks it, fully connected layers classify (sigmoid, average pooling).",
    idea_zh="第一个端到端训练的卷积神经网络：卷积层保留图像的空间结构，汇聚层缩小尺寸，"
    "全连接层完成分类（sigmoid 激活、平均汇聚）。",
    input_size=28,
    recipe=Recipe(lr=0.9, epochs=10, batch_size=256),
    year=1998,
)
def lenet(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(in_channels, 6, kernel_size=5, padding=2),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120),
        nn.Sigmoid(),
        nn.Linear(120, 84),
        nn.Sigmoid(),
        nn.Linear(84, num_classes),
    )


def _lenet_bn(
    norm2d: Callable[[int], nn.Module],
    norm1d: Callable[[int], nn.Module],
    *,
    num_classes: int,
    in_channels: int,
) -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(in_channels, 6, kernel_size=5),
        norm2d(6),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5),
        norm2d(16),
        nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120),
        norm1d(120),
        nn.Sigmoid(),
        nn.Linear(120, 84),
        norm1d(84),
        nn.Sigmoid(),
        nn.Linear(84, num_classes),
    )


@register_model(
    "lenet_bn",
    title="LeNet with batch normalisation",
    idea="Batch normalisation standardises each channel over the minibatch before the sigmoid, "
    "so deep nets train faster and with larger learning rates. " + _BN_FACT_EN,
    idea_zh="批量规范化在 sigmoid 之前按通道、在小批量上做标准化，使深层网络训练更快、"
    "可用更大的学习率。" + _BN_FACT_ZH,
    input_size=28,
    recipe=Recipe(lr=1.0, epochs=10, batch_size=256),
    year=2015,
)
def lenet_bn(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    return _lenet_bn(
        nn.BatchNorm2d, nn.BatchNorm1d, num_classes=num_classes, in_channels=in_channels
    )


@register_model(
    "lenet_bn_scratch",
    title="LeNet with from-scratch batch norm",
    idea="The same network with the book's hand-written BatchNorm layer: batch statistics in "
    "training, moving averages at inference. " + _BN_FACT_EN,
    idea_zh="同一个网络，使用书中从零实现的 BatchNorm 层：训练时用小批量统计量，"
    "推理时用移动平均。" + _BN_FACT_ZH,
    input_size=28,
    recipe=Recipe(lr=1.0, epochs=10, batch_size=256),
    year=2015,
)
def lenet_bn_scratch(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    return _lenet_bn(
        lambda n: BatchNorm(n, num_dims=4),
        lambda n: BatchNorm(n, num_dims=2),
        num_classes=num_classes,
        in_channels=in_channels,
    )


@register_model(
    "alexnet",
    title="AlexNet",
    idea="A much deeper and wider LeNet that won ImageNet 2012: ReLU instead of sigmoid, max "
    "pooling, dropout in the dense layers, and training on GPUs.",
    idea_zh="更深更宽的 LeNet，赢得 2012 年 ImageNet 竞赛：用 ReLU 代替 sigmoid、最大汇聚、"
    "全连接层使用暂退法（dropout），并在 GPU 上训练。",
    input_size=224,
    recipe=Recipe(lr=0.01, epochs=10, batch_size=128),
    year=2012,
)
def alexnet(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
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
        nn.Flatten(),
        nn.Linear(6400, 4096),
        nn.ReLU(),
        nn.Dropout(p=0.5),
        nn.Linear(4096, 4096),
        nn.ReLU(),
        nn.Dropout(p=0.5),
        nn.Linear(4096, num_classes),
    )


VGG11_ARCH: tuple[tuple[int, int], ...] = ((1, 64), (1, 128), (2, 256), (2, 512), (2, 512))


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
        nn.Flatten(),
        nn.Linear(out_channels * 7 * 7, 4096),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(4096, 4096),
        nn.ReLU(),
        nn.Dropout(0.5),
        nn.Linear(4096, num_classes),
    )


@register_model(
    "vgg11",
    title="VGG-11",
    idea="Networks built from repeated blocks: stacks of 3×3 convolutions followed by max "
    "pooling, described by a short list of (convolutions, channels).",
    idea_zh="用重复的块搭建网络：若干 3×3 卷积后接最大汇聚，整个网络由一个"
    "（卷积层数，通道数）列表描述。",
    input_size=224,
    recipe=Recipe(lr=0.05, epochs=10, batch_size=128),
    year=2014,
)
def vgg11(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    return vgg(VGG11_ARCH, num_classes=num_classes, in_channels=in_channels)


@register_model(
    "vgg11_small",
    title="VGG-11 (¼ channels)",
    idea="VGG-11 with every convolution's channel count divided by 4, as the book trains it "
    "on Fashion-MNIST to save time.",
    idea_zh="把 VGG-11 每个卷积层的通道数除以 4，书中在 Fashion-MNIST 上训练的就是这个版本，"
    "以节省时间。",
    input_size=224,
    recipe=Recipe(lr=0.05, epochs=10, batch_size=128),
    year=2014,
)
def vgg11_small(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    arch = tuple((n, c // 4) for n, c in VGG11_ARCH)
    return vgg(arch, num_classes=num_classes, in_channels=in_channels)


@register_model(
    "nin",
    title="Network in Network (NiN)",
    idea="1×1 convolutions act as a fully connected layer at every pixel; global average "
    "pooling over the last block's class channels replaces the large dense layers.",
    idea_zh="1×1 卷积相当于在每个像素位置上的全连接层；最后一个块输出每类一个通道，"
    "用全局平均汇聚取代庞大的全连接层。",
    input_size=224,
    recipe=Recipe(lr=0.1, epochs=10, batch_size=128),
    year=2013,
)
def nin(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
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


@register_model(
    "googlenet",
    title="GoogLeNet (Inception v1)",
    idea="Inception blocks run 1×1, 3×3 and 5×5 convolutions and max pooling in parallel and "
    "concatenate them; 1×1 convolutions first cut the channels to keep it cheap.",
    idea_zh="Inception 块并行地执行 1×1、3×3、5×5 卷积和最大汇聚，再在通道维上连结；"
    "先用 1×1 卷积减少通道数以降低计算量。",
    input_size=96,
    recipe=Recipe(lr=0.1, epochs=10, batch_size=128),
    year=2014,
)
def googlenet(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
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
        nn.Flatten(),
    )
    return nn.Sequential(b1, b2, b3, b4, b5, nn.Linear(1024, num_classes))


def _stem(in_channels: int) -> nn.Sequential:
    """ResNet's and DenseNet's first module: 7×7/2 convolution, BN, ReLU, 3×3/2 max pooling."""
    return nn.Sequential(
        nn.Conv2d(in_channels, 64, kernel_size=7, stride=2, padding=3),
        nn.BatchNorm2d(64),
        nn.ReLU(),
        nn.MaxPool2d(kernel_size=3, stride=2, padding=1),
    )


@register_model(
    "resnet18",
    title="ResNet-18",
    idea="Residual blocks learn f(x) − x and add the input back through a shortcut, so very "
    "deep networks stay easy to train; a 1×1 convolution on the shortcut matches shapes.",
    idea_zh="残差块学习 f(x) − x，并通过捷径把输入加回去，使很深的网络也容易训练；"
    "形状改变时在捷径上用 1×1 卷积对齐。",
    input_size=96,
    recipe=Recipe(lr=0.05, epochs=10, batch_size=256),
    year=2015,
)
def resnet18(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
    b1 = _stem(in_channels)
    b2 = nn.Sequential(*resnet_block(64, 64, 2, first_block=True))
    b3 = nn.Sequential(*resnet_block(64, 128, 2))
    b4 = nn.Sequential(*resnet_block(128, 256, 2))
    b5 = nn.Sequential(*resnet_block(256, 512, 2))
    return nn.Sequential(
        b1, b2, b3, b4, b5, nn.AdaptiveAvgPool2d((1, 1)), nn.Flatten(), nn.Linear(512, num_classes)
    )


@register_model(
    "densenet",
    title="DenseNet",
    idea="Each layer's output is concatenated (not added) to everything before it inside a "
    "dense block; transition blocks halve channels and size between dense blocks.",
    idea_zh="在稠密块内，每一层的输出都与之前所有输出在通道维上连结（而不是相加）；"
    "过渡层在稠密块之间把通道数和尺寸减半。",
    input_size=96,
    recipe=Recipe(lr=0.1, epochs=10, batch_size=256),
    year=2017,
)
def densenet(*, num_classes: int = 10, in_channels: int = 1) -> nn.Module:
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
        _stem(in_channels),
        *blks,
        nn.BatchNorm2d(num_channels),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d((1, 1)),
        nn.Flatten(),
        nn.Linear(num_channels, num_classes),
    )
