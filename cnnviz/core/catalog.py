"""The names of everything cnnviz offers, in English and Chinese, without importing torch.

Zoo networks, data sets, optimisers, lab samples, kernel presets, lab modes and limits, and the
views are listed here once. The registries that build things (:mod:`cnnviz.core.models`,
:mod:`cnnviz.core.data`, :mod:`cnnviz.core.samples`), the CLI's choices, the GUI's pickers and
the lesson schema all read these lists, so a name is written in one place only.

Importing this module imports only the standard library (a test checks ``sys.modules``), so the
first window and ``cnnviz --help`` can show every name before torch is loaded.

>>> from cnnviz.core import catalog
>>> catalog.network_names()[:2]
('lenet', 'lenet_bn')
>>> catalog.NETWORKS["lenet"].title.get("zh_CN")
'LeNet-5'
>>> catalog.DATASETS["cifar10"].input_shape
(3, 32, 32)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DATASETS",
    "KERNEL_PRESETS",
    "LAB_LIMITS",
    "LAB_MODES",
    "MAX_BIAS",
    "MAX_CHANNELS_IN",
    "MAX_CHANNELS_OUT",
    "MAX_KERNEL_SIDE",
    "NETWORKS",
    "OPTIMIZERS",
    "OPTIMIZER_TITLES",
    "SAMPLES",
    "SAMPLE_GROUPS",
    "VIEWS",
    "DatasetEntry",
    "KernelEntry",
    "NetworkEntry",
    "Recipe",
    "SampleEntry",
    "Text",
    "dataset_names",
    "kernel_preset_names",
    "network_names",
    "sample_names",
]


@dataclass(frozen=True)
class Text:
    """A short text in English (``en``) and Simplified Chinese (``zh``)."""

    en: str
    zh: str = ""  # empty: the English text is used

    def get(self, lang: str = "en") -> str:
        """The text in language ``lang`` (``"en"``, ``"zh"``, ``"zh_CN"``…); English otherwise."""
        if lang.lower().startswith("zh") and self.zh:
            return self.zh
        return self.en

    def __str__(self) -> str:
        return self.en


# --------------------------------------------------------------------------- views

#: the main window's views, by name (lesson slides name one of these)
VIEWS: tuple[str, ...] = ("architecture", "compare", "lab", "training")


# --------------------------------------------------------------------------- data sets


@dataclass(frozen=True)
class DatasetEntry:
    """A data set the trainer can load by name."""

    name: str
    title: Text
    classes: int  # number of classes
    input_shape: tuple[int, int, int]  # (C, H, W) of one image


DATASETS: dict[str, DatasetEntry] = {
    e.name: e
    for e in (
        DatasetEntry("fashion-mnist", Text("Fashion-MNIST", "Fashion-MNIST"), 10, (1, 28, 28)),
        DatasetEntry("mnist", Text("MNIST", "MNIST"), 10, (1, 28, 28)),
        DatasetEntry("cifar10", Text("CIFAR-10", "CIFAR-10"), 10, (3, 32, 32)),
        DatasetEntry(
            "shapes",
            Text("shapes (embedded, no files)", "几何形状（内置，无需文件）"),
            10,
            (1, 28, 28),
        ),
    )
}


def dataset_names() -> tuple[str, ...]:
    """Names of the data sets, in the order the training form lists them."""
    return tuple(DATASETS)


# --------------------------------------------------------------------------- optimisers

#: optimiser names the training loop understands (``TrainConfig.optimizer``)
OPTIMIZERS: tuple[str, ...] = ("sgd", "adam")
OPTIMIZER_TITLES: dict[str, Text] = {"sgd": Text("SGD", "SGD"), "adam": Text("Adam", "Adam")}


# --------------------------------------------------------------------------- zoo networks


@dataclass(frozen=True)
class Recipe:
    """d2l's training recipe for a network (the numbers the book trains it with)."""

    lr: float  # learning rate of plain minibatch SGD
    epochs: int = 10
    batch_size: int = 256


@dataclass(frozen=True)
class NetworkEntry:
    """What is known about a zoo network without building it."""

    name: str
    title: Text
    idea: Text  # the idea the network introduced, one or two sentences
    input_shape: tuple[int, int, int]  # (C, H, W) the book feeds it
    recipe: Recipe
    year: int


_BN_FACT = Text(
    "After normalising, each channel is scaled by γ and shifted by β, so it has mean β and "
    "standard deviation γ, both learned.",
    "标准化之后再乘以 γ、加上 β，因此每个通道的均值为 β、标准差为 γ，二者都是学习得到的。",
)

NETWORKS: dict[str, NetworkEntry] = {
    e.name: e
    for e in (
        NetworkEntry(
            "lenet",
            Text("LeNet-5", "LeNet-5"),
            Text(
                "Among the first published CNNs (LeCun's networks of 1989 came earlier), "
                "trained end to end: convolutions keep the image's spatial structure, pooling "
                "shrinks it, fully connected layers classify (sigmoid, average pooling).",
                "最早发表的卷积神经网络之一（LeCun 1989 年的网络更早），端到端训练："
                "卷积层保留图像的空间结构，汇聚层缩小尺寸，全连接层完成分类"
                "（sigmoid 激活、平均汇聚）。",
            ),
            (1, 28, 28),
            Recipe(lr=0.9, epochs=10, batch_size=256),
            1998,
        ),
        NetworkEntry(
            "lenet_bn",
            Text("LeNet with batch normalisation", "带批量规范化的 LeNet"),
            Text(
                "Batch normalisation standardises each channel over the minibatch before the "
                "sigmoid, so deep nets train faster and with larger learning rates. " + _BN_FACT.en,
                "批量规范化在 sigmoid 之前按通道、在小批量上做标准化，使深层网络训练更快、"
                "可用更大的学习率。" + _BN_FACT.zh,
            ),
            (1, 28, 28),
            Recipe(lr=1.0, epochs=10, batch_size=256),
            2015,
        ),
        NetworkEntry(
            "lenet_bn_scratch",
            Text("LeNet with from-scratch batch norm", "带从零实现批量规范化的 LeNet"),
            Text(
                "The same network with a hand-written BatchNorm layer after the book's: batch "
                "statistics in training, moving averages in evaluation. Unlike the book's, it "
                "follows model.train()/eval() (not torch.is_grad_enabled()), weights the new "
                "batch by momentum 0.1 (the book's 0.9 weights the old average) and keeps the "
                "unbiased variance, as nn.BatchNorm2d does. " + _BN_FACT.en,
                "同一个网络，使用仿照书中写法、从零实现的 BatchNorm 层：训练时用小批量统计量，"
                "评估时用移动平均。与书中不同，它按 model.train()/eval() 切换（而不是 "
                "torch.is_grad_enabled()），以动量 0.1 加权新的小批量（书中的 0.9 加权旧的"
                "平均值），并像 nn.BatchNorm2d 一样保存无偏方差。" + _BN_FACT.zh,
            ),
            (1, 28, 28),
            Recipe(lr=1.0, epochs=10, batch_size=256),
            2015,
        ),
        NetworkEntry(
            "alexnet",
            Text("AlexNet", "AlexNet"),
            Text(
                "A much deeper and wider LeNet that won ImageNet 2012: ReLU instead of "
                "sigmoid, max pooling, dropout in the dense layers, and training on GPUs.",
                "更深更宽的 LeNet，赢得 2012 年 ImageNet 竞赛：用 ReLU 代替 sigmoid、最大汇聚、"
                "全连接层使用暂退法（dropout），并在 GPU 上训练。",
            ),
            (1, 224, 224),
            Recipe(lr=0.01, epochs=10, batch_size=128),
            2012,
        ),
        NetworkEntry(
            "vgg11",
            Text("VGG-11", "VGG-11"),
            Text(
                "Networks built from repeated blocks: stacks of 3×3 convolutions followed by "
                "max pooling, described by a short list of (convolutions, channels).",
                "用重复的块搭建网络：若干 3×3 卷积后接最大汇聚，整个网络由一个"
                "（卷积层数，通道数）列表描述。",
            ),
            (1, 224, 224),
            Recipe(lr=0.05, epochs=10, batch_size=128),
            2014,
        ),
        NetworkEntry(
            "vgg11_small",
            Text("VGG-11 (¼ channels)", "VGG-11（¼ 通道）"),
            Text(
                "VGG-11 with every convolution's channel count divided by 4, as the book "
                "trains it on Fashion-MNIST to save time.",
                "把 VGG-11 每个卷积层的通道数除以 4，书中在 Fashion-MNIST 上训练的就是这个版本，"
                "以节省时间。",
            ),
            (1, 224, 224),
            Recipe(lr=0.05, epochs=10, batch_size=128),
            2014,
        ),
        NetworkEntry(
            "nin",
            Text("Network in Network (NiN)", "网络中的网络（NiN）"),
            Text(
                "1×1 convolutions act as a fully connected layer at every pixel; global "
                "average pooling over the last block's class channels replaces the large "
                "dense layers.",
                "1×1 卷积相当于在每个像素位置上的全连接层；最后一个块输出每类一个通道，"
                "用全局平均汇聚取代庞大的全连接层。",
            ),
            (1, 224, 224),
            Recipe(lr=0.1, epochs=10, batch_size=128),
            2013,
        ),
        NetworkEntry(
            "googlenet",
            Text("GoogLeNet (Inception v1)", "GoogLeNet（Inception v1）"),
            Text(
                "Inception blocks run 1×1, 3×3 and 5×5 convolutions and max pooling in "
                "parallel and concatenate them; 1×1 convolutions first cut the channels to "
                "keep it cheap.",
                "Inception 块并行地执行 1×1、3×3、5×5 卷积和最大汇聚，再在通道维上连结；"
                "先用 1×1 卷积减少通道数以降低计算量。",
            ),
            (1, 96, 96),
            Recipe(lr=0.1, epochs=10, batch_size=128),
            2014,
        ),
        NetworkEntry(
            "resnet18",
            Text("ResNet-18", "ResNet-18"),
            Text(
                "Residual blocks learn the residual g(x) = f(x) − x and add the input back "
                "through a shortcut, f(x) = g(x) + x, so very deep networks stay easy to train; "
                "a 1×1 convolution on the shortcut matches shapes.",
                "残差块学习残差 g(x) = f(x) − x，并通过捷径把输入加回去：f(x) = g(x) + x，"
                "使很深的网络也容易训练；形状改变时在捷径上用 1×1 卷积对齐。",
            ),
            (1, 96, 96),
            Recipe(lr=0.05, epochs=10, batch_size=256),
            2015,
        ),
        NetworkEntry(
            "densenet",
            Text("DenseNet", "DenseNet"),
            Text(
                "Each layer's output is concatenated (not added) to everything before it "
                "inside a dense block; transition blocks halve channels and size between "
                "dense blocks.",
                "在稠密块内，每一层的输出都与之前所有输出在通道维上连结（而不是相加）；"
                "过渡层在稠密块之间把通道数和尺寸减半。",
            ),
            (1, 96, 96),
            Recipe(lr=0.1, epochs=10, batch_size=256),
            2017,
        ),
    )
}


def network_names() -> tuple[str, ...]:
    """Names of the zoo networks, in the order the chapter introduces them."""
    return tuple(NETWORKS)


# --------------------------------------------------------------------------- lab samples


@dataclass(frozen=True)
class SampleEntry:
    """An input the lab offers by name."""

    name: str
    title: Text
    group: str  # one of SAMPLE_GROUPS


SAMPLE_GROUPS: tuple[str, ...] = ("book", "fashion-mnist", "generated")

SAMPLES: dict[str, SampleEntry] = {
    e.name: e
    for e in (
        SampleEntry("book_3x3", Text("Book: 3×3 matrix 0…8", "书中：3×3 矩阵 0…8"), "book"),
        SampleEntry("book_stripes", Text("Book: 6×8 stripe image", "书中：6×8 条纹图像"), "book"),
        SampleEntry(
            "book_two_channels",
            Text("Book: 2 channels (0…8 and 1…9)", "书中：2 个通道（0…8 和 1…9）"),
            "book",
        ),
        SampleEntry(
            "book_4x4",
            Text("Book: 4×4 matrix 0…15 (pooling)", "书中：4×4 矩阵 0…15（汇聚）"),
            "book",
        ),
        SampleEntry(
            "fashion_ankle_boot",
            Text("Fashion-MNIST: Ankle boot", "Fashion-MNIST：短靴"),
            "fashion-mnist",
        ),
        SampleEntry(
            "fashion_pullover",
            Text("Fashion-MNIST: Pullover", "Fashion-MNIST：套衫"),
            "fashion-mnist",
        ),
        SampleEntry(
            "fashion_trouser",
            Text("Fashion-MNIST: Trouser", "Fashion-MNIST：裤子"),
            "fashion-mnist",
        ),
        SampleEntry(
            "fashion_sneaker",
            Text("Fashion-MNIST: Sneaker", "Fashion-MNIST：运动鞋"),
            "fashion-mnist",
        ),
        SampleEntry(
            "fashion_dress", Text("Fashion-MNIST: Dress", "Fashion-MNIST：连衣裙"), "fashion-mnist"
        ),
        SampleEntry(
            "fashion_bag", Text("Fashion-MNIST: Bag", "Fashion-MNIST：包"), "fashion-mnist"
        ),
        SampleEntry(
            "generated_house",
            Text("Generated picture: house (RGB)", "生成的图片：房子（RGB）"),
            "generated",
        ),
        SampleEntry(
            "generated_bar",
            Text("Generated: a bright bar (6×6)", "生成的：一条亮竖条（6×6）"),
            "generated",
        ),
        SampleEntry(
            "generated_bar_right_1",
            Text("Generated: the bar 1 pixel to the right", "生成的：竖条右移 1 个像素"),
            "generated",
        ),
        SampleEntry(
            "generated_bar_right_2",
            Text("Generated: the bar 2 pixels to the right", "生成的：竖条右移 2 个像素"),
            "generated",
        ),
        SampleEntry(
            "generated_shapes",
            Text("Generated picture: shapes", "生成的图片：几何形状"),
            "generated",
        ),
    )
}


def sample_names() -> tuple[str, ...]:
    """Names of the lab's samples, in the order its input menu lists them."""
    return tuple(SAMPLES)


# --------------------------------------------------------------------------- kernel presets


@dataclass(frozen=True)
class KernelEntry:
    """A kernel preset the lab offers by name (its values live in :mod:`cnnviz.core.samples`)."""

    name: str
    title: Text


KERNEL_PRESETS: dict[str, KernelEntry] = {
    e.name: e
    for e in (
        KernelEntry("identity", Text("Identity", "恒等")),
        KernelEntry("book_2x2", Text("Book example [[0, 1], [2, 3]]", "书中示例 [[0, 1], [2, 3]]")),
        KernelEntry("edge", Text("Edge detector [1, −1] (book)", "边缘检测 [1, −1]（书中）")),
        KernelEntry("sobel_x", Text("Sobel x", "Sobel x")),
        KernelEntry("sobel_y", Text("Sobel y", "Sobel y")),
        KernelEntry("box_blur", Text("Box blur", "均值模糊")),
        KernelEntry("gaussian", Text("Gaussian blur", "高斯模糊")),
        KernelEntry("sharpen", Text("Sharpen", "锐化")),
        KernelEntry("laplacian", Text("Laplacian", "拉普拉斯")),
    )
}


def kernel_preset_names() -> tuple[str, ...]:
    """Names of the kernel presets, in the order the lab lists them."""
    return tuple(KERNEL_PRESETS)


# --------------------------------------------------------------------------- convolution lab

LAB_MODES: tuple[str, ...] = ("conv", "pool", "backward", "learn", "features")

#: the convolution lab's limits: (smallest, largest) per geometry key, and the channel counts
LAB_LIMITS: dict[str, tuple[int, int]] = {
    "kernel_size": (1, 15),
    "padding": (0, 16),
    "stride": (1, 16),
    "dilation": (1, 8),
    "in_channels": (1, 3),
    "out_channels": (1, 4),
}
MAX_KERNEL_SIDE = LAB_LIMITS["kernel_size"][1]
MAX_CHANNELS_IN = LAB_LIMITS["in_channels"][1]
MAX_CHANNELS_OUT = LAB_LIMITS["out_channels"][1]
MAX_BIAS = 100.0
