"""Training in a separate process, and following a run directory while something writes it.

>>> proc = TrainingProcess(TrainConfig(model="lenet", dataset="shapes"), "runs/a")
>>> proc.start()                                   # doctest: +SKIP
>>> follower = RunFollower("runs/a")
>>> update = follower.poll()                       # new metrics records, status if changed

:class:`TrainingProcess` runs :meth:`Trainer.fit` in a *spawned* process: a crash (even a
segfault or CUDA running out of memory) can't take the caller down, and the caller's threads
never wait on the trainer's GIL. Pause, resume and stop are two ``multiprocessing`` events
wrapped by the trainer's :class:`TrainControl`, checked every batch. Everything else goes
through the run directory (``config.json``, ``status.json``, ``metrics.jsonl``,
``checkpoint.pt``), so :class:`RunFollower` follows a run of this process exactly like one that
``cnnviz train --run-dir DIR`` writes, on this machine or another over a shared folder.

The child process imports the parent's main *script* again (``spawn``), so a script that starts
training must do it under ``if __name__ == "__main__":`` (``cnnviz``, ``python -m cnnviz`` and
pytest are fine). A process that ends without a final status (killed, segfault) is noticed by
:meth:`TrainingProcess.poll` from its exit code; the run is then marked ``failed`` with a
message, and its last checkpoint stays for a resume.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from cnnviz.core.messages import Message, message, message_of
from cnnviz.core.training.config import Metrics, TrainConfig
from cnnviz.core.training.loop import Callback, TrainControl, Trainer, TrainState
from cnnviz.core.training.runs import FINAL_STATUSES, RunDirectory

__all__ = [
    "RunFollower",
    "RunUpdate",
    "TrainingProcess",
    "error_message",
    "live_processes",
]


#: started and not yet reaped: tests check that none is left behind
_LIVE: set[TrainingProcess] = set()


def live_processes() -> list[TrainingProcess]:
    """Training processes started here whose end has not been collected by ``poll``."""
    return [p for p in list(_LIVE) if p.started and p.poll() is None]


# --------------------------------------------------------------------------- the child


def error_message(exc: BaseException) -> str:
    """A message for the user: the core's sentence for ``ValueError`` (``DataError`` too),
    the exception's type and first line otherwise, with a hint for CUDA out of memory."""
    text = message_of(exc)
    lines = text.strip().splitlines()
    first = lines[0] if lines else ""
    name = type(exc).__name__
    if "out of memory" in first.lower() and ("cuda" in first.lower() or "OutOfMemory" in name):
        return message(
            "the GPU ran out of memory ({error}); try a smaller batch size, a smaller input "
            "size or a smaller network",
            error=first,
        )
    if isinstance(exc, ValueError) and first:
        return text if isinstance(text, Message) and first == text else first
    return f"{name}: {first}" if first else name


class _StatusWriter(Callback):
    """Writes "paused" into status.json while the loop waits, "running" once it goes on."""

    def __init__(self, run: RunDirectory) -> None:
        self.run = run
        self.paused = False

    def on_pause(self, state: TrainState) -> None:
        self.paused = True
        self.run.set_status("paused", epoch_fraction=state.epoch_fraction)

    def on_batch_end(self, state: TrainState) -> None:
        if self.paused:
            self.paused = False
            self.run.set_status("running")


def _watch_parent(parent_pid: int, control: TrainControl) -> None:
    """Stop cleanly (checkpoint, status "stopped") when the parent process has gone."""
    while not control.cancelled:
        if os.getppid() != parent_pid:
            control.cancel()
            return
        time.sleep(0.5)


def _train_in_child(
    config: dict[str, Any],
    run_dir: str,
    resume: bool,
    running: Any,
    cancel: Any,
    callbacks: Sequence[Callback],
    threads: int | None,
    nice: int,
    parent_pid: int,
) -> None:
    """The child's entry point: train, and leave a final status whatever happens."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is the parent's call
    if nice:
        try:
            os.nice(nice)
        except (AttributeError, OSError):
            pass
    if threads:
        import torch

        torch.set_num_threads(threads)
    run = RunDirectory(run_dir)
    control = TrainControl(running, cancel)
    threading.Thread(target=_watch_parent, args=(parent_pid, control), daemon=True).start()
    try:
        trainer = Trainer(
            TrainConfig.from_json(config),
            run_dir=run_dir,
            callbacks=[_StatusWriter(run), *callbacks],
            control=control,
        )
        trainer.fit(resume=resume)
    except BaseException as exc:
        try:
            run.set_status(
                "failed",
                error=error_message(exc),
                error_type=type(exc).__name__,
                traceback="".join(traceback.format_exception(exc)),
                pid=os.getpid(),
                host=socket.gethostname(),
            )
        finally:
            sys.stderr.write("".join(traceback.format_exception(exc)))
            sys.stderr.flush()
            os._exit(1)  # no atexit handlers or lingering threads: the status is written


# --------------------------------------------------------------------------- the parent


class TrainingProcess:
    """One run of :class:`Trainer` in a spawned process, writing ``run_dir``.

    ``resume`` continues from the run's checkpoint; ``callbacks`` must be picklable (they run
    in the child); ``threads`` sets torch's intra-op threads there and ``nice`` lowers its
    priority (a GUI beside it stays smooth on few cores).
    """

    def __init__(
        self,
        config: TrainConfig,
        run_dir: str | os.PathLike,
        *,
        resume: bool = False,
        callbacks: Sequence[Callback] = (),
        threads: int | None = None,
        nice: int = 0,
    ) -> None:
        self.config = config.resolved()  # ValueError here, before any process starts
        self.run = RunDirectory(run_dir)
        self.resume = resume
        self._ctx = multiprocessing.get_context("spawn")
        self._running = self._ctx.Event()
        self._running.set()
        self._cancel = self._ctx.Event()
        self._callbacks = list(callbacks)
        self._threads, self._nice = threads, nice
        self._process: Any = None
        self._final: str | None = None
        self._exitcode: int | None = None
        self.started = False
        self.stop_requested_at: float | None = None

    # ---------------------------------------------------------------- life

    def start(self) -> None:
        """Write ``config.json`` and a "starting" status, then start the child process."""
        if self.started:
            raise RuntimeError("a TrainingProcess runs once; make a new one")
        if not self.resume:
            self.run.create(self.config)  # RunExistsError where a run is: nothing is changed
        elif not self.run.holds_run():
            raise ValueError(message("{path} holds no run to resume", path=self.run.path))
        self.run.set_status(
            "starting", model=self.config.model, dataset=self.config.dataset, error=None,
            pid=None, host=socket.gethostname(),
        )  # fmt: skip
        args = (
            self.config.to_json(), str(self.run.path), self.resume, self._running,
            self._cancel, self._callbacks, self._threads, self._nice, os.getpid(),
        )  # fmt: skip
        self._process = self._ctx.Process(
            target=_train_in_child,
            args=args,
            name=f"cnnviz-train-{self.run.path.name}",
            daemon=True,  # the parent's exit ends it (after shutdown() asked it to stop)
        )
        self.started = True
        _LIVE.add(self)
        self._process.start()
        # its pid now, so that a child that dies while starting is noticed by run_state too
        self.run.set_status("starting", pid=self._process.pid)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def exitcode(self) -> int | None:
        """The process's exit code (negative: the signal that ended it); ``None`` while alive."""
        return self._process.exitcode if self._process is not None else self._exitcode

    def is_alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    # ---------------------------------------------------------------- control

    def pause(self) -> None:
        """The loop waits before its next batch (status "paused")."""
        if not self._cancel.is_set():
            self._running.clear()

    def resume_training(self) -> None:
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def stop(self) -> None:
        """Ask the loop to stop before its next batch; it saves a checkpoint ("stopped")."""
        if self.stop_requested_at is None:
            self.stop_requested_at = time.monotonic()
        self._cancel.set()
        self._running.set()

    def kill(self) -> None:
        """End the process at once (SIGKILL); :meth:`poll` then marks the run failed."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()

    def poll(self) -> str | None:
        """``None`` while the process runs; after, the run's final status.

        A process that ended without writing one (killed, crashed) gets status "failed" and
        a message naming its exit code or signal.
        """
        if self._final is not None:
            return self._final
        if self._process is None or self._process.exitcode is None:
            return None
        code = self._process.exitcode
        status = self.run.status()
        final = status.get("status")
        if final not in FINAL_STATUSES:
            message = _exit_message(code, started=final not in (None, "starting"))
            self.run.set_status("failed", error=message, error_type="ProcessExit", exit_code=code)
            final = "failed"
        self._final, self._exitcode = final, code
        _LIVE.discard(self)
        self._process.close()  # release its pipe and sentinel now
        self._process = None
        return final

    def wait(self, timeout: float | None = None) -> str | None:
        """Wait up to ``timeout`` seconds for the end; the final status or ``None``."""
        if self._process is not None:
            self._process.join(timeout)
        return self.poll()

    def shutdown(self, timeout: float = 5.0) -> str | None:
        """Stop, wait up to ``timeout`` s for the checkpoint, then kill; the final status."""
        if self._process is None:
            return self.poll()
        self.stop()
        final = self.wait(timeout)
        if final is None:
            self.kill()
            final = self.wait(10)
        return final


def _exit_message(code: int, started: bool = True) -> str:
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        how = message("was ended by {signal}", signal=name)
    else:
        how = message("ended with exit code {code}", code=code)
    if not started:  # it never got to the trainer: its stderr (the terminal) says why
        return message(
            "the training process {how} before training began; its error is in the terminal "
            "(a script that starts training must do so under if __name__ == '__main__':)",
            how=how,
        )
    return message(
        "the training process {how} without saying why; the run can be resumed from its "
        "last checkpoint",
        how=how,
    )


# --------------------------------------------------------------------------- following


@dataclass
class RunUpdate:
    """What changed in a run directory since the last :meth:`RunFollower.poll`."""

    records: list[Metrics] = field(default_factory=list)  # new complete records, in order
    reset: bool = False  # the log was rewritten: ``records`` is all of it now
    status: dict[str, Any] | None = None  # status.json, when it changed


_METRIC_FIELDS = {f.name for f in fields(Metrics)}


class RunFollower:
    """Reads what a run directory gained since the last poll, cheaply (tail, not re-read).

    Safe against a writer in another process: only complete lines are taken; a log that was
    truncated or replaced (a resumed run drops the records after its checkpoint) is read
    again from the start and reported with ``reset=True``.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.run = RunDirectory(path)
        self._offset = 0
        self._ident: tuple[int, int] | None = None  # (device, inode) of the log
        self._status_key: tuple[int, int] | None = None
        self.status: dict[str, Any] = {}

    @property
    def path(self) -> Path:
        return self.run.path

    def poll(self) -> RunUpdate:
        update = RunUpdate()
        self._poll_metrics(update)
        self._poll_status(update)
        return update

    def _poll_metrics(self, update: RunUpdate) -> None:
        try:
            st = os.stat(self.run.metrics_file)
        except OSError:
            if self._offset:
                self._offset, self._ident, update.reset = 0, None, True
            return
        ident = (st.st_dev, st.st_ino)
        if ident != self._ident or st.st_size < self._offset:
            if self._ident is not None or self._offset:
                update.reset = True
            self._offset, self._ident = 0, ident
        if st.st_size == self._offset:
            return
        try:
            with open(self.run.metrics_file, "rb") as f:
                if os.fstat(f.fileno()).st_ino != ident[1]:
                    return  # replaced between stat and open: next poll reads the new one
                f.seek(self._offset)
                chunk = f.read()
        except OSError:
            return
        end = chunk.rfind(b"\n")
        if end < 0:
            return  # no complete line yet
        self._offset += end + 1
        for line in chunk[: end + 1].splitlines():
            try:
                d = json.loads(line)
                m = Metrics(**{k: v for k, v in d.items() if k in _METRIC_FIELDS})
            except (ValueError, TypeError):
                continue
            update.records.append(m)

    def _poll_status(self, update: RunUpdate) -> None:
        try:
            st = os.stat(self.run.status_file)
        except OSError:
            return
        key = (st.st_mtime_ns, st.st_ino)
        if key == self._status_key:
            return
        status = self.run.status()
        if status:
            self._status_key = key
            self.status = status
            update.status = status
