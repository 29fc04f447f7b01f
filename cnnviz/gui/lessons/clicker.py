"""The keys a presentation clicker sends, caught for the whole window while a lesson runs.

A QShortcut loses its key to whatever widget has focus and wants it (a table cell takes → and
PageDown, a button takes Space), so the keys are caught before any widget sees them, by an
event filter on the application. →, PageDown and Space go forward; ←, PageUp and Backspace
back; Esc leaves; B or . blanks the screen to black, as presentation programs do, and any key
or click brings it back. While a person types into a text field or spin box, the keys that edit
text (arrows, Space, Backspace, B and .) stay theirs; PageDown, PageUp and Esc still turn slides.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

__all__ = ["BACK_KEYS", "BLANK_KEYS", "FORWARD_KEYS", "BlankScreen", "Clicker"]

K = Qt.Key
FORWARD_KEYS = frozenset({K.Key_Right, K.Key_PageDown, K.Key_Space})
BACK_KEYS = frozenset({K.Key_Left, K.Key_PageUp, K.Key_Backspace})
BLANK_KEYS = frozenset({K.Key_B, K.Key_Period})
#: keys that edit text: a focused text field keeps them
TEXT_KEYS = frozenset({K.Key_Right, K.Key_Left, K.Key_Space, K.Key_Backspace, *BLANK_KEYS})
_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def _is_typing(widget: QWidget | None) -> bool:
    """True when ``widget`` (the focus) is a place where a person types text."""
    while widget is not None:
        if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
            return True
        if isinstance(widget, (QTextEdit, QPlainTextEdit)):
            return not widget.isReadOnly()
        if isinstance(widget, QAbstractItemView):
            return widget.state() == QAbstractItemView.State.EditingState
        widget = widget.parentWidget()
    return False


class BlankScreen(QWidget):
    """A black cover over the whole window; a click takes it away."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("blank_screen")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.hide()
        window.installEventFilter(self)

    def show_over(self) -> None:
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self.parentWidget().rect())
        return False

    def paintEvent(self, _event) -> None:
        QPainter(self).fillRect(self.rect(), Qt.GlobalColor.black)

    def mousePressEvent(self, event) -> None:
        self.hide()
        event.accept()


class Clicker(QObject):
    """Sends the clicker's keys for ``window`` to ``forward``, ``back`` and ``leave``.

    Off until :meth:`set_enabled`; while on, it filters the application's key presses for
    widgets of ``window`` only (a dialog keeps its keys).
    """

    def __init__(
        self,
        window: QWidget,
        forward: Callable[[], None],
        back: Callable[[], None],
        leave: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self._actions = {"forward": forward, "back": back, "leave": leave}
        self.blank = BlankScreen(window)
        self.enabled = False

    def set_enabled(self, on: bool) -> None:
        app = QApplication.instance()
        if on and not self.enabled:
            app.installEventFilter(self)
        elif not on and self.enabled:
            app.removeEventFilter(self)
            self.blank.hide()
        self.enabled = on

    @property
    def blanked(self) -> bool:
        return self.blank.isVisible()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self.window:
            return False
        assert isinstance(event, QKeyEvent)
        action = self._action_for(event)
        if action is None:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut takes the key: it comes back as a key press
            return True
        if not event.isAutoRepeat() or action in ("forward", "back"):
            self._run(action)
        return True

    def _action_for(self, event: QKeyEvent) -> str | None:
        key = event.key()
        if self.blanked:
            return "unblank"  # any key brings the slide back
        if event.modifiers() & _MODIFIERS:
            return None
        if key in TEXT_KEYS and _is_typing(QApplication.focusWidget()):
            return None
        if key in FORWARD_KEYS:
            return "forward"
        if key in BACK_KEYS:
            return "back"
        if key == K.Key_Escape:
            return "leave"
        if key in BLANK_KEYS:
            return "blank"
        return None

    def _run(self, action: str) -> None:
        if action == "unblank":
            self.blank.hide()
        elif action == "blank":
            self.blank.show_over()
        else:
            self._actions[action]()
