"""Argument checks of the stepper: each mistake raises a :class:`~cnnviz.core.errors.FieldError`
naming the :class:`~cnnviz.core.lab_state.LabState` field it stands for."""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Literal

import torch
from torch import Tensor

from cnnviz.core.errors import FieldError
from cnnviz.core.messages import message

IntPair = int | tuple[int, int] | Sequence[int]
PoolMode = Literal["max", "avg"]
DTYPE = torch.float64  # every trace computes in double precision

#: the state field (:class:`cnnviz.core.lab_state.LabState`) each argument stands for
_FIELDS = {"X": "input", "K": "kernel", "bias": "bias", "grad_output": "gradient",
           "kernel_size": "kernel_size", "stride": "stride", "padding": "padding",
           "dilation": "dilation", "mode": "pool"}  # fmt: skip


def _as_tensor(x: object, name: str) -> Tensor:
    """``x`` as a detached float64 CPU tensor (from a tensor, array or nested list)."""
    try:
        t = x if isinstance(x, Tensor) else torch.as_tensor(x)
    except (TypeError, ValueError, RuntimeError) as exc:
        raise FieldError(
            _FIELDS[name],
            message(
                "{name} must be a tensor or array-like of numbers ({exc}).", name=name, exc=str(exc)
            ),
        ) from exc
    if t.is_complex():
        raise FieldError(
            _FIELDS[name],
            message("{name} must hold real numbers, got dtype {dtype}.", name=name, dtype=t.dtype),
        )
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
        _FIELDS[name],
        message("{name} must be an int or a pair of ints (h, w), got {v!r}.", name=name, v=value),
    )


def _check_at_least(pair: tuple[int, int], minimum: int, name: str) -> None:
    if pair[0] < minimum or pair[1] < minimum:
        raise FieldError(
            _FIELDS[name],
            message(
                "{name} must be at least {lo} in both directions (height, width), got {pair}.",
                name=name,
                lo=minimum,
                pair=pair,
            ),
        )


def _check_not_empty(t: Tensor, name: str) -> None:
    if t.numel() == 0:
        raise FieldError(
            _FIELDS[name],
            message(
                "{name} must not be empty, got shape {shape}.", name=name, shape=tuple(t.shape)
            ),
        )


def _check_fits(extent: tuple[int, int], padded: tuple[int, int], what: str, advice: str) -> None:
    """``what`` (the window) and ``advice`` are messages; FieldError when it does not fit."""
    if extent[0] > padded[0] or extent[1] > padded[1]:
        raise FieldError(
            "kernel_size",
            message(
                "{what} spans {eh}×{ew} input cells, more than the padded input {ph}×{pw} "
                "(H + 2·padding, W + 2·padding); {advice}.",
                what=what,
                eh=extent[0],
                ew=extent[1],
                ph=padded[0],
                pw=padded[1],
                advice=advice,
            ),
            related=("kernel_size", "padding", "dilation", "input"),
        )


def _check_step(k: int, n: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or not -1 <= k < n:
        raise FieldError(
            "step",
            message(
                "k must be a step index from -1 (before the first step) to {last} (the last "
                "step), got {k!r}.",
                last=n - 1,
                k=k,
            ),
        )
