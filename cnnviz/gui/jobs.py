"""One active background job per view: the bookkeeping every view used to write itself.

A :class:`JobSlot` belongs to a view. :meth:`JobSlot.start` runs a plain function off the GUI
thread (a :class:`~cnnviz.gui.worker.Worker`) and cancels the job it ran before, whose results
then never arrive; each job's result, failure and progress go to the callbacks given with it,
so results are told apart by the job, not by their shape. Progress reaches the view at most
:data:`MAX_PROGRESS_RATE` times a second (the last report always arrives). :meth:`JobSlot.stop`
cancels and waits for everything when the view closes.

>>> slot = JobSlot(view)
>>> slot.start("features", compute, image, on_result=view.show_maps, on_progress=view.tick)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from cnnviz.gui.worker import Worker

__all__ = ["MAX_PROGRESS_RATE", "JobSlot"]

#: progress updates a view gets per second, at most (what the eye can follow)
MAX_PROGRESS_RATE = 30.0


class JobSlot(QObject):
    """Runs one background job at a time for its parent view."""

    def __init__(self, parent: QObject | None = None, max_rate: float = MAX_PROGRESS_RATE) -> None:
        super().__init__(parent)
        self.job: Worker | None = None
        self.kind = ""  # what the active job does ("features", "model", …)
        self._threads: list[Worker] = []  # started, maybe still finishing; stop() waits
        self._interval = 1.0 / max_rate
        self._last_progress = 0.0
        self._pending: tuple[Any] | None = None
        self._on_progress: Callable[[Any], None] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush_progress)

    @property
    def busy(self) -> bool:
        """True while a job runs (and was not cancelled)."""
        return self.job is not None

    def start(
        self,
        kind: str,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None],
        on_failed: Callable[[BaseException, str], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_partial: Callable[[Any], None] | None = None,
        make: Callable[..., Any] = Worker,
    ) -> Any:
        """Run ``fn(state, *args)`` in the background, cancelling the job before.

        ``on_result(result)``, ``on_failed(exc, details)`` and ``on_progress(value)`` (the
        values ``state.report`` sends, throttled: only the latest counts) are called in the
        GUI thread, only while this job is the slot's active job. ``on_partial`` gets every
        reported value instead, unthrottled, for partial results that each matter. ``make``
        builds the worker from ``(fn, *args)``: a :class:`Worker` (waited for by :meth:`stop`)
        or a :class:`~cnnviz.gui.worker.UserCodeWorker` (user code: never waited for).
        """
        self.cancel()
        job = make(fn, *args)
        job.result_produced.connect(lambda result: self._done(job, on_result, result))
        if on_failed is not None:
            job.failed.connect(lambda exc, details: self._done(job, on_failed, exc, details))
        else:
            job.failed.connect(lambda *_: self._done(job, None))
        if on_partial is not None:
            job.partial_result_produced.connect(
                lambda value: on_partial(value) if job is self.job else None
            )
        elif hasattr(job, "partial_result_produced"):
            job.partial_result_produced.connect(lambda value: self._progress(job, value))
        self.job, self.kind, self._on_progress = job, kind, on_progress
        if isinstance(job, Worker):  # user code is never waited for (cnnviz.gui.app)
            self._threads = [j for j in self._threads if j.isRunning()] + [job]
        job.start()
        return job

    def cancel(self, wait: bool = False) -> None:
        """Cancel the active job (its results are dropped); ``wait`` also waits for every
        thread the slot started that is still finishing."""
        job, self.job, self.kind = self.job, None, ""
        self._timer.stop()
        self._pending = None
        if job is not None:
            job.cancel()
        if wait:  # every thread this slot started, cancelled or just finishing its result
            for j in self._threads:
                j.cancel_and_wait()
            self._threads = []

    def stop(self) -> None:
        """Cancel everything and wait for it (the view is closing)."""
        self.cancel(wait=True)

    def _done(self, job: Worker, callback: Callable[..., None] | None, *args: Any) -> None:
        if job is not self.job:
            return  # a cancelled job's late result
        self._flush_progress()
        self.job, self.kind = None, ""
        if callback is not None:
            callback(*args)

    def _progress(self, job: Worker, value: Any) -> None:
        if job is not self.job or self._on_progress is None:
            return
        now = time.monotonic()
        wait = self._last_progress + self._interval - now
        self._pending = (value,)
        if wait <= 0:
            self._flush_progress()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(wait * 1000)))

    def _flush_progress(self) -> None:
        self._timer.stop()
        if self._pending is None or self._on_progress is None:
            return
        (value,), self._pending = self._pending, None
        self._last_progress = time.monotonic()
        self._on_progress(value)
