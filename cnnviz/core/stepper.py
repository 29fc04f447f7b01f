"""Convolution and pooling, one output number at a time, forward and backward.

:func:`conv2d_trace` and :func:`pool2d_trace` compute the whole output at once (vectorised, in
float64) and then explain it number by number: ``trace.steps[k]`` says which window of the padded
input produced output element ``k``, what was multiplied with what (or which cell won the max),
and how the result came together.  ``trace.backward(grad_output)`` does the same for
back-propagation: where each output element sends its gradient, and the input gradient as it
fills in, step by step.

Steps are built on demand, so a 64x64 input with 4 output channels costs nothing until a step is
looked at.  Output elements are ordered channel by channel, row-major within a channel: step ``k``
is output element ``(c, i, j)`` with ``k = (c * OH + i) * OW + j``.

Coordinates ``rows``/``cols`` refer to the *padded* input (``trace.padded_input``); subtract the
padding to get input coordinates (negative or past the edge for padding cells).

>>> t = conv2d_trace([[[0, 1, 2], [3, 4, 5], [6, 7, 8]]], [[[[0, 1], [2, 3]]]])
>>> t.output.tolist()
[[[19.0, 25.0], [37.0, 43.0]]]
>>> t.steps[0].expression()
'0×0 + 1×1 + 3×2 + 4×3 = 19'

This module belongs to ``cnnviz.core`` and must not import any GUI library.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar, overload

import torch
import torch.nn.functional as F
from torch import Tensor

from cnnviz.core.errors import FieldError
from cnnviz.core.graph import output_size_formula

__all__ = [
    "BackwardTrace",
    "ConvBackwardStep",
    "ConvStep",
    "ConvTrace",
    "GradContribution",
    "PoolBackwardStep",
    "PoolStep",
    "PoolTrace",
    "StepSequence",
    "conv2d_trace",
    "pool2d_trace",
]

IntPair = int | tuple[int, int] | Sequence[int]
PoolMode = Literal["max", "avg"]
DTYPE = torch.float64  # every trace computes in double precision

T = TypeVar("T")

#: the state field (:class:`cnnviz.core.lab_state.LabState`) each argument stands for
_FIELDS = {"X": "input", "K": "kernel", "bias": "bias", "grad_output": "gradient",
           "kernel_size": "kernel_size", "stride": "stride", "padding": "padding",
           "dilation": "dilation", "mode": "pool", "k": "step"}  # fmt: skip


# --------------------------------------------------------------------------- helpers


def _as_tensor(x: object, name: str) -> Tensor:
    """``x`` as a detached float64 CPU tensor (from a tensor, array or nested list)."""
    try:
        t = x if isinstance(x, Tensor) else torch.as_tensor(x)
    except (TypeError, ValueError, RuntimeError) as exc:
        raise FieldError(
            _FIELDS[name], f"{name} must be a tensor or array-like of numbers ({exc})."
        ) from exc
    if t.is_complex():
        raise FieldError(_FIELDS[name], f"{name} must hold real numbers, got dtype {t.dtype}.")
    return t.detach().to(device="cpu", dtype=DTYPE)


def _pair(value: object, name: str) -> tuple[int, int]:
    """An int or a pair of ints as a pair ``(h, w)``; anything else raises ValueError."""
    if not isinstance(value, (bool, str)):
        try:
            v = operator.index(value)  # type: ignore[arg-type]
            return (v, v)
        except TypeError:
            pass
        try:
            a, b = value  # type: ignore[misc]
            if not isinstance(a, bool) and not isinstance(b, bool):
                return (operator.index(a), operator.index(b))
        except (TypeError, ValueError):
            pass
    raise FieldError(
        _FIELDS[name], f"{name} must be an int or a pair of ints (h, w), got {value!r}."
    )


def _check_at_least(pair: tuple[int, int], minimum: int, name: str) -> None:
    if pair[0] < minimum or pair[1] < minimum:
        raise FieldError(
            _FIELDS[name],
            f"{name} must be at least {minimum} in both directions (height, width), got {pair}.",
        )


def _check_not_empty(t: Tensor, name: str) -> None:
    if t.numel() == 0:
        raise FieldError(_FIELDS[name], f"{name} must not be empty, got shape {tuple(t.shape)}.")


def _check_fits(extent: tuple[int, int], padded: tuple[int, int], what: str, advice: str) -> None:
    if extent[0] > padded[0] or extent[1] > padded[1]:
        raise FieldError(
            "kernel_size",
            f"{what} spans {extent[0]}×{extent[1]} input cells, more than the padded input "
            f"{padded[0]}×{padded[1]} (H + 2·padding, W + 2·padding); {advice}.",
            related=("kernel_size", "padding", "dilation", "input"),
        )


def _num(v: float, parens: bool = True) -> str:
    """A number for an expression: ``3``, ``0.25``, ``−∞``; negatives in parentheses if asked."""
    text = f"{v:.4g}".replace("-", "−").replace("inf", "∞")
    return f"({text})" if parens and v < 0 else text


class StepSequence(Sequence[T]):
    """A read-only sequence whose items are built on demand by ``build(k)``.

    Supports ``len``, integer (also negative) indexing, slices (a list) and iteration.
    """

    __slots__ = ("_build", "_len")

    def __init__(self, length: int, build: Callable[[int], T]):
        self._len = length
        self._build = build

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._build(k) for k in range(*index.indices(self._len))]
        k = operator.index(index)
        if k < 0:
            k += self._len
        if not 0 <= k < self._len:
            raise IndexError(f"step {index} is out of range: there are {self._len} steps.")
        return self._build(k)

    def __iter__(self) -> Iterator[T]:
        for k in range(self._len):
            yield self._build(k)

    def __repr__(self) -> str:
        return f"StepSequence({self._len} steps)"


# --------------------------------------------------------------------------- steps


class _WindowInInput:
    """Window rows and columns in unpadded input coordinates (for steps with ``rows``,
    ``cols`` and ``padding`` fields)."""

    @property
    def input_rows(self) -> tuple[int, ...]:
        """Window rows in input coordinates (< 0 or >= H for padding rows)."""
        return tuple(r - self.padding[0] for r in self.rows)

    @property
    def input_cols(self) -> tuple[int, ...]:
        """Window columns in input coordinates (< 0 or >= W for padding columns)."""
        return tuple(c - self.padding[1] for c in self.cols)


@dataclass(frozen=True, eq=False)
class ConvStep(_WindowInInput):
    """How one output element of a convolution is computed.

    ``products = window * weights``, ``channel_sums[c] = products[c].sum()`` and
    ``value = channel_sums.sum() + bias``.
    """

    index: int  # flat step index
    out_index: tuple[int, int, int]  # (c_out, i, j) in the output
    rows: tuple[int, ...]  # kh rows of the window in the padded input (dilation included)
    cols: tuple[int, ...]  # kw columns of the window in the padded input
    padding: tuple[int, int]  # (ph, pw) of the trace
    padding_mask: Tensor  # (kh, kw) bool: True where the window cell is padding
    window: Tensor  # (C_in, kh, kw) padded-input values under the kernel
    weights: Tensor  # (C_in, kh, kw) the kernel of output channel c_out
    products: Tensor  # (C_in, kh, kw) window * weights
    channel_sums: Tensor  # (C_in,) products summed per input channel
    bias: float  # bias of output channel c_out (0.0 without bias)
    value: float  # channel_sums.sum() + bias

    def expression(self) -> str:
        """The sum written out, window value × weight: ``'0×0 + 1×1 + 3×2 + 4×3 = 19'``.

        Input channels follow one another; a non-zero bias comes last.
        """
        terms = [
            f"{_num(x)}×{_num(w)}"
            for x, w in zip(self.window.flatten().tolist(), self.weights.flatten().tolist())
        ]
        if self.bias != 0.0:
            terms.append(_num(self.bias))
        return f"{' + '.join(terms)} = {_num(self.value, False)}"


@dataclass(frozen=True, eq=False)
class PoolStep(_WindowInInput):
    """How one output element of a pooling is computed.

    Max pooling: ``value`` is the largest window value, found at ``winner`` (the first maximum
    in row-major order within the window, as PyTorch picks).  Average pooling:
    ``value = window.sum() / (kh·kw)``, padding zeros included; ``winner`` is None.
    """

    index: int  # flat step index
    out_index: tuple[int, int, int]  # (c, i, j) in the output
    mode: PoolMode
    rows: tuple[int, ...]  # kh rows of the window in the padded input
    cols: tuple[int, ...]  # kw columns of the window in the padded input
    padding: tuple[int, int]  # (ph, pw) of the trace
    padding_mask: Tensor  # (kh, kw) bool: True where the window cell is padding
    window: Tensor  # (kh, kw) values of channel c (padding: −inf for max, 0 for avg)
    value: float
    winner: tuple[int, int] | None  # max: (row, col) of the winner in the padded input
    winner_in_window: tuple[int, int] | None  # max: (u, v) of the winner inside the window

    @property
    def winner_input(self) -> tuple[int, int] | None:
        """Max pooling: the winner's (row, col) in the unpadded input; None for average."""
        if self.winner is None:
            return None
        return (self.winner[0] - self.padding[0], self.winner[1] - self.padding[1])

    def expression(self) -> str:
        """The reduction written out: ``'max(0, 1, 4, 5) = 5'`` or ``'(0 + 1 + 4 + 5)/4 = 2.5'``."""
        window = self.window.flatten().tolist()
        if self.mode == "max":
            return f"max({', '.join(_num(v, False) for v in window)}) = {_num(self.value, False)}"
        values = [_num(v) for v in window]
        return f"({' + '.join(values)})/{self.window.numel()} = {_num(self.value, False)}"


@dataclass(frozen=True)
class GradContribution:
    """The gradient one output element sends to one cell of the (padded) input."""

    position: tuple[int, int, int]  # (channel, row, col) in the padded input
    input_position: tuple[int, int, int] | None  # the same in the input; None for padding
    value: float


@dataclass(frozen=True, eq=False)
class ConvBackwardStep:
    """Where the gradient of one convolution output element goes.

    Output element ``(c_out, i, j)`` with upstream gradient ``grad`` sends
    ``grad · K[c_out, c_in, u, v]`` to the input cell under kernel cell ``(c_in, u, v)``,
    ``grad · window[c_in, u, v]`` to that kernel cell and ``grad`` to ``bias[c_out]``.
    """

    index: int
    out_index: tuple[int, int, int]  # (c_out, i, j)
    grad: float  # grad_output[c_out, i, j]
    rows: tuple[int, ...]  # window rows in the padded input
    cols: tuple[int, ...]  # window columns in the padded input
    padding: tuple[int, int]  # (ph, pw) of the trace
    padding_mask: Tensor  # (kh, kw) bool: True where the window cell is padding
    input_grad: Tensor  # (C_in, kh, kw) grad · K[c_out], sent to the window cells
    kernel_grad: Tensor  # (C_in, kh, kw) grad · window, sent to K[c_out]
    bias_grad: float  # grad, sent to bias[c_out]

    @property
    def contributions(self) -> tuple[GradContribution, ...]:
        """Every window cell of every input channel with what it receives (row-major)."""
        return _contributions(self.input_grad, 0, self)


@dataclass(frozen=True, eq=False)
class PoolBackwardStep:
    """Where the gradient of one pooling output element goes.

    Max pooling sends all of ``grad`` to the window's winner; average pooling spreads
    ``grad / (kh·kw)`` over every window cell (padding cells receive their share, which the
    input gradient drops).
    """

    index: int
    out_index: tuple[int, int, int]  # (c, i, j)
    grad: float  # grad_output[c, i, j]
    rows: tuple[int, ...]  # window rows in the padded input
    cols: tuple[int, ...]  # window columns in the padded input
    padding: tuple[int, int]  # (ph, pw) of the trace
    padding_mask: Tensor  # (kh, kw) bool: True where the window cell is padding
    input_grad: Tensor  # (kh, kw) what each window cell receives
    winner: tuple[int, int] | None  # max: (row, col) of the winner in the padded input

    @property
    def contributions(self) -> tuple[GradContribution, ...]:
        """The cells that receive, with what: the winner only (max) or every window cell (avg)."""
        c = self.out_index[0]
        if self.winner is not None:
            r, col = self.winner
            inp = (c, r - self.padding[0], col - self.padding[1])
            return (GradContribution((c, r, col), inp, self.grad),)
        return _contributions(self.input_grad[None], c, self)


def _contributions(
    grads: Tensor, first_channel: int, step: ConvBackwardStep | PoolBackwardStep
) -> tuple[GradContribution, ...]:
    """One contribution per cell of ``grads`` (C, kh, kw); plane 0 is ``first_channel``."""
    ph, pw = step.padding
    pad = step.padding_mask.tolist()
    out = []
    for c, plane in enumerate(grads.tolist()):
        ch = first_channel + c
        for u, line in enumerate(plane):
            for v, g in enumerate(line):
                r, col = step.rows[u], step.cols[v]
                inp = None if pad[u][v] else (ch, r - ph, col - pw)
                out.append(GradContribution((ch, r, col), inp, g))
    return tuple(out)


# --------------------------------------------------------------------------- traces


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
                    f"grad_output must have the shape of the output {self.output_shape}, "
                    f"got {tuple(G.shape)}.",
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


def _check_step(k: int, n: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or not -1 <= k < n:
        raise FieldError(
            "step",
            f"k must be a step index from -1 (before the first step) to {n - 1} (the last "
            f"step), got {k!r}.",
        )


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


@dataclass(eq=False, repr=False)
class BackwardTrace:
    """Back-propagation through a :class:`ConvTrace` or :class:`PoolTrace`, step by step.

    Attributes
    ----------
    forward : ConvTrace or PoolTrace
    grad_output : Tensor, shape of ``forward.output``
    padded_input_grad : Tensor, shape of ``forward.padded_input``
        What every cell of the padded input receives, padding cells included.
    input_grad : Tensor, shape (C, H, W)
        The gradient with respect to the input (padding dropped), as autograd gives it.
    kernel_grad : Tensor, shape (C_out, C_in, kh, kw), or None for pooling
    bias_grad : Tensor, shape (C_out,), or None for pooling
        ``grad_output`` summed per channel (given even when the convolution has no bias).
    steps : StepSequence of ConvBackwardStep or PoolBackwardStep
        In the forward order; ``steps[k].contributions`` lists where output element ``k``'s
        gradient goes.
    """

    forward: ConvTrace | PoolTrace
    grad_output: Tensor
    padded_input_grad: Tensor
    input_grad: Tensor
    kernel_grad: Tensor | None
    bias_grad: Tensor | None

    def __repr__(self) -> str:
        kind = type(self.forward).__name__
        return f"BackwardTrace({kind}, input_grad {tuple(self.input_grad.shape)})"

    @property
    def steps(self) -> StepSequence:
        """One backward step per output element, built on demand."""
        return StepSequence(
            self.forward.num_steps, lambda k: self.forward._backward_step(k, self.grad_output)
        )

    def _after(self, k: int) -> tuple[Tensor, Tensor | None, Tensor | None]:
        _check_step(k, self.forward.num_steps)
        done = torch.arange(self.grad_output.numel()).reshape(self.grad_output.shape) <= k
        return self.forward._gradients(torch.where(done, self.grad_output, 0.0))

    def padded_input_grad_after(self, k: int) -> Tensor:
        """What the padded input has received once steps ``0..k`` are done (``k = -1``: zeros).

        Raises
        ------
        ValueError
            If ``k`` is not in ``-1 .. len(steps) - 1``.
        """
        return self._after(k)[0]

    def input_grad_after(self, k: int) -> Tensor:
        """The input gradient (C, H, W) accumulated over steps ``0..k`` (``k = -1``: zeros)."""
        return self.forward._crop(self._after(k)[0])

    def kernel_grad_after(self, k: int) -> Tensor | None:
        """The kernel gradient accumulated over steps ``0..k``; None for pooling."""
        return self._after(k)[1]

    def bias_grad_after(self, k: int) -> Tensor | None:
        """The bias gradient accumulated over steps ``0..k``; None for pooling."""
        return self._after(k)[2]


# --------------------------------------------------------------------------- builders


def conv2d_trace(
    X: object,
    K: object,
    bias: object = None,
    *,
    stride: IntPair = 1,
    padding: IntPair = 0,
    dilation: IntPair = 1,
) -> ConvTrace:
    """Trace a 2-D convolution of one image, number by number.

    Parameters
    ----------
    X : tensor, array or nested list, shape (C_in, H, W)
    K : tensor, array or nested list, shape (C_out, C_in, kh, kw)
    bias : shape (C_out,), optional
    stride : int or (int, int), default 1
        Step between windows, >= 1.
    padding : int or (int, int), default 0
        Zero rows/columns added on each side, >= 0.
    dilation : int or (int, int), default 1
        Spacing between kernel cells, >= 1.

    Returns
    -------
    ConvTrace
        ``output`` equals ``F.conv2d(X[None], K, bias, stride, padding, dilation)[0]``
        (computed in float64).

    Raises
    ------
    ValueError
        If ``X`` is not 3-D or ``K`` not 4-D, either is empty, their input channels differ,
        ``bias`` is not (C_out,), ``stride`` or ``dilation`` < 1, ``padding`` < 0, or the
        (dilated) kernel is larger than the padded input.
    """
    X = _as_tensor(X, "X")
    K = _as_tensor(K, "K")
    if X.ndim != 3:
        raise FieldError(
            "input",
            f"X must be 3-D (C_in, H, W), got shape {tuple(X.shape)}; add a channel axis "
            f"for a single-channel image.",
        )
    if K.ndim != 4:
        raise FieldError(
            "kernel",
            f"K must be 4-D (C_out, C_in, kh, kw), got shape {tuple(K.shape)}; add output "
            f"and input channel axes for a single 2-D kernel.",
        )
    _check_not_empty(X, "X")
    _check_not_empty(K, "K")
    C_in, H, W = X.shape
    C_out, k_in, kh, kw = K.shape
    if k_in != C_in:
        raise FieldError(
            "kernel",
            f"K has {k_in} input channels (K.shape[1]) but X has {C_in}: K must have shape "
            f"(C_out, {C_in}, kh, kw).",
        )
    b = None
    if bias is not None:
        b = _as_tensor(bias, "bias")
        if tuple(b.shape) != (C_out,):
            raise FieldError(
                "bias",
                f"bias must have shape ({C_out},), one value per output channel of K, "
                f"got {tuple(b.shape)}.",
            )
    s = _pair(stride, "stride")
    p = _pair(padding, "padding")
    d = _pair(dilation, "dilation")
    _check_at_least(s, 1, "stride")
    _check_at_least(p, 0, "padding")
    _check_at_least(d, 1, "dilation")
    padded_hw = (H + 2 * p[0], W + 2 * p[1])
    extent = (d[0] * (kh - 1) + 1, d[1] * (kw - 1) + 1)
    what = f"The {kh}×{kw} kernel K" + (f" with dilation {d}" if d != (1, 1) else "")
    _check_fits(extent, padded_hw, what, "use a smaller kernel or dilation, or more padding")

    padded = F.pad(X, (p[1], p[1], p[0], p[0]))  # (C_in, H + 2·ph, W + 2·pw)
    output = F.conv2d(X[None], K, b, stride=s, padding=p, dilation=d)[0]  # (C_out, OH, OW)
    return ConvTrace(
        input=X,
        padded_input=padded,
        output=output,
        kernel_size=(kh, kw),
        stride=s,
        padding=p,
        dilation=d,
        kernel=K,
        bias=b,
    )


def pool2d_trace(
    X: object,
    kernel_size: IntPair,
    *,
    stride: IntPair | None = None,
    padding: IntPair = 0,
    mode: PoolMode = "max",
) -> PoolTrace:
    """Trace a 2-D max or average pooling of one image, number by number (PyTorch semantics).

    Parameters
    ----------
    X : tensor, array or nested list, shape (C, H, W)
    kernel_size : int or (int, int)
        Window height and width, >= 1.
    stride : int or (int, int), optional
        Step between windows, >= 1; defaults to ``kernel_size``.
    padding : int or (int, int), default 0
        Rows/columns added on each side: −inf for max pooling (padding never wins), zeros
        that count in the average for average pooling (``count_include_pad=True``).  At most
        half the window per axis (``padding <= kernel_size // 2``), as PyTorch requires.
    mode : {"max", "avg"}, default "max"

    Returns
    -------
    PoolTrace
        ``output`` equals ``F.max_pool2d`` / ``F.avg_pool2d`` with the same arguments.

    Raises
    ------
    ValueError
        For an unknown ``mode``, ``X`` not 3-D or empty, ``kernel_size`` or ``stride`` < 1,
        ``padding`` < 0 or over half the window, or a window larger than the padded input.
    """
    X = _as_tensor(X, "X")
    if X.ndim != 3:
        raise FieldError(
            "input",
            f"X must be 3-D (C, H, W), got shape {tuple(X.shape)}; add a channel axis for a "
            f"single-channel image.",
        )
    _check_not_empty(X, "X")
    if mode not in ("max", "avg"):
        raise FieldError("pool", f"mode must be 'max' or 'avg', got {mode!r}.")
    k = _pair(kernel_size, "kernel_size")
    _check_at_least(k, 1, "kernel_size")
    s = k if stride is None else _pair(stride, "stride")
    _check_at_least(s, 1, "stride")
    p = _pair(padding, "padding")
    _check_at_least(p, 0, "padding")
    half = (k[0] // 2, k[1] // 2)
    if p[0] > half[0] or p[1] > half[1]:
        raise FieldError(
            "padding",
            f"padding {p} must be at most half of kernel_size {k} in each direction, i.e. at "
            f"most {half} (PyTorch's rule).",
        )
    _, H, W = X.shape
    padded_hw = (H + 2 * p[0], W + 2 * p[1])
    _check_fits(k, padded_hw, f"kernel_size {k}", "use a smaller kernel_size or more padding")

    fill = -math.inf if mode == "max" else 0.0
    padded = F.pad(X, (p[1], p[1], p[0], p[0]), value=fill)  # (C, H + 2·ph, W + 2·pw)
    windows = padded.unfold(1, k[0], s[0]).unfold(2, k[1], s[1])  # (C, OH, OW, kh, kw)
    windows = windows.reshape(*windows.shape[:3], -1)  # (C, OH, OW, kh·kw)
    winners = None
    if mode == "max":
        winners = _first_max(windows, _window_is_input(padded_hw, (H, W), k, s, p))
        output = windows.gather(-1, winners[..., None])[..., 0]
    else:
        output = windows.mean(dim=-1)
    return PoolTrace(
        input=X,
        padded_input=padded,
        output=output,
        kernel_size=k,
        stride=s,
        padding=p,
        dilation=(1, 1),
        mode=mode,
        winners=winners,
    )


def _window_is_input(
    padded_hw: tuple[int, int],
    hw: tuple[int, int],
    k: tuple[int, int],
    s: tuple[int, int],
    p: tuple[int, int],
) -> Tensor:
    """(OH, OW, kh·kw) bool: True where a window cell is an input cell, not padding."""
    inside = torch.zeros(padded_hw, dtype=torch.bool)
    inside[p[0] : p[0] + hw[0], p[1] : p[1] + hw[1]] = True
    cells = inside.unfold(0, k[0], s[0]).unfold(1, k[1], s[1])  # (OH, OW, kh, kw)
    return cells.reshape(*cells.shape[:2], -1)


def _first_max(windows: Tensor, valid: Tensor) -> Tensor:
    """Index of each window's winner among its input cells, as PyTorch's max pooling picks it.

    PyTorch scans a window row by row and takes a value when it is strictly larger than the
    best so far (so the first of equal maxima wins) or NaN (so the last NaN wins); padding
    cells are never scanned.  ``windows`` is (C, OH, OW, n), ``valid`` (OH, OW, n).
    """
    n = windows.shape[-1]
    position = torch.arange(n)
    best = windows.masked_fill(~valid, -math.inf).amax(dim=-1, keepdim=True)
    is_best = (windows == best) & valid
    first = torch.where(is_best, position, n).amin(dim=-1)
    is_nan = windows.isnan() & valid
    last_nan = torch.where(is_nan, position, -1).amax(dim=-1)
    return torch.where(is_nan.any(dim=-1), last_nan, first)
