"""OutputImage: a whole map (output channels side by side) as an image with a colour bar."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cnnviz.gui.appearance import base_font
from cnnviz.gui.lab.colors import CMAPS
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["OutputImage", "pg_colormap", "tile_channels"]


def pg_colormap(name: str) -> pg.ColorMap:
    """The lab colour map ``name`` as a pyqtgraph ColorMap."""
    stops = CMAPS[name]
    return pg.ColorMap([s[0] for s in stops], [s[1] for s in stops], name=name)


def tile_channels(maps: np.ndarray, gap: int = 1) -> np.ndarray:
    """Channels (C, H, W) side by side in one (H, C·W + (C−1)·gap) array, NaN in the gaps."""
    C, H, W = maps.shape
    out = np.full((H, C * W + (C - 1) * gap), np.nan)
    for c in range(C):
        out[:, c * (W + gap) : c * (W + gap) + W] = maps[c]
    return out


class OutputImage(QWidget):
    """A title, an image of the map and a colour bar (NaN cells stay empty)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.plot_widget = pg.GraphicsLayoutWidget(self)
        self.plot = self.plot_widget.addPlot()
        self.plot.hideAxis("left")
        self.plot.hideAxis("bottom")
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.invertY(True)
        self.plot.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.bar = pg.ColorBarItem(
            values=(0, 1),
            colorMap=pg_colormap("gray"),
            interactive=False,
            colorMapMenu=False,
            orientation="horizontal",
        )
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.levels: tuple[float, float] = (0.0, 1.0)
        self.cmap = "gray"
        self.data: np.ndarray | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.plot_widget, 1)
        self.set_style(get_theme("light"), 1.0)

    def set_map(self, maps: np.ndarray, levels: tuple[float, float], cmap: str) -> None:
        """Show ``maps`` (C, H, W) side by side with the colour range ``levels``."""
        maps = np.asarray(maps, dtype=np.float64)
        C, H, W = maps.shape
        # channels side by side, or one above the other when that fits the panel better
        tall = self.plot_widget.height() > self.plot_widget.width()
        vertical = C > 1 and (W > H * 1.5 or tall)
        data = tile_channels(maps.transpose(0, 2, 1)).T if vertical else tile_channels(maps)
        lo, hi = levels
        if hi <= lo:
            hi = lo + 1.0
        if cmap != self.cmap:
            self.cmap = cmap
            self.bar.setColorMap(pg_colormap(cmap))
        self.levels = (lo, hi)
        self.data = data
        self.image.setImage(data, autoLevels=False)
        self.bar.setLevels((lo, hi))
        self.plot.setRange(xRange=(0, data.shape[1]), yRange=(0, data.shape[0]), padding=0.02)

    def set_title(self, text: str) -> None:
        self.title.setText(text)

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.plot_widget.setBackground(theme.background)
        font = QFont(self.font())  # the app's families (Chinese fallbacks included)
        base = base_font().pointSizeF()  # the size before scaling: the ticks follow the scale
        font.setPointSizeF((base if base > 0 else 9.0) * 0.9 * font_scale)
        self.tick_font = font
        axis = self.bar.axis
        axis.setTextPen(pg.mkPen(theme.text))
        axis.setPen(pg.mkPen(theme.text))
        axis.setStyle(tickFont=font, tickTextOffset=int(4 * font_scale))
        axis.setHeight(None)  # fit the tick labels
