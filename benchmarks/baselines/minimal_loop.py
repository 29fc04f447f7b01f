"""A minimal hand-written in-memory training loop: the whole Fashion-MNIST as one float tensor,
no DataLoader, no per-batch sync, torch.optim.SGD — what a competent person writes in a
notebook. ``python minimal_loop.py RAW_DIR EPOCHS``. A baseline of ``bench_train_epoch.py``.
"""

import sys

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F


def idx(path, offset):
    return np.fromfile(path, dtype=np.uint8, offset=offset)


def main():
    raw, epochs = sys.argv[1], int(sys.argv[2])
    x_train = torch.from_numpy(idx(f"{raw}/train-images-idx3-ubyte", 16)).view(-1, 1, 28, 28)
    y_train = torch.from_numpy(idx(f"{raw}/train-labels-idx1-ubyte", 8)).long()
    x_test = torch.from_numpy(idx(f"{raw}/t10k-images-idx3-ubyte", 16)).view(-1, 1, 28, 28)
    y_test = torch.from_numpy(idx(f"{raw}/t10k-labels-idx1-ubyte", 8)).long()
    x_train, x_test = x_train.float() / 255, x_test.float() / 255
    torch.manual_seed(0)
    net = nn.Sequential(
        nn.Conv2d(1, 6, kernel_size=5, padding=2), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Conv2d(6, 16, kernel_size=5), nn.Sigmoid(),
        nn.AvgPool2d(kernel_size=2, stride=2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.Sigmoid(),
        nn.Linear(120, 84), nn.Sigmoid(),
        nn.Linear(84, 10),
    )  # fmt: skip
    for m in net.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(m.weight)
    opt = torch.optim.SGD(net.parameters(), lr=0.9)
    n, bs = len(y_train), 256
    for _epoch in range(epochs):
        net.train()
        loss_sum = torch.zeros(())
        for order in torch.randperm(n).split(bs):
            loss = F.cross_entropy(net(x_train[order]), y_train[order])
            opt.zero_grad()
            loss.backward()
            opt.step()
            loss_sum += loss.detach() * len(order)
        net.eval()
        with torch.no_grad():
            correct = sum(
                int((net(x).argmax(1) == y).sum())
                for x, y in zip(x_test.split(bs), y_test.split(bs), strict=True)
            )
        print(f"loss {loss_sum.item() / n:.3f}, test acc {correct / len(y_test):.3f}")


if __name__ == "__main__":
    main()
