"""cnnviz: see convolutional networks work.

The package is split in two: :mod:`cnnviz.core` computes (models, shapes, stepping, data,
training) and never imports Qt; :mod:`cnnviz.gui` shows and controls it.
"""

from __future__ import annotations

from importlib import resources as _resources
from pathlib import Path

__version__ = "0.1.0"
__all__ = ["__version__", "resource_path"]


def resource_path(*parts: str) -> Path:
    """Path of a file shipped in ``resources/`` (works from a checkout and a wheel)."""
    root = _resources.files("cnnviz.resources")
    return Path(str(root.joinpath(*parts)))
