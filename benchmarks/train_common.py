"""The baseline training loop, as the PyTorch tutorials write it, and cnnviz's, on the same
model, data, batch size and device — shared by bench_train.py (CPU) and gpu_check.py (GPU)."""

from __future__ import annotations

import dataclasses
import time

import torch
from torch import nn

from cnnviz.core import models
from cnnviz.core.data import load_dataset
from cnnviz.core.training import Callback, TrainConfig, Trainer, xavier_init


def tutorial_loop(name: str, root: str, device: str, batch_size: int, lr: float,
                  max_examples: int, workers: int = 0) -> float:  # fmt: skip
    """Examples/sec of: torchvision dataset + DataLoader, per-batch ``.item()``."""
    import torchvision
    from torchvision import transforms

    size = models.model_info(name).input_shape[-1]
    trans = [transforms.ToTensor()]
    if size != 28:
        trans.insert(0, transforms.Resize(size))
    train = torchvision.datasets.FashionMNIST(
        root, train=True, transform=transforms.Compose(trans), download=False
    )
    loader = torch.utils.data.DataLoader(
        train, batch_size, shuffle=True, num_workers=workers, pin_memory=device != "cpu"
    )
    if device.startswith("cuda"):
        torch.backends.cudnn.benchmark = True
    torch.manual_seed(0)
    net = models.get_model(name)
    xavier_init(net)
    net.to(device)
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    net.train()
    seen, total_loss, correct = 0, 0.0, 0
    t0 = None
    for i, (X, y) in enumerate(loader):
        if i == 2 and t0 is None:  # skip warm-up batches
            if device.startswith("cuda"):
                torch.cuda.synchronize()
            t0, seen = time.perf_counter(), 0
        X, y = X.to(device), y.to(device)
        y_hat = net(X)
        loss = loss_fn(y_hat, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        total_loss += loss.item()  # the per-batch host sync the tutorials do
        correct += (y_hat.argmax(1) == y).sum().item()
        seen += len(y)
        if seen >= max_examples and t0 is not None:
            break
    return seen / (time.perf_counter() - t0)


class _Speed(Callback):
    """Examples per second of the training steps from step ``start`` on (past the warm-up
    steps and, on CUDA, past the graph's capture) to the first epoch's end."""

    def __init__(self, start: int = 5) -> None:
        self.start = start
        self.t0: float | None = None
        self.rate = 0.0

    def _sync(self, state) -> None:
        if state.device.type == "cuda":
            torch.cuda.synchronize()

    def on_batch_end(self, state) -> None:
        if state.step == self.start:
            self._sync(state)
            self.t0 = time.perf_counter()

    def on_progress(self, state, m) -> None:
        if self.t0 is not None and state.epoch == 0 and state.step > self.start:
            self._sync(state)
            bs = state.config.batch_size
            self.rate = (state.step - self.start) * bs / (time.perf_counter() - self.t0)


def cnnviz_loop(name: str, root: str, device: str, batch_size: int, lr: float,
                max_examples: int, fast: bool = True, compile: bool = False,
                graphs: bool | None = None) -> float:  # fmt: skip
    """Examples/sec of cnnviz's trainer: ``fast=False`` turns bf16 and channels-last off
    (else the measured per-network choice), ``graphs`` the CUDA-graph steps (None: on CUDA).
    The training set is repeated to hold ``max_examples``: a fast GPU needs thousands of steps
    to be timed well."""
    ds = load_dataset("fashion-mnist", root=root)
    reps = -(-max_examples // len(ds.train_labels))
    if reps > 1:
        ds = dataclasses.replace(ds, train_images=ds.train_images.repeat(reps, 1, 1, 1),
                                 train_labels=ds.train_labels.repeat(reps))  # fmt: skip
    # whole batches only, so a compiled model never sees a new shape while timed
    n = min(len(ds.train_labels), max_examples + 6 * batch_size) // batch_size * batch_size
    cfg = TrainConfig(
        model=name, epochs=1, batch_size=batch_size, lr=lr, device=device, train_subset=n,
        test_subset=batch_size, amp=None if fast else False,
        channels_last=None if fast else False, compile=compile, progress_hz=4.0,
        cuda_graphs=graphs,
    )  # fmt: skip
    speed = _Speed()
    Trainer(cfg, dataset=ds, callbacks=[speed]).fit()
    return speed.rate
