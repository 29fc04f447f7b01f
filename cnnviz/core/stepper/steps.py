"""One step of a trace: how one output element is computed (:class:`ConvStep`,
:class:`PoolStep`) or where its gradient goes (:class:`ConvBackwardStep`,
:class:`PoolBackwardStep`), and :class:`StepSequence`, which builds steps on demand."""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar, overload

from torch import Tensor

from cnnviz.core.stepper.checks import PoolMode

T = TypeVar("T")


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
