"""The result of structure inference: :class:`LayerGraph`, its :class:`LayerNode` and
:class:`Block` entries and the rows of its summary (:class:`SummaryRow`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

Shape = tuple[int, ...]


@dataclass
class LayerNode:
    """One operation in the data flow."""

    index: int
    name: str  # qualified module name ("3.1.p2_2"), or "<block>.<fx name>" for functions
    op: str  # layer type: "Conv2d", "ReLU", "relu", "cat", "add", "Input"
    kind: str  # one of KINDS
    blocks: tuple[str, ...]  # enclosing blocks (module names), outermost first
    hparams: dict[str, Any]  # kernel_size, stride, padding, channels, …
    input_shapes: list[Shape]
    output_shape: Shape
    params: int  # parameters owned by this layer
    macs: int  # multiply-accumulates for one forward pass of this input
    formula: str = ""  # output-size formula with numbers, for convolution and pooling


@dataclass
class Block:
    """A module that contains other layers (a VGG block, an Inception, a ResNet stage…)."""

    name: str  # qualified module name
    type: str  # class name ("Inception", "VGGBlock", "Sequential")
    base_type: str  # the book's name for it: "Sequential" for every Sequential subclass
    parent: str | None
    depth: int  # 1 for a direct child of the model
    nodes: list[int] = field(default_factory=list)  # indices of the layers inside, in order
    params: int = 0
    macs: int = 0
    output_shape: Shape = ()


@dataclass
class SummaryRow:
    """One row of a summary at a given depth: a layer, or a block folded into one row."""

    name: str
    type: str
    output_shape: Shape
    params: int
    macs: int
    depth: int  # 1 for the model's direct children
    is_block: bool
    open: bool = False  # a block whose inner rows follow
    base_type: str = ""  # the book's name for a block ("Sequential"), else ""


@dataclass
class LayerGraph:
    """The layers of a network on one input shape, and the edges of its data flow."""

    model_name: str
    input_shape: Shape
    nodes: list[LayerNode]
    edges: list[tuple[int, int]]  # (producer index, consumer index)
    blocks: dict[str, Block]
    total_params: int  # sum(p.numel()) over the whole model
    traced: bool  # True: torch.fx data flow; False: forward-hook fallback
    #: parameters no layer of this forward pass uses (GoogLeNet's auxiliary heads in
    #: evaluation): the nodes' parameters plus these are ``total_params``
    unused_params: int = 0

    @property
    def total_macs(self) -> int:
        return sum(n.macs for n in self.nodes)

    @property
    def output_shape(self) -> Shape:
        return self.nodes[-1].output_shape

    def node(self, name: str) -> LayerNode:
        """The node called ``name``; ``KeyError`` if there is none."""
        for n in self.nodes:
            if n.name == name:
                return n
        raise KeyError(name)

    def predecessors(self, index: int) -> list[int]:
        return [a for a, b in self.edges if b == index]

    def successors(self, index: int) -> list[int]:
        return [b for a, b in self.edges if a == index]

    def max_depth(self) -> int:
        return max((b.depth for b in self.blocks.values()), default=0)

    def summary(self, depth: int = 1) -> list[SummaryRow]:
        """Rows of the network as a tree cut at ``depth``.

        ``depth=1`` lists the model's top-level children, each block folded into one row (what
        the book prints). A larger depth opens the blocks above that depth: an open block is a
        row with ``open=True`` followed by the rows inside it. The input is not a row.
        """
        depth = max(depth, 1)
        rows: list[SummaryRow] = []
        seen: set[str] = set()
        for n in self.nodes[1:]:
            for qual in n.blocks[: depth - 1]:  # blocks shown open, as headers
                if qual not in seen:
                    seen.add(qual)
                    rows.append(self._block_row(self.blocks[qual], open_=True))
            if len(n.blocks) >= depth:
                qual = n.blocks[depth - 1]
                if qual not in seen:
                    seen.add(qual)
                    rows.append(self._block_row(self.blocks[qual], open_=False))
            else:
                rows.append(
                    SummaryRow(
                        n.name,
                        n.op,
                        n.output_shape,
                        n.params,
                        n.macs,
                        len(n.blocks) + 1,
                        is_block=False,
                    )
                )
        return rows

    @staticmethod
    def _block_row(b: Block, open_: bool) -> SummaryRow:
        return SummaryRow(
            b.name,
            b.type,
            b.output_shape,
            b.params,
            b.macs,
            b.depth,
            is_block=True,
            open=open_,
            base_type=b.base_type,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, dicts, numbers, strings) for JSON."""
        return {
            "model": self.model_name,
            "input_shape": list(self.input_shape),
            "output_shape": list(self.output_shape),
            "total_params": self.total_params,
            "unused_params": self.unused_params,
            "total_macs": self.total_macs,
            "traced": self.traced,
            "nodes": [_jsonable(dataclasses.asdict(n)) for n in self.nodes],
            "edges": [list(e) for e in self.edges],
            "blocks": [_jsonable(dataclasses.asdict(b)) for b in self.blocks.values()],
        }


def _jsonable(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (int, float, str, bool)) or obj is None:
        return obj
    return str(obj)
