"""The one protocol between views, the window that hosts them, and the classroom.

Every view (architecture, lab, training, compare) is a :class:`SlideView`: it applies a slide's
keys as one state (fields the slide leaves out take their defaults), captures its state as keys,
and frames a focus. The main window is a :class:`ViewHost`: it shows one view at a time and the
network they share. Lessons and the classroom talk to the host and the views through these two
protocols only, so they never import the main window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

__all__ = ["SlideView", "ViewHost"]


@runtime_checkable
class SlideView(Protocol):
    """A view a lesson slide can put into a state."""

    def apply_state(self, keys: dict[str, Any]) -> None:
        """Show the state a slide's keys describe (keys of other views are ignored).

        Raises ValueError (a :class:`~cnnviz.core.errors.FieldError` where a field is at
        fault) with a sentence when the state cannot be shown whole.
        """

    def capture_state(self) -> dict[str, Any]:
        """The view's state now, as slide keys (what :meth:`apply_state` restores)."""

    def frame(self, focus: str) -> bool:
        """Bring ``focus`` (a layer, a cell, …) into view; False when the view has no such thing."""

    def set_presenting(self, on: bool) -> None:
        """Presented (presentation mode, a lesson): give the taught thing the room, side
        panels folded into drawers."""

    def handout_widget(self) -> QWidget:
        """The part of the view that teaches, without its controls (what a handout shows)."""


class ViewHost(Protocol):
    """What a window offers the classroom: its views, its network, its messages and layout."""

    @property
    def shown_network(self) -> str | None:
        """The zoo network the views show (None for a model opened from outside the zoo)."""

    def show_network(self, name: str) -> None:
        """Show zoo network ``name`` in every view."""

    def current_view(self) -> str:
        """The name of the view shown ("architecture", "lab", "training", "compare")."""

    def slide_view(self, name: str) -> SlideView | None:
        """The view ``name``, without showing it (None while it is not made yet)."""

    def show_view(self, name: str) -> SlideView | None:
        """Show the view ``name`` and return it (None while it cannot be made yet)."""

    def show_error(self, text: str, details: str = "") -> None:
        """A dialog with one sentence."""

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        """A message in the status bar."""

    def set_lesson_title(self, text: str | None) -> None:
        """Show ``text`` (the lesson and slide) in the window title; None: the network's."""

    def main_window(self) -> QMainWindow:
        """The window, as Qt sees it: the parent of docks, dialogs and shortcuts."""

    def add_menu(self, menu: QMenu) -> None:
        """Put ``menu`` in the menu bar (before Help)."""

    def enter_lesson_layout(self, font_scale: float) -> None:
        """Presentation look with text at least ``font_scale``, full screen, no picker and
        toolbar; remembers the layout before."""

    def leave_lesson_layout(self) -> None:
        """Give back the layout :meth:`enter_lesson_layout` remembered."""
