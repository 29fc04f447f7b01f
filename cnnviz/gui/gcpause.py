"""Keep Python's garbage collector from stalling the event loop.

Once torch and its friends are imported, the process holds some 400,000 long-lived objects
(modules, functions, classes), and every full collection walks them all: a 100–200 ms pause of
whichever thread triggers it, usually the GUI thread. :func:`install` checks twice a second
whether many modules were imported since the last look (background jobs
(:mod:`cnnviz.gui.worker`) install it when they start), and if so moves every object alive
now into the collector's permanent generation (:func:`gc.freeze`, O(1)): imported code stays
for the life of the process anyway, and later collections only walk what came after.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer

__all__ = ["install"]

CHECK_MS = 500
NEW_MODULES = 30  # fewer new modules than this: not worth a freeze

_freezer: _Freezer | None = None


class _Freezer(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.modules = 0
        self.freezes = 0
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.check()
        self.timer.start()

    def check(self) -> None:
        n = len(sys.modules)
        if n - self.modules >= NEW_MODULES:
            self.modules = n
            gc.freeze()
            self.freezes += 1


def install() -> None:
    """Start watching (once per application; later calls do nothing)."""
    global _freezer
    app = QCoreApplication.instance()
    if _freezer is not None or app is None:
        return
    _freezer = _Freezer(app)
    app.aboutToQuit.connect(_freezer.timer.stop)
