"""How many times the lab traces its operation when a lesson slide is applied.

Run: QT_QPA_PLATFORM=offscreen python scripts/count_lab_rebuilds.py
Prints one line per lab slide (lesson, slide number, traces) and the totals.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

import cnnviz.gui.lab.view as lab_view
from cnnviz.core import lessons


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    counts: list[int] = []
    calls = [0]
    for name in ("conv2d_trace", "pool2d_trace"):
        real = getattr(lab_view, name)

        def counted(*a, _real=real, **kw):
            calls[0] += 1
            return _real(*a, **kw)

        setattr(lab_view, name, counted)
    lab = lab_view.ConvolutionLab()
    lab.resize(1400, 900)
    lab.show()
    app.processEvents()
    for lesson_name in lessons.list_lessons():
        lesson = lessons.load_lesson(lesson_name)
        for i, slide in enumerate(lesson.slides, 1):
            if slide.view != "lab":
                continue
            calls[0] = 0
            lab.apply_state(slide.state)
            counts.append(calls[0])
            print(f"{lesson_name} slide {i}: {calls[0]} traces")
    lab.stop_jobs()
    print(f"{len(counts)} lab slides: {sum(counts)} traces, at most {max(counts)} per slide")
    return 0


if __name__ == "__main__":
    sys.exit(main())
