"""The prepared GPU check (a few minutes): training throughput of lenet, resnet18 and alexnet
with cnnviz's fast path on and off, and the tutorial loop, on one CUDA device.

Run on a GPU machine: ``CNNVIZ_DATA=DIR CNNVIZ_DEBIAN_DIR=GZ_DIR python benchmarks/gpu_check.py``
Prints a Markdown table to paste into benchmarks/RESULTS.md (and writes it to $OUT if set).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import torch  # noqa: E402
from train_common import cnnviz_loop, tutorial_loop  # noqa: E402

from cnnviz.core import data  # noqa: E402


def main() -> int:
    if not torch.cuda.is_available():
        print("no CUDA device: nothing to check")
        return 1
    gz = os.environ.get("CNNVIZ_DEBIAN_DIR")
    if gz:
        data.DEBIAN_FASHION_MNIST = Path(gz)
    root = str(data.data_dir())
    ds = data.load_dataset("fashion-mnist", root=root)
    name = torch.cuda.get_device_name(0)
    lines = [
        f"GPU check on {name}, torch {torch.__version__}, CUDA {torch.version.cuda}, "
        f"{time.strftime('%Y-%m-%d')}; data: {ds.describe()}",
        "",
        "| model | batch | tutorial loop ex/s | cnnviz, fast path off ex/s | cnnviz, fast path on "
        "ex/s | fast path + torch.compile ex/s | best / tutorial |",
        "|---|---|---|---|---|---|---|",
    ]
    plan = [
        ("lenet", 256, 0.9, 60000),
        ("resnet18", 256, 0.05, 20000),
        ("alexnet", 128, 0.01, 10000),
    ]
    for model, bs, lr, n in plan:
        t0 = time.perf_counter()
        base = tutorial_loop(model, root, "cuda", bs, lr, n, workers=8)
        off = cnnviz_loop(model, root, "cuda", bs, lr, n, fast=False)
        on = cnnviz_loop(model, root, "cuda", bs, lr, n, fast=True)
        comp = cnnviz_loop(model, root, "cuda", bs, lr, n, fast=True, compile=True)
        best = max(off, on, comp)
        lines.append(
            f"| {model} | {bs} | {base:,.0f} | {off:,.0f} | {on:,.0f} | {comp:,.0f} "
            f"| {best / base:.1f}× |"
        )
        print(lines[-1], f"({time.perf_counter() - t0:.0f} s)", flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    out = os.environ.get("OUT")
    if out:
        Path(out, "gpu_results.md").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
