"""Views bound to their state models, both ways: change the state, the widgets follow; change a
widget, the state follows (and ``state_changed`` says so)."""

import pytest

from cnnviz.core.lab_state import LabState
from cnnviz.core.states import ArchitectureState, TrainingState
from cnnviz.gui.architecture import ArchitectureView
from cnnviz.gui.views import SlideView


def test_every_view_speaks_the_slide_protocol(lab):
    from cnnviz.gui.compare import CompareView
    from cnnviz.gui.training import TrainingView

    for cls in (ArchitectureView, CompareView, TrainingView):
        for method in ("apply_state", "capture_state", "frame"):
            assert callable(getattr(cls, method, None)), (cls.__name__, method)
    assert isinstance(lab, SlideView)


# --------------------------------------------------------------------------- lab


def test_lab_state_to_widgets(lab):
    lab.apply(LabState(mode="conv", input="book_3x3", kernel="book_2x2", padding=(1, 2)))
    assert lab.padding.value() == (1, 2) and lab.stride.value() == (1, 1)
    lab.apply(lab.state.replace(stride=(2, 1), out_channels=3))
    assert lab.stride.value() == (2, 1) and lab.out_channels.value() == 3
    lab.apply(LabState(mode="pool", input="book_4x4", pool="avg", kernel_size=(2, 2)))
    assert lab.mode == "pool" and lab.pool_mode.currentData() == "avg"
    assert lab.kernel_size.value() == (2, 2) and lab.trace.output.shape == (1, 3, 3)


def test_lab_widgets_to_state(lab, qtbot):
    lab.apply(LabState(mode="conv", input="book_3x3", kernel="book_2x2"))
    seen = []
    lab.state_changed.connect(seen.append)
    lab.padding.h.setValue(1)
    assert lab.state.padding == (1, 0)
    assert seen and seen[-1].padding == (1, 0)
    lab.use_bias.setChecked(True)
    assert lab.state.bias == 0.0
    lab.set_mode("pool")
    assert seen[-1].mode == "pool" and lab.state.op == "pool"


def test_every_lab_control_edits_the_state_and_the_trace_follows_the_state(lab):
    lab.apply(LabState(mode="conv", input="book_3x3", kernel="book_2x2"))
    lab.in_channels.setValue(2)
    assert lab.state.in_channels == 2 and lab.trace.input.shape[0] == 2
    lab.out_channels.setValue(3)
    assert lab.state.out_channels == 3 and lab.trace.output.shape[0] == 3
    lab.use_bias.setChecked(True)
    lab.bias_value.setValue(1.5)  # output channel 0's bias
    assert lab.state.bias == 1.5 and lab.trace.bias[0] == 1.5
    lab.dilation.w.setValue(2)
    assert lab.state.dilation == (1, 2) and lab.trace.dilation == (1, 2)
    lab.set_mode("pool")
    lab.pool_mode.setCurrentIndex(lab.pool_mode.findData("avg"))
    lab.kernel_size.h.setValue(3)
    assert lab.state.pool == "avg" and lab.state.kernel_size == (3, 2)
    assert lab.trace.mode == "avg" and lab.trace.kernel_size == (3, 2)


def test_a_refused_value_changes_nothing(lab):
    lab.apply(LabState(mode="conv", input="book_3x3", kernel="book_2x2"))
    before, count, state = lab.trace, lab.rebuild_count, lab.state
    lab.stride.h.setValue(0)
    assert lab.error_text("stride") == "stride must be at least 1, not 0."
    assert lab.state == state and lab.stride.value() == (1, 1)  # the spin box goes back
    assert lab.trace is before and lab.rebuild_count == count


def test_each_operation_keeps_its_own_geometry(lab):
    lab.apply(LabState(mode="conv", input="book_3x3", kernel="book_2x2", padding=(1, 1)))
    lab.set_mode("pool")
    assert lab.state.padding == (0, 0) and lab.state.stride == (2, 2)
    assert lab.state.kernel_size == (2, 2) and lab.padding.value() == (0, 0)
    lab.set_mode("conv")
    assert lab.state.padding == (1, 1) and lab.padding.value() == (1, 1)
    lab.set_mode("backward")  # back through the last forward operation, with its geometry
    assert lab.state.through == "conv" and lab.state.padding == (1, 1)
    lab.back_through.setCurrentIndex(lab.back_through.findData("pool"))
    assert lab.state.through == "pool" and lab.state.stride == (2, 2)
    assert lab.backward is not None and lab.trace.kernel_size == (2, 2)


def test_applying_a_state_emits_one_state_change(lab):
    seen = []
    lab.state_changed.connect(seen.append)
    lab.apply(LabState(mode="conv", input="book_3x3", kernel="book_2x2", padding=(1, 1)))
    assert len(seen) == 1 and seen[0].padding == (1, 1)


# --------------------------------------------------------------------------- architecture


@pytest.fixture
def arch(make_architecture_view):
    return make_architecture_view("googlenet")


def test_architecture_state_to_widgets(arch):
    block = next(iter(arch.graph.blocks))
    arch.apply_state(ArchitectureState(unfold=(block,), zoom=1.5).to_slide())
    assert arch.expanded >= {block} and arch.view.zoom() == pytest.approx(1.5)
    arch.apply_state({"unfold": "all"})
    assert arch.expanded == set(arch.graph.blocks)
    arch.apply_state({})  # what a slide leaves out takes its default: all folded, fitted
    assert arch.expanded == set() and arch.selected_node() is None


def test_architecture_widgets_to_state(arch):
    seen = []
    arch.state_changed.connect(seen.append)
    block = next(iter(arch.graph.blocks))
    arch.unfold(block)
    assert block in arch.state.unfold and block in seen[-1].unfold
    node = next(n.name for n in arch.graph.nodes if n.blocks and n.blocks[0] == block)
    arch.select_node(node)
    assert arch.state.select == node and seen[-1].select == node
    arch.zoom_in()
    assert seen[-1].zoom == pytest.approx(round(arch.view.zoom(), 3))


def test_architecture_refuses_what_the_network_lacks(arch):
    with pytest.raises(ValueError, match="no block 'nope'") as info:
        arch.apply_state({"unfold": ["nope"]})
    assert info.value.field == "unfold"


# --------------------------------------------------------------------------- training


@pytest.fixture
def training(qtbot, tmp_path, monkeypatch):
    from cnnviz.gui.training import TrainingView

    monkeypatch.setenv("CNNVIZ_RUNS", str(tmp_path / "runs"))
    v = TrainingView()
    qtbot.addWidget(v)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.shutdown()


def test_training_state_to_widgets(training):
    training.apply_state(TrainingState(network="lenet", dataset="shapes", epochs=3).to_slide())
    assert training.model_name == "lenet" and training.dataset.currentData() == "shapes"
    assert training.epochs.value() == 3 and training.lr.value() == pytest.approx(0.9)
    training.apply_state({"network": "alexnet"})  # unnamed fields: the recipe, all data
    assert training.dataset.currentData() == "fashion-mnist"
    assert training.lr.value() == pytest.approx(0.01) and training.train_subset.value() == 0


def test_training_widgets_to_state(training):
    seen = []
    training.state_changed.connect(seen.append)
    training.epochs.setValue(7)
    assert training.state.epochs == 7 and seen[-1].epochs == 7
    training.dataset.setCurrentIndex(training.dataset.findData("mnist"))
    assert seen[-1].dataset == "mnist"
    training.train_subset.setValue(500)
    assert training.state.train_subset == 500
