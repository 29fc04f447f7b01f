"""Handouts: one page per slide with what it shows and says, no app chrome, PDF or PNGs."""

import re

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QComboBox,
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
    window.lab.set_mode("features")  # the maps, their status and notes; not their controls
    part = window.lab.handout_widget()
    assert window.lab.features.mosaic in part.findChildren(QWidget)
    controls = (QAbstractButton, QComboBox, QProgressBar)  # a scroll bar says there is more
    assert not [w for w in part.findChildren(QWidget) if isinstance(w, controls)]


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


@pytest.mark.slow
def test_the_command_exports_every_view_and_exits_cleanly(tmp_path):
    """Lesson 8 has the graph, the lab's feature maps and the training curves (a pyqtgraph
    view, whose own render() once refused the page); the process ends with status 0 — it had
    crashed half the time after the last page, tearing the window down at exit."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "cnnviz", "export", "--lesson", "08_batch_norm", "--size",
         "1024x768", "-o", str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    slides = lessons.load_lesson("08_batch_norm").slides
    assert done.stdout.strip() == f"wrote {len(slides)} slides to {tmp_path}"
    for i, slide in enumerate(slides):
        if slide.view == "training":  # the curves' page has the plot on it, not paper only
            image = QImage(str(tmp_path / f"slide_{i + 1:02d}.png"))
            colours = {image.pixelColor(x, y).name() for x in range(40, 600, 7)
                       for y in range(160, 700, 7)}  # fmt: skip
            assert len(colours) > 3, slide.title
