"""The convolution lab's whole state as data, and the kernel-bank arithmetic behind it.

A :class:`LabState` is what a lesson slide, a test or a notebook says the lab should show: the
mode, the input, the kernel, the geometry and the step. It validates itself and raises
:class:`~cnnviz.core.errors.FieldError` naming the field at fault, so a view puts the sentence
beside the right control. Fields a slide leaves out take the defaults below.

The kernel bank is the lab's (C_out, C_in, kh, kw) array of kernels, of which the first
``out_channels × in_channels`` are used:

>>> bank = stacked_bank([[[0.0, 1.0], [2.0, 3.0]], [[1.0, 2.0], [3.0, 4.0]]], 3, 2)
>>> bank[:, 0, 0, 0].tolist()  # the book's K, K + 1, K + 2
[0.0, 1.0, 2.0]
>>> centred(bank, (4, 4))[0, 0].tolist()
[[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 2.0, 3.0, 0.0], [0.0, 0.0, 0.0, 0.0]]

This module belongs to ``cnnviz.core`` and imports no GUI library (and no torch: numpy only).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from cnnviz.core.catalog import LAB_LIMITS, LAB_MODES, MAX_CHANNELS_IN, MAX_CHANNELS_OUT
from cnnviz.core.errors import FieldError
from cnnviz.core.messages import message

__all__ = [
    "LAB_MODES",
    "MAX_CHANNELS_IN",
    "MAX_CHANNELS_OUT",
    "LabState",
    "broadcast_bank",
    "centred",
    "stacked_bank",
]

GRADIENTS = ("ones", "random", "cell")
POOL_MODES = ("max", "avg")

Pair = tuple[int, int]


def _pair(field: str, value: Any, lo: int, hi: int) -> Pair:
    """An int or ``[h, w]`` as a pair within ``lo..hi``; anything else raises FieldError."""
    pair = value if isinstance(value, (list, tuple)) else (value, value)
    ok = len(pair) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
    if not ok:
        raise FieldError(
            field,
            message(
                "{field} must be a whole number or a pair [h, w], not {v!r}.", field=field, v=value
            ),
        )
    for v in pair:
        if v < lo:
            raise FieldError(
                field, message("{field} must be at least {lo}, not {v}.", field=field, lo=lo, v=v)
            )
        if v > hi:
            raise FieldError(
                field,
                message("{field} must be at most {hi} here, not {v}.", field=field, hi=hi, v=v),
            )
    return (int(pair[0]), int(pair[1]))


def _kernel_matrices(value: Any) -> np.ndarray:
    """A typed kernel (one matrix, or one per input channel) as a (C, kh, kw) array."""
    try:
        k = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise FieldError(
            "kernel", message("kernel rows must all have the same length and hold numbers.")
        ) from None
    if k.ndim == 2:
        k = k[None]
    if k.ndim != 3 or 0 in k.shape:
        raise FieldError(
            "kernel", message("kernel must be a matrix of numbers, or one per channel.")
        )
    if not np.isfinite(k).all():
        raise FieldError("kernel", message("kernel values must be finite numbers."))
    return k


@dataclass(frozen=True)
class LabState:
    """Everything the convolution lab shows, as plain data (a slide's lab keys).

    ``kernel`` is a preset name, or the typed matrices (one, or one per input channel); a typed
    kernel fills the bank as the book stacks it (:func:`stacked_bank`). ``bias`` is None when
    the bias is off. ``step`` is an output index or ``"end"``.
    """

    mode: str = "conv"  # conv | pool | backward | learn | features
    input: str | None = None  # a sample's name; None keeps the input the lab has
    in_channels: int = 1
    out_channels: int = 1
    kernel: str | tuple | None = None  # preset name, typed matrices, or None to keep
    kernel_size: Pair | None = None  # for pooling; a typed kernel has its own size
    pool: str = "max"  # max | avg
    padding: Pair = (0, 0)
    stride: Pair = (1, 1)
    dilation: Pair = (1, 1)
    bias: float | None = None
    gradient: str = "ones"  # backward: ones | random | cell
    through: str = "conv"  # backward: conv | pool
    step: int | str = 0
    bn_mode: str = "eval"  # features: batch norm with running averages (eval) or batch statistics

    def __post_init__(self) -> None:
        # an int or [h, w] means a pair (h, w); a typed kernel is kept as nested tuples
        for field in ("padding", "stride", "dilation", "kernel_size"):
            v = getattr(self, field)
            if isinstance(v, int) and not isinstance(v, bool):
                object.__setattr__(self, field, (v, v))
            elif isinstance(v, list):
                object.__setattr__(self, field, tuple(v))
        if isinstance(self.kernel, list):
            object.__setattr__(self, "kernel", _freeze(self.kernel))
        self.validate()

    def validate(self) -> None:
        """Raise :class:`FieldError` for the first field that is out of range."""
        limits = LAB_LIMITS
        if self.bn_mode not in ("train", "eval"):
            raise FieldError(
                "bn_mode", message("bn_mode must be train or eval, not {v!r}.", v=self.bn_mode)
            )
        if self.mode not in LAB_MODES:
            raise FieldError(
                "mode",
                message(
                    "mode must be one of {modes}, not {v!r}.",
                    modes=", ".join(LAB_MODES),
                    v=self.mode,
                ),
            )
        for field in ("in_channels", "out_channels"):
            v, (lo, hi) = getattr(self, field), limits[field]
            if not (isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi):
                raise FieldError(
                    field,
                    message(
                        "{field} must be from {lo} to {hi}, not {v!r}.",
                        field=field,
                        lo=lo,
                        hi=hi,
                        v=v,
                    ),
                )
        for field in ("padding", "stride", "dilation", "kernel_size"):
            v = getattr(self, field)
            if v is not None:
                _pair(field, v, *limits[field])
        if isinstance(self.kernel, (tuple, list)):
            _kernel_matrices(self.kernel)
        if self.pool not in POOL_MODES:
            raise FieldError(
                "pool", message("pool must be 'max' or 'avg', not {v!r}.", v=self.pool)
            )
        if self.gradient not in GRADIENTS:
            raise FieldError(
                "gradient",
                message("gradient must be one of {names}.", names=", ".join(GRADIENTS)),
            )
        if self.through not in ("conv", "pool"):
            raise FieldError("through", message("through must be 'conv' or 'pool'."))
        if self.bias is not None and not (
            isinstance(self.bias, (int, float)) and math.isfinite(self.bias)
        ):
            raise FieldError(
                "bias", message("bias must be a finite number, not {v!r}.", v=self.bias)
            )
        step = self.step
        if step != "end" and not (
            isinstance(step, int) and not isinstance(step, bool) and step >= 0
        ):
            raise FieldError(
                "step", message("step must be 0 or more, or 'end', not {v!r}.", v=step)
            )

    @property
    def op(self) -> str | None:
        """The operation traced: "conv", "pool", or None (learn and features trace nothing)."""
        if self.mode == "backward":
            return self.through
        return self.mode if self.mode in ("conv", "pool") else None

    @classmethod
    def from_slide(cls, keys: dict[str, Any]) -> LabState:
        """The state a lesson slide's lab keys describe (see ``cnnviz.core.lessons.SLIDE_KEYS``).

        Keys that are not the lab's are ignored; fields the slide leaves out take the
        defaults. Raises :class:`FieldError` for a value out of range.
        """
        pairs = {f: keys[f] for f in ("padding", "stride", "dilation", "kernel_size") if f in keys}
        mode = keys.get("lab_mode", "conv")
        return cls(
            mode=mode,
            input=keys.get("input"),
            in_channels=keys.get("in_channels", 1),
            out_channels=keys.get("out_channels", 1),
            kernel=keys.get("kernel"),
            pool=keys.get("pool", "max"),
            bias=keys.get("bias"),
            gradient={"one": "cell"}.get(
                keys.get("gradient", "ones"), keys.get("gradient", "ones")
            ),
            through="pool" if mode == "backward" and "pool" in keys else "conv",
            step=keys.get("step", 0),
            bn_mode=keys.get("bn_mode", "eval"),
            **pairs,
        )

    def to_slide(self) -> dict[str, Any]:
        """The lesson-slide keys that give this state back (:meth:`from_slide`)."""
        keys: dict[str, Any] = {"lab_mode": self.mode}
        if self.input is not None:
            keys["input"] = self.input
        keys["in_channels"] = self.in_channels
        if self.op != "pool":
            keys["out_channels"] = self.out_channels
            if self.kernel is not None:
                keys["kernel"] = _thaw(self.kernel)
        else:
            keys["pool"] = self.pool
            if self.kernel_size is not None:
                keys["kernel_size"] = list(self.kernel_size)
        for field in ("padding", "stride", "dilation"):
            keys[field] = list(getattr(self, field))
        if self.bias is not None:
            keys["bias"] = float(self.bias)
        if self.step != 0:
            keys["step"] = self.step
        if self.bn_mode != "eval":
            keys["bn_mode"] = self.bn_mode
        return keys

    def replace(self, **changes: Any) -> LabState:
        """A copy with ``changes`` (validated)."""
        return dataclasses.replace(self, **changes)


def _freeze(v: Any) -> Any:
    return tuple(_freeze(x) for x in v) if isinstance(v, (list, tuple)) else v


def _thaw(v: Any) -> Any:
    return [_thaw(x) for x in v] if isinstance(v, (list, tuple)) else v


# --------------------------------------------------------------------------- the kernel bank


def broadcast_bank(
    K: np.ndarray, c_out: int = MAX_CHANNELS_OUT, c_in: int = MAX_CHANNELS_IN
) -> np.ndarray:
    """One (kh, kw) kernel copied into every output × input pair: shape (c_out, c_in, kh, kw)."""
    K = np.asarray(K, dtype=float)
    return np.broadcast_to(K, (c_out, c_in, *K.shape)).copy()


def stacked_bank(
    kernel: Any, c_out: int = MAX_CHANNELS_OUT, c_in: int = MAX_CHANNELS_IN
) -> np.ndarray:
    """A typed kernel as a bank, stacked as the book does for several output channels.

    ``kernel`` is one (kh, kw) matrix or one per input channel (C, kh, kw). Input channel ``i``
    gets matrix ``i mod C``. With several input matrices, output channel ``o`` adds ``o`` to
    every weight (the book's ``torch.stack((K, K + 1, K + 2), 0)``, d2l 7.4); one matrix is
    copied unchanged into every output channel. Returns (c_out, c_in, kh, kw).
    """
    k = _kernel_matrices(kernel)  # (C, kh, kw)
    bank = np.zeros((c_out, c_in, *k.shape[1:]))
    for i in range(c_in):
        bank[:, i] = k[i % len(k)]
    if len(k) > 1:
        bank += np.arange(c_out, dtype=float)[:, None, None, None]
    return bank


def centred(bank: np.ndarray, size: Pair) -> np.ndarray:
    """The bank resized to (kh, kw) = ``size``, each old kernel kept centred.

    Growing pads with zeros around the old kernel; shrinking keeps its middle (the top-left of
    the middle when the difference is odd). Returns a new (C_out, C_in, kh, kw) array.
    """
    kh, kw = size
    c_out, c_in, oh, ow = bank.shape
    new = np.zeros((c_out, c_in, kh, kw))
    h, w = min(kh, oh), min(kw, ow)
    ti, tj = (kh - h) // 2, (kw - w) // 2
    si, sj = (oh - h) // 2, (ow - w) // 2
    new[:, :, ti : ti + h, tj : tj + w] = bank[:, :, si : si + h, sj : sj + w]
    return new


def network_bank(
    weight: np.ndarray, bias: np.ndarray | None, channel: int
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """A slice of a network's real conv kernels as the lab's bank.

    ``weight`` is the layer's (C_out, C_in/groups, kh, kw), ``bias`` its (C_out,) or None.
    Output channels ``channel`` … and the first input channels, as many as the lab holds,
    go into a zero bank. Returns ``(bank, biases, n_out, n_in)``: the (MAX_CHANNELS_OUT,
    MAX_CHANNELS_IN, kh, kw) bank, the (MAX_CHANNELS_OUT,) biases and how many of each are real.
    """
    C_out, cin, kh, kw = weight.shape
    channel = max(0, min(channel, C_out - 1))
    bank = np.zeros((MAX_CHANNELS_OUT, MAX_CHANNELS_IN, kh, kw))
    biases = np.zeros(MAX_CHANNELS_OUT)
    n_out, n_in = min(MAX_CHANNELS_OUT, C_out - channel), min(MAX_CHANNELS_IN, cin)
    bank[:n_out, :n_in] = weight[channel : channel + n_out, :n_in]
    if bias is not None:
        biases[:n_out] = bias[channel : channel + n_out]
    return bank, biases, n_out, n_in
