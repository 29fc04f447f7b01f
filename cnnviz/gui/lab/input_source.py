"""The lab's input X: a sample, random values, a typed matrix, an opened image or a layer's input.

:class:`InputSourceMixin` is a part of :class:`~cnnviz.gui.lab.view.ConvolutionLab`: it wires
the input controls of :class:`~cnnviz.gui.lab.settings_panel.LabSettingsPanel` and turns the
choice into the (C, H, W) tensor the stepper traces.  Image files are decoded off the GUI
thread (:meth:`InputSourceMixin.start_open_image`).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch
from PySide6.QtWidgets import QFileDialog

from cnnviz.core import samples
from cnnviz.core.lab_state import MAX_CHANNELS_IN
from cnnviz.gui import i18n
from cnnviz.gui.core_text import user_text
from cnnviz.gui.lab.names import sample_title
from cnnviz.gui.worker import JobState, Worker

__all__ = ["InputSourceMixin", "load_image_job"]


def load_image_job(state: JobState, path: str) -> torch.Tensor:
    """Worker function: decode and reduce the image file at ``path`` (C, H, W), in [0, 1]."""
    return samples.load_image(path)


class InputSourceMixin:
    """Input X of the lab (mixed into :class:`~cnnviz.gui.lab.view.ConvolutionLab`)."""

    def _connect_input_controls(self) -> None:
        self.input_source.currentIndexChanged.connect(self._on_input_source)
        self.btn_open.clicked.connect(self._open_image_dialog)
        self.in_channels.valueChanged.connect(self._on_in_channels)
        self.in_size.value_changed.connect(self._on_input_size)
        self.btn_new_input.clicked.connect(self._new_random_input)
        self.input_edit_channel.valueChanged.connect(lambda _v: self._show_input_editor())
        self.input_editor.matrix_edited.connect(self._on_input_edited)

    def _fill_input_combo(self) -> None:
        """The input choices: samples, random, typed, and the opened file or layer input."""
        with self._quiet():
            current = self.input_source.currentData()
            self.input_source.clear()
            for name in samples.list_samples():
                self.input_source.addItem(sample_title(name), f"sample:{name}")
            self.input_source.insertSeparator(self.input_source.count())
            self.input_source.addItem(self.tr("Random tensor"), "random")
            self.input_source.addItem(self.tr("Typed matrix"), "typed")
            if self._file_tensor is not None:
                self.input_source.addItem(
                    self.tr("Opened image: {name}").format(name=self._file_name), "file"
                )
            if self._layer_tensor is not None:
                self.input_source.addItem(
                    self.tr("Layer input: {layer}").format(layer=self._layer_text), "layer"
                )
            key = current or self._input_key()
            index = self.input_source.findData(key)
            self.input_source.setCurrentIndex(max(index, 0))

    def _input_key(self) -> str:
        return f"sample:{self._sample}" if self._input_kind == "sample" else self._input_kind

    def _source_tensor(self) -> torch.Tensor | None:
        """The chosen image before channel adaptation (None for random / typed)."""
        if self._input_kind == "sample":
            return samples.load_sample(self._sample)
        if self._input_kind == "file":
            return self._file_tensor
        if self._input_kind == "layer":
            return self._layer_tensor
        return None

    def _candidate_input(self) -> torch.Tensor:
        C = self._state.in_channels
        if self._input_kind == "random":
            h, w = self._input_size
            return samples.random_input(C, h, w, seed=self._input_seed)
        if self._input_kind == "typed":
            return torch.from_numpy(self._typed[:C].copy())
        source = self._source_tensor()
        assert source is not None
        return samples.adapt_channels(source.to(torch.float64), C)

    def _on_input_source(self, _index: int) -> None:
        if self._updating:
            return
        key = self.input_source.currentData()
        if key is None:
            return
        self._cancel_image_job()  # another input was chosen: the file being loaded is dropped
        if key.startswith("sample:"):
            self._input_kind, self._sample = "sample", key.split(":", 1)[1]
        else:
            self._input_kind = key
        source = self._source_tensor()
        if source is not None:
            channels = min(source.shape[0], MAX_CHANNELS_IN)
            self._state = self._state.replace(in_channels=channels)
            self._show_state()
        elif key == "typed":
            self._input_size = self._typed.shape[1:]
            self.in_size.set_value(self._input_size)
        self._update_visibility()
        self._show_input_editor()
        self._update_input_info()
        self._rebuild("input")

    def _on_in_channels(self, value: int) -> None:
        if self._take("input", in_channels=value):
            self._show_kernel_editor()
            self._on_input_changed()

    def _on_input_changed(self) -> None:
        if self._updating:
            return
        self._show_input_editor()
        self._update_input_info()
        self._rebuild("input")

    def _on_input_size(self, size: tuple[int, int]) -> None:
        self._input_size = (int(size[0]), int(size[1]))
        if self._input_kind == "typed":
            old = self._typed
            new = np.zeros((MAX_CHANNELS_IN, *size))
            h, w = min(size[0], old.shape[1]), min(size[1], old.shape[2])
            new[:, :h, :w] = old[:, :h, :w]
            self._typed = new
            self._show_input_editor()
        self._on_input_changed()

    def _new_random_input(self) -> None:
        self._input_seed += 1
        self._rebuild("input")

    def _show_input_editor(self) -> None:
        C = self._state.in_channels
        self.input_edit_channel.setMaximum(C - 1)
        c = min(self.input_edit_channel.value(), C - 1)
        self.input_editor.set_matrix(self._typed[c])

    def _on_input_edited(self, values: np.ndarray) -> None:
        c = self.input_edit_channel.value()
        self._typed[c] = values
        self._rebuild("input")

    def _open_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open an image"),
            "",
            self.tr("Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp);;All files (*)"),
        )
        if path:
            self.start_open_image(path)

    def open_image(self, path: str | os.PathLike) -> bool:
        """Use the image file at ``path`` (reduced to at most 64×64) as the input, now.

        A file that can't be read leaves everything as it was and shows why, in red, under
        the Open button; returns False then. Blocks while the file is decoded (scripts,
        tests); the Open button uses :meth:`start_open_image`.
        """
        self._cancel_image_job()
        try:
            X = samples.load_image(path)
        except ValueError as exc:
            self._image_failed(user_text(exc))
            return False
        self._use_image(X, str(path))
        return True

    def start_open_image(self, path: str | os.PathLike) -> Worker:
        """Decode and reduce the image at ``path`` in the background ("Loading …" under the
        Open button), then use it as the input (:attr:`image_opened`) or show why not in red
        (:attr:`image_failed`). Choosing another input meanwhile, or another file, drops it."""
        self._cancel_image_job()
        path = str(path)
        self._image_path = path
        job = self.image_jobs.start(
            "image", load_image_job, path,
            on_result=self._on_image_loaded, on_failed=self._on_image_job_failed,
        )  # fmt: skip
        self.file_error.show_error("")
        self.file_status.setText(self.tr("Loading {name}…").format(name=Path(path).name))
        self.file_status.show()
        return job

    @property
    def is_loading_image(self) -> bool:
        """True while an opened image file is being decoded in the background."""
        return self.image_jobs.busy

    def _cancel_image_job(self) -> None:
        self.file_status.hide()
        self.image_jobs.cancel()

    def _on_image_loaded(self, X: torch.Tensor) -> None:
        self.file_status.hide()
        self._use_image(X, self._image_path)

    def _on_image_job_failed(self, exc: BaseException, _details: str) -> None:
        self.file_status.hide()
        if isinstance(exc, ValueError):  # the core's sentence names the file
            self._image_failed(user_text(exc))
        else:
            name = Path(self._image_path).name
            self._image_failed(f"{name}: {str(exc) or type(exc).__name__}")

    def _image_failed(self, message: str) -> None:
        self.file_error.show_error(message)
        self.image_failed.emit(message)

    def _use_image(self, X: torch.Tensor, path: str) -> None:
        self.file_error.show_error("")
        self._file_tensor = X
        self._file_name = Path(path).name
        self._input_kind = "file"
        self._fill_source_combos()
        if self.input_source.currentData() == "file":  # a second file: no index change
            self._on_input_source(self.input_source.currentIndex())
        else:
            self._set_combo(self.input_source, "file", emit=True)
        self.image_opened.emit(path)

    def _update_input_info(self) -> None:
        try:
            X = self._candidate_input()
        except (ValueError, AssertionError):
            return
        C, H, W = X.shape
        shape = f"{C}×{H}×{W}"
        if self._input_kind == "sample":
            info = samples.get_sample(self._sample)
            text = self.tr("{shape}; {licence}").format(
                shape=shape, licence=info.licence_in(i18n.current_language())
            )
        elif self._input_kind == "file":
            text = self.tr("{shape}; from {name}").format(shape=shape, name=self._file_name)
        elif self._input_kind == "layer":
            text = self.tr("{shape}; {what}").format(shape=shape, what=self._layer_text)
        elif self._input_kind == "random":
            text = self.tr("{shape}; random integers 0–9").format(shape=shape)
        else:
            text = self.tr("{shape}; type numbers into the cells").format(shape=shape)
        source = self._source_tensor()
        if source is not None and source.shape[0] != C:
            if source.shape[0] == 3 and C == 1:
                text += "\n" + self.tr("RGB to one grey channel: 0.299 R + 0.587 G + 0.114 B")
            elif C > source.shape[0]:
                text += "\n" + self.tr("channels repeated: {a} → {b}").format(
                    a=source.shape[0], b=C
                )
            else:
                text += "\n" + self.tr("first {b} of {a} channels").format(a=source.shape[0], b=C)
        if self._input_kind == "layer" and self._layer_notes:
            text += "\n" + self._layer_notes
        self.input_info.setText(text)
