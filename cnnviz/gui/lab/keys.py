"""The lab's keys: Space plays, ← → PageUp PageDown step, Home resets, End jumps to the end.

:class:`LabKeysMixin` is a part of :class:`~cnnviz.gui.lab.view.ConvolutionLab`; the keys work
on the stepper (convolution, pooling, backward) or on the learn-a-kernel panel.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut

__all__ = ["LabKeysMixin"]


class LabKeysMixin:
    """Keyboard of the lab (mixed into :class:`~cnnviz.gui.lab.view.ConvolutionLab`)."""

    def _build_shortcuts(self) -> None:
        self._keys: dict[int, Callable[[], None]] = {
            Qt.Key.Key_Space: self._key_play,
            Qt.Key.Key_Left: self._key_back,
            Qt.Key.Key_Right: self._key_forward,
            Qt.Key.Key_PageUp: self._key_back,
            Qt.Key.Key_PageDown: self._key_forward,
            Qt.Key.Key_Home: self._key_reset,
            Qt.Key.Key_End: self._key_end,
        }
        self.shortcuts = []
        for key, slot in self._keys.items():
            sc = QShortcut(QKeySequence(key), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(slot)
            self.shortcuts.append(sc)

    def _key_play(self) -> None:
        if self.op is not None:
            self.stepper.toggle_play()
        elif self._mode == "learn":
            self.learn.toggle_play()

    def _key_forward(self) -> None:
        if self.op is not None:
            self.stepper.pause()
            self.stepper.step_forward()
        elif self._mode == "learn":
            self.learn.step_once()

    def _key_back(self) -> None:
        if self.op is not None:
            self.stepper.pause()
            self.stepper.step_back()

    def _key_reset(self) -> None:
        if self.op is not None:
            self.stepper.reset()
        elif self._mode == "learn":
            self.learn.reset()

    def _key_end(self) -> None:
        if self.op is not None:
            self.stepper.jump_to_end()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # reached when no shortcut took the key (e.g. the window is not active)
        slot = (
            self._keys.get(event.key())
            if event.modifiers() == Qt.KeyboardModifier.NoModifier
            else None
        )
        if slot is not None:
            slot()
            event.accept()
            return
        super().keyPressEvent(event)
