"""Convolution and pooling, one output number at a time, forward and backward.

:func:`conv2d_trace` and :func:`pool2d_trace` compute the whole output at once (vectorised, in
float64) and then explain it number by number: ``trace.steps[k]`` says which window of the padded
input produced output element ``k``, what was multiplied with what (or which cell won the max),
and how the result came together.  ``trace.backward(grad_output)`` does the same for
back-propagation: where each output element sends its gradient, and the input gradient as it
fills in, step by step.

Steps are built on demand, so a 64x64 input with 4 output channels costs nothing until a step is
looked at.  Output elements are ordered channel by channel, row-major within a channel: step ``k``
is output element ``(c, i, j)`` with ``k = (c * OH + i) * OW + j``.

Coordinates ``rows``/``cols`` refer to the *padded* input (``trace.padded_input``); subtract the
padding to get input coordinates (negative or past the edge for padding cells).

>>> t = conv2d_trace([[[0, 1, 2], [3, 4, 5], [6, 7, 8]]], [[[[0, 1], [2, 3]]]])
>>> t.output.tolist()
[[[19.0, 25.0], [37.0, 43.0]]]
>>> t.steps[0].expression()
'0×0 + 1×1 + 3×2 + 4×3 = 19'

Where things are: :mod:`~cnnviz.core.stepper.build` (:func:`conv2d_trace`,
:func:`pool2d_trace`), :mod:`~cnnviz.core.stepper.traces` (:class:`ConvTrace`,
:class:`PoolTrace`), :mod:`~cnnviz.core.stepper.backward` (:class:`BackwardTrace`),
:mod:`~cnnviz.core.stepper.steps` (one step of each kind) and :mod:`~cnnviz.core.stepper.checks`
(argument checks that raise :class:`~cnnviz.core.errors.FieldError` naming the field).

This package belongs to ``cnnviz.core`` and must not import any GUI library.
"""

from cnnviz.core.stepper.backward import BackwardTrace
from cnnviz.core.stepper.build import conv2d_trace, pool2d_trace
from cnnviz.core.stepper.steps import (
    ConvBackwardStep,
    ConvStep,
    GradContribution,
    PoolBackwardStep,
    PoolStep,
    StepSequence,
)
from cnnviz.core.stepper.traces import ConvTrace, PoolTrace

__all__ = [
    "BackwardTrace",
    "ConvBackwardStep",
    "ConvStep",
    "ConvTrace",
    "GradContribution",
    "PoolBackwardStep",
    "PoolStep",
    "PoolTrace",
    "StepSequence",
    "conv2d_trace",
    "pool2d_trace",
]
