"""Devices, and the CPU allocator setting that makes a training step reuse its memory."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cnnviz.core.training import pick_device

FAULTS = """
import resource, sys, torch
from cnnviz.core import models
from cnnviz.core.training.tuning import time_train_step
if sys.argv[1] == "train":  # a real (tiny) training run first, as `cnnviz train` does
    from cnnviz.core.training import TrainConfig, Trainer
    Trainer(TrainConfig(model="lenet", dataset="shapes", epochs=1, train_subset=256,
                        test_subset=64, device="cpu")).fit()
net = models.get_model("lenet")
step = dict(channels_last=True, amp=False, warmup=0)
time_train_step(net, (256, 1, 28, 28), "cpu", steps=5, **step)
f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
time_train_step(net, (256, 1, 28, 28), "cpu", steps=10, **step)  # LeNet's steps, batch 256
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_training_on_the_cpu_keeps_freed_memory_for_the_next_step():
    def page_faults(mode: str) -> int:
        out = subprocess.run([sys.executable, "-c", FAULTS, mode], capture_output=True,
                             text=True, check=True)  # fmt: skip
        return int(out.stdout)

    # glibc's defaults: ten steps fault tens of thousands of fresh pages in (25k–47k here; once
    # 2k: glibc's thresholds adapt to what was freed before, so the larger of two runs)
    assert max(page_faults("none"), page_faults("none")) > 10_000
    # after the trainer ran on the CPU the steps reuse what they freed (0–1,200 here)
    assert max(page_faults("train"), page_faults("train")) < 5_000


def test_unknown_and_missing_devices_are_one_sentence():
    with pytest.raises(ValueError, match="unknown device 'tpu'"):
        pick_device("tpu")
    assert pick_device("cpu").type == "cpu"
