"""Lesson handouts: one page per slide — what the slide shows and what it says, no app chrome.

Each page is drawn, not screenshotted: the slide's title, the part of its view that teaches
(:meth:`~cnnviz.gui.views.SlideView.handout_widget`: the graph, the lab's grids and sum, the
curves, the Compare chart — never menus, buttons, drawers or busy bars) and the slide's text
beside it, set to fill the page. ``out.pdf`` gets one PDF page per slide (text as text, the
view as an image); a folder gets ``slide_01.png``, ``slide_02.png`` …. The real main window
renders the views, on Qt's offscreen platform unless another is set up, with settings of its
own, so the user's are untouched; handouts are printed, so they are drawn in the light theme
unless asked otherwise.
"""

from __future__ import annotations

import html
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cnnviz.core.files import atomic_path

if TYPE_CHECKING:
    from PySide6.QtGui import QImage, QPainter

__all__ = ["DEFAULT_SIZE", "HandoutPage", "export_lesson", "paint_page", "parse_size"]

DEFAULT_SIZE = (1920, 1080)


@dataclass
class HandoutPage:
    """What one page shows."""

    lesson_title: str
    slide_title: str
    text: str  # paragraphs separated by newlines
    content: QImage  # the view's teaching part
    number: int  # from 1
    count: int


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` → (1280, 720); ValueError with a sentence otherwise."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        w, h = (int(p) for p in parts)
    except ValueError:
        raise ValueError(
            f"--size must be WIDTHxHEIGHT in pixels, like 1280x720, not {text!r}"
        ) from None
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise ValueError(f"--size must be from 320x240 to 8000x8000 pixels, not {text!r}")
    return w, h


def paint_page(p: QPainter, width: int, height: int, page: HandoutPage) -> None:
    """Draw ``page`` on ``p`` over ``width`` × ``height`` pixels (white paper, dark ink)."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QTextDocument

    p.fillRect(QRectF(0, 0, width, height), QColor("#ffffff"))
    m = round(height * 0.045)
    ink, muted = QColor("#111111"), QColor("#555555")

    def font(px: float, bold: bool = False) -> QFont:
        f = QFont(p.font())
        f.setPixelSize(max(round(px), 6))
        f.setBold(bold)
        return f

    # the titles
    p.setPen(muted)
    p.setFont(font(height * 0.024))
    small = p.fontMetrics().height()
    p.drawText(QRectF(m, m, width - 2 * m, small), Qt.AlignmentFlag.AlignLeft, page.lesson_title)
    p.setPen(ink)
    p.setFont(font(height * 0.05, bold=True))
    title_h = p.fontMetrics().height()
    title = p.fontMetrics().elidedText(page.slide_title, Qt.TextElideMode.ElideRight, width - 2 * m)
    p.drawText(QRectF(m, m + small, width - 2 * m, title_h), Qt.AlignmentFlag.AlignLeft, title)
    top = m + small + title_h + m * 0.5

    # the page number
    p.setPen(muted)
    p.setFont(font(height * 0.02))
    foot = p.fontMetrics().height()
    p.drawText(QRectF(m, height - m - foot, width - 2 * m, foot), Qt.AlignmentFlag.AlignRight,
               f"{page.number} / {page.count}")  # fmt: skip
    bottom = height - m - foot - m * 0.3

    # the view's teaching part on the left, as large as fits, not enlarged past 2×
    text_w = (width - 3 * m) * 0.34
    box = QRectF(m, top, width - 3 * m - text_w, bottom - top)
    image = page.content
    if not image.isNull() and image.width() > 0 and image.height() > 0:
        k = min(box.width() / image.width(), box.height() / image.height(), 2.0)
        w, h = image.width() * k, image.height() * k
        target = QRectF(box.x() + (box.width() - w) / 2, box.y() + (box.height() - h) / 2, w, h)
        p.setRenderHint(p.RenderHint.SmoothPixmapTransform)
        p.drawImage(target, image)
        p.setPen(QColor("#bbbbbb"))
        p.drawRect(target)

    # the slide's text on the right, in the largest size that fits (at most the body size)
    paragraphs = [t.strip() for t in page.text.split("\n") if t.strip()]
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setHtml("".join(f"<p>{html.escape(t)}</p>" for t in paragraphs))
    doc.setTextWidth(text_w)
    px = height * 0.03
    while px > 8:
        doc.setDefaultFont(font(px))
        if doc.size().height() <= bottom - top:
            break
        px *= 0.92
    p.save()
    p.translate(QPointF(width - m - text_w, top))
    p.setPen(ink)
    doc.drawContents(p, QRectF(0, 0, text_w, bottom - top))
    p.restore()


def export_lesson(
    lesson: str | os.PathLike,
    output: str | os.PathLike,
    *,
    language: str = "en",
    size: tuple[int, int] = DEFAULT_SIZE,
    theme: str = "light",
    timeout: float = 60.0,
) -> list[Path]:
    """Write the handout of ``lesson`` (a shipped name or a file): a PDF when ``output`` ends
    in ``.pdf``, else PNGs ``slide_01.png`` … in the folder ``output``. Returns the files.

    Raises ``ValueError`` (a LessonError) for a broken lesson and ``OSError`` when the output
    can't be written; a half-written handout never replaces a file.
    """
    from cnnviz.core import lessons

    loaded = lessons.load_lesson(lesson)  # errors before any window opens
    out = Path(output)
    pdf = out.suffix.lower() == ".pdf"
    if pdf:
        out.parent.mkdir(parents=True, exist_ok=True)
    else:
        out.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from cnnviz.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.resize(*size)
        window.show()
        try:
            _wait(app, lambda: window.is_zoo_loaded, timeout, "PyTorch and the zoo to load")
            window.set_language(language)
            window.classroom.start(loaded)
            window.set_theme_choice(theme)  # the presented layout, in the paper's colours
            window.set_full_screen(False)  # a fixed size for every slide
            window.resize(*size)
            window.resizeDocks(
                [window.classroom.dock], [int(size[0] * 0.28)], Qt.Orientation.Horizontal
            )
            pages = (_page(app, window, loaded, i, language, timeout)
                     for i in range(len(loaded.slides)))  # fmt: skip
            if pdf:
                return [_write_pdf(out, size, pages)]
            return _write_pngs(out, size, pages)
        finally:
            window.classroom.leave()
            window.close()
            # destroyed now, while Qt and Python are whole: left to the interpreter's clean-up
            # at exit, its children were torn down in any order (a crash after the last page)
            window.deleteLater()
            QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _page(app, window, loaded, i: int, language: str, timeout: float) -> HandoutPage:
    window.classroom.go_to(i)
    slide = loaded.slides[i]
    lab = window.lab
    if lab is not None and slide.state.get("lab_mode") == "features":
        _wait(app, lambda lab=lab: lab._features is not None, timeout, "feature maps")
    _settle(app)
    view = window.slide_view(window.current_view())
    content = _grab(view.handout_widget())
    return HandoutPage(loaded.title_in(language), slide.title_in(language),
                       slide.text_in(language), content, i + 1, len(loaded.slides))  # fmt: skip


def _grab(widget) -> QImage:
    """``widget`` drawn on its window colour (a plain grab leaves what it does not paint
    black, where a parent would have painted on screen)."""
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    image = QImage(widget.size(), QImage.Format.Format_RGB32)
    image.fill(widget.palette().window().color())
    QWidget.render(widget, image)  # a QGraphicsView's own render() paints only its scene
    return image


def _write_pngs(folder: Path, size: tuple[int, int], pages) -> list[Path]:
    from PySide6.QtGui import QImage, QPainter

    written = []
    for page in pages:
        image = QImage(size[0], size[1], QImage.Format.Format_RGB32)
        p = QPainter(image)
        paint_page(p, size[0], size[1], page)
        p.end()
        path = folder / f"slide_{page.number:02d}.png"
        with atomic_path(path, ".png") as tmp:
            if not image.save(str(tmp), "PNG"):
                raise OSError(f"could not write {path}")
        written.append(path)
    return written


def _write_pdf(path: Path, size: tuple[int, int], pages) -> Path:
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    with atomic_path(path, ".pdf") as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(96)  # a page pixel is a screen pixel
        points = QSizeF(size[0] * 72 / 96, size[1] * 72 / 96)
        writer.setPageSize(QPageSize(points, QPageSize.Unit.Point, "handout"))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        writer.setTitle(path.stem)
        p = QPainter()
        for k, page in enumerate(pages):
            if k == 0:
                if not p.begin(writer):
                    raise OSError(f"could not write {path}")
            else:
                writer.newPage()
            paint_page(p, size[0], size[1], page)
        if p.isActive():
            p.end()
    return path


def _settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _wait(app, done, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not done():
        if time.monotonic() > end:
            raise TimeoutError(f"gave up waiting for {what} after {timeout:.0f} s")
        app.processEvents()
        time.sleep(0.02)
