"""Back-propagation through a trace, step by step: :class:`BackwardTrace`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import Tensor

from cnnviz.core.stepper.checks import _check_step
from cnnviz.core.stepper.steps import StepSequence

if TYPE_CHECKING:
    from cnnviz.core.stepper.traces import ConvTrace, PoolTrace


@dataclass(eq=False, repr=False)
class BackwardTrace:
    """Back-propagation through a :class:`ConvTrace` or :class:`PoolTrace`, step by step.

    Attributes
    ----------
    forward : ConvTrace or PoolTrace
    grad_output : Tensor, shape of ``forward.output``
    padded_input_grad : Tensor, shape of ``forward.padded_input``
        What every cell of the padded input receives, padding cells included.
    input_grad : Tensor, shape (C, H, W)
        The gradient with respect to the input (padding dropped), as autograd gives it.
    kernel_grad : Tensor, shape (C_out, C_in, kh, kw), or None for pooling
    bias_grad : Tensor, shape (C_out,), or None for pooling
        ``grad_output`` summed per channel (given even when the convolution has no bias).
    steps : StepSequence of ConvBackwardStep or PoolBackwardStep
        In the forward order; ``steps[k].contributions`` lists where output element ``k``'s
        gradient goes.
    """

    forward: ConvTrace | PoolTrace
    grad_output: Tensor
    padded_input_grad: Tensor
    input_grad: Tensor
    kernel_grad: Tensor | None
    bias_grad: Tensor | None

    def __repr__(self) -> str:
        kind = type(self.forward).__name__
        return f"BackwardTrace({kind}, input_grad {tuple(self.input_grad.shape)})"

    @property
    def steps(self) -> StepSequence:
        """One backward step per output element, built on demand."""
        return StepSequence(
            self.forward.num_steps, lambda k: self.forward._backward_step(k, self.grad_output)
        )

    def _after(self, k: int) -> tuple[Tensor, Tensor | None, Tensor | None]:
        _check_step(k, self.forward.num_steps)
        done = torch.arange(self.grad_output.numel()).reshape(self.grad_output.shape) <= k
        return self.forward._gradients(torch.where(done, self.grad_output, 0.0))

    def padded_input_grad_after(self, k: int) -> Tensor:
        """What the padded input has received once steps ``0..k`` are done (``k = -1``: zeros).

        Raises
        ------
        ValueError
            If ``k`` is not in ``-1 .. len(steps) - 1``.
        """
        return self._after(k)[0]

    def input_grad_after(self, k: int) -> Tensor:
        """The input gradient (C, H, W) accumulated over steps ``0..k`` (``k = -1``: zeros)."""
        return self.forward._crop(self._after(k)[0])

    def kernel_grad_after(self, k: int) -> Tensor | None:
        """The kernel gradient accumulated over steps ``0..k``; None for pooling."""
        return self._after(k)[1]

    def bias_grad_after(self, k: int) -> Tensor | None:
        """The bias gradient accumulated over steps ``0..k``; None for pooling."""
        return self._after(k)[2]
