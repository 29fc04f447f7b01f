"""Saving the lab: a PNG of the view, and every step as numbered PNGs or an animated GIF.

:class:`ExportMixin` is a part of :class:`~cnnviz.gui.lab.view.ConvolutionLab`: the blocking
calls for scripts and tests, the background export of the steps with its progress dialog, and
the file dialogs behind the Save PNG and Export steps buttons.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog

from cnnviz.core.files import atomic_path
from cnnviz.gui.core_text import user_text
from cnnviz.gui.lab.step_export import StepExport

__all__ = ["ExportMixin"]


class ExportMixin:
    """Export of the lab (mixed into :class:`~cnnviz.gui.lab.view.ConvolutionLab`)."""

    def export_png(self, path: str | os.PathLike) -> None:
        """Save the lab as it looks now (current mode) as a PNG file.

        Raises ``ValueError`` for another suffix and ``OSError`` when the file can't be written.
        """
        path = Path(path)
        if path.suffix.lower() != ".png":
            raise ValueError(f"can't export to {path.name!r}: use a .png file name")
        self.stepper.flush()
        image = self.grab().toImage()
        with atomic_path(path, ".png") as tmp:
            if not image.save(str(tmp), "PNG"):
                raise OSError(f"could not write {path}")

    def export_steps(self, path: str | os.PathLike, max_frames: int = 400) -> list[Path]:
        """Every step of the stepper as numbered PNGs (``name_0001.png`` …) or an animated GIF.

        Blocks until written (scripts, tests); the Export steps button uses
        :meth:`start_export_steps`."""
        return self.stepper.export_steps(path, max_frames)

    def start_export_steps(self, path: str | os.PathLike, max_frames: int = 400) -> StepExport:
        """Export the steps like :meth:`export_steps`, in the background, with a progress
        dialog ("Exporting step 120 of 400…") whose Cancel button stops it, leaving no file.

        Returns the running export (its ``ended`` signal follows ``export_finished``,
        ``export_failed`` or ``export_cancelled``). ValueError when there are no steps.
        """
        export = self.stepper.start_export(path, max_frames)
        self._close_export_dialog()
        dialog = QProgressDialog(self)
        dialog.setWindowTitle(self.tr("Export steps"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)  # the steps must stay put
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        dialog.setRange(0, export.total)
        dialog.setValue(0)
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setMinimumWidth(round(360 * self.font_scale**0.7))
        dialog.setLabelText(self.tr("Exporting step {k} of {n}…").format(k=0, n=export.total))
        dialog.canceled.connect(lambda: self._on_export_cancel_clicked(dialog, export))
        export.progress_changed.connect(
            lambda phase, done, total: self._on_export_progress(dialog, export, phase, done)
        )
        export.ended.connect(lambda: self._close_export_dialog(dialog))
        self._export_dialog = dialog
        dialog.show()
        return export

    def _on_export_progress(
        self, dialog: QProgressDialog, export: StepExport, phase: str, done: int
    ) -> None:
        if dialog is not self._export_dialog or dialog.wasCanceled():
            return
        if phase == "writing":
            dialog.setLabelText(self.tr("Writing {name}…").format(name=export.path.name))
        else:
            text = self.tr("Exporting step {k} of {n}…").format(k=done, n=export.total)
            dialog.setLabelText(text)
        dialog.setValue(done)

    def _on_export_cancel_clicked(self, dialog: QProgressDialog, export: StepExport) -> None:
        if dialog is self._export_dialog:
            dialog.setLabelText(self.tr("Cancelling…"))
        export.cancel()

    def _close_export_dialog(self, dialog: QProgressDialog | None = None) -> None:
        """Close ``dialog`` if it is the one shown (default: whichever is shown)."""
        if dialog is None:
            dialog = self._export_dialog
        if dialog is None or dialog is not self._export_dialog:
            return
        self._export_dialog = None
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    def _export_png_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the lab as PNG"), "cnnviz-lab.png", self.tr("PNG image (*.png)")
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            self.export_png(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Export failed"), user_text(exc))

    def _export_steps_dialog(self) -> None:
        gif, png = self.tr("Animated GIF (*.gif)"), self.tr("Numbered PNG files (*.png)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export every step"), "cnnviz-steps.gif", f"{gif};;{png}"
        )
        if not path:
            return
        if chosen == png and not path.lower().endswith(".png"):
            path += ".png"
        elif chosen == gif and not path.lower().endswith(".gif"):
            path += ".gif"
        try:
            export = self.start_export_steps(path)
        except ValueError as exc:
            QMessageBox.warning(self, self.tr("Export failed"), user_text(exc))
            return
        export.export_failed.connect(
            lambda message: QMessageBox.warning(self, self.tr("Export failed"), message)
        )
        export.export_finished.connect(self._on_steps_exported)

    def _on_steps_exported(self, written: list[Path]) -> None:
        if self.stepper.num_steps > len(written) and len(written) > 1:
            QMessageBox.information(
                self,
                self.tr("Export steps"),
                self.tr("The first {n} steps were exported.").format(n=len(written)),
            )
