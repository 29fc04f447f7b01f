"""The main window's dialogs: errors, "Open model…", About and exporting the graph."""

from __future__ import annotations

import traceback
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cnnviz.gui.core_text import user_text
from cnnviz.gui.dialogs import OpenModelDialog, show_about, show_error
from cnnviz.gui.startup import as_sentence

__all__ = ["WindowDialogs"]


class WindowDialogs:
    """Error boxes, the open-model dialog, About and Export; mixed into the main window."""

    def _show_error(self, text: str, details: str = "") -> QMessageBox:
        box = self.error_box = show_error(self, text, details)
        box.finished.connect(lambda _result: self._forget_error_box(box))
        return box

    def _forget_error_box(self, box: QMessageBox) -> None:
        if self.error_box is box:
            self.error_box = None

    def open_model_dialog(self) -> OpenModelDialog | None:
        """Open the "Open model…" dialog (non-blocking); returns it."""
        if self._torchvision_names is None:
            return None
        dlg = OpenModelDialog(self._torchvision_names, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.accepted.connect(lambda: self.open_request(dlg.request()))
        dlg.finished.connect(lambda _result: self._forget_open_dialog(dlg))
        self.open_dialog = dlg
        dlg.open()
        return dlg

    def _forget_open_dialog(self, dlg: OpenModelDialog) -> None:
        if self.open_dialog is dlg:
            self.open_dialog = None

    def show_about(self) -> QMessageBox:
        return show_about(self)

    def export_dialog(self) -> None:
        """Ask where to save the graph (PNG, SVG) or the shape table (CSV), and save it."""
        if self.graph is None or self.view is None:
            return
        filters = {
            self.tr("PNG image (*.png)"): ".png",
            self.tr("SVG image (*.svg)"): ".svg",
            self.tr("Shape table, CSV (*.csv)"): ".csv",
        }
        stem = str(Path.home() / self.graph.model_name)
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export"), stem + ".png", ";;".join(filters), next(iter(filters))
        )
        if not path:
            return
        if not Path(path).suffix:
            path += filters.get(chosen, ".png")
        self.export(path)

    def export(self, path: str) -> bool:
        """Save the graph (``.png``/``.svg``) or the shape table (``.csv``) to ``path``."""
        suffix = Path(path).suffix.lower()
        if self.view is None:
            return False
        try:
            if suffix == ".csv":
                self.view.export_csv(path)
            elif suffix in (".png", ".svg"):
                self.view.export_image(path)
            else:
                raise ValueError(
                    self.tr("Choose a file ending in .png, .svg or .csv, not %1.").replace(
                        "%1", suffix or path
                    )
                )
        except (OSError, ValueError) as exc:
            self._show_error(as_sentence(user_text(exc)), traceback.format_exc())
            return False
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", path), 5000)
        return True
