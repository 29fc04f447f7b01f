"""Run a plain Python function off the GUI thread and get its results back as queued signals.

The function receives a :class:`JobState` first: ``state.report(value)`` sends a partial
result, ``state.check()`` raises :class:`Cancelled` once :meth:`Worker.cancel` was called.
Results reach slots in the GUI thread (the :class:`Worker` object lives there, so every
connection to it is queued); the function itself must never touch a widget.

>>> w = Worker(lambda state, n: sum(range(n)), 10)
>>> w.result_produced.connect(print)
>>> w.start()

Code from a user's file may never return (``while True: pass``): :class:`UserCodeWorker` runs
it in a daemon Python thread that nothing waits for, stops it by raising inside it, and
:func:`running_user_code` tells the app at quit whether such a thread is still alive.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal

from cnnviz.gui import gcpause

__all__ = [
    "Cancelled",
    "JobState",
    "UserCodeStopped",
    "UserCodeWorker",
    "Worker",
    "running_user_code",
    "running_workers",
]

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
        gcpause.install()  # jobs import torch & co.: freeze what they import, once it is in
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


# --------------------------------------------------------------------------- user code

#: workers whose user code may still be running (removed in the GUI thread once it ended)
_USER_CODE: set[UserCodeWorker] = set()


def running_user_code() -> list[UserCodeWorker]:
    """User-code workers whose thread is still alive, cancelled or not (the app checks at quit)."""
    return [w for w in list(_USER_CODE) if w.is_running()]


class UserCodeStopped(BaseException):
    """Raised inside a user-code thread by :meth:`UserCodeWorker.cancel`.

    A ``BaseException``, so that a user's ``except Exception:`` does not swallow it.
    """


def _raise_in_thread(ident: int, exc_type: type[BaseException] | None) -> int:
    """Ask the thread ``ident`` to raise ``exc_type`` at its next bytecode (None: forget it).

    Returns how many threads were affected (0: it has ended). Pure-Python loops stop; a thread
    blocked inside C (``time.sleep``, a socket) raises only when it is back in Python.
    """
    import ctypes

    arg = ctypes.py_object(exc_type) if exc_type is not None else None
    return ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), arg)


class UserCodeWorker(QObject):
    """Runs ``fn(state, *args)`` — code from a user's file — in a daemon Python thread.

    Unlike :class:`Worker` (a ``QThread``, which Qt aborts on if it is destroyed while
    running), nothing here ever waits for the thread: :meth:`cancel` raises
    :class:`UserCodeStopped` inside it and abandons it; a thread that is stuck in C keeps
    running as a daemon, and the app ends the process at quit (:func:`running_user_code`).
    Signals are emitted in the GUI thread (the thread's results arrive through queued
    connections to this object, which lives there): ``result_produced(result)``,
    ``failed(exception, traceback text)`` and ``finished()`` (also after a cancel, once the
    thread has ended). Results of a cancelled job are dropped.
    """

    result_produced = Signal(object)
    failed = Signal(object, str)
    finished = Signal()

    _outcome = Signal(str, object, str)  # emitted by the thread: "result"/"failed", value, text
    _ended = Signal()

    def __init__(self, fn: Callable[..., Any], *args: Any, name: str = "user code") -> None:
        super().__init__()  # no parent: it must outlive a closed window while its thread runs
        self._fn, self._args = fn, args
        self.state = JobState(lambda _value: None)  # partial results are not forwarded
        self._lock = threading.Lock()
        self._in_user_code = False
        self._thread = threading.Thread(target=self._run, name=f"cnnviz: {name}", daemon=True)
        queued = Qt.ConnectionType.QueuedConnection
        self._outcome.connect(self._on_outcome, queued)
        self._ended.connect(self._on_ended, queued)

    @property
    def cancelled(self) -> bool:
        return self.state.cancelled

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        gcpause.install()
        _USER_CODE.add(self)
        with self._lock:
            self._in_user_code = True
        self._thread.start()

    def cancel(self) -> None:
        """Drop the job's results and stop its thread at its next Python bytecode, if it can."""
        self.state.cancel()
        with self._lock:
            if self._in_user_code and self._thread.is_alive() and self._thread.ident is not None:
                _raise_in_thread(self._thread.ident, UserCodeStopped)

    def join(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the thread to end; True when it has."""
        if self._thread.ident is not None:
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        try:
            outcome: tuple[str, Any, str]
            try:
                try:
                    result = self._fn(self.state, *self._args)
                finally:
                    with self._lock:
                        self._in_user_code = False
                        if self.state.cancelled:  # a stop asked for just now is not needed
                            _raise_in_thread(threading.get_ident(), None)
                outcome = ("result", result, "")
            except (Cancelled, UserCodeStopped):
                outcome = ("cancelled", None, "")
            except BaseException as exc:  # shown by the GUI; the thread must not die silently
                outcome = ("failed", exc, "".join(traceback.format_exception(exc)))
            if not self.state.cancelled:
                self._emit(self._outcome, *outcome)
        except UserCodeStopped:  # cancelled while leaving user code
            pass
        finally:
            self._emit(self._ended)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the application is gone: nobody is listening
            pass

    def _on_outcome(self, kind: str, value: Any, text: str) -> None:
        if self.state.cancelled:
            return
        if kind == "result":
            self.result_produced.emit(value)
        elif kind == "failed":
            self.failed.emit(value, text)

    def _on_ended(self) -> None:
        _USER_CODE.discard(self)
        self.finished.emit()
