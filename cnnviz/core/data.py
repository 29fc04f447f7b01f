"""Data sets for training, found offline first: Fashion-MNIST, MNIST, CIFAR-10 and ``shapes``.

Every data set loads into one :class:`DataSet` of uint8 tensors ``(N, C, H, W)`` plus int64
labels — small enough to hold whole on the training device (the trainer's fast path).

Where Fashion-MNIST comes from, in order:

1. the cnnviz data directory (``$CNNVIZ_DATA``, else a per-user directory from platformdirs),
   in torchvision's layout ``ROOT/FashionMNIST/raw/*-ubyte``;
2. Debian's package ``dataset-fashion-mnist`` (``/usr/share/datasets/fashion-mnist/*.gz``),
   checksum-verified and unpacked into the data directory once;
3. torchvision's download, when allowed and online.

``shapes`` needs nothing: a procedurally generated, deterministic 10-class set of 28×28
images (circles, squares, stripes…) that a CNN can learn and a person can see.

A corrupt or truncated file raises :class:`DataError` (a ``ValueError``) naming the file and
the fix.
"""

from __future__ import annotations

import errno
import functools
import gzip
import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from cnnviz.core import catalog
from cnnviz.core.files import atomic_path
from cnnviz.core.messages import message

__all__ = [
    "DATASETS",
    "DataError",
    "DataSet",
    "data_dir",
    "list_datasets",
    "load_dataset",
    "make_shapes",
    "read_idx",
]

DEBIAN_FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")

FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip
SHAPES_CLASSES = (
    "circle", "square", "triangle", "cross", "ring",
    "horizontal stripes", "vertical stripes", "diagonal", "checkerboard", "dots",
)  # fmt: skip

# SHA-256 and size of the *unpacked* Fashion-MNIST files (identical upstream and in Debian)
FASHION_MNIST_FILES = {
    "train-images-idx3-ubyte": (
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47040016),
    "train-labels-idx1-ubyte": (
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60008),
    "t10k-images-idx3-ubyte": (
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7840016),
    "t10k-labels-idx1-ubyte": (
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10008),
}  # fmt: skip
FASHION_MNIST_SHA256 = {stem: sha for stem, (sha, _size) in FASHION_MNIST_FILES.items()}


class DataError(ValueError):
    """A data set could not be found or read; the message names the file and the fix."""


@dataclass
class DataSet:
    """A whole data set in memory."""

    name: str
    train_images: torch.Tensor  # (N, C, H, W) uint8
    train_labels: torch.Tensor  # (N,) int64
    test_images: torch.Tensor  # (M, C, H, W) uint8
    test_labels: torch.Tensor  # (M,) int64
    classes: tuple[str, ...]
    source: str  # where it came from, in words
    path: str  # folder it was read from ("" for generated data)

    @property
    def channels(self) -> int:
        return int(self.train_images.shape[1])

    @property
    def image_size(self) -> tuple[int, int]:
        return (int(self.train_images.shape[2]), int(self.train_images.shape[3]))

    @property
    def nbytes(self) -> int:
        return sum(t.numel() * t.element_size() for t in self._tensors())

    def _tensors(self) -> tuple[torch.Tensor, ...]:
        return (self.train_images, self.train_labels, self.test_images, self.test_labels)

    def describe(self) -> str:
        """One line for the UI: name, sizes, origin."""
        h, w = self.image_size
        return (
            f"{self.name}: {len(self.train_labels):,} training and {len(self.test_labels):,} "
            f"test images, {self.channels}×{h}×{w}, {len(self.classes)} classes "
            f"({self.nbytes / 2**20:.1f} MiB) — {self.source}"
        )

    def subset(self, train: int, test: int) -> DataSet:
        """The first ``train`` and ``test`` examples (for quick runs and tests)."""
        return DataSet(
            self.name,
            self.train_images[:train],
            self.train_labels[:train],
            self.test_images[:test],
            self.test_labels[:test],
            self.classes,
            self.source,
            self.path,
        )


def data_dir() -> Path:
    """Where cnnviz keeps data sets: ``$CNNVIZ_DATA`` or the per-user data directory."""
    env = os.environ.get("CNNVIZ_DATA")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("cnnviz", appauthor=False)) / "datasets"


# --------------------------------------------------------------------------- IDX files


def read_idx(path: str | os.PathLike, expected_dims: int) -> np.ndarray:
    """Read an (uncompressed) IDX file of unsigned bytes, checking its header and length; the
    array is writable (read straight into its own memory, no copy)."""
    path = Path(path)
    fix = message("delete {path} and load again (cnnviz unpacks a fresh copy)", path=path)
    try:
        raw = np.fromfile(path, dtype=np.uint8)
    except OSError as exc:
        raise DataError(
            message("cannot read {path}: {error}", path=path, error=exc.strerror or str(exc))
        ) from exc
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise DataError(
            message("{path} is not an IDX file of bytes (bad header); {fix}", path=path, fix=fix)
        )
    dims = int(raw[3])
    if dims != expected_dims or len(raw) < 4 + 4 * dims:
        raise DataError(
            message(
                "{path} has {dims} dimensions, expected {expected}; {fix}",
                path=path,
                dims=dims,
                expected=expected_dims,
                fix=fix,
            )
        )
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i].tobytes(), "big") for i in range(dims))
    need = 4 + 4 * dims + int(np.prod(shape))
    if len(raw) != need:
        raise DataError(
            message(
                "{path} is truncated or corrupt: expected {need:,} bytes, found {found:,}; {fix}",
                path=path,
                need=need,
                found=len(raw),
                fix=fix,
            )
        )
    return raw[4 + 4 * dims :].reshape(shape)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _unpack_gz(raw_dir: Path, source_dir: Path, checksums: dict[str, str] | None) -> None:
    """Unpack ``<stem>.gz`` from ``source_dir`` into ``raw_dir`` (atomic per file), checking
    the SHA-256 of each unpacked file where ``checksums`` gives one."""
    debian = source_dir == DEBIAN_FASHION_MNIST
    fix = (
        message("reinstall it with 'apt-get install --reinstall dataset-fashion-mnist'")
        if debian
        else message("replace it with a fresh copy")
    )
    try:
        raw_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(
            message(
                "cannot unpack the data set into {folder}: {error}; point CNNVIZ_DATA at a "
                "folder you can write",
                folder=raw_dir,
                error=exc.strerror or str(exc),
            )
        ) from exc
    for stem in FASHION_MNIST_FILES:
        target = raw_dir / stem
        gz = source_dir / f"{stem}.gz"
        if target.exists() and target.stat().st_size == FASHION_MNIST_FILES[stem][1]:
            continue  # MNIST's files have the same sizes
        try:
            with atomic_path(target) as tmp:
                with open(tmp, "wb") as out, gzip.open(gz, "rb") as src:
                    shutil.copyfileobj(src, out)
                if checksums is not None and _sha256(tmp) != checksums[stem]:
                    raise DataError(
                        message(
                            "{file} does not match Fashion-MNIST's checksum; {fix}",
                            file=gz,
                            fix=fix,
                        )
                    )
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EACCES, errno.EROFS):
                raise DataError(
                    message(
                        "cannot unpack {file} into {folder}: {error}; point CNNVIZ_DATA at a "
                        "folder with space that you can write",
                        file=gz,
                        folder=raw_dir,
                        error=exc.strerror,
                    )
                ) from exc
            raise DataError(
                message("cannot unpack {file}: {error}; {fix}", file=gz, error=str(exc), fix=fix)
            ) from exc


def _gz_folder(root: Path, cls_name: str) -> Path | None:
    """A folder a user put the four ``.gz`` files in: ``raw/``, the set's folder or ``root``."""
    for folder in (root / cls_name / "raw", root / cls_name, root):
        if all((folder / f"{stem}.gz").is_file() for stem in FASHION_MNIST_FILES):
            return folder
    return None


def _load_idx_set(name: str, raw_dir: Path, classes: tuple[str, ...], source: str) -> DataSet:
    def images(stem: str) -> torch.Tensor:
        a = read_idx(raw_dir / stem, 3)
        return torch.from_numpy(a).unsqueeze(1)  # (N, 1, 28, 28), sharing a's memory

    def labels(stem: str) -> torch.Tensor:
        a = read_idx(raw_dir / stem, 1)
        if a.size and a.max() >= len(classes):
            raise DataError(
                message(
                    "{file} has a label {label} ≥ {n}; corrupt",
                    file=raw_dir / stem,
                    label=int(a.max()),
                    n=len(classes),
                )
            )
        return torch.from_numpy(a.astype(np.int64))

    ds = DataSet(
        name,
        images("train-images-idx3-ubyte"),
        labels("train-labels-idx1-ubyte"),
        images("t10k-images-idx3-ubyte"),
        labels("t10k-labels-idx1-ubyte"),
        classes,
        source,
        str(raw_dir),
    )
    if len(ds.train_images) != len(ds.train_labels) or len(ds.test_images) != len(ds.test_labels):
        raise DataError(
            message(
                "images and labels in {folder} differ in number; delete the folder", folder=raw_dir
            )
        )
    return ds


def _check_root(root: Path) -> None:
    if root.exists() and not root.is_dir():
        raise DataError(
            message("the data folder {root} is a file; point CNNVIZ_DATA at a folder", root=root)
        )
    if root.is_dir() and not os.access(root, os.R_OK | os.X_OK):
        raise DataError(
            message("the data folder {root} cannot be read; check its permissions", root=root)
        )


def _have_raw(raw_dir: Path) -> bool:
    return all((raw_dir / stem).exists() for stem in FASHION_MNIST_FILES)


def _torchvision_download(cls_name: str, root: Path, progress: Callable | None) -> None:
    import torchvision

    cls = getattr(torchvision.datasets, cls_name)
    try:
        cls(str(root), train=True, download=True)
        cls(str(root), train=False, download=True)
    except Exception as exc:
        raise DataError(
            message(
                "{name} is not in {root} and could not be downloaded ({error}); copy the files "
                "into {raw} or use the embedded 'shapes' data set",
                name=cls_name,
                root=root,
                error=str(exc),
                raw=root / cls_name / "raw",
            )
        ) from exc


def _load_mnist_like(
    name: str, cls_name: str, classes: tuple[str, ...], *, root: Path, download: bool,
    progress: Callable | None, debian: Path | None,
) -> DataSet:  # fmt: skip
    raw_dir = root / cls_name / "raw"
    _check_root(root)
    if _have_raw(raw_dir):
        return _load_idx_set(name, raw_dir, classes, f"cnnviz data directory ({root})")
    gz_dir = _gz_folder(root, cls_name)
    if gz_dir is not None:  # the user copied the .gz files: unpack them
        _unpack_gz(raw_dir, gz_dir, FASHION_MNIST_SHA256 if name == "fashion-mnist" else None)
        return _load_idx_set(name, raw_dir, classes, f"unpacked from {gz_dir}")
    if debian is not None and all((debian / f"{s}.gz").exists() for s in FASHION_MNIST_FILES):
        _unpack_gz(raw_dir, debian, FASHION_MNIST_SHA256)
        return _load_idx_set(
            name, raw_dir, classes, f"Debian package dataset-fashion-mnist (unpacked into {root})"
        )
    if not download:
        if name == "fashion-mnist":
            raise DataError(
                message(
                    "{name} is not in {folder}; allow the download or install the Debian "
                    "package dataset-fashion-mnist, or use the embedded 'shapes' data set",
                    name=name,
                    folder=raw_dir,
                )
            )
        raise DataError(
            message(
                "{name} is not in {folder}; allow the download, or use the embedded 'shapes' "
                "data set",
                name=name,
                folder=raw_dir,
            )
        )
    _torchvision_download(cls_name, root, progress)
    return _load_idx_set(name, raw_dir, classes, f"downloaded by torchvision into {root}")


def _load_cifar10(*, root: Path, download: bool, progress: Callable | None) -> DataSet:
    import torchvision

    try:
        train = torchvision.datasets.CIFAR10(str(root), train=True, download=download)
        test = torchvision.datasets.CIFAR10(str(root), train=False, download=download)
    except RuntimeError as exc:  # torchvision: "Dataset not found or corrupted."
        raise DataError(
            message(
                "CIFAR-10 is not in {folder} ({error}); allow the download or use the embedded "
                "'shapes' data set",
                folder=root / "cifar-10-batches-py",
                error=str(exc),
            )
        ) from exc
    except Exception as exc:
        raise DataError(
            message(
                "CIFAR-10 in {root} could not be read ({error}); delete {folder} and download "
                "it again",
                root=root,
                error=str(exc),
                folder=root / "cifar-10-batches-py",
            )
        ) from exc

    def t(ds) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.from_numpy(ds.data).permute(0, 3, 1, 2).contiguous()  # (N, 3, 32, 32)
        return x, torch.tensor(ds.targets, dtype=torch.int64)

    (xa, ya), (xb, yb) = t(train), t(test)
    return DataSet("cifar10", xa, ya, xb, yb, tuple(train.classes), f"torchvision ({root})",
                   str(root))  # fmt: skip


# --------------------------------------------------------------------------- shapes


def _draw(kind: int, rng: np.random.Generator, size: int = 28) -> np.ndarray:
    """One 28×28 image of class ``kind`` with random position, size, stroke and noise."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    cy, cx = rng.uniform(9, size - 9, 2)
    r = rng.uniform(5, 8.5)
    stroke = rng.uniform(1.2, 2.2)
    d = np.hypot(yy - cy, xx - cx)
    if kind == 0:  # filled circle
        img = d <= r
    elif kind == 1:  # filled square
        img = (np.abs(yy - cy) <= r * 0.85) & (np.abs(xx - cx) <= r * 0.85)
    elif kind == 2:  # filled triangle, apex up
        top, h = cy - r, 2 * r
        t = (yy - top) / h
        img = (t >= 0) & (t <= 1) & (np.abs(xx - cx) <= t * r)
    elif kind == 3:  # cross
        img = ((np.abs(yy - cy) <= stroke) & (np.abs(xx - cx) <= r)) | (
            (np.abs(xx - cx) <= stroke) & (np.abs(yy - cy) <= r)
        )
    elif kind == 4:  # ring
        img = np.abs(d - r) <= stroke
    elif kind == 5:  # horizontal stripes
        period = rng.uniform(4, 7)
        img = ((yy + rng.uniform(0, period)) % period) < period / 2
    elif kind == 6:  # vertical stripes
        period = rng.uniform(4, 7)
        img = ((xx + rng.uniform(0, period)) % period) < period / 2
    elif kind == 7:  # a thick diagonal line
        sign = rng.choice([-1.0, 1.0])
        img = np.abs((yy - cy) - sign * (xx - cx)) <= stroke * 1.6
    elif kind == 8:  # checkerboard
        cell = rng.integers(3, 6)
        img = ((yy // cell + xx // cell) % 2) == 0
    else:  # grid of dots
        period = rng.uniform(5, 8)
        py = (yy + rng.uniform(0, period)) % period - period / 2
        px = (xx + rng.uniform(0, period)) % period - period / 2
        img = np.hypot(py, px) <= period / 4
    value = img.astype(np.float32) * rng.uniform(0.6, 1.0)
    value += rng.normal(0, 0.08, value.shape).astype(np.float32)
    return (np.clip(value, 0, 1) * 255).astype(np.uint8)


def make_shapes(n_train: int = 12000, n_test: int = 2000, *, seed: int = 0) -> DataSet:
    """The embedded ``shapes`` data set: deterministic for a given ``seed``, balanced classes."""

    def block(n: int, rng: np.random.Generator) -> tuple[torch.Tensor, torch.Tensor]:
        labels = np.arange(n) % 10
        rng.shuffle(labels)
        images = np.stack([_draw(int(k), rng) for k in labels])[:, None]  # (n, 1, 28, 28)
        return torch.from_numpy(images), torch.from_numpy(labels.astype(np.int64))

    xa, ya = block(n_train, np.random.default_rng(seed))
    xb, yb = block(n_test, np.random.default_rng(seed + 1_000_003))
    return DataSet("shapes", xa, ya, xb, yb, SHAPES_CLASSES,
                   "generated by cnnviz (embedded, needs no files)", "")  # fmt: skip


# --------------------------------------------------------------------------- registry


def _fashion(**kw) -> DataSet:
    return _load_mnist_like("fashion-mnist", "FashionMNIST", FASHION_CLASSES,
                            debian=DEBIAN_FASHION_MNIST, **kw)  # fmt: skip


def _mnist(**kw) -> DataSet:
    return _load_mnist_like("mnist", "MNIST", tuple(str(i) for i in range(10)), debian=None, **kw)


@functools.cache
def _default_shapes() -> DataSet:
    return make_shapes()  # generated once a process (1–2 s); callers don't modify it


def _shapes(**_kw) -> DataSet:
    return _default_shapes()


_LOADERS: dict[str, Callable[..., DataSet]] = {
    "fashion-mnist": _fashion,
    "mnist": _mnist,
    "cifar10": _load_cifar10,
    "shapes": _shapes,
}
#: loader by name, in the catalog's order (:data:`cnnviz.core.catalog.DATASETS`)
DATASETS: dict[str, Callable[..., DataSet]] = {n: _LOADERS[n] for n in catalog.dataset_names()}


def list_datasets() -> list[str]:
    return list(DATASETS)


def load_dataset(
    name: str = "fashion-mnist",
    *,
    root: str | os.PathLike | None = None,
    download: bool = False,
    progress: Callable | None = None,
) -> DataSet:
    """Load the data set ``name`` (see :func:`list_datasets`), offline first.

    ``root`` overrides :func:`data_dir`. Raises :class:`DataError` when it can't be found or a
    file is corrupt, and ``ValueError`` for an unknown name.
    """
    if name not in DATASETS:
        raise ValueError(
            message(
                "unknown data set {name!r}; choose one of {names}",
                name=name,
                names=", ".join(DATASETS),
            )
        )
    root_path = Path(root) if root is not None else data_dir()
    return DATASETS[name](root=root_path, download=download, progress=progress)
