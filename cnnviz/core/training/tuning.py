"""The fast path per network and device: channels-last memory format and bf16 autocast are
kept only where they measured faster.

>>> from cnnviz.core.training.tuning import fast_path
>>> fast_path("lenet", "cpu")
FastPath(channels_last=True, amp=False)

Which one wins depends on the network and the hardware — channels-last makes LeNet's first
convolution three times faster on a CPU (oneDNN's blocked kernels) but costs its 2×2 pooling;
bf16 halves the work of a large convolution on a GPU but its casts cost more than they save on
LeNet's tiny ones. :func:`time_train_step` measures a setting; ``benchmarks/bench_fast_path.py``
(CPU) and ``benchmarks/gpu_check.py`` (CUDA) run it for every zoo network, and :data:`MEASURED`
records what won. A network not in the table (one of yours) gets :data:`DEFAULTS`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import torch
from torch.nn import functional as F

__all__ = ["DEFAULTS", "MEASURED", "FastPath", "fast_path", "time_train_step"]


@dataclass(frozen=True)
class FastPath:
    channels_last: bool
    amp: bool  # bf16 autocast


#: (device type, network) → what measured faster. CPU: ``benchmarks/bench_fast_path.py`` on the
#: 2-core AMD EPYC development machine (AVX2, no AVX-512), 2026-12-06 — channels-last against
#: contiguous, steps of the book's batch at the book's input size (LeNets) or of 16 (the rest).
#: CUDA: ``benchmarks/gpu_check.py`` on an H200, 2026-11-26 (fast path on against off, whole
#: epochs); the networks it did not time get :data:`DEFAULTS`.
MEASURED: dict[tuple[str, str], FastPath] = {
    ("cpu", "lenet"): FastPath(channels_last=True, amp=False),  # 1.45–1.53× (first conv 2.8×)
    ("cpu", "lenet_bn"): FastPath(channels_last=False, amp=False),  # 0.73–0.87×
    ("cpu", "lenet_bn_scratch"): FastPath(channels_last=False, amp=False),  # 0.88×
    ("cpu", "alexnet"): FastPath(channels_last=False, amp=False),  # 0.98×
    ("cpu", "vgg11"): FastPath(channels_last=False, amp=False),  # 0.93×
    ("cpu", "vgg11_small"): FastPath(channels_last=True, amp=False),  # 1.18×
    ("cpu", "nin"): FastPath(channels_last=True, amp=False),  # 1.25×
    ("cpu", "googlenet"): FastPath(channels_last=True, amp=False),  # 1.25×
    ("cpu", "resnet18"): FastPath(channels_last=True, amp=False),  # 1.42×
    ("cpu", "densenet"): FastPath(channels_last=True, amp=False),  # 1.39×
    ("cuda", "lenet"): FastPath(channels_last=False, amp=False),  # off 108,770 ex/s, on 86,508
    ("cuda", "resnet18"): FastPath(channels_last=True, amp=True),  # on 24,820, off 22,558
    ("cuda", "alexnet"): FastPath(channels_last=True, amp=True),  # on 26,923, off 17,632
}

#: the setting for networks and devices nobody measured
DEFAULTS: dict[str, FastPath] = {
    "cpu": FastPath(channels_last=True, amp=False),
    "cuda": FastPath(channels_last=True, amp=True),
    "mps": FastPath(channels_last=False, amp=False),
}


def fast_path(model: str, device_type: str) -> FastPath:
    """What to use for ``model`` (a zoo name or a spec) on ``device_type`` ('cpu', 'cuda', …)."""
    found = MEASURED.get((device_type, model))
    if found is not None:
        return found
    return DEFAULTS.get(device_type, FastPath(channels_last=False, amp=False))


def time_train_step(
    model: torch.nn.Module,
    input_shape: tuple[int, int, int, int],
    device: str | torch.device,
    *,
    channels_last: bool,
    amp: bool,
    warmup: int = 3,
    steps: int = 10,
    classes: int = 10,
) -> float:
    """Seconds per training step (forward, loss, backward, SGD update) of ``model`` on random
    inputs of ``input_shape`` (B, C, H, W) — the median of ``steps`` after ``warmup``.

    The model's weights change (it is trained on noise): time a copy.
    """
    device = torch.device(device)
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(device).to(memory_format=fmt).train()
    x = torch.rand(input_shape, device=device).contiguous(memory_format=fmt)
    y = torch.randint(0, classes, (input_shape[0],), device=device)
    params = [p for p in model.parameters() if p.requires_grad]
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=amp):
            loss = F.cross_entropy(model(x), y)
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            torch._foreach_add_(params, [p.grad for p in params], alpha=-1e-3)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        if i >= warmup:
            times.append(time.perf_counter() - t0)
    times.sort()
    return times[len(times) // 2]
