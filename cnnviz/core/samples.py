"""Inputs and kernels for the convolution lab: sample images, kernel presets, image loading.

>>> from cnnviz.core import samples
>>> samples.list_kernel_presets()[:3]
['identity', 'book_2x2', 'edge']
>>> samples.load_sample("book_3x3").tolist()
[[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 8.0]]]
>>> X = samples.load_image("photo.jpg")  # (C, H, W) in [0, 1], at most 64×64

Every image is a float64 tensor of shape (C, H, W): one channel for grayscale, three for RGB.
Samples and presets live in registries, looked up by name; run ``python -m cnnviz.core.samples
DIR`` to write the shipped sample PNGs again (Fashion-MNIST items and the generated pictures).

This module belongs to ``cnnviz.core`` and must not import any GUI library.
"""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import Tensor

from cnnviz.core import catalog
from cnnviz.core.messages import message

__all__ = [
    "KERNEL_PRESETS",
    "MAX_SIDE",
    "SAMPLES",
    "KernelPreset",
    "Sample",
    "adapt_channels",
    "get_kernel_preset",
    "get_sample",
    "kernel_bank",
    "list_kernel_presets",
    "list_samples",
    "load_image",
    "load_sample",
    "random_input",
    "random_kernel",
    "reduce_image",
    "register_kernel_preset",
    "register_sample",
    "synthetic_house",
    "synthetic_shapes",
]

MAX_SIDE = 64  # the lab steps through images of at most 64×64 cells
DTYPE = torch.float64


# --------------------------------------------------------------------------- kernel presets


@dataclass(frozen=True)
class KernelPreset:
    """A named 2-D kernel the lab offers (its values are applied to every channel pair)."""

    name: str
    title: str  # English; the GUI translates it
    values: tuple[tuple[float, ...], ...]  # (kh, kw) rows
    description: str = ""

    @property
    def shape(self) -> tuple[int, int]:
        """(kh, kw)."""
        return (len(self.values), len(self.values[0]))

    def tensor(self) -> Tensor:
        """The kernel as a (kh, kw) float64 tensor."""
        return torch.tensor(self.values, dtype=DTYPE)


KERNEL_PRESETS: dict[str, KernelPreset] = {}


def register_kernel_preset(preset: KernelPreset) -> KernelPreset:
    """Add ``preset`` to :data:`KERNEL_PRESETS`.

    Raises
    ------
    ValueError
        If the name is taken or the rows are empty or ragged.
    """
    if preset.name in KERNEL_PRESETS:
        raise ValueError(f"a kernel preset called {preset.name!r} is already registered.")
    rows = preset.values
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        raise ValueError(f"kernel preset {preset.name!r} must be a non-empty rectangle of numbers.")
    KERNEL_PRESETS[preset.name] = preset
    return preset


_NINTH = 1.0 / 9.0


def _preset_of(name: str, values: tuple[tuple[float, ...], ...], description: str) -> KernelPreset:
    """A preset of the catalog's kernel ``name``, with its catalog title."""
    return KernelPreset(name, catalog.KERNEL_PRESETS[name].title.en, values, description)


for _preset in (
    _preset_of(
        "identity",
        ((0, 0, 0), (0, 1, 0), (0, 0, 0)),
        "Copies the input: only the centre weight is 1.",
    ),
    _preset_of(
        "book_2x2",
        ((0, 1), (2, 3)),
        "The kernel of the book's first cross-correlation example.",
    ),
    _preset_of(
        "edge",
        ((1, -1),),
        "The book's vertical-edge detector: +1 where bright turns dark, −1 the other way.",
    ),
    _preset_of(
        "sobel_x",
        ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),
        "Responds to vertical edges (brightness changing from left to right).",
    ),
    _preset_of(
        "sobel_y",
        ((-1, -2, -1), (0, 0, 0), (1, 2, 1)),
        "Responds to horizontal edges (brightness changing from top to bottom).",
    ),
    _preset_of(
        "box_blur",
        ((_NINTH,) * 3,) * 3,
        "The mean of the 3×3 neighbourhood.",
    ),
    _preset_of(
        "gaussian",
        ((1 / 16, 2 / 16, 1 / 16), (2 / 16, 4 / 16, 2 / 16), (1 / 16, 2 / 16, 1 / 16)),
        "A weighted mean: near neighbours count more.",
    ),
    _preset_of(
        "sharpen",
        ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
        "Boosts the centre against its neighbours.",
    ),
    _preset_of(
        "laplacian",
        ((0, 1, 0), (1, -4, 1), (0, 1, 0)),
        "Zero on flat regions, large on edges and spots in any direction.",
    ),
):
    register_kernel_preset(_preset)


def list_kernel_presets() -> list[str]:
    """Names of the registered kernel presets, in registration order."""
    return list(KERNEL_PRESETS)


def get_kernel_preset(name: str) -> KernelPreset:
    """The preset called ``name``; ValueError naming the valid ones otherwise."""
    try:
        return KERNEL_PRESETS[name]
    except KeyError:
        valid = ", ".join(KERNEL_PRESETS)
        raise ValueError(
            message(
                "unknown kernel preset {name!r}; choose one of {names}.", name=name, names=valid
            )
        ) from None


def kernel_bank(kernel: object, out_channels: int = 1, in_channels: int = 1) -> Tensor:
    """A 2-D kernel repeated for every (output, input) channel pair.

    Returns
    -------
    Tensor, shape (out_channels, in_channels, kh, kw), float64

    Raises
    ------
    ValueError
        If ``kernel`` is not 2-D or a channel count is < 1.
    """
    K = torch.as_tensor(kernel, dtype=DTYPE)
    if K.ndim != 2 or K.numel() == 0:
        raise ValueError(f"kernel must be a non-empty 2-D (kh, kw) array, got {tuple(K.shape)}.")
    if out_channels < 1 or in_channels < 1:
        raise ValueError(f"channel counts must be >= 1, got ({out_channels}, {in_channels}).")
    return K.expand(out_channels, in_channels, *K.shape).clone()


def random_kernel(
    out_channels: int, in_channels: int, kh: int, kw: int, *, seed: int = 0, decimals: int = 1
) -> Tensor:
    """Uniform values in [−1, 1], rounded to ``decimals`` so they read well in a cell.

    Returns
    -------
    Tensor, shape (out_channels, in_channels, kh, kw), float64
    """
    g = torch.Generator().manual_seed(seed)
    K = torch.rand((out_channels, in_channels, kh, kw), generator=g, dtype=DTYPE) * 2 - 1
    return torch.round(K, decimals=decimals)


def random_input(
    channels: int, height: int, width: int, *, seed: int = 0, integers: bool = True
) -> Tensor:
    """A random image: integers 0–9 (easy to multiply in one's head) or uniform [0, 1).

    Returns
    -------
    Tensor, shape (channels, height, width), float64

    Raises
    ------
    ValueError
        If a size is < 1.
    """
    if min(channels, height, width) < 1:
        raise ValueError(f"a random input needs sizes >= 1, got {(channels, height, width)}.")
    g = torch.Generator().manual_seed(seed)
    if integers:
        return torch.randint(0, 10, (channels, height, width), generator=g).to(DTYPE)
    return torch.rand((channels, height, width), generator=g, dtype=DTYPE)


# --------------------------------------------------------------------------- images

_LUMA = (0.299, 0.587, 0.114)  # ITU-R BT.601, as Pillow's "L" conversion


def adapt_channels(X: Tensor, channels: int) -> Tensor:
    """``X`` (C, H, W) with ``channels`` channels.

    Fewer channels: RGB to grey uses the luma weights, otherwise the first ``channels`` are
    kept.  More channels: the existing ones are repeated (a grey image becomes three equal
    planes).

    Raises
    ------
    ValueError
        If ``X`` is not 3-D or ``channels`` is < 1.
    """
    if X.ndim != 3:
        raise ValueError(f"X must be 3-D (C, H, W), got shape {tuple(X.shape)}.")
    if channels < 1:
        raise ValueError(f"channels must be >= 1, got {channels}.")
    C = X.shape[0]
    if C == channels:
        return X
    if channels < C:
        if channels == 1 and C == 3:
            w = torch.tensor(_LUMA, dtype=X.dtype).reshape(3, 1, 1)
            return (X * w).sum(dim=0, keepdim=True)
        return X[:channels].clone()
    index = torch.arange(channels) % C
    return X[index].clone()


def reduce_image(image: np.ndarray, max_side: int = MAX_SIDE) -> np.ndarray:
    """Shrink an (H, W) or (H, W, C) uint8 array so neither side exceeds ``max_side``.

    The aspect ratio is kept; each new pixel is the mean of the pixels it covers (Pillow's
    box filter).  Smaller images come back unchanged.
    """
    from PIL import Image

    h, w = image.shape[:2]
    if max(h, w) <= max_side:
        return image
    scale = max_side / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    img = Image.fromarray(image)
    return np.asarray(img.resize(size, Image.Resampling.BOX))


def load_image(path: str | os.PathLike, *, max_side: int = MAX_SIDE) -> Tensor:
    """Read a PNG, JPEG (or any format Pillow knows) as a (C, H, W) tensor in [0, 1].

    Grey images (also RGB files whose three channels are equal) give one channel, colour
    images three; transparency is dropped over white.  Images larger than ``max_side`` are
    reduced (see :func:`reduce_image`).

    Raises
    ------
    ValueError
        With a sentence naming the file, if it is missing or cannot be decoded.
    """
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise ValueError(
            message("{file} could not be opened: there is no such file.", file=path.name)
        )
    try:
        with Image.open(path) as img:
            img.load()  # decode now: a truncated or corrupt file fails here
            if img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info:
                rgba = img.convert("RGBA")
                background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
                img_rgb = Image.alpha_composite(background, rgba).convert("RGB")
            else:
                img_rgb = img.convert("RGB")
            array = np.asarray(img_rgb)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        reason = str(exc).strip().rstrip(".") or type(exc).__name__
        raise ValueError(
            message(
                "{file} could not be read as an image (PNG, JPEG, …): {reason}.",
                file=path.name,
                reason=reason,
            )
        ) from exc
    except Image.DecompressionBombError as exc:
        raise ValueError(
            message("{file} is too large to open safely: {error}", file=path.name, error=str(exc))
        ) from exc
    if array.size == 0:
        raise ValueError(message("{file} is an empty image.", file=path.name))
    if np.array_equal(array[..., 0], array[..., 1]) and np.array_equal(
        array[..., 0], array[..., 2]
    ):
        array = array[..., 0]
    array = reduce_image(array, max_side)
    t = torch.from_numpy(array.astype(np.float64) / 255.0)
    return t[None] if t.ndim == 2 else t.permute(2, 0, 1).contiguous()


# --------------------------------------------------------------------------- generated pictures


def synthetic_house(size: int = 48) -> np.ndarray:
    """A little procedurally drawn scene (sky, sun, house, tree, grass) as (size, size, 3) uint8.

    Made by this project for the lab; no photograph is involved.
    """
    s = size
    y, x = np.mgrid[0:s, 0:s].astype(np.float64) / s
    img = np.zeros((s, s, 3))
    sky_top, sky_low = np.array([70, 130, 215]), np.array([180, 215, 245])
    img[:] = sky_top + (sky_low - sky_top) * y[..., None]
    sun = (x - 0.8) ** 2 + (y - 0.18) ** 2 < 0.1**2
    img[sun] = (255, 215, 60)
    grass = y > 0.72
    img[grass] = (70, 150, 60)
    img[grass & ((x * 13 + y * 7) % 1 < 0.25)] = (50, 120, 45)  # a few darker stripes
    wall = (x > 0.2) & (x < 0.58) & (y > 0.45) & (y <= 0.78)
    img[wall] = (225, 200, 160)
    roof = (y > 0.25) & (y <= 0.45) & (np.abs(x - 0.39) < (y - 0.25) * 1.15)
    img[roof] = (170, 50, 40)
    door = (x > 0.34) & (x < 0.44) & (y > 0.6) & (y <= 0.78)
    img[door] = (110, 70, 40)
    window = (x > 0.24) & (x < 0.31) & (y > 0.52) & (y < 0.6)
    img[window] = (250, 250, 255)
    trunk = (x > 0.74) & (x < 0.8) & (y > 0.55) & (y <= 0.8)
    img[trunk] = (100, 65, 35)
    crown = (x - 0.77) ** 2 + (y - 0.47) ** 2 < 0.13**2
    img[crown] = (40, 110, 50)
    return np.clip(np.round(img), 0, 255).astype(np.uint8)


def synthetic_shapes(size: int = 32) -> np.ndarray:
    """Grey shapes with sharp edges (a square, a disc, a triangle) as (size, size) uint8.

    Good for edge detectors; made by this project.
    """
    s = size
    y, x = np.mgrid[0:s, 0:s].astype(np.float64) / s
    img = np.full((s, s), 30.0)
    img[(x > 0.08) & (x < 0.42) & (y > 0.08) & (y < 0.42)] = 220
    img[(x - 0.72) ** 2 + (y - 0.28) ** 2 < 0.19**2] = 160
    tri = (y > 0.55) & (y < 0.92) & (np.abs(x - 0.5) < (y - 0.55) * 0.9)
    img[tri] = 250
    return img.astype(np.uint8)


# --------------------------------------------------------------------------- samples


@dataclass(frozen=True)
class Sample:
    """An input the lab offers by name."""

    name: str
    title: str  # English; the GUI translates it
    group: str  # "book", "fashion-mnist" or "generated"
    licence: str
    loader: Callable[[], Tensor] = field(repr=False, compare=False)
    licence_zh: str = ""  # empty: the English one

    def licence_in(self, language: str) -> str:
        """Where the sample comes from and its licence, in ``language`` ("en", "zh_CN")."""
        return self.licence_zh if language.startswith("zh") and self.licence_zh else self.licence

    def load(self) -> Tensor:
        """The image, (C, H, W) float64 (book matrices keep their integer values)."""
        return self.loader()


SAMPLES: dict[str, Sample] = {}


def register_sample(sample: Sample) -> Sample:
    """Add ``sample`` to :data:`SAMPLES`; ValueError if the name is taken."""
    if sample.name in SAMPLES:
        raise ValueError(f"a sample called {sample.name!r} is already registered.")
    SAMPLES[sample.name] = sample
    return sample


def list_samples() -> list[str]:
    """Names of the registered samples, in registration order."""
    return list(SAMPLES)


def get_sample(name: str) -> Sample:
    """The sample called ``name``; ValueError naming the valid ones otherwise."""
    try:
        return SAMPLES[name]
    except KeyError:
        valid = ", ".join(SAMPLES)
        raise ValueError(
            message("unknown sample {name!r}; choose one of {names}.", name=name, names=valid)
        ) from None


def load_sample(name: str) -> Tensor:
    """The sample called ``name`` as a (C, H, W) float64 tensor."""
    return get_sample(name).load()


def _matrix(rows: list) -> Callable[[], Tensor]:
    return lambda: torch.tensor(rows, dtype=DTYPE)


def _resource(file: str) -> Callable[[], Tensor]:
    def load() -> Tensor:
        from cnnviz import resource_path

        return load_image(resource_path("samples", file))

    return load


def _stripes() -> Tensor:
    from cnnviz.core.ops import stripe_image

    return stripe_image().to(DTYPE)[None]


#: the bar image and its shifts: name suffix → the bar's column (pooling's shift invariance)
_BAR_COLUMNS = {"": 2, "_right_1": 3, "_right_2": 4}


def _bar(col: int) -> Callable[[], Tensor]:
    """A 6×6 black image with a bright 2-pixel vertical bar at rows 2–3 of column ``col``."""

    def load() -> Tensor:
        X = torch.zeros(1, 6, 6, dtype=DTYPE)
        X[0, 2:4, col] = 1.0
        return X

    return load


_BOOK = "from Dive into Deep Learning (CC BY-SA 4.0); numbers, not an image file"
_FASHION = "Fashion-MNIST test set, © Zalando SE, MIT licence"
_OURS = "drawn by a program of this project, MIT licence"
_LICENCES_ZH = {
    _BOOK: "出自《动手学深度学习》（CC BY-SA 4.0）；是数字，不是图像文件",
    _FASHION: "Fashion-MNIST 测试集，© Zalando SE，MIT 许可证",
    _OURS: "由本项目的程序绘制，MIT 许可证",
}

#: (file, title) of the shipped Fashion-MNIST test items
FASHION_FILES: tuple[tuple[int, str, str], ...] = (
    (0, "fashion_ankle_boot.png", "Ankle boot"),
    (1, "fashion_pullover.png", "Pullover"),
    (2, "fashion_trouser.png", "Trouser"),
    (9, "fashion_sneaker.png", "Sneaker"),
    (13, "fashion_dress.png", "Dress"),
    (18, "fashion_bag.png", "Bag"),
)

_LOADERS: dict[str, tuple[str, Callable[[], Tensor]]] = {  # name → (licence, loader)
    "book_3x3": (_BOOK, _matrix([[[0, 1, 2], [3, 4, 5], [6, 7, 8]]])),
    "book_stripes": (_BOOK, _stripes),
    "book_two_channels": (
        _BOOK,
        _matrix([[[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1, 2, 3], [4, 5, 6], [7, 8, 9]]]),
    ),
    "book_4x4": (_BOOK, _matrix([[list(range(r * 4, r * 4 + 4)) for r in range(4)]])),
    **{f"fashion_{file[8:-4]}": (_FASHION, _resource(file)) for _, file, _ in FASHION_FILES},
    "generated_house": (_OURS, _resource("generated_house.png")),
    **{f"generated_bar{suffix}": (_OURS, _bar(col)) for suffix, col in _BAR_COLUMNS.items()},
    "generated_shapes": (_OURS, _resource("generated_shapes.png")),
}

for _name, _entry in catalog.SAMPLES.items():  # titles and groups are the catalog's
    _licence, _loader = _LOADERS[_name]
    _sample = Sample(_name, _entry.title.en, _entry.group, _licence, _loader,
                     _LICENCES_ZH.get(_licence, ""))  # fmt: skip
    register_sample(_sample)


def write_sample_files(
    directory: str | os.PathLike,
    fashion_images: str | os.PathLike = "/usr/share/datasets/fashion-mnist/"
    "t10k-images-idx3-ubyte.gz",
) -> list[Path]:
    """Write the shipped sample PNGs into ``directory`` (how resources/samples was made)."""
    from PIL import Image

    out = Path(directory)
    written = []
    raw = gzip.open(fashion_images).read()
    images = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(-1, 28, 28)
    for index, file, _title in FASHION_FILES:
        Image.fromarray(images[index]).save(out / file, optimize=True)
        written.append(out / file)
    Image.fromarray(synthetic_house()).save(out / "generated_house.png", optimize=True)
    Image.fromarray(synthetic_shapes()).save(out / "generated_shapes.png", optimize=True)
    written += [out / "generated_house.png", out / "generated_shapes.png"]
    return written


if __name__ == "__main__":  # pragma: no cover - maintenance helper
    import sys

    for p in write_sample_files(sys.argv[1] if len(sys.argv) > 1 else "."):
        print(p)
