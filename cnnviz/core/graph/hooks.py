"""The fallback for models fx cannot trace: forward hooks on every leaf module, which still give
shapes and data flow between modules (not between functional calls)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch
from torch import nn

from cnnviz.core.graph.formulas import _formula
from cnnviz.core.graph.kinds import kind_of
from cnnviz.core.graph.layer_facts import _flat, _macs, _module_hparams
from cnnviz.core.graph.nodes import LayerNode


def run_with_leaf_hooks(
    model: nn.Module, x: torch.Tensor, make_hook: Callable[[str], Callable[..., None]]
) -> None:
    """Run ``model(x)`` with ``make_hook(qualified_name)`` as forward hook on every leaf module
    (a module without children); the hooks are removed afterwards, also on error."""
    handles = [
        m.register_forward_hook(make_hook(q))
        for q, m in model.named_modules()
        if q and not any(True for _ in m.children())
    ]
    try:
        model(x)
    finally:
        for h in handles:
            h.remove()


def _hook_graph(model: nn.Module, x: torch.Tensor) -> tuple[list[LayerNode], list, dict]:
    """Fallback for models fx cannot trace: forward hooks on every leaf module."""
    nodes = [LayerNode(0, "input", "Input", "input", (), {}, [], tuple(x.shape), 0, 0)]
    edges: list[tuple[int, int]] = []
    producer: dict[int, int] = {id(x): 0}
    keep: list[torch.Tensor] = [x]  # keeps tensors alive so their ids stay unique
    block_types: dict[str, tuple[str, str]] = {}
    named = dict(model.named_modules())
    for qual, m in named.items():
        if qual and any(True for _ in m.children()):
            is_seq = isinstance(m, nn.Sequential)
            block_types[qual] = (type(m).__name__, "Sequential" if is_seq else type(m).__name__)

    def hook(name: str):
        def record(m: nn.Module, inputs: tuple, output: Any) -> None:
            tensors = [t for t in _flat(inputs, {}) if isinstance(t, torch.Tensor)]
            out = output if isinstance(output, torch.Tensor) else None
            if out is None:
                return
            op = type(m).__name__
            hp = _module_hparams(m)
            in_shapes = [tuple(t.shape) for t in tensors]
            formula, _ = _formula(kind_of(op), op, hp, in_shapes[0] if in_shapes else None)
            parts = name.split(".")
            blocks = tuple(".".join(parts[:i]) for i in range(1, len(parts)))
            idx = len(nodes)
            nodes.append(
                LayerNode(
                    idx,
                    name,
                    op,
                    kind_of(op),
                    blocks,
                    hp,
                    in_shapes,
                    tuple(out.shape),
                    sum(p.numel() for p in m.parameters()),
                    _macs(m, op, in_shapes, tuple(out.shape)),
                    formula,
                )
            )
            srcs = [producer[id(t)] for t in tensors if id(t) in producer] or [idx - 1]
            edges.extend((s, idx) for s in dict.fromkeys(srcs))
            producer[id(out)] = idx
            keep.append(out)

        return record

    run_with_leaf_hooks(model, x, hook)
    return nodes, edges, block_types
