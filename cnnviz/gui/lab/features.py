"""FeatureMapsPanel: every layer's activations for one image, one small image per channel.

The activations come from :class:`cnnviz.core.features.FeatureExtractor` (run off the GUI
thread by the lab).  :class:`FeatureMosaic` paints all layers on one scrolling widget, only the
part on screen; clicking a channel of a convolution or pooling layer emits
:attr:`FeatureMosaic.channel_activated` so the lab can replay that computation in the stepper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.features import FeatureMap, FeatureResult
from cnnviz.core.graph import LayerGraph
from cnnviz.gui.drawer import flow_row
from cnnviz.gui.field_maps import FieldPanel
from cnnviz.gui.lab.colors import accent, format_value, lut, to_qimage
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["FeatureMapsPanel", "FeatureMosaic"]

VECTOR_COLUMNS = 128  # a vector output is drawn as rows of (at most) this many values


@dataclass(eq=False)
class _Block:
    """One layer's row on the mosaic."""

    fm: FeatureMap
    strip: QImage  # channels stacked vertically: (C·h) × w, or the vector as one image
    vector: bool
    cmap: str
    levels: tuple[float, float] | None  # the shared range (None: each channel its own)
    y: float = 0.0
    header_h: float = 0.0
    tile_w: float = 0.0
    tile_h: float = 0.0
    cols: int = 1
    rows: int = 1
    height: float = 0.0
    stats_h: float = 0.0  # batch norm: a second header line with the channel statistics


def _two(v: float) -> str:
    """Two decimals, without a minus sign on a zero (−0.001 reads 0.00)."""
    return f"{round(v, 2) + 0.0:.2f}".replace("-", "−")  # the minus sign of format_value


def _normalised(maps: np.ndarray, shared: bool) -> tuple[np.ndarray, str, tuple | None]:
    """(C, h, w) values → LUT indices, the colour map and the shared range (or None)."""
    if shared:
        lo, hi = float(np.nanmin(maps)), float(np.nanmax(maps))
        if lo < 0 < hi:
            m = max(-lo, hi)
            lo, hi, cmap = -m, m, "diverging"
        else:
            cmap = "viridis"
        span = hi - lo if hi > lo else 1.0
        scaled = (maps - lo) / span
        levels: tuple | None = (lo, hi)
    else:
        lo = maps.min(axis=(1, 2), keepdims=True)
        hi = maps.max(axis=(1, 2), keepdims=True)
        span = np.where(hi > lo, hi - lo, 1.0)
        scaled = (maps - lo) / span
        cmap, levels = "viridis", None
    idx = np.clip(np.round(np.nan_to_num(scaled) * 255), 0, 255).astype(np.intp)
    return idx, cmap, levels


class FeatureMosaic(QWidget):
    """All layers, top to bottom: a header line and a grid of channel images each."""

    channel_activated = Signal(str, int)  # layer name, channel
    cell_clicked = Signal(str, int, int, int)  # receptive-field mode: layer, channel, row, col

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self.shared = False
        self.result: FeatureResult | None = None
        self.blocks: list[_Block] = []
        self.selected: tuple[str, int] | None = None
        self.click_hint = ""
        self.field_mode = False  # a click picks a cell (its receptive field), not a channel
        self.stats_text = "{n} {m0} {m1} {s0} {s1}"
        self.field_hint = ""
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def set_result(self, result: FeatureResult | None) -> None:
        self.result = result
        self.selected = None
        self._build()

    def set_shared(self, shared: bool) -> None:
        self.shared = shared
        self._build()

    def layer_names(self) -> list[str]:
        return [b.fm.name for b in self.blocks]

    def set_stats_text(self, text: str) -> None:
        """The words of a batch-norm row's statistics (a template of n, m0, m1, s0, s1)."""
        self.stats_text = text
        self._layout()

    def _stats(self, b: _Block) -> str:
        """A batch-norm row's channel statistics in words."""
        assert b.fm.channel_stats
        means = [m for m, _ in b.fm.channel_stats]
        sds = [sd for _, sd in b.fm.channel_stats]
        return self.stats_text.format(
            n=f"{b.fm.stats_count:,}", m0=_two(min(means)), m1=_two(max(means)),
            s0=_two(min(sds)), s1=_two(max(sds)),
        )  # fmt: skip

    def layer_top(self, name: str) -> float | None:
        """Where layer ``name``'s row starts (its header), None when it is not shown."""
        return next((b.y for b in self.blocks if b.fm.name == name), None)

    def _build(self) -> None:
        self.blocks = []
        if self.result is not None:
            for fm in self.result.maps:
                maps = fm.maps.numpy().astype(np.float64)
                C, h, w = maps.shape
                vector = h == 1 and w == 1
                if vector:
                    values = maps.reshape(-1)
                    cols = min(C, VECTOR_COLUMNS)
                    rows = math.ceil(C / cols)
                    grid = np.full(rows * cols, np.nan)
                    grid[:C] = values
                    idx, cmap, levels = _normalised(grid.reshape(1, rows, cols), True)
                    rgba = lut(cmap)[idx[0]]
                    rgba[np.isnan(grid.reshape(rows, cols))] = 0
                else:
                    idx, cmap, levels = _normalised(maps, self.shared)
                    rgba = lut(cmap)[idx].reshape(C * h, w, 4)
                self.blocks.append(
                    _Block(fm, to_qimage(np.ascontiguousarray(rgba)), vector, cmap, levels)
                )
        self._layout()
        self.update()

    # ------------------------------------------------------------------ layout

    def _fonts(self) -> tuple[QFont, QFont]:
        header = QFont(self.font())
        header.setBold(True)
        small = QFont(self.font())
        base = small.pointSizeF() if small.pointSizeF() > 0 else 9.0
        small.setPointSizeF(base * 0.9)
        return header, small

    def _layout(self) -> None:
        fs = self.font_scale
        header_font, small_font = self._fonts()
        fm = QFontMetricsF(header_font)
        m, gap = 10 * fs, max(2.0, 3 * fs)
        avail = max(self.width() - 2 * m, 50.0)
        y = m
        for b in self.blocks:
            b.stats_h = 0.0
            if b.fm.channel_stats:  # wrapped onto as many lines as the width needs
                lines = QFontMetricsF(small_font).boundingRect(
                    QRectF(0, 0, avail, 1e6), int(Qt.TextFlag.TextWordWrap), self._stats(b)
                )
                b.stats_h = lines.height() + QFontMetricsF(small_font).height() * 0.3
            b.header_h = fm.height() * 1.5 + b.stats_h
            b.y = y
            C, h, w = b.fm.maps.shape
            if b.vector:
                cols = min(C, VECTOR_COLUMNS)
                rows = math.ceil(C / cols)
                cell = max(2.0, min(22 * fs, avail / cols, 160 * fs / rows))  # short blocks
                b.cols, b.rows = 1, 1
                b.tile_w, b.tile_h = cols * cell, rows * cell
            else:
                t = min(100 * fs, max(24 * fs, 2.0 * max(h, w) * fs))
                # layers with many channels get smaller tiles: about four rows at most
                per_row = math.ceil(C / 4)
                t = max(min(t, (avail + gap) / per_row - gap), 14 * fs)
                b.tile_w, b.tile_h = (t, t * h / w) if w >= h else (t * w / h, t)
                b.cols = max(1, min(C, int((avail + gap) // (b.tile_w + gap))))
                b.rows = math.ceil(C / b.cols)
            b.height = b.header_h + b.rows * (b.tile_h + gap) + 8 * fs
            y += b.height
        self.setMinimumHeight(int(y + m))

    def resizeEvent(self, event) -> None:
        self._layout()
        super().resizeEvent(event)

    def tile_rect(self, name: str, channel: int) -> QRectF:
        """Where channel ``channel`` of layer ``name`` is drawn; KeyError if not shown."""
        for b in self.blocks:
            if b.fm.name == name:
                return self._tile(b, channel)
        raise KeyError(name)

    def _tile(self, b: _Block, c: int) -> QRectF:
        fs = self.font_scale
        m, gap = 10 * fs, max(2.0, 3 * fs)
        r, q = divmod(c, b.cols)
        return QRectF(
            m + q * (b.tile_w + gap), b.y + b.header_h + r * (b.tile_h + gap), b.tile_w, b.tile_h
        )

    def hit(self, pos: QPointF) -> tuple[_Block, int] | None:
        for b in self.blocks:
            if b.y <= pos.y() < b.y + b.height:
                if b.vector:
                    return None
                for c in range(b.fm.channels):
                    if self._tile(b, c).contains(pos):
                        return b, c
                return None
        return None

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        clip = QRectF(event.rect())
        p.fillRect(event.rect(), QColor(self.theme.background))
        header_font, small_font = self._fonts()
        fs = self.font_scale
        text, muted = QColor(self.theme.text), QColor(self.theme.muted)
        frame = QColor(self.theme.muted)
        frame.setAlpha(120)
        for b in self.blocks:
            if b.y > clip.bottom() or b.y + b.height < clip.top():
                continue
            hr = QRectF(10 * fs, b.y, self.width() - 20 * fs, b.header_h - b.stats_h)
            if hr.intersects(clip):
                p.setFont(header_font)
                p.setPen(text)
                shape = "×".join(str(s) for s in b.fm.shape)
                head = f"{b.fm.name} · {b.fm.op} · {shape}"
                p.drawText(hr, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, head)
                x = hr.left() + QFontMetricsF(header_font).horizontalAdvance(head) + 14 * fs
                p.setFont(small_font)
                p.setPen(muted)
                rng = f"[{format_value(b.fm.lo)} … {format_value(b.fm.hi)}]"
                if b.levels is not None:
                    bar = QRectF(x, hr.center().y() - 5 * fs, 70 * fs, 10 * fs)
                    grad = QLinearGradient(bar.topLeft(), bar.topRight())
                    table = lut(b.cmap)
                    for k in range(0, 256, 51):
                        grad.setColorAt(k / 255, QColor(*table[k]))
                    grad.setColorAt(1.0, QColor(*table[255]))
                    p.fillRect(bar, grad)
                    x = bar.right() + 6 * fs
                note = rng
                if b.fm.channel_stats:  # on lines of their own: a slide reads them out
                    p.drawText(
                        QRectF(hr.left(), hr.bottom(), hr.width(), b.stats_h),
                        int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                        | int(Qt.TextFlag.TextWordWrap),
                        self._stats(b),
                    )
                if self.field_mode and self._spatial(b):
                    note += "   " + self.field_hint
                elif b.fm.steppable and not self.field_mode:
                    note += "   " + self.click_hint
                p.drawText(
                    QRectF(x, hr.top(), hr.right() - x, hr.height()),
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                    note,
                )
            C, h, w = b.fm.maps.shape
            if b.vector:
                r = self._tile(b, 0)
                if r.intersects(clip):
                    p.drawImage(r, b.strip)
                continue
            pen = QPen(frame, 1)
            for c in range(C):
                r = self._tile(b, c)
                if not r.intersects(clip):
                    continue
                p.drawImage(r, b.strip, QRectF(0, c * h, w, h))
                if r.width() >= 16:
                    p.setPen(pen)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRect(r)
        if self.selected is not None:
            try:
                r = self.tile_rect(*self.selected)
            except KeyError:
                r = None
            if r is not None and r.intersects(clip):
                p.setPen(QPen(accent(self.theme, "window"), max(2.0, 3 * fs)))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(r.adjusted(-2, -2, 2, 2))
        p.end()

    # ------------------------------------------------------------------ mouse

    @staticmethod
    def _spatial(b: _Block) -> bool:
        return len(b.fm.shape) == 3 and not b.vector

    def channel_image(self, name: str, channel: int) -> QImage | None:
        """The image drawn for one channel of layer ``name`` (None for vectors or unknown)."""
        for b in self.blocks:
            if b.fm.name == name and not b.vector:
                C, h, w = b.fm.maps.shape
                return b.strip.copy(0, min(channel, C - 1) * h, w, h)
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton and self.field_mode:
            b, c = hit
            if self._spatial(b):
                r = self._tile(b, c)
                _, H, W = b.fm.shape
                row = min(int((event.position().y() - r.top()) / r.height() * H), H - 1)
                col = min(int((event.position().x() - r.left()) / r.width() * W), W - 1)
                self.selected = (b.fm.name, c)
                self.update()
                self.cell_clicked.emit(b.fm.name, c, row, col)
        elif hit is not None and event.button() == Qt.MouseButton.LeftButton:
            b, c = hit
            if b.fm.steppable:
                self.selected = (b.fm.name, c)
                self.update()
                self.channel_activated.emit(b.fm.name, c)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.hit(event.position())
        steppable = hit is not None and (
            self._spatial(hit[0]) if self.field_mode else hit[0].fm.steppable
        )
        self.setCursor(
            Qt.CursorShape.PointingHandCursor if steppable else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            hit = self.hit(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                b, c = hit
                ch = b.fm.maps[c]
                text = self.tr("{name} ({op}), channel {c}: {lo} … {hi}").format(
                    name=b.fm.name,
                    op=b.fm.op,
                    c=c,
                    lo=format_value(float(ch.min())),
                    hi=format_value(float(ch.max())),
                )
                if b.fm.steppable:
                    text += "\n" + self.click_hint
                QToolTip.showText(event.globalPos(), text, self, QRect())
            return True
        return super().event(event)

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        self._layout()
        self.update()


class FeatureMapsPanel(QWidget):
    """Status line, colour-scale choice and the scrolling :class:`FeatureMosaic`."""

    recompute_requested = Signal()
    bn_mode_chosen = Signal(str)  # "train" or "eval"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.scale_label = QLabel(self)
        self.scale = QComboBox(self)
        self.scale.addItem("", "channel")
        self.scale.addItem("", "shared")
        self.scale.currentIndexChanged.connect(self._on_scale)
        self.btn_recompute = QPushButton(self)
        self.btn_recompute.clicked.connect(self.recompute_requested)
        self.bn_label = QLabel(self)
        self.bn_mode = QComboBox(self)
        self.bn_mode.setObjectName("bn_mode")
        self.bn_mode.addItem("", "eval")
        self.bn_mode.addItem("", "train")
        self.bn_mode.currentIndexChanged.connect(
            lambda _i: self.bn_mode_chosen.emit(self.bn_mode.currentData())
        )
        self.field_toggle = QCheckBox(self)
        self.field_toggle.setObjectName("field_toggle")
        self.field_toggle.toggled.connect(self.show_fields)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        self.mosaic = FeatureMosaic(self)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.mosaic)
        self._focus: str | None = None  # a layer to scroll to when the maps arrive
        self.field_panel = FieldPanel(self)
        self.field_panel.hide()
        self.mosaic.cell_clicked.connect(self._on_cell_clicked)
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.addWidget(self.scroll)
        self.split.addWidget(self.field_panel)
        self.split.setChildrenCollapsible(False)
        self.bn_pair = self._pair(self.bn_label, self.bn_mode)  # shown for networks with BN
        # the controls wrap onto a second row when narrow (a label stays with its choice)
        controls = flow_row(
            self,
            [
                self._pair(self.scale_label, self.scale),
                self.bn_pair,
                self.field_toggle,
                self.btn_recompute,
            ],
        )
        controls.layout().setContentsMargins(8, 0, 0, 0)  # off the window's edge
        # what a handout shows: the status, the notes and the maps, not the controls
        self.body = QWidget(self)
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        self.status.setContentsMargins(8, 0, 0, 0)
        body.addWidget(self.status)
        self.notes.setContentsMargins(8, 0, 0, 0)
        body.addWidget(self.notes)
        body.addWidget(self.split, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(controls)
        lay.addWidget(self.body, 1)
        self.retranslate()

    def _pair(self, label: QLabel, choice: QWidget) -> QWidget:
        pair = QWidget(self)
        row = QHBoxLayout(pair)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(choice)
        return pair

    def _on_scale(self, _index: int) -> None:
        self.mosaic.set_shared(self.scale.currentData() == "shared")

    def show_fields(self, on: bool) -> None:
        """Receptive-field mode: a click on a map picks a cell and draws what it depends on."""
        if self.field_toggle.isChecked() != on:
            self.field_toggle.setChecked(on)
            return
        self.mosaic.field_mode = on
        self.field_panel.setVisible(on)
        if on:
            total = max(sum(self.split.sizes()), 2)
            self.split.setSizes([total - total * 2 // 5, total * 2 // 5])
        self.mosaic.update()

    def show_bn_mode(self, mode: str) -> None:
        """Show ``mode`` in the batch-norm choice without emitting :attr:`bn_mode_chosen`."""
        blocked = self.bn_mode.blockSignals(True)
        self.bn_mode.setCurrentIndex(max(self.bn_mode.findData(mode), 0))
        self.bn_mode.blockSignals(blocked)

    def set_graph(self, graph: LayerGraph | None) -> None:
        """The network's graph, for the receptive fields of its maps."""
        if graph is not self.field_panel.graph:
            self.field_panel.set_graph(graph)

    def _on_cell_clicked(self, name: str, channel: int, row: int, col: int) -> None:
        self.field_panel.images = {
            b.fm.name: img
            for b in self.mosaic.blocks
            if (img := self.mosaic.channel_image(b.fm.name, channel if b.fm.name == name else 0))
            is not None
        }
        self.field_panel.set_layer(name, (row, col))

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def focus_layer(self, name: str) -> None:
        """Scroll layer ``name``'s row to the top, now or when the maps that have it arrive."""
        self._focus = name
        self._scroll_to_focus()

    def _scroll_to_focus(self) -> None:
        top = self.mosaic.layer_top(self._focus) if self._focus else None
        if top is None:
            return
        self._focus = None  # once: the user scrolls freely afterwards
        # the scroll area learns the maps' new height from their resize (an event filter),
        # which would otherwise come with the next layout pass, after this scroll
        self.mosaic.resize(self.mosaic.width(), max(self.mosaic.minimumHeight(), 1))
        self.scroll.verticalScrollBar().setValue(int(top))

    def set_result(self, result: FeatureResult | None, notes: str = "") -> None:
        self.mosaic.set_result(result)
        self._scroll_to_focus()
        has_bn = result is not None and any(m.channel_stats is not None for m in result.maps)
        self.bn_pair.setVisible(has_bn)
        self.notes.setText(notes)
        self.notes.setVisible(bool(notes))

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.mosaic.set_style(theme, font_scale)
        self.field_panel.set_style(theme, font_scale)

    def retranslate(self) -> None:
        self.scale_label.setText(self.tr("Colour scale"))
        self.scale.setItemText(0, self.tr("each channel its own"))
        self.scale.setItemText(1, self.tr("shared by the layer"))
        self.btn_recompute.setText(self.tr("Compute again"))
        self.mosaic.click_hint = self.tr("click a channel to step through it")
        self.mosaic.field_hint = self.tr("click a cell to see its receptive field")
        self.bn_label.setText(self.tr("Batch norm"))
        self.bn_mode.setItemText(0, self.tr("evaluation: running averages"))
        self.bn_mode.setItemText(1, self.tr("training: this batch's statistics"))
        self.bn_mode.setToolTip(
            self.tr(
                "Training mode normalises each channel with the mean and standard deviation of "
                "a batch: this image and 63 Fashion-MNIST test images"
            )
        )
        self.mosaic.set_stats_text(
            self.tr("per channel over {n} values: mean {m0} … {m1}, standard deviation {s0} … {s1}")
        )
        self.field_toggle.setText(self.tr("Receptive fields"))
        self.field_toggle.setToolTip(
            self.tr(
                "Click a cell of a map to see which pixels of the input and of every map "
                "before it the cell depends on"
            )
        )
        self.field_panel.retranslate()
        self.mosaic.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
