"""The prepared GPU check (a few minutes on an H100/H200): training throughput of lenet,
resnet18 and alexnet — the tutorial loop against cnnviz's trainer launched from Python and
replayed as CUDA graphs — a check that the captured steps train like the launched ones, and the
fast path's per-network choices (channels-last, bf16) measured on this GPU.

Run on a GPU machine: ``CNNVIZ_DATA=DIR CNNVIZ_DEBIAN_DIR=GZ_DIR python benchmarks/gpu_check.py``
Prints Markdown tables to paste into benchmarks/RESULTS.md (and writes them to $OUT if set).
Targets (issue 14): lenet ≥ 1,000,000 ex/s, resnet18 @96 ≥ 40,000, alexnet @224 ≥ 50,000.
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
from cnnviz.core.training import TrainConfig, Trainer  # noqa: E402

TARGETS = {"lenet": 1_000_000, "resnet18": 40_000, "alexnet": 50_000}


def same_training(root: str) -> str:
    """Two LeNet epochs with the steps captured and launched: same seed, same data order.
    (cuDNN's kernels are not bitwise deterministic: close, not equal.)"""
    ds = data.load_dataset("fashion-mnist", root=root)
    out = {}
    for graphs in (True, False):
        cfg = TrainConfig(model="lenet", epochs=2, device="cuda", cuda_graphs=graphs)
        t = Trainer(cfg, dataset=ds)
        hist = t.fit()
        out[graphs] = (hist[-1].train_loss, hist[-1].train_acc, hist[-1].test_acc,
                       t.runner.capture)  # fmt: skip
    (lc, ac, tc, cap), (le, ae, te, eager) = out[True], out[False]
    ok = cap and not eager and abs(lc - le) < 0.02 and abs(tc - te) < 0.02
    return (
        f"LeNet, 2 epochs, captured: loss {lc:.4f}, train acc {ac:.4f}, test acc {tc:.4f}; "
        f"launched: loss {le:.4f}, train acc {ae:.4f}, test acc {te:.4f} — "
        f"{'same training' if ok else 'DIFFERENT'}"
    )


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
        "| model | batch | tutorial loop | cnnviz, launched | cnnviz, CUDA graphs "
        "| graphs, fp32 contiguous | target | graphs / tutorial |",
        "|---|---|---|---|---|---|---|---|",
    ]
    plan = [
        ("lenet", 256, 0.9, 600_000),
        ("resnet18", 256, 0.05, 40_000),
        ("alexnet", 128, 0.01, 30_000),
    ]
    for model, bs, lr, n in plan:
        t0 = time.perf_counter()
        base = tutorial_loop(model, root, "cuda", bs, lr, min(n, 60_000), workers=8)
        launched = cnnviz_loop(model, root, "cuda", bs, lr, n, graphs=False)
        graphs = cnnviz_loop(model, root, "cuda", bs, lr, n, graphs=True)
        plain = cnnviz_loop(model, root, "cuda", bs, lr, n, fast=False, graphs=True)
        lines.append(
            f"| {model} | {bs} | {base:,.0f} | {launched:,.0f} | {graphs:,.0f} | {plain:,.0f} "
            f"| ≥ {TARGETS[model]:,} | {graphs / base:.1f}× |"
        )
        print(lines[-1], f"({time.perf_counter() - t0:.0f} s)", flush=True)
    lines += ["", "Examples per second of training steps (after warm-up and capture).", ""]
    lines.append(same_training(root))
    print(lines[-1], flush=True)
    text = "\n".join(lines) + "\n"
    print(text)
    out = os.environ.get("OUT")
    if out:
        Path(out, "gpu_results.md").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
