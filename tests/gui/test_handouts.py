"""Handouts: one page per slide with what it shows and says, no app chrome, PDF or PNGs."""

import re

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QMenuBar,
    QProgressBar,
    QStatusBar,
    QTabBar,
    QWidget,
)

from cnnviz.core import lessons
from cnnviz.gui.handouts import export_lesson, parse_size

CHROME = (QAbstractButton, QAbstractSlider, QMenuBar, QStatusBar, QProgressBar, QTabBar)


def _pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", path.read_bytes()))


def test_a_pdf_has_one_page_per_slide(tmp_path, qapp):
    out = tmp_path / "sub" / "lesson.pdf"
    files = export_lesson("04_pooling", out, size=(1280, 720))
    assert files == [out]
    assert out.read_bytes().startswith(b"%PDF")
    assert _pdf_pages(out) == len(lessons.load_lesson("04_pooling").slides)
    assert [p.name for p in tmp_path.rglob("*")] == ["sub", "lesson.pdf"]  # no temporary left


def test_pngs_come_at_the_size_asked(tmp_path, qapp):
    files = export_lesson("03_channels", tmp_path, size=(1024, 768), language="zh_CN")
    assert [f.name for f in files] == [
        f"slide_{i:02d}.png" for i in range(1, len(lessons.load_lesson("03_channels").slides) + 1)
    ]
    for f in files:
        image = QImage(str(f))
        assert (image.width(), image.height()) == (1024, 768)
        assert image.pixelColor(2, 2).name() == "#ffffff"  # paper, not a menu bar


def test_what_a_handout_shows_of_each_view_has_no_controls(window, qtbot):
    for name in ("architecture", "lab", "training", "compare"):
        qtbot.waitUntil(lambda n=name: window.show_view(n) is not None, timeout=60_000)
        part = window.slide_view(name).handout_widget()
        assert not isinstance(part, CHROME), name
        inside = [
            w for w in part.findChildren(QWidget) if isinstance(w, CHROME) and w.isVisibleTo(part)
        ]
        assert not inside, (name, [type(w).__name__ for w in inside])
    window.lab.set_mode("learn")
    assert window.lab.handout_widget() is window.lab.learn


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("big", "WIDTHxHEIGHT"), ("1280x", "WIDTHxHEIGHT"), ("10x10", "from 320x240")],
)
def test_a_bad_size_is_one_sentence(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_size(text)


def test_sizes_people_type():
    assert parse_size("1280x720") == (1280, 720)
    assert parse_size("1920×1080") == (1920, 1080)
