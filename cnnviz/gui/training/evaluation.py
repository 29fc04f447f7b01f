"""What the trained network does: confusion matrix, predictions with probabilities, kernels.

Each widget draws one part of an :class:`~cnnviz.core.evaluate.Evaluation` (computed off the
GUI thread); none imports torch.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QSplitter,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.theme import Theme, get_theme

__all__ = [
    "ConfusionMatrixWidget",
    "KernelGrid",
    "PredictionPanel",
    "ProbabilityBars",
    "image_to_qimage",
]


def image_to_qimage(image: np.ndarray) -> QImage:
    """A uint8 (C, H, W) image, C = 1 or 3, as a QImage that owns its pixels."""
    c, h, w = image.shape
    if c == 3:
        rgb = np.ascontiguousarray(image.transpose(1, 2, 0))  # (H, W, 3)
        return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    gray = np.ascontiguousarray(image[0])
    return QImage(gray.data, w, h, w, QImage.Format.Format_Grayscale8).copy()


def _text_on(colour: QColor) -> QColor:
    """Black or white, whichever reads better on ``colour``."""
    lum = 0.2126 * colour.redF() + 0.7152 * colour.greenF() + 0.0722 * colour.blueF()
    return QColor("#000000") if lum > 0.5 else QColor("#ffffff")


def _accent(theme: Theme) -> QColor:
    return QColor("#56b4e9" if theme.dark else "#0b5fa5")


def _mistake(theme: Theme) -> QColor:
    return QColor("#ff6f61" if theme.dark else "#c0392b")


# --------------------------------------------------------------------------- confusion matrix


class ConfusionMatrixWidget(QWidget):
    """A heat map of counts (rows: true class, columns: predicted), numbers in the cells.

    Colours are the share of each row (the class's recall); hovering a cell says it in words.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = get_theme("light")
        self.matrix: np.ndarray | None = None
        self.classes: tuple[str, ...] = ()
        self.true_title = "true class"
        self.predicted_title = "predicted class"
        self.empty_text = ""
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 120)  # low enough for a 720 px screen at text scale 3
        self._grid = QRectF()
        self._cell = 0.0

    def set_matrix(self, matrix: np.ndarray | None, classes: tuple[str, ...] = ()) -> None:
        self.matrix = None if matrix is None else np.asarray(matrix)
        self.classes = tuple(classes)
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def _layout(self, fm: QFontMetrics) -> tuple[QRectF, float, int]:
        k = len(self.classes)
        label_w = max((fm.horizontalAdvance(c) for c in self.classes), default=0) + fm.height()
        title_h = fm.height() * 1.6
        left = title_h + label_w
        # column labels are drawn at 45°: they need about 0.71 of their width downwards
        bottom = title_h + label_w * 0.71 + fm.height()
        right_pad = label_w * 0.71  # the last rotated label leans right
        avail_w = self.width() - left - right_pad - 8
        avail_h = self.height() - bottom - 8
        cell = max(min(avail_w, avail_h) / max(k, 1), 4.0)
        spare = max(avail_w - cell * k, 0.0) / 2  # centred in the width left over
        grid = QRectF(left + spare, 8, cell * k, cell * k)
        return grid, cell, int(label_w)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        t = self.theme
        p.fillRect(self.rect(), QColor(t.background))
        font = QFont(self.font())
        fm = QFontMetrics(font)
        text = QColor(t.text)
        if self.matrix is None or not len(self.classes):
            p.setPen(text)
            p.drawText(self.rect().adjusted(20, 20, -20, -20),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.empty_text)  # fmt: skip
            return
        m = self.matrix
        k = len(self.classes)
        grid, cell, label_w = self._layout(fm)
        self._grid, self._cell = grid, cell
        rows = m.sum(1, keepdims=True).clip(min=1)
        share = m / rows
        base, accent = QColor(t.surface), _accent(t)
        num_font = QFont(font)
        widest = fm.horizontalAdvance(str(int(m.max())) if m.size else "0")
        if widest > cell * 0.9:  # shrink the numbers to fit their cells
            num_font.setPointSizeF(max(font.pointSizeF() * cell * 0.9 / widest, 5.0))
        show_numbers = QFontMetrics(num_font).height() < cell * 0.95
        p.setFont(num_font)
        for i in range(k):
            for j in range(k):
                f = float(share[i, j])
                c = QColor(
                    round(base.red() + (accent.red() - base.red()) * f),
                    round(base.green() + (accent.green() - base.green()) * f),
                    round(base.blue() + (accent.blue() - base.blue()) * f),
                )
                r = QRectF(grid.left() + j * cell, grid.top() + i * cell, cell, cell)
                p.fillRect(r, c)
                if i != j and m[i, j] and f >= 0.05:  # notable confusions get an outline
                    p.setPen(QPen(_mistake(t), max(1.5, cell / 24)))
                    p.drawRect(r.adjusted(1, 1, -1, -1))
                if show_numbers:
                    p.setPen(_text_on(c))
                    p.drawText(r, Qt.AlignmentFlag.AlignCenter, str(int(m[i, j])))
        p.setPen(QPen(QColor(t.muted), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(grid)
        p.setFont(font)
        p.setPen(text)
        for i, name in enumerate(self.classes):  # row labels, right-aligned
            r = QRectF(grid.left() - label_w, grid.top() + i * cell, label_w - 6, cell)
            p.drawText(r, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
        for j, name in enumerate(self.classes):  # column labels at 45°, hanging from the grid
            p.save()
            p.translate(grid.left() + (j + 0.5) * cell, grid.bottom() + 6)
            p.rotate(45)
            p.drawText(0, fm.ascent() // 2, name)
            p.restore()
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.save()  # "true class", vertical on the left
        p.translate(fm.height() * 0.9, grid.center().y())
        p.rotate(-90)
        p.drawText(QRectF(-grid.height() / 2, -fm.height(), grid.height(), fm.height() * 1.4),
                   Qt.AlignmentFlag.AlignCenter, self.true_title)  # fmt: skip
        p.restore()
        y = grid.bottom() + label_w * 0.71 + fm.height() * 1.2
        p.drawText(QRectF(grid.left(), y, grid.width(), fm.height() * 1.4),
                   Qt.AlignmentFlag.AlignCenter, self.predicted_title)  # fmt: skip

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        """(true, predicted) of the cell under ``pos``, if any."""
        if self.matrix is None or self._cell <= 0 or not self._grid.contains(pos.toPointF()):
            return None
        j = int((pos.x() - self._grid.left()) // self._cell)
        i = int((pos.y() - self._grid.top()) // self._cell)
        k = len(self.classes)
        return (i, j) if 0 <= i < k and 0 <= j < k else None

    def describe_cell(self, i: int, j: int) -> str:
        assert self.matrix is not None
        n = int(self.matrix[i, j])
        row = max(int(self.matrix[i].sum()), 1)
        return (
            self.tr("True %1, predicted %2: %3 of %4 (%5 %)")
            .replace("%1", self.classes[i])
            .replace("%2", self.classes[j])
            .replace("%3", f"{n:,}")
            .replace("%4", f"{row:,}")
            .replace("%5", f"{100 * n / row:.1f}")
        )

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe_cell(*cell), self)
        super().mouseMoveEvent(event)


# --------------------------------------------------------------------------- predictions


class ProbabilityBars(QWidget):
    """Horizontal bars: the network's probability for every class, true and predicted marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = get_theme("light")
        self.classes: tuple[str, ...] = ()
        self.probabilities: np.ndarray | None = None
        self.true_class = -1
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_data(self, classes: tuple[str, ...], probs: np.ndarray | None, true_class: int) -> None:
        self.classes, self.probabilities, self.true_class = tuple(classes), probs, true_class
        self.updateGeometry()
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(fm.height() * 18, int(fm.height() * 1.5 * max(len(self.classes), 1)) + 8)

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(fm.height() * 10, int(fm.height() * 1.05 * max(len(self.classes), 1)))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        t = self.theme
        if self.probabilities is None or not len(self.classes):
            return
        fm = QFontMetrics(self.font())
        bold = QFont(self.font())
        bold.setBold(True)
        k = len(self.classes)
        row = min(self.height() / k, fm.height() * 2.0)
        widest = max(QFontMetrics(bold).horizontalAdvance(c) for c in self.classes)
        label_w = widest + fm.height() // 2
        pct_w = fm.horizontalAdvance("100.0 %") + fm.height() // 2
        bar_w = max(self.width() - label_w - 4, 10)
        pred = int(np.argmax(self.probabilities))
        track = QColor(t.muted)
        track.setAlpha(50)
        for i, name in enumerate(self.classes):
            y = i * row
            prob = float(self.probabilities[i])
            colour = QColor(t.muted)
            if i == self.true_class:
                colour = QColor("#3fd0a0" if t.dark else "#1b8a5a")
            if i == pred and pred != self.true_class:
                colour = _mistake(t)
            font = QFont(self.font())
            font.setBold(i in (pred, self.true_class))
            p.setFont(font)
            p.setPen(QColor(t.text))
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            p.drawText(QRectF(0, y, label_w - fm.height() // 4, row), right, name)
            p.fillRect(QRectF(label_w, y + row * 0.15, bar_w, row * 0.7), track)
            length = max(bar_w * prob, 1.0)
            bar = QRectF(label_w, y + row * 0.15, length, row * 0.7)
            p.fillRect(bar, colour)
            text = f"{100 * prob:.1f} %"
            if length + pct_w <= bar_w:  # after the bar, else inside its right end
                left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                p.drawText(QRectF(label_w + length + 4, y, pct_w, row), left, text)
            else:
                p.setPen(_text_on(colour))
                p.drawText(QRectF(label_w, y, length - 4, row), right, text)


def _centred_thumbnail(image: QImage, width: int, side: int) -> QPixmap:
    """``image`` scaled (nearest neighbour) to ``side`` px high, centred on a transparent
    ``width`` × ``side`` pixmap."""
    pix = QPixmap(width, side)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    s = min(side, width)
    p.drawImage(QRect((width - s) // 2, (side - s) // 2, s, s), image)
    p.end()
    return pix


class ImageView(QWidget):
    """One image scaled to fit (aspect kept, pixels kept square: nearest neighbour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(64, 64)

    def set_image(self, image: QImage | None) -> None:
        self.image = image
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 240)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.image is None or self.image.isNull():
            return
        side = min(self.width(), self.height())
        scale = max(side // max(self.image.width(), self.image.height()), 1)  # whole pixels
        w, h = self.image.width() * scale, self.image.height() * scale
        p = QPainter(self)
        p.drawImage(QRect((self.width() - w) // 2, (self.height() - h) // 2, w, h), self.image)


class PredictionPanel(QWidget):
    """A grid of test images labelled "true → predicted" (mistakes marked); clicking one shows
    it large with the probability of every class."""

    image_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = get_theme("light")
        self.font_scale = 1.0
        self.evaluation: Any = None
        self.grid = QListWidget(self)
        self.grid.setViewMode(QListWidget.ViewMode.IconMode)
        self.grid.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.grid.setMovement(QListWidget.Movement.Static)
        self.grid.setUniformItemSizes(True)
        self.grid.setWordWrap(True)
        self.grid.setSpacing(4)
        self.grid.currentRowChanged.connect(self._show)
        self.big = ImageView(self)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bars = ProbabilityBars(self)
        detail = QWidget(self)
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.big, 3)
        dl.addWidget(self.caption)
        dl.addWidget(self.bars, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)
        self._user_split = False
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.summary)
        lay.addWidget(self.splitter, 1)
        self._texts = {"true": "true: %1", "pred": "predicted: %1", "summary": ""}

    def _on_splitter_moved(self, _pos: int, _index: int) -> None:
        self._user_split = True

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self._user_split:  # the grid gets 60 % until the user moves the divider
            w = self.splitter.width()
            self.splitter.setSizes([int(w * 0.55), w - int(w * 0.55)])

    def set_texts(self, true: str, predicted: str, summary: str) -> None:
        """Translated templates: "true: %1", "predicted: %1" and the summary line."""
        self._texts = {"true": true, "pred": predicted, "summary": summary}
        self._fill()

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        self.bars.set_theme(theme)
        self._fill()

    def set_evaluation(self, ev: Any) -> None:
        row = max(self.grid.currentRow(), 0)
        self.evaluation = ev
        self._fill()
        if ev is not None and len(ev.labels):
            self.grid.setCurrentRow(min(row, len(ev.labels) - 1))

    def _thumb(self) -> int:
        return int(28 * 2.5 * max(self.font_scale, 1.0) ** 0.5)

    def _fill(self) -> None:
        ev = self.evaluation
        current = self.grid.currentRow()
        self.grid.blockSignals(True)
        self.grid.clear()
        if ev is None:
            self.summary.setText(self._texts["summary"])
            self.grid.blockSignals(False)
            self._show(-1)
            return
        fm = QFontMetrics(self.font())
        thumb = self._thumb()
        longest = max(
            max(
                fm.horizontalAdvance(f"✓ {c}"),
                fm.horizontalAdvance(self._texts["true"].replace("%1", c)),
            )
            for c in ev.classes
        )
        width = min(max(thumb, longest), int(thumb * 2.4)) + fm.height()
        # icons as wide as the cell (thumbnail centred): the caption gets that width to wrap in
        icon_w = width - fm.height() // 2
        self.grid.setIconSize(QSize(icon_w, thumb))
        self.grid.setGridSize(QSize(width, thumb + int(fm.height() * 3.6)))
        wrong = _mistake(self.theme)
        wrong_bg = QColor(wrong)
        wrong_bg.setAlpha(70)
        mistakes = 0
        for i, (img, label) in enumerate(zip(ev.images, ev.labels)):
            pred = int(ev.predictions[i])
            ok = pred == int(label)
            mistakes += not ok
            pix = _centred_thumbnail(image_to_qimage(img), icon_w, thumb)
            mark = "✓" if ok else "✗"
            text = f"{mark}\u00a0{ev.classes[pred]}"  # no break after the mark
            if not ok:
                text += "\n" + self._texts["true"].replace("%1", ev.classes[int(label)])
            item = QListWidgetItem(pix, text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            item.setToolTip(
                self._texts["true"].replace("%1", ev.classes[int(label)])
                + "\n"
                + self._texts["pred"].replace("%1", ev.classes[pred])
                + f" ({100 * float(ev.probabilities[i, pred]):.1f} %)"
            )
            item.setData(Qt.ItemDataRole.UserRole, not ok)
            if not ok:
                item.setBackground(QBrush(wrong_bg))
                item.setForeground(QBrush(QColor(self.theme.text)))
            self.grid.addItem(item)
        self.summary.setText(
            self._texts["summary"].replace("%1", str(len(ev.labels))).replace("%2", str(mistakes))
        )
        self.grid.blockSignals(False)
        if 0 <= current < self.grid.count():
            self.grid.setCurrentRow(current)
        self._show(self.grid.currentRow())

    def _show(self, row: int) -> None:
        ev = self.evaluation
        if ev is None or not (0 <= row < len(ev.labels)):
            self.big.set_image(None)
            self.caption.setText("")
            self.bars.set_data((), None, -1)
            return
        self.big.set_image(image_to_qimage(ev.images[row]))
        label, pred = int(ev.labels[row]), int(ev.predictions[row])
        self.caption.setText(
            self._texts["true"].replace("%1", ev.classes[label])
            + " — "
            + self._texts["pred"].replace("%1", ev.classes[pred])
        )
        self.bars.set_data(ev.classes, ev.probabilities[row], label)
        self.image_selected.emit(row)


# --------------------------------------------------------------------------- kernels


class KernelGrid(QWidget):
    """The first convolution's kernels as small images: red positive, blue negative (one input
    channel), or as colours (three input channels), each scaled by the largest |weight|."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = get_theme("light")
        self.kernels: np.ndarray | None = None
        self._images: list[QImage] = []
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(120, 120)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.update()

    def set_kernels(self, kernels: np.ndarray | None) -> None:
        """Weights ``(O, I, kh, kw)`` (``None`` clears)."""
        self.kernels = None if kernels is None else np.asarray(kernels, dtype=np.float32)
        self._images = [] if self.kernels is None else _kernel_images(self.kernels)
        self.update()

    def tiles(self) -> int:
        return len(self._images)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        t = self.theme
        p.fillRect(self.rect(), QColor(t.background))
        if not self._images:
            p.setPen(QColor(t.text))
            p.drawText(self.rect().adjusted(20, 20, -20, -20),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.empty_text)  # fmt: skip
            return
        n = len(self._images)
        w, h = self.width() - 16, self.height() - 16
        gap = 6
        # the most columns whose square tiles still fit every kernel on screen
        best = (1, 1.0)
        for cols in range(1, n + 1):
            rows = math.ceil(n / cols)
            size = min((w - gap * (cols - 1)) / cols, (h - gap * (rows - 1)) / rows)
            if size > best[1]:
                best = (cols, size)
        cols, size = best
        size = min(size, 240.0)
        x0 = 8 + (w - (cols * size + gap * (cols - 1))) / 2
        p.setPen(QPen(QColor(t.muted), 1))
        for idx, img in enumerate(self._images):
            r, c = divmod(idx, cols)
            rect = QRect(round(x0 + c * (size + gap)), round(8 + r * (size + gap)),
                         round(size), round(size))  # fmt: skip
            p.drawImage(rect, img)  # nearest-neighbour: every weight stays a crisp square
            p.drawRect(rect.adjusted(0, 0, -1, -1))


def _kernel_images(k: np.ndarray) -> list[QImage]:
    """One image per output channel: diverging colours (1 input) or RGB (3 inputs)."""
    out = []
    scale = float(np.abs(k).max()) or 1.0
    for w in k:  # (I, kh, kw)
        if w.shape[0] == 3:
            rgb = ((w / scale) * 0.5 + 0.5).clip(0, 1).transpose(1, 2, 0)  # (kh, kw, 3)
        else:
            v = (w.mean(0) / scale).clip(-1, 1)  # (kh, kw), mean over inputs when 2 or >3
            pos, neg = v.clip(min=0), (-v).clip(min=0)
            rgb = np.stack([1 - neg * 0.85, 1 - (pos + neg) * 0.8, 1 - pos * 0.85], -1)
        a = np.ascontiguousarray((rgb * 255).round().astype(np.uint8))
        h, wd = a.shape[:2]
        out.append(QImage(a.data, wd, h, 3 * wd, QImage.Format.Format_RGB888).copy())
    return out
