"""Start-up of the desktop app: QApplication, main window, event loop."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from cnnviz.gui.main_window import MainWindow

__all__ = ["run"]


def run(argv: list[str] | None = None) -> int:
    """Open the main window and run the Qt event loop until it closes; returns the exit code."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("cnnviz")
    app.setOrganizationName("cnnviz")
    window = MainWindow()
    window.show()
    return app.exec()
