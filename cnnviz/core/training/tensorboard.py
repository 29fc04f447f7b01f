"""The training scalars as TensorBoard event files, for people who keep their runs there.

:class:`TensorBoardLogger` is a :class:`~cnnviz.core.training.loop.Callback`: the scalars it
writes are the run's metrics (``metrics.jsonl``), at the same optimiser steps —
``train/loss``, ``train/accuracy``, ``train/examples_per_sec``, ``train/lr`` and
``test/accuracy``. A :class:`~cnnviz.core.training.TrainConfig` with ``tensorboard`` set adds
one (``cnnviz train --tensorboard DIR``; the GUI's *TensorBoard logs*). The ``tensorboard``
package is optional: without it the config says so before anything trains.

    tensorboard --logdir DIR
"""

from __future__ import annotations

import os
from typing import Any

from cnnviz.core.messages import message
from cnnviz.core.training.config import Metrics
from cnnviz.core.training.loop import Callback, TrainState

__all__ = ["SCALARS", "TensorBoardLogger", "check_tensorboard"]

#: metric field → the scalar's tag
SCALARS = {
    "train_loss": "train/loss",
    "train_acc": "train/accuracy",
    "examples_per_sec": "train/examples_per_sec",
    "lr": "train/lr",
    "test_acc": "test/accuracy",
}


def check_tensorboard() -> None:
    """``ValueError`` with a sentence when the tensorboard package is not installed."""
    try:
        import tensorboard  # noqa: F401
    except ImportError as exc:
        raise ValueError(
            message(
                "writing TensorBoard logs needs the tensorboard package: pip install "
                "tensorboard (or pip install 'cnnviz[tensorboard]')"
            )
        ) from exc


class TensorBoardLogger(Callback):
    """Writes every metrics record to TensorBoard event files in ``log_dir``."""

    def __init__(self, log_dir: str | os.PathLike) -> None:
        check_tensorboard()
        self.log_dir = str(log_dir)
        self._writer: Any = None

    def on_train_start(self, state: TrainState) -> None:
        from torch.utils.tensorboard import SummaryWriter

        self._writer = SummaryWriter(self.log_dir)

    def _write(self, metrics: Metrics) -> None:
        if self._writer is None:
            return
        for field, tag in SCALARS.items():
            value = getattr(metrics, field)
            if value is not None:
                self._writer.add_scalar(tag, value, metrics.step, walltime=metrics.time)

    def on_progress(self, state: TrainState, metrics: Metrics) -> None:
        self._write(metrics)

    def on_eval(self, state: TrainState, metrics: Metrics) -> None:
        self._write(metrics)
        if self._writer is not None:
            self._writer.flush()

    def on_train_end(self, state: TrainState, status: str) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None
