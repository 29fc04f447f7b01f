"""Per-layer facts: a layer's hyper-parameters and its multiply-accumulates (MACs), from
torch's own FLOP formulas."""

from __future__ import annotations

import inspect
import math
from collections.abc import Iterable
from typing import Any

import torch
from torch import nn
from torch.utils import flop_counter

from cnnviz.core.graph.nodes import Shape

_HPARAM_ATTRS = (
    "in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation", "groups",
    "in_features", "out_features", "num_features", "eps", "momentum", "p", "output_size",
    "start_dim", "end_dim", "ceil_mode", "count_include_pad", "negative_slope", "dim",
)  # fmt: skip


def _module_hparams(m: nn.Module) -> dict[str, Any]:
    hp: dict[str, Any] = {}
    for a in _HPARAM_ATTRS:
        if hasattr(m, a):
            v = getattr(m, a)
            if isinstance(v, (int, float, str, bool, tuple, list)) or v is None:
                hp[a] = tuple(v) if isinstance(v, list) else v
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.Linear)):
        hp["bias"] = m.bias is not None
    return hp


def _function_hparams(fn: Any, args: tuple, kwargs: dict) -> dict[str, Any]:
    """Keyword view of a functional call's non-tensor arguments (``F.max_pool2d(x, 3, 2)``)."""
    try:
        bound = inspect.signature(fn).bind(*args, **kwargs)
        items = bound.arguments.items()
    except (TypeError, ValueError):
        items = ((f"arg{i}", a) for i, a in enumerate(args))
    hp: dict[str, Any] = {}
    for k, v in items:
        if isinstance(v, (int, float, str, bool)) or (
            isinstance(v, (tuple, list)) and all(isinstance(e, (int, float)) for e in v)
        ):
            hp[k] = tuple(v) if isinstance(v, list) else v
    for k, v in kwargs.items():
        if isinstance(v, (int, float, str, bool)):
            hp[k] = v
    return hp


_FORMULA_LAYERS = (nn.Conv1d, nn.Conv2d, nn.Conv3d, nn.ConvTranspose1d, nn.ConvTranspose2d,
                   nn.ConvTranspose3d, nn.Linear)  # fmt: skip


def has_mac_formula(m: nn.Module | None) -> bool:
    """Whether :func:`_macs` knows the cost of ``m`` without running it."""
    return isinstance(m, _FORMULA_LAYERS)


def _macs(m: nn.Module | None, op: str, in_shapes: list[Shape], out: Shape | None) -> int:
    """Multiply-accumulates of one call, from torch's own FLOP formulas (FLOPs = 2·MACs)."""
    if out is None or m is None:
        return 0
    if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Conv3d)):
        flops = flop_counter.conv_flop_count(list(in_shapes[0]), list(m.weight.shape), list(out))
        return flops // 2
    if isinstance(m, (nn.ConvTranspose1d, nn.ConvTranspose2d, nn.ConvTranspose3d)):
        flops = flop_counter.conv_flop_count(
            list(in_shapes[0]), list(m.weight.shape), list(out), transposed=True
        )
        return flops // 2
    if isinstance(m, nn.Linear):
        rows = math.prod(out[:-1])  # every leading dimension is a batch of rows
        flops = flop_counter.mm_flop([rows, m.in_features], [m.in_features, m.out_features])
        return flops // 2
    return 0


def _shape(v: Any) -> Shape | None:
    return tuple(v.shape) if isinstance(v, torch.Tensor) else None


def _flat(args: Any, kwargs: dict) -> Iterable[Any]:
    for a in (*args, *kwargs.values()):
        if isinstance(a, (tuple, list)):
            yield from _flat(a, {})
        else:
            yield a
