"""Architecture view speed: layout + scene for the largest zoo graphs, and frame times while
panning and zooming (target: 60 fps, i.e. under 16.7 ms a frame).

Baseline in the same process: the same frames with item caching turned off.
"""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import row
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QGraphicsItem

app = QApplication.instance() or QApplication([])

from cnnviz.core.graph import layer_graph_for  # noqa: E402
from cnnviz.gui.architecture.view import ArchitectureView  # noqa: E402

view = ArchitectureView()
view.resize(1920, 1080)
view.show()
QGuiApplication.processEvents()


def frames(n: int = 60) -> float:
    """Mean ms per frame: pan down the graph and zoom in and out, repainting each time."""
    v = view.view
    bar = v.verticalScrollBar()
    t0 = time.perf_counter()
    for i in range(n):
        if i % 10 == 5:
            v.zoom_by(1.1 if i % 20 == 5 else 1 / 1.1)
        bar.setValue(bar.minimum() + (bar.maximum() - bar.minimum()) * i // max(n - 1, 1))
        v.viewport().repaint()
    return (time.perf_counter() - t0) / n * 1000


for name in ("googlenet", "densenet"):
    graph = layer_graph_for(name)
    view.set_graph(graph)
    t0 = time.perf_counter()
    view.unfold_all()
    QGuiApplication.processEvents()
    rebuild = (time.perf_counter() - t0) * 1000
    view.view.set_zoom(1.0)
    frames(5)  # warm the caches
    cached = frames()
    for it in view.scene.items():
        it.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    uncached = frames()
    row(f"{name} unfolded: layout + scene", rebuild, "ms")
    row(f"{name} unfolded: frame while panning/zooming", cached, "ms", target="< 16.7 ms")
    row(f"{name} unfolded: frame without item cache (baseline)", uncached, "ms")
