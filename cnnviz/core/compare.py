"""One row of numbers per zoo network, for comparing them side by side (the Compare tab).

Plain Python and torch-free at import time: :func:`compare_row` only reads a
:class:`~cnnviz.core.graph.LayerGraph` and a :class:`~cnnviz.core.models.ModelInfo` built
elsewhere::

    >>> from cnnviz.core import models
    >>> from cnnviz.core.graph import layer_graph_for
    >>> compare_row(layer_graph_for("lenet"), models.model_info("lenet")).depth
    5

:func:`best_test_accuracies` reads what a folder of training runs achieved, per network.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cnnviz.core.graph import LayerGraph
    from cnnviz.core.models import ModelInfo
    from cnnviz.core.training.runs import SummaryCache

__all__ = ["CompareRow", "best_test_accuracies", "compare_row"]


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


def best_test_accuracies(
    folder: str | os.PathLike,
    *,
    dataset: str | None = None,
    cache: SummaryCache | None = None,
) -> dict[str, float]:
    """The best test accuracy (0–1) of each network's *finished* runs in ``folder``.

    Runs are the folders :func:`cnnviz.core.training.scan_runs` lists; a run counts when its
    status is "finished" and it recorded a best test accuracy (stopped, failed and live runs
    do not). With ``dataset`` (``"fashion-mnist"``, …) only runs on that data set count.
    Returns ``{network: accuracy}``; a network without such a run is left out, and a missing
    folder gives ``{}``. ``cache`` is :func:`~cnnviz.core.training.scan_runs`' cache, kept by
    the caller between calls. Imports torch (through the run module) when first called.
    """
    from cnnviz.core.training.runs import scan_runs

    best: dict[str, float] = {}
    for run in scan_runs(folder, cache=cache):
        if run.status != "finished" or run.best_test_acc is None:
            continue
        if dataset is not None and run.dataset != dataset:
            continue
        acc = float(run.best_test_acc)
        if math.isfinite(acc) and acc > best.get(run.model, -math.inf):
            best[run.model] = acc
    return best
