"""LabSettingsPanel: the lab's settings column (input X, kernel K, pooling, window, backward).

It only holds and labels the controls: :class:`~cnnviz.gui.lab.view.ConvolutionLab` (and its
:mod:`~cnnviz.gui.lab.input_source` and :mod:`~cnnviz.gui.lab.kernel_source` parts) connects
them and keeps every control in :data:`CONTROLS` as an attribute of its own (``lab.padding``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core import samples
from cnnviz.core.lab_state import MAX_CHANNELS_IN, MAX_CHANNELS_OUT
from cnnviz.gui.lab.controls import ErrorLabel, MatrixEditor, PairSpin
from cnnviz.gui.theme import Theme

__all__ = ["CONTROLS", "LabSettingsPanel"]

# the controls the lab reaches as its own attributes (``lab.padding`` is ``panel.padding``)
CONTROLS = (
    # input X
    "input_source", "btn_open", "file_status", "file_error", "in_channels", "in_size",
    "btn_new_input", "input_edit_channel", "input_editor", "input_info", "input_error",
    "input_form",
    # kernel K
    "grp_kernel", "kernel_source", "layer_combo", "layer_channel", "network_info",
    "out_channels", "edit_out", "edit_in", "kernel_editor", "use_bias", "bias_value",
    "btn_new_kernel", "kernel_error", "kernel_form",
    # pooling, window
    "grp_pool", "pool_mode", "kernel_size", "padding", "stride", "dilation", "errors",
    "geometry_labels", "formula", "general_error",
    # backward
    "grp_backward", "back_through", "grad_kind", "grad_cell", "btn_new_grad", "grad_hint",
    "backward_form",
)  # fmt: skip


class LabSettingsPanel(QWidget):
    """The settings column: one group box per part, each control beside its red error line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box = self
        lay = QVBoxLayout(box)
        lay.setContentsMargins(4, 4, 4, 4)

        # ---- input
        self.grp_input = QGroupBox(box)
        form = QFormLayout(self.grp_input)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.input_source = QComboBox(box)
        self.btn_open = QPushButton(box)
        self.in_channels = QSpinBox(box)
        self.in_channels.setRange(1, MAX_CHANNELS_IN)
        self.in_size = PairSpin(1, samples.MAX_SIDE, (5, 5), box)
        self.btn_new_input = QPushButton(box)
        self.input_edit_channel = QSpinBox(box)
        self.input_edit_channel.setRange(0, MAX_CHANNELS_IN - 1)
        self.input_editor = MatrixEditor(box)
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
        self.layer_combo = QComboBox(box)
        self.layer_channel = QSpinBox(box)
        self.network_info = QLabel(box)
        self.network_info.setWordWrap(True)
        self.out_channels = QSpinBox(box)
        self.out_channels.setRange(1, MAX_CHANNELS_OUT)
        self.edit_out = QSpinBox(box)
        self.edit_in = QSpinBox(box)
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
        self.kernel_editor.value_rejected.connect(lambda m: self.kernel_error.show_error(m))
        self.use_bias = QCheckBox(box)
        self.bias_value = QDoubleSpinBox(box)
        self.bias_value.setRange(-100.0, 100.0)
        self.bias_value.setDecimals(3)
        self.bias_value.setSingleStep(0.5)
        bias_row = QWidget(box)
        bl = QHBoxLayout(bias_row)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(self.use_bias)
        bl.addWidget(self.bias_value, 1)
        self.btn_new_kernel = QPushButton(box)
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
        self.grad_kind = QComboBox(box)
        for key in ("ones", "random", "cell"):
            self.grad_kind.addItem("", key)
        self.grad_cell = [QSpinBox(box) for _ in range(3)]
        cell_row = QWidget(box)
        cl = QHBoxLayout(cell_row)
        cl.setContentsMargins(0, 0, 0, 0)
        for s in self.grad_cell:
            s.setRange(0, 0)
            cl.addWidget(s)
        cl.addStretch(1)
        self.btn_new_grad = QPushButton(box)
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
        self._shrinkable_combos()

    def _shrinkable_combos(self) -> None:
        for combo in self.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)

    def set_style(self, theme: Theme, font_scale: float) -> None:
        """Error colours and muted notes from ``theme``; editors sized for ``font_scale``."""
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

    def retranslate(self) -> None:
        """Set every label, title and fixed combo-box text again in the current language."""
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
