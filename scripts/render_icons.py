"""Render resources/icons/cnnviz.svg to the PNG sizes desktops ask for (run after editing it).

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_icons.py
"""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 (QSvgRenderer needs one)
    renderer = QSvgRenderer(str(ICONS / "cnnviz.svg"))
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        p = QPainter(image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(p)
        p.end()
        image.save(str(ICONS / f"cnnviz-{size}.png"))


if __name__ == "__main__":
    main()
