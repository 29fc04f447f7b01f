"""CompareView: the table and its chart — one row of bars per network in the table's order,
log values of the real rows, accuracies of finished runs, export to PNG and SVG, clicks, the
theme and text scale, and a splitter that stands upright on a narrow page."""

import math
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from cnnviz.core import catalog, models
from cnnviz.core.compare import compare_row
from cnnviz.core.graph import layer_graph_for
from cnnviz.core.summary import human
from cnnviz.core.training import RunDirectory, TrainConfig
from cnnviz.gui.appearance import base_font
from cnnviz.gui.compare import ACCURACY_DATASET, CompareView
from cnnviz.gui.theme import get_theme

NAMES = list(catalog.NETWORKS)


@pytest.fixture(scope="module")
def rows():
    return [compare_row(layer_graph_for(n), models.model_info(n)) for n in NAMES]


@pytest.fixture
def view(qtbot, tmp_path, rows):
    v = CompareView(runs_root=tmp_path / "runs")
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.show()
    qtbot.waitExposed(v)
    v.set_rows(rows)
    return v


def _bar(view, kind):
    """(y, x0, x1) of the bars of ``kind`` as drawn, sorted top to bottom."""
    o = view.chart.bars[kind].opts
    y, x0, x1 = (np.asarray(o[k], dtype=float) for k in ("y", "x0", "x1"))
    order = np.argsort(y)
    return y[order], x0[order], x1[order]


def _label_texts(view, kind):
    return [item.toPlainText() for item in view.chart.labels[kind]]


def _finished(folder, name, model, dataset, acc, status="finished"):
    run = RunDirectory(folder / name)
    run.create(TrainConfig(model=model, dataset=dataset))
    run.set_status(status, model=model, dataset=dataset, best_test_acc=acc)


# --------------------------------------------------------------------------- the bars


def test_one_row_of_bars_per_network_at_its_log_values(view, rows):
    chart = view.chart
    assert chart.names() == view.visible_names() == NAMES
    for kind in ("params", "macs"):
        y, x0, x1 = _bar(view, kind)
        assert len(y) == len(rows) == 10
        want = [math.log10(getattr(r, kind)) for r in rows]
        np.testing.assert_allclose(x1, want)
        assert np.all(x0 == math.floor(min(math.log10(r.params) for r in rows)))
        assert _label_texts(view, kind) == [human(getattr(r, kind)) for r in rows]
    y_params, y_macs = _bar(view, "params")[0], _bar(view, "macs")[0]
    np.testing.assert_allclose(y_macs - y_params, 2 * 0.19)  # params above MACs in each row
    np.testing.assert_allclose((y_params + y_macs) / 2, np.arange(10))
    vgg = NAMES.index("vgg11")
    assert _bar(view, "macs")[2][vgg] == pytest.approx(math.log10(7_547_232_256))
    ticks = view.chart.size_plot.getAxis("bottom")._tickLevels[0]
    assert len(ticks) >= 3
    for value, text in ticks:  # whole decades, read as counts
        assert float(value).is_integer() and text == human(10 ** int(value))
    assert "1M" in [text for _, text in ticks]


def test_the_chart_follows_the_tables_order(view, rows):
    view.sort_by("params")
    by_params = sorted(rows, key=lambda r: r.params)
    assert view.chart.names() == view.visible_names() == [r.name for r in by_params]
    x1 = _bar(view, "params")[2]
    assert list(x1) == sorted(x1)
    view.sort_by("macs", Qt.SortOrder.DescendingOrder)
    assert view.chart.names() == [r.name for r in sorted(rows, key=lambda r: -r.macs)]
    assert list(_bar(view, "macs")[2]) == sorted(_bar(view, "macs")[2], reverse=True)


# --------------------------------------------------------------------------- accuracies


def test_accuracies_appear_after_set_accuracies(view):
    chart = view.chart
    assert chart.accuracy_plot.scene() is None  # no accuracy column without accuracies
    assert not chart.bars["accuracy"].isVisible()
    assert "appears here" in view.chart_note.text() and view.chart_note.isVisible()
    view.set_accuracies({"alexnet": 0.912, "lenet": 0.8, "not_in_the_zoo": 0.5})
    assert chart.accuracy_plot.scene() is chart.scene()
    y, x0, x1 = _bar(view, "accuracy")
    assert list(y) == [NAMES.index("lenet"), NAMES.index("alexnet")]
    np.testing.assert_allclose(x1, [80.0, 91.2])
    assert np.all(x0 == 0)
    assert _label_texts(view, "accuracy") == ["80.0 %", "91.2 %"]
    assert "best finished" in view.chart_note.text()
    view.sort_by("params")  # the accuracy bars move with their networks
    y = _bar(view, "accuracy")[0]
    assert [view.chart.names()[int(i)] for i in y] == [
        n for n in view.chart.names() if n in ("lenet", "alexnet")
    ]
    view.set_accuracies({})
    assert chart.accuracy_plot.scene() is None


def test_accuracies_of_finished_runs_are_read_when_the_tab_is_shown(view, tmp_path):
    runs = tmp_path / "runs"
    _finished(runs, "lenet-a", "lenet", ACCURACY_DATASET, 0.81)
    _finished(runs, "lenet-b", "lenet", ACCURACY_DATASET, 0.86)
    _finished(runs, "resnet", "resnet18", ACCURACY_DATASET, 0.97, status="stopped")
    _finished(runs, "alexnet-shapes", "alexnet", "shapes", 0.99)  # another data set
    assert view.accuracies == {}  # written after the view was shown
    view.hide()
    view.show()
    assert view.accuracies == {"lenet": 0.86}
    assert _label_texts(view, "accuracy") == ["86.0 %"]


# --------------------------------------------------------------------------- export


def test_export_writes_png_and_svg(view, tmp_path):
    view.set_accuracies({"lenet": 0.8})
    png = view.export_chart(tmp_path / "chart.png")
    image = QImage(str(png))
    assert not image.isNull()
    assert (image.width(), image.height()) == (2 * view.chart.width(), 2 * view.chart.height())
    corner = image.pixelColor(2, 2)
    assert corner == QColor(view.theme.background)
    svg = view.export_chart(tmp_path / "chart.SVG")
    root = ET.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = svg.read_text(encoding="utf-8")
    assert "LeNet-5" in text and "80.0 %" in text and "7.55G" in text
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["chart.SVG", "chart.png"]


def test_a_bad_suffix_is_one_sentence_and_writes_nothing(view, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name in ("chart.bmp", "chart"):
        with pytest.raises(ValueError, match=r"^Choose a file ending in \.png or \.svg, not .+\.$"):
            view.export_chart(out / name)
    assert list(out.iterdir()) == []


def test_save_chart_dialog_saves_and_says_so(view, tmp_path, monkeypatch):
    target = tmp_path / "picked"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "SVG image (*.svg)")
    )
    view.save_button.click()
    assert (tmp_path / "picked.svg").is_file()
    assert "picked.svg" in view.save_message.text() and view.save_message.isVisible()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "x.gif"), "")
    )
    view.save_button.click()
    assert "not .gif" in view.save_message.text() and not (tmp_path / "x.gif").exists()


def test_no_chart_before_the_rows(qtbot, tmp_path):
    v = CompareView(runs_root=tmp_path)
    qtbot.addWidget(v)
    assert v.chart is None and not v.save_button.isEnabled()
    with pytest.raises(ValueError, match="once the networks are loaded"):
        v.export_chart(tmp_path / "early.png")
    assert not (tmp_path / "early.png").exists()


# --------------------------------------------------------------------------- clicks


def _widget_pos(chart, x, y):
    scene = chart.size_plot.getViewBox().mapViewToScene(QPointF(x, y))
    return chart.mapFromScene(scene)


def _double_click(qtbot, widget, pos):
    """What a real double click sends: press, release, double-click, release (QTest's
    mouseDClick sends a second press instead, which pyqtgraph reads as a single click)."""
    left = Qt.MouseButton.LeftButton
    qtbot.mousePress(widget, left, pos=pos)
    qtbot.mouseRelease(widget, left, pos=pos)
    event = QMouseEvent(QEvent.Type.MouseButtonDblClick, QPointF(pos),
                        QPointF(widget.mapToGlobal(pos)), left, left,
                        Qt.KeyboardModifier.NoModifier)  # fmt: skip
    QApplication.sendEvent(widget, event)
    qtbot.mouseRelease(widget, left, pos=pos)


def test_clicking_a_network_selects_it_and_double_click_opens_it(view, qtbot):
    chart = view.chart
    row = NAMES.index("alexnet")
    pos = _widget_pos(chart, _bar(view, "macs")[2][row] - 0.2, row + 0.19)
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.selected_name() == "alexnet" == chart.selected
    assert chart._bands[0].isVisible()
    on_name = QPoint(int(chart.size_plot.getAxis("left").sceneBoundingRect().center().x()),
                     _widget_pos(chart, 5.0, NAMES.index("lenet")).y())  # fmt: skip
    qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=on_name)
    assert view.selected_name() == "lenet"
    with qtbot.waitSignal(view.model_activated) as got:
        _double_click(qtbot, chart.viewport(), pos)
    assert got.args == ["alexnet"]


def test_selecting_in_the_table_or_a_slide_marks_the_chart(view):
    assert view.frame("resnet18") and view.chart.selected == "resnet18"
    view.table.selectRow(0)
    assert view.chart.selected == NAMES[0]
    assert not view.frame("no-such-net")
    assert view.capture_state() == {}
    view.apply_state({})


# --------------------------------------------------------------------------- look and layout


def test_colours_follow_the_theme_and_text_the_scale(view):
    chart = view.chart
    base = base_font().pointSizeF()
    for name in ("light", "contrast"):
        theme = get_theme(name)
        for scale in (1.0, 2.0):
            view.set_style(theme, scale)
            assert chart.bars["params"].opts["brush"].color() == QColor(theme.kind_fill["conv"])
            assert chart.backgroundBrush().color() == QColor(theme.background)
            left = chart.size_plot.getAxis("left")
            assert left.style["tickFont"].pointSizeF() == pytest.approx(base * scale)
            assert left.textPen().color() == QColor(theme.text)
            label = chart.labels["params"][0]
            assert label.textItem.font().pointSizeF() == pytest.approx(base * scale)
            assert chart.size_title.opts["size"] == f"{base * scale:.1f}pt"


def test_splitter_stands_upright_on_a_narrow_page(view, qtbot):
    assert view.splitter.orientation() == Qt.Orientation.Horizontal
    view.resize(700, 700)  # a slide's text takes 30 % of the width
    qtbot.waitUntil(lambda: view.splitter.orientation() == Qt.Orientation.Vertical)
    table, chart = view.splitter.sizes()
    assert chart > table > 0
    assert view.chart.width() > 600
    view.resize(1280, 720)
    qtbot.waitUntil(lambda: view.splitter.orientation() == Qt.Orientation.Horizontal)
    view.set_style(get_theme("contrast"), 2.0)  # at twice the text the chart needs the width
    assert view.splitter.orientation() == Qt.Orientation.Vertical
