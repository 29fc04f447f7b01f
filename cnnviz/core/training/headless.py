"""``cnnviz train``: a tqdm progress bar on a terminal and one line per epoch in the book's form.

Under ``torchrun --nproc-per-node N`` it trains with DistributedDataParallel (NCCL on GPUs,
gloo on CPUs); every rank takes its shard and only rank 0 prints and writes the run.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

import torch
from tqdm import tqdm

from cnnviz.core.training.config import Metrics, TrainConfig
from cnnviz.core.training.loop import Callback, Trainer, TrainState
from cnnviz.core.training.runs import RunDirectory, RunExistsError

__all__ = ["EpochPrinter", "train_from_args"]


class EpochPrinter(Callback):
    """The book's line per epoch, and a tqdm bar of the epoch's batches on a terminal.

    When ``stream`` is not a terminal (a pipe, a log file) or ``bar`` is false, only the
    epoch lines are written.
    """

    def __init__(self, stream: TextIO | None = None, bar: bool = True) -> None:
        self.stream = stream if stream is not None else sys.stdout  # the one of now
        self.bar = bar and self.stream.isatty()
        self._progress: tqdm | None = None  # the bar of the epoch running

    def on_progress(self, state: TrainState, m: Metrics) -> None:
        if not self.bar:
            return
        if self._progress is None:
            self._progress = tqdm(
                total=state.batches_per_epoch,
                initial=state.batch,
                desc=f"epoch {state.epoch + 1}/{state.config.epochs}",
                unit="batch",
                file=self.stream,
                leave=False,
                dynamic_ncols=True,
                mininterval=0,  # the loop throttles on_progress already (progress_hz)
            )
        self._progress.set_postfix_str(
            f"loss {m.train_loss:.3f} acc {m.train_acc:.3f} {m.examples_per_sec:,.0f} ex/s",
            refresh=False,
        )
        self._progress.update(state.batch - self._progress.n)

    def on_eval(self, state: TrainState, m: Metrics) -> None:
        self._close_bar()
        self.stream.write(
            f"epoch {int(m.epoch)}: loss {m.train_loss:.3f}, train acc {m.train_acc:.3f}, "
            f"test acc {m.test_acc:.3f}, {m.examples_per_sec:.1f} examples/sec on {state.device}\n"
        )
        self.stream.flush()

    def on_train_end(self, state: TrainState, status: str) -> None:
        self._close_bar()

    def _close_bar(self) -> None:
        if self._progress is not None:
            self._progress.close()  # leave=False: the line is cleared for what comes next
            self._progress = None


def train_from_args(args: argparse.Namespace) -> int:
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    device = args.device
    if world > 1:
        backend = "nccl" if torch.cuda.is_available() and device in ("auto", "cuda") else "gloo"
        torch.distributed.init_process_group(backend)
        if backend == "nccl":
            local = int(os.environ.get("LOCAL_RANK", "0"))
            torch.cuda.set_device(local)
            device = f"cuda:{local}"
        elif device == "auto":
            device = "cpu"
    if args.resume and not args.run_dir:
        raise ValueError("--resume needs --run-dir")
    config = TrainConfig(
        model=args.model,
        dataset=args.dataset,
        epochs=args.epochs,
        lr=args.lr,
        batch_size=args.batch_size,
        optimizer=args.optimizer,
        momentum=args.momentum,
        weight_decay=args.weight_decay,
        device=device,
        input_size=args.input_size,
        seed=args.seed,
        amp=False if args.no_amp else None,
        cuda_graphs=False if args.no_cuda_graphs else None,
        compile=args.compile,
        train_subset=args.train_subset,
        test_subset=args.test_subset,
        download=args.download,
        tensorboard=os.path.abspath(args.tensorboard) if args.tensorboard else None,
    )
    if args.resume:
        run = RunDirectory(args.run_dir)
        if not run.holds_run():
            raise ValueError(
                f"{args.run_dir} holds no run to resume; leave out --resume to start one there"
            )
        saved = run.read_config()
        if args.model != saved.model:
            raise ValueError(
                f"{args.run_dir} holds a run of {saved.model}, not {args.model}; "
                f"resume it with 'cnnviz train {saved.model} --resume --run-dir {args.run_dir}'"
            )
        overrides = {"device": device}
        if args.epochs is not None:  # resume can extend a run
            overrides["epochs"] = args.epochs
        if args.tensorboard:
            overrides["tensorboard"] = os.path.abspath(args.tensorboard)
        config = TrainConfig.from_json({**saved.to_json(), **overrides})
    callbacks = [EpochPrinter(bar=not args.quiet)] if rank == 0 else []
    trainer = Trainer(config, run_dir=args.run_dir, callbacks=callbacks)
    try:
        try:
            trainer.fit(resume=args.resume)
        except RunExistsError as exc:
            raise RunExistsError(
                f"{exc}: add --resume to continue it, or choose another --run-dir"
            ) from exc
        if rank == 0 and args.run_dir:
            print(f"run saved in {args.run_dir}")
    except KeyboardInterrupt:
        print("\nstopped; resume with --resume", file=sys.stderr)
        return 130
    finally:
        if world > 1:
            # every rank waits until all are done before tearing gloo down: a rank that
            # leaves while another still talks aborts ("terminate called…")
            try:
                torch.distributed.barrier()
            finally:
                torch.distributed.destroy_process_group()
    return 0
