"""Training: what to train, the loop, the run on disk, a training process, ``cnnviz train``.

>>> from cnnviz.core.training import TrainConfig, Trainer
>>> trainer = Trainer(TrainConfig(model="lenet", dataset="shapes", epochs=2))
>>> history = trainer.fit()                    # doctest: +SKIP

Modules, in the order a run meets them:

* :mod:`~cnnviz.core.training.config` — :class:`TrainConfig` (the recipe) and :class:`Metrics`
  (one record of the log);
* :mod:`~cnnviz.core.training.devices` — :func:`pick_device` (``auto``, ``cpu``, ``cuda:N``,
  ``mps``);
* :mod:`~cnnviz.core.training.loop` — :class:`Trainer`, its :class:`Callback` hooks and
  :class:`TrainControl` (pause, resume, cancel);
* :mod:`~cnnviz.core.training.runs` — :class:`RunDirectory` (one run on disk), its errors, and
  :func:`scan_runs`, :func:`run_state`, :func:`new_run_dir` for a folder of runs;
* :mod:`~cnnviz.core.training.progress` — :func:`seconds_left`, the time a run still needs;
* :mod:`~cnnviz.core.training.smoothing` — :func:`ema_smooth`, a curve smoothed as TensorBoard
  does (numpy only);
* :mod:`~cnnviz.core.training.worker` — :class:`TrainingProcess` (the loop in a spawned
  process) and :class:`RunFollower` (reads what a run gained);
* :mod:`~cnnviz.core.training.headless` — ``cnnviz train``: a progress bar and a line per epoch.
"""

from cnnviz.core.training.config import Metrics, TrainConfig
from cnnviz.core.training.devices import available_devices, pick_device
from cnnviz.core.training.loop import (
    Callback,
    TrainControl,
    Trainer,
    TrainingCancelled,
    TrainState,
    check_input_size,
    xavier_init,
)
from cnnviz.core.training.progress import seconds_left
from cnnviz.core.training.runs import (
    FINAL_STATUSES,
    CheckpointError,
    RunDirectory,
    RunExistsError,
    RunSummary,
    RunWriteError,
    new_run_dir,
    read_run_summary,
    run_state,
    scan_runs,
)
from cnnviz.core.training.smoothing import ema_smooth
from cnnviz.core.training.worker import (
    RunFollower,
    RunUpdate,
    TrainingProcess,
    error_message,
    live_processes,
)

__all__ = [
    "FINAL_STATUSES",
    "Callback",
    "CheckpointError",
    "Metrics",
    "RunDirectory",
    "RunExistsError",
    "RunFollower",
    "RunSummary",
    "RunUpdate",
    "RunWriteError",
    "TrainConfig",
    "TrainControl",
    "TrainState",
    "Trainer",
    "TrainingCancelled",
    "TrainingProcess",
    "available_devices",
    "check_input_size",
    "ema_smooth",
    "error_message",
    "live_processes",
    "new_run_dir",
    "pick_device",
    "read_run_summary",
    "run_state",
    "scan_runs",
    "seconds_left",
    "xavier_init",
]
