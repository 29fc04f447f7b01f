"""The main window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from cnnviz import __version__

__all__ = ["MainWindow"]


class MainWindow(QMainWindow):
    """cnnviz's top-level window."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(f"cnnviz {__version__}")
        self.resize(1280, 800)
        hint = QLabel("cnnviz — run 'cnnviz list' or 'cnnviz summary lenet' in a terminal.")
        hint.setMargin(24)
        self.setCentralWidget(hint)
