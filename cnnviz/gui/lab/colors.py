"""Colour maps shared by the lab's grids, colour bars and feature maps (numpy, no widgets)."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtGui import QColor, QImage

from cnnviz.gui.theme import Theme

__all__ = [
    "CMAPS",
    "accent",
    "format_value",
    "levels_for",
    "lut",
    "to_qimage",
    "to_rgba",
]

#: colour-map stops (position, (r, g, b)); "diverging" is ColorBrewer's RdBu reversed
CMAPS: dict[str, tuple[tuple[float, tuple[int, int, int]], ...]] = {
    "gray": ((0.0, (0, 0, 0)), (1.0, (255, 255, 255))),
    "diverging": (
        (0.0, (33, 102, 172)),
        (0.25, (103, 169, 207)),
        (0.5, (247, 247, 247)),
        (0.75, (239, 138, 98)),
        (1.0, (178, 24, 43)),
    ),
    "viridis": (
        (0.0, (68, 1, 84)),
        (0.25, (59, 82, 139)),
        (0.5, (33, 145, 140)),
        (0.75, (94, 201, 98)),
        (1.0, (253, 231, 37)),
    ),
}

_LUTS: dict[str, np.ndarray] = {}


def lut(name: str) -> np.ndarray:
    """(256, 4) uint8 RGBA lookup table of colour map ``name``."""
    table = _LUTS.get(name)
    if table is None:
        stops = CMAPS[name]
        pos = np.array([s[0] for s in stops])
        rgb = np.array([s[1] for s in stops], dtype=np.float64)
        x = np.linspace(0.0, 1.0, 256)
        table = np.empty((256, 4), dtype=np.uint8)
        for c in range(3):
            table[:, c] = np.round(np.interp(x, pos, rgb[:, c]))
        table[:, 3] = 255
        _LUTS[name] = table
    return table


def levels_for(values: np.ndarray) -> tuple[float, float, str]:
    """Colour range and map for ``values``: grey from min to max, or a diverging map
    symmetric around 0 when there are negative values."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return (0.0, 1.0, "gray")
    lo, hi = float(finite.min()), float(finite.max())
    if lo < 0:
        m = max(abs(lo), abs(hi)) or 1.0
        return (-m, m, "diverging")
    if hi - lo < 1e-12:
        return (lo - 0.5, hi + 0.5, "gray") if lo != 0 else (0.0, 1.0, "gray")
    return (lo, hi, "gray")


def indices(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """LUT indices 0–255 for ``values`` (NaN → 0)."""
    span = hi - lo if hi > lo else 1.0
    scaled = np.nan_to_num((values - lo) / span, nan=0.0, posinf=1.0, neginf=0.0)
    return np.clip(np.round(scaled * 255), 0, 255).astype(np.intp)


def to_rgba(
    values: np.ndarray,
    lo: float,
    hi: float,
    cmap: str,
    pad: np.ndarray | None = None,
    pad_colour: QColor | None = None,
) -> np.ndarray:
    """(H, W, 4) uint8 colours of ``values``; NaN cells transparent, ``pad`` cells in
    ``pad_colour``."""
    rgba = lut(cmap)[indices(values, lo, hi)]
    rgba[np.isnan(values)] = 0
    if pad is not None and pad_colour is not None and pad.any():
        rgba[pad] = (pad_colour.red(), pad_colour.green(), pad_colour.blue(), 255)
    return np.ascontiguousarray(rgba)


def to_qimage(rgba: np.ndarray) -> QImage:
    """A QImage owning a copy of ``rgba`` (H, W, 4) uint8."""
    h, w = rgba.shape[:2]
    image = QImage(rgba.tobytes(), w, h, 4 * w, QImage.Format.Format_RGBA8888)
    return image.copy()


def text_on(rgba: tuple[int, int, int, int] | np.ndarray) -> QColor:
    """Black or white, whichever reads better on the colour ``rgba``."""
    r, g, b = (float(v) for v in rgba[:3])
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#000000") if luminance > 140 else QColor("#ffffff")


def format_value(v: float, digits: int = 3) -> str:
    """A number for a cell: ``19``, ``0.25``, ``−1.5``, ``−∞``; NaN is empty."""
    if math.isnan(v):
        return ""
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v == int(v) and abs(v) < 10**digits:
        text = str(int(v))
    else:
        text = f"{v:.{digits}g}"
        if "e" not in text and "." in text:
            text = text.rstrip("0").rstrip(".")
    if text in ("-0", "0"):
        return "0"
    return text.replace("-", "−")


_ACCENTS = {
    # (window / current cell, winner, padding fill, padding hatch, done-cell marker)
    "light": ("#d62828", "#0072b2", "#cfd3da", "#7a8699"),
    "dark": ("#ffb703", "#56b4e9", "#3a404c", "#9aa3b2"),
    "contrast": ("#ffff00", "#00e5ff", "#2a2a2a", "#c8c8c8"),
}


def accent(theme: Theme, role: str) -> QColor:
    """A lab colour for ``role``: "window", "winner", "pad" or "hatch"."""
    colours = _ACCENTS.get(theme.name, _ACCENTS["dark" if theme.dark else "light"])
    index = {"window": 0, "winner": 1, "pad": 2, "hatch": 3}[role]
    return QColor(colours[index])
