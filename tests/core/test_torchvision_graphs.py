"""Every torchvision classifier drawn faithfully: each parameter belongs to the layer that uses
it (or is reported unused), and the multiply-accumulates are torch's own FLOP counter's."""

import warnings

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from cnnviz.core.graph import layer_graph
from cnnviz.core.loading import load_torchvision_model, torchvision_model_names

NAMES = torchvision_model_names()


def _input(name):
    return (1, 3, 299, 299) if name == "inception_v3" else (1, 3, 224, 224)


@pytest.mark.parametrize("name", NAMES)
def test_parameters_and_macs_add_up(name):
    model = load_torchvision_model(name)  # meta device: shapes, no arithmetic
    shape = _input(name)
    g = layer_graph(model, shape, name=name)
    nodes = sum(n.params for n in g.nodes)
    assert nodes + g.unused_params == g.total_params == sum(p.numel() for p in model.parameters())
    with FlopCounterMode(display=False) as counter, torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.eval()(torch.zeros(shape, device="meta"))
    reference = counter.get_total_flops() // 2
    assert g.total_macs == pytest.approx(reference, rel=0.02)


def test_attention_is_one_node_with_its_projections():
    g = layer_graph(load_torchvision_model("vit_b_16"), (1, 3, 224, 224))
    attention = [n for n in g.nodes if n.op == "MultiheadAttention"]
    assert len(attention) == 12
    assert attention[0].params == 4 * 768 * 768 + 4 * 768  # in_proj (q, k, v) and out_proj
    assert attention[0].output_shape == (1, 197, 768)
    assert g.unused_params == 0
    for a in attention:  # its (output, weights) tuple is looked through, not drawn
        assert all(g.nodes[i].op != "getitem" for i in g.successors(a.index))


def test_googlenets_auxiliary_heads_are_reported_unused():
    g = layer_graph(load_torchvision_model("googlenet"), (1, 3, 224, 224))
    model = load_torchvision_model("googlenet")
    aux = sum(p.numel() for m in (model.aux1, model.aux2) for p in m.parameters())
    assert g.unused_params == aux and aux > 0  # evaluation never calls them
    import json

    from cnnviz.core.summary import format_json, format_table, table_rows

    assert json.loads(format_json(g))["unused_params"] == aux
    unused = [line for line in format_table(g).splitlines() if line.startswith("(unused)")]
    assert len(unused) == 1 and f"{aux:,}" in unused[0]
    *_, row, total = table_rows(g)
    assert row[0] == "unused" and row[3] + sum(n.params for n in g.nodes) == total[3]


def test_parameters_read_by_functions_belong_to_them():
    """ConvNeXt's layer scale is a parameter multiplied in a function, not a module."""
    g = layer_graph(load_torchvision_model("convnext_tiny"), (1, 3, 224, 224))
    scaled = [n for n in g.nodes if n.op == "mul" and n.params]
    assert len(scaled) == 18 and scaled[0].params == 96  # one scale per channel
    assert g.unused_params == 0
