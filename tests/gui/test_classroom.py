"""Lessons in the app: every slide of every shipped lesson restores its planned state."""

import html

import pytest
import torch
from PySide6.QtCore import Qt

from cnnviz.core import lessons
from cnnviz.core.claims import check_claims
from cnnviz.gui.lessons.classroom import capture_slide_state

SLIDES = [
    (name, i)
    for name in lessons.list_lessons()
    for i in range(len(lessons.load_lesson(name).slides))
]
PAGES = {"architecture": "architecture_page", "lab": "lab_page", "training": "training_page",
         "compare": "compare"}  # fmt: skip


def _check_slide(window, slide, qtbot):
    st = slide.state
    view = slide.view
    assert window.tabs.currentWidget() is getattr(window, PAGES[view])
    if "network" in st:
        assert window.shown_zoo == st["network"]
    captured = capture_slide_state(window)
    assert captured["view"] == view
    if view == "architecture":
        unfold = st.get("unfold", [])
        expected = set(window.view.graph.blocks) if unfold == "all" else set(unfold)
        assert expected <= window.view.expanded
        if "select" in st:
            assert window.view.selected_node() == st["select"]
            assert captured["select"] == st["select"]
    elif view == "lab":
        lab = window.lab
        assert lab.mode == st.get("lab_mode", lab.mode)
        for key in ("input", "in_channels", "out_channels", "pool"):
            if key in st:
                assert captured[key] == st[key], key
        for key in ("padding", "stride", "dilation"):
            value = st.get(key, 0 if key == "padding" else 1)
            pair = value if isinstance(value, list) else [value, value]
            assert captured[key] == pair, key
        if isinstance(st.get("kernel"), str):
            assert captured["kernel"] == st["kernel"]
        assert not [k for k in lab.errors if lab.error_text(k)]  # no red message
        if st.get("lab_mode") == "features":  # the maps are of the slide's input
            qtbot.waitUntil(lambda: lab._features is not None, timeout=30_000)
            assert torch.equal(lab._feature_image, lab._feature_input())
        if st.get("step") == "end":
            assert lab.stepper.k == lab.stepper.num_steps - 1
        elif "step" in st:
            assert lab.stepper.k == st["step"]
    elif view == "training":
        t = window.training
        assert t.model_name == st["network"]
        assert t.dataset.currentData() == st["dataset"] and t.epochs.value() == st["epochs"]
        assert t.lr.value() == pytest.approx(st["lr"]) and t.batch_size.value() == st["batch_size"]
        assert captured.get("train_subset") == st.get("train_subset")
        assert captured["dataset"] == st["dataset"] and captured["epochs"] == st["epochs"]


class LiveContext:
    """The claims' probes read from the views on screen, not recomputed."""

    def __init__(self, window, qtbot):
        self.window, self.qtbot = window, qtbot

    def lab_trace(self):
        assert self.window.lab.trace is not None
        return self.window.lab.trace

    def lab_step(self):
        return int(self.window.lab.stepper.k)

    def graph(self):
        assert self.window.view.graph is not None
        return self.window.view.graph

    def features(self):
        lab = self.window.lab
        self.qtbot.waitUntil(
            lambda: lab._features is not None and not lab.jobs.busy, timeout=30_000
        )
        return lab._features


@pytest.mark.parametrize(("name", "index"), SLIDES)
def test_every_slide_restores_its_state(window, classroom, qtbot, name, index):
    lesson = lessons.load_lesson(name)
    classroom.start(lesson, index)
    assert classroom.active and classroom.index == index
    assert window.is_presenting and not window.picker_dock.isVisible()
    assert classroom.panel.counter.text() == f"{index + 1} / {len(lesson.slides)}"
    assert html.escape(lesson.slides[index].title) in classroom.panel.slide_title.text()
    _check_slide(window, lesson.slides[index], qtbot)
    # what the slide's text states holds on screen (tests/core/test_claims.py: every number
    # of the text, in both languages, is one of these claims)
    assert check_claims(lesson.slides[index].state, LiveContext(window, qtbot)) == []


def _first(name, **keys):
    """The index of the first slide of lesson ``name`` whose state has all of ``keys``."""
    slides = lessons.load_lesson(name).slides
    return next(
        i for i, s in enumerate(slides) if all(s.state.get(k) == v for k, v in keys.items())
    )


def test_book_example_values_on_the_first_lab_slide(window, classroom):
    classroom.start_named("01_cross_correlation")
    classroom.go_to(_first("01_cross_correlation", view="lab", input="book_3x3"))
    lab = window.lab
    assert lab.stepper.expression_text().replace(" ", "").endswith("=19")
    classroom.next()
    assert "43" in lab.stepper.expression_text()


def test_keys_move_between_slides_and_escape_leaves(window, classroom, qtbot):
    classroom.start_named("07_googlenet")
    window.activateWindow()
    last = len(classroom.lesson.slides) - 1
    keys = ((Qt.Key.Key_PageDown, 1), (Qt.Key.Key_Right, 2), (Qt.Key.Key_Space, 3),
            (Qt.Key.Key_Left, 2), (Qt.Key.Key_PageUp, 1))  # fmt: skip
    for key, expected in keys:
        qtbot.keyClick(window, key)
        assert classroom.index == expected, key
    classroom.go_to(last - 1)
    keys = ((Qt.Key.Key_Space, last), (Qt.Key.Key_Space, last), (Qt.Key.Key_Left, last - 1))
    for key, expected in keys:
        qtbot.keyClick(window, key)
        assert classroom.index == expected, key
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not classroom.active and not window.is_presenting
    assert window.picker_dock.isVisible() and window.toolbar.isVisible()


def test_chinese_slide_texts(window, classroom):
    window.set_language("zh_CN")
    try:
        classroom.start_named("08_batch_norm")
        assert ">公式<" in classroom.panel.slide_title.text()
        assert "均值为 β、标准差为 γ" in classroom.panel.text.toPlainText()
    finally:
        window.set_language("en")


def test_a_broken_lesson_file_shows_the_line_and_changes_nothing(window, classroom, tmp_path,
                                                                 monkeypatch):  # fmt: skip
    errors = []
    monkeypatch.setattr(window, "show_error", lambda text, details="": errors.append(text))
    bad = tmp_path / "bad.toml"
    bad.write_text('title = "x"\n\n[[slides]]\ntitle = "a"\ntext = "b"\nview = "labb"\n')
    before = window.shown_zoo
    assert not classroom.open_file(bad)
    assert errors and "line 6" in errors[0] and "view must be" in errors[0]
    assert not classroom.active and window.shown_zoo == before


def test_save_current_state_as_slide_appends_a_slide_that_loads_back(window, classroom, tmp_path):
    path = tmp_path / "mine.toml"
    window.show_zoo_model("googlenet")
    window.tabs.setCurrentWidget(window.architecture_page)
    window.view.unfold("2")
    window.view.unfold("2.0")
    window.view.select_node("2.0.p3_2")
    classroom.append_slide(path, "The 5×5 path", "Look at the 5×5 convolution.")
    window.tabs.setCurrentWidget(window.lab_page)
    window.lab.apply_state({"lab_mode": "pool", "input": "book_4x4", "pool": "avg",
                            "kernel_size": 2, "stride": 2})  # fmt: skip
    classroom.append_slide(path, "Average pooling", "Means of 2×2 windows.")
    lesson = lessons.load_lesson(path)
    assert [s.title for s in lesson.slides] == ["The 5×5 path", "Average pooling"]
    first, second = lesson.slides
    assert first.state["network"] == "googlenet" and first.state["select"] == "2.0.p3_2"
    assert {"2", "2.0"} <= set(first.state["unfold"])
    assert second.state["view"] == "lab" and second.state["pool"] == "avg"
    # replaying the saved slides restores the same state
    window.show_zoo_model("lenet")
    classroom.start(lesson, 0, edit_path=path)
    assert window.shown_zoo == "googlenet" and window.view.selected_node() == "2.0.p3_2"
    classroom.next()
    assert window.lab.capture_state()["pool"] == "avg"


def test_a_slide_selecting_a_missing_layer_is_said_not_raised(window, classroom, tmp_path):
    """No network named: ``select`` can't be checked at load time; in class it is a message."""
    path = tmp_path / "mine.toml"
    path.write_text('title = "x"\n\n[[slides]]\ntitle = "a"\ntext = "b"\nselect = "2.0.p3_2"\n')
    window.show_zoo_model("lenet")
    classroom.start(lessons.load_lesson(path), 0, edit_path=path)
    assert classroom.active and classroom.index == 0
    assert "2.0.p3_2" in window.statusBar().currentMessage()
    assert "lenet does not have" in window.statusBar().currentMessage()


def test_a_slide_focus_frames_its_layer_and_a_bad_one_is_said(classroom, window, qtbot):
    from cnnviz.gui.lessons.classroom import apply_slide_state

    apply_slide_state(window, {"view": "architecture", "network": "lenet", "focus": "3"})
    assert window.view.selected_node() == "3"
    # fields the slide does not name take their defaults: no selection is left over
    apply_slide_state(window, {"view": "architecture", "network": "lenet"})
    assert window.view.selected_node() is None
    with pytest.raises(ValueError, match="focuses on 'nope'"):
        apply_slide_state(window, {"view": "architecture", "network": "lenet", "focus": "nope"})


def test_the_classroom_talks_to_a_host_not_the_main_window():
    import ast
    import inspect

    from cnnviz.gui.lessons import classroom as module

    tree = ast.parse(inspect.getsource(module))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "cnnviz.gui.views" in imported
    assert not any("main_window" in name for name in imported)


def test_clicker_keys_turn_slides_whatever_has_focus(window, classroom, qtbot):
    classroom.start_named("03_channels")
    window.activateWindow()
    lesson = classroom.lesson
    title = lesson.title_in("en")
    n = len(lesson.slides)
    assert window.windowTitle() == f"{title} — 1/{n} — cnnviz"
    window.show_view("architecture")
    table = window.view.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(1, 0))
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_PageDown)  # a table cell has focus: the slide still moves
    assert classroom.index == 1
    assert window.windowTitle() == f"{title} — 2/{n} — cnnviz"
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_Right)
    qtbot.keyClick(focus, Qt.Key.Key_Left)
    qtbot.keyClick(focus, Qt.Key.Key_Space)
    assert classroom.index == 2


def test_b_blanks_the_screen_and_any_key_brings_it_back(window, classroom, qtbot):
    classroom.start_named("03_channels")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_B)
    blank = classroom.clicker.blank
    assert blank.isVisible()
    qtbot.waitUntil(lambda: blank.geometry() == window.rect())  # it follows the window's size
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # brings the slide back, does not turn it
    assert not blank.isVisible() and classroom.index == 0
    qtbot.keyClick(window, Qt.Key.Key_Period)
    assert blank.isVisible()
    qtbot.mouseClick(blank, Qt.MouseButton.LeftButton)
    assert not blank.isVisible()
    classroom.leave()
    assert window.windowTitle().endswith(" — cnnviz") and "1/" not in window.windowTitle()
    qtbot.keyClick(window, Qt.Key.Key_B)  # outside a lesson B is only a letter
    assert not blank.isVisible()


def test_a_spin_box_being_typed_in_keeps_its_arrows_but_page_keys_turn(window, classroom, qtbot):
    classroom.start_named("02_padding_stride")
    window.activateWindow()
    qtbot.waitUntil(lambda: window.lab is not None, timeout=30_000)
    window.show_view("lab")
    spin = window.lab.padding.h
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    index = classroom.index
    qtbot.keyClick(spin, Qt.Key.Key_Right)  # moves the cursor in the number
    qtbot.keyClick(spin, Qt.Key.Key_Backspace)
    assert classroom.index == index
    qtbot.keyClick(spin, Qt.Key.Key_PageDown)
    assert classroom.index == index + 1


def test_a_class_starts_from_the_command_line_in_its_lesson(window, classroom, qtbot):
    from cnnviz.gui.app import start_lesson_when_ready

    lesson = lessons.load_lesson("07_googlenet")
    start_lesson_when_ready(window, lesson, 1)  # `cnnviz --lesson 07_googlenet --slide 2`
    assert classroom.active and classroom.index == 1
    qtbot.waitUntil(window.isFullScreen)
    assert window.windowTitle() == f"{lesson.title_in('en')} — 2/{len(lesson.slides)} — cnnviz"


def test_a_launch_language_is_not_remembered(window):
    window.settings.language = "en"
    try:
        window.set_language("zh_CN", remember=False)  # `cnnviz --language zh_CN`
        window.save_settings()
        assert window.settings.language == "en"
        window.set_language("zh_CN")  # chosen in the Language menu: remembered
        window.save_settings()
        assert window.settings.language == "zh_CN"
    finally:
        window.set_language("en")
        window.save_settings()


@pytest.mark.parametrize("width,height", [(1024, 768), (1280, 720)])
def test_a_graph_lesson_fits_a_projector_screen(window, classroom, width, height):
    classroom.start_named("07_googlenet")  # text scale 1.8, the slide text beside the graph
    window.show_view("architecture")
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height
    assert classroom.dock.minimumSizeHint().width() <= 0.4 * width  # the text is a strip
    assert not classroom.panel.save_button.isVisible()  # a shipped lesson: nothing to save to


def test_a_fit_below_the_smallest_slide_zoom_still_gives_a_state(window):
    window.show_zoo_model("densenet")
    view = window.view
    view.unfold_all()
    view.view.set_zoom(0.01)  # what a fit on a huge graph in a small window may give
    assert view.state.zoom == 0.05  # captured within the range a slide may ask for
