"""The main window's look: text scale, theme, presentation mode and full screen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from cnnviz.gui import appearance, i18n

__all__ = ["WindowLook"]

#: presentation mode: at least this text scale, and this theme
PRESENTATION_SCALE = 1.6
PRESENTATION_THEME = "contrast"
#: the picker's default width in pixels at font scale 1 (it grows with the scale)
PICKER_WIDTH = 340


class WindowLook:
    """Text scale, theme, presentation and full screen; mixed into the main window."""

    @property
    def font_scale(self) -> float:
        return self._font_scale

    @property
    def theme_choice(self) -> str:
        return self._theme_choice

    @property
    def is_presenting(self) -> bool:
        return self._presenting

    def _apply_look(self) -> None:
        theme = appearance.resolve_theme(self._theme_choice)
        appearance.apply_theme(theme)
        appearance.apply_font(self._font_scale, chinese=i18n.is_chinese())
        for view in (self.view, self.lab, self.training, self.compare):
            if view is not None:
                view.set_style(theme, self._font_scale)
                self._lay_out_view(view)
        self.theme_actions[self._theme_choice].setChecked(True)
        self.language_actions[i18n.current_language()].setChecked(True)
        lo = PRESENTATION_SCALE if self._presenting else appearance.FONT_SCALES[0]
        self.actions["smaller_text"].setEnabled(self._font_scale > lo + 1e-6)
        self.actions["larger_text"].setEnabled(self._font_scale < appearance.FONT_SCALES[-1] - 1e-6)

    def _lay_out_view(self, view: object) -> None:
        """Presented (presentation mode, a lesson), a view folds its side panels into drawers
        so the taught thing gets the space (:meth:`SlideView.set_presenting`)."""
        view.set_presenting(self._presenting)

    def set_font_scale(self, scale: float) -> None:
        """Scale every text of the app (1.0–3.0; at least 1.6 in presentation mode)."""
        lo = PRESENTATION_SCALE if self._presenting else 1.0
        old = self._font_scale
        self._font_scale = round(min(max(float(scale), lo), 3.0), 3)
        self._apply_look()
        self._scale_dock(old)

    def _scale_dock(self, old_scale: float) -> None:
        """Widen or narrow the picker with the text, so its titles keep fitting."""
        if old_scale != self._font_scale:
            # its width at scale 1; never below the default, in case it was squeezed before
            base = max(self.picker_dock.width() / old_scale, PICKER_WIDTH)
            width = round(base * self._font_scale)
            self.resizeDocks([self.picker_dock], [width], Qt.Orientation.Horizontal)

    def larger_text(self) -> None:
        bigger = [s for s in appearance.FONT_SCALES if s > self._font_scale + 1e-6]
        self.set_font_scale(bigger[0] if bigger else appearance.FONT_SCALES[-1])

    def smaller_text(self) -> None:
        smaller = [s for s in appearance.FONT_SCALES if s < self._font_scale - 1e-6]
        self.set_font_scale(smaller[-1] if smaller else appearance.FONT_SCALES[0])

    def set_theme_choice(self, choice: str) -> None:
        """``"system"``, ``"light"``, ``"dark"`` or ``"contrast"``."""
        if choice not in appearance.THEME_CHOICES:
            raise ValueError(f"unknown theme {choice!r}")
        self._theme_choice = choice
        self._apply_look()

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: high-contrast theme, thick lines, text at least 1.6× larger."""
        on = bool(on)
        if on == self._presenting:
            return
        old = self._font_scale
        if on:
            self._before_presentation = (self._theme_choice, self._font_scale)
            self._presenting = True
            self._theme_choice = PRESENTATION_THEME
            self._font_scale = max(self._font_scale, PRESENTATION_SCALE)
        else:
            self._presenting = False
            self._theme_choice, self._font_scale = self._before_presentation
        self.actions["presentation"].setChecked(on)
        self._apply_look()
        self._update_presentation_text()
        self._scale_dock(old)

    def set_full_screen(self, on: bool) -> None:
        if on and not self.isFullScreen():
            self._was_maximized = self.isMaximized()
            self.showFullScreen()
        elif not on and self.isFullScreen():
            if self._was_maximized:
                self.showMaximized()
            else:
                self.showNormal()
        self.actions["full_screen"].setChecked(on)

    def _on_color_scheme_changed(self, *_: object) -> None:
        if self._theme_choice == "system":
            self._apply_look()
