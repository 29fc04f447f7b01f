"""Colour themes: light, dark and high contrast (for projectors), looked up by name.

Every view takes its colours from the current :class:`Theme`; layer kinds (see
:data:`cnnviz.core.graph.KINDS`) have one fill colour each, chosen to stay distinguishable
for the common colour-vision deficiencies (Okabe–Ito based) and readable with dark text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["THEMES", "Theme", "get_theme"]


@dataclass(frozen=True)
class Theme:
    name: str
    background: str  # canvas behind the graph
    surface: str  # panels, tables
    text: str  # text on background/surface
    muted: str  # secondary text (shapes on edges)
    edge: str  # arrows
    frame: str  # block frames (unfolded blocks)
    frame_fill: str
    selection: str  # selected node outline
    node_text: str  # text inside coloured boxes
    line_width: float  # pen width of boxes and arrows, in px at scale 1
    kind_fill: dict[str, str] = field(default_factory=dict)
    dark: bool = False


_KIND_LIGHT = {
    "input": "#d9d9d9",
    "conv": "#8ec9f0",  # sky blue
    "pool": "#9fe0c6",  # bluish green
    "norm": "#f6e27f",  # yellow
    "activation": "#f7b97d",  # orange
    "linear": "#e3a6cf",  # reddish purple
    "merge": "#f09a8a",  # vermillion, light
    "reshape": "#c8c3e8",  # lavender
    "dropout": "#e6e6e6",
    "other": "#eeeeee",
    "block": "#b7c4d1",  # a folded block
}

_KIND_CONTRAST = {
    "input": "#ffffff",
    "conv": "#56b4e9",
    "pool": "#00c896",
    "norm": "#f0e442",
    "activation": "#ff9f1c",
    "linear": "#e879c0",
    "merge": "#ff6f61",
    "reshape": "#b3a6ff",
    "dropout": "#cfcfcf",
    "other": "#e0e0e0",
    "block": "#9fb3c8",
}

THEMES: dict[str, Theme] = {
    "light": Theme(
        name="light",
        background="#fbfbfd",
        surface="#ffffff",
        text="#1d2330",
        muted="#4a5568",
        edge="#4a5568",
        frame="#7a8699",
        frame_fill="#eef2f7",
        selection="#d62828",
        node_text="#111111",
        line_width=1.4,
        kind_fill=_KIND_LIGHT,
    ),
    "dark": Theme(
        name="dark",
        background="#1b1f27",
        surface="#232833",
        text="#e8ecf2",
        muted="#b4bccb",
        edge="#aab3c2",
        frame="#8793a8",
        frame_fill="#262c38",
        selection="#ffb703",
        node_text="#111111",
        line_width=1.4,
        kind_fill=_KIND_LIGHT,
        dark=True,
    ),
    "contrast": Theme(
        name="contrast",
        background="#000000",
        surface="#000000",
        text="#ffffff",
        muted="#ffffff",
        edge="#ffffff",
        frame="#ffffff",
        frame_fill="#101010",
        selection="#ffff00",
        node_text="#000000",
        line_width=2.6,
        kind_fill=_KIND_CONTRAST,
        dark=True,
    ),
}


def get_theme(name: str) -> Theme:
    """The theme called ``name``; ``ValueError`` naming the valid ones otherwise."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; choose one of {', '.join(THEMES)}") from None
