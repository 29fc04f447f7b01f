"""The builders: :func:`conv2d_trace` and :func:`pool2d_trace` check their arguments, compute the
whole output with torch and return the trace that explains it."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor

from cnnviz.core.errors import FieldError
from cnnviz.core.messages import message
from cnnviz.core.stepper.checks import (
    IntPair,
    PoolMode,
    _as_tensor,
    _check_at_least,
    _check_fits,
    _check_not_empty,
    _pair,
)
from cnnviz.core.stepper.traces import ConvTrace, PoolTrace


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
            message(
                "X must be 3-D (C_in, H, W), got shape {shape}; add a channel axis for a "
                "single-channel image.",
                shape=tuple(X.shape),
            ),
        )
    if K.ndim != 4:
        raise FieldError(
            "kernel",
            message(
                "K must be 4-D (C_out, C_in, kh, kw), got shape {shape}; add output and input "
                "channel axes for a single 2-D kernel.",
                shape=tuple(K.shape),
            ),
        )
    _check_not_empty(X, "X")
    _check_not_empty(K, "K")
    C_in, H, W = X.shape
    C_out, k_in, kh, kw = K.shape
    if k_in != C_in:
        raise FieldError(
            "kernel",
            message(
                "K has {k_in} input channels (K.shape[1]) but X has {c_in}: K must have shape "
                "(C_out, {c_in}, kh, kw).",
                k_in=k_in,
                c_in=C_in,
            ),
        )
    b = None
    if bias is not None:
        b = _as_tensor(bias, "bias")
        if tuple(b.shape) != (C_out,):
            raise FieldError(
                "bias",
                message(
                    "bias must have shape ({c_out},), one value per output channel of K, got "
                    "{shape}.",
                    c_out=C_out,
                    shape=tuple(b.shape),
                ),
            )
    s = _pair(stride, "stride")
    p = _pair(padding, "padding")
    d = _pair(dilation, "dilation")
    _check_at_least(s, 1, "stride")
    _check_at_least(p, 0, "padding")
    _check_at_least(d, 1, "dilation")
    padded_hw = (H + 2 * p[0], W + 2 * p[1])
    extent = (d[0] * (kh - 1) + 1, d[1] * (kw - 1) + 1)
    what = (
        message("The {kh}×{kw} kernel K", kh=kh, kw=kw)
        if d == (1, 1)
        else message("The {kh}×{kw} kernel K with dilation {d}", kh=kh, kw=kw, d=d)
    )
    advice = message("use a smaller kernel or dilation, or more padding")
    _check_fits(extent, padded_hw, what, advice)

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
            message(
                "X must be 3-D (C, H, W), got shape {shape}; add a channel axis for a "
                "single-channel image.",
                shape=tuple(X.shape),
            ),
        )
    _check_not_empty(X, "X")
    if mode not in ("max", "avg"):
        raise FieldError("pool", message("mode must be 'max' or 'avg', got {mode!r}.", mode=mode))
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
            message(
                "padding {p} must be at most half of kernel_size {k} in each direction, i.e. at "
                "most {half} (PyTorch's rule).",
                p=p,
                k=k,
                half=half,
            ),
        )
    _, H, W = X.shape
    padded_hw = (H + 2 * p[0], W + 2 * p[1])
    _check_fits(
        k,
        padded_hw,
        message("kernel_size {k}", k=k),
        message("use a smaller kernel_size or more padding"),
    )

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
