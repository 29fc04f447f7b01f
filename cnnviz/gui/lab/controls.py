"""Small editing widgets of the lab: a (height, width) pair of spin boxes, a red error line and a
matrix typed in cell by cell."""

from __future__ import annotations

import html
import math

import numpy as np
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from cnnviz.gui.lab.colors import format_value
from cnnviz.gui.theme import Theme

__all__ = ["ErrorLabel", "MatrixEditor", "PairSpin", "parse_number"]

#: keys that step the lab; editors keep the ones they need for editing
NAVIGATION_KEYS = (
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
)


def parse_number(text: str) -> float:
    """A number typed by a person: accepts ``−`` and ``,`` as decimal comma; ValueError else."""
    cleaned = text.strip().replace("−", "-").replace("–", "-").replace(",", ".")
    if not cleaned:
        raise ValueError("empty")
    return float(cleaned)


class PairSpin(QWidget):
    """Two spin boxes for (height, width); :attr:`value_changed` sends the pair."""

    value_changed = Signal(tuple)

    def __init__(
        self, minimum: int, maximum: int, value: tuple[int, int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.h = QSpinBox(self)
        self.w = QSpinBox(self)
        self.times = QLabel("×", self)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.h)
        lay.addWidget(self.times)
        lay.addWidget(self.w)
        lay.addStretch(1)
        for s in (self.h, self.w):
            s.setRange(minimum, maximum)
            s.setKeyboardTracking(True)
            s.valueChanged.connect(self._changed)
        self.set_value(value)

    def value(self) -> tuple[int, int]:
        return (self.h.value(), self.w.value())

    def set_value(self, value: tuple[int, int]) -> None:
        """Show ``value`` without emitting :attr:`value_changed`."""
        for s, v in zip((self.h, self.w), value):
            s.blockSignals(True)
            s.setValue(int(v))
            s.blockSignals(False)

    def _changed(self, _v: int) -> None:
        self.value_changed.emit(self.value())


class ErrorLabel(QLabel):
    """A red sentence next to the control that caused it; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._message = ""
        self.set_theme(None)
        self.hide()

    def message(self) -> str:
        """The sentence shown, as plain text."""
        return self._message

    def set_theme(self, theme: Theme | None) -> None:
        # a palette, not a style sheet: a style sheet stops the app's font scale reaching it
        colour = "#c62828" if theme is None or not theme.dark else "#ff6b6b"
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        self.setPalette(palette)

    def show_error(self, text: str) -> None:
        self._message = text
        self.setText(f"<b>{html.escape(text)}</b>" if text else "")
        self.setVisible(bool(text))


class MatrixEditor(QTableWidget):
    """A small matrix typed in cell by cell; :attr:`matrix_edited` sends the new (H, W) array.

    A cell that does not hold a number goes back to its old value; one that holds NaN or an
    infinity does too, and :attr:`value_rejected` sends a sentence saying why (the lab shows
    it in red).
    """

    matrix_edited = Signal(object)
    value_rejected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values = np.zeros((1, 1))
        self._filling = False
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        # as wide as the panel allows, scrolling inside when the numbers are wider
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.itemChanged.connect(self._on_item_changed)

    def set_matrix(self, values: np.ndarray) -> None:
        """Show ``values`` (H, W) without emitting :attr:`matrix_edited`."""
        values = np.asarray(values, dtype=np.float64)
        self._values = values.copy()
        self._filling = True
        try:
            self.setRowCount(values.shape[0])
            self.setColumnCount(values.shape[1])
            self.setHorizontalHeaderLabels([str(j) for j in range(values.shape[1])])
            self.setVerticalHeaderLabels([str(i) for i in range(values.shape[0])])
            for i in range(values.shape[0]):
                for j in range(values.shape[1]):
                    item = self.item(i, j)
                    text = format_value(float(values[i, j]), 3)
                    if item is None:
                        item = QTableWidgetItem(text)
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                        self.setItem(i, j, item)
                    else:
                        item.setText(text)
        finally:
            self._filling = False
        self.updateGeometry()

    def matrix(self) -> np.ndarray:
        return self._values.copy()

    def set_cell(self, i: int, j: int, text: str) -> None:
        """Type ``text`` into cell (i, j), as a person would."""
        self.item(i, j).setText(text)

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        i, j = item.row(), item.column()
        try:
            v = parse_number(item.text())
        except ValueError:
            self._filling = True
            item.setText(format_value(float(self._values[i, j]), 3))
            self._filling = False
            return
        if not math.isfinite(v):  # nan, inf, 1e999: no step could show or compute with it
            typed = item.text().strip()
            old = format_value(float(self._values[i, j]), 3)
            self._filling = True
            item.setText(old)
            self._filling = False
            self.value_rejected.emit(
                self.tr("“{typed}” is not a finite number, so cell ({i}, {j}) keeps {old}.").format(
                    typed=typed, i=i, j=j, old=old
                )
            )
            return
        if v == self._values[i, j]:
            return
        self._values[i, j] = v
        self.matrix_edited.emit(self._values.copy())

    def event(self, event: QEvent) -> bool:
        # keep the arrow keys for moving between cells (the lab steps with them elsewhere)
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if (
                event.key() in NAVIGATION_KEYS
                and event.modifiers() == Qt.KeyboardModifier.NoModifier
            ):
                event.accept()
                return True
        return super().event(event)
