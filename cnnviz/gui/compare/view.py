"""The Compare tab: every zoo network side by side — a sortable table and a chart.

The rows are :class:`cnnviz.core.compare.CompareRow` (built by
:func:`cnnviz.core.compare.compare_row` in the start-up worker). The table sorts its numeric
columns by the real numbers; the chart (:class:`~cnnviz.gui.compare.chart.CompareChart`, made
with the first rows so that pyqtgraph stays off the start-up path) draws the same networks in
the table's order: parameters and MACs on a log scale, and the best test accuracy of finished
training runs on the book's data set (:func:`cnnviz.core.compare.best_test_accuracies`, read
again whenever the tab is shown). Table and chart share a splitter that stands upright when
the page is not much wider than tall (a slide's text beside it, a 1024×768 screen). Nothing
here imports torch at import time (the window is built before torch is loaded).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core import catalog
from cnnviz.core.compare import CompareRow
from cnnviz.gui import i18n
from cnnviz.gui.compare.table import COLUMNS, NAME_ROLE, SORT_ROLE, CompareModel, PaddedDelegate
from cnnviz.gui.core_text import user_text
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["ACCURACY_DATASET", "CompareView"]

#: the data set whose test accuracies the chart shows: the book trains the chapter on it
ACCURACY_DATASET = "fashion-mnist"
#: the table stands beside the chart when the page is at least this much wider than tall…
WIDE_RATIO = 1.3
#: …and the chart then gets at least this many pixels (× the font scale)
CHART_WIDTH = 600


class _Splitter(QSplitter):
    """A splitter that says when it was resized (its owner may turn it upright)."""

    def __init__(self, on_resized: Callable[[], None], parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._on_resized = on_resized

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._on_resized()


class CompareView(QWidget):
    """Sortable table and chart of every zoo network.

    Double-clicking a row of the table or of the chart emits :attr:`model_activated`; a click
    in the chart selects the network's row. Public API: :meth:`set_rows`,
    :meth:`set_accuracies`, :meth:`refresh_accuracies`, :meth:`set_style`,
    :meth:`export_chart`, :meth:`sort_by`, :meth:`visible_names`, :meth:`selected_name`,
    :attr:`runs_root` (None: the training view's default folder), and the slide protocol.
    """

    model_activated = Signal(str)
    _sizing = False  # the view itself is setting the splitter's sizes

    def __init__(
        self, parent: QWidget | None = None, *, runs_root: str | os.PathLike | None = None
    ) -> None:
        super().__init__(parent)
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self.runs_root: Path | None = Path(runs_root) if runs_root is not None else None
        self.accuracies: dict[str, float] = {}
        self._run_cache: dict[str, Any] = {}  # scan_runs' cache: finished runs are read once
        self.chart: Any = None  # the CompareChart, made with the first rows
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
        self.table.setItemDelegate(PaddedDelegate(self.table))
        self.table.doubleClicked.connect(self._on_double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.proxy.layoutChanged.connect(self._sync_chart)  # sorted: the chart follows
        self.proxy.modelReset.connect(self._sync_chart)
        self.hint = QLabel(self)
        self.hint.setObjectName("compare_hint")
        self.hint.setWordWrap(True)

        self.chart_panel = QWidget(self)
        self.chart_note = QLabel(self.chart_panel)  # where accuracies come from, while none
        self.chart_note.setObjectName("compare_chart_note")
        self.chart_note.setWordWrap(True)
        self.save_button = QPushButton(self.chart_panel)
        self.save_button.setObjectName("compare_save_chart")
        self.save_button.setEnabled(False)  # until the chart exists
        self.save_button.clicked.connect(self.save_chart_dialog)
        self.save_message = QLabel(self.chart_panel)  # "Saved …" or why not
        self.save_message.setWordWrap(True)
        self.save_message.hide()
        self._chart_layout = QVBoxLayout(self.chart_panel)
        self._chart_layout.setContentsMargins(0, 0, 0, 0)
        below = QHBoxLayout()
        below.addWidget(self.chart_note, 1)
        below.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)
        self._chart_layout.addLayout(below)
        self._chart_layout.addWidget(self.save_message)

        self.splitter = _Splitter(self._on_splitter_resized, self)
        self.splitter.setObjectName("compare_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.chart_panel)
        self.splitter.setStretchFactor(1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.hint)
        lay.addWidget(self.splitter, 1)
        self._dragged = False  # the handle was moved by hand: sizes kept until the next turn
        self.splitter.splitterMoved.connect(self._on_handle_moved)
        self.retranslate()

    # ------------------------------------------------------------------ data

    def set_rows(self, rows: Sequence[CompareRow]) -> None:
        self.model.set_rows(rows)
        if rows and self.chart is None:
            self._make_chart()
        self._sync_chart()
        self._on_splitter_resized(force=True)
        if rows and self.isVisible():
            self.refresh_accuracies()

    def set_accuracies(self, accuracies: Mapping[str, float]) -> None:
        """Show the best test accuracy (0–1) of each network on :data:`ACCURACY_DATASET`
        (``{zoo name: accuracy}``; networks left out have no bar)."""
        self.accuracies = {str(n): float(a) for n, a in accuracies.items()}
        if self.chart is not None:
            self.chart.set_accuracies(self.accuracies)
        self._update_note()

    def refresh_accuracies(self) -> dict[str, float]:
        """Read the accuracies of :attr:`runs_root`'s finished runs again and show them.

        Only once the rows exist (reading runs imports torch, which loaded them)."""
        if not self.model.rows:
            return self.accuracies
        from cnnviz.core.compare import best_test_accuracies
        from cnnviz.core.training.runs import default_runs_root

        root = self.runs_root
        if root is None:
            root = default_runs_root()
        found = best_test_accuracies(root, dataset=ACCURACY_DATASET, cache=self._run_cache)
        if found != self.accuracies:
            self.set_accuracies(found)
        return found

    def sort_by(self, key: str, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.table.sortByColumn(COLUMNS.index(key), order)

    def visible_names(self) -> list[str]:
        """Zoo names in the order the table shows them (the chart's too, top to bottom)."""
        return [self.proxy.index(r, 0).data(NAME_ROLE) for r in range(self.proxy.rowCount())]

    def selected_name(self) -> str | None:
        """The network of the selected row (None without one)."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(NAME_ROLE) if rows else None

    def _make_chart(self) -> None:
        from cnnviz.gui.compare.chart import CompareChart

        self.chart = CompareChart(self.chart_panel)
        self.chart.setObjectName("compare_chart")
        self.chart.set_style(self.theme, self.font_scale)
        self.chart.network_clicked.connect(self.frame)
        self.chart.network_double_clicked.connect(self.model_activated)
        self._chart_layout.insertWidget(0, self.chart, 1)
        self.save_button.setEnabled(True)
        self.retranslate()

    def _sync_chart(self) -> None:
        if self.chart is None:
            return
        by_name = {r.name: r for r in self.model.rows}
        self.chart.set_rows([by_name[n] for n in self.visible_names()])
        self.chart.set_accuracies(self.accuracies)
        self.chart.set_selected(self.selected_name())

    def _on_selection_changed(self, *_: Any) -> None:
        if self.chart is not None:
            self.chart.set_selected(self.selected_name())

    # ------------------------------------------------------------------ export

    def export_chart(self, path: str | os.PathLike) -> Path:
        """Save the chart as shown to ``path`` (``.png`` at 2× pixel density, or ``.svg``).

        Raises ``ValueError`` with a sentence for another suffix or before the rows exist
        (nothing is written) and ``OSError`` when the file can't be written.
        """
        path = Path(path)
        if path.suffix.lower() not in (".png", ".svg"):
            raise ValueError(
                self.tr("Choose a file ending in .png or .svg, not %1.").replace(
                    "%1", path.suffix or path.name
                )
            )
        if self.chart is None:
            raise ValueError(self.tr("The chart is drawn once the networks are loaded."))
        return self.chart.export(path)

    def save_chart_dialog(self) -> None:
        """Ask where to save the chart (PNG or SVG), save it and say so under the button."""
        filters = {self.tr("PNG image (*.png)"): ".png", self.tr("SVG image (*.svg)"): ".svg"}
        path, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Save chart"),
            str(Path.home() / "cnnviz-compare.png"),
            ";;".join(filters),
            next(iter(filters)),
        )
        if not path:
            return
        if not Path(path).suffix:
            path += filters.get(chosen, ".png")
        try:
            self.export_chart(path)
        except (OSError, ValueError) as exc:
            self.save_message.setText(user_text(exc))
        else:
            self.save_message.setText(self.tr("Saved %1").replace("%1", path))
        self.save_message.show()

    # ------------------------------------------------------------------ look

    def set_style(self, theme: Theme, font_scale: float) -> None:
        """Chart colours from ``theme``, its text at ``font_scale`` (the table follows the
        application's palette and font)."""
        self.theme, self.font_scale = theme, font_scale
        if self.chart is not None:
            self.chart.set_style(theme, font_scale)
        self._on_splitter_resized(force=True)

    def _on_splitter_resized(self, force: bool = False) -> None:
        """Turn the splitter upright or flat as the page's shape asks, and size its parts
        (unless its handle was dragged since it last turned; ``force``: new rows or text
        size)."""
        wide = self._wide()
        turned = wide != (self.splitter.orientation() == Qt.Orientation.Horizontal)
        if turned:
            self.splitter.setOrientation(
                Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
            )
            self._dragged = False
        if turned or force or not self._dragged:
            self._size_splitter()

    def _on_handle_moved(self, *_: Any) -> None:
        if not self._sizing:
            self._dragged = True

    def _table_size(self) -> tuple[int, int]:
        """Width and height the table needs to show every column and row unscrolled."""
        t = self.table
        frame = 2 * t.frameWidth()
        return (
            t.horizontalHeader().length() + frame + t.verticalScrollBar().sizeHint().width(),
            t.verticalHeader().length() + t.horizontalHeader().height() + frame
            + t.horizontalScrollBar().sizeHint().height(),
        )  # fmt: skip

    def _chart_need(self) -> tuple[int, int]:
        """Width and height at which the chart (with its note and button) reads well."""
        line = self.fontMetrics().height()
        height = self.chart.comfortable_height() if self.chart is not None else 0
        return int(CHART_WIDTH * self.font_scale), height + 4 * line + 12

    def _wide(self) -> bool:
        """Whether the table stands beside the chart: a page wider than tall, and the chart
        as wide as it needs beside a table of at most half the page."""
        w, h = self.splitter.width(), self.splitter.height()
        table_w = min(self._table_size()[0], w // 2)
        return w >= WIDE_RATIO * h and w - table_w >= self._chart_need()[0]

    def _size_splitter(self) -> None:
        """Beside the chart the table gets the width it needs up to half the page (more
        if the chart has its width anyway); above it, the height it needs, up to what the
        chart leaves (and at least a header and two rows)."""
        if not self.splitter.width() or not self.splitter.height():
            return
        (table_w, table_h), (chart_w, chart_h) = self._table_size(), self._chart_need()
        if self.splitter.orientation() == Qt.Orientation.Horizontal:
            total = self.splitter.width() - self.splitter.handleWidth()
            table = min(table_w, max(total - chart_w, total // 2))
        else:
            total = self.splitter.height() - self.splitter.handleWidth()
            rows = 3 * self.table.rowHeight(0) if self.model.rows else 0
            least = self.table.horizontalHeader().height() + rows + 8
            table = max(min(table_h, total - chart_h), min(least, table_h))
        self._sizing = True
        try:
            self.splitter.setSizes([table, max(total - table, 1)])
        finally:
            self._sizing = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_accuracies()  # a run may have finished since the tab was last shown

    # ---- slides (SlideView): the table has no state a slide sets

    def apply_state(self, keys: dict[str, Any]) -> None:
        """Nothing to set: the table always lists every network."""

    def capture_state(self) -> dict[str, Any]:
        return {}

    def set_presenting(self, on: bool) -> None:
        """Nothing folds: the table and the chart arrange themselves by the page's shape."""

    def handout_widget(self) -> QWidget:
        """The chart: every network's parameters and MACs drawn (the table's rows until the
        chart is made)."""
        return self.chart if self.chart is not None else self.table.viewport()

    def frame(self, focus: str) -> bool:
        """Select the row of network ``focus`` (the chart marks it too); False when it is not
        listed."""
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(NAME_ROLE) == focus:
                self.table.selectRow(row)
                self.table.scrollTo(index)
                return True
        return False

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.hint.setText(
            self.tr(
                "Every network of the chapter on its book input. Click a column to sort by it; "
                "double-click a row to see its architecture."
            )
        )
        self.save_button.setText(self.tr("Save chart…"))
        self.save_button.setToolTip(self.tr("Save the chart as a PNG or SVG image"))
        if self.chart is not None:
            self.chart.set_titles(
                self.tr("Parameters"),
                self.tr("MACs"),
                self.tr("per network, log scale"),
                self.tr("Test accuracy (%)"),
                self._dataset_title(),
            )
            self.chart.setToolTip(
                self.tr(
                    "Click a network to select it in the table; double-click it to see its "
                    "architecture."
                )
            )
        self._update_note()
        self.model.retranslate()
        self.proxy.invalidate()

    def _dataset_title(self) -> str:
        return catalog.DATASETS[ACCURACY_DATASET].title.get(i18n.current_language())

    def _update_note(self) -> None:
        shown = {r.name for r in self.model.rows}
        if any(n in shown for n in self.accuracies):
            text = self.tr("Test accuracy: the best finished training run of each network on %1.")
        else:
            text = self.tr(
                "Test accuracy appears here once a network has finished training on %1 "
                "(Training tab)."
            )
        self.chart_note.setText(text.replace("%1", self._dataset_title()))
        self.chart_note.setVisible(self.chart is not None)

    def _on_double_clicked(self, index: QModelIndex) -> None:
        name = index.data(NAME_ROLE)
        if name:
            self.model_activated.emit(name)
