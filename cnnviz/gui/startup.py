"""The main window's background jobs: plain functions a Worker runs; no widget is touched here.

:func:`load_startup` imports torch and computes the zoo's graphs behind the first window;
:func:`load_external` builds a network from a user's file or torchvision.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cnnviz.core.compare import CompareRow, compare_row
from cnnviz.gui.device import DeviceInfo
from cnnviz.gui.dialogs import ModelRequest
from cnnviz.gui.worker import JobState

__all__ = ["FirstGraph", "ZooLoaded", "as_sentence", "load_external", "load_startup"]

#: Qt-free modules the architecture view builds on, imported by the start-up worker
_VIEW_CORE_MODULES = ("cnnviz.core.summary", "cnnviz.core.layout")


@dataclass
class FirstGraph:
    """Start-up's first partial result: enough to show the window's first network."""

    graph: Any  # LayerGraph
    infos: dict[str, Any]  # zoo name → ModelInfo


@dataclass
class ZooLoaded:
    """Start-up's second partial result: every zoo graph, the Compare rows, the device."""

    graphs: dict[str, Any]
    rows: list[CompareRow]
    device: DeviceInfo


def load_startup(state: JobState, first: str) -> list[str]:
    """Import torch, report :class:`FirstGraph` then :class:`ZooLoaded`; return torchvision names.

    ``first`` is the zoo network to show first (the first one if unknown).
    """
    import importlib

    from cnnviz.core import models
    from cnnviz.core.graph import layer_graph_for
    from cnnviz.gui.device import detect_device

    for module in _VIEW_CORE_MODULES:  # so that importing the view in the GUI thread is quick
        try:
            importlib.import_module(module)
        except ImportError:
            pass
    names = models.list_models()
    if first not in names:
        first = names[0]
    infos = {n: models.model_info(n) for n in names}
    graphs = {first: layer_graph_for(first)}
    state.report(FirstGraph(graphs[first], infos))
    for n in names:
        state.check()
        if n not in graphs:
            graphs[n] = layer_graph_for(n)
    rows = [compare_row(graphs[n], infos[n]) for n in names]
    state.report(ZooLoaded(graphs, rows, detect_device()))  # CUDA's check may take a moment
    state.check()
    try:
        from cnnviz.core.loading import torchvision_model_names

        return torchvision_model_names()
    except Exception:  # torchvision missing or broken: the Open dialog offers files only
        return []


def load_external(state: JobState, request: ModelRequest) -> Any:
    """The ``LayerGraph`` of a network from a file or torchvision; raises ``ValueError``s."""
    from cnnviz.core.graph import layer_graph
    from cnnviz.core.loading import (
        load_model_from_file,
        load_torchvision_model,
        parse_kwargs,
    )

    if request.source == "file":
        model = load_model_from_file(request.path, request.attr, **parse_kwargs(request.kwargs))
    else:
        model = load_torchvision_model(request.name, num_classes=request.num_classes)
    state.check()
    return layer_graph(model, request.input_shape, name=request.display_name)


def as_sentence(message: str) -> str:
    """A core message as a sentence: capital first letter, full stop at the end (a Chinese
    one, "。", after Chinese text)."""
    message = message.strip()
    if not message:
        return message
    message = message[0].upper() + message[1:]
    if message.endswith((".", "!", "?", "。", "！", "？")):
        return message
    chinese = any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in message)
    return message + ("。" if chinese else ".")
