"""Start-up of the desktop app: QApplication, main window, event loop.

Nothing on this path imports torch: the window appears first and the main window loads
PyTorch in the background. With ``CNNVIZ_STARTUP_PROBE=1`` the app prints when its window was
first exposed and when its first graph was drawn, in seconds since ``CNNVIZ_STARTUP_T0`` (a
``time.time()`` stamp taken by whoever started the process), then quits
(``benchmarks/bench_startup.py`` uses it).

Quitting always ends the process: a user's model file that is still running (``while True:
pass`` at import, a forward that never returns) lives in a daemon thread, and when one is
still alive after the event loop the process ends with ``os._exit`` once the settings are
written (:func:`exit_now_if_user_code_runs`).
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from cnnviz import __version__
from cnnviz.desktop import APP_ID, ICON_SIZES
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.worker import running_user_code

if TYPE_CHECKING:
    from cnnviz.core.lessons import Lesson

__all__ = ["StartupProbe", "exit_now_if_user_code_runs", "run"]

#: how long quitting waits for a cancelled user file to stop by itself, in seconds
USER_CODE_GRACE_S = 0.5


class StartupProbe(QObject):
    """Prints ``cnnviz-startup shown <s>``, ``cnnviz-startup torch-imported 0|1`` and
    ``cnnviz-startup graph <s>``, then quits."""

    def __init__(self, window: MainWindow, t0: float) -> None:
        super().__init__(window)
        self.window, self.t0 = window, t0
        self.shown = False
        window.model_changed.connect(self._on_model_changed)
        window.model_load_failed.connect(lambda _: self._finish("failed"))
        window.installEventFilter(self)

    def _print(self, what: str) -> None:
        print(f"cnnviz-startup {what} {time.time() - self.t0:.4f}", flush=True)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.shown and obj is self.window and event.type() == QEvent.Type.Paint:
            self.shown = True  # the window's first frame is being painted
            self._print("shown")
        return False

    def _on_model_changed(self, _name: str) -> None:
        self.window.repaint()  # draw the graph now, then take the time
        # whether the graph had to wait for torch (0: drawn from the shipped graph file)
        print(f"cnnviz-startup torch-imported {int('torch' in sys.modules)}", flush=True)
        self._finish("graph")

    def _finish(self, what: str) -> None:
        self._print(what)
        QTimer.singleShot(0, QApplication.quit)


def app_icon() -> QIcon:
    """cnnviz's icon at every size rendered from resources/icons/cnnviz.svg (16–512 px)."""
    from importlib import resources

    icons = resources.files("cnnviz.resources") / "icons"
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icons / f"cnnviz-{size}.png"), QSize(size, size))
    return icon


def start_lesson_when_ready(window: MainWindow, lesson: Lesson, index: int = 0) -> None:
    """Start ``lesson`` at slide ``index`` (from 0) as soon as the zoo is loaded (its slides
    need the networks and the lab); at once when it already is."""
    if window.is_zoo_loaded:
        window.classroom.start(lesson, index)
        return

    def start() -> None:
        window.zoo_loaded.disconnect(start)
        if not window.is_closed:
            window.classroom.start(lesson, index)

    window.zoo_loaded.connect(start)


def run(
    argv: list[str] | None = None,
    *,
    lesson: Lesson | None = None,
    slide: int = 0,
    language: str | None = None,
) -> int:
    """Open the main window and run the Qt event loop until it closes; returns the exit code.

    With ``lesson``, the window opens full screen in that lesson at slide ``slide`` (from 0);
    ``language`` is this launch's language (the settings keep the one chosen in the app).
    """
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName(APP_ID)  # X11's WM_CLASS: the desktop entry's StartupWMClass
    app.setOrganizationName("cnnviz")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)  # the desktop entry (cnnviz install-desktop)
    app.setWindowIcon(app_icon())
    window = MainWindow()
    if os.environ.get("CNNVIZ_STARTUP_PROBE") == "1":
        StartupProbe(window, float(os.environ.get("CNNVIZ_STARTUP_T0", time.time())))
    if language is not None:
        window.set_language(language, remember=False)
    window.show()
    if lesson is not None:
        start_lesson_when_ready(window, lesson, slide)
    status = app.exec()
    exit_now_if_user_code_runs(window, status)
    # destroy the window now, while Qt and Python are whole, not in the collector's or the
    # interpreter's clean-up at exit (where its children's event filters could run half-torn)
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return status


def exit_now_if_user_code_runs(window: MainWindow, status: int) -> None:
    """End the process with ``status`` at once when a user's model file is still running.

    Such a thread cannot be stopped from outside (it may sit in C code, or catch every
    exception); Python would wait for it at exit, or torch's and Qt's clean-up would run
    under it. The window is closed first (which saves and syncs the settings), the thread
    gets :data:`USER_CODE_GRACE_S` to stop, then ``os._exit`` ends the process. Returns when no
    such thread runs.
    """
    if not running_user_code():
        return
    if not window.is_closed:
        window.close()  # cancels the job and saves the settings
    deadline = time.monotonic() + USER_CODE_GRACE_S
    for worker in running_user_code():
        worker.cancel()
        worker.join(max(0.0, deadline - time.monotonic()))
    if not running_user_code():
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):  # no console, or already closed
            pass
    os._exit(status)
