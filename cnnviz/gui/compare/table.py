"""The Compare tab's table: one row per zoo network, numeric columns sorted by the numbers.

:class:`CompareModel` holds :class:`cnnviz.core.compare.CompareRow` records; ``SORT_ROLE``
gives the real numbers (a proxy sorts by them), ``NAME_ROLE`` the zoo name of a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QWidget

from cnnviz.core.compare import CompareRow
from cnnviz.gui.model_picker import zoo_title

__all__ = ["COLUMNS", "NAME_ROLE", "SORT_ROLE", "CompareModel", "PaddedDelegate"]

SORT_ROLE = Qt.ItemDataRole.UserRole
NAME_ROLE = Qt.ItemDataRole.UserRole + 1  # the zoo name of a row


#: column key → (header, tooltip), English; translated in ``CompareModel.headerData``
COLUMNS: tuple[str, ...] = (
    "network",
    "input",
    "depth",
    "params",
    "macs",
    "lr",
    "epochs",
    "batch",
    "year",
)
_NUMERIC = {"depth", "params", "macs", "lr", "epochs", "batch", "year"}


class CompareModel(QAbstractTableModel):
    """Rows of :class:`CompareRow`; ``SORT_ROLE`` gives the real numbers for sorting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[CompareRow] = []

    def set_rows(self, rows: Sequence[CompareRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _headers(self) -> dict[str, tuple[str, str]]:
        return {
            "network": (self.tr("Network"), self.tr("The network and its name in the zoo")),
            "input": (self.tr("Input"), self.tr("Channels × height × width the book feeds it")),
            "depth": (
                self.tr("Depth"),
                self.tr("Convolutional and fully connected layers (1×1 shortcuts included)"),
            ),
            "params": (self.tr("Parameters"), self.tr("Learnable parameters")),
            "macs": (
                self.tr("MACs"),
                self.tr("Multiply-accumulates for one image of the input size"),
            ),
            "lr": (self.tr("Learning rate"), self.tr("d2l's learning rate (minibatch SGD)")),
            "epochs": (self.tr("Epochs"), self.tr("d2l's number of training epochs")),
            "batch": (self.tr("Batch size"), self.tr("d2l's minibatch size")),
            "year": (self.tr("Year"), self.tr("Year the idea was published")),
        }

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        text, tip = self._headers()[COLUMNS[section]]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        key = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, key)
        if role == SORT_ROLE:
            return self._sort_value(r, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "params":
                return f"{r.params:,}"
            if key == "macs":
                return f"{r.macs:,}"
            if key == "network":
                return r.name
        if role == Qt.ItemDataRole.TextAlignmentRole and key in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == NAME_ROLE:
            return r.name
        return None

    @staticmethod
    def _display(r: CompareRow, key: str) -> str:
        from cnnviz.core.summary import human  # loaded: rows exist only after torch is

        return {
            "network": zoo_title(r.name),
            "input": "×".join(map(str, r.input_shape[1:])),
            "depth": str(r.depth),
            "params": human(r.params),
            "macs": human(r.macs),
            "lr": f"{r.lr:g}",
            "epochs": str(r.epochs),
            "batch": str(r.batch_size),
            "year": str(r.year),
        }[key]

    @staticmethod
    def _sort_value(r: CompareRow, key: str) -> Any:
        # numbers as floats: some PySide6 versions pass ints above 2**31 to Qt wrapped around
        value = {
            "network": zoo_title(r.name).lower(),
            "input": r.input_shape[2] * r.input_shape[3] * r.input_shape[1],
            "depth": r.depth,
            "params": r.params,
            "macs": r.macs,
            "lr": r.lr,
            "epochs": r.epochs,
            "batch": r.batch_size,
            "year": r.year,
        }[key]
        return value if isinstance(value, str) else float(value)

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, 0))


class PaddedDelegate(QStyledItemDelegate):
    """Cells with some air around the text (style sheets would stop the app font scaling)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        pad = option.fontMetrics.height() // 2
        return QSize(hint.width() + 2 * pad, hint.height() + pad // 2)
