"""Receptive fields: which input pixels each output cell of a layer depends on.

:func:`receptive_fields` walks a :class:`~cnnviz.core.graph.LayerGraph` once (pure Python over
its nodes and edges, no forward pass) and gives every node a :class:`ReceptiveField`, one
number per axis (height, width):

- ``size``: the side of the field in input pixels;
- ``jump``: input pixels between neighbouring output cells (the product of the strides so far);
- ``start``: the input coordinate of the *top-left pixel* (not the centre) of output cell 0's
  field; negative where the field reaches into the padding.

Output cell ``i`` of an axis sees the input pixels ``start + i·jump ≤ x < start + i·jump +
size``. A convolution or pooling layer with kernel k, stride s, padding p and dilation d
(effective kernel d·(k − 1) + 1) turns the field of its input into::

    size  = size_in + d·(k − 1)·jump_in
    jump  = jump_in · s
    start = start_in − p · jump_in

Element-wise layers (activations, batch norm, dropout) keep the field; a merge (``cat``,
``add``) takes the union of its inputs' fields; global pooling, flatten, linear layers and
anything whose spatial behaviour is unknown see the whole input (``whole``: ``jump == (0, 0)``,
every cell has the same field).

>>> from cnnviz.core.graph import layer_graph_for
>>> g = layer_graph_for("lenet")
>>> [receptive_field_of(g, name).size for name in ("0", "2", "3", "5")]
[(5, 5), (6, 6), (14, 14), (16, 16)]
>>> receptive_field_of(g, "5").jump
(4, 4)
>>> rf = receptive_field_of(g, "0")  # 5×5 convolution, padding 2
>>> rf.window(0, 0), rf.clipped(0, 0)  # (top, left, bottom, right), bottom/right exclusive
((-2, -2, 3, 3), (0, 0, 3, 3))
>>> receptive_field_of(g, "7").whole  # the first Linear sees the whole image
True

Two 3×3 convolutions see as far as one 5×5 (with fewer weights): in VGG, size 3 after the
first convolution, 5 after the second.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cnnviz.core.graph.nodes import LayerGraph, LayerNode
from cnnviz.core.messages import message

__all__ = ["ReceptiveField", "field_path", "receptive_field_of", "receptive_fields"]

Box = tuple[int, int, int, int]  # (top, left, bottom, right) in input pixels, bottom/right excl.


@dataclass(frozen=True)
class ReceptiveField:
    """The input pixels that the output cells of one layer depend on, per axis (H, W).

    Cell ``(row, col)`` depends on the rectangle :meth:`window` (unclipped: it may reach into
    the padding) or, inside the image, :meth:`clipped`. ``seen`` is the part of the image that
    any cell of this layer depends on: usually the whole image, but a layer whose windows don't
    fit evenly drops the last rows or columns (NiN on 96×96 never sees the 96th row).

    The window is a bounding box: a dilated convolution (or a stride larger than the field
    before it) leaves holes in it, and then the clipped window can be larger than the pixels
    that really matter. It is exact for fields without holes along a chain of layers, and for
    merges whose widest branch also sees the most of the image (every zoo network). Merging
    inputs of different jumps gives a conservative field that covers them all, with the
    largest jump.
    """

    size: tuple[int, int]  # (height, width) of the field in input pixels
    jump: tuple[int, int]  # input pixels between neighbouring output cells; (0, 0) if whole
    start: tuple[int, int]  # input (row, col) of the top-left pixel of cell (0, 0)'s field
    seen: Box  # the image pixels any cell depends on, (top, left, bottom, right)
    cells: tuple[int, int]  # the layer's output (H, W); (1, 1) for a layer without a map

    @property
    def whole(self) -> bool:
        """True if every output cell depends on the same region: ``seen``, usually the image."""
        return self.jump == (0, 0)

    def window(self, row: int, col: int) -> Box:
        """(top, left, bottom, right) of the field of cell (row, col), bottom/right exclusive
        (``image[top:bottom, left:right]``), unclipped: negative where it reaches into the
        padding. ``ValueError`` for a cell outside the output."""
        if not (0 <= row < self.cells[0] and 0 <= col < self.cells[1]):
            raise ValueError(
                message(
                    "cell ({row}, {col}) is outside the {h}×{w} output",
                    row=row,
                    col=col,
                    h=self.cells[0],
                    w=self.cells[1],
                )
            )
        top = self.start[0] + row * self.jump[0]
        left = self.start[1] + col * self.jump[1]
        return (top, left, top + self.size[0], left + self.size[1])

    def clipped(self, row: int, col: int) -> Box:
        """:meth:`window` cut to the image pixels the layer sees (``seen``): the box of input
        pixels that cell (row, col) depends on. ``ValueError`` for a cell outside the output."""
        top, left, bottom, right = self.window(row, col)
        t, lt, b, r = self.seen
        return (max(top, t), max(left, lt), min(bottom, b), min(right, r))

    def cells_on(self, row: int, col: int, earlier: ReceptiveField) -> Box:
        """The cells of an earlier layer's map that cell (row, col) of this layer depends on,
        as (top, left, bottom, right) in that map's cells, bottom/right exclusive: the cells
        whose own field lies inside this cell's field (every cell for a whole field).

        >>> from cnnviz.core.graph import layer_graph_for
        >>> g = layer_graph_for("lenet")
        >>> receptive_field_of(g, "3").cells_on(0, 0, receptive_field_of(g, "2"))  # 5×5 conv
        (0, 0, 5, 5)
        """
        h, w = earlier.cells
        if self.whole or earlier.whole:
            return (0, 0, h, w)
        top, left, bottom, right = self.window(row, col)
        box = []
        for lo, hi, a in ((top, bottom, 0), (left, right, 1)):
            first = -(-(lo - earlier.start[a]) // earlier.jump[a])  # ceil
            last = (hi - earlier.size[a] - earlier.start[a]) // earlier.jump[a]
            box.append((max(first, 0), min(last + 1, earlier.cells[a])))
        (t, b), (lt, r) = box
        return (t, lt, max(b, t), max(r, lt))


@dataclass(frozen=True)
class _Axis:
    """The field along one axis: cell i sees [start + i·jump, start + i·jump + size) ∩ [lo, hi)."""

    size: int
    jump: int
    start: int
    lo: int
    hi: int


def _whole(lo: int, hi: int) -> _Axis:
    return _Axis(hi - lo, 0, lo, lo, hi)


def _slide(a: _Axis, k: int, s: int, p: int, d: int, n_out: int) -> _Axis:
    """A window of k taps (dilation d, stride s, padding p) sliding over a field ``a``."""
    size = a.size + d * (k - 1) * a.jump
    start = a.start - p * a.jump
    jump = a.jump * s
    # exact for a chain: the cells of the previous layer that exist are those inside [lo, hi)
    lo = max(start, a.lo)
    hi = min(start + (n_out - 1) * jump + size, a.hi)
    return _Axis(size, jump, start, lo, hi)


def _union(axes: list[_Axis], n_out: int) -> _Axis:
    """The smallest field covering every input's field at every cell (equal jumps: the
    smallest start and the largest end)."""
    lo, hi = min(a.lo for a in axes), max(a.hi for a in axes)
    if any(a.jump == 0 for a in axes):
        return _whole(lo, hi)
    jump = max(a.jump for a in axes)
    last = max(n_out - 1, 0)
    # cell i of input a starts at a.start + i·a.jump = (a.start + i·(a.jump − jump)) + i·jump
    offsets = [(a.start + i * (a.jump - jump), a) for a in axes for i in (0, last)]
    start = min(o for o, _ in offsets)
    end = max(o + a.size for o, a in offsets)
    return _Axis(end - start, jump, start, lo, hi)


def _pair(v: Any) -> tuple[Any, Any]:
    if isinstance(v, (tuple, list)):
        return (v[0], v[1]) if len(v) > 1 else (v[0], v[0])
    return (v, v)


def _hw(shape: tuple[int, ...]) -> tuple[int, int] | None:
    return (shape[2], shape[3]) if len(shape) == 4 else None


# A rule maps (node, its inputs' fields as (H axis, W axis)) to the node's field, or to None:
# every cell sees all that its inputs see.
Fields = list[tuple[_Axis, _Axis]]
Rule = Callable[[LayerNode, Fields], "tuple[_Axis, _Axis] | None"]


def _passes(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    return inputs[0] if len(inputs) == 1 else None


def _sees_all(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    return None


def _window_rule(
    node: LayerNode, inputs: Fields, k: Any, s: Any, p: Any, d: Any
) -> tuple[_Axis, _Axis] | None:
    hw = _hw(node.output_shape)
    if len(inputs) != 1 or hw is None:
        return None
    k, s, d = _pair(k), _pair(s), _pair(d)
    if isinstance(p, str):  # Conv2d(padding="valid" / "same"); "same" puts the odd pixel right
        p = (0, 0) if p == "valid" else tuple(d[i] * (k[i] - 1) // 2 for i in range(2))
    p = _pair(p)
    return tuple(  # type: ignore[return-value]
        _slide(inputs[0][i], int(k[i]), int(s[i]), int(p[i]), int(d[i]), hw[i]) for i in range(2)
    )


def _conv(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    hp = node.hparams
    if node.op not in ("Conv2d", "LazyConv2d") or "kernel_size" not in hp:
        return None  # transposed, 1-D, 3-D or functional convolution: not modelled
    return _window_rule(
        node, inputs, hp["kernel_size"], hp.get("stride", 1), hp.get("padding", 0),
        hp.get("dilation", 1),
    )  # fmt: skip


def _pool(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    hp = node.hparams
    if "adaptive" in node.op.lower():
        return _adaptive(node, inputs)
    # functional pools (F.max_pool2d) record no trustworthy hyper-parameters: see all
    if not node.op[:1].isupper() or "kernel_size" not in hp:
        return None
    k = hp["kernel_size"]
    return _window_rule(
        node, inputs, k, hp.get("stride") or k, hp.get("padding", 0), hp.get("dilation", 1)
    )


def _adaptive(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    """Adaptive pooling, from the shapes alone: global pooling (one cell) sees the whole input,
    an equal size is the identity, an even division a regular pool; otherwise the windows
    differ in size, and every cell is given the whole input of that axis (conservative)."""
    out = _hw(node.output_shape)
    src = _hw(node.input_shapes[0]) if node.input_shapes else None
    if len(inputs) != 1 or out is None or src is None:
        return None
    axes = []
    for i in range(2):
        a, n_in, n_out = inputs[0][i], src[i], out[i]
        if n_out == 1:  # global pooling, even of a 1×1 map
            axes.append(_whole(a.lo, a.hi))
        elif n_out == n_in:
            axes.append(a)
        elif n_in % n_out == 0:
            k = n_in // n_out
            axes.append(_slide(a, k, k, 0, 1, n_out))
        else:
            axes.append(_whole(a.lo, a.hi))
    return (axes[0], axes[1])


#: per-cell norms (in eval mode); GroupNorm, InstanceNorm and LayerNorm pool their statistics
#: over the map, so every output depends on the whole input
_CELLWISE_NORMS = {"batchnorm1d", "batchnorm2d", "batchnorm3d", "batchnorm", "batch_norm",
                   "syncbatchnorm", "localresponsenorm"}  # fmt: skip


def _norm(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    return _passes(node, inputs) if node.op.lower() in _CELLWISE_NORMS else None


def _activation(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    if node.op.lower() in ("softmax", "log_softmax", "logsoftmax", "softmin"):
        if node.hparams.get("dim") not in (1, -3):  # over the map, not over the channels
            return None
    return _passes(node, inputs)


def _reshape(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    return _passes(node, inputs) if node.op.lower() in ("identity", "contiguous") else None


def _merge(node: LayerNode, inputs: Fields) -> tuple[_Axis, _Axis] | None:
    hw = _hw(node.output_shape)
    if hw is None or not inputs:
        return None
    if node.op in ("cat", "concat", "concatenate"):
        dim = node.hparams.get("dim", node.hparams.get("arg0", 1))
        if dim in (2, 3, -1, -2):  # joined along a spatial axis: not modelled
            return None
    return (_union([f[0] for f in inputs], hw[0]), _union([f[1] for f in inputs], hw[1]))


#: how each layer kind (cnnviz.core.graph.kinds) changes the field; other kinds see all
_RULES: dict[str, Rule] = {
    "conv": _conv,
    "pool": _pool,
    "activation": _activation,
    "norm": _norm,
    "dropout": _passes,
    "merge": _merge,
    "reshape": _reshape,
    "linear": _sees_all,
}


def receptive_fields(graph: LayerGraph) -> dict[int, ReceptiveField]:
    """The :class:`ReceptiveField` of every node of ``graph``, by node index.

    The graph's input must be an image batch (N, C, H, W); ``ValueError`` otherwise. A node
    whose input shape differs from what its recorded producer gives (the forward-hook fallback
    misses functional calls such as ``F.max_pool2d``) sees the whole image, to be safe.
    """
    image = _hw(tuple(graph.input_shape))
    if image is None:
        raise ValueError(
            message(
                "receptive fields need an image input (N, C, H, W), not {shape}",
                shape=tuple(graph.input_shape),
            )
        )
    full = (_whole(0, image[0]), _whole(0, image[1]))
    by_index = {n.index: n for n in graph.nodes}
    preds: dict[int, list[int]] = {n.index: [] for n in graph.nodes}
    for a, b in graph.edges:
        preds[b].append(a)
    axes: dict[int, tuple[_Axis, _Axis]] = {}
    for node in graph.nodes:
        if node.kind == "input":
            axes[node.index] = (_Axis(1, 1, 0, 0, image[0]), _Axis(1, 1, 0, 0, image[1]))
            continue
        sources = [p for p in preds[node.index] if p in axes]
        if not sources:  # depends on no recorded tensor: assume the worst
            axes[node.index] = full
            continue
        if len(sources) == 1 and not _fits(by_index[sources[0]], node):
            axes[node.index] = full
            continue
        inputs = [axes[p] for p in sources]
        if node.kind == "merge":
            inputs = [_broadcast(axes[p], by_index[p], node) for p in sources]
        field = _RULES.get(node.kind, _sees_all)(node, inputs)
        if field is None:
            field = (
                _whole(min(f[0].lo for f in inputs), max(f[0].hi for f in inputs)),
                _whole(min(f[1].lo for f in inputs), max(f[1].hi for f in inputs)),
            )
        axes[node.index] = field
    return {i: _field(a, by_index[i]) for i, a in axes.items()}


def _fits(producer: LayerNode, node: LayerNode) -> bool:
    """False if ``node``'s input is not ``producer``'s output (an unrecorded call between)."""
    if not node.input_shapes or _hw(producer.output_shape) is None:
        return True
    return _hw(node.input_shapes[0]) == _hw(producer.output_shape)


def _broadcast(
    field: tuple[_Axis, _Axis], producer: LayerNode, node: LayerNode
) -> tuple[_Axis, _Axis]:
    """An input of a merge broadcast over the map (a 1×1 attention map times the features)
    reaches every cell with its single cell's field; any other size mismatch: its whole field."""
    src, out = _hw(producer.output_shape), _hw(node.output_shape)
    if src is None or out is None:
        return field
    return (
        field[0] if src[0] == out[0] else _whole(field[0].lo, field[0].hi),
        field[1] if src[1] == out[1] else _whole(field[1].lo, field[1].hi),
    )


def _field(a: tuple[_Axis, _Axis], node: LayerNode) -> ReceptiveField:
    h, w = a
    return ReceptiveField(
        size=(h.size, w.size),
        jump=(h.jump, w.jump),
        start=(h.start, w.start),
        seen=(h.lo, w.lo, h.hi, w.hi),
        cells=_hw(node.output_shape) or (1, 1),
    )


def receptive_field_of(graph: LayerGraph, layer: str | int) -> ReceptiveField:
    """The :class:`ReceptiveField` of one node, by name (``"3.1.p2_2"``) or index.

    ``ValueError`` if the graph has no such node or no image input.
    """
    if isinstance(layer, int):
        if not any(n.index == layer for n in graph.nodes):
            raise ValueError(
                message(
                    "{model} has no layer number {index}",
                    model=graph.model_name,
                    index=layer,
                )
            )
        index = layer
    else:
        try:
            index = graph.node(layer).index
        except KeyError:
            raise ValueError(
                message("{model} has no layer named {name!r}", model=graph.model_name, name=layer)
            ) from None
    return receptive_fields(graph)[index]


def field_path(graph: LayerGraph, layer: str | int, most: int = 6) -> list[int]:
    """The maps worth drawing to follow one layer's receptive field back to the image: the
    input, the convolution, pooling and merge layers the layer depends on, and the layer
    itself, as node indices in data-flow order, at most ``most`` of them (the input, the layer
    and the nearest ones before it are kept).

    >>> from cnnviz.core.graph import layer_graph_for
    >>> g = layer_graph_for("lenet")
    >>> [g.nodes[i].name for i in field_path(g, "5")]
    ['input', '0', '2', '3', '5']
    """
    receptive_field_of(graph, layer)  # ValueError for a layer the graph lacks
    index = next(n.index for n in graph.nodes if n.index == layer or n.name == layer)
    preds: dict[int, list[int]] = {n.index: [] for n in graph.nodes}
    for a, b in graph.edges:
        preds[b].append(a)
    ancestors, todo = set(), [index]
    while todo:
        i = todo.pop()
        for p in preds[i]:
            if p not in ancestors:
                ancestors.add(p)
                todo.append(p)
    by_index = {n.index: n for n in graph.nodes}
    spatial = [
        i
        for i in sorted(ancestors)
        if by_index[i].kind in ("conv", "pool", "merge") and len(by_index[i].output_shape) == 4
    ]
    inputs = [i for i in sorted(ancestors) if by_index[i].kind == "input"]
    keep = max(most - len(inputs) - 1, 0)
    return [*inputs, *(spatial[-keep:] if keep else []), index]
