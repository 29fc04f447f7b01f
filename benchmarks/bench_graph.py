"""Structure inference speed: the LayerGraph of every zoo model.

Cold: in this fresh process, right after ``import torch`` (so torch's own lazy imports count).
Baseline: what summary tools based on forward hooks do (torchsummary style): build the model
with real weights on the CPU and run a real forward pass, recording each leaf's output shape.
"""

from __future__ import annotations

import time

import torch
from common import row

t0 = time.perf_counter()
from cnnviz.core import models  # noqa: E402
from cnnviz.core.graph import layer_graph_for  # noqa: E402

names = models.list_models()
graphs = [layer_graph_for(n) for n in names]
cold = time.perf_counter() - t0

t0 = time.perf_counter()
for n in names:
    layer_graph_for(n)
warm = time.perf_counter() - t0


def hook_summary(name: str) -> list[tuple]:
    net = models.get_model(name).eval()
    shapes: list[tuple] = []
    for m in net.modules():
        if not list(m.children()):
            m.register_forward_hook(lambda m, i, o: shapes.append(tuple(o.shape)))
    with torch.no_grad():
        net(torch.zeros(models.model_info(name).input_shape))
    return shapes


t0 = time.perf_counter()
for n in names:
    hook_summary(n)
baseline = time.perf_counter() - t0

row("graphs of all 10 zoo models, cold", cold, "s", target="< 1 s")
row("graphs of all 10 zoo models, warm", warm, "s")
row("hook-based summary on real CPU tensors (baseline)", baseline, "s")
row("speed-up over the hook baseline (warm)", baseline / warm, "×")
