"""Receptive fields: the book's numbers, and every window against the real gradient support."""

from __future__ import annotations

import copy
import doctest

import pytest
import torch
from torch import fx, nn
from torch.nn import functional as F

import cnnviz.core.receptive
from cnnviz.core import models
from cnnviz.core.graph import layer_graph, layer_graph_for
from cnnviz.core.graph.fx_trace import _Tracer
from cnnviz.core.receptive import receptive_field_of, receptive_fields

Box = tuple[int, int, int, int]


# --- the reference: which input pixels really change one output cell -------------------------


class _Captured(Exception):
    """Stops the forward pass once the wanted node has run."""


def _positive_copy(model: nn.Module) -> nn.Module:
    """A float64 copy in which every path from an input pixel to an output adds up.

    A gradient can be zero inside the field for three reasons, none of them geometric: ReLU
    switched off, weights that cancel, and max pooling (its gradient reaches only the winner of
    each window). So: every weight is a positive constant (1/fan-in), every bias and norm
    parameter 0.5, the input is positive (so no ReLU is off), and each MaxPool2d becomes an
    AvgPool2d with the same windows. Then the gradient is non-zero exactly where the output
    depends on the pixel. Batch norm runs in eval mode with its fresh statistics.
    """
    m = copy.deepcopy(model).double().eval()
    for parent in list(m.modules()):
        for child_name, child in list(parent.named_children()):
            if isinstance(child, nn.MaxPool2d):
                assert child.dilation in (1, (1, 1)), "AvgPool2d has no dilation"
                avg = nn.AvgPool2d(child.kernel_size, child.stride, child.padding, child.ceil_mode)
                setattr(parent, child_name, avg)
    with torch.no_grad():
        for p in m.parameters():
            p.fill_(1.0 / p[0].numel() if p.dim() > 1 else 0.5)
    return m


def _fx_name(n: fx.Node) -> str:
    """The LayerGraph name of an fx node (see cnnviz.core.graph.fx_trace._Recorder)."""
    if n.op == "call_module":
        return str(n.target)
    stack = list(n.meta.get("nn_module_stack", {}).values())
    parent = stack[-1][0] if stack else ""
    return f"{parent}.{n.name}" if parent else n.name


def _node_output(model: nn.Module, x: torch.Tensor, name: str) -> torch.Tensor:
    """The output of the graph node ``name``: a forward hook when the name is a module, else
    (a function such as ``cat`` or ``add``) the value of that node of the torch.fx graph."""
    found: list[torch.Tensor] = []
    try:
        module = model.get_submodule(name)
    except AttributeError:
        module = None
    if module is not None:

        def grab(m: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
            found.append(output)
            raise _Captured

        handle = module.register_forward_hook(grab)
        try:
            model(x)
        except _Captured:
            pass
        finally:
            handle.remove()
    else:
        gm = fx.GraphModule(model, _Tracer().trace(model))

        class Capture(fx.Interpreter):
            def run_node(self, n: fx.Node):
                result = super().run_node(n)
                if _fx_name(n) == name:
                    found.append(result)
                    raise _Captured
                return result

        interpreter = Capture(gm)
        interpreter.extra_traceback = False
        try:
            interpreter.run(x)
        except _Captured:
            pass
    assert found, f"no node named {name!r}"
    return found[0]


def brute_force_supports(
    model: nn.Module, input_shape: tuple[int, ...], node: str, cells: list[tuple[int, int]]
) -> list[Box]:
    """For each output cell (row, col) of node ``node``: the bounding box (top, left, bottom,
    right; bottom/right exclusive) of the input pixels with a non-zero gradient of the sum over
    channels of that cell. A node without a map (flatten, linear) backprops its whole output."""
    m = _positive_copy(model)
    torch.manual_seed(0)
    x = (torch.rand(input_shape, dtype=torch.float64) + 0.5).requires_grad_(True)
    out = _node_output(m, x, node)
    boxes = []
    for row, col in cells:
        target = out[0, :, row, col].sum() if out.dim() == 4 else out[0].sum()
        (grad,) = torch.autograd.grad(target, x, retain_graph=True)
        hit = grad[0].abs().sum(0) > 0  # (H, W)
        rows = torch.nonzero(hit.any(1)).flatten()
        cols = torch.nonzero(hit.any(0)).flatten()
        boxes.append((int(rows[0]), int(cols[0]), int(rows[-1]) + 1, int(cols[-1]) + 1))
    return boxes


def brute_force_support(
    model: nn.Module, input_shape: tuple[int, ...], node: str, row: int, col: int
) -> Box:
    """:func:`brute_force_supports` for one cell."""
    return brute_force_supports(model, input_shape, node, [(row, col)])[0]


def _some_cells(h: int, w: int) -> list[tuple[int, int]]:
    """The four corners (where clipping matters) and the middle."""
    return sorted({(0, 0), (0, w - 1), (h - 1, 0), (h - 1, w - 1), (h // 2, w // 2)})


# --- the book's numbers --------------------------------------------------------------------------


def test_lenet_fields_grow_by_the_jump():
    g = layer_graph_for("lenet")
    expected = {  # name: (size, jump, start)
        "0": (5, 1, -2),  # 5×5 conv, padding 2
        "1": (5, 1, -2),  # the sigmoid keeps it
        "2": (6, 2, -2),  # 2×2 pool, stride 2
        "3": (14, 2, -2),  # 6 + (5 − 1)·2
        "5": (16, 4, -2),  # 14 + (2 − 1)·2
    }
    for name, (size, jump, start) in expected.items():
        rf = receptive_field_of(g, name)
        assert (rf.size, rf.jump, rf.start) == ((size, size), (jump, jump), (start, start)), name
    rf = receptive_field_of(g, "3")
    assert rf.cells == (10, 10)
    assert rf.window(1, 2) == (0, 2, 14, 16)
    assert rf.clipped(0, 9) == (0, 16, 12, 28)


def test_module_doctest_passes():
    result = doctest.testmod(cnnviz.core.receptive)
    assert result.attempted > 0 and result.failed == 0


def test_two_3x3_convolutions_see_as_far_as_one_5x5():
    two = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1))
    one = nn.Sequential(nn.Conv2d(1, 4, 5, padding=2))
    rf_two = receptive_field_of(layer_graph(two, (1, 1, 12, 12)), "2")
    rf_one = receptive_field_of(layer_graph(one, (1, 1, 12, 12)), "0")
    assert rf_two == rf_one
    assert rf_two.size == (5, 5) and rf_two.jump == (1, 1)
    # and in VGG: 3 after the first convolution of a block, 3 + 2·jump after the next
    g = layer_graph_for("vgg11_small")
    assert receptive_field_of(g, "0.0").size == (3, 3)
    assert receptive_field_of(g, "2.0").size == (18, 18)
    assert receptive_field_of(g, "2.2").size == (18 + 2 * 4, 18 + 2 * 4)


# --- every window against the gradient -----------------------------------------------------------


def _hand_built() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 2, (3, 5), padding=(1, 2)),  # asymmetric kernel
        nn.ReLU(),
        nn.Conv2d(2, 2, 3, dilation=2, padding=1),  # dilation, less padding than "same"
        nn.MaxPool2d(3, stride=2, padding=1),
        nn.Conv2d(2, 2, (5, 3), stride=3, padding=(2, 0)),  # stride 3 drops the last pixels
        nn.AvgPool2d((2, 3), stride=(1, 2), ceil_mode=True),
    )


CASES = [  # (network, input (C, H, W), node names)
    ("lenet", (1, 28, 28), ["0", "2", "3", "5"]),
    ("nin", (1, 96, 96), ["0.0", "1", "3", "4.4"]),  # 96 is not the book's 224: fast
    ("googlenet", (1, 96, 96), ["0.2", "2.0.cat"]),  # the union of four branches
    ("resnet18", (1, 96, 96), ["1.0.add", "2.0.add_2"]),  # 2.0: 1×1 stride-2 shortcut
    ("densenet", (1, 96, 96), ["1.cat_3", "2.3", "3.cat_4"]),
]


@pytest.mark.parametrize(("network", "chw", "names"), CASES, ids=[c[0] for c in CASES])
def test_clipped_window_is_the_gradient_support(network, chw, names):
    torch.manual_seed(0)
    model = models.get_model(network, num_classes=10, in_channels=chw[0])
    shape = (1, *chw)
    g = layer_graph(model, shape)
    fields = receptive_fields(g)
    for name in names:
        rf = fields[g.node(name).index]
        cells = _some_cells(*rf.cells)
        assert brute_force_supports(model, shape, name, cells) == [
            rf.clipped(r, c) for r, c in cells
        ], name


def test_hand_built_net_with_dilation_stride_3_and_asymmetric_kernels():
    model = _hand_built()
    shape = (1, 1, 37, 41)
    g = layer_graph(model, shape)
    fields = receptive_fields(g)
    assert receptive_field_of(g, "0").size == (3, 5)
    assert receptive_field_of(g, "2").size == (3 + 4, 5 + 4)  # dilation 2: a 5×5 reach
    for name in ("0", "2", "3", "4", "5"):
        rf = fields[g.node(name).index]
        h, w = rf.cells
        cells = [(r, c) for r in range(h) for c in range(w)] if h * w <= 60 else _some_cells(h, w)
        assert brute_force_supports(model, shape, name, cells) == [
            rf.clipped(r, c) for r, c in cells
        ], name
    rf = receptive_field_of(g, "5")
    assert rf.window(0, 0) == (-7, -4, 16, 23)  # reaches into the padding…
    assert rf.clipped(0, 0) == (0, 0, 16, 23)  # …which the gradient confirms above


def test_single_cell_reference_agrees():
    model = models.get_model("lenet")
    g = layer_graph(model, (1, 1, 28, 28))
    assert brute_force_support(model, (1, 1, 28, 28), "3", 4, 7) == receptive_field_of(
        g, "3"
    ).clipped(4, 7)


def test_dilated_holes_make_the_window_a_bounding_box():
    # taps at −2, 1, 4 for cell 1: the clipped window starts at 0, the real support at 1
    model = nn.Sequential(nn.Conv2d(1, 1, 3, dilation=3, padding=3))
    g = layer_graph(model, (1, 1, 10, 10))
    rf = receptive_field_of(g, "0")
    assert rf.clipped(1, 1) == (0, 0, 5, 5)
    assert brute_force_support(model, (1, 1, 10, 10), "0", 1, 1) == (1, 1, 5, 5)


class _TwoJumps(nn.Module):
    """Adds a stride-2 1×1 convolution to a stride-1 17×17 one: jumps 2 and 1."""

    def __init__(self) -> None:
        super().__init__()
        self.a = nn.Conv2d(1, 1, 1, stride=2)
        self.b = nn.Conv2d(1, 1, 17)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.a(x) + self.b(x)


def test_merging_different_jumps_is_conservative():
    model = _TwoJumps()
    g = layer_graph(model, (1, 1, 32, 32))
    rf = receptive_field_of(g, "add")
    assert rf.jump == (2, 2)
    cells = _some_cells(*rf.cells)
    for (t, lt, b, r), (ct, cl, cb, cr) in zip(
        brute_force_supports(model, (1, 1, 32, 32), "add", cells),
        [rf.clipped(*c) for c in cells],
        strict=True,
    ):
        assert ct <= t and cl <= lt and cb >= b and cr >= r


# --- the whole input -----------------------------------------------------------------------------


def test_flatten_and_linear_see_the_whole_image():
    g = layer_graph_for("lenet")
    for name in ("6", "7", "11"):
        rf = receptive_field_of(g, name)
        assert rf.whole and rf.jump == (0, 0) and rf.cells == (1, 1)
        assert rf.window(0, 0) == rf.clipped(0, 0) == (0, 0, 28, 28)
    model = models.get_model("lenet")
    assert brute_force_support(model, (1, 1, 28, 28), "7", 0, 0) == (0, 0, 28, 28)


def test_global_pooling_sees_what_the_network_sees():
    model = models.get_model("resnet18")
    g = layer_graph(model, (1, 1, 96, 96))
    rf = receptive_field_of(g, "5")  # AdaptiveAvgPool2d((1, 1))
    assert rf.whole and rf.clipped(0, 0) == (0, 0, 96, 96)
    assert brute_force_support(model, (1, 1, 96, 96), "5", 0, 0) == (0, 0, 96, 96)
    # NiN on 96×96: 11×11 windows with stride 4 stop at pixel 95, the pools drop more
    model = models.get_model("nin")
    g = layer_graph(model, (1, 1, 96, 96))
    rf = receptive_field_of(g, "8")
    assert rf.whole and rf.seen == (0, 0, 91, 91)
    assert brute_force_support(model, (1, 1, 96, 96), "8", 0, 0) == (0, 0, 91, 91)


def test_adaptive_pooling_that_divides_evenly_is_a_regular_pool():
    model = nn.Sequential(nn.Conv2d(1, 2, 3, padding=1), nn.AdaptiveAvgPool2d((4, 3)))
    g = layer_graph(model, (1, 1, 8, 7))
    rf = receptive_field_of(g, "1")
    # rows: 8 → 4, a 2×2 pool; columns: 7 → 3, windows of different widths: the whole row
    assert rf.size[0] == 3 + 1 and rf.jump == (2, 0)
    cells = _some_cells(*rf.cells)
    for (t, lt, b, r), (ct, cl, cb, cr) in zip(
        brute_force_supports(model, (1, 1, 8, 7), "1", cells),
        [rf.clipped(*c) for c in cells],
        strict=True,
    ):
        assert (t, b) == (ct, cb)  # exact along the rows
        assert (cl, cr) == (0, 7) and cl <= lt and cr >= r  # conservative along the columns


# --- layers the recurrence does not model --------------------------------------------------------


class _Functional(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.c = nn.Conv2d(1, 4, 3, padding="same")
        self.c2 = nn.Conv2d(4, 4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(self.c(x), 2)
        return F.adaptive_avg_pool2d(self.c2(x), 1)


def test_same_padding_and_functional_pools():
    g = layer_graph(_Functional(), (1, 1, 16, 16))
    rf = receptive_field_of(g, "c")
    assert (rf.size, rf.start) == ((3, 3), (-1, -1))
    # F.max_pool2d records no usable hyper-parameters: it is taken to see the whole input
    assert receptive_field_of(g, "max_pool2d").whole
    assert receptive_field_of(g, "adaptive_avg_pool2d").whole


class _Untraceable(nn.Module):
    """Data-dependent control flow: fx fails, the graph comes from forward hooks, which miss
    the functional pool between the two convolutions."""

    def __init__(self) -> None:
        super().__init__()
        self.c = nn.Conv2d(1, 4, 3)
        self.c2 = nn.Conv2d(4, 4, 3)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.c(x)
        if x.sum() > 0:
            x = F.max_pool2d(x, 2)
        else:
            x = F.avg_pool2d(x, 2)
        return self.c2(x)


def test_hook_fallback_graph_is_safe_where_a_call_went_unrecorded():
    g = layer_graph(_Untraceable(), (1, 1, 32, 32))
    assert not g.traced
    assert receptive_field_of(g, "c").size == (3, 3)
    rf = receptive_field_of(g, "c2")  # its input is not c's output: a pool went unrecorded
    assert rf.whole and rf.clipped(0, 0) == (0, 0, 32, 32)


@pytest.mark.parametrize(
    ("layer", "passes"),
    [
        (nn.BatchNorm2d(2), True),
        (nn.Dropout(0.5), True),
        (nn.LocalResponseNorm(2), True),
        (nn.Softmax(dim=1), True),
        (nn.GroupNorm(1, 2), False),  # statistics over the whole map
        (nn.InstanceNorm2d(2), False),
        (nn.Upsample(scale_factor=2), False),  # unknown: the whole input
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, nn.Module) else str(v),
)
def test_which_layers_keep_the_field(layer, passes):
    model = nn.Sequential(nn.Conv2d(1, 2, 3), layer)
    g = layer_graph(model, (1, 1, 10, 10))
    rf = receptive_field_of(g, "1")
    assert (rf == receptive_field_of(g, "0")) is passes
    assert rf.whole is not passes


def test_errors_are_sentences():
    g = layer_graph_for("lenet")
    with pytest.raises(ValueError, match="no layer named 'nope'"):
        receptive_field_of(g, "nope")
    with pytest.raises(ValueError, match="no layer number 99"):
        receptive_field_of(g, 99)
    with pytest.raises(ValueError, match="outside the 28×28 output"):
        receptive_field_of(g, "0").window(28, 0)
    with pytest.raises(ValueError, match="image input"):
        receptive_fields(layer_graph(nn.Linear(8, 2), (1, 8)))
