"""Work around a reference-counting bug of PySide6 6.12 on Python < 3.12.

Every call of a C++ method that returns ``void`` (``QPainter.drawRect``, ``QLabel.setText``,
``QWidget.update``…) gives back ``None`` without taking a reference to it, so each call lowers
``None``'s reference count by one; after a few thousand calls CPython aborts with "Fatal Python
error: none_dealloc".  Python 3.12 made ``None`` immortal, which hides the bug.  The lab paints
hundreds of cells a frame, so it hits the bug within seconds: :func:`keep_none_alive` checks for
the bug once and, only when it is there, raises ``None``'s count far out of reach (what 3.12
does for every immortal object).
"""

from __future__ import annotations

import sys

__all__ = ["keep_none_alive", "leaks_none"]

_applied = False


def leaks_none() -> bool:
    """True when a void PySide6 call lowers None's reference count (the bug is present)."""
    from PySide6.QtGui import QColor

    colour = QColor(0, 0, 0)
    before = sys.getrefcount(None)
    for _ in range(8):
        colour.setAlpha(255)
    return sys.getrefcount(None) < before - 4


def keep_none_alive() -> bool:
    """Apply the work-around once if needed; True when it is (now or earlier) applied."""
    global _applied
    if _applied:
        return True
    if sys.version_info >= (3, 12) or not leaks_none():
        return False
    import ctypes

    # CPython < 3.12 (release build): the reference count is the object's first field
    refcount = ctypes.c_ssize_t.from_address(id(None))
    refcount.value += 1 << 48
    _applied = True
    return True
