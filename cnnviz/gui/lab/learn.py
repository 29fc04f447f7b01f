"""LearnKernelPanel: the book's experiment — learn the edge kernel back by gradient descent.

:func:`cnnviz.core.ops.learn_kernel` is a generator; a QTimer on the GUI thread takes one step
per tick (a step costs microseconds), so the kernel's cells, the prediction and the loss curve
move while the window stays responsive.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
import torch
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core import ops, samples
from cnnviz.gui.lab.canvas import Column, Grid, GridCanvas
from cnnviz.gui.lab.colors import accent, format_value, levels_for
from cnnviz.gui.lab.names import kernel_title
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["LearnKernelPanel"]


class LearnKernelPanel(QWidget):
    """Trains a bias-free kernel on the stripe image to reproduce a target kernel's output."""

    step_taken = Signal(int, float)  # step number, loss before the update
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self.X = ops.stripe_image().to(torch.float64)  # (6, 8)
        self.target_name = "edge"
        self.kernel: torch.Tensor | None = None  # (kh, kw) after the last step
        self.losses: list[float] = []
        self.step = 0
        self.done = False
        self._gen: Iterator[tuple[int, float, torch.Tensor]] | None = None

        self.lr = QDoubleSpinBox(self)
        self.lr.setDecimals(3)
        self.lr.setRange(0.001, 1.0)
        self.lr.setSingleStep(0.01)
        self.lr.setValue(0.03)
        self.steps = QSpinBox(self)
        self.steps.setRange(1, 500)
        self.steps.setValue(10)
        self.seed = QSpinBox(self)
        self.seed.setRange(0, 9999)
        self.target = QComboBox(self)
        self.target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target.setMinimumContentsLength(8)
        for name in samples.list_kernel_presets():
            kh, kw = samples.get_kernel_preset(name).shape
            if kh <= self.X.shape[0] and kw <= self.X.shape[1]:
                self.target.addItem(name, name)
        self.target.setCurrentIndex(self.target.findData("edge"))
        self.speed = QSlider(Qt.Orientation.Horizontal, self)
        self.speed.setRange(1, 30)
        self.speed.setValue(4)
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.btn_play = QPushButton(self)
        self.btn_step = QPushButton(self)
        self.btn_reset = QPushButton(self)
        for b in (self.btn_play, self.btn_step, self.btn_reset):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.btn_play.clicked.connect(self.toggle_play)
        self.btn_step.clicked.connect(self.step_once)
        self.btn_reset.clicked.connect(self.reset)
        for w in (self.lr, self.steps, self.seed):
            w.valueChanged.connect(self.reset)
        self.target.currentIndexChanged.connect(self._on_target)
        self.speed.valueChanged.connect(self._on_speed)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.lbl_target, self.lbl_lr = QLabel(self), QLabel(self)
        self.lbl_steps, self.lbl_seed, self.lbl_speed = QLabel(self), QLabel(self), QLabel(self)
        self.form.addRow(self.lbl_target, self.target)
        self.form.addRow(self.lbl_lr, self.lr)
        self.form.addRow(self.lbl_steps, self.steps)
        self.form.addRow(self.lbl_seed, self.seed)
        self.form.addRow(self.lbl_speed, self.speed)
        buttons = QHBoxLayout()
        buttons.addWidget(self.btn_play)
        buttons.addWidget(self.btn_step)
        buttons.addWidget(self.btn_reset)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side = QWidget(self)
        sl = QVBoxLayout(side)
        sl.addWidget(self.explain)
        sl.addLayout(self.form)
        sl.addLayout(buttons)
        sl.addWidget(self.status)
        sl.addStretch(1)
        side.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        self.canvas = GridCanvas(self)
        self.canvas.max_cell = 56.0
        self.plot_widget = pg.PlotWidget(self)
        self.plot_widget.setMenuEnabled(False)
        self.plot_widget.setMouseEnabled(False, False)
        self.plot_widget.hideButtons()
        self.plot_widget.showGrid(x=True, y=True, alpha=0.3)
        self.curve = self.plot_widget.plot([], [], symbol="o")
        self._sized = False
        self.right = right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.canvas)
        right.addWidget(self.plot_widget)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(side)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self._on_speed(self.speed.value())
        self.retranslate()
        self.reset()

    def showEvent(self, event) -> None:
        if not self._sized:
            self._sized = True
            w = max(self.width(), 600)
            self.splitter.setSizes([round(w * 0.3), round(w * 0.7)])
            h = max(self.height(), 400)
            self.right.setSizes([round(h * 0.66), round(h * 0.34)])
        super().showEvent(event)

    # ------------------------------------------------------------------ experiment

    @property
    def target_kernel(self) -> torch.Tensor:
        return samples.get_kernel_preset(self.target_name).tensor()

    @property
    def Y(self) -> torch.Tensor:
        """The target output: the stripes correlated with the target kernel."""
        return ops.corr2d(self.X, self.target_kernel)

    @property
    def is_playing(self) -> bool:
        return self.timer.isActive()

    def reset(self) -> None:
        """Start again from a random kernel with the current learning rate and step count."""
        self.pause()
        K = self.target_kernel
        self._gen = ops.learn_kernel(
            self.X,
            self.Y,
            tuple(K.shape),
            lr=self.lr.value(),
            steps=self.steps.value(),
            seed=self.seed.value(),
        )
        self.kernel = None
        self.losses = []
        self.step = 0
        self.done = False
        self.curve.setData([], [])
        self._show_grids()
        self._update_texts()

    def step_once(self) -> bool:
        """Take one gradient step; False when the run is over."""
        if self._gen is None or self.done:
            return False
        try:
            step, loss, K = next(self._gen)
        except StopIteration:
            self._finish()
            return False
        self.step, self.kernel = step, K
        self.losses.append(loss)
        x = np.arange(1, len(self.losses) + 1)
        self.curve.setData(x, np.asarray(self.losses))
        self.canvas.set_values("learned", 0, K.numpy())
        self.canvas.set_values("prediction", 0, ops.corr2d(self.X, K).numpy())
        self._update_texts()
        self.step_taken.emit(step, loss)
        if step >= self.steps.value():
            self._finish()
        return True

    def _finish(self) -> None:
        self.done = True
        self.pause()
        self._update_texts()
        self.finished.emit()

    def play(self) -> None:
        if self.done:
            self.reset()
        self.timer.start()
        self._update_texts()

    def pause(self) -> None:
        self.timer.stop()
        self._update_texts()

    def toggle_play(self) -> None:
        if self.is_playing:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        self.step_once()

    def _on_speed(self, value: int) -> None:
        self.timer.setInterval(max(15, round(1000 / value)))

    def _on_target(self, _index: int) -> None:
        self.target_name = self.target.currentData() or "edge"
        self.reset()

    # ------------------------------------------------------------------ drawing

    def _show_grids(self) -> None:
        X, Y, K = self.X.numpy(), self.Y.numpy(), self.target_kernel.numpy()
        xl = levels_for(X)
        yl = levels_for(Y)
        kl = levels_for(np.concatenate([K.ravel(), [-1.5, 1.5]]))
        nan_k = np.full(K.shape, np.nan)
        nan_y = np.full(Y.shape, np.nan)
        columns = [
            Column(self.tr("Input X (stripes)"), [Grid("x", 0, "", X, xl[:2], xl[2])]),
            Column(
                self.tr("Learned kernel K"),
                [Grid("learned", 0, "", nan_k, kl[:2], kl[2], measure=np.full(K.shape, -0.888))],
                small=True,
                op="⋆",
            ),
            Column(
                self.tr("Output"),
                [
                    Grid(
                        "prediction",
                        0,
                        self.tr("prediction X ⋆ K"),
                        nan_y,
                        yl[:2],
                        yl[2],
                        measure=np.full(Y.shape, -0.888),
                    ),
                    Grid("target", 0, self.tr("target Y"), Y, yl[:2], yl[2]),
                ],
                op="=",
            ),
        ]
        self.canvas.set_columns(columns)
        if self.kernel is not None:
            self.canvas.set_values("learned", 0, self.kernel.numpy())
            self.canvas.set_values("prediction", 0, ops.corr2d(self.X, self.kernel).numpy())

    def _update_texts(self) -> None:
        self.btn_play.setText(self.tr("‖ Pause") if self.is_playing else self.tr("▶ Train"))
        n = self.steps.value()
        if self.kernel is None:
            text = self.tr("Step 0 of {n}: the kernel starts random. Press Train or Step.").format(
                n=n
            )
        else:
            values = ", ".join(format_value(float(v), 3) for v in self.kernel.flatten())
            text = self.tr("Step {k} of {n}: loss {loss}, K = [{values}]").format(
                k=self.step, n=n, loss=format_value(self.losses[-1], 4), values=values
            )
            if self.done:
                target = ", ".join(format_value(float(v), 3) for v in self.target_kernel.flatten())
                text += "\n" + self.tr("Done. The target kernel is [{t}].").format(t=target)
        self.status.setText(text)

    # ------------------------------------------------------------------ style & language

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        self.canvas.set_style(theme, font_scale)
        self.plot_widget.setBackground(theme.background)
        font = QFont(self.font())
        for name in ("left", "bottom"):
            axis = self.plot_widget.getAxis(name)
            axis.setTextPen(pg.mkPen(theme.text))
            axis.setPen(pg.mkPen(theme.muted))
            axis.setStyle(tickFont=font)
            axis.label.setFont(font)
        colour = accent(theme, "winner")
        self.curve.setPen(pg.mkPen(colour, width=max(1.0, 2 * font_scale)))
        self.curve.setSymbolBrush(colour)
        self.curve.setSymbolPen(colour)
        self.curve.setSymbolSize(round(7 * font_scale))
        self.retranslate()

    def retranslate(self) -> None:
        self.lbl_target.setText(self.tr("Target kernel"))
        self.lbl_lr.setText(self.tr("Learning rate"))
        self.lbl_steps.setText(self.tr("Steps"))
        self.lbl_seed.setText(self.tr("Random start"))
        self.lbl_speed.setText(self.tr("Speed"))
        self.btn_step.setText(self.tr("Step"))
        self.btn_reset.setText(self.tr("Reset"))
        self.seed.setToolTip(self.tr("Seed of the kernel's random initial values"))
        for i in range(self.target.count()):
            name = self.target.itemData(i)
            self.target.setItemText(i, kernel_title(name))
        self.explain.setText(
            self.tr(
                "The book's experiment: the stripe image X and the output Y of a known kernel "
                "are given; gradient descent on the squared error (X ⋆ K − Y)² finds K again."
            )
        )
        pi = self.plot_widget.getPlotItem()
        pi.setLabel("left", self.tr("loss"))
        pi.setLabel("bottom", self.tr("step"))
        self._show_grids()
        self._update_texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
