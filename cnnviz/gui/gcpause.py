"""Python's garbage collector, run in the GUI thread only, and kept from stalling it.

Two troubles, one timer:

* **Which thread collects.** Left automatic, a collection runs in whichever thread happens to
  allocate — often a background job (:mod:`cnnviz.gui.worker`) tracing a network. If the
  garbage holds Qt objects (a finished ``Worker``, a window's leftovers), they are destroyed
  in that thread while the GUI thread uses Qt: the suite hung on exactly this, the job's
  thread inside ``~QObject`` waiting for the GIL while the GUI thread, holding the GIL, waited
  for the lock that job held. So :func:`install` turns automatic collection off and a timer in
  the GUI thread collects instead, generation by generation with the interpreter's own
  thresholds, as pyqtgraph's ``GarbageCollector`` does.
* **How long it takes.** Once torch and its friends are imported, the process holds some
  400,000 long-lived objects, and every full collection walks them all: a 100–200 ms pause.
  When many modules were imported since the last look, everything alive is moved into the
  collector's permanent generation (:func:`gc.freeze`, O(1)): imported code stays for the life
  of the process anyway, and later collections only walk what came after.

Background jobs install it when they start; :func:`uninstall` gives collection back to the
interpreter (at quit, and in tests).
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QCoreApplication, QObject, QTimer

__all__ = ["install", "installed", "uninstall"]

CHECK_MS = 100
NEW_MODULES = 30  # fewer new modules than this: not worth a freeze

_freezer: _Freezer | None = None


class _Freezer(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.modules = 0
        self.freezes = 0
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        gc.disable()
        self.check()
        self.timer.start()

    def check(self) -> None:
        """Freeze newly imported code; collect the generations that are due (GUI thread)."""
        n = len(sys.modules)
        if n - self.modules >= NEW_MODULES:
            self.modules = n
            gc.collect()  # what is garbage now must not be frozen alive
            gc.freeze()
            self.freezes += 1
            return
        counts = gc.get_count()
        if counts[0] > self.threshold[0]:
            generation = 0
            if counts[1] > self.threshold[1]:
                generation = 2 if counts[2] > self.threshold[2] else 1
            gc.collect(generation)


def install() -> None:
    """Collect in the GUI thread from now on (once per application; later calls do nothing)."""
    global _freezer
    app = QCoreApplication.instance()
    if _freezer is not None or app is None:
        return
    _freezer = _Freezer(app)
    app.aboutToQuit.connect(uninstall)


def installed() -> bool:
    """Whether the timer collects (and the interpreter's automatic collection is off)."""
    return _freezer is not None


def uninstall() -> None:
    """Stop the timer and let the interpreter collect again, in any thread."""
    global _freezer
    if _freezer is None:
        return
    _freezer.timer.stop()
    _freezer.deleteLater()
    _freezer = None
    gc.enable()
