"""The words beside the stepper: which step is shown and its arithmetic written out.

:class:`StepText` turns a step of a :class:`~cnnviz.core.stepper.ConvTrace`,
:class:`~cnnviz.core.stepper.PoolTrace` or :class:`~cnnviz.core.stepper.BackwardTrace` into the
sentences :class:`~cnnviz.gui.lab.stepper.StepperPanel` shows under its canvas (translated).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from cnnviz.core.stepper import BackwardTrace, ConvTrace, PoolTrace
from cnnviz.gui.lab.colors import format_value

__all__ = ["MAX_TERMS", "StepText"]

MAX_TERMS = 36  # longer sums are summarised instead of written out


def _term(v: float) -> str:
    """A number inside a written-out sum: negatives in parentheses, 4 significant digits."""
    text = format_value(v, 4)
    return f"({text})" if v < 0 else text


class StepText(QObject):
    """Step positions and written-out sums, in the current language."""

    def position(self, trace: ConvTrace | PoolTrace | None, k: int) -> str:
        """Which step ``k`` of ``trace`` is: "Step 3 of 16: output [0, 0, 2]"."""
        if trace is None:
            return ""
        n = trace.num_steps
        if k < 0:
            return self.tr("Before the first step (0 of {n})").format(n=n)
        c, i, j = trace.out_index(k)
        where = f"[{c}, {i}, {j}]"
        text = self.tr("Step {k} of {n}: output {where}").format(k=k + 1, n=n, where=where)
        if k == n - 1:
            text += self.tr(" — done")
        return text

    def expression(
        self, trace: ConvTrace | PoolTrace | None, backward: BackwardTrace | None, k: int
    ) -> str:
        """The arithmetic of step ``k``, written out (or summarised when long); "" before the
        first step.  With ``backward``, where the step's gradient goes."""
        t = trace
        if t is None or k < 0:
            return ""
        if backward is not None:
            return self._backward(t, backward, k)
        step = t.steps[k]
        if isinstance(t, PoolTrace):
            n = step.window.numel()
            if n <= MAX_TERMS:
                return step.expression()
            what = self.tr("max") if t.mode == "max" else self.tr("mean")
            return self.tr("{what} of {n} window values = {v}").format(
                what=what, n=n, v=format_value(step.value, 4)
            )
        C_in, kh, kw = step.window.shape
        value = format_value(step.value, 4)
        if C_in * kh * kw > MAX_TERMS:
            text = self.tr("{n} products (window {kh}×{kw}, {c} channel(s)) add up to {v}").format(
                n=C_in * kh * kw, kh=kh, kw=kw, c=C_in, v=value
            )
            if step.bias != 0.0:
                text += self.tr(" (bias {b} included)").format(b=format_value(step.bias, 4))
            return text
        if C_in == 1:
            return step.expression()
        lines = []
        for ch in range(C_in):
            terms = " + ".join(
                f"{_term(x)}×{_term(w)}"
                for x, w in zip(
                    step.window[ch].flatten().tolist(), step.weights[ch].flatten().tolist()
                )
            )
            total = format_value(float(step.channel_sums[ch]), 4)
            lines.append(self.tr("channel {c}: {terms} = {s}").format(c=ch, terms=terms, s=total))
        sums = [_term(float(s)) for s in step.channel_sums.tolist()]
        if step.bias != 0.0:
            sums.append(_term(step.bias))
        lines.append(self.tr("sum: {terms} = {v}").format(terms=" + ".join(sums), v=value))
        return "\n".join(lines)

    def _backward(self, t: ConvTrace | PoolTrace, b: BackwardTrace, k: int) -> str:
        step = b.steps[k]
        c, i, j = step.out_index
        g = format_value(step.grad, 4)
        where = f"[{c}, {i}, {j}]"
        if isinstance(t, ConvTrace):
            text = self.tr(
                "∂L/∂Y{where} = {g} flows back through the kernel: each window cell "
                "receives {g} × its weight"
            ).format(where=where, g=g)
            grads = step.input_grad.flatten().tolist()
            weights = t.kernel[c].flatten().tolist()
            if len(grads) <= MAX_TERMS:
                parts = [
                    f"{_term(step.grad)}×{_term(w)} = {format_value(v, 4)}"
                    for w, v in zip(weights, grads)
                ]
                text += ":\n" + ", ".join(parts)
            return text
        kh, kw = t.kernel_size
        if step.winner is not None:
            r, q = step.winner
            value = format_value(float(t.padded_input[c, r, q]), 4)
            pos = f"[{c}, {r - t.padding[0]}, {q - t.padding[1]}]"
            return self.tr(
                "Max pooling: all of ∂L/∂Y{where} = {g} goes to the window's winner "
                "X{pos} = {x}; the other cells get 0"
            ).format(where=where, g=g, pos=pos, x=value)
        share = format_value(step.grad / (kh * kw), 4)
        return self.tr(
            "Average pooling: ∂L/∂Y{where} = {g} is shared by the {n} window cells: "
            "{g}/{n} = {s} each"
        ).format(where=where, g=g, n=kh * kw, s=share)
