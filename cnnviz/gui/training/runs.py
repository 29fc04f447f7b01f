"""The list of training runs: name, network, data, status, best test accuracy, overlay box.

:class:`RunTable` shows the :class:`~cnnviz.core.training.RunSummary` records that
:func:`~cnnviz.core.training.scan_runs` reads from a runs folder, and keeps its rows,
selection and check boxes across refreshes; :class:`RunsBox` puts it in a box with the
buttons Open, Resume, Delete… and Open run folder… (the training view connects them).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.core_text import user_text
from cnnviz.gui.drawer import flow_row

if TYPE_CHECKING:  # the core imports torch: not at start-up
    from cnnviz.core.training import RunSummary

__all__ = ["RunTable", "RunsBox"]

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class RunTable(QTreeWidget):
    """Runs with a check box each (lay its curves over the plot)."""

    overlay_toggled = Signal(str, bool)  # run folder, checked
    run_activated = Signal(str)  # double-clicked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setColumnCount(5)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self._items: dict[str, QTreeWidgetItem] = {}
        self._status_names: dict[str, str] = {}
        self._current: str | None = None
        self.failed_colour = QColor("#c0392b")
        self.itemChanged.connect(self._on_changed)
        self.itemDoubleClicked.connect(
            lambda item, _col: self.run_activated.emit(item.data(0, PATH_ROLE))
        )

    #: runs the list asks room for (a slide asks to tick two and compare them); when the
    #: window is too short for them it still shrinks, down to Qt's minimum of a scroll area
    ROWS = 3

    def _height_for(self, rows: int) -> int:
        row = max(self.fontMetrics().height() + 8, self.sizeHintForRow(0))
        return self.header().sizeHint().height() + rows * row + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(self.ROWS))

    def set_status_names(self, names: dict[str, str]) -> None:
        self._status_names = dict(names)

    def set_current_run(self, path: str | None) -> None:
        """The run shown in the plot: its name is bold."""
        self._current = path
        for p, item in self._items.items():
            font = item.font(0)
            font.setBold(p == path)
            item.setFont(0, font)

    def update_runs(self, entries: list[RunSummary]) -> None:
        """Show ``entries`` (in their order), keeping selection and check boxes."""
        self.blockSignals(True)
        try:
            seen = set()
            for index, e in enumerate(entries):
                seen.add(e.path)
                item = self._items.get(e.path)
                if item is None:
                    item = QTreeWidgetItem()
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(0, Qt.CheckState.Unchecked)
                    item.setData(0, PATH_ROLE, e.path)
                    self._items[e.path] = item
                    self.insertTopLevelItem(index, item)
                elif self.indexOfTopLevelItem(item) != index:
                    selected = item.isSelected()
                    self.takeTopLevelItem(self.indexOfTopLevelItem(item))
                    self.insertTopLevelItem(index, item)
                    item.setSelected(selected)
                acc = "—" if e.best_test_acc is None else f"{100 * e.best_test_acc:.1f} %"
                texts = (e.name, e.model, e.dataset, self._status_names.get(e.status, e.status),
                         acc)  # fmt: skip
                for col, text in enumerate(texts):
                    if item.text(col) != text:
                        item.setText(col, text)
                item.setTextAlignment(
                    4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                error = user_text(e.error)
                tip = e.path + (f"\n{error}" if error else "")
                item.setToolTip(0, tip)
                item.setToolTip(3, error or self._status_names.get(e.status, e.status))
                item.setForeground(3, QBrush(self.failed_colour) if e.status == "failed"
                                   else QBrush())  # fmt: skip
                item.setData(3, PATH_ROLE, e.status)
            for path in [p for p in self._items if p not in seen]:
                item = self._items.pop(path)
                checked = item.checkState(0) == Qt.CheckState.Checked
                self.takeTopLevelItem(self.indexOfTopLevelItem(item))
                if checked:
                    self.overlay_toggled.emit(path, False)
        finally:
            self.blockSignals(False)
        self.set_current_run(self._current)

    def selected_path(self) -> str | None:
        items = self.selectedItems()
        return items[0].data(0, PATH_ROLE) if items else None

    def select_path(self, path: str) -> None:
        item = self._items.get(path)
        if item is not None:
            self.setCurrentItem(item)

    def status_of(self, path: str) -> str | None:
        item = self._items.get(path)
        return item.data(3, PATH_ROLE) if item is not None else None

    def set_overlay(self, path: str, on: bool) -> None:
        item = self._items.get(path)
        if item is not None:
            item.setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def overlay_paths(self) -> list[str]:
        return [p for p, it in self._items.items() if it.checkState(0) == Qt.CheckState.Checked]

    def paths(self) -> list[str]:
        return [self.topLevelItem(i).data(0, PATH_ROLE) for i in range(self.topLevelItemCount())]

    def _on_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0:
            self.overlay_toggled.emit(
                item.data(0, PATH_ROLE), item.checkState(0) == Qt.CheckState.Checked
            )


class RunsBox(QGroupBox):
    """The :class:`RunTable` and the buttons Open, Resume, Delete… and Open run folder…."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run_table = RunTable(self)
        self.open_button = QPushButton(self)
        self.resume_button = QPushButton(self)
        self.delete_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        self.export_button = QPushButton(self)
        self.export_button.setObjectName("export_metrics_button")
        # the buttons wrap rather than widen the view at a large text scale
        buttons = [self.open_button, self.resume_button, self.delete_button, self.folder_button,
                   self.export_button]  # fmt: skip
        rl = QVBoxLayout(self)
        rl.addWidget(self.run_table, 1)
        rl.addWidget(flow_row(self, buttons))

    def retranslate(self) -> None:
        # a short title: a group box is never narrower than its title
        self.setTitle(self.tr("Runs (tick to overlay)"))
        self.run_table.setToolTip(self.tr("Tick a run to lay its curves over the plot"))
        self.run_table.setHeaderLabels(
            [
                self.tr("Run"),
                self.tr("Network"),
                self.tr("Data"),
                self.tr("Status"),
                self.tr("Best test acc."),
            ]
        )
        self.open_button.setText(self.tr("Open"))
        self.resume_button.setText(self.tr("Resume"))
        self.resume_button.setToolTip(
            self.tr("Continue a stopped or failed run from its checkpoint.")
        )
        self.delete_button.setText(self.tr("Delete…"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.export_button.setToolTip(
            self.tr("Save the selected run's metrics as CSV, one row per record, for a spreadsheet")
        )
        self.folder_button.setText(self.tr("Open run folder…"))
        self.folder_button.setToolTip(
            self.tr(
                "Follow a run that 'cnnviz train --run-dir DIR' writes, here or on another machine."
            )
        )


def export_metrics(parent: QWidget, run_path: str | None, out: str | None = None) -> Path | None:
    """Write the metrics of the run at ``run_path`` as CSV to ``out`` (asked for when None);
    returns the file, or None when nothing was written (a message box says why)."""
    from cnnviz.core.files import atomic_write_text
    from cnnviz.core.training.runs import RunDirectory, metrics_csv

    if not run_path:
        return None
    if out is None:
        suggested = str(Path(run_path).with_name(Path(run_path).name + ".csv"))
        out, _ = QFileDialog.getSaveFileName(
            parent,
            QCoreApplication.translate("RunsBox", "Export metrics"),
            suggested,
            QCoreApplication.translate("RunsBox", "CSV files (*.csv)"),
        )
        if not out:
            return None
    if not out.lower().endswith(".csv"):
        out += ".csv"
    try:
        atomic_write_text(out, metrics_csv(RunDirectory(run_path).read_metrics()))
    except (OSError, ValueError) as exc:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("RunsBox", "Export metrics"),
            QCoreApplication.translate("RunsBox", "The metrics could not be saved: %1").replace(
                "%1", user_text(exc)
            ),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not modal to the event loop: the training goes on being drawn
        return None
    return Path(out)
