"""Lesson handouts: a numbered PNG series (the app on each slide), rendered headless."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from cnnviz.core.files import atomic_path

__all__ = ["export_lesson"]


def export_lesson(
    lesson: str | os.PathLike,
    out_dir: str | os.PathLike,
    *,
    language: str = "en",
    size: tuple[int, int] = (1920, 1080),
    timeout: float = 60.0,
) -> list[Path]:
    """Write ``slide_01.png``, ``slide_02.png``… of ``lesson`` (a shipped name or a file).

    Runs the real main window on Qt's offscreen platform (unless another is set up) with
    settings of its own, so the user's are untouched. Raises ``ValueError`` (a LessonError)
    for a broken lesson and ``OSError`` when the folder can't be written.
    """
    from cnnviz.core import lessons

    loaded = lessons.load_lesson(lesson)  # errors before any window opens
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from cnnviz.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(*size)
        window.show()
        _wait(app, lambda: window.is_zoo_loaded, timeout, "PyTorch and the zoo to load")
        window.set_language(language)
        window.classroom.start(loaded)
        window.set_full_screen(False)  # a fixed size for every slide
        window.resize(*size)
        window.resizeDocks(
            [window.classroom.dock], [int(size[0] * 0.28)], Qt.Orientation.Horizontal
        )
        written = []
        try:
            for i in range(len(loaded.slides)):
                window.classroom.go_to(i)
                lab = window.lab
                if lab is not None and loaded.slides[i].state.get("lab_mode") == "features":
                    _wait(app, lambda lab=lab: lab._features is not None, timeout, "feature maps")
                _settle(app)
                path = out / f"slide_{i + 1:02d}.png"
                with atomic_path(path, ".png") as tmp:
                    if not window.grab().save(str(tmp), "PNG"):
                        raise OSError(f"could not write {path}")
                written.append(path)
        finally:
            window.close()
    return written


def _settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _wait(app, done, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        app.processEvents()
        time.sleep(0.02)
