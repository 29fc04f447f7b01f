"""ConvolutionLab: cross-correlation, pooling and their gradients, one number at a time.

Five modes share one tab bar: *Convolution*, *Pooling* and *Backward* step through a trace of
:mod:`cnnviz.core.stepper` on the :class:`~cnnviz.gui.lab.stepper.StepperPanel`, set up by the
panel on the left (input, kernel, padding/stride/dilation, channels, bias); *Learn a kernel*
animates the book's experiment; *Feature maps* shows every layer of the chosen network on one
image and opens a clicked channel in the stepper.

The lab is put together from parts, one file each: the settings column's controls
(:mod:`~cnnviz.gui.lab.settings_panel`), input X (:mod:`~cnnviz.gui.lab.input_source`), kernel K
(:mod:`~cnnviz.gui.lab.kernel_source`), the network and its feature maps
(:mod:`~cnnviz.gui.lab.network`), saving PNGs and steps (:mod:`~cnnviz.gui.lab.export_dialogs`),
the backward settings (:mod:`~cnnviz.gui.lab.backward_settings`), the binding of widgets to
the state (:mod:`~cnnviz.gui.lab.binding`) and the keys
(:mod:`~cnnviz.gui.lab.keys`).  This file holds the modes, the public API, the
state the widgets edit, the geometry and the rebuilding of the trace.

Used by the main window through :meth:`ConvolutionLab.set_model`, :meth:`~ConvolutionLab.set_style`,
:meth:`~ConvolutionLab.retranslate` and :meth:`~ConvolutionLab.export_png`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import torch
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core import samples
from cnnviz.core.features import FeatureExtractor, FeatureResult
from cnnviz.core.lab_state import (
    LAB_MODES,
    MAX_CHANNELS_IN,
    MAX_CHANNELS_OUT,
    LabState,
    stacked_bank,
)
from cnnviz.core.stepper import BackwardTrace, ConvTrace, PoolTrace, conv2d_trace, pool2d_trace
from cnnviz.gui.drawer import ModeBar, flow_row
from cnnviz.gui.jobs import JobSlot
from cnnviz.gui.lab.backward_settings import BackwardSettingsMixin
from cnnviz.gui.lab.binding import StateBindingMixin
from cnnviz.gui.lab.export_dialogs import ExportMixin
from cnnviz.gui.lab.features import FeatureMapsPanel
from cnnviz.gui.lab.input_source import InputSourceMixin
from cnnviz.gui.lab.kernel_source import KernelSourceMixin
from cnnviz.gui.lab.keys import LabKeysMixin
from cnnviz.gui.lab.learn import LearnKernelPanel
from cnnviz.gui.lab.network import NetworkMixin
from cnnviz.gui.lab.presentation import LabLayoutMixin
from cnnviz.gui.lab.settings_panel import CONTROLS, LabSettingsPanel
from cnnviz.gui.lab.stepper import StepperPanel
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["MODES", "ConvolutionLab"]

MODES = LAB_MODES


class ConvolutionLab(
    LabLayoutMixin,
    StateBindingMixin,
    InputSourceMixin,
    KernelSourceMixin,
    BackwardSettingsMixin,
    NetworkMixin,
    ExportMixin,
    LabKeysMixin,
    QWidget,
):
    """The convolution lab: stepper, pooling, backward, learn-a-kernel and feature maps."""

    mode_changed = Signal(str)
    trace_changed = Signal()  # a new trace is shown (settings changed)
    state_changed = Signal(object)  # the LabState now shown (after a rebuild or a mode change)
    features_computed = Signal()  # the feature maps of the current image are shown
    features_failed = Signal(str)
    model_loaded = Signal()  # the network's weights are available
    image_opened = Signal(str)  # an image file (its path) became the input
    image_failed = Signal(str)  # an image file could not be opened: the sentence shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        # the settings the lab shows (its widgets edit it; the trace is computed from it); the
        # geometry is the shown operation's, each operation's committed geometry is kept below
        self._state = LabState(kernel_size=(2, 2))
        self._last_forward = "conv"  # what Backward goes back through by default
        # input
        self._input_kind = "sample"  # "sample", "random", "typed", "file", "layer"
        self._sample = "book_3x3"
        self._file_tensor: torch.Tensor | None = None
        self._file_name = ""
        self._layer_tensor: torch.Tensor | None = None
        self._layer_text = ""
        self._layer_notes = ""
        self._input_seed = 0
        self._input_size = (5, 5)  # of a random or typed input
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
        self._grad_cell = (0, 0, 0)  # the output cell whose gradient is 1 ("cell" gradient)
        # network
        self._model_name: str | None = None
        self._given_model: torch.nn.Module | None = None
        self._extractor: FeatureExtractor | None = None
        self._features: FeatureResult | None = None
        self._features_stale = True
        self._feature_image: torch.Tensor | None = None
        self._feature_bn = "eval"  # the batch-norm mode the maps shown were computed in
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
        self._build_shortcuts()
        self.retranslate()
        self._load_geometry()
        self._show_input_editor()
        self._show_kernel_editor()
        self._update_visibility()
        self._rebuild()

    # ================================================================== UI

    def _build_ui(self) -> None:
        self.tabs = ModeBar(self)  # wraps on a narrow screen, never hides a mode
        for _ in MODES:
            self.tabs.addTab("")
        self.tabs.currentChanged.connect(lambda i: self.set_mode(MODES[i]))
        self.btn_settings = QPushButton(self)
        self.btn_settings.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.btn_export = QPushButton(self)
        self.btn_export.clicked.connect(self._export_png_dialog)
        self.btn_export_steps = QPushButton(self)
        self.btn_export_steps.clicked.connect(self._export_steps_dialog)
        for b in (self.btn_export, self.btn_export_steps):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        top = QHBoxLayout()
        top.setContentsMargins(4, 2, 4, 2)
        top.addWidget(self.tabs, 1)
        # the buttons wrap onto a second row rather than widen the lab
        self.tool_row = flow_row(self, [self.btn_settings, self.btn_export, self.btn_export_steps])
        top.addWidget(self.tool_row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        self.settings = LabSettingsPanel(self)
        for name in CONTROLS:  # lab.padding is settings.padding
            setattr(self, name, getattr(self.settings, name))
        self._connect_input_controls()
        self._connect_kernel_controls()
        self._connect_operation_controls()
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
        self._build_folding()  # the settings fold into a drawer when presented or narrow

        self.learn = LearnKernelPanel(self)
        self.features = FeatureMapsPanel(self)
        self.features.mosaic.channel_activated.connect(self.open_layer)
        self.features.recompute_requested.connect(self.compute_features)
        self.features.bn_mode_chosen.connect(self.set_bn_mode)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.learn)
        self.pages.addWidget(self.features)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(top)
        lay.addWidget(self.pages, 1)

    def _connect_operation_controls(self) -> None:
        """Pooling, window and backward controls (input and kernel: their mixins)."""
        self.pool_mode.currentIndexChanged.connect(
            lambda _i: self._edit("pool_mode", pool=self.pool_mode.currentData())
        )
        self.kernel_size.value_changed.connect(self._on_kernel_size)
        for key in ("padding", "stride", "dilation"):
            spin = getattr(self, key)
            spin.value_changed.connect(lambda v, key=key: self._edit(key, **{key: v}))
        self.back_through.currentIndexChanged.connect(self._on_back_through)
        self.grad_kind.currentIndexChanged.connect(self._on_grad_kind)
        for s in self.grad_cell:
            s.valueChanged.connect(self._on_grad_cell)
        self.btn_new_grad.clicked.connect(self._new_random_grad)

    # ================================================================== public API

    @property
    def mode(self) -> str:
        """ "conv", "pool", "backward", "learn" or "features"."""
        return self._state.mode

    @property
    def _mode(self) -> str:
        return self._state.mode

    def set_mode(self, mode: str) -> None:
        """Show mode ``mode`` (one of :data:`MODES`); ValueError for another name."""
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        if mode == self._mode and self.tabs.currentIndex() == MODES.index(mode):
            return
        self.stepper.pause()
        self.learn.pause()
        through = self._last_forward if mode == "backward" else self._state.through
        self._state = self._state.replace(mode=mode, through=through)
        self.pages.setCurrentIndex({"learn": 1, "features": 2}.get(mode, 0))
        if mode in ("conv", "pool"):
            self._last_forward = mode
        self._load_geometry()
        self._update_visibility()
        if self.op is not None:
            self._rebuild()
        if mode == "features":
            self._ensure_features()
        self.btn_export_steps.setVisible(self.op is not None)
        self.mode_changed.emit(mode)
        self._emit_state()

    @property
    def op(self) -> str | None:
        """The operation the stepper shows: "conv", "pool" or None (learn / feature maps)."""
        return self._state.op

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
        with self._quiet():
            self.layer_combo.clear()
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
        self.settings.set_style(theme, font_scale)
        # the panel grows slower than the font: at 3× the steps still get most of the width
        self.settings_scroll.setMinimumWidth(round(230 * font_scale**0.7))
        left = round(270 * font_scale**0.7)
        self.settings_side.docked_width = left
        if not self.settings_side.folded:
            self.splitter.setSizes([left, max(self.width() - left, 400)])
        self.settings_side.arrange()
        self._fit_tool_row()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_tool_row()

    def _fit_tool_row(self) -> None:
        """The mode tabs keep their whole width: the buttons beside them wrap first."""
        free = self.width() - self.tabs.sizeHint().width() - 16
        if free < self.tool_row.sizeHint().width():  # the modes wrap anyway: share the row
            free = max(free, round(self.width() * 0.4))
        self.tool_row.setMaximumWidth(max(free, self.tool_row.minimumSizeHint().width()))
        self.tabs.setMinimumWidth(min(self.tabs.sizeHint().width(), max(self.width() // 2, 1)))

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
        self.settings.retranslate()
        self._fill_source_combos()
        self._update_input_info()
        self._update_network_texts()
        self._fit_tool_row()

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
            if state.mode == "backward" and state.through != self._state.through:
                self._state = self._state.replace(through=state.through)
                self._load_geometry()
            if state.input is not None:
                self.set_input_sample(state.input)
            if isinstance(state.kernel, str):
                self.set_kernel_preset(state.kernel)
            elif state.kernel is not None:
                self._bank = stacked_bank(state.kernel)
                self._kernel_kind = "custom"
                self._set_combo(self.kernel_source, "custom")
            if state.bias is not None:
                self._biases[:] = float(state.bias)
            op = self._state.op
            size = state.kernel_size
            if op != "pool" and size is not None and size != self._bank.shape[2:]:
                self._resize_kernel(size)
            if op != "pool":
                size = self._bank.shape[2:]
            self._state = self._state.replace(
                in_channels=state.in_channels,
                out_channels=state.out_channels,
                kernel_size=size or self._state.kernel_size,
                pool=state.pool,
                padding=state.padding,
                stride=state.stride,
                dilation=state.dilation,
                bias=state.bias,
                gradient=state.gradient,
                bn_mode=state.bn_mode,
            )
            self.features.show_bn_mode(state.bn_mode)
            self._show_state()
            self._show_input_editor()
            self._show_kernel_editor()
            self._update_input_info()
            self._update_visibility()
            self._rebuild("kernel_group")
        if self._mode == "features":  # the maps must be of the slide's input, not the last one
            self._ensure_features()
        if self.stepper.num_steps:
            if state.step == "end":
                self.stepper.jump_to_end()
            else:
                self.stepper.set_step(min(int(state.step), self.stepper.num_steps - 1))

    def set_bn_mode(self, mode: str) -> None:
        """Feature maps with batch normalisation in training ("train") or evaluation mode."""
        if mode == self._state.bn_mode:
            return
        self._state = self._state.replace(bn_mode=mode)
        self.features.show_bn_mode(mode)
        if self._mode == "features":
            self._ensure_features()
        self._emit_state()

    @property
    def trace(self) -> ConvTrace | PoolTrace | None:
        """The trace shown (the stepper holds it; the lab keeps no copy)."""
        return self.stepper.trace

    @property
    def backward(self) -> BackwardTrace | None:
        """The backward trace shown in Backward mode, else None."""
        return self.stepper.backward

    @property
    def state(self) -> LabState:
        """What the lab shows now, as a :class:`LabState` (its widgets edit it)."""
        s = self._state
        kernel: str | list | None = None
        if s.op != "pool":
            if self._kernel_kind == "preset":
                kernel = self._preset
            else:
                kernel = [self._bank[0, i].tolist() for i in range(s.in_channels)]
        step = int(self.stepper.k) if self.stepper.num_steps and self.stepper.k >= 0 else 0
        return s.replace(
            input=self._sample if self._input_kind == "sample" else None,
            kernel=kernel,
            kernel_size=s.kernel_size if s.op == "pool" else None,
            bias=float(self._biases[0]) if s.bias is not None else None,
            step=step,
        )

    def _emit_state(self) -> None:
        if self._batch_depth == 0:
            self.state_changed.emit(self.state)

    def handout_widget(self) -> QWidget:
        """The grids, the sum and the output map (stepping), the feature maps without their
        controls, or the panel of the mode."""
        if self.pages.currentIndex() == 0:
            return self.stepper.stage
        if self.pages.currentWidget() is self.features:
            return self.features.body
        return self.pages.currentWidget()

    def frame(self, focus: str) -> bool:
        """Show step ``focus`` ("5", or "end"), or in the feature maps scroll to layer
        ``focus``; False for anything else or with no steps."""
        if self._mode == "features":
            self.features.focus_layer(focus)
            return True
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
        return self.state.to_slide()

    # ================================================================== widgets

    def _fill_source_combos(self) -> None:
        self._fill_input_combo()
        self._fill_kernel_combo()

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
        cell = self._state.gradient == "cell"
        self.backward_form.setRowVisible(self.grad_cell[0].parentWidget(), cell)
        self.backward_form.setRowVisible(self.grad_hint, cell)
        self.backward_form.setRowVisible(self.btn_new_grad, self._state.gradient == "random")
        self.bias_value.setEnabled(self._state.bias is not None)
        self.btn_export_steps.setVisible(op is not None)
        self.btn_settings.setVisible(op is not None)

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
        s = self._state
        try:
            X = self._candidate_input()
            if op == "conv":
                C_out, C_in = s.out_channels, X.shape[0]
                K = torch.from_numpy(np.ascontiguousarray(self._bank[:C_out, :C_in]))
                b = None if s.bias is None else torch.from_numpy(self._biases[:C_out].copy())
                trace: ConvTrace | PoolTrace = conv2d_trace(
                    X, K, b, stride=s.stride, padding=s.padding, dilation=s.dilation
                )
            else:
                assert s.kernel_size is not None
                trace = pool2d_trace(
                    X, s.kernel_size, stride=s.stride, padding=s.padding, mode=s.pool
                )
            backward = trace.backward(self._upstream(trace)) if self._mode == "backward" else None
        except ValueError as exc:
            self._show_error(exc, cause)
            return False
        for err in self.errors.values():
            err.show_error("")
        self._commit_geometry(op, trace)
        if backward is not None:
            self.stepper.show_backward(backward, keep_step=True)
        else:
            self.stepper.show_forward(trace, keep_step=True)
        self.formula.setText(trace.formula)
        self.trace_changed.emit()
        self._emit_state()
        return True

    # ================================================================== events

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
