"""The training step's arithmetic, run eagerly on the CPU (``capture=False``, as the trainer runs
it there): the same weights, sums and batch positions as a plain loop, the short last batch
included.
(The capture itself needs a GPU: ``benchmarks/gpu_check.py`` compares it with this.)"""

from __future__ import annotations

import copy

import pytest
import torch
from torch.nn import functional as F

from cnnviz.core import data, models
from cnnviz.core.training import TrainConfig, Trainer, optim
from cnnviz.core.training.captured import StepRunner

SHAPES = data.make_shapes(600, 10, seed=3)
BATCH = 64  # 600 = 9 × 64 + 24: a short last batch


def _batch(images: torch.Tensor, idx: torch.Tensor) -> torch.Tensor:
    return images[idx].float().div_(255.0)


def _plain_epoch(net, opt, order, first_batch=0):
    loss_sum, correct = torch.zeros(()), torch.zeros(())
    n = len(order)
    for b in range(first_batch, -(-n // BATCH)):
        idx = order[b * BATCH : (b + 1) * BATCH]
        x, y = _batch(SHAPES.train_images, idx), SHAPES.train_labels[idx]
        y_hat = net(x)
        loss = F.cross_entropy(y_hat, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        loss_sum += loss.detach() * len(y)
        correct += (y_hat.argmax(1) == y).sum()
    return loss_sum, correct


def _make(name, opt_kind, hyper):
    torch.manual_seed(0)
    net = models.get_model(name)
    twin = copy.deepcopy(net)
    return (
        net,
        getattr(optim, opt_kind)(net.parameters(), **hyper),
        twin,
        getattr(optim, opt_kind)(twin.parameters(), **hyper),
    )


@pytest.mark.parametrize(
    ("name", "opt_kind", "hyper"),
    [
        ("lenet", "SGD", {"lr": 0.5}),
        ("lenet_bn", "SGD", {"lr": 0.1, "momentum": 0.9, "weight_decay": 1e-4}),
        ("lenet", "Adam", {"lr": 1e-3}),
    ],
)
def test_two_epochs_of_runner_steps_equal_the_plain_loop(name, opt_kind, hyper):
    net, opt, twin, twin_opt = _make(name, opt_kind, hyper)
    runner = StepRunner(twin, twin_opt, SHAPES.train_images, SHAPES.train_labels, _batch,
                        batch_size=BATCH, n=600, amp=False, capture=False)  # fmt: skip
    assert runner.batches == 10 and runner.size_of(9) == 24
    for epoch in range(2):
        order = torch.randperm(600, generator=torch.Generator().manual_seed(epoch))
        loss_sum, correct = _plain_epoch(net, opt, order)
        runner.start_epoch(order)
        for b in range(runner.batches):
            runner.run(b)
        assert int(runner.pos) == 10 and runner.steps_run == 10 * (epoch + 1)
        torch.testing.assert_close(runner.loss_sum, loss_sum, rtol=1e-5, atol=1e-4)
        assert int(runner.correct) == int(correct) > 0
    for a, b in zip(net.state_dict().values(), twin.state_dict().values(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-5)  # BN's running stats too


def test_a_run_goes_on_from_the_batch_it_stopped_at():
    net, opt, twin, twin_opt = _make("lenet", "SGD", {"lr": 0.5})
    order = torch.randperm(600, generator=torch.Generator().manual_seed(7))
    _plain_epoch(net, opt, order, first_batch=4)
    runner = StepRunner(twin, twin_opt, SHAPES.train_images, SHAPES.train_labels, _batch,
                        batch_size=BATCH, n=600, amp=False, capture=False)  # fmt: skip
    runner.start_epoch(order, first_batch=4)
    for b in range(4, runner.batches):
        runner.run(b)
    for a, b in zip(net.parameters(), twin.parameters(), strict=True):
        torch.testing.assert_close(a, b)


def test_the_trainer_captures_only_on_cuda_in_one_process_without_compile():
    def captured(**kw) -> bool:
        t = Trainer(TrainConfig(model="lenet", device="cpu", **kw))
        t.device = torch.device("cuda")  # the rule, on a machine without a GPU
        return t._captured()

    assert captured()
    assert not captured(cuda_graphs=False)
    assert not captured(compile=True)
    cpu = Trainer(TrainConfig(model="lenet", dataset="shapes", epochs=1, train_subset=256,
                              test_subset=64, device="cpu", cuda_graphs=True))  # fmt: skip
    assert not cpu._captured()
    cpu.fit()
    assert not cpu.runner.capture  # the CPU runs the same step eagerly


def test_no_cuda_graphs_on_the_command_line_is_kept_in_the_run(tmp_path, capsys):
    from cnnviz.cli import main
    from cnnviz.core.training import RunDirectory

    argv = ["train", "lenet", "--dataset", "shapes", "--epochs", "1", "--train-subset", "256",
            "--test-subset", "64", "--quiet", "--run-dir"]  # fmt: skip
    assert main([*argv, str(tmp_path / "off"), "--no-cuda-graphs"]) == 0
    assert main([*argv, str(tmp_path / "auto")]) == 0
    assert RunDirectory(tmp_path / "off").read_config().cuda_graphs is False
    assert RunDirectory(tmp_path / "auto").read_config().cuda_graphs is None
    assert "epoch 1:" in capsys.readouterr().out
