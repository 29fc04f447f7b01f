"""The architecture view: drawing, geometry, folding, linked selection, export."""

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage

from cnnviz.core import models
from cnnviz.core.graph import layer_graph_for
from cnnviz.gui.architecture.view import ArchitectureView
from cnnviz.gui.theme import get_theme

NAMES = models.list_models()
GRAPHS = {name: layer_graph_for(name) for name in NAMES}


@pytest.fixture
def view(make_architecture_view):
    return make_architecture_view()


def _scene_rect(item) -> QRectF:
    return item.mapRectToScene(item.rect())


def _check_geometry(v: ArchitectureView) -> None:
    s = v.scene
    boxes = list(s.box_items.values())
    assert boxes
    rects = [_scene_rect(b) for b in boxes]
    # no two boxes overlap
    for i, a in enumerate(rects):
        for j in range(i + 1, len(rects)):
            inter = a.intersected(rects[j])
            assert inter.width() <= 0.01 or inter.height() <= 0.01, (
                boxes[i].box.key,
                boxes[j].box.key,
            )
    # no label is clipped: each text line fits inside its box with the padding
    opt = s.options
    for b in boxes:
        title_w = s.fonts.metrics("title").horizontalAdvance(b.box.lines[0])
        body_w = s.fonts.metrics("body").horizontalAdvance(b.box.lines[1])
        inner = b.box.w - 2 * opt.s(opt.pad_x)
        assert max(title_w, body_w) <= inner + 0.01, b.box.lines
        needed = s.fonts.metrics("title").height() + s.fonts.metrics("body").height()
        assert needed <= b.box.h - 2 * opt.s(opt.pad_y) + 0.01
    # every box sits inside each frame that contains it; frame titles fit their frames
    graph = v.graph
    for key, item in s.box_items.items():
        blocks = graph.nodes[item.box.node].blocks if item.box.node is not None else ()
        if item.box.block is not None:
            blocks = tuple(b for b in v.expanded if item.box.block.startswith(b + "."))
        for name in blocks:
            if name in s.frame_items:
                frame = _scene_rect(s.frame_items[name])
                assert frame.contains(_scene_rect(item)), (key, name)
    for f in s.frame_items.values():
        title = f.title_item.mapRectToScene(f.title_item.rect())
        assert _scene_rect(f).contains(title)
        assert title.width() >= s.fonts.metrics("frame").horizontalAdvance(f.frame.title)
        for b in rects:
            inter = title.intersected(b)
            assert inter.width() <= 0.01 or inter.height() <= 0.01
    # sibling frames don't overlap (one contains the other, or they are apart)
    frames = [_scene_rect(f) for f in s.frame_items.values()]
    for i, a in enumerate(frames):
        for c in frames[i + 1 :]:
            inter = a.intersected(c)
            apart = inter.width() <= 0.01 or inter.height() <= 0.01
            assert apart or a.contains(c) or c.contains(a)
    # every edge starts on its source box's bottom and ends on its target's top
    assert len(s.edge_items) == len(s.layout_.edges)
    for e, item in zip(s.layout_.edges, s.edge_items):
        src, dst = _scene_rect(s.box_items[e.src]), _scene_rect(s.box_items[e.dst])
        p0, p1 = item.points[0], item.points[-1]
        assert abs(p0.y() - src.bottom()) < 0.5 and src.left() <= p0.x() <= src.right()
        assert abs(p1.y() - dst.top()) < 0.5 and dst.left() <= p1.x() <= dst.right()


@pytest.mark.parametrize("name", NAMES)
def test_each_model_draws_folded_and_unfolded_without_overlap(view, name):
    g = GRAPHS[name]
    view.set_graph(g)
    folded = view.visible_node_count()
    _check_geometry(view)
    view.unfold_all()
    _check_geometry(view)
    assert view.visible_node_count() >= folded
    if g.blocks:
        view.act_repeats.setChecked(False)
        assert view.visible_node_count() == len(g.nodes)  # every layer is a box
        _check_geometry(view)
        assert folded < len(g.nodes)
    else:
        assert folded == len(g.nodes)


def test_presentation_scale_and_contrast_theme_keep_geometry(view):
    view.set_graph(GRAPHS["googlenet"])
    view.unfold_all()
    small = view.scene.box_items["n:1"].box.w
    view.set_style(get_theme("contrast"), 2.0)
    view.unfold_all()
    _check_geometry(view)
    assert view.scene.box_items["n:1"].box.w > 1.6 * small
    assert view.scene.fonts.title.pointSizeF() >= 18
    assert view.scene.line_width > get_theme("light").line_width * 1.5


def test_fold_and_unfold_single_blocks(view, qtbot):
    view.set_graph(GRAPHS["resnet18"])
    before = view.visible_node_count()
    assert "b:2" in view.scene.box_items
    item = view.scene.box_items["b:2"]
    # double-click the folded stage → it unfolds (its two Residual blocks appear)
    pos = view.view.mapFromScene(_scene_rect(item).center())
    qtbot.mouseDClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: "2" in view.expanded)
    assert view.visible_node_count() > before
    assert "b:2" not in view.scene.box_items and "2" in view.scene.frame_items
    # clicking the frame's title folds it again
    title = view.scene.frame_items["2"].title_item
    view.view.centerOn(title)
    pos = view.view.mapFromScene(title.mapRectToScene(title.rect()).center())
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(lambda: "2" not in view.expanded)
    assert view.visible_node_count() == before


def test_fold_all_unfold_all_change_visible_nodes(view):
    view.set_graph(GRAPHS["densenet"])
    folded = view.visible_node_count()
    view.unfold_all()
    unfolded = view.visible_node_count()
    view.fold_all()
    assert folded < unfolded and view.visible_node_count() == folded


def test_repeats_fold_into_one_box_marked_n(view):
    view.set_graph(GRAPHS["resnet18"])
    view.unfold("1")  # stage 1: two identical Residual blocks
    keys = [k for k in view.scene.box_items if k.startswith("b:1.")]
    assert keys == ["b:1.0"]
    assert view.scene.box_items["b:1.0"].box.lines[0] == "Residual ×2"
    view.act_repeats.setChecked(False)
    assert sorted(k for k in view.scene.box_items if k.startswith("b:1.")) == ["b:1.0", "b:1.1"]


def test_table_and_graph_selection_follow_each_other(view, qtbot):
    g = GRAPHS["googlenet"]
    view.set_graph(g)
    assert view.proxy.rowCount() == len(g.nodes) - 1
    # table → graph: the block around the layer unfolds, its box is selected
    with qtbot.waitSignal(view.node_selected) as sig:
        row = next(
            r for r in range(view.proxy.rowCount()) if view.proxy.index(r, 0).data() == "2.0.p2_2"
        )
        view.table.setCurrentIndex(view.proxy.index(row, 1))
    assert sig.args == ["2.0.p2_2"]
    key = f"n:{g.node('2.0.p2_2').index}"
    assert view.selected_scene_keys() == [key]
    assert {"2", "2.0"} <= view.expanded
    assert "⌊(12 + 2·1 − 3)/1⌋ + 1 = 12" in view.details.toPlainText()
    # graph → table: click another box
    other = view.scene.box_items[f"n:{g.node('2.0.p3_2').index}"]
    view.view.centerOn(other)
    pos = view.view.mapFromScene(_scene_rect(other).center())
    qtbot.mouseClick(view.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.selected_node() == "2.0.p3_2"
    assert "5×5" in view.details.toPlainText()


def test_table_sorts_numerically(view):
    view.set_graph(GRAPHS["alexnet"])
    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    values = [
        int(view.proxy.index(r, 3).data().replace(",", "")) for r in range(view.proxy.rowCount())
    ]
    assert values == sorted(values, reverse=True)
    assert values[0] == 6400 * 4096 + 4096  # the first linear layer has the most parameters
    assert values[1] == 4096 * 4096 + 4096  # numeric, not text order ("16,…" < "4,…" as text)
    assert "parameters" in view.totals.text() and "46,764,746" in view.totals.text()


def test_hover_tooltip_has_the_details(view):
    g = GRAPHS["lenet"]
    view.set_graph(g)
    tip = view.scene.box_items["n:1"].toolTip()
    for text in ("Conv2d", "kernel", "5×5", "padding", "1×28×28 → 6×28×28", "156", "117,600"):
        assert text in tip
    assert "⌊(28 + 2·2 − 5)/1⌋ + 1 = 28" in tip


def test_export_png_svg_csv(view, tmp_path):
    view.set_graph(GRAPHS["resnet18"])
    view.unfold("2")
    png, svg, csv_path = tmp_path / "g.png", tmp_path / "g.svg", tmp_path / "t.csv"
    view.export_image(str(png))
    view.export_image(str(svg))
    view.export_csv(str(csv_path))
    image = QImage(str(png))
    rect = view.scene.sceneRect()
    assert image.width() >= 2 * rect.width() and image.height() >= 2 * rect.height()
    assert image.pixelColor(image.width() // 2, image.height() // 2).isValid()
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert "Residual block 1" in svg.read_text(encoding="utf-8")
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("layer,type,output_shape")
    assert len(lines) == 1 + len(GRAPHS["resnet18"].nodes) - 1 + 1
    with pytest.raises(ValueError, match=r"\.png or \.svg"):
        view.export_image(str(tmp_path / "g.bmp"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.png", "g.svg", "t.csv"]


def test_zoom_and_fit(view):
    view.set_graph(GRAPHS["densenet"])
    view.unfold_all()
    z = view.view.zoom()
    view.zoom_in()
    assert view.view.zoom() == pytest.approx(z * 1.25)
    view.zoom_out()
    view.zoom_out()
    assert view.view.zoom() < z
    view.fit_to_window()  # a huge graph: a readable zoom and the top, not an 11 % strip
    assert view.view.zoom() >= view.view.readable_zoom() - 1e-6
    visible = view.view.mapToScene(view.view.viewport().rect()).boundingRect()
    top = view.scene.sceneRect().top()
    assert visible.top() <= top + 1 < visible.bottom()
    view.fold_all()
    view.zoom_out()
    view.fit_to_window()  # folded, it is narrow: all of its width, readable
    visible = view.view.mapToScene(view.view.viewport().rect()).boundingRect()
    rect = view.scene.sceneRect()
    assert visible.left() <= rect.left() + 1 and visible.right() >= rect.right() - 1
    assert view.view.zoom() >= view.view.readable_zoom() - 1e-6
