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
    lab = lab_view.ConvolutionLab()
    lab.resize(1400, 900)
    lab.show()
    app.processEvents()
    for lesson_name in lessons.list_lessons():
        lesson = lessons.load_lesson(lesson_name)
        for i, slide in enumerate(lesson.slides, 1):
            if slide.view != "lab":
                continue
            before = lab.rebuild_count
            lab.apply_state(slide.state)
            counts.append(lab.rebuild_count - before)
            print(f"{lesson_name} slide {i}: {counts[-1]} traces")
    lab.stop_jobs()
    print(f"{len(counts)} lab slides: {sum(counts)} traces, at most {max(counts)} per slide")
    return 0


if __name__ == "__main__":
    sys.exit(main())
