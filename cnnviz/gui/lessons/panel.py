"""LessonPanel: the slide text, a slide counter and previous/next, for classroom mode."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.lessons import Lesson, Slide
from cnnviz.gui import i18n
from cnnviz.gui.drawer import flow_row

__all__ = ["LessonPanel"]


class LessonPanel(QWidget):
    """Shows one slide of a lesson; asks the app to go to another with :attr:`slide_requested`."""

    slide_requested = Signal(int)  # index of the slide the user asked for
    leave_requested = Signal()  # the user asked to leave the lesson
    save_requested = Signal()  # "Save current state as slide"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson: Lesson | None = None
        self.index = 0
        self.title_size = "x-large"  # what the slide title is set in (see _fit_title)
        self.setObjectName("lesson_panel")
        self.lesson_title = QLabel(self)
        self.lesson_title.setWordWrap(True)
        self.slide_title = QLabel(self)
        self.slide_title.setWordWrap(True)
        self.slide_title.setTextFormat(Qt.TextFormat.RichText)
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.counter = QLabel(self)
        self.prev_button = QPushButton(self)
        self.next_button = QPushButton(self)
        self.save_button = QPushButton(self)
        self.leave_button = QPushButton(self)
        self.prev_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        self.save_button.clicked.connect(self.save_requested)
        self.leave_button.clicked.connect(self.leave_requested)
        for b in (self.prev_button, self.next_button, self.save_button, self.leave_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the slides, not the buttons
        # short rows: the panel stays narrow at text scale 3 (it must never widen the window)
        self.counter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = flow_row(self, [self.prev_button, self.counter, self.next_button,
                                  self.leave_button])  # fmt: skip
        for label in (self.lesson_title, self.slide_title):
            # as narrow as the strip: a long title is set smaller (see _fit_title), not wider
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lesson_title)
        layout.addWidget(self.slide_title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.save_button)  # only while a lesson file is being written
        layout.addWidget(buttons)
        self.save_button.hide()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.retranslate()

    # ------------------------------------------------------------------ navigation

    def set_lesson(self, lesson: Lesson | None, index: int = 0, *, editing: bool = False) -> None:
        """Show ``lesson``; ``editing`` (a lesson file was opened) offers "Save current state
        as slide"."""
        self.lesson = lesson
        self.save_button.setVisible(editing)
        self.show_slide(index)

    @property
    def slide(self) -> Slide | None:
        if self.lesson is None or not self.lesson.slides:
            return None
        return self.lesson.slides[self.index]

    def show_slide(self, index: int) -> None:
        """Show slide ``index`` (clamped) — texts only; the app restores its state."""
        if self.lesson is not None and self.lesson.slides:
            self.index = max(0, min(index, len(self.lesson.slides) - 1))
        self._fill()

    def next(self) -> None:
        if self.lesson is not None and self.index + 1 < len(self.lesson.slides):
            self.slide_requested.emit(self.index + 1)

    def previous(self) -> None:
        if self.lesson is not None and self.index > 0:
            self.slide_requested.emit(self.index - 1)

    # ------------------------------------------------------------------ texts

    def _fill(self) -> None:
        lang = i18n.current_language()
        lesson, slide = self.lesson, self.slide
        if lesson is None or slide is None:
            for w in (self.lesson_title, self.slide_title, self.counter):
                w.setText("")
            self.text.setHtml("")
            return
        # sizes relative to the app font (no fixed fonts: they would not follow the text scale)
        self.lesson_title.setText(html.escape(lesson.title_in(lang)))
        self._fit_title()
        paragraphs = [p.strip() for p in slide.text_in(lang).split("\n") if p.strip()]
        self.text.setHtml("".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
        self.counter.setText(f"{self.index + 1} / {len(lesson.slides)}")
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index + 1 < len(lesson.slides))

    def _fit_title(self) -> None:
        """The slide title, as large as the strip's width allows its longest word (x-large
        down to the body size)."""
        slide = self.slide
        if slide is None:
            return
        title = slide.title_in(i18n.current_language())
        room = max(self.slide_title.width(), self.width() - 24, 40)
        words = title.split() if not i18n.is_chinese() else [title[:6]]
        size = "medium"
        for name, factor in (("x-large", 1.5), ("large", 1.2)):
            font = QFont(self.font())
            font.setPointSizeF(max(font.pointSizeF(), 1.0) * factor)
            font.setBold(True)
            fm = QFontMetricsF(font)
            if max((fm.horizontalAdvance(w) for w in words), default=0.0) <= room:
                size = name
                break
        self.title_size = size
        self.slide_title.setText(
            f"<span style='font-size:{size}; font-weight:bold'>{html.escape(title)}</span>"
        )

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_title()

    def retranslate(self) -> None:
        self.prev_button.setText("◀")
        self.prev_button.setToolTip(self.tr("Previous slide (←, PageUp)"))
        self.next_button.setText("▶")
        self.next_button.setToolTip(self.tr("Next slide (→, PageDown, Space)"))
        self.save_button.setText(self.tr("Save current state as slide"))
        self.save_button.setToolTip(
            self.tr("Append what the app shows now to the lesson file being edited")
        )
        self.leave_button.setText(self.tr("Leave (Esc)"))
        self.leave_button.setToolTip(self.tr("Leave the lesson"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
