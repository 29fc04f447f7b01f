"""Structure inference: what a network does to the shape of its input, layer by layer.

:func:`layer_graph` turns any ``nn.Module`` and input shape into a :class:`LayerGraph`: the
real data flow (Inception's four branches and their concatenation, Residual's shortcut and
addition, DenseNet's concatenations), each layer's hyper-parameters, input and output shapes,
parameter count, multiply-accumulates and, for convolution and pooling, the output-size
formula with the numbers filled in.

How: ``torch.fx`` traces the forward pass into a graph; an ``fx.Interpreter`` runs it on the
*meta* device (shapes without arithmetic) and records every node; MACs come from
``torch.utils.flop_counter``'s formulas. Models that fx cannot trace (data-dependent control
flow) fall back to forward hooks on the leaf modules, which still give shapes and data flow
between modules but not between functional calls.

Where things are: :mod:`~cnnviz.core.graph.build` (:func:`layer_graph`,
:func:`layer_graph_for`), :mod:`~cnnviz.core.graph.nodes` (:class:`LayerGraph` and its
parts), :mod:`~cnnviz.core.graph.fx_trace` (the torch.fx recorder),
:mod:`~cnnviz.core.graph.hooks` (the forward-hook fallback), :mod:`~cnnviz.core.graph.kinds`
(layer kinds), :mod:`~cnnviz.core.graph.formulas` (output-size formulas),
:mod:`~cnnviz.core.graph.layer_facts` (hyper-parameters and MACs) and
:mod:`~cnnviz.core.graph.errors` (:class:`ShapeError`, readable errors from a failing forward)
and :mod:`~cnnviz.core.graph.cache` (the zoo's graphs shipped as JSON: drawn before torch loads).

>>> g = layer_graph_for("lenet")
>>> g.nodes[1].formula
'⌊(28 + 2·2 − 5)/1⌋ + 1 = 28'
"""

from typing import TYPE_CHECKING

# torch-free parts at once: a LayerGraph read from the cache (cnnviz.core.graph.cache) is drawn
# before torch is imported; the parts that trace networks import torch when first used
from cnnviz.core.graph.kinds import KINDS as KINDS  # the kinds a view colours, in legend order
from cnnviz.core.graph.kinds import kind_of
from cnnviz.core.graph.nodes import Block, LayerGraph, LayerNode, SummaryRow
from cnnviz.core.graph.nodes import Shape as Shape  # tuple[int, ...]

if TYPE_CHECKING:
    from cnnviz.core.graph.build import layer_graph, layer_graph_for
    from cnnviz.core.graph.errors import ShapeError
    from cnnviz.core.graph.formulas import output_size_formula
    from cnnviz.core.graph.hooks import run_with_leaf_hooks

_LAZY = {
    "layer_graph": "build",
    "layer_graph_for": "build",
    "ShapeError": "errors",
    "output_size_formula": "formulas",
    "run_with_leaf_hooks": "hooks",
}


def __getattr__(name: str):  # PEP 562: the tracing half, imported on first use
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Block",
    "LayerGraph",
    "LayerNode",
    "ShapeError",
    "SummaryRow",
    "kind_of",
    "layer_graph",
    "layer_graph_for",
    "output_size_formula",
    "run_with_leaf_hooks",
]
