"""Exporting the stepper's steps (an animated GIF or numbered PNGs) without freezing the window.

Grabbing a frame renders widgets, so it happens on the GUI thread — a few frames per turn of
the event loop (:class:`StepExport` drives it with a ``QTimer``). Everything slow after that
runs in a :class:`~cnnviz.gui.worker.Worker`: converting each ``QImage`` for Pillow,
quantising it to 255 colours, encoding the GIF or the PNGs. Frames travel through a small
:class:`FrameFeed`, so at most :data:`MAX_PENDING` grabbed frames wait in memory.

The writers are plain functions, ``write_gif(state, frames, path, …)`` and
``write_png_series(state, frames, targets)``; the synchronous
:meth:`~cnnviz.gui.lab.stepper.StepperPanel.export_steps` calls them directly. A cancelled or
failed export leaves no file behind: the GIF and every PNG are written to temporary files
(:func:`cnnviz.core.files.atomic_path`) that replace the targets only once all are complete.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from cnnviz.core.files import atomic_path
from cnnviz.gui.core_text import user_text
from cnnviz.gui.worker import JobState, Worker

if TYPE_CHECKING:
    from PIL import Image

    from cnnviz.gui.lab.stepper import StepperPanel

__all__ = [
    "MAX_PENDING",
    "FrameFeed",
    "StepExport",
    "StepExportMixin",
    "frame_to_pil",
    "series_targets",
    "write_gif",
    "write_png_series",
]

MAX_PENDING = 4  # grabbed frames waiting for the writer, at most (a few MB each)
GRAB_BUDGET_S = 0.025  # GUI time spent grabbing per turn of the event loop
REPORT_EVERY_S = 0.05  # progress reaches Qt at most 20 times a second


# --------------------------------------------------------------------------- writers (any thread)


def series_targets(path: str | Path, n: int) -> list[Path]:
    """The files of an ``n``-step PNG series: ``name_0001.png`` … beside ``path`` (a
    ``name.png``), or ``step_0001.png`` … inside ``path`` when it is a folder."""
    path = Path(path)
    folder, stem = (path, "step") if path.is_dir() else (path.parent, path.stem)
    digits = max(4, len(str(n)))
    return [folder / f"{stem}_{k:0{digits}d}.png" for k in range(1, n + 1)]


def frame_to_pil(image: QImage) -> Image.Image:
    """A grabbed frame as an RGB Pillow image (alpha dropped, as the GIF has none)."""
    from PIL import Image

    q = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h, stride = q.width(), q.height(), q.bytesPerLine()
    buf = bytes(q.constBits())[: stride * h]
    return Image.frombuffer("RGBA", (w, h), buf, "raw", "RGBA", stride, 1).convert("RGB")


class _Progress:
    """Reports ``("frame", done, total)`` through ``state``, throttled, always the last one."""

    def __init__(self, state: JobState, total: int) -> None:
        self.state, self.total = state, total
        self._last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if done >= self.total or now - self._last >= REPORT_EVERY_S:
            self._last = now
            self.state.report(("frame", done, self.total))


class _CheckedFile(io.RawIOBase):
    """A binary file that checks for cancellation on every write (Pillow's GIF encoder writes
    in small chunks). It has no ``fileno``, so Pillow writes through it, not around it."""

    def __init__(self, raw: io.BufferedWriter, state: JobState) -> None:
        super().__init__()
        self._raw, self._state = raw, state

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._state.check()
        return self._raw.write(data)

    def flush(self) -> None:
        self._raw.flush()


def write_gif(
    state: JobState, frames: Iterable[QImage], path: str | Path, duration_ms: int, total: int
) -> list[Path]:
    """Write ``frames`` as an animated GIF (looping, ``duration_ms`` per frame) to ``path``.

    Reports ``("frame", done, total)`` while frames are quantised and ``("writing", total,
    total)`` while Pillow encodes them; stops at the next frame or chunk once ``state`` is
    cancelled (raising :class:`~cnnviz.gui.worker.Cancelled`), leaving no file. Returns
    ``[path]``; raises ``ValueError`` for no frames and ``OSError`` when it can't write.
    """
    from PIL import Image

    path = Path(path)
    progress = _Progress(state, total)

    def quantised() -> Iterator[Image.Image]:
        done = 0
        for q in frames:
            state.check()
            image = frame_to_pil(q).quantize(colors=255, method=Image.Quantize.MEDIANCUT)
            done += 1
            progress(done)
            yield image
        state.check()  # frames that stopped coming early: cancelled, write nothing
        state.report(("writing", done, total))

    images = quantised()
    first = next(images, None)
    if first is None:
        raise ValueError("there are no steps to export")
    with atomic_path(path, ".gif") as tmp, open(tmp, "wb") as raw:
        first.save(
            _CheckedFile(raw, state),
            format="GIF",
            save_all=True,
            append_images=images,  # consumed frame by frame while Pillow prepares the file
            duration=duration_ms,
            loop=0,
            optimize=False,
        )
        raw.flush()
    return [path]


def write_png_series(state: JobState, frames: Iterable[QImage], targets: list[Path]) -> list[Path]:
    """Write frame ``k`` to ``targets[k]`` (PNG); all files appear together at the end.

    Cancelling (:class:`~cnnviz.gui.worker.Cancelled`) or a failure removes every temporary
    file and leaves the targets untouched. Returns the files written.
    """
    progress = _Progress(state, len(targets))
    written: list[Path] = []
    with contextlib.ExitStack() as stack:
        for target, image in zip(targets, frames):
            state.check()
            tmp = stack.enter_context(atomic_path(target, ".png"))
            if not image.save(str(tmp), "PNG"):
                raise OSError(f"could not write {target}")
            written.append(target)
            progress(len(written))
        state.check()
    return written


# --------------------------------------------------------------------------- the GUI side


class FrameFeed:
    """Frames handed from the GUI thread to the writer: an iterable that ends at :meth:`close`
    (the writer then checks whether it was cancelled or got every frame)."""

    _END = object()

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()

    def pending(self) -> int:
        """Frames put and not yet taken by the writer."""
        return self._queue.qsize()

    def put(self, image: QImage) -> None:
        self._queue.put(image)

    def close(self) -> None:
        self._queue.put(self._END)

    def __iter__(self) -> Iterator[QImage]:
        while (item := self._queue.get()) is not self._END:
            yield item


class StepExport(QObject):
    """One background export of a stepper's steps; made by
    :meth:`~cnnviz.gui.lab.stepper.StepperPanel.start_export`.

    Signals (all in the GUI thread): ``progress_changed(phase, done, total)`` with phase
    "frame" (``done`` frames written) or "writing" (Pillow encodes the GIF), throttled; then
    exactly one of ``export_finished(files)``, ``export_failed(message)`` or
    ``export_cancelled()`` — the last once the writer has stopped and removed its temporary
    files — and finally ``ended()``.
    """

    progress_changed = Signal(str, int, int)
    export_finished = Signal(object)  # list[Path]
    export_failed = Signal(str)
    export_cancelled = Signal()
    ended = Signal()

    def __init__(
        self,
        stepper: StepperPanel,
        grab: Callable[[int], QImage],
        path: Path,
        total: int,
        duration_ms: int,
    ) -> None:
        super().__init__(stepper)
        self._stepper, self._grab = stepper, grab
        self._trace, self._start_step = stepper.trace, stepper.k
        self.path, self.total = path, total
        self.is_gif = path.suffix.lower() == ".gif"
        self.grabbed = 0  # frames handed to the writer so far
        self.outcome = ""  # "" while running, then "finished", "failed" or "cancelled"
        self._capturing = False
        self._feed = FrameFeed()
        if self.is_gif:
            self._worker = Worker(write_gif, self._feed, path, duration_ms, total)
        else:
            self._worker = Worker(write_png_series, self._feed, series_targets(path, total))
        self._worker.partial_result_produced.connect(self._on_progress)
        self._worker.result_produced.connect(self._on_written)
        self._worker.failed.connect(self._on_failed)
        self._worker.finished.connect(self._on_thread_finished)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._grab_some)

    @property
    def is_running(self) -> bool:
        return self._capturing or (self._worker.isRunning() and not self.outcome)

    def start(self) -> None:
        """Start grabbing (GUI thread, a few frames at a time) and writing (background)."""
        if self._capturing or self.outcome or self._worker.isRunning():
            raise RuntimeError("an export runs once")
        self._stepper.pause()
        self._capturing = True
        self._worker.start()
        self._timer.start(0)

    def cancel(self, wait: bool = False) -> None:
        """Stop grabbing and writing; nothing is left on disk. ``wait``: block until the writer
        has ended (closing the lab); otherwise ``export_cancelled`` follows once it has."""
        if self.outcome:
            return
        self._worker.cancel()
        self._stop_capture()
        if wait or not self._worker.isRunning():
            self._worker.cancel_and_wait()
            self._end("cancelled")

    # ---- GUI thread: grabbing

    def _grab_some(self) -> None:
        if self._stepper.trace is not self._trace:  # new settings: these steps are gone
            self.cancel()
            return
        deadline = time.perf_counter() + GRAB_BUDGET_S
        while self.grabbed < self.total and self._feed.pending() < MAX_PENDING:
            self._feed.put(self._grab(self.grabbed))
            self.grabbed += 1
            if time.perf_counter() >= deadline:
                break
        if self.grabbed >= self.total:
            self._stop_capture()
        else:  # the writer is behind: look again in a while instead of spinning
            self._timer.setInterval(0 if self._feed.pending() < MAX_PENDING else 15)

    def _stop_capture(self) -> None:
        """No more frames: tell the writer, put the stepper back where it was."""
        self._timer.stop()
        if self._capturing:
            self._capturing = False
            self._feed.close()
            if self._stepper.trace is self._trace:
                self._stepper.set_step(self._start_step)
                self._stepper.flush()

    # ---- GUI thread: the writer's signals

    def _on_progress(self, value: tuple[str, int, int]) -> None:
        if not self.outcome:
            self.progress_changed.emit(*value)

    def _on_written(self, files: list[Path]) -> None:
        if not self.outcome:
            self._end("finished", files)

    def _on_failed(self, exc: BaseException, _details: str) -> None:
        if not self.outcome:
            self._stop_capture()
            self._end("failed", user_text(exc) or type(exc).__name__)

    def _on_thread_finished(self) -> None:
        if not self.outcome and self._worker.state.cancelled:
            self._end("cancelled")

    def _end(self, outcome: str, value: Any = None) -> None:
        self.outcome = outcome
        self._timer.stop()
        if outcome == "finished":
            self.export_finished.emit(value)
        elif outcome == "failed":
            self.export_failed.emit(value)
        else:
            self.export_cancelled.emit()
        self.ended.emit()


# --------------------------------------------------------------------------- the panel's side


class StepExportMixin:
    """The stepper panel's exports: frames grabbed from its stage, written here.

    The panel provides ``trace``, ``num_steps``, ``k``, ``stage``, ``set_step``, ``pause``,
    ``flush``, ``steps_per_second`` and ``_export`` (None at first).
    """

    def grab_stage(self) -> QImage:
        """The canvas, the written-out sum and the map image as they look now."""
        self.flush()
        return self.stage.grab().toImage()

    def grab_step(self, k: int) -> QImage:
        """Go to step ``k`` and grab the stage (what an exported frame shows)."""
        self.set_step(k)
        return self.grab_stage()

    def _export_plan(self, path: str | os.PathLike, max_frames: int) -> tuple[Path, int, int]:
        """(path, frame count, GIF frame duration in ms); ValueError when there is nothing."""
        if self.trace is None or self.num_steps == 0:
            raise ValueError("there are no steps to export")
        duration = max(40, round(1000 / self.steps_per_second()))
        return Path(path), min(self.num_steps, max_frames), duration

    def export_steps(self, path: str | os.PathLike, max_frames: int = 400) -> list[Path]:
        """Every step (at most ``max_frames``) as numbered PNG files or one animated GIF.

        ``path`` ending in ``.gif`` writes an animation; a folder or a ``name.png`` writes
        ``name_0001.png``, ``name_0002.png``… next to it.  Returns the files written.  Raises
        ``ValueError`` when there is nothing to export and ``OSError`` when a file can't be
        written.  Blocks until done (scripts, tests); the window uses :meth:`start_export`.
        """
        path, n, duration = self._export_plan(path, max_frames)
        self.pause()
        start = self.k
        state = JobState(lambda _value: None)
        frames = (self.grab_step(k) for k in range(n))
        try:
            if path.suffix.lower() == ".gif":
                return write_gif(state, frames, path, duration, n)
            return write_png_series(state, frames, series_targets(path, n))
        finally:
            self.set_step(start)
            self.flush()

    def start_export(self, path: str | os.PathLike, max_frames: int = 400) -> StepExport:
        """Like :meth:`export_steps`, in the background: frames are grabbed a few at a time
        between events and written by a worker thread.  Returns the running
        :class:`~cnnviz.gui.lab.step_export.StepExport` (its signals say how far it got and how
        it ended); an export still running is cancelled first.  ValueError when there is
        nothing to export."""
        path, n, duration = self._export_plan(path, max_frames)
        self.cancel_export()
        export = StepExport(self, self.grab_step, path, n, duration)
        export.ended.connect(lambda export=export: self._forget_export(export))
        self._export = export
        export.start()
        return export

    @property
    def export_job(self) -> StepExport | None:
        """The background export running now, if any."""
        return self._export

    def cancel_export(self, wait: bool = False) -> None:
        """Cancel the background export, if one runs (``wait``: until its writer has ended)."""
        if self._export is not None:
            self._export.cancel(wait=wait)

    def _forget_export(self, export: StepExport) -> None:
        if self._export is export:
            self._export = None
        export.deleteLater()
