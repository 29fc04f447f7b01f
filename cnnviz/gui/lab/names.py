"""Translated titles of the core's kernel presets and samples (the core keeps English ones)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from cnnviz.core import samples

__all__ = ["kernel_title", "sample_title"]

CONTEXT = "LabNames"

_KERNELS = {
    "identity": QT_TRANSLATE_NOOP("LabNames", "Identity"),
    "book_2x2": QT_TRANSLATE_NOOP("LabNames", "Book example [[0, 1], [2, 3]]"),
    "edge": QT_TRANSLATE_NOOP("LabNames", "Edge detector [1, −1] (book)"),
    "sobel_x": QT_TRANSLATE_NOOP("LabNames", "Sobel x"),
    "sobel_y": QT_TRANSLATE_NOOP("LabNames", "Sobel y"),
    "box_blur": QT_TRANSLATE_NOOP("LabNames", "Box blur"),
    "gaussian": QT_TRANSLATE_NOOP("LabNames", "Gaussian blur"),
    "sharpen": QT_TRANSLATE_NOOP("LabNames", "Sharpen"),
    "laplacian": QT_TRANSLATE_NOOP("LabNames", "Laplacian"),
}

_SAMPLES = {
    "book_3x3": QT_TRANSLATE_NOOP("LabNames", "Book: 3×3 matrix 0…8"),
    "book_stripes": QT_TRANSLATE_NOOP("LabNames", "Book: 6×8 stripe image"),
    "book_two_channels": QT_TRANSLATE_NOOP("LabNames", "Book: 2 channels (0…8 and 1…9)"),
    "book_4x4": QT_TRANSLATE_NOOP("LabNames", "Book: 4×4 matrix 0…15 (pooling)"),
    "fashion_ankle_boot": QT_TRANSLATE_NOOP("LabNames", "Fashion-MNIST: Ankle boot"),
    "fashion_pullover": QT_TRANSLATE_NOOP("LabNames", "Fashion-MNIST: Pullover"),
    "fashion_trouser": QT_TRANSLATE_NOOP("LabNames", "Fashion-MNIST: Trouser"),
    "fashion_sneaker": QT_TRANSLATE_NOOP("LabNames", "Fashion-MNIST: Sneaker"),
    "fashion_dress": QT_TRANSLATE_NOOP("LabNames", "Fashion-MNIST: Dress"),
    "fashion_bag": QT_TRANSLATE_NOOP("LabNames", "Fashion-MNIST: Bag"),
    "generated_house": QT_TRANSLATE_NOOP("LabNames", "Generated picture: house (RGB)"),
    "generated_shapes": QT_TRANSLATE_NOOP("LabNames", "Generated picture: shapes"),
}


def kernel_title(name: str) -> str:
    """The translated title of kernel preset ``name`` (the core's English title if unknown)."""
    source = _KERNELS.get(name) or samples.get_kernel_preset(name).title
    return QCoreApplication.translate(CONTEXT, source)


def sample_title(name: str) -> str:
    """The translated title of sample ``name``."""
    source = _SAMPLES.get(name) or samples.get_sample(name).title
    return QCoreApplication.translate(CONTEXT, source)
