"""The Compare tab: every zoo network side by side — size, depth, parameters, MACs, recipe.

The rows are :class:`cnnviz.core.compare.CompareRow` (built by
:func:`cnnviz.core.compare.compare_row` in the start-up worker); :class:`CompareView` shows
them in a sortable table whose numeric columns sort by the real numbers. Nothing here imports
torch at import time (the window is built before torch is loaded).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.compare import CompareRow
from cnnviz.gui.model_picker import zoo_title

__all__ = ["COLUMNS", "CompareModel", "CompareView"]

SORT_ROLE = Qt.ItemDataRole.UserRole


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
        if role == Qt.ItemDataRole.UserRole + 1:
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


class _PaddedDelegate(QStyledItemDelegate):
    """Cells with some air around the text (style sheets would stop the app font scaling)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        pad = option.fontMetrics.height() // 2
        return QSize(hint.width() + 2 * pad, hint.height() + pad // 2)


class CompareView(QWidget):
    """Sortable table of every zoo network; double-clicking a row emits :attr:`model_activated`."""

    model_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CompareModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setObjectName("compare_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the chapter's order at first
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)  # compact columns read better across a row
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        self.table.setItemDelegate(_PaddedDelegate(self.table))
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.hint = QLabel(self)
        self.hint.setObjectName("compare_hint")
        self.hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.hint)
        lay.addWidget(self.table)
        self.retranslate()

    def set_rows(self, rows: Sequence[CompareRow]) -> None:
        self.model.set_rows(rows)

    def sort_by(self, key: str, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.table.sortByColumn(COLUMNS.index(key), order)

    def visible_names(self) -> list[str]:
        """Zoo names in the order the table shows them."""
        return [
            self.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
            for r in range(self.proxy.rowCount())
        ]

    # ---- slides (SlideView): the table has no state a slide sets

    def apply_state(self, keys: dict[str, Any]) -> None:
        """Nothing to set: the table always lists every network."""

    def capture_state(self) -> dict[str, Any]:
        return {}

    def frame(self, focus: str) -> bool:
        """Select the row of network ``focus``; False when it is not listed."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(Qt.ItemDataRole.UserRole + 1) == focus:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "Every network of the chapter on its book input. Click a column to sort by it; "
                "double-click a row to see its architecture."
            )
        )
        self.model.retranslate()
        self.proxy.invalidate()

    def _on_double_clicked(self, index: QModelIndex) -> None:
        name = index.data(Qt.ItemDataRole.UserRole + 1)
        if name:
            self.model_activated.emit(name)
