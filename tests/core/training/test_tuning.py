"""The fast path per network and device: what measured faster is what the trainer uses."""

from __future__ import annotations

import torch

from cnnviz.core import models
from cnnviz.core.training import TrainConfig, Trainer
from cnnviz.core.training.tuning import DEFAULTS, MEASURED, FastPath, fast_path, time_train_step


def test_the_table_names_zoo_networks_and_known_devices():
    for device, name in MEASURED:
        assert device in DEFAULTS
        assert name in models.list_models()


def test_the_trainer_follows_the_table_unless_told():
    lenet = Trainer(TrainConfig(model="lenet", device="cpu"))
    assert (lenet._channels_last(), lenet._amp()) == (True, False)
    bn = Trainer(TrainConfig(model="lenet_bn", device="cpu"))
    assert (bn._channels_last(), bn._amp()) == (False, False)
    told = Trainer(TrainConfig(model="lenet", device="cpu", channels_last=False, amp=True))
    assert (told._channels_last(), told._amp()) == (False, True)
    assert fast_path("file.py:Net", "cpu") == DEFAULTS["cpu"]
    assert fast_path("lenet", "xpu") == FastPath(channels_last=False, amp=False)


def test_a_channels_last_run_trains_channels_last_weights():
    t = Trainer(TrainConfig(model="lenet", dataset="shapes", epochs=1, train_subset=512,
                            test_subset=128, device="cpu"))  # fmt: skip
    t.fit()
    convs = [m for m in t.model.modules() if isinstance(m, torch.nn.Conv2d)]
    conv = convs[1]  # (16, 6, 5, 5): the first has one input channel, where both agree
    assert conv.weight.is_contiguous(memory_format=torch.channels_last)
    assert not conv.weight.is_contiguous()


def test_time_train_step_times_a_real_step():
    torch.manual_seed(0)
    net = models.get_model("lenet")
    before = [p.detach().clone() for p in net.parameters()]
    sec = time_train_step(net, (8, 1, 28, 28), "cpu", channels_last=True, amp=False,
                          warmup=1, steps=3)  # fmt: skip
    assert 0 < sec < 5
    assert all(not torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=True))
