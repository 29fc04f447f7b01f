"""Live training curves: the book's animator (train loss, train acc, test acc per epoch), live.

Points arrive a few times a second; each curve is one ``PlotDataItem`` whose data is replaced
with ``setData`` on growing numpy buffers — never cleared and re-plotted. Other runs can be
laid over the current one.

How a class reads it: the colour says which run (the run shown first, in the theme's first
colour), the line style says which metric — solid train loss, dashed train accuracy, dotted
test accuracy (with a dot per epoch) — for every run alike. The legend names each run in its
colour, then each metric in its line style in a neutral colour. "Smooth" draws the training
loss as TensorBoard does (:func:`~cnnviz.core.training.smoothing.ema_smooth`), the raw values
faint behind it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QPointF, QRectF, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QCheckBox, QLabel, QSlider, QVBoxLayout, QWidget

from cnnviz.gui.appearance import base_font
from cnnviz.gui.drawer import flow_row
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["METRIC_STYLES", "CurvesPlot", "MetricKey", "RunCurves", "Series", "run_colours"]

# one colour per run, per theme (Okabe–Ito based): the run shown takes the first
_RUN_COLOURS = {
    "light": ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#8c564b"),
    "dark": ("#56b4e9", "#e69f00", "#3fd0a0", "#ff79c6", "#f0e442", "#ff6f61", "#bd93f9"),
    "contrast": ("#56b4e9", "#ffb000", "#00ff9c", "#ff79c6", "#f0e442", "#ff5555", "#bd93f9"),
}
# the line style of each metric, the same for every run
METRIC_STYLES: dict[str, Qt.PenStyle] = {
    "loss": Qt.PenStyle.SolidLine,
    "train_acc": Qt.PenStyle.DashLine,
    "test_acc": Qt.PenStyle.DotLine,
}
METRICS = tuple(METRIC_STYLES)
RAW_ALPHA = 70  # of 255: the raw loss behind its smoothed curve
DEFAULT_SMOOTHING = 0.6  # TensorBoard's default weight


def run_colours(theme: Theme) -> tuple[str, ...]:
    """The run colours of ``theme``: the run shown takes the first, laid-over runs the others."""
    return _RUN_COLOURS.get(theme.name, _RUN_COLOURS["dark" if theme.dark else "light"])


def _ema(values: np.ndarray, weight: float) -> np.ndarray:
    from cnnviz.core.training.smoothing import ema_smooth  # the package imports torch

    return ema_smooth(values, weight)


class Series:
    """Growing (x, y) numpy buffers shown by one ``PlotDataItem`` (``setData`` on flush)."""

    def __init__(self, item: pg.PlotDataItem) -> None:
        self.item = item
        self._x = np.empty(256)
        self._y = np.empty(256)
        self.n = 0
        self._dirty = False

    def extend(self, xs: Sequence[float], ys: Sequence[float]) -> None:
        k = len(xs)
        if not k:
            return
        if self.n + k > len(self._x):
            size = max(2 * len(self._x), self.n + k)
            self._x = np.resize(self._x, size)
            self._y = np.resize(self._y, size)
        self._x[self.n : self.n + k] = xs
        self._y[self.n : self.n + k] = ys
        self.n += k
        self._dirty = True

    def clear(self) -> None:
        self.n = 0
        self._dirty = True

    @property
    def dirty(self) -> bool:
        """Whether data came (or went) since the last :meth:`flush`."""
        return self._dirty

    def flush(self) -> None:
        if self._dirty:
            self.item.setData(self._x[: self.n], self._y[: self.n])
            self._dirty = False

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x[: self.n].copy(), self._y[: self.n].copy()


def _split(records: Iterable[Any]) -> tuple[list, list, list, list, list]:
    """(x, loss, train acc) of progress records and (x, test acc) of epoch records."""
    px, loss, acc, ex, test = [], [], [], [], []
    for m in records:
        if m.test_acc is not None:
            ex.append(m.epoch)
            test.append(m.test_acc)
        elif m.train_loss is not None:
            px.append(m.epoch)
            loss.append(m.train_loss)
            acc.append(m.train_acc if m.train_acc is not None else np.nan)
    return px, loss, acc, ex, test


class RunCurves:
    """The curves of one run in its colour: train loss (raw, and smoothed while smoothing is
    on), train accuracy and test accuracy."""

    def __init__(self, plot: pg.PlotWidget, name: str, index: int) -> None:
        self.name = name
        self.index = index  # which run colour (0: the run shown)
        self.colour = ""
        self.loss = Series(plot.plot())
        self.smoothed = plot.plot()  # the EMA of the loss; empty while smoothing is off
        self.train_acc = Series(plot.plot())
        self.test_acc = Series(plot.plot())

    def series(self) -> tuple[Series, Series, Series]:
        return self.loss, self.train_acc, self.test_acc

    def items(self) -> list[pg.PlotDataItem]:
        return [self.loss.item, self.smoothed, self.train_acc.item, self.test_acc.item]

    def add(self, records: Sequence[Any]) -> None:
        px, loss, acc, ex, test = _split(records)
        self.loss.extend(px, loss)
        self.train_acc.extend(px, acc)
        self.test_acc.extend(ex, test)

    def clear(self) -> None:
        for s in self.series():
            s.clear()

    def flush(self, smoothing: float, force: bool = False) -> None:
        """Show the data that came; the smoothed loss again when the loss changed."""
        changed = self.loss.dirty or force
        for s in self.series():
            s.flush()
        if not changed:
            return
        if smoothing > 0 and self.loss.n:
            x, y = self.loss.data()
            self.smoothed.setData(x, _ema(y, smoothing))
        else:
            self.smoothed.setData([], [])

    def right_end(self) -> float:
        """The largest epoch drawn (0 when none)."""
        ends = [float(s.data()[0].max()) for s in (self.loss, self.test_acc) if s.n]
        return max(ends, default=0.0)


class _TickAxis(pg.AxisItem):
    """An axis that draws its end labels: pyqtgraph leaves out a tick label sticking out of
    the axis' rectangle — at a large text size the lowest and highest of the y axis — so
    this one reaches ``overhang`` pixels further (beyond both ends; beyond the right end for
    a horizontal axis, whose left end meets the y axis' labels)."""

    overhang = 0.0

    def boundingRect(self) -> QRectF:
        rect = super().boundingRect()
        m = self.overhang
        if self.orientation in ("left", "right"):
            return rect.adjusted(0, -m, 0, m)
        return rect.adjusted(0, 0, m, 0)


class _RunSample(ItemSample):
    """A run's legend sample: a line in its pen, ``length`` long; clicking it toggles nothing
    (it stands for a run, not for one curve)."""

    def __init__(self, pen: QPen, length: float, height: float) -> None:
        super().__init__(None)
        self.pen = QPen(pen)
        self._length, self._height = float(length), float(height)
        self.setFixedWidth(self._length)
        self.setFixedHeight(self._height)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self._length, self._height)

    def paint(self, p: QPainter, *args: Any) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(self.pen)
        y = self._height / 2
        p.drawLine(QPointF(2, y), QPointF(self._length - 2, y))

    def mouseClickEvent(self, event: Any) -> None:
        event.accept()


class MetricKey(QWidget):
    """One metric in the key under the plot: its line style, in the neutral colour, and name."""

    def __init__(self, metric: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metric_name = metric  # (not "metric": QPaintDevice.metric is a virtual Qt calls)
        self.text = ""
        self.pen = QPen()
        self.text_colour = QColor()
        self.symbol_size = 0.0

    def set_look(self, pen: QPen, font: QFont, text_colour: str, symbol_size: float) -> None:
        self.pen, self.text_colour, self.symbol_size = QPen(pen), QColor(text_colour), symbol_size
        self.setFont(font)
        self.updateGeometry()
        self.update()

    def set_text(self, text: str) -> None:
        self.text = text
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def _line_length(self) -> float:
        return QFontMetricsF(self.font()).height() * 2.0

    def sizeHint(self) -> QSize:
        fm = QFontMetricsF(self.font())
        width = self._line_length() + fm.horizontalAdvance("  " + self.text) + 4
        return QSize(int(width + 1), int(fm.height() + 4))

    minimumSizeHint = sizeHint

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        y, length = self.height() / 2, self._line_length()
        p.setPen(self.pen)
        p.drawLine(QPointF(2, y), QPointF(length - 2, y))
        if self.symbol_size:
            r = self.symbol_size / 2
            p.setPen(QPen(self.pen.color()))
            p.setBrush(self.pen.color())
            p.drawEllipse(QPointF(length / 2, y), r, r)
        p.setPen(self.text_colour)
        rect = QRectF(length, 0, self.width() - length, self.height())
        p.drawText(
            rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "  " + self.text
        )
        p.end()


class CurvesPlot(QWidget):
    """Train loss, train accuracy and test accuracy against (fractional) epochs, of the run
    shown and of the runs laid over it; a Smooth switch and weight under the plot."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = get_theme("light")
        self.font_scale = 1.0
        self.smoothing = 0.0  # the EMA weight of the loss; 0: off
        self.plot = pg.PlotWidget(
            self, axisItems={"left": _TickAxis("left"), "bottom": _TickAxis("bottom")}
        )
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        item = self.plot.getPlotItem()
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.showGrid(x=True, y=True, alpha=0.25)
        for name in ("left", "bottom"):  # grid lines at major ticks only, as in the book: the
            axis = item.getAxis(name)  # finer levels triple a repaint's cost
            # tick text only ever widens the axis: it does not jump as the numbers change
            axis.setStyle(maxTickLevel=0, autoExpandTextSpace=True, autoReduceTextSpace=False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.legend = item.addLegend(offset=(-10, 10))
        self.current = RunCurves(self.plot, "", 0)  # the run shown
        for it in self.current.items():
            it.setZValue(1)  # over the laid-over runs
        self.loss, self.train_acc = self.current.loss, self.current.train_acc
        self.test_acc = self.current.test_acc
        self._current_key: str | None = None
        self.overlays: dict[str, RunCurves] = {}
        self._names = ("train loss", "train acc", "test acc")
        self._axis_title = "epoch"
        self.epochs = 10

        # --- under the plot: the key of the metrics' line styles, and Smooth (weight 0–0.99)
        self.keys = {m: MetricKey(m, self) for m in METRICS}
        self.smooth_box = QCheckBox(self)
        self.smooth_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.smooth_slider.setRange(0, 99)
        self.smooth_slider.setValue(round(DEFAULT_SMOOTHING * 100))
        self.smooth_value = QLabel(self)
        self.smooth_box.toggled.connect(self._on_smooth_changed)
        self.smooth_slider.valueChanged.connect(self._on_weight_changed)
        self.under = flow_row(self, [*self.keys.values(), self.smooth_box, self.smooth_slider,
                                     self.smooth_value], spacing=12)  # fmt: skip
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.under)
        self._apply_smoothing(0.0)
        self.retranslate()
        self.set_epochs(10)
        self._restyle()

    # ------------------------------------------------------------------ data

    def set_epochs(self, epochs: int) -> None:
        """The x axis spans 0 … ``epochs`` (or the longest laid-over run)."""
        self.epochs = max(int(epochs), 1)
        self._update_range()

    def _update_range(self) -> None:
        right = float(self.epochs)
        for o in self.drawn_overlays():
            right = max(right, o.right_end())
        self.plot.setXRange(0, right, padding=0.02)

    def set_current_run(self, key: str | None, name: str = "") -> None:
        """The run shown is the one in folder ``key`` (None: none), named ``name`` in the
        legend; a laid-over run of the same folder is not drawn a second time."""
        self._current_key = key
        self.current.name = name if key is not None else ""
        for k, o in self.overlays.items():
            drawn = not self._is_current(k)
            for it in o.items():
                it.setVisible(drawn)
        self._rebuild_legend()
        self._update_range()

    def _is_current(self, key: str) -> bool:
        return self._current_key is not None and _same_path(key, self._current_key)

    def drawn_overlays(self) -> list[RunCurves]:
        """The laid-over runs drawn: all but the run shown."""
        return [o for k, o in self.overlays.items() if not self._is_current(k)]

    def clear(self) -> None:
        self.current.clear()
        self.current.flush(self.smoothing)

    def add_records(self, records: Sequence[Any]) -> None:
        """Append metrics records (progress records and epoch records with ``test_acc``)."""
        self.current.add(records)
        self.current.flush(self.smoothing)

    def set_overlay(self, key: str, name: str, records: Sequence[Any], reset: bool = True) -> None:
        """Lay the curves of another run (``key``: its folder) over the plot."""
        o = self.overlays.get(key)
        if o is None:
            o = RunCurves(self.plot, name, self._free_index())
            self.overlays[key] = o
            for it in o.items():
                it.setVisible(not self._is_current(key))
            self._style_run(o)
            self._rebuild_legend()
        if reset:
            o.clear()
        o.add(records)
        o.flush(self.smoothing)
        self._update_range()

    def remove_overlay(self, key: str) -> None:
        o = self.overlays.pop(key, None)
        if o is None:
            return
        for it in o.items():
            self.plot.removeItem(it)
        self._rebuild_legend()
        self._update_range()

    def _free_index(self) -> int:
        used = {o.index for o in self.overlays.values()}
        n = len(run_colours(self.theme))
        return next((i for i in range(1, n) if i not in used), 1 + len(self.overlays) % (n - 1))

    def runs(self) -> list[RunCurves]:
        """The runs drawn: the run shown (when there is one), then the laid-over ones."""
        shown = [self.current] if self._current_key is not None else []
        return shown + self.drawn_overlays()

    # ------------------------------------------------------------------ smoothing

    def set_smoothing(self, weight: float) -> None:
        """Draw the training loss smoothed with EMA weight ``weight`` (0 < weight ≤ 0.99, the
        raw values faint behind it), or raw (0)."""
        weight = min(max(float(weight), 0.0), 0.99)
        with QSignalBlocker(self.smooth_box), QSignalBlocker(self.smooth_slider):
            self.smooth_box.setChecked(weight > 0)
            if weight > 0:
                self.smooth_slider.setValue(round(weight * 100))
        self._apply_smoothing(weight)

    def _on_smooth_changed(self, *_: object) -> None:
        on = self.smooth_box.isChecked()
        self._apply_smoothing(self.smooth_slider.value() / 100 if on else 0.0)

    def _on_weight_changed(self, value: int) -> None:
        if self.smooth_box.isChecked() or value == 0:
            self._on_smooth_changed()
        else:  # moving the weight turns smoothing on
            self.smooth_box.setChecked(True)

    def _apply_smoothing(self, weight: float) -> None:
        self.smoothing = weight
        self.smooth_value.setText(f"{self.smooth_slider.value() / 100:.2f}")
        for run in (self.current, *self.overlays.values()):
            self._style_run(run)
            run.flush(weight, force=True)
        self._rebuild_legend()

    # ------------------------------------------------------------------ look & text

    def set_names(self, loss: str, train_acc: str, test_acc: str, epoch: str) -> None:
        """Translated legend names and the x-axis title."""
        self._names = (loss, train_acc, test_acc)
        self._axis_title = epoch
        self.plot.setLabel("bottom", epoch, **self._label_style())
        self._rebuild_legend()

    def retranslate(self) -> None:
        self.smooth_box.setText(self.tr("Smooth loss"))
        tip = self.tr(
            "Draw the training loss as an exponential moving average, as TensorBoard does: "
            "each point keeps this share of the one before. The raw values stay faint behind."
        )
        for w in (self.smooth_box, self.smooth_slider, self.smooth_value):
            w.setToolTip(tip)
        self._rebuild_legend()

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        self._restyle()

    def _label_style(self) -> dict[str, str]:
        return {"color": self.theme.text, "font-size": f"{self.tick_font().pointSizeF():.1f}pt"}

    def tick_font(self) -> QFont:
        """The font of the tick labels: the app's base size × the text scale."""
        font = QFont(self.font())  # the app's families (Chinese fallbacks included)
        size = base_font().pointSizeF()
        font.setPointSizeF((size if size > 0 else 9.0) * self.font_scale)
        return font

    def _width(self) -> float:
        return max(self.theme.line_width * 1.2, 1.5) * max(1.0, self.font_scale * 0.75)

    def _restyle(self) -> None:
        t = self.theme
        self.plot.setBackground(QColor(t.background))
        font = self.tick_font()
        fm = QFontMetricsF(font)
        item = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(t.muted, width=1))
            axis.setTextPen(pg.mkPen(t.text))
            axis.setTickFont(font)
        left, bottom = item.getAxis("left"), item.getAxis("bottom")
        # room for the numbers at this size from the start (pyqtgraph widens the axis only
        # after a paint that left wider ones out); the end labels may stick out by half
        left.textWidth = int(fm.horizontalAdvance("0.00")) + 2
        left.overhang = fm.height() * 0.6
        left.setWidth(None)
        bottom.textHeight = int(fm.height())
        bottom.overhang = fm.horizontalAdvance("00") * 0.6
        bottom.setHeight(None)
        item.layout.setContentsMargins(1, int(fm.height() * 0.6), int(bottom.overhang), 1)
        self.plot.setLabel("bottom", self._axis_title, **self._label_style())
        for run in (self.current, *self.overlays.values()):
            self._style_run(run)
        self.legend.setBrush(pg.mkBrush(QColor(t.surface).lighter(100)))
        self.legend.setPen(pg.mkPen(t.muted))
        self.legend.setLabelTextColor(QColor(t.text))
        self.legend.setLabelTextSize(f"{self.legend_font().pointSizeF():.1f}pt")
        self._restyle_keys(self.legend_font())
        self.smooth_slider.setMinimumWidth(int(fm.horizontalAdvance("0") * 8))
        self._rebuild_legend()

    def _run_width(self, run: RunCurves) -> float:
        w = self._width()
        return w if run is self.current else max(w * 0.8, 1.2)

    def _pen(self, colour: str, metric: str, width: float, alpha: int = 255) -> QPen:
        c = QColor(colour)
        c.setAlpha(alpha)
        return pg.mkPen(c, width=width, style=METRIC_STYLES[metric])

    def _style_run(self, run: RunCurves) -> None:
        palette = run_colours(self.theme)
        run.colour = palette[run.index % len(palette)]
        w = self._run_width(run)
        raw_alpha = RAW_ALPHA if self.smoothing > 0 else 255
        run.loss.item.setPen(self._pen(run.colour, "loss", w, raw_alpha))
        run.smoothed.setPen(self._pen(run.colour, "loss", w))
        run.train_acc.item.setPen(self._pen(run.colour, "train_acc", w))
        run.test_acc.item.setPen(self._pen(run.colour, "test_acc", w))
        run.test_acc.item.setSymbol("o")
        run.test_acc.item.setSymbolSize(self._symbol_size(run))
        run.test_acc.item.setSymbolBrush(pg.mkBrush(run.colour))
        run.test_acc.item.setSymbolPen(pg.mkPen(run.colour))

    def _symbol_size(self, run: RunCurves) -> float:
        return (6 if run is self.current else 4) + 3 * self.font_scale

    def legend_font(self) -> QFont:
        """The font of the legend and the metrics' key: it grows with the text scale, a little
        slower than the ticks'."""
        font = self.tick_font()
        size = base_font().pointSizeF()
        font.setPointSizeF((size if size > 0 else 9.0) * (1 + 0.75 * (self.font_scale - 1)))
        return font

    def _rebuild_legend(self) -> None:
        """One legend entry a run drawn (a line in its colour; no legend while none is), and
        the metrics' key under the plot (each line style in the neutral colour)."""
        self.legend.clear()
        runs = self.runs()
        fm = QFontMetricsF(self.legend_font())
        for run in runs:
            pen = pg.mkPen(run.colour, width=self._run_width(run))
            self.legend.addItem(_RunSample(pen, fm.height() * 2.0, fm.height()), run.name)
        self.legend.setVisible(bool(runs))
        loss, train_acc, test_acc = self._names
        if self.smoothing > 0:
            loss = self.tr("%1 (smoothed)").replace("%1", loss)
        for metric, name in zip(METRICS, (loss, train_acc, test_acc)):
            self.keys[metric].set_text(name)

    def _restyle_keys(self, font: QFont) -> None:
        for metric, key in self.keys.items():
            size = 6 + 3 * self.font_scale if metric == "test_acc" else 0.0
            key.set_look(self._pen(self.theme.muted, metric, self._width()), font,
                         self.theme.text, size)  # fmt: skip


def _same_path(a: str, b: str) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))
