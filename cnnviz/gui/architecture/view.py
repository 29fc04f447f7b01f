"""ArchitectureView — PLACEHOLDER API being implemented by the lead; do not edit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnviz.gui.theme import Theme, get_theme


class ArchitectureView(QWidget):
    """Graph (left) + shape table (right) of one LayerGraph.

    API used by the main window:
    - set_graph(graph: cnnviz.core.graph.LayerGraph | None)
    - fold_all(), unfold_all(), zoom_in(), zoom_out(), fit_to_window()
    - export_image(path: str) -> None   (.png at 2x pixel density, or .svg)
    - export_csv(path: str) -> None     (shape table)
    - set_style(theme: Theme, font_scale: float)
    - retranslate()                     (call after the language changed)
    - splitter (QSplitter attribute) whose state the main window saves in QSettings
    Signals: node_selected(str)  (qualified node name)
    """

    node_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QSplitter

        self.graph = None
        self.theme = get_theme("light")
        self.font_scale = 1.0
        lay = QVBoxLayout(self)
        self.splitter = QSplitter(self)
        self.label = QLabel("")
        self.splitter.addWidget(self.label)
        lay.addWidget(self.splitter)

    def set_graph(self, graph) -> None:
        self.graph = graph
        self.label.setText(graph.model_name if graph else "")

    def fold_all(self) -> None: ...
    def unfold_all(self) -> None: ...
    def zoom_in(self) -> None: ...
    def zoom_out(self) -> None: ...
    def fit_to_window(self) -> None: ...
    def export_image(self, path: str) -> None: ...
    def export_csv(self, path: str) -> None: ...

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale

    def retranslate(self) -> None: ...
