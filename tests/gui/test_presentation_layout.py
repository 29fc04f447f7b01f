"""The presentation layout: on a projector the window fits the screen and the taught thing fills it.

Every view is checked in a lesson (slide text beside it, presentation look) and at a desk, at
the three screen sizes a classroom meets and text scales 1.0–3.0: the window never needs more
than the screen, every panel lies inside it, no button is squeezed below its text, and the
slide strip stays a strip.
"""

import itertools

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from cnnviz.gui.lessons.classroom import STRIP_SHARE

SCREENS = [(1024, 768), (1280, 720), (1920, 1080)]
SCALES = [1.0, 1.8, 3.0]
VIEWS = ["architecture", "lab", "training", "compare"]


def _start_at(classroom, name, **keys):
    """Start lesson ``name`` at its first slide whose state has all of ``keys`` (slides are
    found by what they show, not by their place in the lesson)."""
    from cnnviz.core import lessons

    slides = lessons.load_lesson(name).slides
    index = next(
        i for i, s in enumerate(slides) if all(s.state.get(k) == v for k, v in keys.items())
    )
    classroom.start_named(name)
    classroom.go_to(index)


def _settle(qtbot, window):
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(10)


def _fit(window, qtbot, size):
    """The window as a projector shows it: ``size`` (the test screen is smaller, so not full
    screen: the geometry a window manager gives a full-screen window)."""
    window.set_full_screen(False)
    window.resize(*size)
    _settle(qtbot, window)


def _show_every_view(window, qtbot):
    for name in VIEWS:
        qtbot.waitUntil(lambda n=name: window.show_view(n) is not None, timeout=60_000)
    _settle(qtbot, window)


def _check_fits(window, size, where):
    w, h = size
    hint = window.minimumSizeHint()
    assert hint.width() <= w, f"{where}: the window needs {hint.width()} px of {w}"
    assert hint.height() <= h, f"{where}: the window needs {hint.height()} px of {h}"
    assert window.width() <= w and window.height() <= h, where
    inside = QRect(0, 0, window.width(), window.height())
    panels = [window.centralWidget(), window.classroom.dock, window.statusBar()]
    for panel in panels:
        if panel.isVisible():
            rect = QRect(panel.mapTo(window, panel.rect().topLeft()), panel.size())
            assert inside.contains(rect), f"{where}: {panel.objectName()} at {rect}"
    label = window.model_label  # the status line drops its last parts rather than be cut
    if label.isVisible() and label.full_text():
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width(), where
        assert label.full_text().startswith(label.text()), where
    page = window.tabs.currentWidget()
    for b in page.findChildren(QAbstractButton):
        if b.isVisible() and b.text():
            assert b.width() >= b.minimumSizeHint().width() - 1, (
                f"{where}: button {b.text()!r} squeezed to {b.width()} px"
            )


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scale", SCALES)
def test_every_view_of_a_lesson_fits_a_projector(window, classroom, qtbot, size, scale):
    classroom.start_named("01_cross_correlation")
    _show_every_view(window, qtbot)
    window.set_font_scale(scale)
    _fit(window, qtbot, size)
    classroom.fit_strip()
    _settle(qtbot, window)
    for name in VIEWS:
        window.show_view(name)
        _settle(qtbot, window)
        _check_fits(window, size, f"{name} at {scale}×")
        strip = classroom.dock.width()
        assert strip <= round(STRIP_SHARE * max(size[0], window.screen().size().width())) + 2


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_view_at_a_desk_fits_at_text_scale_3(window, qtbot, size, language):
    window.set_language(language, remember=False)
    try:
        _show_every_view(window, qtbot)
        window.set_font_scale(3.0)
        _fit(window, qtbot, size)
        for name in VIEWS:
            window.show_view(name)
            _settle(qtbot, window)
            _check_fits(window, size, f"{name} at a desk in {language}")
    finally:
        window.set_language("en", remember=False)


def test_a_presented_lab_folds_its_settings_into_a_drawer(window, classroom, qtbot):
    _start_at(classroom, "01_cross_correlation", view="lab", input="book_3x3")
    lab = window.lab
    _fit(window, qtbot, (1280, 720))
    assert lab.is_compact and not lab.drawer.is_open
    assert lab.settings_scroll.parent() is lab.drawer  # not beside the steps
    qtbot.mouseClick(lab.btn_settings, Qt.MouseButton.LeftButton)
    assert lab.drawer.is_open and lab.btn_settings.isChecked()
    assert lab.drawer.geometry().right() < lab.width()  # over the steps, inside the lab
    lab.btn_settings.click()
    assert not lab.drawer.is_open
    lab.btn_settings.click()
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # Esc closes the drawer before the lesson
    assert not lab.drawer.is_open and not lab.btn_settings.isChecked()
    assert classroom.active
    classroom.leave()
    _fit(window, qtbot, (1600, 900))
    assert not lab.is_compact
    assert lab.settings_scroll.parent() is lab.splitter
    assert lab.settings_scroll.isVisible()


def test_the_book_example_is_large_on_a_projector(window, classroom, qtbot):
    """The 3×3 input with digits at least 24 px high at 1280×720 (what the back row reads)."""
    _start_at(classroom, "01_cross_correlation", view="lab", input="book_3x3")
    _fit(window, qtbot, (1280, 720))
    classroom.fit_strip()
    _settle(qtbot, window)
    canvas = window.lab.stepper.canvas
    x = canvas.grid("input")
    assert x.show_numbers
    assert x.font_px >= 24, f"digits {x.font_px:.0f} px high"
    preview = window.lab.stepper.output
    assert preview.width() <= 0.3 * canvas.width()  # smaller than the main figure


def test_a_presented_preview_keeps_the_share_dragged_to(window, classroom, qtbot):
    _start_at(classroom, "01_cross_correlation", view="lab", input="book_3x3")
    _fit(window, qtbot, (1280, 720))
    stepper = window.lab.stepper
    splitter = stepper.splitter
    total = sum(splitter.sizes())
    assert splitter.sizes()[1] / total == pytest.approx(0.2, abs=0.01)
    splitter.setSizes([round(total * 0.76), round(total * 0.24)])  # what a drag does
    splitter.splitterMoved.emit(round(total * 0.76), 1)
    _fit(window, qtbot, (1240, 700))  # any resize used to put the preview back at 20 %
    sizes = splitter.sizes()
    assert sizes[1] / sum(sizes) == pytest.approx(0.24, abs=0.01)
    splitter.setSizes([round(total * 0.5), round(total * 0.5)])  # dragged too far
    splitter.splitterMoved.emit(round(total * 0.5), 1)
    _fit(window, qtbot, (1280, 720))
    sizes = splitter.sizes()
    assert sizes[1] <= 0.26 * sum(sizes)  # presented, the preview stays under a quarter


def test_a_narrow_lab_at_a_desk_folds_and_unfolds_with_the_width(lab, qtbot):
    from cnnviz.gui.theme import get_theme

    lab.set_style(get_theme("light"), 3.0)
    lab.resize(700, 700)
    _settle(qtbot, lab)
    assert lab.is_compact
    assert lab.minimumSizeHint().width() <= 700
    lab.resize(2400, 900)
    _settle(qtbot, lab)
    assert not lab.is_compact


@pytest.mark.parametrize("lesson", ["03_channels", "07_googlenet"])
def test_a_slide_quoting_the_table_opens_its_drawer(window, classroom, qtbot, lesson):
    classroom.start_named(lesson)
    _fit(window, qtbot, (1280, 720))
    view = window.view
    assert view.table_side.folded
    lesson = classroom.lesson
    for i, slide in enumerate(lesson.slides):
        if slide.view != "architecture":
            continue
        classroom.go_to(i)
        _settle(qtbot, window)
        assert view.table_visible() == slide.state.get("table", False), slide.title
        if view.table_visible():  # what the text quotes is in sight: the Parameters column
            column = view.table.columnViewportPosition(3) + view.table.columnWidth(3)
            assert 0 < column <= view.table.viewport().width(), slide.title


def test_the_legend_names_only_the_kinds_the_network_has(window):
    window.show_zoo_model("lenet")
    view = window.view
    kinds = {n.kind for n in view.graph.nodes}
    assert view.legend.chip_count == len(kinds)
    window.show_zoo_model("googlenet")
    assert view.legend.chip_count == len({n.kind for n in window.view.graph.nodes})


def test_a_flow_row_wraps_instead_of_widening(qtbot):
    from PySide6.QtWidgets import QPushButton

    from cnnviz.gui.drawer import flow_row

    host = QWidget()
    qtbot.addWidget(host)
    buttons = [QPushButton(f"Button number {i}") for i in range(6)]
    row = flow_row(host, buttons)
    widest = max(b.sizeHint().width() for b in buttons)
    assert row.minimumSizeHint().width() <= widest + 2
    one_row = row.layout().heightForWidth(10_000)
    narrow = row.layout().heightForWidth(widest + 4)
    assert narrow >= 5 * one_row  # one button a row
    row.resize(widest + 4, narrow)
    row.show()
    QApplication.processEvents()
    tops = sorted({b.geometry().top() for b in buttons})
    assert len(tops) == 6
    assert all(b.geometry().right() <= row.width() for b in buttons)


def _focus_slides():
    from cnnviz.core import lessons

    return [(name, i) for name in lessons.list_lessons()
            for i, slide in enumerate(lessons.load_lesson(name).slides)
            if slide.view == "architecture" and "focus" in slide.state]  # fmt: skip


@pytest.mark.parametrize(("name", "index"), _focus_slides())
def test_a_slide_focus_lies_whole_in_the_view(window, classroom, qtbot, name, index):
    """On a projector the focused block is unfolded, readable and wholly on screen."""
    classroom.start_named(name)
    _fit(window, qtbot, (1280, 720))
    classroom.fit_strip()
    classroom.go_to(index)
    _settle(qtbot, window)
    view = window.view
    focus = classroom.slide.state["focus"]
    visible = view.visible_scene_rect()
    if focus in view.graph.blocks:
        rect = view.block_rect(focus)
        assert rect is not None, "the focused block is not unfolded"
        assert visible.contains(rect), f"{focus} at {rect}, the view shows {visible}"
        # it fills most of the view, at a zoom whose labels stay readable
        assert rect.width() >= 0.5 * visible.width() or rect.height() >= 0.5 * visible.height()
        assert view.view.zoom() >= view.view.readable_zoom() - 1e-6
    else:
        key = f"n:{view.graph.node(focus).index}"
        assert visible.contains(view.scene.box_items[key].sceneBoundingRect())


def test_double_click_unfold_fits_the_block(window, qtbot):
    window.show_zoo_model("googlenet")
    view = window.view
    _fit(window, qtbot, (1280, 720))
    view.fold_all()
    view.unfold("2")  # what a double-click on the stage asks
    rect = view.block_rect("2")
    visible = view.visible_scene_rect()
    assert rect is not None
    assert visible.contains(rect.center())
    assert rect.width() >= 0.5 * visible.width() or rect.height() >= 0.5 * visible.height()


def test_the_runs_list_shows_two_runs_on_a_projector(window, classroom, qtbot):
    """8.5 asks to tick two runs: the list under the curves shows two rows whole."""
    _start_at(classroom, "08_batch_norm", focus="curves")
    _fit(window, qtbot, (1280, 720))
    assert window.tabs.currentWidget() is window.training_page
    table = window.training.run_table
    assert table.topLevelItemCount() == 0 or table.sizeHintForRow(0) > 0
    row = max(table.fontMetrics().height() + 8, table.sizeHintForRow(0))
    assert table.viewport().height() >= 2 * row - 2


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)])
def test_the_lab_modes_are_whole_beside_its_buttons(window, classroom, qtbot, size):
    """No mode hides behind a tab bar's ◂ ▸ arrows ("Learn a…"): modes and buttons wrap."""
    classroom.start_named("04_pooling")
    _fit(window, qtbot, size)
    classroom.fit_strip()
    _settle(qtbot, window)
    lab = window.lab
    bar = lab.tabs
    buttons = [bar.button(i) for i in range(bar.count())]
    buttons += [lab.btn_settings, lab.btn_export, lab.btn_export_steps]
    for b in buttons:
        where = QRect(b.mapTo(lab, QPoint(0, 0)), b.size())
        assert b.isVisible() and lab.rect().contains(where), b.text()
        assert b.width() >= b.sizeHint().width(), b.text()  # its text whole
    assert bar.currentIndex() == 1 and bar.button(1).isChecked()  # pooling
    qtbot.mouseClick(bar.button(0), Qt.MouseButton.LeftButton)
    assert lab.mode == "conv" and bar.currentIndex() == 0


def test_the_settings_drawer_shows_its_settings_whole_in_chinese(window, classroom, qtbot):
    window.set_language("zh_CN")
    classroom.start_named("02_padding_stride")
    _fit(window, qtbot, (1280, 720))
    lab = window.lab
    lab.btn_settings.click()
    _settle(qtbot, window)
    assert lab.drawer.is_open
    assert lab.drawer.width() >= lab.settings.sizeHint().width()  # nothing cut at the right
    assert "许可证" in lab.settings.input_info.text()  # where the sample comes from, in Chinese


def test_a_long_sum_leaves_the_grids_the_room(window, classroom, qtbot):
    """3.2: three output channels written out filled half the stage; the sum now shrinks."""
    from cnnviz.gui.lessons.classroom import apply_slide_state

    classroom.start_named("03_channels")
    long_sum = {"view": "lab", "lab_mode": "conv", "input": "generated_house", "in_channels": 3,
                "out_channels": 3, "kernel": "sobel_x", "padding": 1, "step": 0}  # fmt: skip
    apply_slide_state(window, long_sum)
    _fit(window, qtbot, (1280, 720))
    classroom.fit_strip()
    _settle(qtbot, window)
    stepper = window.lab.stepper
    stepper._fit_expression()
    _settle(qtbot, window)
    label = stepper.expression
    assert label.text().count("channel") >= 3
    assert label.font().pointSizeF() < stepper._expression_pt  # set smaller than a short sum
    assert label.height() <= 0.34 * stepper.stage.height()
    assert stepper.canvas.height() >= 0.5 * stepper.stage.height()


def _stepping_slides():
    from cnnviz.core import lessons

    return [(name, i) for name in lessons.list_lessons()
            for i, slide in enumerate(lessons.load_lesson(name).slides)
            if slide.view == "lab" and "step" in slide.state]  # fmt: skip


@pytest.mark.parametrize("size", [(1024, 768), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("name", "index"), _stepping_slides())
def test_a_lab_slide_shows_its_window_whole_with_numbers(
    window, classroom, qtbot, name, index, size
):
    """Every grid lies inside the canvas, labels do not run into each other, and the numbers
    under the slide's window are readable: in the input itself or, where the input is too big
    (28×28, three stacked channels), in the lens beside the kernel, centred on the window."""
    from PySide6.QtCore import QRectF

    classroom.start_named(name)
    _fit(window, qtbot, size)
    classroom.fit_strip()
    classroom.go_to(index)
    _settle(qtbot, window)
    stepper = window.lab.stepper
    qtbot.waitUntil(
        lambda: stepper.trace is not None and bool(stepper.canvas.columns), timeout=30_000
    )
    _settle(qtbot, window)
    canvas, t = stepper.canvas, stepper.trace
    inside = QRectF(canvas.rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    shown = [g for c in canvas.columns for g in c.grids if g.cell > 0]
    for g in shown:
        assert inside.contains(g.rect()), f"{g.key} {g.channel} at {g.rect()} of {inside}"
    for c in canvas.columns:
        labels = [g.label_rect for g in c.grids if g.cell > 0 and g.label_rect is not None]
        for a, b in itertools.pairwise(labels):
            assert not a.intersects(b), f"{c.title}: labels overlap"
    if stepper.backward is not None:
        assert all(g.show_numbers for g in shown)  # the book's 4×4: everything readable
        return
    _check_window(stepper, max(stepper.k, 0))
    if t.input_shape[0] == 1 and max(t.padded_shape[1:]) > 12:
        # in the middle of the image (real pixels: 0.5843…), the lens has followed the
        # window and still shows its numbers
        _, OH, OW = t.output_shape
        stepper.set_step(t.step_index(0, OH // 2, OW // 2))
        _settle(qtbot, window)
        _check_window(stepper, stepper.k)


def _check_window(stepper, k):
    from cnnviz.gui.lab.colors import format_value

    canvas, t = stepper.canvas, stepper.trace
    _, i, j = t.out_index(k)
    rows, cols, _ = t.window(i, j)
    padded = t.padded_input.numpy()
    channel = t.out_index(k)[0] if t.input_shape[0] > 1 and not hasattr(t, "kernel") else 0
    if canvas.grid("input").show_numbers:
        assert not canvas.is_shown("lens")  # a lens only where the input cannot be read
        return
    if t.input_shape[0] == 1:
        assert canvas.is_shown("lens"), (
            f"the input is unreadable and nothing magnifies it ({canvas.width()}×"
            f"{canvas.height()} px, {[(g.key, g.cell) for g in canvas._grids.values()]})"
        )
    if not canvas.is_shown("lens"):
        # several channels on a low stage: the sum written out quotes the window's numbers
        text = stepper.expression_text()
        quoted = [format_value(float(padded[channel, r, q]), 4) for r in rows for q in cols]
        assert all(v in text for v in quoted), text
        return
    i0, j0, h, w = stepper._lens
    assert (i0, j0, h, w) == t.around(k, margin=stepper._lens_margin())
    assert i0 <= rows[0] and rows[-1] < i0 + h and j0 <= cols[0] and cols[-1] < j0 + w
    lens = canvas.grid("lens", channel)
    assert lens.show_numbers
    shown = [canvas.shown_text("lens", channel, r - i0, q - j0) for r in rows for q in cols]
    rounded = np.round(padded, 2)
    assert shown == [format_value(float(rounded[channel, r, q])) for r in rows for q in cols]
    assert lens.cell >= canvas.grid("input").cell * 4  # magnified


@pytest.mark.parametrize("lesson", ["02_padding_stride", "04_pooling"])
def test_chinese_column_titles_wrap_inside_their_columns(window, classroom, qtbot, lesson):
    """A Chinese title has no spaces: it wraps between characters instead of running across
    the next column ("输入 X（填充部分画有斜线）" covered the lens's title)."""
    window.set_language("zh_CN", remember=False)
    try:
        pooling = lesson == "04_pooling"  # a slide with padding: the column titles are long
        _start_at(classroom, lesson, lab_mode="pool" if pooling else "conv",
                  padding=[0, 1] if pooling else 1)  # fmt: skip
        _fit(window, qtbot, (1280, 720))
        classroom.fit_strip()
        _settle(qtbot, window)
        canvas = window.lab.stepper.canvas
        qtbot.waitUntil(lambda: bool(canvas.columns), timeout=30_000)
        _settle(qtbot, window)
        from PySide6.QtGui import QFontMetricsF

        fm = QFontMetricsF(canvas._fonts["title"])
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        drawn = [fm.boundingRect(r, flags, text) for r, text in canvas._titles if text]
        assert len(drawn) >= 2
        assert any("输入" in text for _, text in canvas._titles)
        for a, b in itertools.pairwise(drawn):
            assert a.right() <= b.left() + 1, f"titles overlap: {a} and {b}"
    finally:
        window.set_language("en", remember=False)
