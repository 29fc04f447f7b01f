"""Live training curves: the book's animator (train loss, train acc, test acc per epoch), live.

Points arrive a few times a second; each curve is one ``PlotDataItem`` whose data is replaced
with ``setData`` on growing numpy buffers — never cleared and re-plotted. Other runs can be
laid over the current one, each in its own colour, named in the legend.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from cnnviz.gui.theme import Theme, get_theme

__all__ = ["CurvesPlot", "Series", "curve_colours"]

#: curve colours per theme: train loss, train accuracy, test accuracy (Okabe–Ito based)
_MAIN = {
    "light": ("#0072b2", "#d55e00", "#009e73"),
    "dark": ("#56b4e9", "#e69f00", "#3fd0a0"),
    "contrast": ("#56b4e9", "#ffb000", "#00ff9c"),
}
#: one colour per laid-over run, distinct from the main curves'
_OVERLAY = ("#cc79a7", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#7f7f7f")
_OVERLAY_BRIGHT = ("#ff79c6", "#bd93f9", "#ffb86c", "#f1fa8c", "#8be9fd", "#ff5555", "#ffffff")


def curve_colours(theme: Theme) -> tuple[str, str, str]:
    """Colours of the main curves (train loss, train acc, test acc) in ``theme``."""
    return _MAIN.get(theme.name, _MAIN["dark" if theme.dark else "light"])


def _overlay_colour(theme: Theme, index: int) -> str:
    palette = _OVERLAY_BRIGHT if theme.dark else _OVERLAY
    return palette[index % len(palette)]


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

    def flush(self) -> None:
        if self._dirty:
            self.item.setData(self._x[: self.n], self._y[: self.n])
            self._dirty = False

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        return self._x[: self.n].copy(), self._y[: self.n].copy()


@dataclass
class _Overlay:
    name: str
    colour: str
    loss: Series
    train_acc: Series
    test_acc: Series


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


class CurvesPlot(QWidget):
    """Train loss, train accuracy and test accuracy against (fractional) epochs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = get_theme("light")
        self.font_scale = 1.0
        self.plot = pg.PlotWidget(self)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        item = self.plot.getPlotItem()
        item.setClipToView(True)
        item.setDownsampling(auto=True, mode="peak")
        item.showGrid(x=True, y=True, alpha=0.25)
        for name in ("left", "bottom"):  # grid lines at major ticks only, as in the book: the
            item.getAxis(name).setStyle(maxTickLevel=0)  # finer levels triple a repaint's cost
        self.plot.setMouseEnabled(x=False, y=False)
        self.legend = item.addLegend(offset=(-10, 10))
        self.loss = Series(self.plot.plot(name="loss"))
        self.train_acc = Series(self.plot.plot(name="train acc"))
        self.test_acc = Series(self.plot.plot(name="test acc"))
        self.overlays: dict[str, _Overlay] = {}
        self._names = ("train loss", "train acc", "test acc")
        self.epochs = 10
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)
        self.set_epochs(10)
        self._restyle()

    # ------------------------------------------------------------------ data

    def set_epochs(self, epochs: int) -> None:
        """The x axis spans 0 … ``epochs`` (or the longest laid-over run)."""
        self.epochs = max(int(epochs), 1)
        self._update_range()

    def _update_range(self) -> None:
        right = float(self.epochs)
        for o in self.overlays.values():
            if o.loss.n:
                right = max(right, float(o.loss.data()[0].max()))
            if o.test_acc.n:
                right = max(right, float(o.test_acc.data()[0].max()))
        self.plot.setXRange(0, right, padding=0.02)

    def clear(self) -> None:
        for s in (self.loss, self.train_acc, self.test_acc):
            s.clear()
            s.flush()

    def add_records(self, records: Sequence[Any]) -> None:
        """Append metrics records (progress records and epoch records with ``test_acc``)."""
        px, loss, acc, ex, test = _split(records)
        self.loss.extend(px, loss)
        self.train_acc.extend(px, acc)
        self.test_acc.extend(ex, test)
        for s in (self.loss, self.train_acc, self.test_acc):
            s.flush()

    def set_overlay(self, key: str, name: str, records: Sequence[Any], reset: bool = True) -> None:
        """Lay the curves of another run (``key``: its folder) over the plot."""
        o = self.overlays.get(key)
        if o is None:
            colour = self._free_colour()
            o = _Overlay(name, colour, *(Series(self.plot.plot()) for _ in range(3)))
            self.overlays[key] = o
            self._style_overlay(o)
            self._rebuild_legend()
        if reset:
            for s in (o.loss, o.train_acc, o.test_acc):
                s.clear()
        px, loss, acc, ex, test = _split(records)
        o.loss.extend(px, loss)
        o.train_acc.extend(px, acc)
        o.test_acc.extend(ex, test)
        for s in (o.loss, o.train_acc, o.test_acc):
            s.flush()
        self._update_range()

    def remove_overlay(self, key: str) -> None:
        o = self.overlays.pop(key, None)
        if o is None:
            return
        for s in (o.loss, o.train_acc, o.test_acc):
            self.plot.removeItem(s.item)
        self._rebuild_legend()
        self._update_range()

    def _free_colour(self) -> str:
        used = {o.colour for o in self.overlays.values()}
        for i in range(len(_OVERLAY)):
            c = _overlay_colour(self.theme, i)
            if c not in used:
                return c
        return _overlay_colour(self.theme, len(self.overlays))

    # ------------------------------------------------------------------ look & text

    def set_names(self, loss: str, train_acc: str, test_acc: str, epoch: str) -> None:
        """Translated legend names and the x-axis title."""
        self._names = (loss, train_acc, test_acc)
        self._axis_title = epoch
        self.plot.setLabel("bottom", epoch, **self._label_style())
        self._rebuild_legend()

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        for i, o in enumerate(self.overlays.values()):
            o.colour = _overlay_colour(theme, i)
            self._style_overlay(o)
        self._restyle()

    def _label_style(self) -> dict[str, str]:
        return {"color": self.theme.text, "font-size": f"{self._font().pointSizeF():.1f}pt"}

    def _font(self) -> QFont:
        f = QFont(self.font())
        if f.pointSizeF() <= 0:
            f.setPointSizeF(9 * self.font_scale)
        return f

    def _width(self) -> float:
        return max(self.theme.line_width * 1.2, 1.5) * max(1.0, self.font_scale * 0.75)

    def _restyle(self) -> None:
        t = self.theme
        self.plot.setBackground(QColor(t.background))
        font = self._font()
        item = self.plot.getPlotItem()
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setPen(pg.mkPen(t.muted, width=1))
            axis.setTextPen(pg.mkPen(t.text))
            axis.setTickFont(font)
        fm_height = font.pointSizeF() * 2.2
        item.getAxis("bottom").setHeight(int(fm_height * 1.8))
        item.getAxis("left").setWidth(int(fm_height * 2.0))
        self.plot.setLabel("bottom", getattr(self, "_axis_title", "epoch"), **self._label_style())
        loss_c, train_c, test_c = curve_colours(t)
        w = self._width()
        self.loss.item.setPen(pg.mkPen(loss_c, width=w))
        self.train_acc.item.setPen(pg.mkPen(train_c, width=w, style=Qt.PenStyle.DashLine))
        self.test_acc.item.setPen(pg.mkPen(test_c, width=w, style=Qt.PenStyle.DashDotLine))
        size = 6 + 3 * self.font_scale
        self.test_acc.item.setSymbol("o")
        self.test_acc.item.setSymbolSize(size)
        self.test_acc.item.setSymbolBrush(pg.mkBrush(test_c))
        self.test_acc.item.setSymbolPen(pg.mkPen(test_c))
        self.legend.setBrush(pg.mkBrush(QColor(t.surface).lighter(100)))
        self.legend.setPen(pg.mkPen(t.muted))
        self.legend.setLabelTextColor(QColor(t.text))
        self.legend.setLabelTextSize(f"{font.pointSizeF():.1f}pt")
        self._rebuild_legend()

    def _style_overlay(self, o: _Overlay) -> None:
        w = max(self._width() * 0.8, 1.2)
        o.loss.item.setPen(pg.mkPen(o.colour, width=w))
        o.train_acc.item.setPen(pg.mkPen(o.colour, width=w, style=Qt.PenStyle.DashLine))
        o.test_acc.item.setPen(pg.mkPen(o.colour, width=w, style=Qt.PenStyle.DashDotLine))
        o.test_acc.item.setSymbol("s")
        o.test_acc.item.setSymbolSize(4 + 3 * self.font_scale)
        o.test_acc.item.setSymbolBrush(pg.mkBrush(o.colour))
        o.test_acc.item.setSymbolPen(pg.mkPen(o.colour))

    def _rebuild_legend(self) -> None:
        self.legend.clear()
        for series, name in zip((self.loss, self.train_acc, self.test_acc), self._names):
            self.legend.addItem(series.item, name)
        for o in self.overlays.values():  # one entry a run: its lines are styled as above
            self.legend.addItem(o.loss.item, o.name)
