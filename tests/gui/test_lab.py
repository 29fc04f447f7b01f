"""The convolution lab: stepping, pooling, backward, errors, learn-a-kernel, feature maps, keys,
export."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PIL import Image
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPalette, QRegion

from cnnviz.core.graph import layer_graph_for
from cnnviz.gui.lab import ConvolutionLab
from cnnviz.gui.lab.canvas import Mark
from cnnviz.gui.theme import get_theme

BOOK_OUTPUT = [["19", "25"], ["37", "43"]]


def shown_output(lab: ConvolutionLab, key: str = "output", channel: int = 0) -> list[list[str]]:
    g = lab.stepper.canvas.grid(key, channel)
    return [
        [lab.stepper.canvas.shown_text(key, channel, i, j) for j in range(g.cols)]
        for i in range(g.rows)
    ]


def marks(lab: ConvolutionLab, style: str, key: str | None = None) -> list[Mark]:
    return [
        m for m in lab.stepper.canvas.marks if m.style == style and (key is None or m.key == key)
    ]


def set_pair(pair, h: int, w: int) -> None:
    """Type into a (height, width) pair of spin boxes, height first."""
    pair.h.setValue(h)
    pair.w.setValue(w)


# --------------------------------------------------------------------------- stepping


def test_book_example_steps_through_19_25_37_43(lab):
    lab.set_input_sample("book_3x3")
    lab.set_kernel_preset("book_2x2")
    stepper = lab.stepper
    assert stepper.num_steps == 4
    assert shown_output(lab) == [["", ""], ["", ""]]  # nothing computed before the first step
    assert lab.stepper.canvas.shown_text("input", 0, 2, 1) == "7"
    assert lab.stepper.canvas.shown_text("kernel", 0, 1, 1) == "3"
    expected_sums = [
        "0×0 + 1×1 + 3×2 + 4×3 = 19",
        "1×0 + 2×1 + 4×2 + 5×3 = 25",
        "3×0 + 4×1 + 6×2 + 7×3 = 37",
        "4×0 + 5×1 + 7×2 + 8×3 = 43",
    ]
    filled = [["", ""], ["", ""]]
    for k, expression in enumerate(expected_sums):
        stepper.step_forward()
        i, j = divmod(k, 2)
        filled[i][j] = BOOK_OUTPUT[i][j]
        assert shown_output(lab) == filled  # the new cell fills in, earlier ones stay
        assert stepper.expression.text() == expression
        window = marks(lab, "window", "input")[0]
        assert window.block == (i, j, 2, 2)
        assert marks(lab, "current", "output")[0].cells == ((i, j),)
    assert "4 of 4" in stepper.step_label.text()
    stepper.step_back()
    assert shown_output(lab) == [["19", "25"], ["37", ""]]
    stepper.jump_to_end()
    np.testing.assert_array_equal(stepper.output.data, [[19, 25], [37, 43]])
    assert stepper.output.levels == (19.0, 43.0)


def test_typed_matrix_and_typed_kernel(lab):
    lab.input_source.setCurrentIndex(lab.input_source.findData("typed"))
    set_pair(lab.in_size, 3, 3)
    for i in range(3):
        for j in range(3):
            lab.input_editor.set_cell(i, j, str(3 * i + j))
    lab.kernel_source.setCurrentIndex(lab.kernel_source.findData("custom"))
    set_pair(lab.kernel_size, 2, 2)
    for (i, j), text in zip([(0, 0), (0, 1), (1, 0), (1, 1)], ["0", "1", "2", "3"]):
        lab.kernel_editor.set_cell(i, j, text)
    lab.kernel_editor.set_cell(0, 0, "not a number")  # ignored: the cell goes back to 0
    assert lab.kernel_editor.item(0, 0).text() == "0"
    lab.stepper.jump_to_end()
    assert shown_output(lab) == BOOK_OUTPUT
    assert lab.trace.input[0].tolist() == [[0, 1, 2], [3, 4, 5], [6, 7, 8]]


def test_channels_bias_and_padding_match_torch(lab):
    lab.set_input_sample("book_two_channels")
    assert lab.in_channels.value() == 2
    lab.set_kernel_preset("book_2x2")
    lab.out_channels.setValue(2)
    lab.edit_out.setValue(1)
    lab.edit_in.setValue(1)
    lab.kernel_editor.set_cell(0, 0, "−1")  # typed with a real minus sign
    lab.use_bias.setChecked(True)
    lab.bias_value.setValue(0.5)  # bias of output channel 1
    set_pair(lab.padding, 1, 0)
    set_pair(lab.stride, 1, 2)
    t = lab.trace
    K = torch.tensor([[0.0, 1], [2, 3]]).expand(2, 2, 2, 2).clone()
    K[1, 1, 0, 0] = -1
    X = torch.tensor([[[0.0, 1, 2], [3, 4, 5], [6, 7, 8]], [[1.0, 2, 3], [4, 5, 6], [7, 8, 9]]])
    expected = F.conv2d(X[None], K, torch.tensor([0.0, 0.5]), stride=(1, 2), padding=(1, 0))[0]
    torch.testing.assert_close(t.output, expected.double())
    assert lab.formula.text() == t.formula
    assert "H: ⌊(3 + 2·1 − 2)/1⌋ + 1 = 4" in lab.formula.text()
    lab.stepper.set_step(t.step_index(1, 1, 0))
    text = lab.stepper.expression.text()
    assert text.startswith("channel 0:") and "channel 1:" in text and "0.5 = " in text
    # the padding rows are drawn as padding cells holding 0
    assert lab.stepper.canvas.grid("input", 0).pad == (1, 0)
    assert lab.stepper.canvas.shown_text("input", 0, 0, 1) == "0"


def test_one_by_one_convolution(lab):
    lab.set_input_sample("generated_house")
    assert lab.in_channels.value() == 3
    lab.kernel_source.setCurrentIndex(lab.kernel_source.findData("random"))
    set_pair(lab.kernel_size, 1, 1)
    lab.out_channels.setValue(2)
    t = lab.trace
    assert t.kernel.shape == (2, 3, 1, 1)
    assert t.output.shape == (2, 48, 48)
    torch.testing.assert_close(t.output, F.conv2d(t.input[None], t.kernel)[0])


# --------------------------------------------------------------------------- pooling and backward


def _book_pooling(lab: ConvolutionLab) -> None:
    lab.set_input_sample("book_4x4")
    lab.set_mode("pool")
    set_pair(lab.kernel_size, 2, 3)
    set_pair(lab.stride, 2, 3)
    set_pair(lab.padding, 0, 1)


def test_max_pooling_book_example_marks_winners(lab):
    _book_pooling(lab)
    assert not lab.general_error.isVisible()
    assert lab.trace.output.tolist() == [[[5.0, 7.0], [13.0, 15.0]]]
    lab.stepper.step_forward()
    assert lab.stepper.expression.text() == "max(−∞, 0, 1, −∞, 4, 5) = 5"
    assert marks(lab, "winner")[0].cells == ((1, 2),)  # 5, in padded coordinates
    lab.stepper.step_forward()
    assert marks(lab, "winner")[0].cells == ((1, 4),)  # 7
    assert [m.cells for m in marks(lab, "won")] == [((1, 2),)]  # the earlier winner stays marked
    lab.stepper.jump_to_end()
    assert shown_output(lab) == [["5", "7"], ["13", "15"]]
    lab.pool_mode.setCurrentIndex(lab.pool_mode.findData("avg"))
    torch.testing.assert_close(
        lab.trace.output,
        F.avg_pool2d(lab.trace.input[None], (2, 3), (2, 3), (0, 1))[0],
    )


def test_backward_through_max_pooling_sends_gradient_to_the_winners(lab):
    _book_pooling(lab)
    lab.set_mode("backward")
    assert lab.back_through.currentData() == "pool"
    assert lab.stepper.kind == "pool_backward"
    lab.stepper.step_forward()
    receive = marks(lab, "receive", "grad_in")[0]
    assert receive.cells == ((1, 2),) and receive.labels == ("+1",)
    assert "winner X[0, 1, 1] = 5" in lab.stepper.expression.text()
    lab.stepper.jump_to_end()
    grad = lab.backward.input_grad[0]
    expected = torch.zeros(4, 4, dtype=torch.float64)
    for r, c in [(1, 1), (1, 3), (3, 1), (3, 3)]:  # where 5, 7, 13 and 15 sit
        expected[r, c] = 1
    torch.testing.assert_close(grad, expected)
    shown = shown_output(lab, "grad_in")  # padded by one column on each side
    assert [row[1:-1] for row in shown] == [
        ["0", "0", "0", "0"],
        ["0", "1", "0", "1"],
        ["0", "0", "0", "0"],
        ["0", "1", "0", "1"],
    ]


def test_backward_through_convolution_with_one_cell_chosen_by_click(lab, qtbot):
    lab.set_mode("backward")
    assert lab.back_through.currentData() == "conv"
    canvas = lab.stepper.canvas
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.cell_center("grad_out", 0, 1, 0).toPoint()
    )
    assert lab.grad_kind.currentData() == "cell"
    G = lab.backward.grad_output[0]
    assert G.tolist() == [[0.0, 0.0], [1.0, 0.0]]
    lab.stepper.jump_to_end()
    # the gradient of Y[1, 0] reaches the window under it, times the kernel
    expected = torch.zeros(3, 3, dtype=torch.float64)
    expected[1:3, 0:2] = torch.tensor([[0.0, 1], [2, 3]])
    torch.testing.assert_close(lab.backward.input_grad[0], expected)
    lab.stepper.set_step(2)
    labels = marks(lab, "receive", "grad_in")[0].labels
    assert labels == ("+0", "+1", "+2", "+3")


def test_backward_steps_add_up_to_autograd_forwards_and_backwards(lab):
    lab.set_input_sample("generated_shapes")
    lab.set_kernel_preset("sobel_y")
    set_pair(lab.stride, 2, 1)
    lab.set_mode("backward")
    lab.grad_kind.setCurrentIndex(lab.grad_kind.findData("random"))
    b, stepper = lab.backward, lab.stepper
    for _ in range(40):
        stepper.step_forward()
    for _ in range(15):
        stepper.step_back()
    assert stepper.k == 24
    shown = stepper.canvas.grid("grad_in", 0).values
    np.testing.assert_allclose(shown, b.padded_input_grad_after(24)[0].numpy(), atol=1e-12)
    stepper.jump_to_end()
    X = lab.trace.input.clone().requires_grad_(True)
    Y = F.conv2d(X[None], lab.trace.kernel, stride=(2, 1))[0]
    Y.backward(b.grad_output)
    np.testing.assert_allclose(stepper.output.data, X.grad[0].numpy(), atol=1e-9)


# --------------------------------------------------------------------------- errors


def test_invalid_padding_shows_red_message_and_keeps_the_trace(lab):
    lab.stepper.set_step(1)
    before, shown_before = lab.trace, shown_output(lab)
    lab.padding.h.setValue(-1)
    message = lab.error_text("padding")
    assert message == "padding must be at least 0, not -1."
    assert lab.errors["padding"].isVisible()
    red = lab.errors["padding"].palette().color(QPalette.ColorRole.WindowText)
    assert red.name() == "#c62828"  # shown in red
    assert all(lab.error_text(k) == "" for k in lab.errors if k != "padding")
    # refused: the state, the spin box, the trace and the step are as they were
    assert lab.state.padding == (0, 0) and lab.padding.value() == (0, 0)
    assert lab.trace is before and lab.stepper.trace is before
    assert lab.stepper.k == 1 and shown_output(lab) == shown_before
    lab.padding.w.setValue(1)
    assert lab.error_text("padding") == "" and lab.state.padding == (0, 1)
    lab.padding.w.setValue(0)
    # pooling: more padding than half the window is PyTorch's error, shown at the padding
    _book_pooling(lab)
    pool_trace = lab.trace
    lab.padding.w.setValue(2)
    assert "at most half of kernel_size" in lab.error_text("padding")
    assert lab.trace is pool_trace


def test_kernel_larger_than_input_is_reported_at_the_kernel_size(lab):
    before = lab.trace
    set_pair(lab.kernel_size, 5, 5)
    assert "more than the padded input" in lab.error_text("kernel")
    assert lab.trace is before
    set_pair(lab.padding, 1, 1)  # now it fits
    assert lab.error_text("kernel") == ""
    assert lab.trace.output.shape == (1, 1, 1)


def test_a_kernel_too_large_goes_beside_the_control_just_changed(lab):
    set_pair(lab.kernel_size, 3, 3)
    assert lab.error_text("kernel") == ""
    set_pair(lab.dilation, 2, 2)  # a dilated 3×3 spans 5×5 cells of the 3×3 input
    assert "more than the padded input" in lab.error_text("dilation")
    assert lab.error_text("kernel") == "" and lab.error_text("general") == ""
    set_pair(lab.dilation, 1, 1)
    assert not [k for k in lab.errors if lab.error_text(k)]


# --------------------------------------------------------------------------- state


def _lab_slides():
    from cnnviz.core import lessons

    for name in lessons.list_lessons():
        for i, slide in enumerate(lessons.load_lesson(name).slides, 1):
            if slide.view == "lab":
                yield f"{name}/{i}", slide.state


def test_applying_any_lesson_slide_traces_once(lab):
    from cnnviz.core.lab_state import LabState

    slides = list(_lab_slides())
    assert len(slides) >= 15
    for where, keys in slides:
        before = lab.rebuild_count
        lab.apply_state(keys)
        expected = 0 if LabState.from_slide(keys).op is None else 1
        assert lab.rebuild_count - before == expected, where
        assert not [k for k in lab.errors if lab.error_text(k)], where


def test_apply_then_capture_gives_the_state_back(lab):
    from cnnviz.core.lab_state import LabState

    for where, keys in _lab_slides():
        state = LabState.from_slide(keys)
        lab.apply(state)
        back = LabState.from_slide(lab.capture_state())
        for field in ("mode", "in_channels", "padding", "stride", "bias"):
            assert getattr(back, field) == getattr(state, field), (where, field)
        if state.op == "conv":
            assert (back.out_channels, back.dilation) == (state.out_channels, state.dilation)
        if state.input is not None:
            assert back.input == state.input, where


def test_a_slide_resets_what_it_does_not_name(lab):
    set_pair(lab.padding, 2, 2)
    lab.use_bias.setChecked(True)
    lab.out_channels.setValue(3)
    lab.apply_state({"lab_mode": "conv", "input": "book_3x3", "kernel": "book_2x2"})
    assert lab.padding.value() == (0, 0) and not lab.use_bias.isChecked()
    assert lab.out_channels.value() == 1
    assert lab.trace.output.tolist() == [[[19.0, 25.0], [37.0, 43.0]]]


# --------------------------------------------------------------------------- input files


def test_opening_a_broken_image_shows_the_error_and_changes_nothing(lab, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n this is not really a PNG")
    before_trace, before_input = lab.trace, lab.input_tensor()
    assert lab.open_image(broken) is False
    assert lab.file_error.isVisible()
    assert "broken.png could not be read" in lab.file_error.text()
    assert lab.trace is before_trace
    assert torch.equal(lab.input_tensor(), before_input)
    assert lab.input_source.findData("file") == -1
    # a real photo-sized image is reduced to at most 64×64 and replaces the input
    photo = tmp_path / "photo.jpg"
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (120, 200, 3), dtype=np.uint8)).save(photo)
    assert lab.open_image(photo) is True
    assert not lab.file_error.isVisible()
    assert lab.input_source.currentData() == "file"
    assert tuple(lab.trace.input.shape) == (3, 38, 64)


# --------------------------------------------------------------------------- learn a kernel


def test_learn_a_kernel_converges_to_the_edge_detector(lab, qtbot):
    lab.set_mode("learn")
    panel = lab.learn
    panel.speed.setValue(30)
    panel.steps.setValue(15)
    assert panel.kernel is None
    with qtbot.waitSignal(panel.finished, timeout=10_000):
        panel.play()
    assert not panel.is_playing
    assert len(panel.losses) == 15
    assert panel.losses[-1] < panel.losses[0] / 20
    torch.testing.assert_close(
        panel.kernel, torch.tensor([[1.0, -1.0]], dtype=panel.kernel.dtype), atol=0.05, rtol=0
    )
    shown = [panel.canvas.shown_text("learned", 0, 0, j) for j in range(2)]
    assert shown[0].startswith(("0.9", "1")) and shown[1].startswith(("−0.9", "−1"))
    assert "loss" in panel.status.text() and "Done" in panel.status.text()
    x, y = panel.curve.getData()
    assert len(x) == 15 and y[0] == panel.losses[0]
    panel.lr.setValue(0.05)  # a new learning rate starts again
    assert panel.kernel is None and panel.losses == []


# --------------------------------------------------------------------------- feature maps


def test_feature_maps_list_every_layer_and_open_a_conv_channel(lab, qtbot):
    lab.set_model("lenet")
    lab.set_input_sample("fashion_ankle_boot")
    with qtbot.waitSignal(lab.features_computed, timeout=60_000):
        lab.set_mode("features")
    assert lab.features.status.text().startswith("LeNet-5 (initial weights")  # not "lenet"
    mosaic = lab.features.mosaic
    assert mosaic.layer_names() == [n.name for n in layer_graph_for("lenet").nodes]
    model = lab._extractor.model
    # click channel 5 of the second convolution: its real input and kernel go to the stepper
    rect = mosaic.tile_rect("3", 5)
    qtbot.mouseClick(mosaic, Qt.MouseButton.LeftButton, pos=rect.center().toPoint())
    assert lab.mode == "conv"
    t = lab.trace
    weight = model.get_submodule("3").weight.detach().double()
    torch.testing.assert_close(t.kernel[0], weight[5, :3])
    torch.testing.assert_close(t.bias, model.get_submodule("3").bias.detach().double()[5:6])
    inputs = lab._features.get("3").input
    torch.testing.assert_close(t.input, inputs[:3].double())
    assert lab.kernel_source.currentData() == "network"
    assert lab.layer_combo.currentData() == "3" and lab.layer_channel.value() == 5
    assert "input channels 0–2 of 6" in lab.input_info.text()
    # the first convolution is small enough to replay exactly
    assert lab.open_layer("0", 2)
    torch.testing.assert_close(
        lab.trace.output[0], lab._features.get("0").maps[2].double(), atol=1e-5, rtol=0
    )
    assert "equals the layer's feature map" in lab.input_info.text()
    # a pooling layer opens in the pooling stepper
    assert lab.open_layer("2", 1)
    assert lab.mode == "pool" and lab.trace.mode == "avg"
    assert lab.open_layer("1", 0) is False  # a sigmoid is not steppable


def test_network_kernel_source_uses_the_layer_weights(lab, qtbot):
    lab.set_model("lenet")
    with qtbot.waitSignal(lab.model_loaded, timeout=60_000):
        lab.kernel_source.setCurrentIndex(lab.kernel_source.findData("network"))
    assert [lab.layer_combo.itemData(i) for i in range(lab.layer_combo.count())] == ["0", "3"]
    lab.layer_channel.setValue(4)
    weight = lab._extractor.model.get_submodule("0").weight.detach().double()
    torch.testing.assert_close(lab.trace.kernel[0, 0], weight[4, 0])
    assert lab.trace.padding == (2, 2)  # the layer's own geometry
    assert "initial weights" in lab.network_info.text()


def test_trained_weights_given_to_set_model_are_used(lab, qtbot):
    from cnnviz.core.models import get_model

    trained = get_model("lenet")
    with torch.no_grad():
        trained[0].weight.fill_(0.25)
    lab.set_model("lenet", trained)
    with qtbot.waitSignal(lab.model_loaded, timeout=60_000):
        lab.kernel_source.setCurrentIndex(lab.kernel_source.findData("network"))
    assert torch.all(lab.trace.kernel == 0.25)
    assert "trained weights" in lab.network_info.text()
    assert lab._extractor.model is not trained  # a copy: training can go on meanwhile


# --------------------------------------------------------------------------- keys, export, style


def test_keyboard_shortcuts_move_the_step(lab, qtbot):
    canvas = lab.stepper.canvas
    canvas.setFocus()
    keys = [
        (Qt.Key.Key_Right, 0),
        (Qt.Key.Key_Right, 1),
        (Qt.Key.Key_Left, 0),
        (Qt.Key.Key_End, 3),
        (Qt.Key.Key_Home, -1),
        (Qt.Key.Key_PageDown, 0),
        (Qt.Key.Key_PageDown, 1),
        (Qt.Key.Key_PageUp, 0),
    ]
    for key, step in keys:
        qtbot.keyClick(canvas, key)
        assert lab.stepper.k == step, key
    qtbot.keyClick(canvas, Qt.Key.Key_Space)
    assert lab.stepper.is_playing
    qtbot.keyClick(canvas, Qt.Key.Key_Space)
    assert not lab.stepper.is_playing
    # while a number is being typed, the arrows stay in the spin box
    lab.padding.h.setFocus()
    qtbot.keyClick(lab.padding.h, Qt.Key.Key_Right)
    assert lab.stepper.k == 0


def test_playing_reaches_the_end_and_stops(lab, qtbot):
    lab.stepper.speed.setValue(100)
    lab.stepper.play()
    qtbot.waitUntil(lambda: not lab.stepper.is_playing, timeout=5_000)
    assert lab.stepper.k == 3


def test_export_png_and_step_series(lab, tmp_path):
    png = tmp_path / "lab.png"
    lab.export_png(png)
    image = QImage(str(png))
    assert png.stat().st_size > 1000 and image.width() == lab.width()
    umask = os.umask(0)
    os.umask(umask)
    assert png.stat().st_mode & 0o777 == 0o666 & ~umask  # not private like a temporary file
    with pytest.raises(ValueError):
        lab.export_png(tmp_path / "lab.jpg")
    files = lab.export_steps(tmp_path / "steps.png")
    assert [f.name for f in files] == [f"steps_{k:04d}.png" for k in range(1, 5)]
    assert all(f.stat().st_size > 0 for f in files)
    first, last = QImage(str(files[0])), QImage(str(files[-1]))
    assert first.size() == last.size() and first != last
    gif = tmp_path / "steps.gif"
    lab.export_steps(gif)
    with Image.open(gif) as im:
        assert im.n_frames == 4
    assert lab.stepper.k == -1  # exporting leaves the step where it was


def test_presentation_scale_keeps_numbers_readable(lab, qtbot):
    lab.set_style(get_theme("contrast"), 3.0)
    lab.resize(1600, 1000)
    qtbot.wait(20)  # let the layouts settle
    grid = lab.stepper.canvas.grid("input", 0)
    assert grid.show_numbers and grid.cell >= 50 and grid.font_px >= 3 * 8.5
    assert lab.stepper.canvas.shown_text("input", 0, 1, 1) == "4"
    lab.retranslate()  # texts set again without losing the state
    assert lab.tabs.tabText(0) == "Convolution" and lab.trace is not None


def test_incremental_repaint_repaints_less_than_the_whole_canvas(lab, qtbot):
    lab.set_input_sample("fashion_ankle_boot")
    lab.set_kernel_preset("sobel_x")
    canvas = lab.stepper.canvas
    canvas.repaint()
    regions = []
    original = canvas.update

    def record(*args):
        regions.append(args)
        original(*args)

    canvas.update = record
    lab.stepper.step_forward()
    lab.stepper.step_forward()
    canvas.update = original
    assert regions and all(args for args in regions)  # only rectangles/regions, never all
    # the lens (the window magnified) follows the window, so it is repainted whole; the rest
    # of the canvas only where the window and the new output cell are
    lens = canvas.grid("lens", 0).rect().toAlignedRect().adjusted(-8, -8, 8, 8)
    outside = QRegion()
    for (r,) in regions:
        outside = outside.united(QRegion(r) if not isinstance(r, QRegion) else r)
    outside = outside.subtracted(QRegion(lens))
    area = sum(r.width() * r.height() for r in outside)
    assert area < canvas.width() * canvas.height() / 8


def test_the_lab_never_leaves_timers_running_when_closed(qtbot):
    w = ConvolutionLab()
    qtbot.addWidget(w)
    w.show()
    w.stepper.play()
    w.set_mode("learn")
    w.learn.play()
    w.close()
    assert not w.stepper.is_playing and not w.learn.is_playing
    assert not [t for t in w.findChildren(QTimer) if t.isActive()]


def test_the_installed_pyside6_keeps_its_references_to_none(qtbot):
    """PySide6 6.12.0 (excluded in pyproject.toml) dropped a reference to None on every void
    call, and Python 3.11 aborts once None's count reaches 0: the lab paints hundreds of cells a
    frame. A supported version must not (None is immortal from Python 3.12 on)."""
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
    assert sys.getrefcount(None) >= before - 10
