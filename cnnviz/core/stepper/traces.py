"""The forward traces: :class:`ConvTrace` and :class:`PoolTrace`, a window sliding over a padded
input, explained number by number (built by :mod:`cnnviz.core.stepper.build`)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor

from cnnviz.core.errors import FieldError
from cnnviz.core.graph import output_size_formula
from cnnviz.core.messages import message
from cnnviz.core.stepper.backward import BackwardTrace
from cnnviz.core.stepper.checks import DTYPE, PoolMode, _as_tensor, _check_step
from cnnviz.core.stepper.steps import (
    ConvBackwardStep,
    ConvStep,
    PoolBackwardStep,
    PoolStep,
    StepSequence,
)


@dataclass(eq=False, repr=False)
class _WindowTrace:
    """What convolution and pooling traces share: a window sliding over a padded input."""

    input: Tensor  # (C, H, W) float64
    padded_input: Tensor  # (C, H + 2·ph, W + 2·pw)
    output: Tensor  # (C_out, OH, OW)
    kernel_size: tuple[int, int]  # (kh, kw)
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]

    # ---- shapes and indices

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """(C, H, W)."""
        return tuple(self.input.shape)  # type: ignore[return-value]

    @property
    def padded_shape(self) -> tuple[int, int, int]:
        """(C, H + 2·ph, W + 2·pw)."""
        return tuple(self.padded_input.shape)  # type: ignore[return-value]

    @property
    def output_shape(self) -> tuple[int, int, int]:
        """(C_out, OH, OW) — C_out is C for pooling."""
        return tuple(self.output.shape)  # type: ignore[return-value]

    @property
    def num_steps(self) -> int:
        """One step per output element."""
        return self.output.numel()

    @property
    def formula(self) -> str:
        """The output-size formula with the numbers in it, e.g. ``'⌊(28 + 2·2 − 5)/1⌋ + 1 = 28'``.

        One formula when height and width agree, else ``'H: …;  W: …'``.
        """
        size = self.input_shape[1:]
        return output_size_formula(
            size, self.kernel_size, self.stride, self.padding, self.dilation
        )[0]

    def step_index(self, c: int, i: int, j: int) -> int:
        """Flat step index of output element ``(c, i, j)``: ``(c·OH + i)·OW + j``.

        Raises
        ------
        IndexError
            If the position lies outside the output.
        """
        C, OH, OW = self.output_shape
        if not (0 <= c < C and 0 <= i < OH and 0 <= j < OW):
            raise IndexError(f"({c}, {i}, {j}) is outside the output of shape {(C, OH, OW)}.")
        return (c * OH + i) * OW + j

    def out_index(self, k: int) -> tuple[int, int, int]:
        """Output element ``(c, i, j)`` of flat step ``k`` (the inverse of :meth:`step_index`)."""
        _, OH, OW = self.output_shape
        c, rest = divmod(k, OH * OW)
        i, j = divmod(rest, OW)
        return (c, i, j)

    def window(self, i: int, j: int) -> tuple[tuple[int, ...], tuple[int, ...], Tensor]:
        """Rows, columns (padded-input coordinates) and padding mask (kh, kw) of window (i, j)."""
        (kh, kw), (sh, sw), (dh, dw) = self.kernel_size, self.stride, self.dilation
        (ph, pw), (_, H, W) = self.padding, self.input_shape
        rows = tuple(i * sh + u * dh for u in range(kh))
        cols = tuple(j * sw + v * dw for v in range(kw))
        row_in = torch.tensor([ph <= r < ph + H for r in rows])
        col_in = torch.tensor([pw <= c < pw + W for c in cols])
        return rows, cols, ~(row_in[:, None] & col_in[None, :])

    def around(self, k: int, margin: int = 1) -> tuple[int, int, int, int]:
        """The block ``(i0, j0, rows, cols)`` of the padded input around step ``k``'s window.

        The window grows by ``margin`` cells on every side and is centred in the block, which
        is moved back inside the padded input at its edges (the window then sits off centre)
        and never exceeds it. What a view magnifies when the whole input is too small to read.

        >>> import torch
        >>> from cnnviz.core.stepper import conv2d_trace
        >>> t = conv2d_trace(torch.zeros(1, 28, 28), torch.zeros(1, 1, 3, 3))
        >>> t.around(0), t.around(t.step_index(0, 12, 12)), t.around(t.num_steps - 1)
        ((0, 0, 5, 5), (11, 11, 5, 5), (23, 23, 5, 5))
        """
        _check_step(k, self.num_steps)
        _, H, W = self.padded_shape
        _, i, j = self.out_index(max(k, 0))
        rows, cols, _ = self.window(i, j)
        eh, ew = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
        bh, bw = min(eh + 2 * margin, H), min(ew + 2 * margin, W)
        i0 = min(max(rows[0] - (bh - eh) // 2, 0), H - bh)
        j0 = min(max(cols[0] - (bw - ew) // 2, 0), W - bw)
        return (i0, j0, bh, bw)

    def _window_values(self, rows: tuple[int, ...], cols: tuple[int, ...]) -> Tensor:
        """(C, kh, kw) padded-input values at ``rows`` × ``cols``."""
        return self.padded_input[:, list(rows)][:, :, list(cols)]

    # ---- stepping

    @property
    def steps(self) -> StepSequence:
        """One step per output element, built on demand; ``steps[k]``, ``len(steps)``."""
        return StepSequence(self.num_steps, self._step)

    def step_at(self, c: int, i: int, j: int) -> ConvStep | PoolStep:
        """The step of output element ``(c, i, j)``."""
        return self._step(self.step_index(c, i, j))

    def output_after(self, k: int) -> Tensor:
        """The output with steps ``0..k`` filled in and NaN elsewhere (``k = -1``: all NaN)."""
        _check_step(k, self.num_steps)
        out = self.output.flatten().clone()
        out[k + 1 :] = math.nan
        return out.reshape(self.output.shape)

    # ---- backward

    def ones_like_output(self) -> Tensor:
        """A gradient of ones shaped like the output (the gradient of ``output.sum()``)."""
        return torch.ones_like(self.output)

    def backward(self, grad_output: object = None) -> BackwardTrace:
        """Back-propagate ``grad_output`` (shaped like ``output``; None: all ones).

        Returns
        -------
        BackwardTrace
            The input gradient (and, for convolution, kernel and bias gradients), per-step
            contributions and the gradients as they accumulate step by step.

        Raises
        ------
        ValueError
            If ``grad_output`` does not have the output's shape.
        """
        if grad_output is None:
            G = self.ones_like_output()
        else:
            G = _as_tensor(grad_output, "grad_output")
            if tuple(G.shape) != self.output_shape:
                raise FieldError(
                    "gradient",
                    message(
                        "grad_output must have the shape of the output {shape}, got {got}.",
                        shape=self.output_shape,
                        got=tuple(G.shape),
                    ),
                )
        padded, kernel_grad, bias_grad = self._gradients(G)
        return BackwardTrace(
            forward=self,  # type: ignore[arg-type]
            grad_output=G,
            padded_input_grad=padded,
            input_grad=self._crop(padded),
            kernel_grad=kernel_grad,
            bias_grad=bias_grad,
        )

    def _crop(self, padded: Tensor) -> Tensor:
        """The input part (C, H, W) of a padded-input-shaped tensor."""
        (ph, pw), (_, H, W) = self.padding, self.input_shape
        return padded[:, ph : ph + H, pw : pw + W]

    # ---- implemented by the subclasses

    def _step(self, k: int) -> ConvStep | PoolStep:
        raise NotImplementedError

    def _backward_step(self, k: int, G: Tensor) -> ConvBackwardStep | PoolBackwardStep:
        raise NotImplementedError

    def _gradients(self, G: Tensor) -> tuple[Tensor, Tensor | None, Tensor | None]:
        raise NotImplementedError


@dataclass(eq=False, repr=False)
class ConvTrace(_WindowTrace):
    """A 2-D convolution (cross-correlation) of one image, explained number by number.

    Attributes
    ----------
    input : Tensor, shape (C_in, H, W)
    padded_input : Tensor, shape (C_in, H + 2·ph, W + 2·pw)
        Zero-padded input; window coordinates refer to it.
    kernel : Tensor, shape (C_out, C_in, kh, kw)
    bias : Tensor, shape (C_out,), or None
    output : Tensor, shape (C_out, OH, OW)
        Equal to ``F.conv2d(input[None], kernel, bias, stride, padding, dilation)[0]``.
    steps : StepSequence of ConvStep
        ``C_out·OH·OW`` steps: output channel by output channel, row-major within one.
    """

    kernel: Tensor  # (C_out, C_in, kh, kw)
    bias: Tensor | None = None  # (C_out,)

    def __repr__(self) -> str:
        return (
            f"ConvTrace(input {self.input_shape}, kernel {tuple(self.kernel.shape)}, "
            f"bias={'yes' if self.bias is not None else 'no'}, stride={self.stride}, "
            f"padding={self.padding}, dilation={self.dilation}, output {self.output_shape}, "
            f"{self.num_steps} steps)"
        )

    def _step(self, k: int) -> ConvStep:
        c, i, j = self.out_index(k)
        rows, cols, mask = self.window(i, j)
        window = self._window_values(rows, cols)  # (C_in, kh, kw)
        weights = self.kernel[c]
        products = window * weights
        channel_sums = products.sum(dim=(1, 2))
        bias = float(self.bias[c]) if self.bias is not None else 0.0
        return ConvStep(
            index=k,
            out_index=(c, i, j),
            rows=rows,
            cols=cols,
            padding=self.padding,
            padding_mask=mask,
            window=window,
            weights=weights,
            products=products,
            channel_sums=channel_sums,
            bias=bias,
            value=float(channel_sums.sum()) + bias,
        )

    def _backward_step(self, k: int, G: Tensor) -> ConvBackwardStep:
        c, i, j = self.out_index(k)
        rows, cols, mask = self.window(i, j)
        g = float(G[c, i, j])
        return ConvBackwardStep(
            index=k,
            out_index=(c, i, j),
            grad=g,
            rows=rows,
            cols=cols,
            padding=self.padding,
            padding_mask=mask,
            input_grad=g * self.kernel[c],
            kernel_grad=g * self._window_values(rows, cols),
            bias_grad=g,
        )

    def _gradients(self, G: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        C_out = self.kernel.shape[0]
        geometry = dict(kernel_size=self.kernel_size, dilation=self.dilation, stride=self.stride)
        g = G.reshape(C_out, -1)  # (C_out, L), L = OH·OW
        # Each output element sends grad · K[c_out] to its window: columns of the padded input.
        cols = self.kernel.reshape(C_out, -1).T @ g  # (C_in·kh·kw, L)
        padded = F.fold(cols[None], output_size=self.padded_shape[1:], **geometry)[0]
        # ... and grad · window to the kernel.
        windows = F.unfold(self.padded_input[None], **geometry)[0]  # (C_in·kh·kw, L)
        kernel_grad = (g @ windows.T).reshape(self.kernel.shape)
        return padded, kernel_grad, g.sum(dim=1)


@dataclass(eq=False, repr=False)
class PoolTrace(_WindowTrace):
    """A 2-D max or average pooling of one image, explained number by number.

    Attributes
    ----------
    input : Tensor, shape (C, H, W)
    padded_input : Tensor, shape (C, H + 2·ph, W + 2·pw)
        Padded with −inf (max) or 0 (avg); window coordinates refer to it.
    mode : {"max", "avg"}
    output : Tensor, shape (C, OH, OW)
        Equal to ``F.max_pool2d`` / ``F.avg_pool2d`` (``count_include_pad=True``).
    winners : Tensor of int64, shape (C, OH, OW), or None
        Max pooling: index of each window's winner inside its window (row-major, ``u·kw + v``).
    steps : StepSequence of PoolStep
        ``C·OH·OW`` steps: channel by channel, row-major within one.
    """

    mode: PoolMode = "max"
    winners: Tensor | None = None

    def __repr__(self) -> str:
        return (
            f"PoolTrace({self.mode}, input {self.input_shape}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding}, output {self.output_shape}, "
            f"{self.num_steps} steps)"
        )

    def _winner(self, c: int, i: int, j: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """((u, v) in the window, (row, col) in the padded input) of the max, or None for avg."""
        if self.winners is None:
            return None
        u, v = divmod(int(self.winners[c, i, j]), self.kernel_size[1])
        return (u, v), (i * self.stride[0] + u, j * self.stride[1] + v)

    def _step(self, k: int) -> PoolStep:
        c, i, j = self.out_index(k)
        rows, cols, mask = self.window(i, j)
        window = self._window_values(rows, cols)[c]  # (kh, kw)
        won = self._winner(c, i, j)
        if won is None:
            value = float(window.sum()) / window.numel()
        else:
            value = float(window[won[0]])
        return PoolStep(
            index=k,
            out_index=(c, i, j),
            mode=self.mode,
            rows=rows,
            cols=cols,
            padding=self.padding,
            padding_mask=mask,
            window=window,
            value=value,
            winner=None if won is None else won[1],
            winner_in_window=None if won is None else won[0],
        )

    def _backward_step(self, k: int, G: Tensor) -> PoolBackwardStep:
        c, i, j = self.out_index(k)
        rows, cols, mask = self.window(i, j)
        g = float(G[c, i, j])
        won = self._winner(c, i, j)
        kh, kw = self.kernel_size
        if won is None:
            input_grad = torch.full((kh, kw), g / (kh * kw), dtype=DTYPE)
        else:
            input_grad = torch.zeros((kh, kw), dtype=DTYPE)
            input_grad[won[0]] = g
        return PoolBackwardStep(
            index=k,
            out_index=(c, i, j),
            grad=g,
            rows=rows,
            cols=cols,
            padding=self.padding,
            padding_mask=mask,
            input_grad=input_grad,
            winner=None if won is None else won[1],
        )

    def _gradients(self, G: Tensor) -> tuple[Tensor, None, None]:
        C, Hp, Wp = self.padded_shape
        kh, kw = self.kernel_size
        g = G.reshape(C, 1, -1)  # (C, 1, L)
        if self.winners is not None:
            # Each output element sends its whole gradient to the winner of its window.
            _, OH, OW = self.output_shape
            u, v = self.winners // kw, self.winners % kw
            rows = torch.arange(OH)[:, None] * self.stride[0] + u  # (C, OH, OW)
            cols = torch.arange(OW)[None, :] * self.stride[1] + v
            padded = torch.zeros((C, Hp * Wp), dtype=DTYPE)
            padded.scatter_add_(1, (rows * Wp + cols).reshape(C, -1), g[:, 0])
            return padded.reshape(C, Hp, Wp), None, None
        # Average: every window cell receives grad / (kh·kw); overlapping windows add up.
        cols_ = (g / (kh * kw)).expand(C, kh * kw, g.shape[-1])
        padded = F.fold(cols_, output_size=(Hp, Wp), kernel_size=(kh, kw), stride=self.stride)
        return padded[:, 0], None, None
