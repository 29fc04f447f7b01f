"""One row of numbers per zoo network, for comparing them side by side (the Compare tab).

Plain Python and torch-free at import time: :func:`compare_row` only reads a
:class:`~cnnviz.core.graph.LayerGraph` and a :class:`~cnnviz.core.models.ModelInfo` built
elsewhere::

    >>> from cnnviz.core import models
    >>> from cnnviz.core.graph import layer_graph_for
    >>> compare_row(layer_graph_for("lenet"), models.model_info("lenet")).depth
    5
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnnviz.core.graph import LayerGraph
    from cnnviz.core.models import ModelInfo

__all__ = ["CompareRow", "compare_row"]


@dataclass(frozen=True)
class CompareRow:
    """One zoo network's numbers, for the table."""

    name: str
    input_shape: tuple[int, ...]  # (1, C, H, W)
    depth: int  # convolutional + fully connected layers
    params: int
    macs: int
    lr: float
    epochs: int
    batch_size: int
    year: int


def compare_row(graph: LayerGraph, info: ModelInfo) -> CompareRow:
    """The row of a zoo network from its ``LayerGraph`` and ``ModelInfo``.

    ``depth`` counts the convolutional and fully connected layers (1×1 shortcuts included).
    """
    depth = sum(1 for n in graph.nodes if n.kind in ("conv", "linear"))
    return CompareRow(
        name=info.name,
        input_shape=tuple(graph.input_shape),
        depth=depth,
        params=graph.total_params,
        macs=graph.total_macs,
        lr=info.recipe.lr,
        epochs=info.recipe.epochs,
        batch_size=info.recipe.batch_size,
        year=info.year,
    )
