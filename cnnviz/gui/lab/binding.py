"""The lab's widgets bound to its :class:`~cnnviz.core.lab_state.LabState`.

Mixed into :class:`~cnnviz.gui.lab.view.ConvolutionLab`. Every control edits the state through
one path: :meth:`~StateBindingMixin._take` puts a change into the state (a value the core
refuses is shown beside its control and the widgets go back), :meth:`~StateBindingMixin._edit`
takes it and traces again.  :meth:`~StateBindingMixin._show_state` sets the widgets from the
state without calling back; each operation's committed geometry is kept here too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QComboBox

from cnnviz.core.errors import FieldError
from cnnviz.core.lab_state import LAB_MODES
from cnnviz.gui.core_text import user_text

__all__ = ["StateBindingMixin"]

# where the core's FieldError of each state field is shown (the key of ``errors``)
_ERROR_FOR_FIELD = {"input": "input", "in_channels": "input", "kernel": "kernel_group",
                    "out_channels": "kernel_group", "bias": "kernel_group",
                    "kernel_size": "kernel", "padding": "padding", "stride": "stride",
                    "dilation": "dilation"}  # fmt: skip


class StateBindingMixin:
    """Widgets to state and back (mixed into the lab)."""

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """The lab's one echo guard: widgets set inside it do not call back into the lab."""
        self._updating = True
        try:
            yield
        finally:  # not restored but cleared, as an inner block ends: what follows it rebuilds
            self._updating = False

    def _take(self, cause: str, **changes: Any) -> bool:
        """Put ``changes`` into the state; a value it refuses is shown beside control ``cause``,
        the widgets go back to the state and nothing changes (returns False)."""
        if self._updating:
            return False
        try:
            self._state = self._state.replace(**changes)
        except FieldError as exc:
            self._show_state()
            self._show_error(exc, cause)
            return False
        return True

    def _edit(self, cause: str, **changes: Any) -> bool:
        """A control edited the state: take ``changes`` and trace again."""
        if not self._take(cause, **changes):
            return False
        if self.op is None:
            self._emit_state()
            return True
        return self._rebuild(cause)

    def _show_state(self) -> None:
        """Set the widgets from the state (they call nothing back)."""
        s = self._state
        with self._quiet():
            for spin, value in (
                (self.in_channels, s.in_channels),
                (self.out_channels, s.out_channels),
            ):
                with QSignalBlocker(spin):
                    spin.setValue(value)
            if s.kernel_size is not None:
                self.kernel_size.set_value(s.kernel_size)
            for key in ("padding", "stride", "dilation"):
                getattr(self, key).set_value(getattr(s, key))
            self._set_combo(self.pool_mode, s.pool)
            self._set_combo(self.grad_kind, s.gradient)
            self._set_combo(self.back_through, s.through)
            with QSignalBlocker(self.use_bias):
                self.use_bias.setChecked(s.bias is not None)
            with QSignalBlocker(self.tabs):
                self.tabs.setCurrentIndex(LAB_MODES.index(s.mode))

    def _load_geometry(self) -> None:
        """The state takes the committed geometry of the operation shown; the spin boxes follow."""
        op = self.op
        if op == "pool":
            g = self._pool_geometry
            changes = {"kernel_size": g["kernel"], "stride": g["stride"], "padding": g["padding"]}
        elif op == "conv":
            changes = {"kernel_size": self._bank.shape[2:], **self._conv_geometry}
        else:
            changes = {}
        for err in self.errors.values():
            err.show_error("")
        try:
            self._state = self._state.replace(**changes)
        except FieldError as exc:  # a network layer's geometry beyond the lab's limits
            self._show_error(exc, None)
        self._show_state()

    def _commit_geometry(self, op: str, g: Any) -> None:
        """Remember the geometry of ``g`` (a trace, or a layer case) as ``op``'s: what its spin
        boxes show when the operation is shown again."""

        def pair(v: Any) -> tuple[int, int]:
            return (int(v[0]), int(v[1]))

        if op == "conv":
            self._conv_geometry = {
                "stride": pair(g.stride),
                "padding": pair(g.padding),
                "dilation": pair(g.dilation),
            }
        else:
            self._pool_geometry = {
                "kernel": pair(g.kernel_size),
                "stride": pair(g.stride),
                "padding": pair(g.padding),
            }

    def _show_error(self, exc: ValueError, cause: str | None) -> None:
        """Show the core's sentence beside the control its field names.

        A problem several fields could fix (a kernel larger than the padded input) goes
        beside the control just changed when that is one of them.
        """
        key = "general"
        if isinstance(exc, FieldError):
            key = _ERROR_FOR_FIELD.get(exc.field, "general")
            related = {_ERROR_FOR_FIELD.get(f) for f in exc.related}
            if cause in related and cause != key:
                key = cause
        elif cause in self.errors:
            key = cause
        if key == "dilation" and self.op != "conv":
            key = "general"
        for name, err in self.errors.items():
            err.show_error(user_text(exc) if name == key else "")

    def error_text(self, key: str) -> str:
        """The error shown next to control ``key`` ("padding", "stride", "kernel", …), or ""."""
        err = self.errors[key]
        return err.message() if not err.isHidden() else ""

    def _set_combo(self, combo: QComboBox, data: str, emit: bool = False) -> None:
        index = combo.findData(data)
        if index < 0:
            return
        if emit:
            combo.setCurrentIndex(index)
            return
        with QSignalBlocker(combo):
            combo.setCurrentIndex(index)
