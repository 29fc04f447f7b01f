"""The convolution lab: step through convolution, pooling and their gradients, learn a kernel,
and look at a network's feature maps."""

from cnnviz.gui.lab.view import ConvolutionLab

__all__ = ["ConvolutionLab"]
