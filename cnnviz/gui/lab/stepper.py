"""StepperPanel: a convolution or pooling (forward or backward) played one output number at a time.

It draws a :class:`~cnnviz.core.stepper.ConvTrace`, :class:`~cnnviz.core.stepper.PoolTrace` or
:class:`~cnnviz.core.stepper.BackwardTrace` on a :class:`GridCanvas`: the padded input (padding
hatched), the kernel, the output filling in, the current window and cell; the sum written out;
the whole map as an image with a colour bar; and the transport (reset, back, play/pause, forward,
end, speed).  Step ``-1`` is "before the first step".
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.stepper import BackwardTrace, ConvTrace, PoolTrace
from cnnviz.gui.drawer import DraggedShare, flow_row
from cnnviz.gui.lab.canvas import Column, Grid, GridCanvas, Mark
from cnnviz.gui.lab.colors import format_value, levels_for
from cnnviz.gui.lab.lens import LensMixin
from cnnviz.gui.lab.output_image import OutputImage
from cnnviz.gui.lab.step_export import StepExport, StepExportMixin
from cnnviz.gui.lab.step_text import StepText
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["StepperPanel", "speed_for"]

MAX_MARKED_WINNERS = 1200  # earlier max-pool winners marked with a dot, at most


def speed_for(slider_value: int) -> float:
    """Steps per second for a speed-slider position 0–100 (logarithmic, 1 to 1000)."""
    return 10 ** (3 * slider_value / 100)


class StepperPanel(LensMixin, StepExportMixin, QWidget):
    """Shows one trace and steps through it; :attr:`step_changed` sends the new step index."""

    step_changed = Signal(int)
    playing_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self.trace: ConvTrace | PoolTrace | None = None
        self.backward: BackwardTrace | None = None
        self.k = -1
        self._kernel_channel = 0
        self._winner_cells: np.ndarray | None = None
        self._lens: tuple[int, int, int, int] | None = None  # the magnified block, if any
        self._kernel_index = 1  # the kernel's column (its title follows the output channel)
        self._grad_now = np.zeros((1, 1, 1))  # backward: the padded input gradient so far
        self._sized = False
        self._presenting = False
        self._export: StepExport | None = None
        self.texts = StepText(self)  # the step and its sum in words

        self.stage = QWidget(self)  # what is exported: canvas, sum and output image
        self.canvas = GridCanvas(self.stage)
        self.canvas.resized.connect(self._refit_lens, Qt.ConnectionType.QueuedConnection)  # sum too
        self.expression = QLabel(self.stage)
        self.expression.setWordWrap(True)
        self.expression.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.expression.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.expression.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.output = OutputImage(self.stage)
        left = QWidget(self.stage)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.canvas, 1)
        ll.addWidget(self.expression)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self.stage)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.output)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self._dragged = DraggedShare(self.splitter, 1)  # the preview's share, once dragged
        sl = QVBoxLayout(self.stage)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.splitter)

        self.btn_reset = self._button(self.reset)
        self.btn_back = self._button(self.step_back)
        self.btn_play = self._button(self.toggle_play)
        self.btn_forward = self._button(self.step_forward)
        self.btn_end = self._button(self.jump_to_end)
        self.scrub = QSlider(Qt.Orientation.Horizontal, self)
        self.scrub.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scrub.valueChanged.connect(self._on_scrub)
        self.step_label = QLabel(self)
        self.speed_title = QLabel(self)
        self.speed = QSlider(Qt.Orientation.Horizontal, self)
        self.speed.setRange(0, 100)
        self.speed.setValue(15)
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed.valueChanged.connect(self._on_speed)
        self.speed_label = QLabel(self)
        pace = QWidget(self)
        pl = QHBoxLayout(pace)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(self.speed_title)
        pl.addWidget(self.speed, 1)
        pl.addWidget(self.speed_label)
        # the speed goes under the buttons rather than widen the lab
        transport = [self.btn_reset, self.btn_back, self.btn_play, self.btn_forward, self.btn_end]
        self.transport = flow_row(self, [*transport, pace], spacing=6)
        self.step_label.setWordWrap(True)
        self.step_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        position = QHBoxLayout()
        position.addWidget(self.step_label, 2)
        position.addWidget(self.scrub, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stage, 1)
        lay.addLayout(position)
        lay.addWidget(self.transport)

        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        self._image_timer = QTimer(self)
        self._image_timer.setSingleShot(True)
        self._image_timer.setInterval(40)  # the map image follows at most 25 times a second
        self._image_timer.timeout.connect(self._update_image)
        self.retranslate()

    def showEvent(self, event) -> None:
        if not self._sized:
            self._sized = True
            self._share_preview()
        super().showEvent(event)

    def _button(self, slot) -> QToolButton:
        b = QToolButton(self)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        b.clicked.connect(slot)
        return b

    # ------------------------------------------------------------------ content

    @property
    def num_steps(self) -> int:
        return self.trace.num_steps if self.trace is not None else 0

    @property
    def is_playing(self) -> bool:
        return self.timer.isActive()

    @property
    def kind(self) -> str:
        """ "conv", "pool", "conv_backward", "pool_backward" or "" when empty."""
        if self.trace is None:
            return ""
        base = "conv" if isinstance(self.trace, ConvTrace) else "pool"
        return f"{base}_backward" if self.backward is not None else base

    def clear(self, message: str = "") -> None:
        self.pause()
        self.trace = self.backward = None
        self.k = -1
        self.canvas.set_columns([])
        self.canvas.set_message(message)
        self.expression.clear()
        self._update_transport()

    def show_forward(self, trace: ConvTrace | PoolTrace, keep_step: bool = False) -> None:
        """Step through ``trace``; ``keep_step`` stays at the current step when it still exists."""
        self.trace, self.backward = trace, None
        self._start(keep_step)

    def show_backward(self, backward: BackwardTrace, keep_step: bool = False) -> None:
        """Step through the gradient flow of ``backward``."""
        self.trace, self.backward = backward.forward, backward
        self._start(keep_step)

    def _start(self, keep_step: bool) -> None:
        k = min(self.k, self.num_steps - 1) if keep_step else -1
        self.k = k
        self._kernel_channel = self._channel_of(k)
        self._winner_cells = self._winners()
        self._lens = self._lens_at(k)
        self.canvas.set_columns(self._columns())
        self.canvas.set_marks(self._marks(k))
        self.scrub.blockSignals(True)
        self.scrub.setRange(-1, self.num_steps - 1)
        self.scrub.setValue(k)
        self.scrub.blockSignals(False)
        self._update_texts()
        self._update_image()
        self._update_transport()

    def _channel_of(self, k: int) -> int:
        return self.trace.out_index(max(k, 0))[0] if self.trace is not None else 0

    # ------------------------------------------------------------------ columns

    def _columns(self) -> list[Column]:
        t = self.trace
        assert t is not None
        C_in = t.input_shape[0]
        ph, pw = t.padding
        padded = t.padded_input.numpy()
        lo, hi, cmap = levels_for(t.input.numpy())
        pad_note = self.tr(" (padding hatched)") if (ph or pw) else ""
        self._kernel_index = 1

        def chan(c: int, n: int) -> str:
            return self.tr("channel {c}").format(c=c) if n > 1 else ""

        if self.backward is None:
            inputs = [
                Grid("input", c, chan(c, C_in), padded[c], (lo, hi), cmap, (ph, pw), short=f"{c}")
                for c in range(C_in)
            ]
            columns = [Column(self.tr("Input X") + pad_note, inputs)]
            if self._lens is not None:
                columns.append(self._lens_column())
            self._kernel_index = len(columns)
            out = t.output.numpy()
            olo, ohi, ocmap = levels_for(out)
            after = t.output_after(self.k).numpy()
            C_out = out.shape[0]
            if isinstance(t, ConvTrace):
                columns.append(self._kernel_column("⋆"))
                op = "="
            else:
                op = self.tr("max") if t.mode == "max" else self.tr("mean")
            outputs = [
                Grid(
                    "output",
                    c,
                    chan(c, C_out),
                    after[c],
                    (olo, ohi),
                    ocmap,
                    measure=out[c],
                    short=f"{c}",
                )
                for c in range(C_out)
            ]
            columns.append(Column(self.tr("Output Y"), outputs, op=op))
            return columns

        b = self.backward
        final = b.padded_input_grad.numpy()
        glo, ghi, gcmap = levels_for(final)
        self._grad_now = b.padded_input_grad_after(self.k).numpy().copy()
        now = self._grad_now
        grads = [
            Grid("grad_in", c, chan(c, C_in), now[c], (glo, ghi), gcmap, (ph, pw), final[c])
            for c in range(C_in)
        ]
        columns = [Column(self.tr("Input gradient ∂L/∂X") + pad_note, grads)]
        if isinstance(t, ConvTrace):
            columns.append(self._kernel_column("←"))
        else:
            inputs = [
                Grid("input", c, chan(c, C_in), padded[c], (lo, hi), cmap, (ph, pw), short=f"{c}")
                for c in range(C_in)
            ]
            columns.append(Column(self.tr("Input X"), inputs, op="←"))
        G = b.grad_output.numpy()
        ulo, uhi, ucmap = levels_for(G)
        ups = [
            Grid("grad_out", c, chan(c, G.shape[0]), G[c], (ulo, uhi), ucmap)
            for c in range(G.shape[0])
        ]
        columns.append(Column(self.tr("Upstream gradient ∂L/∂Y"), ups, op="←"))
        return columns

    def _kernel_title(self) -> str:
        t = self.trace
        if isinstance(t, ConvTrace) and t.kernel.shape[0] > 1:
            return self.tr("Kernel K[{c}]").format(c=self._kernel_channel)
        return self.tr("Kernel K")

    def _kernel_column(self, op: str) -> Column:
        t = self.trace
        assert isinstance(t, ConvTrace)
        K = t.kernel.numpy()
        klo, khi, kcmap = levels_for(K)
        co = self._kernel_channel
        C_in = K.shape[1]
        grids = [
            Grid(
                "kernel",
                c,
                self.tr("channel {c}").format(c=c) if C_in > 1 else "",
                K[co, c],
                (klo, khi),
                kcmap,
                short=f"{c}",
            )
            for c in range(C_in)
        ]
        if t.bias is not None:
            bias = t.bias.numpy()
            blo, bhi, bcmap = levels_for(bias)
            grids.append(
                Grid(
                    "bias",
                    0,
                    self.tr("bias b"),
                    bias[co].reshape(1, 1),
                    (blo, bhi),
                    bcmap,
                    measure=bias.reshape(1, -1),
                )
            )
        return Column(self._kernel_title(), grids, small=True, op=op)

    # ------------------------------------------------------------------ marks

    def _marks(self, k: int) -> list[Mark]:
        t = self.trace
        if t is None or k < 0:
            return []
        (kh, kw), (dh, dw) = t.kernel_size, t.dilation
        c, i, j = t.out_index(k)
        rows, cols, _ = t.window(i, j)
        contiguous = dh == 1 and dw == 1
        block = (rows[0], cols[0], kh, kw) if contiguous else None
        cells = () if contiguous else tuple((r, q) for r in rows for q in cols)
        is_conv = isinstance(t, ConvTrace)
        C_in = t.input_shape[0]
        channels = range(C_in) if is_conv else [c]
        marks: list[Mark] = []
        if self.backward is None:
            marks += [Mark("input", ch, "window", cells, block) for ch in channels]
            marks.append(Mark("output", c, "current", ((i, j),)))
            if is_conv:
                marks += [Mark("kernel", ch, "window", block=(0, 0, kh, kw)) for ch in range(C_in)]
            else:
                marks += self._winner_marks(k)
            return marks + self._lens_marks(marks)
        step = self.backward.steps[k]
        marks.append(Mark("grad_out", c, "current", ((i, j),)))
        if is_conv:
            marks += [Mark("kernel", ch, "window", block=(0, 0, kh, kw)) for ch in range(C_in)]
            grads = step.input_grad.numpy()  # (C_in, kh, kw)
            for ch in range(C_in):
                cells_ch = tuple((r, q) for r in rows for q in cols)
                labels = tuple("+" + format_value(float(v)) for v in grads[ch].flat)
                marks.append(Mark("grad_in", ch, "receive", cells_ch, labels=labels))
        else:
            marks.append(Mark("input", c, "window", cells, block))
            if step.winner is not None:
                marks.append(Mark("input", c, "winner", (step.winner,)))
                marks.append(
                    Mark(
                        "grad_in",
                        c,
                        "receive",
                        (step.winner,),
                        labels=("+" + format_value(step.grad),),
                    )
                )
            else:
                share = "+" + format_value(step.grad / (kh * kw))
                cells_c = tuple((r, q) for r in rows for q in cols)
                marks.append(Mark("grad_in", c, "receive", cells_c, labels=(share,) * len(cells_c)))
        return marks

    def _winners(self) -> np.ndarray | None:
        """(steps, 2) winner (row, col) in the padded input of every max-pooling step."""
        t = self.trace
        if not isinstance(t, PoolTrace) or t.winners is None:
            return None
        _, OH, OW = t.output_shape
        w = t.winners.numpy()
        kw = t.kernel_size[1]
        rows = np.arange(OH)[:, None] * t.stride[0] + w // kw  # (C, OH, OW)
        cols = np.arange(OW)[None, :] * t.stride[1] + w % kw
        return np.stack([rows.reshape(-1), cols.reshape(-1)], axis=1)

    def _winner_marks(self, k: int) -> list[Mark]:
        cells = self._winner_cells
        t = self.trace
        if cells is None or t is None:
            return []
        c = t.out_index(k)[0]
        r, q = cells[k]
        marks = [Mark("input", c, "winner", ((int(r), int(q)),))]
        grid = self.canvas.grid("input", c) if self.canvas.has_grid("input", c) else None
        if grid is not None and grid.cell >= 10:
            _, OH, OW = t.output_shape
            first = max(c * OH * OW, k - MAX_MARKED_WINNERS)
            marks += [Mark("input", c, "won", ((int(a), int(b)),)) for a, b in cells[first:k]]
        return marks

    # ------------------------------------------------------------------ stepping

    def set_step(self, k: int) -> None:
        """Go to step ``k`` (-1 … num_steps − 1, clamped); repaints only what changed."""
        if self.trace is None:
            return
        k = max(-1, min(int(k), self.num_steps - 1))
        old = self.k
        if k == old:
            return
        self.k = k
        t = self.trace
        single = abs(k - old) == 1
        changed_step = max(k, old)
        channel = self._channel_of(k)
        if isinstance(t, ConvTrace) and channel != self._kernel_channel:
            self._kernel_channel = channel
            K = t.kernel.numpy()
            for ci in range(K.shape[1]):
                self.canvas.set_values("kernel", ci, K[channel, ci])
            if t.bias is not None:
                self.canvas.set_values("bias", 0, t.bias.numpy()[channel].reshape(1, 1))
            self.canvas.set_title(self._kernel_index, self._kernel_title())
        if self.backward is None:
            after = t.output_after(k).numpy()
            if single:
                c, i, j = t.out_index(changed_step)
                self.canvas.set_values("output", c, after[c], (i, j, 1, 1))
            else:
                for c in range(after.shape[0]):
                    self.canvas.set_values("output", c, after[c])
        else:
            if single:
                # one step: add (or take back) what that output element sends, nothing else
                sign = 1.0 if k > old else -1.0
                channels = self._accumulate(changed_step, sign)
                c, i, j = t.out_index(changed_step)
                rows, cols, _ = t.window(i, j)
                block = (rows[0], cols[0], rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1)
                for ch in channels:
                    self.canvas.set_values("grad_in", ch, self._grad_now[ch], block)
            else:
                self._grad_now = self.backward.padded_input_grad_after(k).numpy().copy()
                for ch in range(self._grad_now.shape[0]):
                    self.canvas.set_values("grad_in", ch, self._grad_now[ch])
        self._move_lens(k)
        self.canvas.set_marks(self._marks(k))
        self.scrub.blockSignals(True)
        self.scrub.setValue(k)
        self.scrub.blockSignals(False)
        self._update_texts()
        if not self._image_timer.isActive():
            self._image_timer.start()
        self._update_transport()
        self.step_changed.emit(k)

    def _accumulate(self, step: int, sign: float) -> list[int]:
        """Add ``sign`` × the input-gradient contribution of ``step``; the channels it touches."""
        b, t = self.backward, self.trace
        assert b is not None and t is not None
        bs = b.steps[step]
        index = np.ix_(bs.rows, bs.cols)
        if isinstance(t, ConvTrace):
            grads = bs.input_grad.numpy()  # (C_in, kh, kw)
            for ch in range(grads.shape[0]):
                self._grad_now[ch][index] += sign * grads[ch]
            return list(range(grads.shape[0]))
        c = bs.out_index[0]
        self._grad_now[c][index] += sign * bs.input_grad.numpy()
        return [c]

    def step_forward(self) -> None:
        self.set_step(self.k + 1)

    def step_back(self) -> None:
        self.set_step(self.k - 1)

    def reset(self) -> None:
        self.pause()
        self.set_step(-1)

    def jump_to_end(self) -> None:
        self.pause()
        self.set_step(self.num_steps - 1)
        self._update_image()

    def play(self) -> None:
        if self.trace is None or self.num_steps == 0:
            return
        if self.k >= self.num_steps - 1:
            self.set_step(-1)
        self._apply_speed()
        self.timer.start()
        self._update_transport()
        self.playing_changed.emit(True)

    def pause(self) -> None:
        if self.timer.isActive():
            self.timer.stop()
            self._update_transport()
            self.playing_changed.emit(False)

    def toggle_play(self) -> None:
        if self.is_playing:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Stop every timer and a running export (closing the lab)."""
        self.cancel_export(wait=True)
        self.pause()
        self._image_timer.stop()

    def _steps_per_tick(self) -> tuple[int, int]:
        rate = self.steps_per_second()
        interval = max(15, round(1000 / rate))
        return interval, max(1, round(rate * interval / 1000))

    def _apply_speed(self) -> None:
        interval, _ = self._steps_per_tick()
        self.timer.setInterval(interval)

    def _tick(self) -> None:
        _, n = self._steps_per_tick()
        self.set_step(self.k + n)
        if self.k >= self.num_steps - 1:
            self.pause()
            self._update_image()

    def _on_speed(self, _v: int) -> None:
        self._apply_speed()
        self._update_speed_label()

    def _on_scrub(self, value: int) -> None:
        self.set_step(value)

    # ------------------------------------------------------------------ texts and image

    def _update_texts(self) -> None:
        self.step_label.setText(self.texts.position(self.trace, self.k))
        self.expression.setText(self.expression_text())
        self._fit_expression()

    #: the written-out sum takes at most this share of the stage's height; longer sums (many
    #: channels) are set smaller, down to :data:`EXPRESSION_MIN_SHARE` of the normal size
    EXPRESSION_SHARE = 0.3
    EXPRESSION_MIN_SHARE = 0.55

    def _fit_expression(self) -> None:
        """Shrink the sum's font until it fits its share, so the grids keep the room."""
        label, normal = self.expression, getattr(self, "_expression_pt", 0.0)
        width, room = label.width(), self.stage.height() * self.EXPRESSION_SHARE
        if normal <= 0 or width <= 0 or room <= 0:
            return
        font = QFont(label.font())
        size = normal
        while True:
            font.setPointSizeF(size)
            rect = QFontMetrics(font).boundingRect(
                0, 0, width, 100_000, int(Qt.TextFlag.TextWordWrap), label.text()
            )
            if rect.height() <= room or size <= normal * self.EXPRESSION_MIN_SHARE:
                break
            size *= 0.9
        if abs(label.font().pointSizeF() - size) > 0.05:
            label.setFont(font)

    def expression_text(self) -> str:
        """The arithmetic of the current step, written out (or summarised when long)."""
        return self.texts.expression(self.trace, self.backward, self.k)

    def _update_image(self) -> None:
        t = self.trace
        if t is None:
            return
        done = self.k >= self.num_steps - 1
        if self.backward is None:
            full = t.output.numpy()
            levels = levels_for(full)
            self.output.set_map(t.output_after(self.k).numpy(), levels[:2], levels[2])
            title = self.tr("Output map Y (complete)") if done else self.tr("Output map Y so far")
        else:
            full = self.backward.input_grad.numpy()
            levels = levels_for(full)
            (ph, pw), (_, H, W) = t.padding, t.input_shape
            now = self._grad_now[:, ph : ph + H, pw : pw + W]
            self.output.set_map(now, levels[:2], levels[2])
            title = (
                self.tr("Input gradient ∂L/∂X (complete)")
                if done
                else self.tr("Input gradient ∂L/∂X so far")
            )
        self.output.set_title(title)

    def _update_transport(self) -> None:
        has = self.trace is not None and self.num_steps > 0
        at_start, at_end = self.k <= -1, self.k >= self.num_steps - 1
        self.btn_reset.setEnabled(has and not at_start)
        self.btn_back.setEnabled(has and not at_start)
        self.btn_forward.setEnabled(has and not at_end)
        self.btn_end.setEnabled(has and not at_end)
        self.btn_play.setEnabled(has)
        self.scrub.setEnabled(has)
        self.btn_play.setText(self.tr("‖ Pause") if self.is_playing else self.tr("▶ Play"))

    def _update_speed_label(self) -> None:
        rate = self.steps_per_second()
        text = f"{rate:.1f}" if rate < 10 else f"{rate:.0f}"
        self.speed_label.setText(self.tr("{r} steps/s").format(r=text))

    def steps_per_second(self) -> float:
        """The speed slider's pace (what Play and an exported GIF use)."""
        return speed_for(self.speed.value())

    def flush(self) -> None:
        """Bring the throttled map image up to date now."""
        self._image_timer.stop()
        self._update_image()

    # ------------------------------------------------------------------ style & language

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        self.canvas.set_style(theme, font_scale)
        self.output.set_style(theme, font_scale)
        font = QFont(QApplication.font())  # the app font already carries the scale
        base = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
        font.setPointSizeF(base * 1.2)
        self._expression_pt = font.pointSizeF()  # the sum's size when it fits
        self.expression.setFont(font)
        self._fit_expression()
        size = QSize(round(28 * font_scale**0.8), round(28 * font_scale**0.8))
        for b in (self.btn_reset, self.btn_back, self.btn_play, self.btn_forward, self.btn_end):
            b.setMinimumSize(size)
        self.output.setMinimumWidth(round(140 * font_scale**0.5))
        self.speed.setMinimumWidth(round(90 * font_scale))
        self.scrub.setMinimumWidth(round(120 * font_scale**0.7))

    def set_presenting(self, on: bool) -> None:
        """Presented, the steps take most of the width and the output preview a fifth."""
        self._presenting = bool(on)
        self._share_preview()

    #: presented on a stage narrower than this, the output preview goes below the steps (a
    #: 4:3 projector with the slide strip beside: the steps need the width, there is height)
    PREVIEW_BELOW_UNDER = 820

    def _share_preview(self) -> None:
        below = self._presenting and 0 < self.width() < self.PREVIEW_BELOW_UNDER
        vertical = Qt.Orientation.Vertical
        if below != (self.splitter.orientation() == vertical):
            self.splitter.setOrientation(vertical if below else Qt.Orientation.Horizontal)
        if below:
            h = max(self.splitter.height(), 200)
            self.output.setMaximumWidth(16_777_215)
            self.output.setMaximumHeight(round(h * 0.2))
            self.splitter.setSizes([round(h * 0.82), round(h * 0.18)])
            return
        self.output.setMaximumHeight(16_777_215)
        w = max(self.splitter.width(), 400)
        share = 0.2 if self._presenting else 0.28
        dragged = self._dragged.value
        if dragged is not None:  # a resize keeps what the user dragged to
            share = min(dragged, 0.25) if self._presenting else dragged
        # presented, the preview never outgrows its share (the steps are what is taught)
        self.output.setMaximumWidth(round(w * 0.25) if self._presenting else 16_777_215)
        self.splitter.setSizes([round(w * (1 - share)), round(w * share)])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._presenting:
            self._share_preview()
        self._fit_expression()

    def retranslate(self) -> None:
        tips = [
            (self.btn_reset, "|◀", self.tr("Reset: back to before the first step (Home)")),
            (self.btn_back, "◀", self.tr("One step back (← or Page Up)")),
            (self.btn_forward, "▶", self.tr("One step forward (→ or Page Down)")),
            (self.btn_end, "▶|", self.tr("Jump to the last step (End)")),
        ]
        for b, text, tip in tips:
            b.setText(text)
            b.setToolTip(tip)
        self.btn_play.setToolTip(self.tr("Play or pause (Space)"))
        self.scrub.setToolTip(self.tr("Drag to any step"))
        self.speed_title.setText(self.tr("Speed"))
        self._update_speed_label()
        self._update_transport()
        if self.trace is not None:
            self._start(keep_step=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
