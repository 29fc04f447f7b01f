"""The receptive field of one output cell, drawn on the input and on every map in between.

:class:`FieldPanel` is shared by the architecture view (maps drawn as grids of cells) and the
lab's feature maps (maps drawn as the images the network computed). It asks the core what to
draw — :func:`cnnviz.core.receptive.field_path` picks the maps, a layer's
:class:`~cnnviz.core.receptive.ReceptiveField` gives the boxes — and shows:

- one map per layer on the path, left to right, the last one the layer whose cell is chosen;
- on each map the cells the chosen cell depends on, filled; on the input also the unclipped
  window as a dashed frame where it reaches into the padding;
- a caption with the numbers: the field's size, its jump and its start.

Clicking a cell of the last map, or the arrow keys, chooses another cell
(:attr:`FieldPanel.cell_changed`).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from cnnviz.core.graph import LayerGraph
from cnnviz.core.receptive import ReceptiveField, field_path, receptive_fields
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["FieldMap", "FieldMaps", "FieldPanel"]


@dataclass
class FieldMap:
    """One map of the path: its title, its size in cells and what to highlight on it."""

    title: str
    cells: tuple[int, int]  # (H, W)
    box: tuple[int, int, int, int]  # (top, left, bottom, right) cells the chosen cell needs
    window: tuple[int, int, int, int] | None = None  # unclipped (input only), may leave it
    image: QImage | None = None  # drawn under the cells (the lab's feature maps)


class FieldMaps(QWidget):
    """The maps side by side; the last is the one a cell is chosen on."""

    cell_clicked = Signal(int, int)  # row, col on the last map
    cell_moved = Signal(int, int)  # drow, dcol from the arrow keys

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maps: list[FieldMap] = []
        self.chosen: tuple[int, int] | None = None
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(120)

    def sizeHint(self) -> QSize:
        return QSize(640, 260)

    def set_maps(self, maps: list[FieldMap], chosen: tuple[int, int] | None) -> None:
        self.maps, self.chosen = maps, chosen
        self.update()

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        self.update()

    # ------------------------------------------------------------------ geometry

    def _title_font(self) -> QFont:
        f = QFont(self.font())
        f.setBold(True)
        return f

    def map_rects(self) -> list[QRectF]:
        """Where each map's cells are drawn (widget coordinates)."""
        n = len(self.maps)
        if not n:
            return []
        fs = self.font_scale
        gap, margin = 18 * fs, 8 * fs
        title_h = QFontMetricsF(self._title_font()).height() * 2.4  # two lines of title
        avail_w = max(self.width() - 2 * margin - gap * (n - 1), 40.0)
        avail_h = max(self.height() - 2 * margin - title_h, 20.0)
        # every map drawn at the same side: each is its layer's extent on screen
        aspects = [m.cells[1] / max(m.cells[0], 1) for m in self.maps]
        side = min(avail_h, avail_w / sum(aspects))
        rects, x = [], margin + (avail_w - side * sum(aspects)) / 2
        for a in aspects:
            rects.append(QRectF(x, margin + title_h, side * a, side))
            x += side * a + gap
        return rects

    def cell_size(self, index: int) -> float:
        """Pixels per cell of map ``index``."""
        r = self.map_rects()[index]
        return r.height() / max(self.maps[index].cells[0], 1)

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        th, fs = self.theme, self.font_scale
        p.fillRect(self.rect(), QColor(th.background))
        text, muted = QColor(th.text), QColor(th.muted)
        accent = QColor(th.selection)
        fill = QColor(accent)
        fill.setAlpha(110)
        title_font = self._title_font()
        fm = QFontMetricsF(title_font)
        for k, (m, r) in enumerate(zip(self.maps, self.map_rects(), strict=True)):
            h, w = m.cells
            cell = r.height() / max(h, 1)
            p.setFont(title_font)
            p.setPen(text)
            tr = QRectF(r.left() - 8 * fs, r.top() - fm.height() * 2.3, r.width() + 16 * fs,
                        fm.height() * 2.2)  # fmt: skip
            p.drawText(tr, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom
                       | Qt.TextFlag.TextWordWrap, m.title)  # fmt: skip
            if m.image is not None:
                p.drawImage(r, m.image)
            else:
                p.fillRect(r, QColor(th.surface))
            if cell >= 5:
                grid = QColor(muted)
                grid.setAlpha(70)
                p.setPen(QPen(grid, 1))
                for i in range(1, h):
                    y = r.top() + i * cell
                    p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
                for j in range(1, w):
                    x = r.left() + j * cell
                    p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()))
            p.setPen(QPen(muted, max(1.0, fs)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(r)
            t, lft, b, rt = m.box
            box = QRectF(r.left() + lft * cell, r.top() + t * cell, (rt - lft) * cell,
                         (b - t) * cell)  # fmt: skip
            p.fillRect(box, fill)
            p.setPen(QPen(accent, max(2.0, 3 * fs)))
            p.drawRect(box)
            if m.window is not None and m.window != m.box:
                t, lft, b, rt = m.window
                win = QRectF(r.left() + lft * cell, r.top() + t * cell, (rt - lft) * cell,
                             (b - t) * cell)  # fmt: skip
                pen = QPen(accent, max(1.5, 2 * fs), Qt.PenStyle.DashLine)
                p.setPen(pen)
                p.save()  # into the padding, but never over the map's title
                p.setClipRect(QRectF(0, r.top() - 4 * fs, self.width(), self.height()))
                p.drawRect(win)
                p.restore()
            if k == len(self.maps) - 1 and self.chosen is not None:
                i, j = self.chosen
                c = QRectF(r.left() + j * cell, r.top() + i * cell, cell, cell)
                p.setPen(QPen(QColor(th.text), max(2.0, 3 * fs)))
                p.drawRect(c.adjusted(-1, -1, 1, 1))
        if not self.maps:
            p.setPen(muted)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Select a layer."))
        p.end()

    # ------------------------------------------------------------------ input

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        """The cell of the last map under ``pos``, or None."""
        if not self.maps:
            return None
        r = self.map_rects()[-1]
        if not r.contains(pos):
            return None
        h, w = self.maps[-1].cells
        cell = r.height() / max(h, 1)
        return (min(int((pos.y() - r.top()) / cell), h - 1),
                min(int((pos.x() - r.left()) / cell), w - 1))  # fmt: skip

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.cell_at(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cell_clicked.emit(*hit)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
            Qt.Key.Key_Up: (-1, 0),
            Qt.Key.Key_Down: (1, 0),
        }
        move = moves.get(Qt.Key(event.key()))
        if move is None:
            super().keyPressEvent(event)
            return
        self.cell_moved.emit(*move)


class FieldPanel(QWidget):
    """A caption with the numbers above :class:`FieldMaps`, for one layer of one graph."""

    cell_changed = Signal(int, int)  # the chosen cell of the layer

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.maps = FieldMaps(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.caption)
        layout.addWidget(self.maps, 1)
        self.graph: LayerGraph | None = None
        self._fields: dict[int, ReceptiveField] = {}
        self.layer: int | None = None  # node index
        self.cell: tuple[int, int] = (0, 0)
        self.images: dict[str, QImage] = {}  # by layer name: what to draw under the cells
        self.maps.cell_clicked.connect(self.set_cell)
        self.maps.cell_moved.connect(self._move)

    def set_graph(self, graph: LayerGraph | None) -> None:
        """The graph whose layers the panel follows; fields are computed once per graph."""
        self.graph = graph
        self._fields = {}
        if graph is not None:
            try:
                self._fields = receptive_fields(graph)
            except ValueError:
                self._fields = {}
        self.layer = None
        self._refresh()

    @property
    def field(self) -> ReceptiveField | None:
        return None if self.layer is None else self._fields.get(self.layer)

    def set_layer(self, name: str | None, cell: tuple[int, int] | None = None) -> bool:
        """Follow layer ``name`` (None: none); the cell is kept inside its map. False when the
        graph has no such layer or the layer has no field (a graph without an image input)."""
        if name is None or self.graph is None:
            self.layer = None
            self._refresh()
            return name is None
        node = next((n for n in self.graph.nodes if n.name == name), None)
        if node is None or node.index not in self._fields:
            self.layer = None
            self._refresh()
            return False
        self.layer = node.index
        if cell is not None:
            self.cell = cell
        self._clamp()
        self._refresh()
        return True

    def set_cell(self, row: int, col: int) -> None:
        self.cell = (row, col)
        self._clamp()
        self._refresh()
        self.cell_changed.emit(*self.cell)

    def _move(self, drow: int, dcol: int) -> None:
        self.set_cell(self.cell[0] + drow, self.cell[1] + dcol)

    def _clamp(self) -> None:
        f = self.field
        if f is None:
            return
        h, w = f.cells
        self.cell = (min(max(self.cell[0], 0), h - 1), min(max(self.cell[1], 0), w - 1))

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.maps.set_style(theme, font_scale)

    def retranslate(self) -> None:
        self._refresh()

    def _title(self, index: int) -> str:
        assert self.graph is not None
        node = self.graph.nodes[index]
        shape = node.output_shape
        size = "×".join(str(s) for s in shape[2:]) if len(shape) == 4 else ""
        if node.kind == "input":
            return self.tr("input {size}").format(size=size)
        return f"{node.name} · {node.op} {size}".strip()

    def _refresh(self) -> None:
        f, graph = self.field, self.graph
        if f is None or graph is None or self.layer is None:
            self.maps.set_maps([], None)
            self.caption.setText(
                self.tr("Select a layer to see the receptive field of its cells.")
                if graph is not None
                else ""
            )
            return
        row, col = self.cell
        maps = []
        for i in field_path(graph, self.layer):
            other = self._fields[i]
            node = graph.nodes[i]
            if i == self.layer:
                box = (row, col, row + 1, col + 1)
            else:
                box = f.cells_on(row, col, other)
            window = f.window(row, col) if node.kind == "input" and not f.whole else None
            if node.kind == "input" and f.whole:
                box = f.seen
            maps.append(
                FieldMap(self._title(i), other.cells, box, window, self.images.get(node.name))
            )
        self.maps.set_maps(maps, (row, col))
        node = graph.nodes[self.layer]
        if f.whole:
            self.caption.setText(
                self.tr(
                    "{layer} ({op}) has no map of cells: each of its values depends on the "
                    "whole {h}×{w} image."
                ).format(
                    layer=node.name, op=node.op, h=f.seen[2] - f.seen[0], w=f.seen[3] - f.seen[1]
                )
            )
            return
        top, left, bottom, right = f.clipped(row, col)
        self.caption.setText(
            self.tr(
                "Cell ({row}, {col}) of {layer} ({op}) sees rows {top}–{bottom} and columns "
                "{left}–{right} of the input: a receptive field of {fh}×{fw}, neighbouring cells "
                "{jh} pixels apart (jump), the first field starting at ({sh}, {sw})."
            ).format(
                row=row,
                col=col,
                layer=node.name,
                op=node.op,
                top=top,
                bottom=bottom - 1,
                left=left,
                right=right - 1,
                fh=f.size[0],
                fw=f.size[1],
                jh=f.jump[0],
                sh=str(f.start[0]).replace("-", "−"),  # the minus sign, as elsewhere
                sw=str(f.start[1]).replace("-", "−"),
            )
        )
