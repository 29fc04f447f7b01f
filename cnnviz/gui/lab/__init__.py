"""The convolution lab: step through convolution, pooling and their gradients, learn a kernel,
and look at a network's feature maps."""

from cnnviz.gui.lab._none_guard import keep_none_alive

keep_none_alive()  # PySide6 6.12 on Python 3.11 would abort after a few thousand paints

from cnnviz.gui.lab.view import ConvolutionLab  # noqa: E402

__all__ = ["ConvolutionLab"]
