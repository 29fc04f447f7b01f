"""The Compare tab's chart: every zoo network's parameters and MACs as horizontal bars on a log
scale, and beside them the best test accuracy of its finished training runs.

One row per network, top to bottom in the order the table shows; the bars are three
``BarGraphItem``s (parameters, MACs, accuracy) whose data is replaced with ``setOpts`` when the
order or the numbers change. The size plot's x axis is log10 of the count (its ticks read 10K,
1M, 1G); the accuracy plot is in percent and is in the layout only while there are accuracies.
Clicking a row emits :attr:`CompareChart.network_clicked`, double-clicking it
:attr:`CompareChart.network_double_clicked`. :meth:`CompareChart.export` writes PNG (2× pixel
density) or SVG. This module imports pyqtgraph: the view makes the chart once rows exist.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QWidget

from cnnviz.core.compare import CompareRow
from cnnviz.core.files import atomic_path
from cnnviz.core.summary import human
from cnnviz.gui.appearance import base_font
from cnnviz.gui.model_picker import zoo_title
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["CHART_SUFFIXES", "KINDS", "CompareChart"]

#: the file types :meth:`CompareChart.export` writes
CHART_SUFFIXES = (".png", ".svg")
#: the bars, in drawing order; "params" and "macs" share a row of the size plot, params on top
KINDS = ("params", "macs", "accuracy")
BAR = 0.36  # thickness of a size bar, in rows (two bars and a gap fill a row)
OFFSET = 0.19  # a size bar's centre above (params) or below (MACs) its row's centre
ACC_BAR = 0.56  # thickness of an accuracy bar


def _fill(theme: Theme, kind: str) -> str:
    """A bar's colour: the layer kinds' fills, so the chart looks like the rest of the app."""
    return theme.kind_fill[{"params": "conv", "macs": "activation", "accuracy": "pool"}[kind]]


class CompareChart(pg.GraphicsLayoutWidget):
    """Horizontal bars per zoo network: parameters and MACs (log scale), test accuracy (%).

    Public API: :meth:`set_rows`, :meth:`set_accuracies`, :meth:`set_selected`,
    :meth:`set_style`, :meth:`set_titles`, :meth:`export`; :attr:`bars` (kind →
    ``BarGraphItem``), :attr:`labels` (kind → the bars' value labels), :meth:`names`.
    """

    network_clicked = Signal(str)
    network_double_clicked = Signal(str)

    _ready = False

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = get_theme("light")
        self.font_scale = 1.0
        self.rows: list[CompareRow] = []  # top to bottom
        self.accuracies: dict[str, float] = {}  # zoo name → 0–1, only networks with a row
        self.selected: str | None = None
        self._titles = ("", "", "", "", "")  # see set_titles
        self._base = 0  # log10 of the size axis' left end
        self.ci.setContentsMargins(4, 4, 12, 4)
        self.ci.setSpacing(8)
        self.size_title = self.ci.addLabel(row=0, col=0, justify="left")
        self.accuracy_title = pg.LabelItem(justify="left")
        self.size_plot = self.ci.addPlot(row=1, col=0)
        self.accuracy_plot = pg.PlotItem()
        self.ci.layout.setColumnStretchFactor(0, 1)  # the accuracy column keeps its width
        self.ci.layout.setColumnStretchFactor(1, 0)
        self.bars: dict[str, pg.BarGraphItem] = {}
        self.labels: dict[str, list[pg.TextItem]] = {k: [] for k in KINDS}
        self._bands: list[pg.BarGraphItem] = []  # the selected row's background, per plot
        for plot in (self.size_plot, self.accuracy_plot):
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.getViewBox().invertY(True)
            plot.showGrid(x=True, y=False, alpha=0.3)
            plot.getAxis("bottom").setZValue(-0.5)  # its grid lines behind the bars
            band = pg.BarGraphItem(x0=[0.0], x1=[1.0], y=[0.0], height=[1.0])
            band.setZValue(-10)
            band.hide()
            plot.addItem(band)
            self._bands.append(band)
        self.accuracy_plot.setYLink(self.size_plot)
        self.accuracy_plot.hideAxis("left")
        for kind in KINDS:
            bar = pg.BarGraphItem(x0=[0.0], x1=[0.0], y=[0.0], height=[BAR])
            bar.hide()  # until there are rows
            plot = self.accuracy_plot if kind == "accuracy" else self.size_plot
            plot.addItem(bar)
            self.bars[kind] = bar
        self.size_plot.getViewBox().sigResized.connect(self._fit)
        self.accuracy_plot.getViewBox().sigResized.connect(self._fit)
        self.scene().sigMouseClicked.connect(self._on_click)
        self._ready = True
        self.set_style(self.theme, self.font_scale)

    # ------------------------------------------------------------------ data

    def names(self) -> list[str]:
        """The networks' zoo names, top to bottom."""
        return [r.name for r in self.rows]

    def set_rows(self, rows: Sequence[CompareRow]) -> None:
        """Show ``rows``, top to bottom (the view passes them in the table's order)."""
        self.rows = list(rows)
        self.accuracies = {n: a for n, a in self.accuracies.items() if n in self.names()}
        self._update()

    def set_accuracies(self, accuracies: Mapping[str, float]) -> None:
        """Best test accuracy (0–1) per zoo name; networks without a row are ignored, and
        with none the accuracy plot leaves the layout."""
        names = set(self.names())
        self.accuracies = {n: float(a) for n, a in accuracies.items() if n in names}
        self._update()

    def set_selected(self, name: str | None) -> None:
        """Put a band behind ``name``'s row (None: no band)."""
        self.selected = name if name in self.names() else None
        self._update_bands()

    def set_titles(self, params: str, macs: str, scale: str, accuracy: str, source: str) -> None:
        """The plots' titles, translated by the view: the size plot's legend (``params``,
        ``macs``) over ``scale``; the accuracy plot's ``accuracy`` over its ``source``."""
        self._titles = (params, macs, scale, accuracy, source)
        self._fit()

    def _update(self) -> None:
        names = self.names()
        n = len(names)
        shown = self.accuracy_plot.scene() is not None
        if self.accuracies and not shown:
            self.ci.addItem(self.accuracy_title, row=0, col=1)
            self.ci.addItem(self.accuracy_plot, row=1, col=1)
        elif not self.accuracies and shown:
            self.ci.removeItem(self.accuracy_title)
            self.ci.removeItem(self.accuracy_plot)
        if not n:
            for bar in self.bars.values():
                bar.hide()
            self._sync_labels()
            return
        rows_y = np.arange(n, dtype=float)
        params = np.log10(np.maximum([r.params for r in self.rows], 1).astype(float))
        macs = np.log10(np.maximum([r.macs for r in self.rows], 1).astype(float))
        self._base = math.floor(min(params.min(), macs.min()))
        self.bars["params"].setOpts(
            x0=np.full(n, float(self._base)), x1=params, y=rows_y - OFFSET, height=np.full(n, BAR)
        )
        self.bars["macs"].setOpts(
            x0=np.full(n, float(self._base)), x1=macs, y=rows_y + OFFSET, height=np.full(n, BAR)
        )
        trained = [i for i, name in enumerate(names) if name in self.accuracies]
        acc = np.array([100.0 * self.accuracies[names[i]] for i in trained])
        self.bars["accuracy"].setOpts(
            x0=np.zeros(len(trained)),
            x1=acc,
            y=np.array(trained, dtype=float),
            height=np.full(len(trained), ACC_BAR),
        )
        self.bars["params"].show()
        self.bars["macs"].show()
        self.bars["accuracy"].setVisible(bool(trained))
        self.size_plot.setYRange(-0.55, n - 0.45, padding=0)
        self._sync_labels()
        self._update_bands()
        self._fit()

    def _label_specs(self, kind: str) -> list[tuple[float, float, str]]:
        """(x, y, text) of each value label of ``kind``: at the end of its bar."""
        if not self.rows:
            return []
        if kind == "accuracy":
            return [
                (
                    100.0 * self.accuracies[r.name],
                    float(i),
                    f"{100.0 * self.accuracies[r.name]:.1f} %",
                )
                for i, r in enumerate(self.rows)
                if r.name in self.accuracies
            ]
        sign = -1.0 if kind == "params" else 1.0
        return [
            (math.log10(max(getattr(r, kind), 1)), i + sign * OFFSET, human(getattr(r, kind)))
            for i, r in enumerate(self.rows)
        ]

    def _sync_labels(self) -> None:
        font = self._font()
        for kind in KINDS:
            specs = self._label_specs(kind)
            items = self.labels[kind]
            plot = self.accuracy_plot if kind == "accuracy" else self.size_plot
            while len(items) < len(specs):
                item = pg.TextItem(anchor=(0.0, 0.5))
                plot.addItem(item)
                items.append(item)
            while len(items) > len(specs):
                plot.removeItem(items.pop())
            for item, (x, y, text) in zip(items, specs, strict=True):
                item.setText(text, color=QColor(self.theme.text))
                item.setFont(font)
                item.setPos(x, y)

    def _update_bands(self) -> None:
        names = self.names()
        row = names.index(self.selected) if self.selected in names else None
        for band, plot in zip(self._bands, (self.size_plot, self.accuracy_plot), strict=True):
            if row is None:
                band.hide()
                continue
            x0, x1 = plot.getViewBox().viewRange()[0]
            band.setOpts(x0=[x0 - 1e3], x1=[x1 + 1e3], y=[float(row)], height=[1.0])
            band.show()

    # ------------------------------------------------------------------ look

    def set_style(self, theme: Theme, font_scale: float) -> None:
        """Colours from ``theme``; text at the unscaled app font × ``font_scale``."""
        self.theme, self.font_scale = theme, font_scale
        t = theme
        self.setBackground(QColor(t.background))
        font = self._font()
        edge = pg.mkPen(t.edge, width=t.line_width)
        for kind in KINDS:
            self.bars[kind].setOpts(brush=pg.mkBrush(_fill(t, kind)), pen=edge)
        select = QColor(t.selection)
        select.setAlpha(70 if t.dark else 45)
        for band in self._bands:
            band.setOpts(brush=pg.mkBrush(select), pen=pg.mkPen(None))
        for plot in (self.size_plot, self.accuracy_plot):
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(pg.mkPen(t.muted, width=1))
                axis.setTextPen(pg.mkPen(t.text))
                axis.setTickFont(font)
                axis.setStyle(tickTextOffset=int(4 * font_scale), maxTickLevel=0)
            plot.getAxis("bottom").setHeight(int(QFontMetricsF(font).height() * 1.6 + 6))
        self._sync_labels()
        self._restyle_titles()

    def _font(self) -> QFont:
        font = QFont(self.font())  # the app's families (Chinese fallbacks included)
        size = base_font().pointSizeF()
        font.setPointSizeF((size if size > 0 else 9.0) * self.font_scale)
        return font

    def _update_titles(self, size_width: float = 1e6, accuracy_width: float = 1e6) -> None:
        """Both titles, each line elided to its column's width (a title is never clipped)."""
        t = self.theme
        font = self._font()
        fm = QFontMetricsF(font)
        params, macs, scale, accuracy, source = self._titles
        square = fm.horizontalAdvance("■ ")
        gap = fm.horizontalAdvance("  ")

        def fit(text: str, width: float) -> str:
            return html.escape(fm.elidedText(text, Qt.TextElideMode.ElideRight, max(int(width), 1)))

        def swatch(kind: str) -> str:
            return f'<span style="color:{_fill(t, kind)}">&#9632;</span>'

        def note(text: str) -> str:
            return f'<br><span style="color:{t.muted}">{text}</span>'

        half = (size_width - gap) / 2 - square
        legend = f"{swatch('params')} {fit(params, half)} &nbsp; {swatch('macs')} {fit(macs, half)}"
        size_html = legend + note(fit(scale, size_width))
        accuracy_html = f"{swatch('accuracy')} {fit(accuracy, accuracy_width - square)}" + note(
            fit(source, accuracy_width)
        )
        pt = f"{font.pointSizeF():.1f}pt"
        if size_html != self.size_title.text:
            self.size_title.setText(size_html, color=t.text, size=pt)
        if accuracy_html != self.accuracy_title.text:
            self.accuracy_title.setText(accuracy_html, color=t.text, size=pt)

    def _restyle_titles(self) -> None:
        self.size_title.text = self.accuracy_title.text = None  # set again in the new look
        self._fit()

    # ------------------------------------------------------------------ fitting the plots

    def comfortable_height(self) -> int:
        """Pixels the chart needs for its titles, axis and a legible line per network."""
        line = QFontMetricsF(self._font()).height()
        return int((max(len(self.rows), 1) * 1.25 + 2.6 + 1.8) * line + 24)

    def _fit(self, *_: Any) -> None:
        """Fit the chart to its width: names elided to at most 35 % of it, the accuracy plot
        at most 30 %, titles elided to their columns; x ranges that leave room for the value
        labels, log ticks thinned so that they never touch; labels hidden where rows are too
        thin for them."""
        font = self._font()
        fm = QFontMetricsF(font)
        width = max(float(self.width()) - 24.0, 100.0)
        titles = [zoo_title(n) for n in self.names()]
        names_w = min(max((fm.horizontalAdvance(n) for n in titles), default=40.0), 0.35 * width)
        left = self.size_plot.getAxis("left")
        left.setWidth(int(names_w + 10))
        elided = [fm.elidedText(n, Qt.TextElideMode.ElideRight, int(names_w)) for n in titles]
        left.setTicks([list(enumerate(elided))])
        accuracy_w = 0.0
        if self.accuracies:
            need = max(
                fm.horizontalAdvance("100.0 %") * 2.0 + 16,
                fm.horizontalAdvance("■ " + self._titles[3]) + 8,
                fm.horizontalAdvance(self._titles[4]) + 8,
            )
            accuracy_w = min(need, 0.3 * width)
            for item in (self.accuracy_plot, self.accuracy_title):
                item.setMinimumWidth(accuracy_w)
                item.setMaximumWidth(accuracy_w)
        self._update_titles(width - accuracy_w - 8, accuracy_w)
        pad = fm.horizontalAdvance("  ")
        tick_w = fm.horizontalAdvance("100M")
        # the left ends leave half a tick label of room, so that the first tick is labelled
        top = self._range("size", fm, pad)
        vb_w = max(self.size_plot.getViewBox().width(), 1.0)
        per_decade = vb_w / max(top - self._base, 1.0)
        start = self._base - (tick_w / 2 + 2) / per_decade
        self.size_plot.setXRange(start, top, padding=0)
        step = max(1, math.ceil((tick_w + 2 * pad) / per_decade))
        ticks = [(float(k), human(10**k)) for k in range(self._base, math.floor(top) + 1, step)]
        self.size_plot.getAxis("bottom").setTicks([ticks])
        top = self._range("accuracy", fm, pad)
        per_unit = max(self.accuracy_plot.getViewBox().width(), 1.0) / top
        self.accuracy_plot.setXRange(
            -(fm.horizontalAdvance("0") / 2 + 2) / per_unit, top, padding=0
        )
        self.accuracy_plot.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in (0, 50, 100)]])
        n = max(len(self.rows), 1)
        row_px = self.size_plot.getViewBox().height() / (n + 0.1)
        fits = row_px * 2 * OFFSET >= fm.height() * 0.8
        for kind in ("params", "macs"):
            for item in self.labels[kind]:
                item.setVisible(fits)
        for item in self.labels["accuracy"]:
            item.setVisible(row_px * ACC_BAR >= fm.height() * 0.7)
        self._update_bands()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._ready:  # (not while pyqtgraph builds the widget)
            self._fit()

    def _range(self, plot: str, fm: QFontMetricsF, pad: float) -> float:
        """The right end of a plot's x range, so that every bar's label fits after its bar."""
        if plot == "size":
            vb, low, kinds = self.size_plot.getViewBox(), float(self._base), ("params", "macs")
            ends = [self._base + 1.0]
        else:
            vb, low, kinds = self.accuracy_plot.getViewBox(), 0.0, ("accuracy",)
            ends = [100.0]
        width = max(vb.width(), 1.0)
        top = max(ends)
        for kind in kinds:
            for x, _y, text in self._label_specs(kind):
                r = (fm.horizontalAdvance(text) + pad) / width  # the label's share of the width
                if r < 0.8:
                    top = max(top, (x - r * low) / (1.0 - r))
                top = max(top, x)
        return top

    # ------------------------------------------------------------------ clicks

    def row_at(self, scene_pos: Any) -> str | None:
        """The network whose row is at ``scene_pos`` (bars, names or value labels)."""
        for plot in (self.size_plot, self.accuracy_plot):
            if plot.scene() is None or not plot.sceneBoundingRect().contains(scene_pos):
                continue
            row = round(plot.getViewBox().mapSceneToView(scene_pos).y())
            if 0 <= row < len(self.rows):
                return self.rows[row].name
        return None

    def _on_click(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        name = self.row_at(event.scenePos())
        if name is None:
            return
        event.accept()
        if event.double():
            self.network_double_clicked.emit(name)
        else:
            self.network_clicked.emit(name)

    # ------------------------------------------------------------------ export

    def export(self, path: str | os.PathLike) -> Path:
        """Write the chart as it is shown to ``path``: ``.png`` (2× pixel density) or ``.svg``.

        Raises ``ValueError`` for another suffix (nothing is written) and ``OSError`` when the
        file can't be written.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in CHART_SUFFIXES:
            raise ValueError(f"can't save the chart as {path.name!r}: use a .png or .svg file name")
        rect = QRectF(self.sceneRect())
        cached = [(it, it.cacheMode()) for it in self.scene().items()]
        for it, _ in cached:  # cached items would be pasted as screen-resolution pixmaps
            it.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        try:
            with atomic_path(path, suffix) as tmp:
                if suffix == ".png":
                    self._write_png(tmp, rect)
                else:
                    self._write_svg(tmp, rect)
        finally:
            for it, mode in cached:
                it.setCacheMode(mode)
        return path

    def _write_png(self, tmp: Path, rect: QRectF) -> None:
        ratio = 2.0
        image = QImage(
            int(rect.width() * ratio), int(rect.height() * ratio), QImage.Format.Format_ARGB32
        )
        image.setDevicePixelRatio(ratio)
        image.fill(QColor(self.theme.background))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
        if not image.save(str(tmp), "PNG"):
            raise OSError(f"could not write {tmp.name}")

    def _write_svg(self, tmp: Path, rect: QRectF) -> None:
        from PySide6.QtSvg import QSvgGenerator

        gen = QSvgGenerator()
        gen.setFileName(str(tmp))
        gen.setSize(QSize(int(rect.width()), int(rect.height())))
        gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        gen.setTitle("cnnviz: the zoo networks compared")
        painter = QPainter(gen)
        painter.fillRect(QRectF(0, 0, rect.width(), rect.height()), QColor(self.theme.background))
        self.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
