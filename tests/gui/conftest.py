"""GUI test set-up: isolated settings, the app's global look restored, no thread left running."""

import gc

import pytest
from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QProxyStyle

from cnnviz.gui import gcpause, i18n
from cnnviz.gui.worker import running_workers


@pytest.fixture(autouse=True)
def _no_thread_left_running(qapp):
    """Fail a test that leaves a background worker running (and wait for it, to stay safe);
    then delete the test's windows now, and collect the garbage here, in the GUI thread.

    pytest-qt closes them and calls ``deleteLater()``, but a deferred delete only runs in an
    event loop: without this, the windows of one test were destroyed inside the next test's
    first ``waitSignal`` — while its start-up worker ran — which now and then crashed or hung
    the suite.
    """
    yield
    qapp.processEvents()
    leaked = running_workers()
    for w in leaked:
        w.cancel()
        w.wait(30_000)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    gcpause.uninstall()  # no job runs: the interpreter may collect again, until the next one
    gc.collect()
    if leaked:
        pytest.fail(f"{len(leaked)} background worker(s) still running after the test")
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)]
    if windows:  # one not given to qtbot.addWidget: it would live on into the next tests
        for w in windows:
            w.close()
            w.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        pytest.fail(f"{len(windows)} main window(s) left after the test")


@pytest.fixture(autouse=True)
def _restore_app_look(qapp):
    """The main window sets the application's font, palette, style and language: undo it."""
    font, palette, style = QFont(QApplication.font()), QPalette(qapp.palette()), qapp.style().name()
    yield
    if i18n.current_language() != "en":
        i18n.set_language("en")
    QApplication.setFont(font)
    qapp.setPalette(palette)
    if qapp.style().name() != style or isinstance(qapp.style(), QProxyStyle):
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
def make_architecture_view(qtbot):
    """Returns a function: a shown 1400×900 ArchitectureView, showing ``network``'s graph."""
    from cnnviz.core.graph import layer_graph_for
    from cnnviz.gui.architecture.view import ArchitectureView

    def make(network: str | None = None) -> ArchitectureView:
        v = ArchitectureView()
        qtbot.addWidget(v)
        v.resize(1400, 900)
        v.show()
        qtbot.waitExposed(v)
        if network is not None:
            v.set_graph(layer_graph_for(network))
        return v

    return make


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


@pytest.fixture
def training_view(qtbot, tmp_path, monkeypatch):
    """A shown TrainingView writing runs under tmp_path; afterwards no worker process, thread
    or timer of it is left running."""
    import multiprocessing

    from cnnviz.core.training import live_processes
    from cnnviz.gui.training import TrainingView

    monkeypatch.setenv("CNNVIZ_RUNS", str(tmp_path / "runs"))
    v = TrainingView()
    qtbot.addWidget(v)
    v.resize(1300, 850)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.shutdown()
    assert not v.timers_active()
    leaked = live_processes()
    for p in leaked:
        p.shutdown(timeout=5)
    assert not leaked, "a training process was left running"
    assert multiprocessing.active_children() == []
