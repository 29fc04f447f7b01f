"""The shipped zoo graphs: each equals a fresh trace, reads without torch, and a bad file is
no graph (the caller traces instead)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torchvision

from cnnviz.core import models
from cnnviz.core.graph import cache, layer_graph, layer_graph_for


@pytest.mark.parametrize("name", models.list_models())
def test_each_shipped_graph_equals_a_fresh_trace(name):
    shipped = cache.cached_layer_graph(name)
    assert shipped is not None, f"no graph file for {name}: run python -m cnnviz.core.graph.cache"
    fresh = layer_graph_for(name)
    assert shipped == fresh, f"{name}'s graph file is stale: run python -m cnnviz.core.graph.cache"
    assert isinstance(shipped.input_shape, tuple) and isinstance(shipped.nodes[1].blocks, tuple)


def test_any_graph_survives_the_round_trip():
    g = layer_graph(torchvision.models.squeezenet1_1(), (1, 3, 224, 224), name="squeezenet")
    assert cache.decode(json.loads(json.dumps(cache.encode(g)))) == g


def test_reading_a_shipped_graph_imports_no_torch():
    code = (
        "import sys\n"
        "from cnnviz.core.graph.cache import cached_layer_graph\n"
        "g = cached_layer_graph('googlenet')\n"
        "print(len(g.nodes), g.total_params, 'torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    nodes, params, torch_loaded = out.stdout.split()
    g = layer_graph_for("googlenet")
    assert (int(nodes), int(params), torch_loaded) == (len(g.nodes), g.total_params, "False")


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[]", '{"format": 0, "graph": {}}', '{"format": 1, "graph": {"nodes": 3}}'],
)
def test_a_bad_or_older_file_is_no_graph(tmp_path, monkeypatch, text):
    (tmp_path / "lenet.json").write_text(text)
    monkeypatch.setattr(cache, "cache_file", lambda name: tmp_path / f"{name}.json")
    assert cache.cached_layer_graph("lenet") is None
    assert cache.cached_layer_graph("no-such-network") is None
