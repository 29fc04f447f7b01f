""":func:`layer_graph` (any ``nn.Module``) and :func:`layer_graph_for` (a zoo network by name):
trace with torch.fx, fall back to forward hooks, collect the blocks."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import fx, nn

from cnnviz.core.graph.errors import ShapeError, _forward_error
from cnnviz.core.graph.fx_trace import _Recorder, _Tracer
from cnnviz.core.graph.hooks import _hook_graph
from cnnviz.core.graph.nodes import Block, LayerGraph, LayerNode
from cnnviz.core.messages import message


def layer_graph(
    model: nn.Module, input_shape: Sequence[int], *, name: str | None = None
) -> LayerGraph:
    """Infer the :class:`LayerGraph` of ``model`` for an input of ``input_shape`` (N, C, H, W).

    The model runs once in eval mode under ``torch.no_grad()`` on the device of its
    parameters; build it on the meta device (``with torch.device("meta"): ...``) to get shapes
    without any arithmetic. Raises :class:`ShapeError` (a ``ValueError``) when the input does
    not fit, naming the layer where it fails, and when the model's forward raises, naming the
    exception and the line of the user's file it came from.
    """
    input_shape = tuple(int(s) for s in input_shape)
    if any(s < 1 for s in input_shape):
        raise ShapeError(
            message("every input dimension must be at least 1, got {shape}", shape=input_shape)
        )
    first = next(iter(model.parameters()), None)
    device = first.device if first is not None else torch.device("cpu")
    x = torch.zeros(input_shape, device=device)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            try:
                gm = fx.GraphModule(model, _Tracer().trace(model))
            except Exception:
                gm = None
            if gm is not None:
                rec = _Recorder(gm, input_shape)
                rec.run(x)
                nodes, edges, block_types, traced = rec.nodes, rec.edges, rec.block_types, True
                used = rec.counted
            else:
                try:
                    nodes, edges, block_types = _hook_graph(model, x)
                except ShapeError:
                    raise
                except Exception as exc:
                    failed_on = message("the model failed on input {shape}", shape=input_shape)
                    error = _forward_error(exc, failed_on)
                    if error is None:
                        raise
                    raise error from exc
                traced = False
                used = None
    finally:
        model.train(was_training)

    blocks = _collect_blocks(nodes, block_types)
    total = sum(p.numel() for p in model.parameters())
    if used is not None:  # the parameters no recorded layer owns
        unused = sum(p.numel() for p in model.parameters() if id(p) not in used)
    else:  # hooks see leaf modules only: what they did not count
        unused = max(total - sum(n.params for n in nodes), 0)
    return LayerGraph(
        model_name=name or type(model).__name__,
        input_shape=input_shape,
        nodes=nodes,
        edges=edges,
        blocks=blocks,
        total_params=total,
        traced=traced,
        unused_params=unused,
    )


def _collect_blocks(
    nodes: list[LayerNode], block_types: dict[str, tuple[str, str]]
) -> dict[str, Block]:
    blocks: dict[str, Block] = {}
    for n in nodes:
        for depth, qual in enumerate(n.blocks, start=1):
            b = blocks.get(qual)
            if b is None:
                cls_name, base = block_types.get(qual, ("Module", "Module"))
                parent = n.blocks[depth - 2] if depth > 1 else None
                b = blocks[qual] = Block(qual, cls_name, base, parent, depth)
            b.nodes.append(n.index)
            b.params += n.params
            b.macs += n.macs
            b.output_shape = n.output_shape
    return blocks


def layer_graph_for(
    name: str,
    input_size: Sequence[int] | None = None,
    *,
    num_classes: int = 10,
    in_channels: int | None = None,
) -> LayerGraph:
    """:class:`LayerGraph` of the zoo network ``name``, built on the meta device (fast).

    ``input_size`` (H, W) overrides the book's input size; ``in_channels`` its channel count.
    """
    from cnnviz.core import models

    info = models.model_info(name)
    _, c, h, w = info.input_shape
    if in_channels is not None:
        c = in_channels
    if input_size is not None:
        h, w = (int(input_size[0]), int(input_size[1]))
    with torch.device("meta"):
        model = models.get_model(name, num_classes=num_classes, in_channels=c)
    return layer_graph(model, (1, c, h, w), name=name)
