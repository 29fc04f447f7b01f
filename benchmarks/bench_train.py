"""Training throughput on this machine's CPU: cnnviz's trainer against the PyTorch-tutorial
loop (torchvision dataset + DataLoader + per-batch .item()), same model, data, batch size.
Target: at least 2× for LeNet on CPU."""

from __future__ import annotations

import os

import torch
from common import row
from train_common import cnnviz_loop, tutorial_loop

from cnnviz.core.data import data_dir, load_dataset

root = str(data_dir())
load_dataset("fashion-mnist", root=root)  # unpack the Debian files once, untimed
device = "cpu"
n = int(os.environ.get("BENCH_EXAMPLES", "30000"))
threads = torch.get_num_threads()
base = tutorial_loop("lenet", root, device, 256, 0.9, n)
ours = cnnviz_loop("lenet", root, device, 256, 0.9, n)
row(f"lenet, tutorial loop (DataLoader, .item()) on cpu×{threads}", base, "ex/s")
row(f"lenet, cnnviz trainer on cpu×{threads}", ours, "ex/s")
row("lenet, speed-up of cnnviz over the tutorial loop", ours / base, "×", target="≥ 2×")
