"""Structure inference: shapes, parameters, MACs and data flow against torch itself."""

import operator

import pytest
import torch
from torch import nn
from torch.nn import functional as F
from torch.utils.flop_counter import FlopCounterMode

from cnnviz.core import models
from cnnviz.core.graph import ShapeError, kind_of, layer_graph, layer_graph_for, output_size_formula

NAMES = models.list_models()


def _real_leaf_shapes(net: nn.Module, shape) -> dict[str, list[tuple]]:
    """Output shapes of every leaf module in a real CPU forward pass, by qualified name."""
    out: dict[str, list[tuple]] = {}
    hooks = [
        m.register_forward_hook(lambda m, i, o, q=q: out.setdefault(q, []).append(tuple(o.shape)))
        for q, m in net.named_modules()
        if q and not list(m.children())
    ]
    with torch.no_grad():
        net.eval()(torch.rand(shape))
    for h in hooks:
        h.remove()
    return out


@pytest.fixture(scope="module")
def graphs():
    return {name: layer_graph_for(name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_shapes_match_a_real_forward_pass(name, graphs):
    g = graphs[name]
    info = models.model_info(name)
    real = _real_leaf_shapes(models.get_model(name), info.input_shape)
    from_graph: dict[str, list[tuple]] = {}
    for n in g.nodes[1:]:
        if n.name in real or n.name.split("#")[0] in real:
            from_graph.setdefault(n.name.split("#")[0], []).append(n.output_shape)
    assert from_graph == real
    assert g.nodes[0].output_shape == info.input_shape
    assert g.output_shape == (1, 10)
    assert g.traced


@pytest.mark.parametrize("name", NAMES)
def test_parameters_add_up(name, graphs):
    g = graphs[name]
    with torch.device("meta"):
        net = models.get_model(name)
    total = sum(p.numel() for p in net.parameters())
    assert g.total_params == total
    assert sum(n.params for n in g.nodes) == total


@pytest.mark.parametrize("name", NAMES)
def test_macs_agree_with_torch_flop_counter(name, graphs):
    g = graphs[name]
    with torch.device("meta"):
        net = models.get_model(name).eval()
        x = torch.zeros(models.model_info(name).input_shape)
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        net(x)
    conv_linear_macs = sum(n.macs for n in g.nodes if n.kind in ("conv", "linear"))
    assert conv_linear_macs == counter.get_total_flops() // 2
    assert g.total_macs == conv_linear_macs > 0


def test_lenet_first_conv_hyperparameters_and_formula(graphs):
    n = graphs["lenet"].node("0")
    assert (n.op, n.kind) == ("Conv2d", "conv")
    assert n.hparams["kernel_size"] == (5, 5) and n.hparams["padding"] == (2, 2)
    assert n.hparams["in_channels"] == 1 and n.hparams["out_channels"] == 6
    assert n.input_shapes == [(1, 1, 28, 28)] and n.output_shape == (1, 6, 28, 28)
    assert n.params == 6 * 25 + 6 and n.macs == 6 * 28 * 28 * 25
    assert n.formula == "⌊(28 + 2·2 − 5)/1⌋ + 1 = 28"
    assert graphs["lenet"].node("2").formula == "⌊(28 + 2·0 − 2)/2⌋ + 1 = 14"


@pytest.mark.parametrize("name", NAMES)
def test_every_formula_ends_with_the_real_output_size(name, graphs):
    checked = 0
    for n in graphs[name].nodes:
        if n.formula:
            h, w = n.output_shape[2:]
            if n.formula.startswith("H:"):
                hf, wf = n.formula.split(";")
                assert hf.strip().endswith(f"= {h}") and wf.strip().endswith(f"= {w}")
            else:
                assert h == w and n.formula.endswith(f"= {h}")
            checked += 1
    convs_pools = [n for n in graphs[name].nodes if n.kind in ("conv", "pool")]
    adaptive = [n for n in convs_pools if "Adaptive" in n.op]
    assert checked == len(convs_pools) - len(adaptive) > 0


def test_output_size_formula_non_square_dilated_and_ceil():
    text, out = output_size_formula((4, 4), (2, 3), stride=(2, 3), padding=(0, 1))
    assert out == (2, 2) and text == "H: ⌊(4 + 2·0 − 2)/2⌋ + 1 = 2;  W: ⌊(4 + 2·1 − 3)/3⌋ + 1 = 2"
    text, out = output_size_formula((9, 9), 3, 1, 0, dilation=2)
    assert out == (5, 5) and text == "⌊(9 + 2·0 − 2·(3 − 1) − 1)/1⌋ + 1 = 5"
    assert output_size_formula((5, 5), 2, 2, ceil_mode=True)[1] == (3, 3)
    x = torch.zeros(1, 1, 9, 9)
    assert F.conv2d(x, torch.zeros(1, 1, 3, 3), dilation=2).shape[2:] == (5, 5)


def test_inception_has_four_branches_joined_by_the_concatenation(graphs):
    g = graphs["googlenet"]
    cat = g.node("2.0.cat")
    assert cat.kind == "merge" and cat.output_shape == (1, 256, 12, 12)
    branch_ends = [g.nodes[i] for i in g.predecessors(cat.index)]
    assert [n.output_shape[1] for n in branch_ends] == [64, 128, 32, 32]
    # the block's input fans out to the four branch heads
    block_input = g.nodes[g.predecessors(g.node("2.0.p1_1").index)[0]]
    heads = {g.nodes[i].name for i in g.successors(block_input.index)}
    assert heads == {"2.0.p1_1", "2.0.p2_1", "2.0.p3_1", "2.0.p4_1"}
    assert g.blocks["2.0"].type == "Inception" and g.blocks["2.0"].parent == "2"
    assert sum(b.type == "Inception" for b in g.blocks.values()) == 9


def test_residual_shortcut_joins_at_the_addition(graphs):
    g = graphs["resnet18"]
    adds = [n for n in g.nodes if n.op == "add"]
    assert len(adds) == 8
    for add in adds:
        preds = [g.nodes[i] for i in g.predecessors(add.index)]
        assert len(preds) == 2
        block = add.blocks[-1]
        main = g.node(f"{block}.bn2")
        assert main in preds
        shortcut = next(p for p in preds if p is not main)
        if shortcut.name.endswith("conv3"):
            assert shortcut.hparams["kernel_size"] == (1, 1) and shortcut.hparams["stride"] == (
                2,
                2,
            )
        else:  # identity: the block's own input
            assert g.node(f"{block}.conv1").index in g.successors(shortcut.index)
    assert sum(n.name.endswith("conv3") for n in g.nodes) == 3


def test_densenet_concatenates_input_and_each_conv_block(graphs):
    g = graphs["densenet"]
    cats = [n for n in g.nodes if n.op == "cat"]
    assert len(cats) == 16
    for cat in cats:
        assert len(g.predecessors(cat.index)) == 2
    assert [c.output_shape[1] for c in cats[:4]] == [96, 128, 160, 192]
    assert {b.type for b in g.blocks.values()} >= {"DenseBlock", "TransitionBlock", "ConvBlock"}


def test_edges_point_forward_and_every_node_is_reached(graphs):
    for g in graphs.values():
        assert all(a < b for a, b in g.edges)
        reached = {b for _, b in g.edges}
        assert reached == set(range(1, len(g.nodes)))


def test_summary_depths(graphs):
    g = graphs["vgg11"]
    top = g.summary(1)
    assert [r.type for r in top[:5]] == ["VGGBlock"] * 5
    assert top[0].base_type == "Sequential" and top[0].output_shape == (1, 64, 112, 112)
    assert sum(r.params for r in top) == g.total_params
    deep = g.summary(2)
    assert deep[0].open and deep[0].name == "0"
    assert [r.name for r in deep[1:4]] == ["0.0", "0.1", "0.2"]
    leaves = [r for r in deep if not r.is_block]
    assert sum(r.params for r in leaves) == g.total_params


def test_input_too_small_names_the_layer():
    with pytest.raises(ShapeError, match=r"layer '5' \(MaxPool2d\).*2×2.*0×0"):
        layer_graph_for("alexnet", (28, 28))
    with pytest.raises(ValueError, match="at least 1"):
        layer_graph_for("lenet", (0, 28))


def test_wrong_channels_is_a_readable_error():
    with pytest.raises(ShapeError, match=r"layer '0' \(Conv2d\).*channels"):
        layer_graph(models.get_model("lenet"), (1, 3, 28, 28))


def test_layer_type_kinds():
    assert kind_of("Conv2d") == "conv" and kind_of("MaxPool2d") == "pool"
    assert kind_of("BatchNorm") == "norm" and kind_of("relu") == "activation"
    assert kind_of("cat") == "merge" and kind_of("Flatten") == "reshape"
    assert kind_of("Linear") == "linear" and kind_of("Dropout") == "dropout"
    assert kind_of("Frobnicate") == "other"


class _Branchy(nn.Module):
    """Data-dependent control flow: torch.fx cannot trace it."""

    def __init__(self):
        super().__init__()
        self.a = nn.Conv2d(1, 4, 3)
        self.b = nn.Conv2d(4, 4, 3, padding=1)
        self.head = nn.Linear(4 * 6 * 6, 3)

    def forward(self, x):
        y = self.a(x)
        if y.sum() > 1e9:  # never true, but fx must not decide
            y = y * 2
        y = self.b(y)
        return self.head(y.flatten(1))


def test_untraceable_models_fall_back_to_hooks():
    g = layer_graph(_Branchy(), (1, 1, 8, 8))
    assert not g.traced
    assert [n.name for n in g.nodes] == ["input", "a", "b", "head"]
    assert [n.output_shape for n in g.nodes] == [(1, 1, 8, 8), (1, 4, 6, 6), (1, 4, 6, 6), (1, 3)]
    assert g.edges[:2] == [(0, 1), (1, 2)]
    assert g.total_params == sum(p.numel() for p in _Branchy().parameters())


class _Shared(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(2, 2, 3, padding=1)

    def forward(self, x):
        return operator.add(self.conv(self.conv(x)), x)


def test_a_module_called_twice_counts_its_parameters_once():
    g = layer_graph(_Shared(), (1, 2, 5, 5))
    names = [n.name for n in g.nodes]
    assert names[:3] == ["input", "conv", "conv#2"]
    assert sum(n.params for n in g.nodes) == g.total_params == 2 * 2 * 9 + 2
    assert g.nodes[2].macs == g.nodes[1].macs == 2 * 25 * 2 * 9


def test_real_weights_are_left_untouched_and_mode_restored():
    net = models.get_model("lenet").train()
    before = [p.clone() for p in net.parameters()]
    g = layer_graph(net, (1, 1, 28, 28), name="mine")
    assert g.model_name == "mine" and net.training
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters()))


def test_to_dict_is_plain_data(graphs):
    import json

    d = json.loads(json.dumps(graphs["resnet18"].to_dict()))
    assert d["total_params"] == graphs["resnet18"].total_params
    assert len(d["nodes"]) == len(graphs["resnet18"].nodes)


def test_blocks_and_joins_are_named_for_people():
    """Boxes and frames say what a block is ("Stage 3 · Inception ×2"), never its module path;
    joins say what they do; one spelling per layer type."""
    from cnnviz.core.layout import block_title, box_lines

    g = layer_graph_for("googlenet")
    assert block_title(g, "2") == "Stage 3 · Inception ×2"
    assert block_title(g, "2.1") == "Inception 2"
    assert block_title(g, "2", "zh_CN") == "阶段 3 · Inception 块 ×2"
    assert box_lines(g, "n:0", "zh_CN")[0] == "输入"  # the input box too, not "Input"
    ops = {box_lines(g, f"n:{n.index}")[0] for n in g.nodes if n.op in ("cat", "relu")}
    assert ops == {"concatenate", "ReLU"}
    r = layer_graph_for("resnet18")
    assert block_title(r, "1.0") == "Residual block 1"
    assert "add" in {box_lines(r, f"n:{n.index}")[0] for n in r.nodes if n.op == "add"}
    d = layer_graph_for("densenet")
    titles = {block_title(d, b) for b in d.blocks if d.blocks[b].depth == 1}
    assert {"Dense block 1", "Dense block 4", "Transition 1", "Transition 3"} <= titles
    v = layer_graph_for("vgg11")
    assert [block_title(v, b) for b in v.blocks] == [f"VGG block {i}" for i in range(1, 6)]
