"""Headless export of a zoo network's graph (PNG/SVG) or shape table (CSV), no display needed."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["export_model"]


def export_model(
    name: str,
    out: str | os.PathLike,
    *,
    view: str = "graph",
    unfold: bool = False,
    theme: str = "light",
    scale: float = 1.0,
    input_size: tuple[int, int] | None = None,
    in_channels: int | None = None,
) -> Path:
    """Write the graph (``.png`` at 2× density or ``.svg``) or table (``.csv``) of ``name``, a
    model spec (:mod:`cnnviz.core.model_spec`: zoo, torchvision:NAME or file.py:NAME), to ``out``.

    The table is :func:`cnnviz.core.summary.table_csv` (no Qt); the graph is drawn on Qt's
    offscreen platform unless another one is already set up. Raises
    ``ValueError`` for an unknown model, view, theme or file type.
    """
    out = Path(out)
    if view not in ("graph", "table"):
        raise ValueError(f"unknown view {view!r}; choose graph or table")
    suffixes = {"graph": (".png", ".svg"), "table": (".csv",)}[view]
    if out.suffix.lower() not in suffixes:
        raise ValueError(f"the {view} view exports to {' or '.join(suffixes)}, not {out.name!r}")
    if not out.parent.exists():
        raise ValueError(f"the folder {str(out.parent)!r} does not exist")
    if not 0.5 <= scale <= 3.0:
        raise ValueError(f"--scale must be between 0.5 and 3.0, got {scale}")

    from cnnviz.gui.theme import get_theme

    style = get_theme(theme)
    from cnnviz.core.model_spec import layer_graph_for_spec

    graph = layer_graph_for_spec(name, input_size, in_channels)
    if view == "table":  # no Qt needed
        from cnnviz.core.files import atomic_write_text
        from cnnviz.core.summary import table_csv

        atomic_write_text(out, table_csv(graph))
        return out

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])  # noqa: F841 — keeps Qt alive
    from cnnviz.gui.architecture.scene import GraphScene
    from cnnviz.gui.architecture.view import render_scene

    scene = GraphScene()
    scene.set_style(style, scale, QFont())
    scene.rebuild(graph, set(graph.blocks) if unfold else set(), group_repeats=not unfold)
    render_scene(scene, out)
    return out
