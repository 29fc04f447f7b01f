"""Classroom mode: a lesson's slides drive the main window; the teacher clicks through them.

Each slide restores a planned state (network, view, fold state, selection, zoom, lab settings,
training form) and shows its text in a panel; everything on screen stays live. →, Space and
PageDown (what presentation clickers send) go to the next slide, ←, PageUp and Backspace to the
previous one, Esc leaves, B blanks the screen (:mod:`~cnnviz.gui.lessons.clicker`). While a
lesson runs these keys belong to the slides whatever has focus; the lab's own step buttons
still work with the mouse.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QWidget,
)

from cnnviz.core import lessons
from cnnviz.core.files import atomic_write_text
from cnnviz.core.lessons import Lesson, LessonError, Slide
from cnnviz.gui import i18n
from cnnviz.gui.core_text import user_text
from cnnviz.gui.drawer import Drawer
from cnnviz.gui.lessons.clicker import Clicker
from cnnviz.gui.lessons.panel import LessonPanel
from cnnviz.gui.views import ViewHost

__all__ = ["Classroom", "apply_slide_state", "capture_slide_state"]

CLASSROOM_SCALE = 1.8
#: the slide-text strip takes at most this share of the screen's width
STRIP_SHARE = 0.3


def apply_slide_state(host: ViewHost, state: dict[str, Any]) -> None:
    """Put ``host`` into the state a slide plans (keys of :data:`lessons.SLIDE_KEYS`).

    The network first (every view shows it), then the slide's view, which applies the keys
    as one state. Raises ValueError with a sentence when the slide cannot be shown whole.
    """
    network = state.get("network")
    if network is not None and host.shown_network != network:
        host.show_network(network)
    view = host.show_view(state.get("view", "architecture"))
    if view is None:
        return
    view.apply_state(state)
    focus = state.get("focus")
    if focus is not None and not view.frame(focus):
        raise ValueError(
            QCoreApplication.translate(
                "Classroom", "this slide focuses on {focus!r}, which the view does not show"
            ).format(focus=focus)
        )


def capture_slide_state(host: ViewHost) -> dict[str, Any]:
    """What the host shows now, as slide keys (the inverse of :func:`apply_slide_state`)."""
    name = host.current_view()
    state: dict[str, Any] = {"view": name}
    if host.shown_network is not None:
        state["network"] = host.shown_network
    view = host.slide_view(name)
    if view is not None:
        state.update(view.capture_state())
    return state


class Classroom(QObject):
    """Lessons menu, lesson panel, classroom mode and slide navigation for a main window."""

    slide_shown = Signal(int)  # index of the slide now shown
    lesson_started = Signal(str)
    lesson_left = Signal()

    def __init__(self, host: ViewHost) -> None:
        window = host.main_window()
        super().__init__(window)
        self.host = host
        self.window = window
        self.lesson: Lesson | None = None
        self.index = 0
        self.edit_path: Path | None = None  # where "save current state as slide" writes

        self.panel = LessonPanel()
        self.panel.slide_requested.connect(self.go_to)
        self.panel.leave_requested.connect(self.leave)
        self.panel.save_requested.connect(self.save_current_state_as_slide)
        self.dock = QDockWidget(window)
        self.dock.setObjectName("lesson_dock")
        self.dock.setWidget(self.panel)
        self.dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.dock.setTitleBarWidget(QWidget(self.dock))  # no title bar: minimal chrome
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()

        self.menu = QMenu(window)
        host.add_menu(self.menu)
        self.open_action = QAction(window)
        self.open_action.setObjectName("action_open_lesson")
        self.open_action.setShortcut(QKeySequence("Ctrl+L"))
        self.open_action.triggered.connect(self.open_lesson_dialog)
        window.addAction(self.open_action)
        self.lesson_actions: dict[str, QAction] = {}
        for name in lessons.list_lessons():
            a = QAction(window)
            a.setObjectName(f"action_lesson_{name}")
            a.triggered.connect(lambda _=False, n=name: self.start_named(n))
            self.lesson_actions[name] = a
        self.menu.addActions(list(self.lesson_actions.values()))
        self.menu.addSeparator()
        self.menu.addAction(self.open_action)
        self.save_action = QAction(window)  # the panel's button shows only for an opened file
        self.save_action.setObjectName("action_save_slide")
        self.save_action.triggered.connect(self.save_current_state_as_slide)
        self.menu.addAction(self.save_action)

        self.clicker = Clicker(window, self.next, self.previous, self.escape)
        self.retranslate()

    # ------------------------------------------------------------------ lessons

    @property
    def active(self) -> bool:
        return self.lesson is not None

    def start_named(self, name: str) -> None:
        try:
            lesson = lessons.load_lesson(name)
        except LessonError as exc:  # a shipped file edited by hand: the line, not a traceback
            self.host.show_error(user_text(exc), "")
            return
        self.start(lesson, edit_path=None)

    def open_lesson_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Open lesson"), "", self.tr("Lessons (*.toml)")
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str | os.PathLike) -> bool:
        """Start the lesson in ``path``; a broken file shows the line and the problem."""
        try:
            lesson = lessons.load_lesson(Path(path))
        except LessonError as exc:
            self.host.show_error(user_text(exc), "")
            return False
        self.start(lesson, edit_path=Path(path))
        return True

    def start(self, lesson: Lesson, index: int = 0, *, edit_path: Path | None = None) -> None:
        """Enter classroom mode with ``lesson`` and show slide ``index``."""
        if not self.active:
            self.host.enter_lesson_layout(font_scale=CLASSROOM_SCALE)
        self.lesson, self.edit_path = lesson, edit_path
        self.panel.set_lesson(lesson, 0, editing=edit_path is not None)
        self.dock.show()
        self.fit_strip()
        self.clicker.set_enabled(True)
        self.lesson_started.emit(lesson.name)
        self.go_to(index)

    def fit_strip(self) -> None:
        """The slide text is a strip beside the content: 28 % of the window, never above
        :data:`STRIP_SHARE` of the screen."""
        w = self.window
        screen = w.screen().availableGeometry().width() if w.screen() else w.width()
        width = min(round(w.width() * 0.28), round(screen * STRIP_SHARE))
        self.dock.setMaximumWidth(round(screen * STRIP_SHARE))
        w.resizeDocks([self.dock], [max(width, 160)], Qt.Orientation.Horizontal)

    def go_to(self, index: int) -> None:
        if self.lesson is None:
            return
        self.index = max(0, min(index, len(self.lesson.slides) - 1))
        self.panel.show_slide(self.index)
        try:
            apply_slide_state(self.host, self.slide.state)
        except (ValueError, KeyError) as exc:  # the slide's text stays; the problem is said
            message = exc.args[0] if isinstance(exc, KeyError) and exc.args else user_text(exc)
            self.host.show_status(
                self.tr("This slide could not be shown whole: %1").replace("%1", str(message)),
                10_000,
            )
        lang = i18n.current_language()
        self.host.set_lesson_title(
            f"{self.lesson.title_in(lang)} — {self.index + 1}/{len(self.lesson.slides)}"
        )
        self.slide_shown.emit(self.index)

    @property
    def slide(self) -> Slide:
        assert self.lesson is not None
        return self.lesson.slides[self.index]

    def next(self) -> None:
        if self.lesson is not None and self.index + 1 < len(self.lesson.slides):
            self.go_to(self.index + 1)

    def previous(self) -> None:
        if self.lesson is not None and self.index > 0:
            self.go_to(self.index - 1)

    def escape(self) -> None:
        """Esc: close an open drawer (a view's settings, the table) first, else leave."""
        drawers = [d for d in self.window.findChildren(Drawer) if d.isVisible()]
        if drawers:
            for d in drawers:
                d.set_open(False)
            return
        self.leave()

    def leave(self) -> None:
        """Leave classroom mode and give the window back its look."""
        if not self.active:
            return
        self.lesson = None
        self.clicker.set_enabled(False)
        self.host.set_lesson_title(None)
        self.dock.hide()
        self.dock.setMaximumWidth(16_777_215)
        self.host.leave_lesson_layout()
        self.lesson_left.emit()

    # ------------------------------------------------------------------ authoring

    def save_current_state_as_slide(self) -> None:
        """Ask for a title and text, then append the window's state to the lesson file."""
        w = self.window
        title, ok = QInputDialog.getText(w, self.tr("New slide"), self.tr("Slide title:"))
        if not ok or not title.strip():
            return
        text, ok = QInputDialog.getMultiLineText(w, self.tr("New slide"), self.tr("Slide text:"))
        if not ok:
            return
        path = self.edit_path
        if path is None:
            path_text, _ = QFileDialog.getSaveFileName(
                w, self.tr("Save lesson as"), "my_lesson.toml", self.tr("Lessons (*.toml)")
            )
            if not path_text:
                return
            path = Path(path_text)
        try:
            self.append_slide(path, title.strip(), text.strip())
        except (OSError, LessonError) as exc:
            QMessageBox.warning(w, "cnnviz", user_text(exc))

    def append_slide(self, path: Path, title: str, text: str) -> Lesson:
        """Append the current state as a slide to the lesson at ``path`` (created if missing,
        starting from the lesson shown now); written atomically. Returns the new lesson."""
        path = Path(path)
        if path.exists():
            lesson = lessons.load_lesson(path)
        elif self.lesson is not None:
            lesson = Lesson(self.lesson.title, list(self.lesson.slides), self.lesson.title_zh)
        else:
            lesson = Lesson(title, [])
        state = capture_slide_state(self.host)
        zh = i18n.is_chinese()
        slide = Slide(
            title=title,  # the file needs an English title; the teacher can edit it later
            text=text,
            title_zh=title if zh else "",
            text_zh=text if zh else "",
            state=state,
        )
        lesson.slides.append(slide)
        content = lessons.dump_lesson(lesson)
        lessons.parse_lesson(content)  # never write a file that would not load back
        atomic_write_text(path, content)
        self.edit_path = path
        if self.lesson is not None:
            self.lesson = lessons.load_lesson(path)
            self.panel.set_lesson(self.lesson, self.index, editing=True)
        return lesson

    # ------------------------------------------------------------------ texts

    def retranslate(self) -> None:
        lang = i18n.current_language()
        self.menu.setTitle(self.tr("&Lessons"))
        self.open_action.setText(self.tr("Open lesson file…"))
        self.save_action.setText(self.tr("Save current state as slide…"))
        for name, action in self.lesson_actions.items():
            try:
                title, title_zh = lessons.lesson_titles(name)
            except LessonError:
                action.setText(name)
                continue
            number = name.split("_", 1)[0].lstrip("0")
            shown = title_zh if lang.startswith("zh") and title_zh else title
            action.setText(f"{number}. {shown}")
        self.dock.setWindowTitle(self.tr("Lesson"))
        self.panel.retranslate()
