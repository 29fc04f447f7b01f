"""FittingLabel: a one-line label that shows the longest of its texts that fits its width.

The status bar's "LeNet-5 · input 1×28×28 · 61.7K parameters · 417K MACs" does not fit a
720 px-wide screen at text scale 3 in Chinese; rather than be cut mid-word (or push the
window wider than the screen) it drops its last parts, and the tool tip keeps the whole.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = ["FittingLabel"]


class FittingLabel(QLabel):
    """Shows the first of :meth:`set_texts`'s texts (longest first) that fits; the tool tip
    holds the first, whole."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._texts: list[str] = []
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_texts(self, texts: list[str]) -> None:
        self._texts = [t for t in texts if t] or [""]
        self.setToolTip(self._texts[0] if len(self._texts) > 1 else "")
        self._fit()

    def set_parts(self, text: str, separator: str = " · ") -> None:
        """``text``, then ``text`` without its last part, … down to its first part."""
        parts = text.split(separator)
        self.set_texts([separator.join(parts[:n]) for n in range(len(parts), 0, -1)])

    def full_text(self) -> str:
        return self._texts[0] if self._texts else ""

    def _fit(self) -> None:
        if not self._texts:
            return
        room = self.contentsRect().width() - 2 * self.margin() - 4
        fm = self.fontMetrics()
        shown = next((t for t in self._texts if fm.horizontalAdvance(t) <= room), self._texts[-1])
        if shown != self.text():
            self.setText(shown)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()
