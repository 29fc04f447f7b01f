"""The main window as a :class:`~cnnviz.gui.views.ViewHost`: what the classroom may use."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from cnnviz.gui.views import SlideView

__all__ = ["WindowHost"]


class WindowHost:
    """Views by name, the shared network, messages and the lesson layout; mixed into the
    main window (see :class:`cnnviz.gui.views.ViewHost`)."""

    @property
    def shown_network(self) -> str | None:
        return self.shown_zoo

    def show_network(self, name: str) -> None:
        self.show_zoo_model(name)

    def _pages(self) -> dict[str, QWidget]:
        return {"architecture": self.architecture_page, "lab": self.lab_page,
                "training": self.training_page, "compare": self.compare}  # fmt: skip

    def current_view(self) -> str:
        page = self.tabs.currentWidget()
        return next((name for name, p in self._pages().items() if p is page), "architecture")

    def slide_view(self, name: str) -> SlideView | None:
        """The view ``name`` if it exists yet (the lab and training view are made when their
        tab is first shown, once torch is loaded)."""
        views = {"architecture": self.view, "lab": self.lab, "training": self.training,
                 "compare": self.compare}  # fmt: skip
        return views[name]

    def show_view(self, name: str) -> SlideView | None:
        """Show the tab of view ``name`` and return the view (None before torch is loaded)."""
        self.tabs.setCurrentWidget(self._pages()[name])
        return self.slide_view(name)

    def show_status(self, text: str, timeout_ms: int = 0) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def set_lesson_title(self, text: str | None) -> None:
        """Name the lesson and slide in the window title ("GoogLeNet — 2/8 — cnnviz");
        None gives the title back to the network shown."""
        self._lesson_title = text
        self._update_model_texts()

    def main_window(self) -> QMainWindow:
        return self

    def add_menu(self, menu: QMenu) -> None:
        self.menuBar().insertMenu(self.help_menu.menuAction(), menu)

    def enter_lesson_layout(self, font_scale: float) -> None:
        self._before_lesson = {
            "presenting": self.is_presenting,
            "full_screen": self.isFullScreen(),
            "picker": self.picker_dock.isVisible(),
            "toolbar": self.toolbar.isVisible(),
        }
        self.set_presentation(True)
        self.set_font_scale(max(self.font_scale, font_scale))
        self.set_full_screen(True)
        self.picker_dock.hide()
        self.toolbar.hide()

    def leave_lesson_layout(self) -> None:
        before = self._before_lesson
        self.set_presentation(before.get("presenting", False))
        if self.isFullScreen() and not before.get("full_screen", False):
            self.set_full_screen(False)
        self.picker_dock.setVisible(before.get("picker", True))
        self.toolbar.setVisible(before.get("toolbar", True))
