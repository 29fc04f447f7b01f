"""The lens of the stepper: the window of a large input, magnified beside the kernel.

A 28×28 image (or three stacked channels) is drawn too small for its numbers; the lens column
shows the block of the padded input around the current window (:meth:`~cnnviz.core.stepper.
ConvTrace.around`) with its numbers, follows the window step by step and is framed on the
input. :class:`LensMixin` is mixed into :class:`~cnnviz.gui.lab.stepper.StepperPanel`, whose
``trace``, ``backward``, ``k``, ``canvas`` and ``_start`` it uses.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from cnnviz.gui.lab.colors import levels_for
from cnnviz.gui.lab.grids import Column, Grid, Mark

__all__ = ["LENS_ABOVE", "LENS_DECIMALS", "LensMixin"]

#: a padded input taller or wider than this gets a lens: its window, magnified beside the kernel
#: with its numbers (a 28×28 image's cells are too small to read, even on a projector)
LENS_ABOVE = 12
LENS_DECIMALS = 2  # the lens rounds its numbers (the sum written out keeps them all)


class LensMixin:
    """Builds, moves and marks the lens of a stepper."""

    _lens: tuple[int, int, int, int] | None

    def _lens_at(self, k: int) -> tuple[int, int, int, int] | None:
        """The block of the padded input the lens magnifies at step ``k`` (None: no lens)."""
        t = self.trace
        if t is None or self.backward is not None or max(t.padded_shape[1:]) <= LENS_ABOVE:
            return None
        return t.around(max(k, 0), margin=self._lens_margin())

    #: a stage lower than this (a 4:3 projector) magnifies just the window, no cell around it
    LENS_CONTEXT_FROM = 340

    def _lens_margin(self) -> int:
        """A small window on one channel on a roomy stage gets a cell of context around it; a
        larger window, several channels or a low stage just the window, so the crops stay
        large enough for their numbers."""
        t = self.trace
        one = t is not None and t.input_shape[0] == 1
        roomy = self.canvas.height() >= self.LENS_CONTEXT_FROM
        return 1 if one and roomy and max(t.kernel_size) <= 3 else 0

    def _refit_lens(self) -> None:
        """After a resize: a lens whose context no longer fits (or now fits) is built again."""
        lens = self._lens_at(self.k)
        if self._lens is not None and lens is not None and lens[2:] != self._lens[2:]:
            self._start(keep_step=True)

    def _lens_crop(self, c: int) -> tuple[np.ndarray, np.ndarray]:
        """Channel ``c``'s values under the lens (rounded) and which of them are padding."""
        t = self.trace
        assert t is not None and self._lens is not None
        i0, j0, rows, cols = self._lens
        (ph, pw), (_, H, W) = t.padding, t.input_shape
        pad = np.ones(t.padded_shape[1:], dtype=bool)
        pad[ph : ph + H, pw : pw + W] = False
        block = (slice(i0, i0 + rows), slice(j0, j0 + cols))
        return np.round(t.padded_input.numpy()[c][block], LENS_DECIMALS), pad[block]

    def _lens_column(self) -> Column:
        t = self.trace
        assert t is not None
        lo, hi, cmap = levels_for(t.input.numpy())
        C = t.input_shape[0]
        grids = []
        for c in range(C):
            values, mask = self._lens_crop(c)
            label = (
                QCoreApplication.translate("StepperPanel", "channel {c}").format(c=c)
                if C > 1
                else ""
            )
            # two decimals (0.58, not 0.584) keep the magnified numbers large; the sum written
            # out has them all. The font fits every number of the input, so it stays put as
            # the lens moves.
            grids.append(
                Grid(
                    "lens",
                    c,
                    label,
                    values,
                    (lo, hi),
                    cmap,
                    measure=np.round(t.padded_input.numpy()[c], LENS_DECIMALS),
                    mask=mask,
                    short=f"{c}",
                )
            )
        # the stepper's texts (the catalogue files them under StepperPanel, whoever draws them)
        title = QCoreApplication.translate("StepperPanel", "The window, magnified")
        return Column(title, grids, small=True, op="→", lens=True)

    def _lens_marks(self, marks: list[Mark]) -> list[Mark]:
        """The input's marks again on the lens, moved into its block, and the lens's frame."""
        if self._lens is None:
            return []
        i0, j0, rows, cols = self._lens
        out = [Mark("input", c, "lens", block=self._lens) for c in range(self.trace.input_shape[0])]
        for m in marks:
            if m.key != "input":
                continue
            cells = tuple(
                (r - i0, q - j0) for r, q in m.cells if 0 <= r - i0 < rows and 0 <= q - j0 < cols
            )
            block = None
            if m.block is not None:
                r, q, h, w = m.block
                block = (r - i0, q - j0, h, w)
            if cells or block is not None:
                out.append(Mark("lens", m.channel, m.style, cells, block, m.labels))
        return out

    def _move_lens(self, k: int) -> None:
        """Follow step ``k``'s window with the lens (repaints the lens only when it moves)."""
        lens = self._lens_at(k)
        if lens is None or lens == self._lens:
            return
        if self._lens is None or lens[2:] != self._lens[2:]:  # another size: lay out again
            self._start(keep_step=True)
            return
        self._lens = lens
        for c in range(self.trace.input_shape[0]):
            values, mask = self._lens_crop(c)
            self.canvas.set_values("lens", c, values, mask=mask)
