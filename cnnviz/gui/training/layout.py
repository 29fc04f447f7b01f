"""The training view's layout: the recipe beside the results or in a drawer, the runs list's
height, and what a handout shows.

Mixed into :class:`~cnnviz.gui.training.view.TrainingView`. At a desk the recipe and progress
sit beside the result tabs; presented (or too narrow) they fold into a drawer that *Recipe*
opens. Under the tabs the runs list asks room for three runs and keeps a height the user
dragged it to.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

from cnnviz.gui.drawer import FoldingHost

__all__ = ["TrainingLayoutMixin"]


class TrainingLayoutMixin(FoldingHost):
    """Docked or folded recipe, the runs list's share, the handout's part (mixed in)."""

    def _size_left(self) -> None:
        fm = QFontMetrics(self.font())
        width = fm.horizontalAdvance("M") * 26 + 40
        self.left_scroll.setMinimumWidth(width)
        self.recipe_side.docked_width = width
        if not self.recipe_side.folded:
            self.splitter.setSizes([width, max(self.width() - width, width * 2)])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._share_runs()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._share_runs()

    def _share_runs(self) -> None:
        """The runs list as tall as it asks (three runs), or as the user dragged it; the
        result tabs keep their minimum."""
        right = self.right_splitter
        total = sum(right.sizes())
        if total <= 0:
            return
        if self._runs_share.value is not None:
            want = round(total * self._runs_share.value)
        else:
            want = self.runs_box.sizeHint().height()
        want = min(want, total - self.tabs.minimumSizeHint().height())
        want = max(want, self.runs_scroll.minimumSizeHint().height())  # the list scrolls
        if right.sizes()[1] != want:
            right.setSizes([total - want, want])

    def handout_widget(self) -> QWidget:
        """The result tab shown: the curves (the plot, not its Smooth switch), the confusion
        matrix, …"""
        page = self.tabs.currentWidget()
        return self.curves.plot if page is self.curves else page

    def set_presenting(self, on: bool) -> None:
        """Presented: the results take the view; the recipe folds into a drawer."""
        self.recipe_side.set_presenting(on)
