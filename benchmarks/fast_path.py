"""Measure the fast path's choices for every zoo network on one device: channels-last against
contiguous memory (and on CUDA bf16 autocast against fp32), one training step at a time,
interleaved (ABBA …) so the machine's drift hits both alike. Prints the ratios that
``cnnviz/core/training/tuning.py`` records in ``MEASURED``.

Usage: ``python benchmarks/fast_path.py [cpu|cuda] [NETWORK ...]`` (default: cpu, every network)
"""

from __future__ import annotations

import itertools
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch

from cnnviz.core import models
from cnnviz.core.training.devices import keep_freed_cpu_memory
from cnnviz.core.training.tuning import fast_path, time_train_step


def measure(name: str, device: str, rounds: int = 4) -> dict[tuple[bool, bool], float]:
    """Median seconds per step for each (channels_last, amp) setting tried on ``device``."""
    shape = models.model_info(name).input_shape
    big = shape[-1] > 100
    cuda = device.startswith("cuda")
    batch = models.model_info(name).recipe.batch_size if (cuda or not big) else 16
    settings = list(itertools.product((False, True), (False, True) if cuda else (False,)))
    torch.manual_seed(0)
    nets = {s: models.get_model(name) for s in settings}
    times: dict[tuple[bool, bool], list[float]] = {s: [] for s in settings}
    for r in range(rounds):
        for s in settings if r % 2 == 0 else settings[::-1]:
            times[s].append(time_train_step(nets[s], (batch, *shape[1:]), device,
                                            channels_last=s[0], amp=s[1], warmup=1,
                                            steps=2 if big and not cuda else 10))  # fmt: skip
    return {s: statistics.median(t) for s, t in times.items()}


def main(argv: list[str]) -> int:
    device = argv[0] if argv and argv[0] in ("cpu", "cuda") else "cpu"
    names = [a for a in argv if a not in ("cpu", "cuda")] or models.list_models()
    if device == "cpu":
        keep_freed_cpu_memory()  # as the trainer does
    print(f"fast path on {device}: seconds per training step; ratio = contiguous fp32 / best")
    for name in names:
        t = measure(name, device)
        best = min(t, key=t.get)
        cols = "  ".join(
            f"{'CL' if cl else 'contig'}{'+bf16' if amp else ''} {sec * 1e3:8.1f} ms"
            for (cl, amp), sec in t.items()
        )
        chosen = fast_path(name, device)
        print(f"{name:18} {cols}  best {best} {t[(False, False)] / t[best]:.2f}×  "
              f"recorded {chosen}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
