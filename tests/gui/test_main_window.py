"""The app opens a real window."""

from cnnviz.gui.main_window import MainWindow


def test_main_window_shows(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert w.isVisible() and "cnnviz" in w.windowTitle()
