"""What a trained network does on the test set: confusion matrix, predictions, first kernels.

>>> from cnnviz.core.evaluate import evaluate_run
>>> ev = evaluate_run("runs/lenet-shapes")              # doctest: +SKIP
>>> ev.confusion.sum() == ev.test_count                 # doctest: +SKIP
True

Everything works from a run directory's latest checkpoint: :func:`load_run_model` rebuilds the
network (``models.get_model`` + ``state_dict``), :func:`evaluate_run` runs the whole test set
through it under ``torch.no_grad()`` in ``eval()`` mode. The pieces —
:func:`confusion_matrix`, :func:`predict_proba`, :func:`first_layer_kernels` — work on any
model and data, e.g. in a notebook.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cnnviz.core import models
from cnnviz.core.data import DataSet, load_dataset
from cnnviz.core.messages import message
from cnnviz.core.training import RunDirectory, TrainConfig

__all__ = [
    "Evaluation",
    "confusion_matrix",
    "evaluate_model",
    "evaluate_run",
    "first_layer_kernels",
    "load_run_model",
    "predict_proba",
    "prepare_images",
]


@dataclass
class Evaluation:
    """A checkpoint's results on the test set."""

    model_name: str
    dataset: str
    classes: tuple[str, ...]
    confusion: np.ndarray  # (K, K) int64: row = true class, column = predicted class
    accuracy: float
    test_count: int
    images: np.ndarray  # (n, C, H, W) uint8: the first n test images
    labels: np.ndarray  # (n,) int64
    probabilities: np.ndarray  # (n, K) float32: softmax of the network's output
    kernels: np.ndarray | None  # (O, I, kh, kw) float32: the first convolution's weights
    kernel_layer: str  # its qualified name ("" when the network has no convolution)
    epoch: float  # epochs trained when the checkpoint was written (fractional after a stop)
    step: int
    run_dir: str = ""

    @property
    def predictions(self) -> np.ndarray:
        """(n,) predicted classes of the sample images."""
        return self.probabilities.argmax(1)


def confusion_matrix(labels: Any, predictions: Any, num_classes: int) -> np.ndarray:
    """(K, K) counts: entry ``[i, j]`` is how many examples of class ``i`` were predicted ``j``.

    ``labels`` and ``predictions`` are integer sequences of the same length in ``[0, K)``;
    ``ValueError`` otherwise.
    """
    y = np.asarray(labels, dtype=np.int64).ravel()
    p = np.asarray(predictions, dtype=np.int64).ravel()
    if y.shape != p.shape:
        raise ValueError(f"{len(y)} labels but {len(p)} predictions")
    if len(y) and (min(y.min(), p.min()) < 0 or max(y.max(), p.max()) >= num_classes):
        raise ValueError(f"classes must lie in [0, {num_classes})")
    return np.bincount(y * num_classes + p, minlength=num_classes**2).reshape(
        num_classes, num_classes
    )


def prepare_images(images: torch.Tensor, input_size: int) -> torch.Tensor:
    """uint8 (B, C, h, w) → float (B, C, S, S) in [0, 1], resized as the trainer does."""
    x = images.float().div_(255.0)
    if x.shape[-1] != input_size or x.shape[-2] != input_size:
        x = F.interpolate(x, size=(input_size, input_size), mode="bilinear", align_corners=False)
    return x


@torch.no_grad()
def predict_proba(
    model: nn.Module,
    images: torch.Tensor,
    input_size: int,
    *,
    batch_size: int = 500,
    device: str | torch.device = "cpu",
    check: Callable[[], None] | None = None,
) -> np.ndarray:
    """(N, K) class probabilities of uint8 images ``(N, C, h, w)``, in ``eval()`` mode.

    ``check`` is called between batches (it may raise to cancel).
    """
    was = model.training
    model.eval()
    out = []
    try:
        for i in range(0, len(images), batch_size):
            if check is not None:
                check()
            x = prepare_images(images[i : i + batch_size].to(device), input_size)
            out.append(torch.softmax(model(x).float(), dim=1).cpu())  # (B, K)
    finally:
        model.train(was)
    if not out:
        return np.zeros((0, 0), dtype=np.float32)
    return torch.cat(out).numpy()


def first_layer_kernels(model: nn.Module) -> tuple[str, np.ndarray] | None:
    """The first ``Conv2d``'s name and weights ``(O, I, kh, kw)``, or ``None`` if it has none."""
    for name, m in model.named_modules():
        if isinstance(m, nn.Conv2d):
            return name, m.weight.detach().float().cpu().numpy().copy()
    return None


def _shape_from_state(state: dict[str, torch.Tensor]) -> tuple[int, int]:
    """(in_channels, num_classes) read from a zoo model's weights: the first 4-D weight's
    input channels, the last weight's outputs."""
    weights = [t for k, t in state.items() if k.endswith("weight") and t.dim() >= 2]
    if not weights:
        return 1, 10
    first = next((t for t in weights if t.dim() == 4), weights[0])
    return int(first.shape[1]), int(weights[-1].shape[0])


def load_run_model(
    run_dir: str | os.PathLike, map_location: Any = "cpu"
) -> tuple[nn.Module, TrainConfig, dict[str, Any]]:
    """The network of a run's latest checkpoint, its config and the checkpoint itself.

    Raises ``ValueError`` when the run has no checkpoint yet, it is broken, or the network is
    not one of the zoo's (a user model can't be rebuilt from its weights alone).
    """
    run = RunDirectory(run_dir)
    ckpt = run.load_checkpoint(map_location)
    if ckpt is None:
        raise ValueError(
            message(
                "{path} has no checkpoint yet; it appears after the first epoch or a stop",
                path=run.path,
            )
        )
    config = TrainConfig.from_json(ckpt["config"]) if "config" in ckpt else run.read_config()
    if config.model.startswith("user:"):
        raise ValueError(
            message("{name!r} is not a zoo network; it can't be rebuilt here", name=config.model)
        )
    state = ckpt["model"]
    in_channels, num_classes = _shape_from_state(state)
    if config.model in models.list_models():
        model = models.get_model(config.model, num_classes=num_classes, in_channels=in_channels)
    else:  # torchvision or the user's file, rebuilt from the spec the run recorded
        from cnnviz.core.model_spec import build_trainable

        side = config.input_size or 28
        model = build_trainable(
            config.model, num_classes=num_classes, input_shape=(1, in_channels, side, side)
        )
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:
        raise ValueError(
            message(
                "the checkpoint in {path} does not fit {model}: {error}",
                path=run.path,
                model=config.model,
                error=str(exc).splitlines()[0],
            )
        ) from exc
    model.eval()
    return model, config, ckpt


_cache_lock = threading.Lock()
_cached: tuple[tuple[str, str | None], DataSet] | None = None


def _test_data(config: TrainConfig) -> DataSet:
    """The run's data set (the last one is kept: re-evaluating after each epoch is quick)."""
    global _cached
    key = (config.dataset, config.data_root)
    with _cache_lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        ds = load_dataset(config.dataset, root=config.data_root, download=False)
        _cached = (key, ds)
        return ds


def evaluate_model(
    model: nn.Module,
    ds: DataSet,
    input_size: int,
    *,
    samples: int = 40,
    device: str | torch.device = "cpu",
    check: Callable[[], None] | None = None,
    model_name: str = "",
) -> Evaluation:
    """Run ``ds``'s whole test set through ``model``: confusion matrix, accuracy, the first
    ``samples`` images with their probabilities and the first convolution's kernels."""
    model = model.to(device)
    probs = predict_proba(model, ds.test_images, input_size, device=device, check=check)  # (N, K)
    labels = ds.test_labels.numpy()
    k = len(ds.classes)
    preds = probs.argmax(1) if len(probs) else np.zeros(0, dtype=np.int64)
    cm = confusion_matrix(labels, preds, k)
    kernels = first_layer_kernels(model)
    n = min(samples, len(labels))
    return Evaluation(
        model_name=model_name,
        dataset=ds.name,
        classes=tuple(ds.classes),
        confusion=cm,
        accuracy=float(np.trace(cm) / max(cm.sum(), 1)),
        test_count=int(cm.sum()),
        images=ds.test_images[:n].numpy().copy(),
        labels=labels[:n].copy(),
        probabilities=probs[:n].astype(np.float32),
        kernels=kernels[1] if kernels else None,
        kernel_layer=kernels[0] if kernels else "",
        epoch=0.0,
        step=0,
    )


def evaluate_run(
    run_dir: str | os.PathLike,
    *,
    samples: int = 40,
    device: str | torch.device = "cpu",
    dataset: DataSet | None = None,
    check: Callable[[], None] | None = None,
) -> Evaluation:
    """:func:`evaluate_model` on a run's latest checkpoint and its test set.

    ``dataset`` is used instead of loading the run's data set (the run's ``test_subset``
    applies to either). Raises ``ValueError`` (``DataError`` too) with a sentence.
    """
    model, config, ckpt = load_run_model(run_dir)
    if check is not None:
        check()
    ds = dataset if dataset is not None else _test_data(config)
    if config.test_subset:
        ds = ds.subset(len(ds.train_labels), config.test_subset)
    ev = evaluate_model(
        model,
        ds,
        config.resolved().input_size,
        samples=samples,
        device=device,
        check=check,
        model_name=config.model,
    )
    ev.epoch = float(ckpt.get("epoch", -1) + 1)
    if ckpt.get("batch"):
        bpe = _batches_per_epoch(config, ds)
        ev.epoch += ckpt["batch"] / max(bpe, 1)
    ev.step = int(ckpt.get("step", 0))
    ev.run_dir = str(Path(run_dir))
    return ev


def _batches_per_epoch(config: TrainConfig, ds: DataSet) -> int:
    n = min(config.train_subset or len(ds.train_labels), len(ds.train_labels))
    bs = config.resolved().batch_size
    return -(-n // bs)
