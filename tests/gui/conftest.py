"""GUI test set-up: isolated settings, the app's global look restored, no thread left running."""

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from cnnviz.gui import i18n
from cnnviz.gui.worker import running_workers


@pytest.fixture(autouse=True)
def _no_thread_left_running(qapp):
    """Fail a test that leaves a background worker running (and wait for it, to stay safe)."""
    yield
    qapp.processEvents()
    leaked = running_workers()
    for w in leaked:
        w.cancel()
        w.wait(30_000)
    if leaked:
        pytest.fail(f"{len(leaked)} background worker(s) still running after the test")


@pytest.fixture(autouse=True)
def _restore_app_look(qapp):
    """The main window sets the application's font, palette, style and language: undo it."""
    font, palette, style = QFont(QApplication.font()), QPalette(qapp.palette()), qapp.style().name()
    yield
    if i18n.current_language() != "en":
        i18n.set_language("en")
    QApplication.setFont(font)
    qapp.setPalette(palette)
    if qapp.style().name() != style:
        qapp.setStyle(style)


@pytest.fixture
def lab(qtbot):
    """A shown ConvolutionLab; afterwards none of its timers or workers is left running."""
    from cnnviz.gui.lab.view import ConvolutionLab
    from cnnviz.gui.theme import get_theme

    w = ConvolutionLab()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.set_style(get_theme("light"), 1.0)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.stop_jobs()
    active = [t for t in w.findChildren(QTimer) if t.isActive()]
    assert not active, f"{len(active)} timer(s) still running after the test"
    assert not running_workers()


@pytest.fixture
def settings_path(tmp_path):
    """An ini file for QSettings, so tests never read or write the user's settings."""
    return str(tmp_path / "cnnviz.ini")


@pytest.fixture
def settings(settings_path):
    return QSettings(settings_path, QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot):
    """``make_window(settings)``: a shown MainWindow whose start-up loading has finished."""
    from cnnviz.gui.main_window import MainWindow

    def make(settings: QSettings):
        w = MainWindow(settings)
        qtbot.addWidget(w)
        with qtbot.waitSignal(w.startup_finished, timeout=60_000):
            w.show()
        qtbot.waitExposed(w)
        return w

    return make


@pytest.fixture
def window(make_window, settings):
    return make_window(settings)


@pytest.fixture
def classroom(window):
    """The window's classroom; afterwards the lesson is left and the lab's jobs stopped."""
    yield window.classroom
    window.classroom.leave()
    if window.lab is not None:
        window.lab.stop_jobs()
