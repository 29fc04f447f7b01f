"""The architecture view: a network's layer graph with shapes, and its shape table."""

from cnnviz.gui.architecture.view import ArchitectureView

__all__ = ["ArchitectureView"]
