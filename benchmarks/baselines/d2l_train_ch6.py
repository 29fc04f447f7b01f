"""The book's LeNet training, as d2l (PyTorch edition, §7.6 / 6.6) writes it: one process,
``python d2l_train_ch6.py ROOT EPOCHS``. The baseline of ``bench_train_epoch.py``.

Copied from d2l's ``load_data_fashion_mnist`` (torchvision dataset, ``ToTensor``, 4 DataLoader
workers), ``train_ch6`` and ``evaluate_accuracy_gpu`` (per-batch ``float()`` syncs through
``Accumulator`` and ``accuracy``). Only the ``Animator`` (a matplotlib figure redrawn five times
an epoch) is left out, which makes this baseline faster than the book's, not slower.
"""

import sys
import time

import torch
import torchvision
from torch import nn
from torch.utils import data
from torchvision import transforms


class Accumulator:
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args, strict=True)]

    def __getitem__(self, idx):
        return self.data[idx]


def accuracy(y_hat, y):
    if len(y_hat.shape) > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())


def load_data_fashion_mnist(root, batch_size):
    trans = transforms.Compose([transforms.ToTensor()])
    train = torchvision.datasets.FashionMNIST(root, train=True, transform=trans, download=False)
    test = torchvision.datasets.FashionMNIST(root, train=False, transform=trans, download=False)
    return (
        data.DataLoader(train, batch_size, shuffle=True, num_workers=4),
        data.DataLoader(test, batch_size, shuffle=False, num_workers=4),
    )


def evaluate_accuracy_gpu(net, data_iter, device=None):
    net.eval()
    if not device:
        device = next(iter(net.parameters())).device
    metric = Accumulator(2)
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(device), y.to(device)
            metric.add(accuracy(net(X), y), y.numel())
    return metric[0] / metric[1]


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    def init_weights(m):
        if type(m) is nn.Linear or type(m) is nn.Conv2d:
            nn.init.xavier_uniform_(m.weight)

    net.apply(init_weights)
    print("training on", device)
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    for _epoch in range(num_epochs):
        metric = Accumulator(3)
        net.train()
        for X, y in train_iter:
            optimizer.zero_grad()
            X, y = X.to(device), y.to(device)
            y_hat = net(X)
            ls = loss(y_hat, y)
            ls.backward()
            optimizer.step()
            with torch.no_grad():
                metric.add(ls * X.shape[0], accuracy(y_hat, y), X.shape[0])
            train_l, train_acc = metric[0] / metric[2], metric[1] / metric[2]
        test_acc = evaluate_accuracy_gpu(net, test_iter)
    print(f"loss {train_l:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}")


def main():
    root, epochs = sys.argv[1], int(sys.argv[2])
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
    train_iter, test_iter = load_data_fashion_mnist(root, 256)
    t0 = time.perf_counter()
    train_ch6(net, train_iter, test_iter, epochs, 0.9, torch.device("cpu"))
    print(f"train_ch6 {time.perf_counter() - t0:.2f} s")


if __name__ == "__main__":
    main()
