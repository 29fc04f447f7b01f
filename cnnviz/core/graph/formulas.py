"""Output-size formulas of convolution and pooling, with the numbers filled in."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from cnnviz.core.graph.nodes import Shape


def _pair(v: Any) -> tuple[Any, Any]:
    if isinstance(v, (tuple, list)):
        return (v[0], v[1]) if len(v) > 1 else (v[0], v[0])
    return (v, v)


def _one_size(n: int, k: int, s: int, p: int, d: int, ceil: bool) -> tuple[str, int]:
    inner = f"{n} + 2·{p} − {k}" if d == 1 else f"{n} + 2·{p} − {d}·({k} − 1) − 1"
    num = n + 2 * p - d * (k - 1) - 1
    out = (math.ceil(num / s) if ceil else num // s) + 1
    lb, rb = ("⌈", "⌉") if ceil else ("⌊", "⌋")
    return f"{lb}({inner})/{s}{rb} + 1 = {out}", out


def output_size_formula(
    size: Sequence[int],
    kernel_size: Any,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
) -> tuple[str, tuple[int, int]]:
    """The output-size formula of a 2-D convolution or pooling, with the numbers in it.

    ``size`` is the input (H, W); the others are ints or pairs. Returns the text, e.g.
    ``"⌊(28 + 2·2 − 5)/1⌋ + 1 = 28"`` (one line when height and width agree, else
    ``"H: …; W: …"``) and the output (H, W), which may be < 1 for an input that is too small.
    """
    args = [_pair(v) for v in (kernel_size, stride, padding, dilation)]
    parts = [
        _one_size(size[i], args[0][i], args[1][i], args[2][i], args[3][i], ceil_mode)
        for i in range(2)
    ]
    out = (parts[0][1], parts[1][1])
    if parts[0][0] == parts[1][0]:
        return parts[0][0], out
    return f"H: {parts[0][0]};  W: {parts[1][0]}", out


def _formula(kind: str, op: str, hp: dict[str, Any], in_shape: Shape | None) -> tuple[str, Any]:
    """(formula text, predicted (H, W)) for 2-D conv/pool layers; ("", None) otherwise."""
    if in_shape is None or len(in_shape) != 4 or "kernel_size" not in hp:
        return "", None
    if kind not in ("conv", "pool") or "adaptive" in op.lower():
        return "", None
    padding = hp.get("padding", 0)
    if isinstance(padding, str):  # Conv2d(padding="same"/"valid")
        return f"padding='{padding}'", None
    stride = hp.get("stride") or hp["kernel_size"]  # pooling: stride defaults to the kernel
    return output_size_formula(
        in_shape[2:],
        hp["kernel_size"],
        stride,
        padding,
        hp.get("dilation", 1),
        bool(hp.get("ceil_mode", False)),
    )
