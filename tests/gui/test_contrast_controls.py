"""High contrast (the projector theme): every control is visible on black, and a disabled one
looks disabled."""

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton, QSlider, QStyle, QWidget

from cnnviz.gui import appearance
from cnnviz.gui.theme import get_theme


def _bright_pixels(widget: QWidget) -> int:
    image = widget.grab().toImage()
    return sum(
        1
        for y in range(image.height())
        for x in range(image.width())
        if QColor(image.pixel(x, y)).lightness() > 160
    )


@pytest.fixture
def contrast(qapp):
    appearance.apply_theme(get_theme("contrast"))
    yield
    appearance.apply_theme(get_theme("light"))


def test_an_unchecked_box_and_a_slider_are_drawn_in_white_on_black(contrast, qtbot):
    box = QCheckBox()  # no text: only the indicator is drawn
    slider = QSlider()
    slider.setOrientation(slider.orientation().Horizontal)
    slider.resize(160, 40)
    slider.setValue(50)
    for w in (box, slider):
        qtbot.addWidget(w)
        w.show()
    qtbot.waitExposed(slider)
    assert _bright_pixels(box) >= 20  # its frame (Fusion drew it black on black)
    assert _bright_pixels(slider) >= 60  # groove and handle


def test_a_checked_box_differs_from_an_unchecked_one(contrast, qtbot):
    on, off = QCheckBox(), QCheckBox()
    on.setChecked(True)
    for w in (on, off):
        qtbot.addWidget(w)
        w.show()
    qtbot.waitExposed(on)
    assert on.grab().toImage() != off.grab().toImage()


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_disabled_text_is_not_the_enabled_text(qapp, theme):
    p = appearance.palette_for(get_theme(theme))
    role = QPalette.ColorRole.ButtonText
    enabled = p.color(QPalette.ColorGroup.Active, role)
    disabled = p.color(QPalette.ColorGroup.Disabled, role)
    assert abs(enabled.lightness() - disabled.lightness()) >= 60, theme


def test_the_contrast_style_is_only_for_high_contrast(contrast, qapp):
    assert isinstance(QApplication.instance().style(), appearance.ContrastStyle)
    appearance.apply_theme(get_theme("dark"))
    assert not isinstance(QApplication.instance().style(), appearance.ContrastStyle)


def test_a_view_made_in_high_contrast_follows_the_theme_after(window, classroom, qtbot):
    """A lesson (high contrast) builds the lab; leaving it for light must turn it light."""
    classroom.start_named("04_pooling")
    window.set_theme_choice("light")
    label = window.lab.stepper.expression
    assert label.palette().window().color().name() == window.palette().window().color().name()
    assert label.palette().windowText().color().lightness() < 100


def test_widget_fonts_still_reach_their_children_in_high_contrast(contrast, qtbot):
    parent = QWidget()
    child = QPushButton("x", parent)
    qtbot.addWidget(parent)
    font = parent.font()
    font.setPointSizeF(font.pointSizeF() * 2.5)
    parent.setFont(font)
    assert child.font().pointSizeF() == pytest.approx(font.pointSizeF())


def test_check_boxes_grow_with_the_text(contrast, qtbot):
    small, large = QCheckBox("a"), QCheckBox("a")
    font = large.font()
    font.setPointSizeF(font.pointSizeF() * 3)
    large.setFont(font)
    for w in (small, large):
        qtbot.addWidget(w)
    style, pm = QApplication.style(), QStyle.PixelMetric.PM_IndicatorWidth
    assert style.pixelMetric(pm, None, large) >= 2 * style.pixelMetric(pm, None, small)


def test_colour_bar_ticks_follow_the_text_scale(qtbot):
    from cnnviz.gui.lab.output_image import OutputImage

    w = OutputImage()
    qtbot.addWidget(w)
    w.set_style(get_theme("contrast"), 1.0)
    small = w.tick_font.pointSizeF()
    w.set_style(get_theme("contrast"), 3.0)
    assert w.tick_font.pointSizeF() == pytest.approx(3 * small)
