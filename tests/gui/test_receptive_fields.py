"""Receptive fields on screen: click a cell of a layer, see what it depends on, in the
architecture view and in the lab's feature maps; batch norm's two modes in the feature maps."""

import pytest
from PySide6.QtCore import QPointF, Qt

from cnnviz.core.errors import FieldError
from cnnviz.core.receptive import receptive_field_of


@pytest.fixture
def view(make_architecture_view):
    return make_architecture_view("lenet")


def test_a_slide_field_shows_the_cell_on_the_input_and_every_map_between(view):
    view.apply_state({"select": "5", "field": [2, 2]})
    panel = view.field_panel
    assert panel.isVisible() and view.act_field.isChecked()
    assert panel.cell == (2, 2)
    text = panel.caption.text()
    assert "16×16" in text and "rows 6–21" in text and "4 pixels apart" in text
    titles = [m.title for m in panel.maps.maps]
    assert titles[0] == "input 28×28" and titles[-1].startswith("5 · AvgPool2d")
    boxes = [m.box for m in panel.maps.maps]  # input, conv 0, pool 2, conv 3, pool 5
    assert boxes == [(6, 6, 22, 22), (8, 8, 20, 20), (4, 4, 10, 10), (4, 4, 6, 6), (2, 2, 3, 3)]
    assert view.capture_state()["field"] == [2, 2]
    # a slide without a field hides the maps again
    view.apply_state({"select": "3"})
    assert not panel.isVisible() and "field" not in view.capture_state()


def test_clicking_and_arrow_keys_choose_the_cell(view, qtbot):
    view.apply_state({"select": "3", "field": [0, 0]})
    maps = view.field_panel.maps
    last = maps.map_rects()[-1]
    cell = maps.cell_size(len(maps.maps) - 1)
    with qtbot.waitSignal(view.state_changed):
        at = QPointF(last.left() + 7.5 * cell, last.top() + 3.5 * cell)
        qtbot.mouseClick(maps, Qt.MouseButton.LeftButton, pos=at.toPoint())
    assert view.field_panel.cell == (3, 7)
    maps.setFocus()
    qtbot.keyClick(maps, Qt.Key.Key_Right)
    qtbot.keyClick(maps, Qt.Key.Key_Right)  # the last column is 9: it stops there
    qtbot.keyClick(maps, Qt.Key.Key_Right)
    assert view.field_panel.cell == (3, 9)
    f = receptive_field_of(view.graph, "3")
    top, left, bottom, right = f.clipped(3, 9)
    assert maps.maps[0].box == (top, left, bottom, right) == (4, 16, 18, 28)
    assert maps.maps[0].window == (4, 16, 18, 30)  # it reaches 2 columns into the padding
    assert f"columns {left}–{right - 1}" in view.field_panel.caption.text()


def test_a_dense_layer_sees_the_whole_image_and_a_missing_cell_is_said(view):
    view.apply_state({"select": "7", "field": [0, 0]})
    assert "whole 28×28 image" in view.field_panel.caption.text()
    assert view.field_panel.maps.maps[0].box == (0, 0, 28, 28)
    with pytest.raises(FieldError, match="no cell"):
        view.apply_state({"select": "5", "field": [9, 9]})


def test_the_lab_feature_maps_show_a_cells_field(lab, qtbot):
    lab.set_model("lenet")
    lab.set_input_sample("fashion_ankle_boot")
    with qtbot.waitSignal(lab.features_computed, timeout=60_000):
        lab.set_mode("features")
    panel = lab.features
    panel.field_toggle.setChecked(True)
    assert panel.field_panel.isVisible() and panel.mosaic.field_mode
    mosaic = panel.mosaic
    rect = mosaic.tile_rect("3", 1)  # channel 1 of the second conv, a 10×10 map
    pos = QPointF(rect.left() + 5.5 * rect.width() / 10, rect.top() + 2.5 * rect.height() / 10)
    qtbot.mouseClick(mosaic, Qt.MouseButton.LeftButton, pos=pos.toPoint())
    assert lab.mode == "features"  # a click picks a cell, it does not open the stepper
    assert panel.field_panel.cell == (2, 5)
    assert "Cell (2, 5) of 3 (Conv2d)" in panel.field_panel.caption.text()
    assert all(m.image is not None for m in panel.field_panel.maps.maps)  # the real maps
    # off again: a click opens the channel in the stepper as before
    panel.field_toggle.setChecked(False)
    qtbot.mouseClick(mosaic, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert lab.mode == "conv"


def test_batch_norm_in_training_mode_normalises_over_a_real_batch(lab, qtbot):
    lab.set_model("lenet_bn")
    lab.set_input_sample("fashion_ankle_boot")
    with qtbot.waitSignal(lab.features_computed, timeout=60_000):
        lab.apply_state({"lab_mode": "features", "input": "fashion_ankle_boot"})
    bn = lab._features.get("1")
    assert bn.stats_count == 24 * 24  # evaluation: this one image's 24×24 positions
    assert lab.features.bn_mode.isVisible() and lab.features.bn_mode.currentData() == "eval"
    conv = lab._features.get("0")
    assert (bn.lo, bn.hi) == pytest.approx((conv.lo, conv.hi), abs=1e-4)  # ε aside: unchanged
    with qtbot.waitSignal(lab.features_computed, timeout=60_000):
        lab.features.bn_mode.setCurrentIndex(lab.features.bn_mode.findData("train"))
    assert lab.state.bn_mode == "train"
    bn = lab._features.get("1")
    assert bn.stats_count == 64 * 24 * 24
    for mean, sd in bn.channel_stats:
        assert abs(mean) < 1e-3 and abs(sd - 1) < 1e-2
    assert "63 others" in lab.features.notes.text()
    # the running averages were not touched by the training-mode pass
    model = lab._extractor.model
    assert float(model.get_submodule("1").running_mean.abs().max()) == 0.0
    assert lab.state.to_slide()["bn_mode"] == "train"


def test_a_slide_focus_scrolls_the_feature_maps_to_its_layer(lab, qtbot):
    """Lesson 8 reads out the batch-norm row: the slide scrolls it into sight once the maps
    arrive, and after that the user scrolls freely."""
    with qtbot.waitSignal(lab.features_computed, timeout=60_000):
        lab.set_model("lenet_bn")
        lab.apply_state({"lab_mode": "features", "input": "fashion_ankle_boot"})
        assert lab.frame("1")  # asked before the maps exist
    bar = lab.features.scroll.verticalScrollBar()
    top = lab.features.mosaic.layer_top("1")
    assert top is not None and 0 < top < bar.maximum() and bar.value() == int(top)
    bar.setValue(0)
    lab.features.set_result(lab._features)  # new maps: no stale focus scrolls them again
    assert bar.value() == 0


def test_how_the_image_was_adapted_is_said_in_the_apps_language(lab, qtbot):
    from cnnviz.gui import i18n

    i18n.set_language("zh_CN")  # the fixture of tests/gui/conftest.py sets English back
    lab.set_model("lenet_bn")
    with qtbot.waitSignal(lab.features_computed, timeout=60_000):
        lab.apply_state({"lab_mode": "features", "input": "generated_house", "bn_mode": "train"})
    notes = lab.features.notes.text()
    assert "尺寸调整：48×48 → 28×28" in notes
    assert "批量规范化处于训练模式" in notes and "63" in notes
    assert "resized" not in notes and "training mode" not in notes
