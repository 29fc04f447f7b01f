"""Run a plain Python function off the GUI thread and get its results back as queued signals.

The function receives a :class:`JobState` first: ``state.report(value)`` sends a partial
result, ``state.check()`` raises :class:`Cancelled` once :meth:`Worker.cancel` was called.
Results reach slots in the GUI thread (the :class:`Worker` object lives there, so every
connection to it is queued); the function itself must never touch a widget.

>>> w = Worker(lambda state, n: sum(range(n)), 10)
>>> w.result_produced.connect(print)
>>> w.start()
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

__all__ = ["Cancelled", "JobState", "Worker", "running_workers"]

#: workers started and not yet finished; strong references keep a running QThread alive
_RUNNING: set[Worker] = set()


def running_workers() -> list[Worker]:
    """Workers whose thread is still running (tests check that none is left behind)."""
    return [w for w in list(_RUNNING) if w.isRunning()]


class Cancelled(Exception):
    """Raised by :meth:`JobState.check` after the job was cancelled."""


class JobState:
    """What a background function gets to talk to the GUI: partial results and cancellation."""

    def __init__(self, report: Callable[[Any], None]) -> None:
        self._report = report
        self._cancelled = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def cancel(self) -> None:
        self._cancelled.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` when the job should stop."""
        if self._cancelled.is_set():
            raise Cancelled

    def report(self, value: Any) -> None:
        """Send a partial result to the GUI thread (``Worker.partial_result_produced``)."""
        if not self._cancelled.is_set():
            self._report(value)


class Worker(QThread):
    """Runs ``fn(state, *args)`` in its own thread; one worker runs one job once."""

    partial_result_produced = Signal(object)
    result_produced = Signal(object)
    failed = Signal(object, str)  # the exception, its formatted traceback

    def __init__(self, fn: Callable[..., Any], *args: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fn, self._args = fn, args
        self.state = JobState(self.partial_result_produced.emit)
        self.finished.connect(self._forget)  # queued: emitted by the thread, received here

    def start(self, *args: Any, **kwargs: Any) -> None:
        _RUNNING.add(self)
        super().start(*args, **kwargs)

    def cancel(self) -> None:
        """Ask the job to stop at its next ``state.check()``; its results are dropped."""
        self.state.cancel()

    def cancel_and_wait(self) -> None:
        self.cancel()
        self.wait()
        self._forget()

    def run(self) -> None:
        try:
            result = self._fn(self.state, *self._args)
        except Cancelled:
            return
        except BaseException as exc:  # the GUI shows it; the thread must not die silently
            if not self.state.cancelled:
                self.failed.emit(exc, "".join(traceback.format_exception(exc)))
            return
        if not self.state.cancelled:
            self.result_produced.emit(result)

    def _forget(self) -> None:
        _RUNNING.discard(self)
