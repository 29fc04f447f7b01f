"""The graph as a QGraphicsScene: boxes, frames and arrows placed by :mod:`cnnviz.core.layout`."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from cnnviz.core.graph import LayerGraph, LayerNode
from cnnviz.core.layout import Box, Frame, Layout, LayoutOptions, layout_graph, shape_text
from cnnviz.core.summary import human
from cnnviz.gui import i18n
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["BoxItem", "EdgeItem", "FrameItem", "GraphScene", "node_details_html"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("GraphScene", text)


class SceneFonts:
    """The three fonts of the drawing, at a given scale (presentation mode)."""

    def __init__(self, base: QFont, scale: float) -> None:
        size = max(base.pointSizeF(), 9.0) * scale
        self.title = QFont(base)
        self.title.setPointSizeF(size)
        self.title.setBold(True)
        self.body = QFont(base)
        self.body.setPointSizeF(size * 0.92)
        self.frame = QFont(base)
        self.frame.setPointSizeF(size * 0.92)
        self.frame.setBold(True)
        self._metrics = {
            "title": QFontMetricsF(self.title),
            "body": QFontMetricsF(self.body),
            "frame": QFontMetricsF(self.frame),
        }

    def measure(self, role: str, text: str) -> tuple[float, float]:
        m = self._metrics[role]
        # a little slack: the same text can render a pixel wider at another device ratio
        return (m.horizontalAdvance(text) + 2.0, m.height())

    def metrics(self, role: str) -> QFontMetricsF:
        return self._metrics[role]


class BoxItem(QGraphicsItem):
    """A layer or a folded block: a rounded box with a title line and a shape line."""

    def __init__(self, box: Box, scene: GraphScene) -> None:
        super().__init__()
        self.box = box
        self._scene = scene
        self.setPos(box.x, box.y)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setToolTip(scene.tooltip_for(box))
        if box.block is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def boundingRect(self) -> QRectF:
        lw = self._scene.line_width
        extra = 4 if self.box.block is not None else 0  # the folded block's second border
        return QRectF(-lw, -lw, self.box.w + 2 * lw + extra, self.box.h + 2 * lw + extra)

    def rect(self) -> QRectF:
        return QRectF(0, 0, self.box.w, self.box.h)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        s = self._scene
        theme = s.theme
        fill = QColor(theme.kind_fill.get(self.box.kind, theme.kind_fill["other"]))
        selected = self.isSelected()
        pen = QPen(QColor(theme.selection if selected else theme.edge))
        pen.setWidthF(s.line_width * (2.2 if selected else 1.0))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        painter.setBrush(QBrush(fill))
        radius = 6 * s.scale
        if self.box.block is not None:  # a folded block: a double border says "more inside"
            painter.drawRoundedRect(self.rect().adjusted(3, 3, 3, 3), radius, radius)
        painter.drawRoundedRect(self.rect(), radius, radius)
        painter.setPen(QColor(theme.node_text))
        opt = s.options
        title_h = s.fonts.metrics("title").height()
        x = opt.s(opt.pad_x)
        y = opt.s(opt.pad_y)
        w = self.box.w - 2 * x
        painter.setFont(s.fonts.title)
        painter.drawText(QRectF(x, y, w, title_h), Qt.AlignmentFlag.AlignCenter, self.box.lines[0])
        painter.setFont(s.fonts.body)
        body_h = s.fonts.metrics("body").height()
        painter.drawText(
            QRectF(x, y + title_h + opt.s(opt.line_gap), w, body_h),
            Qt.AlignmentFlag.AlignCenter,
            self.box.lines[1],
        )

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mousePressEvent(event)
        self._scene.box_clicked.emit(self.box.key)

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)
        if self.box.block is not None:
            self._scene.unfold_requested.emit(self.box.block)


class FrameItem(QGraphicsItem):
    """An unfolded block: a dashed frame; its title (a separate item drawn above the arrows)
    folds it when clicked."""

    def __init__(self, frame: Frame, scene: GraphScene) -> None:
        super().__init__()
        self.frame = frame
        self._scene = scene
        self.setPos(frame.x, frame.y)
        self.setZValue(-10 + frame.depth)
        self.title_item = FrameTitleItem(self, scene)

    def boundingRect(self) -> QRectF:
        lw = self._scene.line_width
        return QRectF(-lw, -lw, self.frame.w + 2 * lw, self.frame.h + 2 * lw)

    def rect(self) -> QRectF:
        return QRectF(0, 0, self.frame.w, self.frame.h)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        s = self._scene
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(s.theme.frame))
        pen.setWidthF(s.line_width)
        pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(s.theme.frame_fill)))
        painter.drawRoundedRect(self.rect(), 8 * s.scale, 8 * s.scale)


class FrameTitleItem(QGraphicsItem):
    """A frame's title on a filled label, above the arrows that pass under it."""

    def __init__(self, frame_item: FrameItem, scene: GraphScene) -> None:
        super().__init__()
        self.frame_item = frame_item
        self._scene = scene
        f = frame_item.frame
        pad = scene.options.s(scene.options.frame_pad)
        self.text_w = scene.fonts.measure("frame", f.title)[0]
        self.setPos(f.x + pad * 0.6, f.y + pad * 0.35)
        self.setZValue(8)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(QCoreApplication.translate("GraphScene", "Click to fold this block"))

    def rect(self) -> QRectF:
        pad = self._scene.options.s(self._scene.options.frame_pad)
        return QRectF(0, 0, self.text_w + pad * 0.8, self.frame_item.frame.title_h + pad * 0.3)

    def boundingRect(self) -> QRectF:
        return self.rect()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        s = self._scene
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(QColor(s.theme.frame_fill)))
        painter.drawRoundedRect(self.rect(), 4 * s.scale, 4 * s.scale)
        painter.setPen(QColor(s.theme.text))
        painter.setFont(s.fonts.frame)
        painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.frame_item.frame.title)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self._scene.fold_requested.emit(self.frame_item.frame.block)
        event.accept()


class EdgeItem(QGraphicsPathItem):
    """An arrow along the routed polyline, head at the target."""

    def __init__(self, points: list[tuple[float, float]], scene: GraphScene) -> None:
        super().__init__()
        self.points = [QPointF(x, y) for x, y in points]
        path = QPainterPath(self.points[0])
        for p in self.points[1:]:
            path.lineTo(p)
        # arrow head
        tip, before = self.points[-1], self.points[-2]
        d = tip - before
        length = max((d.x() ** 2 + d.y() ** 2) ** 0.5, 1e-6)
        ux, uy = d.x() / length, d.y() / length
        size = 7 * scene.scale
        left = QPointF(
            tip.x() - ux * size - uy * size * 0.55, tip.y() - uy * size + ux * size * 0.55
        )
        right = QPointF(
            tip.x() - ux * size + uy * size * 0.55, tip.y() - uy * size - ux * size * 0.55
        )
        path.moveTo(tip)
        path.lineTo(left)
        path.moveTo(tip)
        path.lineTo(right)
        self.setPath(path)
        pen = QPen(QColor(scene.theme.edge))
        pen.setWidthF(scene.line_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.setPen(pen)
        self.setZValue(5)


class GraphScene(QGraphicsScene):
    """Draws one :class:`LayerGraph` with a set of unfolded blocks."""

    box_clicked = Signal(str)  # box key
    unfold_requested = Signal(str)  # block name
    fold_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph: LayerGraph | None = None
        self.layout_: Layout | None = None
        self.theme: Theme = get_theme("light")
        self.scale = 1.0
        self.options = LayoutOptions()
        self.fonts = SceneFonts(QFont(), 1.0)
        self.box_items: dict[str, BoxItem] = {}
        self.frame_items: dict[str, FrameItem] = {}
        self.edge_items: list[EdgeItem] = []

    @property
    def line_width(self) -> float:
        return self.theme.line_width * max(1.0, self.scale * 0.8)

    def set_style(self, theme: Theme, scale: float, base_font: QFont | None = None) -> None:
        self.theme, self.scale = theme, scale
        self.options = LayoutOptions(scale=scale)
        self.fonts = SceneFonts(base_font or QFont(), scale)
        self.setBackgroundBrush(QColor(theme.background))

    def rebuild(self, graph: LayerGraph | None, expanded: set[str], group_repeats: bool) -> None:
        """Lay out and draw ``graph`` afresh (cheap: a few ms for the largest zoo graph)."""
        self.clear()
        self.box_items.clear()
        self.frame_items.clear()
        self.edge_items.clear()
        self.graph = graph
        self.setBackgroundBrush(QColor(self.theme.background))
        if graph is None:
            self.layout_ = None
            self.setSceneRect(QRectF(0, 0, 10, 10))
            return
        self.layout_ = layout_graph(
            graph, expanded, self.fonts.measure, self.options, group_repeats=group_repeats,
            language=i18n.current_language(),
        )  # fmt: skip
        for f in self.layout_.frames.values():
            item = FrameItem(f, self)
            self.addItem(item)
            self.addItem(item.title_item)
            self.frame_items[f.block] = item
        for e in self.layout_.edges:
            item = EdgeItem(e.points, self)
            self.addItem(item)
            self.edge_items.append(item)
        for b in self.layout_.boxes.values():
            item = BoxItem(b, self)
            item.setZValue(10)
            self.addItem(item)
            self.box_items[b.key] = item
        self.setSceneRect(QRectF(0, 0, self.layout_.width, self.layout_.height))

    def tooltip_for(self, box: Box) -> str:
        g = self.graph
        assert g is not None
        if box.node is not None:
            return node_details_html(g.nodes[box.node])
        b = g.blocks[box.block or ""]
        first = g.nodes[b.nodes[0]]
        ins = ", ".join(shape_text(s) for s in first.input_shapes) or "—"
        rows = [
            (QCoreApplication.translate("GraphScene", "Block"), f"{b.type} {b.name}"),
            (
                QCoreApplication.translate("GraphScene", "Input → output"),
                f"{ins} → {shape_text(b.output_shape)}",
            ),
            (QCoreApplication.translate("GraphScene", "Layers inside"), str(len(b.nodes))),
            (QCoreApplication.translate("GraphScene", "Parameters"), f"{b.params:,}"),
            (QCoreApplication.translate("GraphScene", "MACs"), f"{b.macs:,} ({human(b.macs)})"),
        ]
        if box.repeat > 1:
            rows.append((QCoreApplication.translate("GraphScene", "Repeated"), f"×{box.repeat}"))
        return _table(rows, QCoreApplication.translate("GraphScene", "Double-click to unfold"))


def _table(rows: list[tuple[str, str]], foot: str = "") -> str:
    body = "".join(
        f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    foot_html = f"<p><i>{html.escape(foot)}</i></p>" if foot else ""
    return f"<table>{body}</table>{foot_html}"


_HP_LABELS = {
    "in_channels": QT_TRANSLATE_NOOP("GraphScene", "in channels"),
    "out_channels": QT_TRANSLATE_NOOP("GraphScene", "out channels"),
    "kernel_size": QT_TRANSLATE_NOOP("GraphScene", "kernel"),
    "stride": QT_TRANSLATE_NOOP("GraphScene", "stride"),
    "padding": QT_TRANSLATE_NOOP("GraphScene", "padding"),
    "dilation": QT_TRANSLATE_NOOP("GraphScene", "dilation"),
    "groups": QT_TRANSLATE_NOOP("GraphScene", "groups"),
    "in_features": QT_TRANSLATE_NOOP("GraphScene", "in features"),
    "out_features": QT_TRANSLATE_NOOP("GraphScene", "out features"),
    "num_features": QT_TRANSLATE_NOOP("GraphScene", "features"),
    "output_size": QT_TRANSLATE_NOOP("GraphScene", "output size"),
    "p": QT_TRANSLATE_NOOP("GraphScene", "drop probability"),
    "dim": QT_TRANSLATE_NOOP("GraphScene", "dim"),
    "eps": QT_TRANSLATE_NOOP("GraphScene", "eps"),
    "momentum": QT_TRANSLATE_NOOP("GraphScene", "momentum"),
}


def _hp_text(key: str, v: object) -> str:
    """A kernel reads 3×3; a stride, padding or dilation reads 2, or (2, 1) when they differ."""
    if not isinstance(v, tuple):
        return str(v)
    if key in ("kernel_size", "output_size"):
        return "×".join(map(str, v))
    return str(v[0]) if len(set(v)) == 1 else "(" + ", ".join(map(str, v)) + ")"


def node_details_html(n: LayerNode) -> str:
    """Everything about one layer, as a small HTML table (tooltip and details panel)."""
    ins = ", ".join(shape_text(s) for s in n.input_shapes) or "—"
    rows = [
        (QCoreApplication.translate("GraphScene", "Layer"), n.name),
        (QCoreApplication.translate("GraphScene", "Type"), n.op),
    ]
    for key, label in _HP_LABELS.items():
        if key in n.hparams:
            v = n.hparams[key]
            rows.append((_tr(label), _hp_text(key, v)))
    rows += [
        (
            QCoreApplication.translate("GraphScene", "Input → output"),
            f"{ins} → {shape_text(n.output_shape)}",
        ),
        (QCoreApplication.translate("GraphScene", "Parameters"), f"{n.params:,}"),
        (QCoreApplication.translate("GraphScene", "MACs"), f"{n.macs:,} ({human(n.macs)})"),
    ]
    if n.formula:
        rows.append((QCoreApplication.translate("GraphScene", "Output size"), n.formula))
    return _table(rows)
