"""cnnviz's SGD and Adam against torch.optim's, step by step, on LeNet's real gradients."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
import torch
from torch.nn import functional as F

from cnnviz.core import models
from cnnviz.core.training import optim

SETTINGS = [
    ("SGD", {"lr": 0.9}),
    ("SGD", {"lr": 0.1, "momentum": 0.9}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "weight_decay": 1e-3}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True}),
    ("Adam", {"lr": 1e-3}),
    ("Adam", {"lr": 3e-3, "betas": (0.8, 0.99), "weight_decay": 1e-2, "eps": 1e-6}),
]


def _train(net, opt, steps: int, seed: int = 0) -> list[float]:
    g = torch.Generator().manual_seed(seed)
    losses = []
    for _ in range(steps):
        x = torch.rand(32, 1, 28, 28, generator=g)
        y = torch.randint(0, 10, (32,), generator=g)
        loss = F.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def _pair(kind: str, hyper: dict):
    torch.manual_seed(0)
    # (not lenet_bn: its convolutions' biases get only rounding noise through batch norm,
    # which Adam blows up to ±lr in either order of summation)
    ours_net = models.get_model("lenet")
    torch_net = copy.deepcopy(ours_net)
    ours = getattr(optim, kind)(ours_net.parameters(), **hyper)
    theirs = getattr(torch.optim, kind)(torch_net.parameters(), **hyper)
    return ours_net, ours, torch_net, theirs


@pytest.mark.parametrize(("kind", "hyper"), SETTINGS)
def test_each_step_equals_torch_optim(kind, hyper):
    ours_net, ours, torch_net, theirs = _pair(kind, hyper)
    start = copy.deepcopy(ours_net)
    assert _train(ours_net, ours, 6) == pytest.approx(_train(torch_net, theirs, 6), rel=1e-5)
    for a, b in zip(ours_net.parameters(), torch_net.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-5, atol=1e-6)
    moved = [not torch.equal(a, b) for a, b in zip(ours_net.parameters(), start.parameters())]
    assert all(moved)  # every parameter was trained


@pytest.mark.parametrize(("kind", "hyper"), SETTINGS)
def test_state_dicts_load_both_ways_and_training_goes_on_alike(kind, hyper):
    ours_net, ours, torch_net, theirs = _pair(kind, hyper)
    _train(ours_net, ours, 3)
    _train(torch_net, theirs, 3)
    # ours → a fresh torch optimiser, torch's → a fresh one of ours; then three more steps
    net_a, net_b = copy.deepcopy(ours_net), copy.deepcopy(torch_net)
    opt_a = getattr(torch.optim, kind)(net_a.parameters(), **hyper)
    opt_a.load_state_dict(ours.state_dict())
    opt_b = getattr(optim, kind)(net_b.parameters(), lr=123.0)  # the saved lr wins
    opt_b.load_state_dict(theirs.state_dict())
    assert opt_b.param_groups[0]["lr"] == hyper["lr"]
    _train(net_a, opt_a, 3, seed=1)
    _train(net_b, opt_b, 3, seed=1)
    for a, b in zip(net_a.parameters(), net_b.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)


def test_a_state_of_other_parameters_is_refused_and_changes_nothing():
    torch.manual_seed(0)
    lenet = models.get_model("lenet")
    opt = optim.SGD(lenet.parameters(), lr=0.1, momentum=0.9)
    _train(lenet, opt, 1)
    before = {k: v.clone() for k, v in opt.state_dict()["state"][0].items()}
    other = torch.optim.SGD(models.get_model("lenet_bn").parameters(), lr=0.1, momentum=0.9)
    with pytest.raises(ValueError, match="parameters"):
        opt.load_state_dict(other.state_dict())
    wrong = opt.state_dict()
    wrong["state"][0]["momentum_buffer"] = torch.zeros(3)
    with pytest.raises(ValueError, match="shape"):
        opt.load_state_dict(wrong)
    torch.testing.assert_close(opt.state_dict()["state"][0], before)


def test_training_imports_no_dynamo():
    """torch.optim's first optimiser imports TorchDynamo (1.7 s here); the trainer's do not."""
    code = (
        "import sys\n"
        "from cnnviz.core.training import TrainConfig, Trainer\n"
        "Trainer(TrainConfig(model='lenet', dataset='shapes', epochs=1, train_subset=512,"
        " test_subset=256)).fit()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('torch._dynamo', 'torchvision'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
