"""A zoo network's compare row is plain Python over its LayerGraph and ModelInfo."""

import subprocess
import sys

import pytest

from cnnviz.core import models
from cnnviz.core.compare import CompareRow, compare_row
from cnnviz.core.graph import layer_graph_for


def test_lenet_row_has_the_books_numbers():
    g = layer_graph_for("lenet")
    row = compare_row(g, models.model_info("lenet"))
    assert row == CompareRow(
        name="lenet",
        input_shape=(1, 1, 28, 28),
        depth=5,
        params=61_706,
        macs=g.total_macs,
        lr=0.9,
        epochs=10,
        batch_size=256,
        year=1998,
    )


@pytest.mark.parametrize("name", ["alexnet", "resnet18"])
def test_depth_counts_conv_and_linear_layers(name):
    g = layer_graph_for(name)
    row = compare_row(g, models.model_info(name))
    assert row.depth == sum(1 for n in g.nodes if n.kind in ("conv", "linear")) > 5
    assert (row.params, row.macs) == (g.total_params, g.total_macs)


def test_importing_the_module_loads_no_torch():
    code = "import sys, cnnviz.core.compare; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "False", out.stderr
