"""The lab's Backward settings: which operation to go back through and the upstream gradient.

Mixed into :class:`~cnnviz.gui.lab.view.ConvolutionLab`. The gradient's kind is a field of the
lab's :class:`~cnnviz.core.lab_state.LabState`; the cell of a "cell" gradient and the seed of a
random one are the lab's own.
"""

from __future__ import annotations

import torch
from PySide6.QtCore import QSignalBlocker

from cnnviz.core.stepper import ConvTrace, PoolTrace

__all__ = ["BackwardSettingsMixin"]


class BackwardSettingsMixin:
    """Backward mode's settings (mixed into the lab)."""

    def _on_back_through(self, _index: int) -> None:
        if self._updating or self._mode != "backward":
            return
        self._state = self._state.replace(through=self.back_through.currentData() or "conv")
        self._load_geometry()
        self._update_visibility()
        self._rebuild("through")

    def _on_grad_kind(self, _index: int) -> None:
        if self._take("grad", gradient=self.grad_kind.currentData() or "ones"):
            self._update_visibility()
            self._rebuild("grad")

    def _on_grad_cell(self, _value: int) -> None:
        if self._updating:
            return
        self._grad_cell = tuple(s.value() for s in self.grad_cell)
        self._rebuild("grad")

    def _new_random_grad(self) -> None:
        self._grad_seed += 1
        self._rebuild("grad")

    def _upstream(self, trace: ConvTrace | PoolTrace) -> torch.Tensor | None:
        kind = self._state.gradient
        shape = trace.output_shape
        self._grad_cell = tuple(min(v, n - 1) for v, n in zip(self._grad_cell, shape))
        for spin, n, v in zip(self.grad_cell, shape, self._grad_cell):
            with QSignalBlocker(spin):
                spin.setMaximum(n - 1)
                spin.setValue(v)
        if kind == "random":
            g = torch.Generator().manual_seed(self._grad_seed)
            return torch.randint(-2, 3, shape, generator=g).to(torch.float64)
        if kind == "cell":
            G = torch.zeros(shape, dtype=torch.float64)
            G[self._grad_cell] = 1.0
            return G
        return None

    def _on_cell_clicked(self, key: str, channel: int, i: int, j: int) -> None:
        t = self.trace
        if t is None:
            return
        if key == "grad_out":
            self._grad_cell = (channel, i, j)
            for spin, v in zip(self.grad_cell, self._grad_cell):
                with QSignalBlocker(spin):
                    spin.setValue(v)
            if self._state.gradient != "cell":
                self._state = self._state.replace(gradient="cell")
                self._show_state()
                self._update_visibility()
            self._rebuild("grad")
        elif key == "output":
            self.stepper.set_step(t.step_index(channel, i, j))
