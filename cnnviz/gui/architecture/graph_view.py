"""The graph's viewport and its legend: zoom, fit and readable zoom; colour chips per kind.

:class:`GraphView` shows a :class:`~cnnviz.gui.architecture.scene.GraphScene` (wheel and +/−
zoom, drag to pan, fit the graph or a block at a readable zoom); :class:`Legend` names the
layer kinds of the network shown. Used by :class:`~cnnviz.gui.architecture.view.ArchitectureView`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QLabel, QVBoxLayout, QWidget

from cnnviz.gui.architecture.scene import GraphScene
from cnnviz.gui.theme import Theme

__all__ = ["KIND_NAMES", "GraphView", "Legend", "kind_name"]


class GraphView(QGraphicsView):
    """Zoom with the wheel (around the pointer) or +/−, pan by dragging."""

    zoom_changed = Signal(float)

    MIN_ZOOM, MAX_ZOOM = 0.05, 8.0
    #: the smallest text in the graph (a box's shape line) is at least this many pixels high
    READABLE_PX = 10.0

    def __init__(self, scene: GraphScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, factor: float) -> None:
        factor = min(max(factor, self.MIN_ZOOM), self.MAX_ZOOM)
        current = self.zoom()
        if current > 0:
            self.scale(factor / current, factor / current)
            self.zoom_changed.emit(factor)

    def zoom_by(self, step: float) -> None:
        self.set_zoom(self.zoom() * step)

    def fit(self) -> None:
        """Show the whole graph (small graphs are not blown up beyond 150 %)."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > 1.5:
            self.set_zoom(1.5)
        self.zoom_changed.emit(self.zoom())

    def readable_zoom(self) -> float:
        """The smallest zoom at which the graph's smallest text is :attr:`READABLE_PX` high."""
        fonts = self.scene().fonts
        em = fonts.body.pointSizeF() * self.logicalDpiY() / 72.0
        return min(max(self.READABLE_PX / max(em, 1.0), self.MIN_ZOOM), 1.0)

    def fit_rect(self, rect: QRectF, fill: float = 0.92) -> None:
        """Zoom so ``rect`` (scene coordinates) fills ``fill`` of the viewport, at a readable
        zoom (see :meth:`readable_zoom`, never above 200 %), and centre it."""
        if rect.isEmpty():
            return
        vp = self.viewport()
        zoom = min(vp.width() * fill / rect.width(), vp.height() * fill / rect.height())
        self.set_zoom(min(max(zoom, self.readable_zoom()), 2.0))
        self.centerOn(rect.center())

    def fit_readable(self) -> None:
        """Fit the whole graph when its text stays readable (:meth:`readable_zoom`); otherwise
        fit its width at no less than that and start at the top: text is never shrunk away."""
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fit()
        readable = self.readable_zoom()
        if self.zoom() < readable:
            width = max(self.viewport().width() - 24, 100)
            self.set_zoom(min(max(width / rect.width(), readable), 1.2))
            self.centerOn(rect.center().x(), rect.top())

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.15**steps)
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif event.key() == Qt.Key.Key_Minus:
            self.zoom_by(1 / 1.25)
        else:
            super().keyPressEvent(event)


KIND_NAMES = {
    "input": QT_TRANSLATE_NOOP("LayerKind", "input"),
    "conv": QT_TRANSLATE_NOOP("LayerKind", "convolution"),
    "pool": QT_TRANSLATE_NOOP("LayerKind", "pooling"),
    "norm": QT_TRANSLATE_NOOP("LayerKind", "normalisation"),
    "activation": QT_TRANSLATE_NOOP("LayerKind", "activation"),
    "linear": QT_TRANSLATE_NOOP("LayerKind", "fully connected"),
    "merge": QT_TRANSLATE_NOOP("LayerKind", "concatenation / addition"),
    "reshape": QT_TRANSLATE_NOOP("LayerKind", "reshaping"),
    "dropout": QT_TRANSLATE_NOOP("LayerKind", "dropout"),
    "block": QT_TRANSLATE_NOOP("LayerKind", "folded block"),
}


def kind_name(kind: str) -> str:
    """The translated name of a layer kind."""
    return QCoreApplication.translate("LayerKind", KIND_NAMES.get(kind, kind))


class Legend(QWidget):
    """Colour chips naming each layer kind, wrapped over as many rows as needed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.chip_count = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        lay.addWidget(self.label)

    def update_legend(self, theme: Theme, kinds: set[str] | None = None) -> None:
        """Chips for ``kinds`` (the kinds the network has; None: every kind), in order.

        A chip keeps its colour with the first word of its name; longer names may wrap, so
        the legend is never wider than the graph.
        """
        chips = []
        for kind in KIND_NAMES:
            if kinds is not None and kind not in kinds:
                continue
            colour = theme.kind_fill.get(kind, theme.kind_fill["other"])
            first, _, rest = html.escape(kind_name(kind)).partition(" ")
            chips.append(
                '<span style="white-space:nowrap">'
                f'<span style="background:{colour}; color:{theme.node_text};">'
                f"&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{first}</span>"
                + (f" {rest}" if rest else "")
            )
        self.label.setText("&nbsp;&nbsp;&nbsp; ".join(chips))
        self.chip_count = len(chips)
