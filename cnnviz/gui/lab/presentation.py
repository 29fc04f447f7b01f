"""The lab's two layouts: settings beside the steps, or in a drawer over them.

Mixed into :class:`~cnnviz.gui.lab.view.ConvolutionLab`. At a desk the settings column sits
beside the stepper. When the lab is presented (a lesson, presentation mode) or is too narrow
for both (a large text scale on a small screen), the settings fold into a
:class:`~cnnviz.gui.drawer.Drawer` that the *Settings* button opens over the steps, so the
input, kernel and output get the whole width. The lab's minimum width is the stepper's alone:
it never pushes the window past the screen.
"""

from __future__ import annotations

from cnnviz.gui.drawer import FoldingHost, SidePanel

__all__ = ["LabLayoutMixin"]


class LabLayoutMixin(FoldingHost):
    """Docked or folded settings (mixed into the lab)."""

    def _build_folding(self) -> None:
        self.settings_side = SidePanel(self, self.splitter, self.settings_scroll,
                                       self.btn_settings, "left", max_share=0.45)  # fmt: skip
        self.drawer = self.settings_side.drawer
        # as wide as the settings ask (the scroll area's own hint is a fixed small size)
        bar = self.settings_scroll.verticalScrollBar()
        self.drawer.preferred_width = lambda: (
            self.settings.sizeHint().width() + bar.sizeHint().width() + 4
        )
        self.side_panels = (self.settings_side,)

    @property
    def is_compact(self) -> bool:
        """True while the settings are folded into the drawer (presented, or too narrow)."""
        return self.settings_side.folded

    def set_presenting(self, on: bool) -> None:
        """Presented: settings folded into a (closed) drawer, the steps fill the lab."""
        self.stepper.set_presenting(on)
        self.settings_side.set_presenting(on)
