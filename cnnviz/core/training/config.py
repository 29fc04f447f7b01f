"""What to train and what a run measured: :class:`TrainConfig` and :class:`Metrics`.

Both are small dataclasses with a JSON form (``config.json``, ``metrics.jsonl``);
:meth:`TrainConfig.from_json` checks every value's type, so a broken or foreign file is one
sentence, and :meth:`TrainConfig.resolved` fills in the book's recipe and checks the numbers.
"""

from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass, field
from typing import Any

from cnnviz.core import catalog, models
from cnnviz.core.messages import message

__all__ = ["Metrics", "TrainConfig"]


@dataclass
class TrainConfig:
    """What to train and how. ``None`` means: the book's recipe for this model."""

    # a model spec (a zoo name, torchvision:NAME, file.py:NAME), or "user:<name>" for a model
    # given to the Trainer
    model: str = "lenet"
    dataset: str = "fashion-mnist"  # fashion-mnist | mnist | cifar10 | shapes
    epochs: int | None = None
    lr: float | None = None
    batch_size: int | None = None
    optimizer: str = "sgd"  # sgd | adam
    momentum: float = 0.0
    weight_decay: float = 0.0
    device: str = "auto"  # auto | cpu | cuda | cuda:N | mps
    input_size: int | None = None  # images are resized to this (None: the model's size)
    seed: int = 0
    amp: bool | None = None  # bf16 autocast (None: on for CUDA)
    channels_last: bool | None = None  # (None: on for CUDA)
    compile: bool = False  # torch.compile the model
    # each training step captured in a CUDA graph and replayed (None: on CUDA in one process
    # without torch.compile; see cnnviz.core.training.captured)
    cuda_graphs: bool | None = None
    train_subset: int | None = None  # use only the first N training examples
    test_subset: int | None = None
    xavier: bool = True  # the book's Xavier initialisation
    data_root: str | None = None  # overrides the cnnviz data directory
    download: bool = False
    progress_hz: float = 8.0  # how often on_progress gets synced metrics
    # also write the metrics as TensorBoard event files in this folder (relative: in the run's)
    tensorboard: str | None = None

    def resolved(self) -> TrainConfig:
        """A copy with the recipe's numbers filled in; ``ValueError`` for invalid values."""
        # a user model (passed to Trainer(model=...)) is named "user:<name>"
        info, side = None, 28
        if not self.model.startswith("user:"):
            from cnnviz.core.model_spec import input_shape_for, parse_model_spec

            spec = parse_model_spec(self.model)  # an unknown name: one sentence
            if spec.source == "zoo":
                info = models.model_info(self.model)
            side = input_shape_for(spec)[-1]  # torchvision: 224; a file: 28
        recipe = info.recipe if info else models.Recipe(lr=0.1)
        c = dataclasses.replace(
            self,
            epochs=self.epochs if self.epochs is not None else recipe.epochs,
            lr=self.lr if self.lr is not None else recipe.lr,
            batch_size=self.batch_size if self.batch_size is not None else recipe.batch_size,
            input_size=self.input_size
            if self.input_size is not None
            else (info.input_shape[-1] if info else side),
        )
        if c.epochs < 1:
            raise ValueError(message("epochs must be at least 1, got {v}", v=c.epochs))
        if not (math.isfinite(c.lr) and c.lr > 0):
            raise ValueError(
                message("the learning rate must be a positive number, got {v}", v=c.lr)
            )
        if not (math.isfinite(c.momentum) and 0 <= c.momentum < 1):
            raise ValueError(
                message("momentum must be a number from 0 to below 1, got {v}", v=c.momentum)
            )
        if not (math.isfinite(c.weight_decay) and c.weight_decay >= 0):
            raise ValueError(
                message("weight decay must be a number of 0 or more, got {v}", v=c.weight_decay)
            )
        subsets = {
            "train_subset": message("train subset"),
            "test_subset": message("test subset"),
        }
        for name, words in subsets.items():
            n = getattr(c, name)
            if n is not None and n < 1:
                raise ValueError(
                    message(
                        "{what} ({flag}) must be at least 1 example, got {v}; leave it out to use "
                        "them all",
                        what=words,
                        flag="--" + name.replace("_", "-"),
                        v=n,
                    )
                )
        if c.batch_size < 1:
            raise ValueError(message("batch size must be at least 1, got {v}", v=c.batch_size))
        if c.optimizer not in catalog.OPTIMIZERS:
            raise ValueError(message("optimizer must be 'sgd' or 'adam', got {v!r}", v=c.optimizer))
        if c.input_size < 8:
            raise ValueError(message("input size must be at least 8, got {v}", v=c.input_size))
        if c.tensorboard:
            from cnnviz.core.training.tensorboard import check_tensorboard

            check_tensorboard()
        return c

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, d: Any) -> TrainConfig:
        """A config from its JSON form; ``ValueError`` naming the first key of a wrong type.
        Unknown keys are ignored (a newer cnnviz may add some)."""
        if not isinstance(d, dict):
            raise ValueError(
                message("a training config must be a JSON object, not {kind}", kind=_json_kind(d))
            )
        values = {}
        for f in dataclasses.fields(cls):
            if f.name not in d:
                continue
            v = d[f.name]
            allowed = _TYPES[f.type]
            if isinstance(v, bool) and bool not in allowed:  # JSON true is not a number
                ok = False
            else:
                ok = isinstance(v, allowed)
            if not ok:
                raise ValueError(
                    message(
                        "{key!r} must be {what}, not {kind} {v!r}",
                        key=f.name,
                        what=_TYPE_WORDS[f.type],
                        kind=_json_kind(v),
                        v=v,
                    )
                )
            values[f.name] = float(v) if f.type.startswith("float") and v is not None else v
        return cls(**values)


_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "str | None": (str, type(None)),
    "int": (int,),
    "int | None": (int, type(None)),
    "float": (int, float),
    "float | None": (int, float, type(None)),
    "bool": (bool,),
    "bool | None": (bool, type(None)),
}
_TYPE_WORDS = {
    "str": message("text"),
    "str | None": message("text or null"),
    "int": message("an integer"),
    "int | None": message("an integer or null"),
    "float": message("a number"),
    "float | None": message("a number or null"),
    "bool": message("true or false"),
    "bool | None": message("true, false or null"),
}

_JSON_KINDS = {dict: message("an object"), list: message("a list"), str: message("text"),
               bool: message("a boolean"), type(None): message("null"), int: message("a number"),
               float: message("a number")}  # fmt: skip


def _json_kind(v: Any) -> str:
    return _JSON_KINDS.get(type(v), type(v).__name__)


@dataclass
class Metrics:
    """Averages since the start of the current epoch (training) or over the test set."""

    epoch: float  # fractional: 2.5 = half-way through the third epoch
    step: int  # optimiser steps so far
    train_loss: float | None = None
    train_acc: float | None = None
    test_acc: float | None = None
    examples_per_sec: float | None = None
    lr: float | None = None
    time: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}
