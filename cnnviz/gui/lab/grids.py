"""What a :class:`~cnnviz.gui.lab.canvas.GridCanvas` draws: grids of numbers, the columns
they stand in, and the marks over their cells (the layout fills in the positions)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QImage

__all__ = ["Column", "Grid", "Mark", "arrange", "widest_word"]


@dataclass(eq=False)
class Grid:
    """One 2-D array of numbers drawn as cells."""

    key: str  # what it shows: "input", "kernel", "bias", "output", "grad_in", …
    channel: int
    label: str  # small caption above the grid ("" for none)
    values: np.ndarray  # (H, W) float64; NaN cells are empty (not computed yet)
    levels: tuple[float, float] = (0.0, 1.0)
    cmap: str = "gray"
    pad: tuple[int, int] = (0, 0)  # rows / columns of padding on each side (drawn hatched)
    measure: np.ndarray | None = None  # values whose widest number sets the font (default: values)
    mask: np.ndarray | None = None  # (H, W) bool: padding cells, when not the ``pad`` border
    short: str = ""  # the label when grids stand side by side ("0" for "channel 0")
    # set by the layout
    x: float = 0.0
    y: float = 0.0
    cell: float = 0.0
    font_px: float = 0.0
    show_numbers: bool = False
    label_rect: QRectF | None = None
    label_text: str = ""  # what is written in label_rect
    image: QImage | None = field(default=None, repr=False)
    pad_mask: np.ndarray | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return self.values.shape[0]

    @property
    def cols(self) -> int:
        return self.values.shape[1]

    def rect(self) -> QRectF:
        return QRectF(self.x, self.y, self.cols * self.cell, self.rows * self.cell)

    def cell_rect(self, i: int, j: int) -> QRectF:
        return QRectF(self.x + j * self.cell, self.y + i * self.cell, self.cell, self.cell)

    def block_rect(self, i0: int, j0: int, rows: int, cols: int) -> QRectF:
        return QRectF(
            self.x + j0 * self.cell, self.y + i0 * self.cell, cols * self.cell, rows * self.cell
        )


@dataclass(eq=False)
class Column:
    """Grids stacked top to bottom under one title."""

    title: str
    grids: list[Grid]
    small: bool = False  # kernel-like: gets its own, usually larger, cell size
    op: str = ""  # symbol drawn in the gap before the column: "⋆", "=", "→"
    lens: bool = False  # a magnified crop of another column: small, and may take most of the width
    # set by the layout
    x: float = 0.0
    width: float = 0.0
    across: bool = False  # the grids side by side (when that gives bigger cells than stacked)


@dataclass(frozen=True)
class Mark:
    """Something drawn over cells of one grid.

    ``style``: "window" (thick outline), "current" (outline and tint), "winner" (ring),
    "won" (small dot: an earlier winner), "receive" (outline in the second accent colour,
    with an optional label per cell), "chosen" (dashed outline) or "lens" (a thin frame
    around the part of a grid a lens column magnifies).
    """

    key: str
    channel: int
    style: str
    cells: tuple[tuple[int, int], ...] = ()
    block: tuple[int, int, int, int] | None = None  # (i0, j0, rows, cols): one outline
    labels: tuple[str, ...] = ()  # one per cell, small text at the top of the cell


def widest_word(fm: QFontMetricsF, text: str) -> float:
    """What a wrapped title needs at least: its longest word (a word is never cut; Chinese
    may break between any two characters, so each character counts as a word)."""
    words = re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+", text)
    return max((fm.horizontalAdvance(w) for w in words), default=0.0) + 4


def arrange(columns: list[Column], score) -> None:
    """Stack each column's grids or set them side by side, whichever ``score`` rates best
    (bigger cells): three 48×48 channels stacked on a wide, low canvas get 1 px cells,
    side by side 2."""
    multi = [c for c in columns if len(c.grids) > 1][:4]
    for c in columns:
        c.across = False
    best, best_score = (), None
    for combo in itertools.product((False, True), repeat=len(multi)):
        for c, a in zip(multi, combo):
            c.across = a
        rating = (*score(), -sum(combo))  # ties: stacked, as the book draws channels
        if best_score is None or rating > best_score:
            best, best_score = combo, rating
    for c, a in zip(multi, best):
        c.across = a
