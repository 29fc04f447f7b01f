"""ConvolutionLab: cross-correlation, pooling and their gradients, one number at a time.

Five modes share one tab bar: *Convolution*, *Pooling* and *Backward* step through a trace of
:mod:`cnnviz.core.stepper` on the :class:`~cnnviz.gui.lab.stepper.StepperPanel`, set up by the
panel on the left (input, kernel, padding/stride/dilation, channels, bias); *Learn a kernel*
animates the book's experiment; *Feature maps* shows every layer of the chosen network on one
image and opens a clicked channel in the stepper.

Used by the main window through :meth:`ConvolutionLab.set_model`, :meth:`~ConvolutionLab.set_style`,
:meth:`~ConvolutionLab.retranslate` and :meth:`~ConvolutionLab.export_png`.
"""

from __future__ import annotations

import copy
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core import samples
from cnnviz.core.errors import FieldError
from cnnviz.core.features import (
    FeatureExtractor,
    FeatureResult,
    LayerCase,
    build_model,
    input_shape_for,
)
from cnnviz.core.files import atomic_path
from cnnviz.core.lab_state import (
    LAB_MODES,
    MAX_CHANNELS_IN,
    MAX_CHANNELS_OUT,
    LabState,
    broadcast_bank,
    centred,
    network_bank,
    stacked_bank,
)
from cnnviz.core.stepper import BackwardTrace, ConvTrace, PoolTrace, conv2d_trace, pool2d_trace
from cnnviz.gui.jobs import JobSlot
from cnnviz.gui.lab.controls import ErrorLabel, MatrixEditor, PairSpin
from cnnviz.gui.lab.features import FeatureMapsPanel
from cnnviz.gui.lab.learn import LearnKernelPanel
from cnnviz.gui.lab.names import kernel_title, sample_title
from cnnviz.gui.lab.step_export import StepExport
from cnnviz.gui.lab.stepper import StepperPanel
from cnnviz.gui.theme import Theme, get_theme
from cnnviz.gui.worker import JobState, Worker

__all__ = ["MODES", "ConvolutionLab"]

MODES = LAB_MODES
#: where the core's FieldError of each state field is shown (the key of ``errors``)
_ERROR_FOR_FIELD = {"input": "input", "kernel": "kernel_group", "bias": "kernel_group",
                    "kernel_size": "kernel", "padding": "padding", "stride": "stride",
                    "dilation": "dilation"}  # fmt: skip


# --------------------------------------------------------------------------- background jobs


def _extractor_for(name: str | None, given: torch.nn.Module | None) -> FeatureExtractor:
    """A CPU copy of the given model (or the zoo model, default init) ready to run."""
    if given is not None:
        model = copy.deepcopy(given).to("cpu").eval()
    elif name is not None:
        model = build_model(name)
    else:
        raise ValueError("no network is chosen")
    return FeatureExtractor(model, input_shape_for(name, model))


def load_model_job(state: JobState, name: str | None, given: torch.nn.Module | None) -> Any:
    """Worker function: build the network (no features)."""
    return _extractor_for(name, given), None


def feature_job(
    state: JobState,
    name: str | None,
    given: torch.nn.Module | None,
    extractor: FeatureExtractor | None,
    image: torch.Tensor,
) -> tuple[FeatureExtractor, FeatureResult, float]:
    """Worker function: build the network if needed and compute every layer's output."""
    t0 = time.perf_counter()
    if extractor is None:
        extractor = _extractor_for(name, given)
        state.check()
    result = extractor.run(image, check=state.check)
    return extractor, result, time.perf_counter() - t0


def load_image_job(state: JobState, path: str) -> torch.Tensor:
    """Worker function: decode and reduce the image file at ``path`` (C, H, W), in [0, 1]."""
    return samples.load_image(path)


# --------------------------------------------------------------------------- the lab


class ConvolutionLab(QWidget):
    """The convolution lab: stepper, pooling, backward, learn-a-kernel and feature maps."""

    mode_changed = Signal(str)
    trace_changed = Signal()  # a new trace is shown (settings changed)
    features_computed = Signal()  # the feature maps of the current image are shown
    features_failed = Signal(str)
    model_loaded = Signal()  # the network's weights are available
    image_opened = Signal(str)  # an image file (its path) became the input
    image_failed = Signal(str)  # an image file could not be opened: the sentence shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self._mode = "conv"
        self._last_forward = "conv"  # what Backward goes back through by default
        self.trace: ConvTrace | PoolTrace | None = None
        self.backward: BackwardTrace | None = None
        # input
        self._input_kind = "sample"  # "sample", "random", "typed", "file", "layer"
        self._sample = "book_3x3"
        self._file_tensor: torch.Tensor | None = None
        self._file_name = ""
        self._layer_tensor: torch.Tensor | None = None
        self._layer_text = ""
        self._layer_notes = ""
        self._input_seed = 0
        self._typed = np.zeros((MAX_CHANNELS_IN, 3, 3))
        self._typed[:] = np.arange(9.0).reshape(3, 3)
        self._typed[1] += 1
        self._typed[2] += 2
        # kernel: a bank for every (output, input) channel pair; K = bank[:C_out, :C_in]
        self._kernel_kind = "preset"  # "preset", "random", "custom", "network"
        self._preset = "book_2x2"
        self._kernel_seed = 0
        self._bank = np.zeros((MAX_CHANNELS_OUT, MAX_CHANNELS_IN, 2, 2))
        self._biases = np.zeros(MAX_CHANNELS_OUT)
        self._fill_preset()
        # committed geometry of each operation
        self._conv_geometry = {"stride": (1, 1), "padding": (0, 0), "dilation": (1, 1)}
        self._pool_geometry = {"kernel": (2, 2), "stride": (2, 2), "padding": (0, 0)}
        self._grad_seed = 0
        # network
        self._model_name: str | None = None
        self._given_model: torch.nn.Module | None = None
        self._extractor: FeatureExtractor | None = None
        self._features: FeatureResult | None = None
        self._features_stale = True
        self._feature_image: torch.Tensor | None = None
        self.jobs = JobSlot(self)  # building the network, computing feature maps
        self.image_jobs = JobSlot(self)  # decoding an opened image file
        self._image_path = ""
        self._export_dialog: QProgressDialog | None = None
        self._after_model: list[Callable[[], None]] = []
        self._net_layer: str | None = None
        self._net_channel = 0
        self._updating = False
        self._batch_depth = 0  # inside _one_rebuild(): rebuilds wait until the end
        self._rebuild_pending: tuple[str | None] | None = None
        self.rebuild_count = 0  # traces computed (what a slide costs; tests count it)

        self._build_ui()
        self._shrinkable_combos()
        self._build_shortcuts()
        self.retranslate()
        self._sync_geometry_spins()
        self._show_input_editor()
        self._show_kernel_editor()
        self._update_visibility()
        self._rebuild()

    # ================================================================== UI

    def _build_ui(self) -> None:
        self.tabs = QTabBar(self)
        self.tabs.setExpanding(False)
        self.tabs.setDrawBase(False)
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for _ in MODES:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(lambda i: self.set_mode(MODES[i]))
        self.btn_settings = QPushButton(self)
        self.btn_settings.setCheckable(True)
        self.btn_settings.setChecked(True)
        self.btn_settings.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.btn_settings.toggled.connect(lambda on: self.settings_scroll.setVisible(on))
        self.btn_export = QPushButton(self)
        self.btn_export.clicked.connect(self._export_png_dialog)
        self.btn_export_steps = QPushButton(self)
        self.btn_export_steps.clicked.connect(self._export_steps_dialog)
        for b in (self.btn_export, self.btn_export_steps):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.tabs)
        top.addStretch(1)
        top.addWidget(self.btn_settings)
        top.addWidget(self.btn_export)
        top.addWidget(self.btn_export_steps)

        self.settings = self._build_settings()
        self.settings_scroll = QScrollArea(self)
        self.settings_scroll.setWidget(self.settings)
        self.settings_scroll.setWidgetResizable(True)
        self.settings_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.settings_scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.stepper = StepperPanel(self)
        self.stepper.canvas.cell_clicked.connect(self._on_cell_clicked)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.settings_scroll)
        self.splitter.addWidget(self.stepper)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        self.learn = LearnKernelPanel(self)
        self.features = FeatureMapsPanel(self)
        self.features.mosaic.channel_activated.connect(self.open_layer)
        self.features.recompute_requested.connect(self.compute_features)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.learn)
        self.pages.addWidget(self.features)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(self.pages, 1)

    def _build_settings(self) -> QWidget:
        box = QWidget(self)
        lay = QVBoxLayout(box)
        lay.setContentsMargins(4, 4, 4, 4)

        # ---- input
        self.grp_input = QGroupBox(box)
        form = QFormLayout(self.grp_input)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.input_source = QComboBox(box)
        self.input_source.currentIndexChanged.connect(self._on_input_source)
        self.btn_open = QPushButton(box)
        self.btn_open.clicked.connect(self._open_image_dialog)
        self.in_channels = QSpinBox(box)
        self.in_channels.setRange(1, MAX_CHANNELS_IN)
        self.in_channels.valueChanged.connect(lambda _v: self._on_input_changed())
        self.in_size = PairSpin(1, samples.MAX_SIDE, (5, 5), box)
        self.in_size.value_changed.connect(self._on_input_size)
        self.btn_new_input = QPushButton(box)
        self.btn_new_input.clicked.connect(self._new_random_input)
        self.input_edit_channel = QSpinBox(box)
        self.input_edit_channel.setRange(0, MAX_CHANNELS_IN - 1)
        self.input_edit_channel.valueChanged.connect(lambda _v: self._show_input_editor())
        self.input_editor = MatrixEditor(box)
        self.input_editor.matrix_edited.connect(self._on_input_edited)
        self.input_editor.value_rejected.connect(lambda m: self.input_error.show_error(m))
        self.input_info = QLabel(box)
        self.input_info.setWordWrap(True)
        self.file_status = QLabel(box)  # "Loading photo.png…" while it is decoded
        self.file_status.setWordWrap(True)
        self.file_status.hide()
        self.file_error = ErrorLabel(box)
        self.input_error = ErrorLabel(box)
        self.lbl_source, self.lbl_in_channels = QLabel(box), QLabel(box)
        self.lbl_in_size, self.lbl_edit_channel = QLabel(box), QLabel(box)
        form.addRow(self.lbl_source, self.input_source)
        form.addRow("", self.btn_open)
        form.addRow("", self.file_status)
        form.addRow("", self.file_error)
        form.addRow(self.lbl_in_channels, self.in_channels)
        form.addRow(self.lbl_in_size, self.in_size)
        form.addRow("", self.btn_new_input)
        form.addRow(self.lbl_edit_channel, self.input_edit_channel)
        form.addRow(self.input_editor)
        form.addRow(self.input_info)
        form.addRow(self.input_error)
        self.input_form = form
        lay.addWidget(self.grp_input)

        # ---- kernel
        self.grp_kernel = QGroupBox(box)
        form = QFormLayout(self.grp_kernel)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kernel_source = QComboBox(box)
        self.kernel_source.currentIndexChanged.connect(self._on_kernel_source)
        self.layer_combo = QComboBox(box)
        self.layer_combo.currentIndexChanged.connect(self._on_layer_chosen)
        self.layer_channel = QSpinBox(box)
        self.layer_channel.valueChanged.connect(self._on_layer_channel)
        self.network_info = QLabel(box)
        self.network_info.setWordWrap(True)
        self.out_channels = QSpinBox(box)
        self.out_channels.setRange(1, MAX_CHANNELS_OUT)
        self.out_channels.valueChanged.connect(self._on_out_channels)
        self.edit_out = QSpinBox(box)
        self.edit_in = QSpinBox(box)
        for s in (self.edit_out, self.edit_in):
            s.valueChanged.connect(lambda _v: self._show_kernel_editor())
        edit_row = QWidget(box)
        el = QHBoxLayout(edit_row)
        el.setContentsMargins(0, 0, 0, 0)
        self.lbl_edit_out, self.lbl_edit_in = QLabel(box), QLabel(box)
        el.addWidget(self.lbl_edit_out)
        el.addWidget(self.edit_out)
        el.addWidget(self.lbl_edit_in)
        el.addWidget(self.edit_in)
        el.addStretch(1)
        self.kernel_editor = MatrixEditor(box)
        self.kernel_editor.matrix_edited.connect(self._on_kernel_edited)
        self.kernel_editor.value_rejected.connect(lambda m: self.kernel_error.show_error(m))
        self.use_bias = QCheckBox(box)
        self.use_bias.toggled.connect(lambda _on: self._on_bias_changed())
        self.bias_value = QDoubleSpinBox(box)
        self.bias_value.setRange(-100.0, 100.0)
        self.bias_value.setDecimals(3)
        self.bias_value.setSingleStep(0.5)
        self.bias_value.valueChanged.connect(self._on_bias_value)
        bias_row = QWidget(box)
        bl = QHBoxLayout(bias_row)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.use_bias)
        bl.addWidget(self.bias_value, 1)
        self.btn_new_kernel = QPushButton(box)
        self.btn_new_kernel.clicked.connect(self._new_random_kernel)
        self.kernel_error = ErrorLabel(box)
        self.lbl_kernel_source, self.lbl_layer = QLabel(box), QLabel(box)
        self.lbl_layer_channel, self.lbl_out_channels = QLabel(box), QLabel(box)
        form.addRow(self.lbl_kernel_source, self.kernel_source)
        form.addRow(self.lbl_layer, self.layer_combo)
        form.addRow(self.lbl_layer_channel, self.layer_channel)
        form.addRow(self.network_info)
        form.addRow(self.lbl_out_channels, self.out_channels)
        form.addRow(edit_row)
        form.addRow(self.kernel_editor)
        form.addRow(bias_row)
        form.addRow("", self.btn_new_kernel)
        form.addRow(self.kernel_error)
        self.kernel_form = form
        lay.addWidget(self.grp_kernel)

        # ---- pooling
        self.grp_pool = QGroupBox(box)
        form = QFormLayout(self.grp_pool)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.pool_mode = QComboBox(box)
        self.pool_mode.addItem("", "max")
        self.pool_mode.addItem("", "avg")
        self.pool_mode.currentIndexChanged.connect(lambda _i: self._rebuild("pool_mode"))
        self.lbl_pool_mode = QLabel(box)
        form.addRow(self.lbl_pool_mode, self.pool_mode)
        lay.addWidget(self.grp_pool)

        # ---- geometry
        self.grp_geometry = QGroupBox(box)
        form = QFormLayout(self.grp_geometry)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kernel_size = PairSpin(1, 15, (2, 2), box)
        self.padding = PairSpin(-1, 16, (0, 0), box)
        self.stride = PairSpin(0, 16, (1, 1), box)
        self.dilation = PairSpin(0, 8, (1, 1), box)
        self.kernel_size.value_changed.connect(self._on_kernel_size)
        self.padding.value_changed.connect(lambda _v: self._rebuild("padding"))
        self.stride.value_changed.connect(lambda _v: self._rebuild("stride"))
        self.dilation.value_changed.connect(lambda _v: self._rebuild("dilation"))
        self.errors: dict[str, ErrorLabel] = {}
        self.geometry_labels: dict[str, QLabel] = {}
        for key, widget in (
            ("kernel", self.kernel_size),
            ("padding", self.padding),
            ("stride", self.stride),
            ("dilation", self.dilation),
        ):
            label = QLabel(box)
            err = ErrorLabel(box)
            form.addRow(label, widget)
            form.addRow(err)
            self.errors[key] = err
            self.geometry_labels[key] = label
        self.errors["input"] = self.input_error
        self.errors["kernel_group"] = self.kernel_error
        self.formula_title = QLabel(box)
        self.formula_title.setWordWrap(True)
        self.formula = QLabel(box)
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.general_error = ErrorLabel(box)
        self.errors["general"] = self.general_error
        form.addRow(self.formula_title)
        form.addRow(self.formula)
        form.addRow(self.general_error)
        self.geometry_form = form
        lay.addWidget(self.grp_geometry)

        # ---- backward
        self.grp_backward = QGroupBox(box)
        form = QFormLayout(self.grp_backward)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.back_through = QComboBox(box)
        self.back_through.addItem("", "conv")
        self.back_through.addItem("", "pool")
        self.back_through.currentIndexChanged.connect(self._on_back_through)
        self.grad_kind = QComboBox(box)
        for key in ("ones", "random", "cell"):
            self.grad_kind.addItem("", key)
        self.grad_kind.currentIndexChanged.connect(self._on_grad_kind)
        self.grad_cell = [QSpinBox(box) for _ in range(3)]
        cell_row = QWidget(box)
        cl = QHBoxLayout(cell_row)
        cl.setContentsMargins(0, 0, 0, 0)
        for s in self.grad_cell:
            s.setRange(0, 0)
            s.valueChanged.connect(lambda _v: self._rebuild("grad"))
            cl.addWidget(s)
        cl.addStretch(1)
        self.btn_new_grad = QPushButton(box)
        self.btn_new_grad.clicked.connect(self._new_random_grad)
        self.grad_hint = QLabel(box)
        self.grad_hint.setWordWrap(True)
        self.lbl_through, self.lbl_grad, self.lbl_cell = QLabel(box), QLabel(box), QLabel(box)
        form.addRow(self.lbl_through, self.back_through)
        form.addRow(self.lbl_grad, self.grad_kind)
        form.addRow(self.lbl_cell, cell_row)
        form.addRow("", self.btn_new_grad)
        form.addRow(self.grad_hint)
        self.backward_form = form
        lay.addWidget(self.grp_backward)
        lay.addStretch(1)
        return box

    def _shrinkable_combos(self) -> None:
        for combo in self.settings.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)

    def _build_shortcuts(self) -> None:
        self._keys: dict[int, Callable[[], None]] = {
            Qt.Key.Key_Space: self._key_play,
            Qt.Key.Key_Left: self._key_back,
            Qt.Key.Key_Right: self._key_forward,
            Qt.Key.Key_PageUp: self._key_back,
            Qt.Key.Key_PageDown: self._key_forward,
            Qt.Key.Key_Home: self._key_reset,
            Qt.Key.Key_End: self._key_end,
        }
        self.shortcuts = []
        for key, slot in self._keys.items():
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
            self.shortcuts.append(sc)

    # ================================================================== public API

    @property
    def mode(self) -> str:
        """ "conv", "pool", "backward", "learn" or "features"."""
        return self._mode

    def set_mode(self, mode: str) -> None:
        """Show mode ``mode`` (one of :data:`MODES`); ValueError for another name."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        if mode == self._mode and self.tabs.currentIndex() == MODES.index(mode):
            return
        self.stepper.pause()
        self.learn.pause()
        self._mode = mode
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(MODES.index(mode))
        self.tabs.blockSignals(False)
        self.pages.setCurrentIndex({"learn": 1, "features": 2}.get(mode, 0))
        if mode == "backward":
            self._set_combo(self.back_through, self._last_forward)
        if mode in ("conv", "pool"):
            self._last_forward = mode
        self._sync_geometry_spins()
        self._update_visibility()
        if self.op is not None:
            self._rebuild()
        if mode == "features":
            self._ensure_features()
        self.btn_export_steps.setVisible(self.op is not None)
        self.mode_changed.emit(mode)

    @property
    def op(self) -> str | None:
        """The operation the stepper shows: "conv", "pool" or None (learn / feature maps)."""
        if self._mode in ("conv", "pool"):
            return self._mode
        if self._mode == "backward":
            return self.back_through.currentData() or "conv"
        return None

    def set_model(self, name: str | None, model: torch.nn.Module | None = None) -> None:
        """Use network ``name`` (a zoo name) for real kernels and feature maps.

        ``model`` gives trained weights (it is copied to the CPU when needed); without it the
        zoo network is built on the CPU with its default initialisation, lazily.
        """
        if name == self._model_name and model is self._given_model:
            return
        self.jobs.cancel()
        self._model_name, self._given_model = name, model
        self._extractor = None
        self._features = None
        self._features_stale = True
        self._after_model = []
        self._net_layer = None
        self._updating = True
        self.layer_combo.clear()
        self._updating = False
        self.features.set_result(None)
        self._update_network_texts()
        if self._kernel_kind == "network":
            self._need_model(self._fill_layers)
        if self._mode == "features":
            self._ensure_features()

    @property
    def model_name(self) -> str | None:
        return self._model_name

    def set_style(self, theme: Theme, font_scale: float) -> None:
        """Colours from ``theme``; cells, numbers and marks scaled by ``font_scale`` (1–3)."""
        self.theme, self.font_scale = theme, font_scale
        self.stepper.set_style(theme, font_scale)
        self.learn.set_style(theme, font_scale)
        self.features.set_style(theme, font_scale)
        for err in (*self.errors.values(), self.file_error):
            err.set_theme(theme)
        # palettes, not style sheets: a style sheet stops the app's font scale reaching a label
        for label in (self.input_info, self.network_info, self.grad_hint, self.file_status):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(theme.muted))
            label.setPalette(palette)
        editor_h = round(190 * font_scale)
        for editor in (self.input_editor, self.kernel_editor):
            editor.setMaximumHeight(editor_h)
        # the panel grows slower than the font: at 3× the steps still get most of the width
        self.settings_scroll.setMinimumWidth(round(230 * font_scale**0.7))
        left = round(270 * font_scale**0.7)
        self.splitter.setSizes([left, max(self.width() - left, 400)])

    def retranslate(self) -> None:
        """Set every text again in the current language."""
        for i, text in enumerate(
            (
                self.tr("Convolution"),
                self.tr("Pooling"),
                self.tr("Backward"),
                self.tr("Learn a kernel"),
                self.tr("Feature maps"),
            )
        ):
            self.tabs.setTabText(i, text)
        self.btn_settings.setText(self.tr("Settings"))
        self.btn_settings.setToolTip(
            self.tr("Show or hide the settings, to give the steps more room")
        )
        self.btn_export.setText(self.tr("Save PNG…"))
        self.btn_export.setToolTip(self.tr("Save this view as a PNG image"))
        self.btn_export_steps.setText(self.tr("Export steps…"))
        self.btn_export_steps.setToolTip(
            self.tr("Save every step as numbered PNG files or one animated GIF, for slides")
        )
        self.grp_input.setTitle(self.tr("Input X"))
        self.lbl_source.setText(self.tr("Source"))
        self.btn_open.setText(self.tr("Open image…"))
        self.btn_open.setToolTip(self.tr("A PNG or JPEG file, reduced to at most 64×64"))
        self.lbl_in_channels.setText(self.tr("Input channels"))
        self.lbl_in_size.setText(self.tr("Size (rows × columns)"))
        self.btn_new_input.setText(self.tr("New random values"))
        self.lbl_edit_channel.setText(self.tr("Edit channel"))
        self.grp_kernel.setTitle(self.tr("Kernel K"))
        self.lbl_kernel_source.setText(self.tr("Kernel"))
        self.lbl_layer.setText(self.tr("Layer"))
        self.lbl_layer_channel.setText(self.tr("Output channel"))
        self.lbl_out_channels.setText(self.tr("Output channels"))
        self.lbl_edit_out.setText(self.tr("Edit: output"))
        self.lbl_edit_in.setText(self.tr("input"))
        self.use_bias.setText(self.tr("Bias b"))
        self.bias_value.setToolTip(self.tr("Bias of the output channel being edited"))
        self.btn_new_kernel.setText(self.tr("New random values"))
        self.grp_pool.setTitle(self.tr("Pooling"))
        self.lbl_pool_mode.setText(self.tr("Mode"))
        self.pool_mode.setItemText(0, self.tr("maximum"))
        self.pool_mode.setItemText(1, self.tr("average"))
        self.grp_geometry.setTitle(self.tr("Window (height × width)"))
        for key, text in (
            ("kernel", self.tr("Kernel size")),
            ("padding", self.tr("Padding")),
            ("stride", self.tr("Stride")),
            ("dilation", self.tr("Dilation")),
        ):
            self.geometry_labels[key].setText(text)
        self.formula_title.setText(self.tr("Output size ⌊(n + 2p − d·(k − 1) − 1)/s⌋ + 1:"))
        self.grp_backward.setTitle(self.tr("Backward"))
        self.lbl_through.setText(self.tr("Through"))
        self.back_through.setItemText(0, self.tr("the convolution"))
        self.back_through.setItemText(1, self.tr("the pooling"))
        self.lbl_grad.setText(self.tr("Upstream gradient ∂L/∂Y"))
        self.grad_kind.setItemText(0, self.tr("all ones (L = sum of Y)"))
        self.grad_kind.setItemText(1, self.tr("random integers"))
        self.grad_kind.setItemText(2, self.tr("one cell"))
        self.lbl_cell.setText(self.tr("Cell (c, i, j)"))
        self.btn_new_grad.setText(self.tr("New random values"))
        self.grad_hint.setText(self.tr("Or click a cell of ∂L/∂Y on the right."))
        self._fill_source_combos()
        self._update_input_info()
        self._update_network_texts()

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

    def stop_jobs(self) -> None:
        """Stop playing, training and any background job (waits for it to end)."""
        self.stepper.stop()
        self.learn.stop()
        self.jobs.stop()
        self.image_jobs.stop()

    # ---- convenience for scripts and tests

    def set_input_sample(self, name: str) -> None:
        """Use sample ``name`` (see :func:`cnnviz.core.samples.list_samples`) as the input."""
        samples.get_sample(name)
        self._set_combo(self.input_source, f"sample:{name}", emit=True)

    def set_kernel_preset(self, name: str) -> None:
        """Use kernel preset ``name`` for every channel pair."""
        samples.get_kernel_preset(name)
        self._set_combo(self.kernel_source, f"preset:{name}", emit=True)

    def input_tensor(self) -> torch.Tensor:
        """The input the stepper uses now, (C, H, W)."""
        return self._candidate_input()

    # ---- lesson slides: the lab's state as plain data

    def apply_state(self, keys: dict) -> None:
        """Restore a lesson slide's lab keys (see :data:`cnnviz.core.lessons.SLIDE_KEYS`)."""
        self.apply(LabState.from_slide(keys))

    def apply(self, state: LabState) -> None:
        """Show ``state``, tracing once; a field it leaves at None keeps the lab's value.

        The core's validation still applies to the combination, so a kernel larger than the
        padded input shows its red message as if typed.
        """
        with self._one_rebuild():
            self.set_mode(state.mode)
            if state.mode == "backward":  # after set_mode, which picks its own default
                self._set_combo(self.back_through, state.through, emit=True)
            if state.input is not None:
                self.set_input_sample(state.input)
            self.in_channels.setValue(state.in_channels)
            self.out_channels.setValue(state.out_channels)
            if isinstance(state.kernel, str):
                self.set_kernel_preset(state.kernel)
            elif state.kernel is not None:
                self._bank = stacked_bank(state.kernel)
                self._kernel_kind = "custom"
                self._set_combo(self.kernel_source, "custom")
                self._after_kernel_change("kernel_group")
            if state.kernel_size is not None:
                self.kernel_size.set_value(state.kernel_size)
                self._on_kernel_size(state.kernel_size)
            self._set_combo(self.pool_mode, state.pool, emit=True)
            for key in ("padding", "stride", "dilation"):
                spin = getattr(self, key)
                spin.set_value(getattr(state, key))
                spin.value_changed.emit(spin.value())
            if state.bias is not None:
                self._biases[:] = float(state.bias)
                self._show_kernel_editor()
            self.use_bias.setChecked(state.bias is not None)
            self._set_combo(self.grad_kind, state.gradient, emit=True)
        if self._mode == "features":  # the maps must be of the slide's input, not the last one
            self._ensure_features()
        if self.stepper.num_steps:
            if state.step == "end":
                self.stepper.jump_to_end()
            else:
                self.stepper.set_step(min(int(state.step), self.stepper.num_steps - 1))

    def frame(self, focus: str) -> bool:
        """Show step ``focus`` ("5", or "end"); False for anything else or with no steps."""
        n = self.stepper.num_steps
        if not n or not (focus == "end" or focus.isdigit()):
            return False
        if focus == "end":
            self.stepper.jump_to_end()
        else:
            self.stepper.set_step(min(int(focus), n - 1))
        return True

    @contextmanager
    def _one_rebuild(self) -> Iterator[None]:
        """Within it, every change asks for a rebuild; the trace is computed once, at the end."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
        if self._batch_depth == 0 and self._rebuild_pending is not None:
            (cause,) = self._rebuild_pending
            self._rebuild_pending = None
            self._rebuild(cause)

    def capture_state(self) -> dict:
        """The lab's settings as lesson-slide keys (what :meth:`apply_state` restores)."""
        state: dict = {"lab_mode": self._mode}
        if self._input_kind == "sample":
            state["input"] = self._sample
        state["in_channels"] = self.in_channels.value()
        if self.op != "pool":
            state["out_channels"] = self.out_channels.value()
            if self._kernel_kind == "preset":
                state["kernel"] = self._preset
            else:
                c_in = self.in_channels.value()
                state["kernel"] = [self._bank[0, i].tolist() for i in range(c_in)]
        else:
            state["pool"] = self.pool_mode.currentData()
            state["kernel_size"] = list(self.kernel_size.value())
        for key in ("padding", "stride", "dilation"):
            state[key] = list(getattr(self, key).value())
        if self.use_bias.isChecked():
            state["bias"] = float(self._biases[0])
        if self.stepper.num_steps and self.stepper.k >= 0:
            state["step"] = int(self.stepper.k)
        return state

    # ================================================================== input

    def _fill_source_combos(self) -> None:
        self._updating = True
        try:
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

            current = self.kernel_source.currentData()
            self.kernel_source.clear()
            for name in samples.list_kernel_presets():
                self.kernel_source.addItem(kernel_title(name), f"preset:{name}")
            self.kernel_source.insertSeparator(self.kernel_source.count())
            self.kernel_source.addItem(self.tr("Random values"), "random")
            self.kernel_source.addItem(self.tr("Custom (typed)"), "custom")
            self.kernel_source.addItem(self.tr("From the network"), "network")
            key = current or self._kernel_key()
            self.kernel_source.setCurrentIndex(max(self.kernel_source.findData(key), 0))
        finally:
            self._updating = False

    def _input_key(self) -> str:
        return f"sample:{self._sample}" if self._input_kind == "sample" else self._input_kind

    def _kernel_key(self) -> str:
        return f"preset:{self._preset}" if self._kernel_kind == "preset" else self._kernel_kind

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
        C = self.in_channels.value()
        if self._input_kind == "random":
            h, w = self.in_size.value()
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
        self._updating = True
        try:
            if source is not None:
                self.in_channels.setValue(source.shape[0])
            elif key == "typed":
                self.in_size.set_value(self._typed.shape[1:])
        finally:
            self._updating = False
        self._update_visibility()
        self._show_input_editor()
        self._update_input_info()
        self._rebuild("input")

    def _on_input_changed(self) -> None:
        if self._updating:
            return
        self._show_input_editor()
        self._update_input_info()
        self._rebuild("input")

    def _on_input_size(self, size: tuple[int, int]) -> None:
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
        C = self.in_channels.value()
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
            self._image_failed(str(exc))
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
            self._image_failed(str(exc))
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
            text = self.tr("{shape}; {licence}").format(shape=shape, licence=info.licence)
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
                text += "\n" + self.tr("RGB averaged to one grey channel")
            elif C > source.shape[0]:
                text += "\n" + self.tr("channels repeated: {a} → {b}").format(
                    a=source.shape[0], b=C
                )
            else:
                text += "\n" + self.tr("first {b} of {a} channels").format(a=source.shape[0], b=C)
        if self._input_kind == "layer" and self._layer_notes:
            text += "\n" + self._layer_notes
        self.input_info.setText(text)

    # ================================================================== kernel

    def _fill_preset(self) -> None:
        self._bank = broadcast_bank(samples.get_kernel_preset(self._preset).tensor().numpy())

    def _on_kernel_source(self, _index: int) -> None:
        if self._updating:
            return
        key = self.kernel_source.currentData()
        if key is None:
            return
        if key.startswith("preset:"):
            self._kernel_kind, self._preset = "preset", key.split(":", 1)[1]
            self._fill_preset()
        else:
            self._kernel_kind = key
            if key == "random":
                self._fill_random_kernel()
            elif key == "network":
                self._update_visibility()
                self._need_model(self._fill_layers)
                return
        self._after_kernel_change("kernel_group")

    def _fill_random_kernel(self) -> None:
        kh, kw = self._bank.shape[2:]
        self._bank = samples.random_kernel(
            MAX_CHANNELS_OUT, MAX_CHANNELS_IN, kh, kw, seed=self._kernel_seed
        ).numpy()

    def _new_random_kernel(self) -> None:
        self._kernel_seed += 1
        self._kernel_kind = "random"
        self._set_combo(self.kernel_source, "random")
        self._fill_random_kernel()
        self._after_kernel_change("kernel_group")

    def _after_kernel_change(self, cause: str) -> None:
        """The bank changed: show its size and values, then rebuild."""
        self.kernel_size.set_value(self._bank.shape[2:])
        self._update_visibility()
        self._show_kernel_editor()
        self._rebuild(cause)

    def _on_kernel_size(self, size: tuple[int, int]) -> None:
        if self.op == "pool":
            self._rebuild("kernel")
            return
        kh, kw = size
        if self._kernel_kind == "random":
            self._bank = np.zeros((MAX_CHANNELS_OUT, MAX_CHANNELS_IN, kh, kw))
            self._fill_random_kernel()
        else:
            # keep the old kernel centred in the new size; a preset becomes a custom kernel
            self._bank = centred(self._bank, (kh, kw))
            if self._kernel_kind != "custom":
                self._kernel_kind = "custom"
                self._set_combo(self.kernel_source, "custom")
        self._show_kernel_editor()
        self._update_visibility()
        self._rebuild("kernel")

    def _show_kernel_editor(self) -> None:
        C_out, C_in = self.out_channels.value(), self.in_channels.value()
        self.edit_out.setMaximum(C_out - 1)
        self.edit_in.setMaximum(C_in - 1)
        o, i = min(self.edit_out.value(), C_out - 1), min(self.edit_in.value(), C_in - 1)
        self.kernel_editor.set_matrix(self._bank[o, i])
        self.bias_value.blockSignals(True)
        self.bias_value.setValue(float(self._biases[o]))
        self.bias_value.blockSignals(False)

    def _on_kernel_edited(self, values: np.ndarray) -> None:
        o, i = self.edit_out.value(), self.edit_in.value()
        self._bank[o, i] = values
        if self._kernel_kind != "custom":
            self._kernel_kind = "custom"
            self._set_combo(self.kernel_source, "custom")
            self._update_visibility()
        self._rebuild("kernel_group")

    def _on_out_channels(self, _value: int) -> None:
        self._show_kernel_editor()
        self._rebuild("kernel_group")

    def _on_bias_changed(self) -> None:
        self.bias_value.setEnabled(self.use_bias.isChecked())
        self._rebuild("kernel_group")

    def _on_bias_value(self, value: float) -> None:
        self._biases[self.edit_out.value()] = value
        if self.use_bias.isChecked():
            self._rebuild("kernel_group")

    # ---- the network's kernels

    def _conv_layers(self) -> list[tuple[str, torch.nn.Conv2d]]:
        if self._extractor is None:
            return []
        return [
            (n, m)
            for n, m in self._extractor.model.named_modules()
            if isinstance(m, torch.nn.Conv2d)
        ]

    def _fill_layers(self) -> None:
        layers = self._conv_layers()
        self._updating = True
        try:
            self.layer_combo.clear()
            for name, m in layers:
                kh, kw = m.kernel_size
                text = f"{name} · {m.in_channels}→{m.out_channels}, {kh}×{kw}"
                self.layer_combo.addItem(text, name)
            index = self.layer_combo.findData(self._net_layer) if self._net_layer else 0
            self.layer_combo.setCurrentIndex(max(index, 0))
        finally:
            self._updating = False
        if self._kernel_kind == "network" and layers:
            self._load_network_kernel(self.layer_combo.currentData(), self.layer_channel.value())

    def _on_layer_chosen(self, _index: int) -> None:
        if self._updating or self.layer_combo.currentData() is None:
            return
        self._load_network_kernel(self.layer_combo.currentData(), 0)

    def _on_layer_channel(self, value: int) -> None:
        if self._updating or self._net_layer is None or self._kernel_kind != "network":
            return
        self._load_network_kernel(self._net_layer, value)

    def _load_network_kernel(self, layer: str, channel: int) -> None:
        """Kernels of output channels ``channel`` … of conv layer ``layer``, with its geometry."""
        if self._extractor is None:
            return
        conv = self._extractor.model.get_submodule(layer)
        assert isinstance(conv, torch.nn.Conv2d)
        weight = conv.weight.detach().to("cpu", torch.float64).numpy()  # (C_out, C_in/g, kh, kw)
        bias = None if conv.bias is None else conv.bias.detach().to("cpu", torch.float64).numpy()
        C_out = weight.shape[0]
        channel = max(0, min(channel, C_out - 1))
        self._net_layer, self._net_channel = layer, channel
        self._kernel_kind = "network"
        self._bank, self._biases, n_out, n_in = network_bank(weight, bias, channel)
        self._updating = True
        try:
            self._set_combo(self.kernel_source, "network")
            self.layer_combo.setCurrentIndex(max(self.layer_combo.findData(layer), 0))
            self.layer_channel.setRange(0, C_out - 1)
            self.layer_channel.setValue(channel)
            self.in_channels.setValue(n_in)
            self.out_channels.setValue(min(self.out_channels.value(), n_out))
            self.use_bias.setChecked(conv.bias is not None)
        finally:
            self._updating = False
        if self.op == "conv" and isinstance(conv.padding, tuple):
            self._conv_geometry = {
                "stride": tuple(conv.stride),
                "padding": tuple(conv.padding),
                "dilation": tuple(conv.dilation),
            }
            self._sync_geometry_spins()
        self._update_network_texts()
        self._show_input_editor()
        self._update_input_info()
        self._after_kernel_change("kernel_group")

    def _update_network_texts(self) -> None:
        if self._model_name is None and self._given_model is None:
            text = self.tr("Choose a network first (left).")
        elif self._extractor is None:
            text = self.tr("Network {name}: loading when needed…").format(name=self._model_name)
        else:
            weights = (
                self.tr("trained weights")
                if self._given_model is not None
                else self.tr("initial weights (not trained yet)")
            )
            text = self.tr("Network {name}, {weights}.").format(
                name=self._model_name, weights=weights
            )
            layers = dict(self._conv_layers())
            if self._net_layer in layers and self._kernel_kind == "network":
                conv = layers[self._net_layer]
                cin = conv.in_channels // conv.groups
                if cin > MAX_CHANNELS_IN:
                    text += " " + self.tr(
                        "The layer has {n} input channels; the first {m} are shown."
                    ).format(n=cin, m=MAX_CHANNELS_IN)
        self.network_info.setText(text)

    # ================================================================== geometry

    def _sync_geometry_spins(self) -> None:
        """Show the committed geometry of the current operation in the spin boxes."""
        op = self.op
        if op == "pool":
            g = self._pool_geometry
            self.kernel_size.set_value(g["kernel"])
            self.stride.set_value(g["stride"])
            self.padding.set_value(g["padding"])
        elif op == "conv":
            g = self._conv_geometry
            self.kernel_size.set_value(self._bank.shape[2:])
            self.stride.set_value(g["stride"])
            self.padding.set_value(g["padding"])
            self.dilation.set_value(g["dilation"])
        for err in self.errors.values():
            err.show_error("")

    def _update_visibility(self) -> None:
        op = self.op
        self.grp_kernel.setVisible(op == "conv")
        self.grp_pool.setVisible(op == "pool")
        self.grp_backward.setVisible(self._mode == "backward")
        for w in (self.dilation, self.geometry_labels["dilation"]):
            w.setVisible(op == "conv")
        if op != "conv":
            self.errors["dilation"].hide()
        typed = self._input_kind == "typed"
        sized = self._input_kind in ("typed", "random")
        self.input_form.setRowVisible(self.in_size, sized)
        self.input_form.setRowVisible(self.btn_new_input, self._input_kind == "random")
        self.input_form.setRowVisible(self.input_edit_channel, typed)
        self.input_form.setRowVisible(self.input_editor, typed)
        network = self._kernel_kind == "network"
        self.kernel_form.setRowVisible(self.layer_combo, network)
        self.kernel_form.setRowVisible(self.layer_channel, network)
        self.kernel_form.setRowVisible(self.network_info, network)
        self.kernel_form.setRowVisible(self.btn_new_kernel, self._kernel_kind == "random")
        cell = self.grad_kind.currentData() == "cell"
        self.backward_form.setRowVisible(self.grad_cell[0].parentWidget(), cell)
        self.backward_form.setRowVisible(self.grad_hint, cell)
        self.backward_form.setRowVisible(
            self.btn_new_grad, self.grad_kind.currentData() == "random"
        )
        self.bias_value.setEnabled(self.use_bias.isChecked())
        self.btn_export_steps.setVisible(op is not None)
        self.btn_settings.setVisible(op is not None)

    # ================================================================== backward

    def _on_back_through(self, _index: int) -> None:
        if self._mode != "backward":
            return
        self._sync_geometry_spins()
        self._update_visibility()
        self._rebuild("through")

    def _on_grad_kind(self, _index: int) -> None:
        self._update_visibility()
        self._rebuild("grad")

    def _new_random_grad(self) -> None:
        self._grad_seed += 1
        self._rebuild("grad")

    def _upstream(self, trace: ConvTrace | PoolTrace) -> torch.Tensor | None:
        kind = self.grad_kind.currentData()
        shape = trace.output_shape
        for spin, n in zip(self.grad_cell, shape):
            spin.blockSignals(True)
            spin.setMaximum(n - 1)
            spin.blockSignals(False)
        if kind == "random":
            g = torch.Generator().manual_seed(self._grad_seed)
            return torch.randint(-2, 3, shape, generator=g).to(torch.float64)
        if kind == "cell":
            G = torch.zeros(shape, dtype=torch.float64)
            G[tuple(s.value() for s in self.grad_cell)] = 1.0
            return G
        return None

    def _on_cell_clicked(self, key: str, channel: int, i: int, j: int) -> None:
        t = self.trace
        if t is None:
            return
        if key == "grad_out":
            self._updating = True
            for spin, v in zip(self.grad_cell, (channel, i, j)):
                spin.blockSignals(True)
                spin.setValue(v)
                spin.blockSignals(False)
            self._updating = False
            if self.grad_kind.currentData() != "cell":
                self._set_combo(self.grad_kind, "cell", emit=True)
            else:
                self._rebuild("grad")
        elif key == "output":
            self.stepper.set_step(t.step_index(channel, i, j))

    # ================================================================== rebuilding

    def _rebuild(self, cause: str | None = None) -> bool:
        """Trace the current settings; on a ValueError show it next to its cause and keep the
        previous trace.  Returns True when the new trace is shown."""
        if self._updating:
            return False
        if self._batch_depth:
            self._rebuild_pending = (cause,)
            return False
        op = self.op
        if op is None:
            return False
        self.rebuild_count += 1
        try:
            X = self._candidate_input()
            if op == "conv":
                C_out, C_in = self.out_channels.value(), X.shape[0]
                K = torch.from_numpy(np.ascontiguousarray(self._bank[:C_out, :C_in]))
                b = None
                if self.use_bias.isChecked():
                    b = torch.from_numpy(self._biases[:C_out].copy())
                trace: ConvTrace | PoolTrace = conv2d_trace(
                    X,
                    K,
                    b,
                    stride=self.stride.value(),
                    padding=self.padding.value(),
                    dilation=self.dilation.value(),
                )
            else:
                trace = pool2d_trace(
                    X,
                    self.kernel_size.value(),
                    stride=self.stride.value(),
                    padding=self.padding.value(),
                    mode=self.pool_mode.currentData() or "max",
                )
            backward = trace.backward(self._upstream(trace)) if self._mode == "backward" else None
        except ValueError as exc:
            self._show_error(exc, cause)
            return False
        for err in self.errors.values():
            err.show_error("")
        if op == "conv":
            self._conv_geometry = {
                "stride": trace.stride,
                "padding": trace.padding,
                "dilation": trace.dilation,
            }
        else:
            self._pool_geometry = {
                "kernel": trace.kernel_size,
                "stride": trace.stride,
                "padding": trace.padding,
            }
        self.trace, self.backward = trace, backward
        if backward is not None:
            self.stepper.show_backward(backward, keep_step=True)
        else:
            self.stepper.show_forward(trace, keep_step=True)
        self.formula.setText(trace.formula)
        self.trace_changed.emit()
        return True

    def _show_error(self, exc: ValueError, cause: str | None) -> None:
        """Show the core's sentence beside the control its field names.

        A problem several fields could fix (a kernel larger than the padded input) goes
        beside the control just changed when that is one of them.
        """
        key = "general"
        if isinstance(exc, FieldError):
            key = _ERROR_FOR_FIELD.get(exc.field, "general")
            related = {_ERROR_FOR_FIELD.get(f) for f in exc.related}
            if cause in related and cause != key:
                key = cause
        elif cause in self.errors:
            key = cause
        if key == "dilation" and self.op != "conv":
            key = "general"
        for name, err in self.errors.items():
            err.show_error(str(exc) if name == key else "")

    def error_text(self, key: str) -> str:
        """The error shown next to control ``key`` ("padding", "stride", "kernel", …), or ""."""
        err = self.errors[key]
        return err.message() if not err.isHidden() else ""

    # ================================================================== feature maps

    def _need_model(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the network is built (now, or when the background job ends)."""
        if self._extractor is not None:
            then()
            return
        if self._model_name is None and self._given_model is None:
            self._update_network_texts()
            return
        self._after_model.append(then)
        if not self.jobs.busy:
            self.jobs.start(
                "model", load_model_job, self._model_name, self._given_model,
                on_result=lambda result: self._on_job_done(*result, 0.0),
                on_failed=self._on_job_failed,
            )  # fmt: skip

    def _ensure_features(self) -> None:
        image = self._feature_input()
        same = self._feature_image is not None and (
            image.shape == self._feature_image.shape and torch.equal(image, self._feature_image)
        )
        if self.jobs.kind == "features" and same:
            return  # already on its way
        if self._features is None or self._features_stale or not same:
            self.compute_features()

    def _feature_input(self) -> torch.Tensor:
        if self._input_kind == "layer" and self._feature_image is not None:
            return self._feature_image
        try:
            return self._candidate_input()
        except (ValueError, AssertionError):
            return samples.load_sample("fashion_ankle_boot")

    def compute_features(self) -> None:
        """Run the chosen network on the current input (in the background)."""
        if self._model_name is None and self._given_model is None:
            self.features.set_status(self.tr("Choose a network to see its feature maps."))
            return
        image = self._feature_input()
        self._feature_image = image
        self._features_stale = False
        self.features.set_status(
            self.tr("Computing the feature maps of {name}…").format(name=self._model_name)
        )
        self.jobs.start(
            "features", feature_job, self._model_name, self._given_model, self._extractor, image,
            on_result=lambda result: self._on_job_done(*result), on_failed=self._on_job_failed,
        )  # fmt: skip

    def _on_job_done(
        self, extractor: FeatureExtractor, features: FeatureResult | None, seconds: float
    ) -> None:
        first = self._extractor is None
        self._extractor = extractor
        if first:
            self._update_network_texts()
            self.model_loaded.emit()
            pending, self._after_model = self._after_model, []
            for then in pending:
                then()
        if features is not None:
            self._features = features
            self._show_features(features, seconds)

    def _on_job_failed(self, exc: BaseException, _details: str) -> None:
        self._after_model = []
        message = str(exc) or type(exc).__name__
        self.features.set_status(
            self.tr("The feature maps failed: {message}").format(message=message)
        )
        self.network_info.setText(message)
        self.features_failed.emit(message)

    def _show_features(self, result: FeatureResult, seconds: float) -> None:
        weights = (
            self.tr("trained weights")
            if self._given_model is not None
            else self.tr("initial weights, not trained")
        )
        self.features.set_status(
            self.tr(
                "{name} ({weights}): {n} layers in {ms} ms. Click a channel of a convolution "
                "or pooling layer to step through it."
            ).format(
                name=self._model_name,
                weights=weights,
                n=len(result.maps) - 1,
                ms=f"{seconds * 1000:.0f}",
            )
        )
        notes = "; ".join(result.notes)
        text = self.tr("Input: {notes}.").format(notes=notes) if notes else ""
        self.features.set_result(result, text)
        self.features_computed.emit()

    def open_layer(self, name: str, channel: int) -> bool:
        """Open output channel ``channel`` of conv/pool layer ``name`` in the stepper, with the
        layer's real input and kernel (reduced to 3 channels and 64×64 if larger; the input
        panel says so).  Needs computed feature maps; returns False (and says why) otherwise."""
        if self._extractor is None or self._features is None:
            return False
        try:
            case = self._extractor.layer_case(self._features, name, channel)
        except ValueError as exc:
            self.features.set_status(str(exc))
            return False
        self._load_case(case)
        return True

    def _load_case(self, case: LayerCase) -> None:
        self._cancel_image_job()
        self._layer_tensor = case.X
        what = (
            self.tr("output channel {c}") if case.kind == "conv" else self.tr("channel {c}")
        ).format(c=case.channel)
        self._layer_text = self.tr("layer {name} ({op}), {what}").format(
            name=case.layer, op=case.op, what=what
        )
        if case.exact:
            self._layer_notes = self.tr(
                "The whole computation: the output equals the layer's feature map."
            )
        else:
            self._layer_notes = self.tr("Reduced: {notes}.").format(notes="; ".join(case.notes))
        self._input_kind = "layer"
        self._fill_source_combos()
        self._updating = True
        try:
            self._set_combo(self.input_source, "layer")
            self.in_channels.setValue(case.X.shape[0])
            if case.kind == "conv":
                assert case.K is not None
                C, kh, kw = case.K.shape[1:]
                self._bank = np.zeros((MAX_CHANNELS_OUT, MAX_CHANNELS_IN, kh, kw))
                self._bank[0, :C] = case.K[0].numpy()
                self._biases = np.zeros(MAX_CHANNELS_OUT)
                if case.bias is not None:
                    self._biases[0] = float(case.bias[0])
                self.use_bias.setChecked(case.bias is not None)
                self.out_channels.setValue(1)
                self._kernel_kind = "network"
                self._net_layer, self._net_channel = case.layer, case.channel
                self._set_combo(self.kernel_source, "network")
                if self.layer_combo.count() == 0:
                    self._fill_layers()
                self.layer_combo.setCurrentIndex(max(self.layer_combo.findData(case.layer), 0))
                conv = self._extractor.model.get_submodule(case.layer) if self._extractor else None
                if conv is not None:
                    self.layer_channel.setRange(0, conv.out_channels - 1)
                self.layer_channel.setValue(case.channel)
                self._conv_geometry = {
                    "stride": case.stride,
                    "padding": case.padding,
                    "dilation": case.dilation,
                }
            else:
                self._pool_geometry = {
                    "kernel": case.kernel_size,
                    "stride": case.stride,
                    "padding": case.padding,
                }
                self._set_combo(self.pool_mode, case.mode or "max")
        finally:
            self._updating = False
        self._update_network_texts()
        self._update_input_info()
        self._show_input_editor()
        self._show_kernel_editor()
        target = case.kind
        if self._mode != target:
            self.set_mode(target)
        else:
            self._sync_geometry_spins()
            self._update_visibility()
            self._rebuild("input")
        self.stepper.set_step(-1)

    # ================================================================== keys

    def _key_play(self) -> None:
        if self.op is not None:
            self.stepper.toggle_play()
        elif self._mode == "learn":
            self.learn.toggle_play()

    def _key_forward(self) -> None:
        if self.op is not None:
            self.stepper.pause()
            self.stepper.step_forward()
        elif self._mode == "learn":
            self.learn.step_once()

    def _key_back(self) -> None:
        if self.op is not None:
            self.stepper.pause()
            self.stepper.step_back()

    def _key_reset(self) -> None:
        if self.op is not None:
            self.stepper.reset()
        elif self._mode == "learn":
            self.learn.reset()

    def _key_end(self) -> None:
        if self.op is not None:
            self.stepper.jump_to_end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # reached when no shortcut took the key (e.g. the window is not active)
        slot = (
            self._keys.get(event.key())
            if event.modifiers() == Qt.KeyboardModifier.NoModifier
            else None
        )
        if slot is not None:
            slot()
            event.accept()
            return
        super().keyPressEvent(event)

    # ================================================================== export dialogs

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
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))

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
            QMessageBox.warning(self, self.tr("Export failed"), str(exc))
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

    # ================================================================== helpers & events

    def _set_combo(self, combo: QComboBox, data: str, emit: bool = False) -> None:
        index = combo.findData(data)
        if index < 0:
            return
        if emit:
            combo.setCurrentIndex(index)
            return
        combo.blockSignals(True)
        combo.setCurrentIndex(index)
        combo.blockSignals(False)

    def hideEvent(self, event) -> None:
        self.stepper.pause()
        self.learn.pause()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_jobs()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
