"""The whole app's look: Fusion style, a palette built from a :class:`Theme`, and a font scale.

Widgets never set their own fonts or colours; they follow the application's, so changing the
scale or the theme here changes every widget at once.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

from cnnviz.gui.theme import Theme, get_theme

__all__ = [
    "CJK_FAMILIES",
    "FONT_SCALES",
    "THEME_CHOICES",
    "apply_font",
    "apply_theme",
    "base_font",
    "palette_for",
    "resolve_theme",
    "system_is_dark",
]

#: the font scales the "Larger/Smaller text" commands step through
FONT_SCALES: tuple[float, ...] = (1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.2, 2.4, 2.6, 2.8, 3.0)

#: theme choices of the View menu: "system" follows the desktop's light/dark setting
THEME_CHOICES: tuple[str, ...] = ("system", "light", "dark", "contrast")

#: fonts with Simplified Chinese glyphs, tried in order after the UI font
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
)

_base_font: QFont | None = None


def base_font() -> QFont:
    """The application font before cnnviz scaled it (captured on first use)."""
    global _base_font
    if _base_font is None:
        _base_font = QFont(QApplication.font())
    return QFont(_base_font)


def apply_font(scale: float, chinese: bool = False) -> QFont:
    """Set the application font to the base size × ``scale``; CJK fallbacks for Chinese."""
    font = base_font()
    size = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
    font.setPointSizeF(size * scale)
    families = [font.family()]
    if chinese:
        families += [f for f in CJK_FAMILIES if f != families[0]]
    font.setFamilies(families)
    QApplication.setFont(font)
    return font


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve_theme(choice: str) -> Theme:
    """The :class:`Theme` for a menu choice (``"system"`` picks light or dark)."""
    if choice == "system":
        return get_theme("dark" if system_is_dark() else "light")
    return get_theme(choice)


def palette_for(theme: Theme) -> QPalette:
    """A complete palette (active, inactive and disabled) from a theme's colours."""
    dark = theme.dark
    contrast = theme.name == "contrast"
    text = QColor(theme.text)
    surface = QColor(theme.surface)
    window = QColor(theme.surface if contrast else theme.frame_fill)
    if not dark:
        window = QColor(theme.frame_fill).lighter(102)
    highlight = QColor(theme.selection if contrast else ("#3d7bd9" if dark else "#2f64c0"))
    highlighted_text = QColor("#000000" if contrast else "#ffffff")
    disabled = QColor("#8a8a8a" if contrast else theme.muted)  # not white, like what works
    if not contrast:
        disabled = QColor(theme.muted).lighter(150) if not dark else QColor(theme.muted).darker(140)
    button = QColor(theme.frame_fill if not contrast else "#000000")

    p = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, surface),
        (QPalette.ColorRole.AlternateBase, QColor(theme.frame_fill)),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.BrightText, QColor(theme.selection)),
        (QPalette.ColorRole.Button, button),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, surface),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor(theme.muted)),
        (QPalette.ColorRole.Highlight, highlight),
        (QPalette.ColorRole.HighlightedText, highlighted_text),
        (
            QPalette.ColorRole.Link,
            QColor("#ffff00" if contrast else "#5ca8ff" if dark else "#1d56b8"),
        ),
        (QPalette.ColorRole.LinkVisited, QColor("#ff80ff" if dark else "#7b3fb5")),
        (QPalette.ColorRole.Light, QColor(theme.frame).lighter(130)),
        (QPalette.ColorRole.Midlight, QColor(theme.frame).lighter(115)),
        (QPalette.ColorRole.Mid, QColor(theme.frame)),
        (QPalette.ColorRole.Dark, QColor(theme.frame).darker(130)),
        (QPalette.ColorRole.Shadow, QColor("#000000")),
    ):
        p.setColor(role, colour)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    if contrast:  # frames must be visible on black
        p.setColor(QPalette.ColorRole.Mid, QColor("#ffffff"))
        p.setColor(QPalette.ColorRole.Dark, QColor("#ffffff"))
        p.setColor(QPalette.ColorRole.Light, QColor("#ffffff"))
    return p


class ContrastStyle(QProxyStyle):
    """Fusion for high contrast: Fusion outlines check boxes, radio buttons and slider grooves
    and handles in a darker shade of the window colour — on black, nothing. This draws them in
    white, a checked box and a handle filled yellow. (Not a style sheet: an application style
    sheet stops palettes and fonts passing from widgets to their children.)"""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        base = super().pixelMetric(metric, option, widget)
        PM = QStyle.PixelMetric
        if metric in (PM.PM_IndicatorWidth, PM.PM_IndicatorHeight,
                      PM.PM_ExclusiveIndicatorWidth, PM.PM_ExclusiveIndicatorHeight):  # fmt: skip
            font = widget.font() if widget is not None else QApplication.font()
            return max(base, round(QFontMetricsF(font).height() * 0.75))  # grows with the text
        return base

    def drawPrimitive(self, element, option, painter, widget=None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        PE = QStyle.PrimitiveElement
        if element not in (PE.PE_IndicatorCheckBox, PE.PE_IndicatorItemViewItemCheck,
                           PE.PE_IndicatorRadioButton):  # fmt: skip
            return
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        on = bool(option.state & QStyle.StateFlag.State_On)
        r = QRectF(option.rect).adjusted(1, 1, -1, -1)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#ffffff" if enabled else "#8a8a8a"), 2))
        painter.setBrush(QColor("#ffff00") if on and enabled else Qt.BrushStyle.NoBrush)
        if element == PE.PE_IndicatorRadioButton:
            painter.drawEllipse(r)
        else:
            painter.drawRect(r)
        painter.restore()

    def drawComplexControl(self, control, option, painter, widget=None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control != QStyle.ComplexControl.CC_Slider:
            return
        SC = QStyle.SubControl
        groove = QRectF(self.subControlRect(control, option, SC.SC_SliderGroove, widget))
        handle = QRectF(self.subControlRect(control, option, SC.SC_SliderHandle, widget))
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#ffffff"), 2))
        c = groove.center()
        if option.orientation == Qt.Orientation.Horizontal:
            painter.drawLine(QPointF(groove.left(), c.y()), QPointF(handle.left(), c.y()))
            painter.drawLine(QPointF(handle.right(), c.y()), QPointF(groove.right(), c.y()))
        else:
            painter.drawLine(QPointF(c.x(), groove.top()), QPointF(c.x(), handle.top()))
            painter.drawLine(QPointF(c.x(), handle.bottom()), QPointF(c.x(), groove.bottom()))
        painter.setBrush(QColor("#ffff00" if enabled else "#8a8a8a"))
        painter.drawRoundedRect(handle.adjusted(1, 1, -1, -1), 3, 3)
        painter.restore()


def apply_theme(theme: Theme) -> None:
    """Use the Fusion style with the theme's palette for the whole application."""
    app = QApplication.instance()
    if app is None:
        return
    contrast = theme.name == "contrast"
    if contrast and not isinstance(app.style(), ContrastStyle):
        app.setStyle(ContrastStyle())
    elif not contrast and (isinstance(app.style(), QProxyStyle)
                           or app.style().name().lower() != "fusion"):  # fmt: skip
        app.setStyle("Fusion")
    app.setPalette(palette_for(theme))
