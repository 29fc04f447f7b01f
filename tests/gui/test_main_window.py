"""The main window: start-up, picker, Open model and its errors, look, menus, Compare, settings."""

import re
import subprocess
import sys
import textwrap

import pytest
import torch
from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtGui import QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QMessageBox

from cnnviz.core import models
from cnnviz.core.graph import layer_graph_for
from cnnviz.gui import appearance, i18n
from cnnviz.gui.device import describe_device, detect_device
from cnnviz.gui.dialogs import ModelRequest
from cnnviz.gui.main_window import MainWindow
from cnnviz.gui.model_picker import IDEA_ROLE, ZOO_TITLES

NAMES = models.list_models()

BROKEN = {
    "syntax": ("import torch\n\ndef build(:\n    pass\n", "build", "syntax error on line 3"),
    "raises": ("raise RuntimeError('no GPU here')\n", "build", "RuntimeError: no GPU here"),
    "not_a_module": ("def build():\n    return 42\n", "build", "not an nn.Module"),
    "missing_attr": ("def make():\n    return 42\n", "build", "has no 'build'; it defines make"),
}
GOOD = """
from torch import nn

class Tiny(nn.Module):
    def __init__(self, width=4):
        super().__init__()
        self.conv = nn.Conv2d(1, width, 5)
        self.pool = nn.AdaptiveMaxPool2d(4)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(width * 16, 10))

    def forward(self, x):
        return self.head(self.pool(self.conv(x)))
"""


@pytest.fixture
def spy(window, monkeypatch):
    """Every graph the window hands to ArchitectureView.set_graph."""
    calls = []
    real = window.view.set_graph
    monkeypatch.setattr(window.view, "set_graph", lambda g: (calls.append(g), real(g)))
    return calls


def close_error(window):
    box = window.error_box
    assert box is not None and box.isVisible()
    box.close()


# --------------------------------------------------------------------------- start-up


def test_start_up_path_imports_no_torch():
    code = textwrap.dedent(
        """
        import sys
        from PySide6.QtWidgets import QApplication
        from PySide6.QtCore import QSettings
        import cnnviz.cli, cnnviz.gui.app
        from cnnviz.gui.main_window import MainWindow
        app = QApplication([])
        w = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
        heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'torchvision')
                       or m in ('cnnviz.core.graph.build', 'cnnviz.core.models'))
        print(','.join(heavy))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code, "/nonexistent/cnnviz-test.ini"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("last", ["lenet", "densenet"])
def test_the_first_graph_is_drawn_before_torch_is_imported(tmp_path, last):
    """The window draws the last network shown from its shipped graph file, then quits (the
    start-up probe); torch is not imported by then."""
    ini = tmp_path / "cnnviz.ini"
    settings = QSettings(str(ini), QSettings.Format.IniFormat)
    settings.setValue("model/last", last)
    settings.sync()
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "", "CNNVIZ_STARTUP_PROBE": "1",
           "CNNVIZ_SETTINGS": str(ini)}  # fmt: skip
    out = subprocess.run([sys.executable, "-m", "cnnviz"], capture_output=True, text=True,
                         timeout=120, env=env)  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = [line.split() for line in out.stdout.splitlines() if line.startswith("cnnviz-")]
    assert [w[1] for w in lines] == ["shown", "torch-imported", "graph"], out.stdout
    assert lines[1][2] == "0"
    assert QSettings(str(ini), QSettings.Format.IniFormat).value("model/last") == last


def test_a_network_picked_while_torch_loads_shows_its_shipped_graph_and_stays(qtbot, settings):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert not w.is_zoo_loaded
    w.show_zoo_model("alexnet")  # before start-up: from resources/graphs
    assert w.graph == layer_graph_for("alexnet") and w.view.graph is w.graph
    assert w.picker.current_name() == "alexnet"
    with qtbot.waitSignal(w.startup_finished, timeout=60_000):
        w.show()
    assert w.is_zoo_loaded and w.graph.model_name == "alexnet"
    assert w.picker.current_name() == "alexnet" and settings.value("model/last") == "alexnet"


def test_window_shows_busy_then_fills_in(qtbot, settings):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    assert w.view is None and w.graph is None
    assert w.busy_label.text() == "Loading PyTorch…" and w.busy_label.isVisibleTo(w)
    assert not w.actions["open"].isEnabled() and not w.picker.open_button.isEnabled()
    assert w.picker.names() == NAMES
    with qtbot.waitSignal(w.startup_finished, timeout=60_000):
        w.show()
    assert w.isVisible() and "cnnviz" in w.windowTitle()
    assert not w.busy_label.isVisibleTo(w) and not w.busy_bar.isVisibleTo(w)
    assert w.graph.model_name == "lenet" and w.view.graph is w.graph
    assert w.picker.current_name() == "lenet"
    assert w.actions["open"].isEnabled() and w.picker.open_button.isEnabled()
    assert [w.tabs.tabText(i) for i in range(w.tabs.count())] == [
        "Architecture",
        "Convolution lab",
        "Training",
        "Compare",
    ]


def test_status_bar_names_the_device(window):
    text = window.device_label.text()
    assert text == describe_device(detect_device())
    if torch.cuda.is_available():
        assert text == f"CUDA: {torch.cuda.get_device_name(0)}"
    elif not (torch.backends.mps.is_available()):
        assert text == f"CPU ({torch.get_num_threads()} threads)"
    assert re.fullmatch(r"CUDA: .+|Apple MPS|CPU \(\d+ threads?\)", text)


# --------------------------------------------------------------------------- the picker


def test_picker_lists_the_zoo_with_ideas(window):
    lst = window.picker.list
    assert [lst.item(i).text() for i in range(lst.count())] == [ZOO_TITLES[n] for n in NAMES]
    for i, name in enumerate(NAMES):
        assert lst.item(i).data(IDEA_ROLE) == models.model_info(name).idea
    window.set_language("zh_CN")
    for i, name in enumerate(NAMES):
        assert lst.item(i).data(IDEA_ROLE) == models.model_info(name).idea_zh
    assert models.model_info("lenet").idea_zh in window.picker.description_text()


def test_choosing_each_zoo_model_shows_its_graph(window, spy, settings):
    lst = window.picker.list
    for i, name in reversed(list(enumerate(NAMES))):
        lst.setCurrentRow(i)  # zoo graphs are computed at start-up: shown at once
        assert spy[-1].model_name == name and window.view.graph is spy[-1]
        assert ZOO_TITLES[name] in window.windowTitle()
        assert settings.value("model/last") == name
    assert [g.model_name for g in spy] == list(reversed(NAMES))


def test_clicking_a_network_with_the_mouse(window, spy, qtbot):
    lst = window.picker.list
    item = lst.item(NAMES.index("resnet18"))
    with qtbot.waitSignal(window.model_changed) as blocker:
        qtbot.mouseClick(
            lst.viewport(), Qt.MouseButton.LeftButton, pos=lst.visualItemRect(item).center()
        )
    assert blocker.args == ["resnet18"] and spy[-1].model_name == "resnet18"
    assert "11.2" in window.model_label.text()  # ResNet-18's parameters, human-readable


# --------------------------------------------------------------------------- Open model


def _request(tmp_path, text, attr, shape=(1, 1, 28, 28)):
    path = tmp_path / "net.py"
    path.write_text(text, encoding="utf-8")
    return ModelRequest(source="file", input_shape=shape, path=str(path), attr=attr)


def test_open_a_file_then_torchvision(window, spy, qtbot, tmp_path):
    with qtbot.waitSignal(window.model_changed, timeout=30_000) as blocker:
        window.open_request(_request(tmp_path, GOOD, "Tiny"))
    assert blocker.args == ["Tiny"] and spy[-1].model_name == "Tiny"
    assert window.picker.current_name() is None
    assert "Tiny" in window.picker.description_text() and "Tiny" in window.windowTitle()
    tv = ModelRequest(source="torchvision", input_shape=(1, 3, 64, 64), name="resnet18")
    with qtbot.waitSignal(window.model_changed, timeout=30_000):
        window.open_request(tv)
    assert spy[-1].model_name == "resnet18" and spy[-1].input_shape == (1, 3, 64, 64)
    assert spy[-1].total_params == 11_689_512
    window.picker.list.setCurrentRow(0)  # back to the zoo
    assert spy[-1].model_name == "lenet" and window.picker.current_name() == "lenet"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_shows_an_error_and_keeps_the_model(window, spy, qtbot, tmp_path, case):
    window.picker.list.setCurrentRow(NAMES.index("alexnet"))
    before = window.graph
    text, attr, expected = BROKEN[case]
    with qtbot.waitSignal(window.model_load_failed, timeout=30_000) as blocker:
        window.open_request(_request(tmp_path, text, attr))
    assert expected in blocker.args[0]
    box = window.error_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert expected in box.text() and box.text().endswith(".")
    assert "Traceback" in box.detailedText()
    assert window.graph is before and window.view.graph is before
    assert spy[-1] is before  # set_graph was not called again
    assert window.picker.current_name() == "alexnet"
    close_error(window)


def test_too_small_input_shows_the_shape_error(window, spy, qtbot, tmp_path):
    before = window.graph
    request = _request(tmp_path, GOOD, "Tiny", shape=(1, 1, 4, 4))
    with qtbot.waitSignal(window.model_load_failed, timeout=30_000) as blocker:
        window.open_request(request)
    assert "too small" in blocker.args[0]
    assert (
        "too small" in window.error_box.text() and "ShapeError" in window.error_box.detailedText()
    )
    assert window.graph is before and window.picker.current_name() == "lenet"
    assert len(spy) == 0
    close_error(window)


def test_open_model_dialog(window, qtbot, tmp_path):
    path = tmp_path / "tiny.py"
    path.write_text(GOOD, encoding="utf-8")
    dlg = window.open_model_dialog()
    assert dlg is not None and dlg.isVisible()
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Open)
    assert not ok.isEnabled()
    dlg.path_edit.setText(str(path))
    assert [dlg.attr_combo.itemText(i) for i in range(dlg.attr_combo.count())] == ["Tiny"]
    assert ok.isEnabled()
    dlg.kwargs_edit.setText("width=6")
    dlg.file_size.set_shape(1, 32, 32)
    with qtbot.waitSignal(window.model_changed, timeout=30_000):
        ok.click()
    assert window.graph.model_name == "Tiny" and window.graph.input_shape == (1, 1, 32, 32)
    assert window.graph.node("conv").output_shape == (1, 6, 28, 28)

    dlg = window.open_model_dialog()
    dlg.tabs.setCurrentWidget(dlg.tv_page)
    assert dlg.tv_combo.count() > 50 and dlg.tv_combo.currentText() == "resnet18"
    assert dlg.request().input_shape == (1, 3, 224, 224)
    dlg.tv_combo.setCurrentText("squeezenet1_1")
    with qtbot.waitSignal(window.model_changed, timeout=30_000):
        dlg.buttons.button(QDialogButtonBox.StandardButton.Open).click()
    assert window.graph.model_name == "squeezenet1_1"


# --------------------------------------------------------------------------- look


def test_font_scale_changes_the_application_font(window, qtbot):
    base = appearance.base_font().pointSizeF()
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    window.actions["larger_text"].trigger()
    window.actions["larger_text"].trigger()
    assert window.font_scale == pytest.approx(1.4)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.4)
    qtbot.waitUntil(  # Qt posts the new font to every widget
        lambda: window.menuBar().font().pointSizeF() == pytest.approx(base * 1.4)
    )
    assert window.picker.list.font().pointSizeF() == pytest.approx(base * 1.4)
    assert window.statusBar().font().pointSizeF() == pytest.approx(base * 1.4)
    assert window.view.font_scale == pytest.approx(1.4)
    window.actions["smaller_text"].trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.2)
    window.set_font_scale(9)
    assert window.font_scale == 3.0 and not window.actions["larger_text"].isEnabled()
    window.set_font_scale(0.1)
    assert window.font_scale == 1.0 and not window.actions["smaller_text"].isEnabled()


def test_presentation_mode(window):
    window.set_theme_choice("light")
    window.actions["presentation"].trigger()
    assert window.is_presenting and window.actions["presentation"].isChecked()
    assert window.font_scale >= 1.6 and window.view.font_scale == window.font_scale
    assert window.view.theme.name == "contrast" and window.view.theme.line_width > 2
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    window.actions["presentation"].trigger()
    assert not window.is_presenting
    assert window.font_scale == 1.0 and window.view.theme.name == "light"
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_themes_and_the_system_scheme(window, monkeypatch):
    window.theme_actions["dark"].trigger()
    assert window.view.theme.name == "dark"
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 80
    assert QApplication.style().name().lower() == "fusion"
    monkeypatch.setattr(appearance, "system_is_dark", lambda: True)
    window.theme_actions["system"].trigger()
    assert window.view.theme.name == "dark"
    monkeypatch.setattr(appearance, "system_is_dark", lambda: False)
    window._on_color_scheme_changed()
    assert window.view.theme.name == "light"


def test_menus_and_shortcuts(window):
    a = window.actions

    def keys(key):
        return [s.toString() for s in a[key].shortcuts()]

    assert keys("open") == ["Ctrl+O"] and keys("export") == ["Ctrl+E"]
    assert keys("quit") == ["Ctrl+Q"]
    assert keys("larger_text") == ["Ctrl+=", "Ctrl++"] and keys("smaller_text") == ["Ctrl+-"]
    assert keys("zoom_in")[0] == "Ctrl+Alt+=" and keys("zoom_out") == ["Ctrl+Alt+-"]
    assert keys("fit") == ["Ctrl+0"]
    assert keys("presentation") == ["F5"] and keys("full_screen") == ["F11"]
    titles = [m.title() for m in (window.file_menu, window.view_menu, window.help_menu)]
    assert titles == ["&File", "&View", "&Help"]
    assert window.theme_menu.menuAction() in window.view_menu.actions()
    assert [x.text() for x in window.language_menu.actions()] == ["English", "简体中文"]
    assert a["presentation"] in window.toolbar.actions()
    assert QKeySequence("Ctrl+=") != QKeySequence("Ctrl+Alt+=")


def test_full_screen(window, qtbot):
    window.actions["full_screen"].trigger()
    qtbot.waitUntil(window.isFullScreen)
    window.actions["full_screen"].trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_about_lists_the_versions(window):
    box = window.show_about()
    text = box.text()
    for version in (torch.__version__, qVersion(), "PySide6", sys.version.split()[0], "CUDA"):
        assert version in text
    assert (torch.version.cuda or "none") in text
    box.close()


def test_export(window, tmp_path, monkeypatch):
    target = tmp_path / "graph"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "SVG image (*.svg)")
    )
    window.actions["export"].trigger()
    assert (tmp_path / "graph.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert window.export(str(tmp_path / "table.csv"))
    assert (tmp_path / "table.csv").read_text(encoding="utf-8").startswith("layer,type")
    assert window.export(str(tmp_path / "graph.png"))
    assert (tmp_path / "graph.png").read_bytes()[:4] == b"\x89PNG"
    assert not window.export(str(tmp_path / "graph.bmp"))
    assert ".png, .svg or .csv" in window.error_box.text()
    close_error(window)


# --------------------------------------------------------------------------- Compare


def test_compare_table(window):
    table = window.compare
    assert table.proxy.rowCount() == 10
    assert table.visible_names() == NAMES  # the chapter's order at first
    graphs = window._graphs
    table.sort_by("params")
    names = table.visible_names()
    params = [graphs[n].total_params for n in names]
    assert params == sorted(params) and len(set(names)) == 10
    shown = [table.proxy.index(r, 3).data() for r in range(10)]
    assert sorted(shown) != shown  # text order would differ: the sort is numeric
    table.sort_by("macs", Qt.SortOrder.DescendingOrder)
    macs = [graphs[n].total_macs for n in table.visible_names()]
    assert macs == sorted(macs, reverse=True)
    row = table.model.rows[NAMES.index("lenet")]
    assert (row.depth, row.params, row.lr, row.epochs, row.batch_size, row.year) == (
        5,
        61_706,
        0.9,
        10,
        256,
        1998,
    )
    assert row.input_shape == (1, 1, 28, 28)
    headers = [table.proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(9)]
    assert headers[:5] == ["Network", "Input", "Depth", "Parameters", "MACs"]


def test_double_click_in_compare_shows_the_network(window, spy):
    window.tabs.setCurrentWidget(window.compare)
    window.compare.table.doubleClicked.emit(window.compare.proxy.index(8, 2))
    assert spy[-1].model_name == window.compare.visible_names()[8]
    assert window.tabs.currentWidget() is window.architecture_page


# --------------------------------------------------------------------------- settings


def test_settings_persist_across_windows(make_window, settings_path):
    w1 = make_window(QSettings(settings_path, QSettings.Format.IniFormat))
    w1.picker.list.setCurrentRow(NAMES.index("googlenet"))
    w1.set_theme_choice("dark")
    w1.set_font_scale(1.4)
    w1.set_language("zh_CN")
    w1.close()
    i18n.set_language("en")

    w2 = make_window(QSettings(settings_path, QSettings.Format.IniFormat))
    assert w2.graph.model_name == "googlenet" and w2.picker.current_name() == "googlenet"
    assert w2.theme_choice == "dark" and w2.view.theme.name == "dark"
    assert w2.font_scale == pytest.approx(1.4)
    assert i18n.current_language() == "zh_CN" and w2.file_menu.title() == "文件(&F)"
    w2.close()


def test_window_layout_persists(make_window, settings_path):
    w1 = make_window(QSettings(settings_path, QSettings.Format.IniFormat))
    w1.resize(720, 540)  # inside the offscreen screen (800×600), so restoreGeometry keeps it
    size = (w1.width(), w1.height())
    w1.view.splitter.setSizes([400, 200])
    splitter = w1.view.splitter.saveState()
    w1.close()

    w2 = make_window(QSettings(settings_path, QSettings.Format.IniFormat))
    assert (w2.width(), w2.height()) == size
    assert w2.view.splitter.saveState() == splitter
    assert w2.picker_dock.isVisible()
    w2.close()


def test_presentation_is_not_saved_as_the_normal_look(make_window, settings_path):
    w1 = make_window(QSettings(settings_path, QSettings.Format.IniFormat))
    w1.set_theme_choice("light")
    w1.set_presentation(True)
    w1.close()
    s = QSettings(settings_path, QSettings.Format.IniFormat)
    assert s.value("view/theme") == "light" and float(s.value("view/font_scale")) == 1.0


def test_closing_stops_the_background_work(qtbot, settings):
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.start_loading()
    w.close()  # while torch/zoo loading may still run: close waits for it
    from cnnviz.gui.worker import running_workers

    assert running_workers() == []


def test_a_failed_start_up_says_so(qtbot, settings, monkeypatch):
    import cnnviz.gui.main_window as mw

    def broken(state, first):
        raise ImportError("libtorch_cpu.so: cannot open shared object file")

    monkeypatch.setattr(mw, "load_startup", broken)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.error_box is not None, timeout=10_000)
    assert "PyTorch could not be loaded" in w.error_box.text()
    assert "libtorch_cpu.so" in w.error_box.text() and "ImportError" in w.error_box.detailedText()
    assert w.busy_label.text() == "PyTorch could not be loaded" and not w.busy_bar.isVisibleTo(w)
    assert w.loading_label.text() == "PyTorch could not be loaded"
    assert not w.actions["open"].isEnabled()
    close_error(w)


def test_lab_and_training_tabs_are_made_when_shown_and_follow_the_picker(window, qtbot):
    assert window.lab is None and window.training is None  # nothing built before it is needed
    window.tabs.setCurrentWidget(window.lab_page)
    assert window.lab is not None and window.lab_page.currentWidget() is window.lab
    window.show_zoo_model("resnet18")
    assert window.lab.model_name == "resnet18"
    window.tabs.setCurrentWidget(window.training_page)
    assert window.training is not None and window.training.model_name == "resnet18"
    window.show_zoo_model("lenet")
    assert window.training.model_name == "lenet" and window.lab.model_name == "lenet"


def test_use_these_weights_sends_the_trained_model_to_the_lab(window, qtbot):
    import torch

    from cnnviz.core import models

    window.show_zoo_model("alexnet")  # the weights are LeNet's: the app switches to it
    window.tabs.setCurrentWidget(window.training_page)
    trained = models.get_model("lenet")
    with torch.no_grad():
        trained[0].weight.fill_(0.5)
    window.training.weights_ready.emit("lenet", trained)
    assert window.tabs.currentWidget() is window.lab_page
    assert window.lab.model_name == "lenet" and window.lab._given_model is trained
    assert "trained weights" in window.statusBar().currentMessage()


def test_the_app_has_its_icon_at_every_size(qapp):
    from PySide6.QtCore import QSize

    from cnnviz.desktop import ICON_SIZES
    from cnnviz.gui.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(n, n) for n in ICON_SIZES} <= sizes
    assert icon.pixmap(QSize(48, 48)).toImage().pixelColor(24, 2).alpha() > 0  # drawn, not blank
