"""From-scratch CNN operations, following *Dive into Deep Learning* (d2l.ai).

The functions here re-implement, in plain and readable PyTorch, the building
blocks of the chapters "Convolutional Neural Networks" and "Batch
Normalization": cross-correlation (single and multiple channels, 1x1
convolution), pooling, batch normalisation, a learnable ``Conv2D`` layer and the
"learn an edge-detection kernel" experiment.  They are meant to be imported in a
notebook and compared against ``torch.nn.functional``; the test-suite checks that
they agree with ``F.conv2d``, ``F.max_pool2d``, ``F.avg_pool2d`` and
``nn.BatchNorm1d``/``nn.BatchNorm2d``.

Inputs may be tensors or anything :func:`torch.as_tensor` accepts (nested lists,
NumPy arrays).  Integer inputs are promoted to the default floating dtype, so
``corr2d([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]])`` works as in the
book.  Invalid input raises :class:`ValueError` with a sentence naming the
offending parameter.

This module belongs to ``cnnviz.core`` and must not import any GUI library.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Literal

import torch
import torch.nn.functional as F
from torch import Tensor, nn

__all__ = [
    "EDGE_KERNEL",
    "BatchNorm",
    "Conv2D",
    "batch_norm",
    "corr2d",
    "corr2d_multi_in",
    "corr2d_multi_in_out",
    "corr2d_multi_in_out_1x1",
    "edge_kernel",
    "learn_kernel",
    "pool2d",
    "stripe_image",
]

#: The book's horizontal edge detector: responds +1 at a 1->0 edge, -1 at a 0->1 edge.
EDGE_KERNEL: tuple[tuple[float, float], ...] = ((1.0, -1.0),)

IntPair = int | tuple[int, int] | Sequence[int]


# --------------------------------------------------------------------------- helpers


def _as_float_tensor(x: object, name: str) -> Tensor:
    """Return ``x`` as a tensor, promoting non-floating dtypes to the default float dtype."""
    try:
        t = torch.as_tensor(x)
    except (TypeError, ValueError, RuntimeError) as exc:
        raise ValueError(f"{name} must be a tensor or array-like of numbers ({exc}).") from exc
    if not (t.is_floating_point() or t.is_complex()):
        t = t.to(torch.get_default_dtype())
    return t


def _check_ndim(t: Tensor, name: str, ndims: tuple[int, ...], meaning: str) -> None:
    if t.ndim not in ndims:
        raise ValueError(f"{name} must be {meaning}, got a tensor of shape {tuple(t.shape)}.")


def _pair(value: IntPair, name: str) -> tuple[int, int]:
    """Normalise an int or a pair of ints to a pair of ints."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}.")
    if isinstance(value, int):
        return (value, value)
    try:
        a, b = value  # type: ignore[misc]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}.") from None
    if any(isinstance(v, bool) or not isinstance(v, int) for v in (a, b)):
        raise ValueError(f"{name} must be an int or a pair of ints, got {value!r}.")
    return (int(a), int(b))


# ---------------------------------------------------------------- cross-correlation


def corr2d(X: Tensor, K: Tensor) -> Tensor:
    """2-D cross-correlation of ``X`` with kernel ``K`` (no padding, stride 1).

    ``Y[i, j] = (X[i:i + kh, j:j + kw] * K).sum()`` -- what deep-learning
    libraries call "convolution".  Vectorised with :meth:`Tensor.unfold`, which
    views every ``kh x kw`` window of ``X`` at once; differentiable.

    Parameters
    ----------
    X : Tensor, shape (h, w)
        Input.
    K : Tensor, shape (kh, kw)
        Kernel.

    Returns
    -------
    Tensor, shape (h - kh + 1, w - kw + 1)

    Raises
    ------
    ValueError
        If ``X`` or ``K`` is not 2-D, or ``K`` is larger than ``X``.
    """
    X = _as_float_tensor(X, "X")
    K = _as_float_tensor(K, "K")
    _check_ndim(X, "X", (2,), "2-D (h, w)")
    _check_ndim(K, "K", (2,), "2-D (kh, kw)")
    kh, kw = K.shape
    if kh < 1 or kw < 1:
        raise ValueError(f"K must not be empty, got shape {tuple(K.shape)}.")
    if kh > X.shape[0] or kw > X.shape[1]:
        raise ValueError(
            f"K of shape {tuple(K.shape)} is larger than the input X of shape {tuple(X.shape)}."
        )
    # windows[i, j] is the (kh, kw) patch X[i:i + kh, j:j + kw].
    windows = X.unfold(0, kh, 1).unfold(1, kw, 1)  # (oh, ow, kh, kw)
    return (windows * K).sum(dim=(-2, -1))


def corr2d_multi_in(X: Tensor, K: Tensor) -> Tensor:
    """Multi-input-channel cross-correlation: correlate per channel, then sum.

    Parameters
    ----------
    X : Tensor, shape (c_in, h, w)
    K : Tensor, shape (c_in, kh, kw)

    Returns
    -------
    Tensor, shape (h - kh + 1, w - kw + 1)

    Raises
    ------
    ValueError
        If ``X`` or ``K`` is not 3-D, the channel counts differ, or the kernel
        is larger than the input.
    """
    X = _as_float_tensor(X, "X")
    K = _as_float_tensor(K, "K")
    _check_ndim(X, "X", (3,), "3-D (c_in, h, w)")
    _check_ndim(K, "K", (3,), "3-D (c_in, kh, kw)")
    if X.shape[0] != K.shape[0]:
        raise ValueError(
            f"K has {K.shape[0]} input channels but X has {X.shape[0]}; they must match."
        )
    if X.shape[0] == 0:
        raise ValueError("X must have at least one channel.")
    # Iterate over the channel dimension of X and K, then add the results.
    return sum(corr2d(x, k) for x, k in zip(X, K, strict=True))  # type: ignore[return-value]


def corr2d_multi_in_out(X: Tensor, K: Tensor) -> Tensor:
    """Multi-input, multi-output cross-correlation.

    Each output channel ``o`` is ``corr2d_multi_in(X, K[o])``; the results are
    stacked.

    Parameters
    ----------
    X : Tensor, shape (c_in, h, w)
    K : Tensor, shape (c_out, c_in, kh, kw)

    Returns
    -------
    Tensor, shape (c_out, h - kh + 1, w - kw + 1)

    Raises
    ------
    ValueError
        If ``K`` is not 4-D, ``c_out`` is 0, or as :func:`corr2d_multi_in`.
    """
    K = _as_float_tensor(K, "K")
    _check_ndim(K, "K", (4,), "4-D (c_out, c_in, kh, kw)")
    if K.shape[0] == 0:
        raise ValueError("K must have at least one output channel.")
    return torch.stack([corr2d_multi_in(X, k) for k in K], dim=0)


def corr2d_multi_in_out_1x1(X: Tensor, K: Tensor) -> Tensor:
    """1x1 convolution computed as a matrix multiplication.

    A 1x1 kernel mixes channels independently at every pixel, so with
    ``X`` flattened to ``(c_in, h * w)`` the output is ``K (c_out, c_in) @ X``.

    Parameters
    ----------
    X : Tensor, shape (c_in, h, w)
    K : Tensor, shape (c_out, c_in, 1, 1)

    Returns
    -------
    Tensor, shape (c_out, h, w)

    Raises
    ------
    ValueError
        If ``X`` is not 3-D, ``K`` is not 4-D with a 1x1 kernel, or the channel
        counts differ.
    """
    X = _as_float_tensor(X, "X")
    K = _as_float_tensor(K, "K")
    _check_ndim(X, "X", (3,), "3-D (c_in, h, w)")
    _check_ndim(K, "K", (4,), "4-D (c_out, c_in, 1, 1)")
    if tuple(K.shape[2:]) != (1, 1):
        raise ValueError(f"K must have a 1x1 kernel, got kernel size {tuple(K.shape[2:])}.")
    c_in, h, w = X.shape
    c_out = K.shape[0]
    if K.shape[1] != c_in:
        raise ValueError(f"K has {K.shape[1]} input channels but X has {c_in}; they must match.")
    Y = K.reshape(c_out, c_in) @ X.reshape(c_in, h * w)
    return Y.reshape(c_out, h, w)


# -------------------------------------------------------------------------- pooling


def pool2d(
    X: Tensor,
    pool_size: IntPair,
    mode: Literal["max", "avg"] = "max",
    padding: IntPair = 0,
    stride: IntPair | None = None,
) -> Tensor:
    """Max or average pooling, with PyTorch's semantics.

    Generalises the book's ``pool2d`` with padding, stride and channels.  Each
    channel is pooled independently.  The output size per axis is
    ``(n + 2 * padding - pool) // stride + 1`` (``ceil_mode=False``).  Max
    pooling pads with ``-inf`` (padding never wins); average pooling pads with
    zeros that *count* in the average, like ``F.avg_pool2d``'s default
    ``count_include_pad=True``.

    Parameters
    ----------
    X : Tensor, shape (h, w) or (c, h, w)
    pool_size : int or (int, int)
        Window height and width, each >= 1.
    mode : {"max", "avg"}
    padding : int or (int, int), default 0
        Rows/columns added on each side; at most half the window
        (``padding <= pool_size // 2``), as PyTorch requires.
    stride : int or (int, int), optional
        Step between windows, each >= 1; defaults to ``pool_size``.

    Returns
    -------
    Tensor, shape (oh, ow) or (c, oh, ow), matching the input's ndim.

    Raises
    ------
    ValueError
        For an unknown ``mode``, ``X`` not 2-D/3-D, ``pool_size`` or ``stride``
        < 1, negative ``padding`` or ``padding`` > half the window, or a window
        larger than the padded input.
    """
    X = _as_float_tensor(X, "X")
    _check_ndim(X, "X", (2, 3), "2-D (h, w) or 3-D (c, h, w)")
    if mode not in ("max", "avg"):
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}.")
    ph, pw = _pair(pool_size, "pool_size")
    if ph < 1 or pw < 1:
        raise ValueError(f"pool_size must be >= 1 in both dimensions, got {(ph, pw)}.")
    sh, sw = (ph, pw) if stride is None else _pair(stride, "stride")
    if sh < 1 or sw < 1:
        raise ValueError(f"stride must be >= 1 in both dimensions, got {(sh, sw)}.")
    pad_h, pad_w = _pair(padding, "padding")
    if pad_h < 0 or pad_w < 0:
        raise ValueError(f"padding must be >= 0, got {(pad_h, pad_w)}.")
    if pad_h > ph // 2 or pad_w > pw // 2:
        raise ValueError(f"padding {(pad_h, pad_w)} must be at most half of pool_size {(ph, pw)}.")
    h, w = X.shape[-2:]
    if ph > h + 2 * pad_h or pw > w + 2 * pad_w:
        raise ValueError(
            f"pool_size {(ph, pw)} is larger than the padded input "
            f"{(h + 2 * pad_h, w + 2 * pad_w)}."
        )
    fill = -math.inf if mode == "max" else 0.0
    if pad_h or pad_w:
        X = F.pad(X, (pad_w, pad_w, pad_h, pad_h), value=fill)
    # Unfold the row axis, then the column axis (positive indices: unfold appends a dim).
    row_axis = X.ndim - 2
    windows = X.unfold(row_axis, ph, sh).unfold(row_axis + 1, pw, sw)  # (..., oh, ow, ph, pw)
    if mode == "max":
        return windows.amax(dim=(-2, -1))
    return windows.mean(dim=(-2, -1))


# ------------------------------------------------------------ batch normalisation


def batch_norm(
    X: Tensor,
    gamma: Tensor,
    beta: Tensor,
    moving_mean: Tensor,
    moving_var: Tensor,
    eps: float = 1e-5,
    momentum: float = 0.1,
    training: bool = True,
) -> tuple[Tensor, Tensor, Tensor]:
    r"""Batch normalisation, numerically matching ``nn.BatchNorm1d``/``2d``.

    Each channel (feature) is standardised, then scaled and shifted:
    ``Y = gamma * (X - mean) / sqrt(var + eps) + beta``.  After batch
    normalisation (in training mode, with the batch's own statistics) each
    channel of ``Y`` has mean ``beta`` and standard deviation ``gamma``
    (up to ``eps``): the learnable scale γ and shift β let the network choose
    any per-channel mean and spread.

    * ``training=True``: ``mean``/``var`` are the batch mean and the *biased*
      batch variance (divide by ``n``), computed over the batch axis for 2-D
      input and over batch, height and width for 4-D input.  The moving
      statistics are updated as PyTorch does::

          moving_mean = (1 - momentum) * moving_mean + momentum * mean
          moving_var  = (1 - momentum) * moving_var  + momentum * var_unbiased

      where ``var_unbiased = var * n / (n - 1)`` (``n`` values per channel).
    * ``training=False``: the moving statistics are used and returned unchanged.

    **Momentum convention.**  ``momentum`` is PyTorch's: the weight of the *new
    batch* statistic (default 0.1).  The d2l book writes
    ``momentum * moving + (1 - momentum) * batch`` with ``momentum=0.9``, i.e.
    the weight of the *old* value; book ``momentum=0.9`` equals ``momentum=0.1``
    here.  The book also updates the moving variance with the biased variance;
    we use the unbiased one, as PyTorch does.

    Parameters
    ----------
    X : Tensor, shape (N, C) or (N, C, H, W)
    gamma, beta : Tensor with C elements
        Scale and shift, shape (C,) or the book's (1, C) / (1, C, 1, 1).
    moving_mean, moving_var : Tensor with C elements
        Running statistics; returned in the same shape.
    eps : float, default 1e-5
        Added to the variance for numerical stability; must be >= 0.
    momentum : float, default 0.1
        Weight of the batch statistic in the running-average update, in [0, 1].
    training : bool, default True

    Returns
    -------
    Y : Tensor, same shape as ``X``
    moving_mean, moving_var : Tensor
        Updated (training) or unchanged (eval) running statistics, detached
        from the autograd graph.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D or 4-D, a parameter does not have C elements,
        ``eps`` < 0, ``momentum`` is outside [0, 1], or (training) there are
        fewer than 2 values per channel.
    """
    X = _as_float_tensor(X, "X")
    _check_ndim(X, "X", (2, 4), "2-D (N, C) or 4-D (N, C, H, W)")
    C = X.shape[1]
    params = {}
    for name, value in (
        ("gamma", gamma),
        ("beta", beta),
        ("moving_mean", moving_mean),
        ("moving_var", moving_var),
    ):
        t = _as_float_tensor(value, name)
        if t.numel() != C:
            raise ValueError(
                f"{name} must have {C} elements (one per channel of X), got shape {tuple(t.shape)}."
            )
        params[name] = t
    if not eps >= 0:
        raise ValueError(f"eps must be >= 0, got {eps!r}.")
    if not 0.0 <= momentum <= 1.0:
        raise ValueError(f"momentum must be in [0, 1], got {momentum!r}.")

    # Broadcastable per-channel shape: (1, C) or (1, C, 1, 1).
    shape = (1, C) if X.ndim == 2 else (1, C, 1, 1)
    dims = (0,) if X.ndim == 2 else (0, 2, 3)
    g = params["gamma"].reshape(shape)
    b = params["beta"].reshape(shape)
    mm = params["moving_mean"]
    mv = params["moving_var"]

    if not training:
        X_hat = (X - mm.reshape(shape)) / torch.sqrt(mv.reshape(shape) + eps)
        return g * X_hat + b, mm, mv

    n = X.numel() // C if C else 0
    if n < 2:
        raise ValueError(
            f"X must have more than 1 value per channel in training mode, got shape "
            f"{tuple(X.shape)}."
        )
    mean = X.mean(dim=dims, keepdim=True)
    var = ((X - mean) ** 2).mean(dim=dims, keepdim=True)  # biased: divide by n
    X_hat = (X - mean) / torch.sqrt(var + eps)
    Y = g * X_hat + b
    with torch.no_grad():
        var_unbiased = var * (n / (n - 1))
        new_mean = (1.0 - momentum) * mm + momentum * mean.reshape(mm.shape)
        new_var = (1.0 - momentum) * mv + momentum * var_unbiased.reshape(mv.shape)
    return Y, new_mean.detach(), new_var.detach()


# -------------------------------------------------------------------------- modules


class Conv2D(nn.Module):
    """The book's learnable 2-D convolution layer (one channel, 2-D input).

    ``forward(x) = corr2d(x, weight) + bias``.

    Parameters
    ----------
    kernel_size : int or (int, int)
        Kernel height and width, each >= 1.
    generator : torch.Generator, optional
        Source of randomness for the uniform [0, 1) weight initialisation.

    Attributes
    ----------
    weight : nn.Parameter, shape (kh, kw)
    bias : nn.Parameter, shape (1,)

    Raises
    ------
    ValueError
        If ``kernel_size`` is not a positive int or pair of positive ints.
    """

    def __init__(self, kernel_size: IntPair, *, generator: torch.Generator | None = None):
        super().__init__()
        kh, kw = _pair(kernel_size, "kernel_size")
        if kh < 1 or kw < 1:
            raise ValueError(f"kernel_size must be >= 1 in both dimensions, got {(kh, kw)}.")
        self.weight = nn.Parameter(torch.rand((kh, kw), generator=generator))
        self.bias = nn.Parameter(torch.zeros(1))

    def forward(self, x: Tensor) -> Tensor:
        """Apply the layer to a 2-D input of shape (h, w); returns (h - kh + 1, w - kw + 1)."""
        return corr2d(x, self.weight) + self.bias


class BatchNorm(nn.Module):
    """The book's batch-normalisation layer, matching ``nn.BatchNorm1d``/``2d``.

    Uses :func:`batch_norm` with PyTorch's momentum convention (``momentum`` is
    the weight of the new batch statistic; default 0.1) and unbiased running
    variance, so a fresh ``BatchNorm(C, 4)`` behaves like ``nn.BatchNorm2d(C)``
    -- in training and eval mode, running statistics included.  The mode is
    taken from ``self.training`` (``.train()`` / ``.eval()``).

    Parameters
    ----------
    num_features : int
        Number of channels C (>= 1).
    num_dims : {2, 4}
        2 for fully connected input (N, C), 4 for convolutional input (N, C, H, W).
    eps : float, default 1e-5
    momentum : float, default 0.1

    Attributes
    ----------
    gamma, beta : nn.Parameter, shape (C,)
        Scale (ones) and shift (zeros).
    moving_mean, moving_var : buffer, shape (C,)
        Running statistics (zeros and ones); buffers, so they follow ``.to()``
        and appear in ``state_dict()``.

    Raises
    ------
    ValueError
        For ``num_dims`` not 2 or 4, ``num_features`` < 1, or (in ``forward``)
        input of the wrong ndim or channel count.
    """

    moving_mean: Tensor
    moving_var: Tensor

    def __init__(self, num_features: int, num_dims: int, eps: float = 1e-5, momentum: float = 0.1):
        super().__init__()
        if num_dims not in (2, 4):
            raise ValueError(f"num_dims must be 2 or 4, got {num_dims!r}.")
        if isinstance(num_features, bool) or not isinstance(num_features, int) or num_features < 1:
            raise ValueError(f"num_features must be a positive int, got {num_features!r}.")
        if not eps >= 0:
            raise ValueError(f"eps must be >= 0, got {eps!r}.")
        if not 0.0 <= momentum <= 1.0:
            raise ValueError(f"momentum must be in [0, 1], got {momentum!r}.")
        self.num_features = num_features
        self.num_dims = num_dims
        self.eps = eps
        self.momentum = momentum
        self.gamma = nn.Parameter(torch.ones(num_features))
        self.beta = nn.Parameter(torch.zeros(num_features))
        self.register_buffer("moving_mean", torch.zeros(num_features))
        self.register_buffer("moving_var", torch.ones(num_features))

    def forward(self, X: Tensor) -> Tensor:
        """Normalise ``X`` of shape (N, C) or (N, C, H, W); returns the same shape."""
        if X.ndim != self.num_dims:
            raise ValueError(
                f"X must be {self.num_dims}-D for BatchNorm(num_dims={self.num_dims}), "
                f"got shape {tuple(X.shape)}."
            )
        if X.shape[1] != self.num_features:
            raise ValueError(
                f"X has {X.shape[1]} channels but num_features is {self.num_features}."
            )
        Y, mean, var = batch_norm(
            X,
            self.gamma,
            self.beta,
            self.moving_mean,
            self.moving_var,
            eps=self.eps,
            momentum=self.momentum,
            training=self.training,
        )
        if self.training:
            with torch.no_grad():
                self.moving_mean.copy_(mean)
                self.moving_var.copy_(var)
        return Y

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, num_dims={self.num_dims}, eps={self.eps}, "
            f"momentum={self.momentum}"
        )


# ------------------------------------------------------------- the book's experiment


def stripe_image() -> Tensor:
    """The book's 6x8 image: ones with a black (zero) band in columns 2-5.

    Returns
    -------
    Tensor, shape (6, 8), float32
    """
    X = torch.ones((6, 8))
    X[:, 2:6] = 0
    return X


def edge_kernel() -> Tensor:
    """The book's edge-detection kernel ``[[1.0, -1.0]]`` as a (1, 2) tensor."""
    return torch.tensor(EDGE_KERNEL)


def learn_kernel(
    X: Tensor,
    Y: Tensor,
    kernel_size: IntPair = (1, 2),
    lr: float = 3e-2,
    steps: int = 10,
    *,
    seed: int = 0,
) -> Iterator[tuple[int, float, Tensor]]:
    """Learn a kernel from input/output pairs by gradient descent (the book's experiment).

    A bias-free ``nn.Conv2d(1, 1, kernel_size)`` is trained on the squared
    error ``((conv(X) - Y) ** 2).sum()`` with plain gradient descent
    (``weight -= lr * weight.grad``, the book's ``weight.data[:] -= ...``).
    With ``X = stripe_image()`` and ``Y = corr2d(X, edge_kernel())`` the
    book's defaults (10 steps, ``lr=0.03``) recover ``[[1, -1]]`` to within
    0.09 per entry for *any* initialisation in PyTorch's range (the error
    shrinks by a factor of at least 0.8 per step); pass ``steps=20`` for
    ~0.01.

    Parameters
    ----------
    X : Tensor, shape (h, w)
        Input image.
    Y : Tensor, shape (h - kh + 1, w - kw + 1)
        Target output.
    kernel_size : int or (int, int), default (1, 2)
    lr : float, default 0.03
        Learning rate, > 0.
    steps : int, default 10
        Number of gradient steps, >= 0.
    seed : int, default 0
        Seeds the weight initialisation (PyTorch's default uniform
        ``[-1/sqrt(fan_in), 1/sqrt(fan_in)]``); the global RNG is untouched.

    Yields
    ------
    step : int
        1-based step number.
    loss : float
        Summed squared error *before* this step's update.
    kernel : Tensor, shape (kh, kw)
        Detached copy of the kernel *after* this step's update.

    Raises
    ------
    ValueError
        Immediately (not on first iteration) if ``X`` is not 2-D, the kernel is larger than
        ``X``, ``Y`` has the wrong shape, ``lr`` <= 0 or ``steps`` < 0.
    """
    X = _as_float_tensor(X, "X")
    Y = _as_float_tensor(Y, "Y")
    _check_ndim(X, "X", (2,), "2-D (h, w)")
    kh, kw = _pair(kernel_size, "kernel_size")
    if kh < 1 or kw < 1:
        raise ValueError(f"kernel_size must be >= 1 in both dimensions, got {(kh, kw)}.")
    h, w = X.shape
    if kh > h or kw > w:
        raise ValueError(f"kernel_size {(kh, kw)} is larger than the input X of shape {(h, w)}.")
    expected = (h - kh + 1, w - kw + 1)
    if tuple(Y.shape) != expected:
        raise ValueError(
            f"Y must have shape {expected} for X of shape {(h, w)} and kernel_size "
            f"{(kh, kw)}, got {tuple(Y.shape)}."
        )
    if not lr > 0:
        raise ValueError(f"lr must be > 0, got {lr!r}.")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a non-negative int, got {steps!r}.")

    return _learn_kernel_steps(X, Y.to(X.dtype), (kh, kw), lr, steps, seed)


def _learn_kernel_steps(
    X: Tensor, Y: Tensor, kernel_size: tuple[int, int], lr: float, steps: int, seed: int
) -> Iterator[tuple[int, float, Tensor]]:
    """Generator behind :func:`learn_kernel` (inputs already validated)."""
    kh, kw = kernel_size
    h, w = X.shape
    with torch.random.fork_rng(devices=[]):  # leave the caller's global RNG untouched
        conv = nn.Conv2d(1, 1, kernel_size=(kh, kw), bias=False, dtype=X.dtype)
    generator = torch.Generator().manual_seed(seed)
    bound = 1.0 / math.sqrt(kh * kw)  # nn.Conv2d's default init range for this fan-in
    with torch.no_grad():
        conv.weight.uniform_(-bound, bound, generator=generator)

    # nn.Conv2d wants (batch, channel, height, width).
    X4 = X.reshape(1, 1, h, w)
    Y4 = Y.reshape(1, 1, h - kh + 1, w - kw + 1)
    for step in range(1, steps + 1):
        Y_hat = conv(X4)
        loss = ((Y_hat - Y4) ** 2).sum()
        conv.zero_grad()
        loss.backward()
        with torch.no_grad():
            conv.weight -= lr * conv.weight.grad  # type: ignore[operator]
        yield step, float(loss.item()), conv.weight.detach().reshape(kh, kw).clone()
