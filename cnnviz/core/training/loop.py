"""Training: the book's recipe, a faster loop, callbacks, pause/resume/cancel, runs on disk.

>>> from cnnviz.core.training import TrainConfig, Trainer
>>> trainer = Trainer(TrainConfig(model="lenet", dataset="shapes", epochs=2))
>>> history = trainer.fit()                    # doctest: +SKIP

The fast path, compared with the book's loop (DataLoader + per-batch ``.item()``):

* the whole data set is one uint8 tensor on the training device; each batch is indexed,
  converted to float and resized there — no DataLoader, no worker processes, no copies;
* loss and accuracy are summed on the device and read back a few times a second, so the
  device never waits for the host between batches;
* channels-last memory format and bf16 autocast where they measured faster for the network and
  device (:mod:`cnnviz.core.training.tuning`); ``torch.compile`` optionally;
* SGD and Adam from :mod:`cnnviz.core.training.optim` (multi-tensor, nothing slow to import);
  on a CPU freed memory is kept for the next step (:func:`keep_freed_cpu_memory`).

A :class:`Callback` sees ``on_train_start``, ``on_batch_end``, ``on_progress`` (synced metrics,
throttled), ``on_epoch_end``, ``on_eval``, ``on_exception`` and ``on_train_end``. A
:class:`TrainControl` pauses, resumes and cancels the loop from another thread (cancelling
raises :class:`TrainingCancelled` inside the loop, which ends it cleanly after a checkpoint).
The config and metrics live in :mod:`cnnviz.core.training.config`, the run on disk in
:mod:`cnnviz.core.training.runs`, the device choice in :mod:`cnnviz.core.training.devices`;
:mod:`cnnviz.core.training` exports them all.
"""

from __future__ import annotations

import dataclasses
import math
import os
import random
import socket
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from cnnviz.core import models
from cnnviz.core.data import DataSet, load_dataset
from cnnviz.core.messages import Message, message, message_of
from cnnviz.core.training import optim
from cnnviz.core.training.captured import StepRunner
from cnnviz.core.training.config import Metrics, TrainConfig
from cnnviz.core.training.devices import keep_freed_cpu_memory, pick_device
from cnnviz.core.training.runs import (
    CheckpointError,
    RunDirectory,
    RunExistsError,
    RunWriteError,
    _first_line,
)
from cnnviz.core.training.tuning import fast_path

__all__ = [
    "Callback",
    "TrainControl",
    "TrainState",
    "Trainer",
    "TrainingCancelled",
    "check_input_size",
    "xavier_init",
]


def xavier_init(model: nn.Module) -> None:
    """The book's initialisation: Xavier-uniform weights for every Linear and Conv2d."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)


#: the smallest evaluation batch per device type: on a GPU large batches (fewer launches); on a
#: CPU the cache decides (LeNet's test pass on the 2-core CPU: 0.33 s in batches of 256, 0.45 s
#: in batches of 1,000 and of 10,000)
EVAL_BATCH = {"cpu": 256, "cuda": 2048}

# --------------------------------------------------------------------------- state


@dataclass
class TrainState:
    """Where the loop is; callbacks read it."""

    config: TrainConfig
    device: torch.device
    epoch: int = 0  # the current (0-based) epoch
    batch: int = 0  # batch index within the epoch
    batches_per_epoch: int = 0
    step: int = 0
    best_test_acc: float | None = None
    history: list[Metrics] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @property
    def epoch_fraction(self) -> float:
        return self.epoch + self.batch / max(self.batches_per_epoch, 1)


class TrainingCancelled(Exception):
    """Raised inside the loop when :meth:`TrainControl.cancel` was called."""


class TrainControl:
    """Pause, resume and cancel a running loop from another thread (checked every batch).

    ``running`` and ``cancel`` may be given from outside — e.g. ``multiprocessing`` events
    shared with the process that controls a training process; by default they are new
    ``threading`` events, running set.
    """

    def __init__(self, running: Any = None, cancel: Any = None) -> None:
        if running is None:
            running = threading.Event()
            running.set()
        self._running = running
        self._cancel = cancel if cancel is not None else threading.Event()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def cancel(self) -> None:
        self._cancel.set()
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self, on_pause: Callable[[], None] | None = None) -> None:
        """Return at once when running; block while paused; raise when cancelled."""
        if self._cancel.is_set():
            raise TrainingCancelled
        if not self._running.is_set():
            if on_pause is not None:
                on_pause()
            while not self._running.wait(0.05):
                pass
            if self._cancel.is_set():
                raise TrainingCancelled


class Callback:
    """Hooks of the training loop; every method does nothing by default."""

    def on_train_start(self, state: TrainState) -> None: ...
    def on_batch_end(self, state: TrainState) -> None: ...
    def on_progress(self, state: TrainState, metrics: Metrics) -> None: ...
    def on_epoch_end(self, state: TrainState, metrics: Metrics) -> None: ...
    def on_eval(self, state: TrainState, metrics: Metrics) -> None: ...
    def on_pause(self, state: TrainState) -> None: ...
    def on_exception(self, state: TrainState, exc: BaseException) -> None: ...
    def on_train_end(self, state: TrainState, status: str) -> None: ...


# --------------------------------------------------------------------------- trainer


class Trainer:
    """Trains one model on one data set with :class:`TrainConfig`.

    ``model`` overrides the zoo model named in the config (a user model); ``dataset`` an
    already loaded :class:`DataSet`; ``run_dir`` keeps everything on disk (and resumes from it
    with ``resume=True``).
    """

    def __init__(
        self,
        config: TrainConfig,
        *,
        model: nn.Module | None = None,
        dataset: DataSet | None = None,
        run_dir: str | os.PathLike | None = None,
        callbacks: Sequence[Callback] = (),
        control: TrainControl | None = None,
    ) -> None:
        self.config = config.resolved()
        self.device = pick_device(self.config.device)
        self.callbacks = list(callbacks)
        self.control = control or TrainControl()
        self.run = RunDirectory(run_dir) if run_dir is not None else None
        self._dataset = dataset
        self._user_model = model
        self.model: nn.Module | None = None
        self.optimizer: optim.Optimizer | None = None
        self.runner: StepRunner | None = None  # the training step (captured on CUDA)
        self._saved_epoch: int | None = None  # the last epoch whose checkpoint is on disk
        # distributed (torchrun): each rank trains on its shard; rank 0 writes the run
        self.world = int(os.environ.get("WORLD_SIZE", "1"))
        self.rank = int(os.environ.get("RANK", "0"))
        if self.config.tensorboard and self.rank == 0:  # one writer, like the run folder
            from cnnviz.core.training.tensorboard import TensorBoardLogger

            logs = Path(self.config.tensorboard)
            if not logs.is_absolute() and self.run is not None:
                logs = self.run.path / logs  # relative: inside the run's folder
            self.callbacks.append(TensorBoardLogger(logs))

    # ---------------------------------------------------------------- set-up

    def _emit(self, name: str, *args: Any) -> None:
        for cb in self.callbacks:
            getattr(cb, name)(*args)

    def _load_data(self) -> DataSet:
        ds = self._dataset or load_dataset(
            self.config.dataset, root=self.config.data_root, download=self.config.download
        )
        if self.config.train_subset or self.config.test_subset:
            ds = ds.subset(
                self.config.train_subset or len(ds.train_labels),
                self.config.test_subset or len(ds.test_labels),
            )
        return ds

    def _build_model(self, ds: DataSet) -> nn.Module:
        if self._user_model is not None:
            model = self._user_model
        else:
            torch.manual_seed(self.config.seed)
            from cnnviz.core.model_spec import build_trainable

            model = build_trainable(
                self.config.model,
                num_classes=len(ds.classes),
                input_shape=(1, ds.channels, self.config.input_size, self.config.input_size),
            )
            if self.config.xavier:
                xavier_init(model)
        model = model.to(self.device)
        if self.device.type == "cuda":
            torch.backends.cudnn.benchmark = True  # fixed shapes: let cuDNN pick its fastest
        if self._channels_last():
            model = model.to(memory_format=torch.channels_last)
        return model

    def _channels_last(self) -> bool:
        c = self.config.channels_last
        return fast_path(self.config.model, self.device.type).channels_last if c is None else c

    def _amp(self) -> bool:
        c = self.config.amp
        return fast_path(self.config.model, self.device.type).amp if c is None else bool(c)

    def _captured(self) -> bool:
        """Whether training steps are CUDA graphs (one process, no torch.compile)."""
        c = self.config.cuda_graphs
        possible = self.device.type == "cuda" and self.world == 1 and not self.config.compile
        return possible and c is not False

    def _make_optimizer(self, model: nn.Module) -> optim.Optimizer:
        c = self.config
        params = model.parameters()  # all of them, as checkpoints number them
        if c.optimizer == "adam":
            return optim.Adam(params, lr=c.lr, weight_decay=c.weight_decay)
        return optim.SGD(params, lr=c.lr, momentum=c.momentum, weight_decay=c.weight_decay)

    def _batch(self, images: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
        """uint8 (B, C, h, w) on the device → float (B, C, S, S) in [0, 1], resized there."""
        x = images[idx].float().div_(255.0)
        size = self.config.input_size
        if x.shape[-1] != size or x.shape[-2] != size:
            x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False)
        if self._channels_last():
            x = x.contiguous(memory_format=torch.channels_last)
        return x

    def _open_run(self, resume: bool) -> None:
        """Before the first write of a resumed run: the same network; no stale temp files.
        (A new run's folder is checked and cleaned by :meth:`RunDirectory.create`.)"""
        assert self.run is not None
        if resume:
            saved = self.run.read_config()
            if saved.model != self.config.model:
                raise ValueError(
                    message(
                        "{path} holds a run of {saved}, not {model}",
                        path=self.run.path,
                        saved=saved.model,
                        model=self.config.model,
                    )
                )
            self.run.clean()

    def _load_weights(self, model: nn.Module, opt: optim.Optimizer, ckpt: dict) -> None:
        assert self.run is not None
        try:
            model.load_state_dict(ckpt["model"])
        except RuntimeError as exc:
            raise CheckpointError(
                message(
                    "{path} does not fit {model} ({error}); it is from another network",
                    path=self.run.checkpoint_file,
                    model=self.config.model,
                    error=_first_line(exc),
                )
            ) from exc
        if "optimizer" in ckpt:
            try:
                opt.load_state_dict(ckpt["optimizer"])
            except (ValueError, KeyError, RuntimeError) as exc:
                raise CheckpointError(
                    message(
                        "the optimiser state in {path} does not fit {optimizer} on {model} "
                        "({error})",
                        path=self.run.checkpoint_file,
                        optimizer=self.config.optimizer,
                        model=self.config.model,
                        error=_first_line(exc),
                    )
                ) from exc

    # ---------------------------------------------------------------- the loop

    def fit(self, *, resume: bool = False) -> list[Metrics]:
        """Train; returns the metrics history. Ends with status finished/stopped/failed."""
        c = self.config
        writer = self.run is not None and self.rank == 0
        if writer and not resume and self.run.holds_run():  # before any work: nothing changes
            raise RunExistsError(
                message("{path} holds a run of {run}", path=self.run.path, run=self.run.describe())
            )
        if writer and resume and not self.run.holds_run():
            raise ValueError(
                message(
                    "{path} holds no run to resume; start one without resume", path=self.run.path
                )
            )
        if self.device.type == "cpu":
            keep_freed_cpu_memory()  # a third faster on glibc (see there)
        ds = self._load_data()
        self.dataset_info = ds.describe()
        state = TrainState(config=c, device=self.device)
        start_epoch, skip_batches = 0, 0
        model = self._build_model(ds)
        check_input_size(model, (ds.channels, c.input_size, c.input_size), c.model, self.device)
        opt = self._make_optimizer(model)
        if writer:
            self._open_run(resume)
        # loaded on the CPU: RNG states must stay CPU byte tensors; load_state_dict moves
        # the weights and the optimiser's state to the model's device
        ckpt = self.run.load_checkpoint("cpu") if (self.run and resume) else None
        if ckpt is not None:
            self._load_weights(model, opt, ckpt)
            start_epoch = ckpt["epoch"] + 1
            skip_batches = ckpt.get("batch", 0)  # a run stopped mid-epoch goes on from there
            state.step = ckpt["step"]
            state.best_test_acc = ckpt.get("best_test_acc")
            self._saved_epoch = ckpt["epoch"]
            _set_rng_state(ckpt.get("rng", {}))
            if writer:
                self.run.truncate_metrics(state.step)
                state.history = self.run.read_metrics()
        elif writer and resume:  # killed before the first checkpoint: nothing to go on from
            self.run.write_json(self.run.config_file, c.to_json())
            self.run.truncate_metrics(-1)  # the records of the lost part of epoch 1
        elif writer:
            self.run.create(c)
        if writer:
            self.run.set_status(
                "running", model=c.model, dataset=ds.name, dataset_info=ds.describe(),
                best_test_acc=state.best_test_acc, device=str(self.device), pid=os.getpid(),
                host=socket.gethostname(), error=None,
            )  # fmt: skip
        ddp_model = model
        if self.world > 1:
            ddp_model = nn.parallel.DistributedDataParallel(model)
        train_step_model = torch.compile(ddp_model) if c.compile else ddp_model
        self.model, self.optimizer = model, opt

        x_train = ds.train_images.to(self.device)
        y_train = ds.train_labels.to(self.device)
        n = len(y_train)
        if c.batch_size % self.world:
            raise ValueError(
                message(
                    "batch size {n} must divide evenly over {world} processes",
                    n=c.batch_size,
                    world=self.world,
                )
            )
        # interleaved shards: batch i of every rank together is batch i of a single process
        self.rank_batch = c.batch_size // self.world
        per_rank = n // self.world
        state.batches_per_epoch = math.ceil(per_rank / self.rank_batch)
        # one step for every device: replayed as a CUDA graph where captured, else run eagerly
        self.runner = StepRunner(
            train_step_model, opt, x_train, y_train, self._batch, batch_size=self.rank_batch,
            n=per_rank, amp=self._amp(), capture=self._captured(),
        )  # fmt: skip
        self._emit("on_train_start", state)
        status = "finished"
        epoch = start_epoch
        try:
            for epoch in range(start_epoch, c.epochs):
                state.epoch = epoch
                g = torch.Generator().manual_seed(c.seed * 1000 + epoch)
                order = torch.randperm(n, generator=g)[: per_rank * self.world]
                order = order[self.rank :: self.world].to(self.device)
                metrics = self._train_epoch(state, self.runner, order, skip_batches)
                skip_batches = 0
                test_acc = self.evaluate(model, ds)
                metrics = dataclasses.replace(metrics, test_acc=test_acc, epoch=float(epoch + 1))
                state.batch = 0
                if state.best_test_acc is None or test_acc > state.best_test_acc:
                    state.best_test_acc = test_acc
                state.history.append(metrics)
                self._emit("on_eval", state, metrics)
                if writer:
                    self.run.append_metrics([metrics])
                    self._checkpoint(state, model, opt, epoch)
                    self.run.set_status("running", best_test_acc=state.best_test_acc,
                                        epoch=epoch + 1)  # fmt: skip
                self._emit("on_epoch_end", state, metrics)
        except TrainingCancelled:
            status = "stopped"
            if writer:  # keep the exact position: nothing is lost on stop
                self._checkpoint(state, model, opt, state.epoch - 1, batch=state.batch)
        except BaseException as original:
            status, exc = "failed", original
            if isinstance(exc, RunWriteError):  # say what survived
                kept = (
                    message("the checkpoint of epoch {n} is kept", n=self._saved_epoch + 1)
                    if self._saved_epoch is not None and self._saved_epoch >= 0
                    else message("no checkpoint was saved yet")
                )
                exc = RunWriteError(
                    message("{problem}; {kept}", problem=message_of(exc), kept=kept)
                )
            if writer:
                try:
                    self.run.set_status("failed", error=_one_line(exc))
                except (OSError, ValueError):
                    pass  # the disk is full or gone: the reader sees a dead writer
            self._emit("on_exception", state, exc)
            self._emit("on_train_end", state, status)
            if exc is original:
                raise
            raise exc from original
        if writer:
            self.run.set_status(status, best_test_acc=state.best_test_acc)
        self._emit("on_train_end", state, status)
        return state.history

    def _checkpoint(
        self, state: TrainState, model: nn.Module, opt: Any, epoch: int, batch: int = 0
    ) -> None:
        """Save everything needed to go on: ``epoch`` is the last finished one, ``batch`` the
        batches already done of the next (after a stop)."""
        assert self.run is not None
        self.run.save_checkpoint(
            {
                "model": model.state_dict(),
                "optimizer": opt.state_dict(),
                "epoch": epoch,
                "batch": batch,
                "step": state.step,
                "best_test_acc": state.best_test_acc,
                "config": self.config.to_json(),
                "rng": _rng_state(),
            }
        )
        if batch == 0:
            self._saved_epoch = epoch

    def _train_epoch(
        self, state: TrainState, runner: StepRunner, order: torch.Tensor, skip_batches: int = 0
    ) -> Metrics:
        c = self.config
        runner.model.train()
        runner.start_epoch(order, skip_batches)  # sums zeroed; read back only when shown
        seen = 0
        t_epoch = time.perf_counter()
        last_sync = t_epoch
        period = 1.0 / c.progress_hz if c.progress_hz > 0 else float("inf")
        sync_every = max(1, state.batches_per_epoch // 10)
        metrics = Metrics(epoch=float(state.epoch), step=state.step, lr=c.lr)
        for b in range(skip_batches, state.batches_per_epoch):
            self.control.check(lambda: self._emit("on_pause", state))
            runner.run(b)
            seen += runner.size_of(b)
            state.batch, state.step = b + 1, state.step + 1
            self._emit("on_batch_end", state)
            now = time.perf_counter()
            if self.world > 1:  # every rank must reach the same collectives: count batches
                due = (b + 1) % sync_every == 0
            else:  # a few times a second, whatever the speed
                due = now - last_sync >= period
            if due or b + 1 == state.batches_per_epoch:
                last_sync = now
                totals = torch.stack(
                    [runner.loss_sum, runner.correct.float(),
                     torch.tensor(float(seen), device=self.device)]
                )  # fmt: skip
                if self.world > 1:
                    torch.distributed.all_reduce(totals)
                ls, cor, cnt = totals.tolist()
                metrics = Metrics(
                    epoch=state.epoch_fraction,
                    step=state.step,
                    train_loss=ls / cnt,
                    train_acc=cor / cnt,
                    examples_per_sec=seen * self.world / max(now - t_epoch, 1e-9),
                    lr=runner.optimizer.param_groups[0]["lr"],
                )
                if not math.isfinite(metrics.train_loss):
                    raise FloatingPointError(
                        message(
                            "the loss became {loss} at step {step}; try a smaller learning rate",
                            loss=metrics.train_loss,
                            step=state.step,
                        )
                    )
                if self.run is not None and self.rank == 0:
                    self.run.append_metrics([metrics])
                self._emit("on_progress", state, metrics)
        return metrics

    @torch.inference_mode()
    def evaluate(self, model: nn.Module, ds: DataSet) -> float:
        """Accuracy on the test set (eval mode; this rank's shard reduced over ranks), in
        batches of at least :data:`EVAL_BATCH` (no gradients: memory allows large ones)."""
        was = model.training
        model.eval()
        x_all = ds.test_images.to(self.device)
        y_all = ds.test_labels.to(self.device)
        n = len(y_all)
        lo, hi = self.rank * n // self.world, (self.rank + 1) * n // self.world
        correct = torch.zeros((), device=self.device)
        bs = max(self.config.batch_size, EVAL_BATCH.get(self.device.type, 256))
        for i in range(lo, hi, bs):
            idx = torch.arange(i, min(i + bs, hi), device=self.device)
            with torch.autocast(self.device.type, dtype=torch.bfloat16, enabled=self._amp()):
                y_hat = model(self._batch(x_all, idx))
            correct += (y_hat.argmax(1) == y_all[idx]).sum()
        totals = torch.stack([correct.float(), torch.tensor(float(hi - lo), device=self.device)])
        if self.world > 1:
            torch.distributed.all_reduce(totals)
        model.train(was)
        cor, cnt = totals.tolist()
        return cor / max(cnt, 1)


def check_input_size(
    model: nn.Module, shape: tuple[int, int, int], name: str, device: Any = "cpu"
) -> None:
    """Run one zero image of ``shape`` (C, H, W) through ``model``; ``ValueError`` naming the
    layer that does not fit, and the input size a zoo network takes."""
    leaves = [(n, m) for n, m in model.named_modules() if n and not any(m.children())]
    entered: list[tuple[str, nn.Module]] = []
    hooks = [
        m.register_forward_pre_hook(lambda mod, _inp, n=n: entered.append((n, mod)))
        for n, m in leaves
    ]
    was = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(torch.zeros((1, *shape), device=device))
    except Exception as exc:
        c, h, w = shape
        where = (
            message(
                "layer {name!r} ({kind}) does not fit ({error})",
                name=entered[-1][0],
                kind=type(entered[-1][1]).__name__,
                error=_first_line(exc),
            )
            if entered
            else _first_line(exc)
        )
        if not name.startswith("user:") and name in models.list_models():
            from cnnviz.core.graph import layer_graph_for

            try:  # the graph engine says it best: which layer, on which input shape
                layer_graph_for(name, (h, w), in_channels=c)
            except ValueError as graph_exc:
                where = message_of(graph_exc)
                if " (input shape" in where:
                    where = where.split(" (input shape")[0]
            book = models.model_info(name).input_shape
            raise ValueError(
                message(
                    "{name} does not take {c}×{h}×{w} inputs: {where}; {name} takes "
                    "{bh}×{bw} inputs (--input-size {bw})",
                    name=name,
                    c=c,
                    h=h,
                    w=w,
                    where=where,
                    bh=book[-2],
                    bw=book[-1],
                )
            ) from exc
        raise ValueError(
            message(
                "{name} does not take {c}×{h}×{w} inputs: {where}",
                name=name,
                c=c,
                h=h,
                w=w,
                where=where,
            )
        ) from exc
    finally:
        for hk in hooks:
            hk.remove()
        model.train(was)


def _one_line(exc: BaseException) -> str:
    text = message_of(exc)
    if isinstance(text, Message) and "\n" not in text:
        return message("{kind}: {text}", kind=type(exc).__name__, text=text)
    lines = text.strip().splitlines()
    return f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__


def _rng_state() -> dict[str, Any]:
    kind, keys, pos, has_gauss, cached = np.random.get_state()
    state = {  # only tensors and plain values: loadable with weights_only=True
        "torch": torch.get_rng_state(),
        "numpy": (kind, torch.from_numpy(keys.astype(np.int64)), pos, has_gauss, cached),
        "python": random.getstate(),
    }
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def _set_rng_state(state: dict[str, Any]) -> None:
    if "torch" in state:
        torch.set_rng_state(state["torch"].cpu())
    if "numpy" in state:
        kind, keys, *rest = state["numpy"]
        if isinstance(keys, torch.Tensor):
            keys = keys.numpy().astype(np.uint32)
        np.random.set_state((kind, keys, *rest))
    if "python" in state:
        random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])
