"""A checkpoint from a shared folder never runs code: crafted pickles are refused on every
path that loads checkpoints, and what cnnviz saves loads with ``weights_only=True``."""

from __future__ import annotations

import os
import random

import numpy as np
import pytest
import torch

from cnnviz.cli import main
from cnnviz.core.data import make_shapes
from cnnviz.core.evaluate import evaluate_run, load_run_model
from cnnviz.core.training import CheckpointError, RunDirectory, TrainConfig, Trainer

SMALL = make_shapes(256, 64, seed=3)


class Payload:
    """Unpickling this calls os.system: what a hostile checkpoint.pt does."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def quick_run(path) -> RunDirectory:
    config = TrainConfig(model="lenet", dataset="shapes", epochs=1, batch_size=64, lr=0.5,
                         device="cpu")  # fmt: skip
    Trainer(config, dataset=SMALL, run_dir=path).fit()
    return RunDirectory(path)


@pytest.fixture
def hostile_run(tmp_path):
    """A real run whose checkpoint also carries a payload; returns (run, marker file)."""
    run = quick_run(tmp_path / "run")
    marker = tmp_path / "PWNED"
    ckpt = torch.load(run.checkpoint_file, weights_only=True)
    ckpt["extra"] = Payload(marker)
    torch.save(ckpt, run.checkpoint_file)
    assert not marker.exists()
    return run, marker


def test_what_cnnviz_saves_loads_with_weights_only(tmp_path):
    run = quick_run(tmp_path / "run")
    ckpt = torch.load(run.checkpoint_file, weights_only=True)  # no allow-list needed
    assert set(ckpt) >= {"model", "optimizer", "epoch", "step", "config", "rng"}
    # the RNG states round-trip: resuming draws the same numbers
    np.random.seed(1)
    random.seed(1)
    from cnnviz.core.training.loop import _rng_state, _set_rng_state

    state = _rng_state()
    a = (np.random.rand(3), random.random(), torch.rand(2))
    _set_rng_state(state)
    b = (np.random.rand(3), random.random(), torch.rand(2))
    assert np.array_equal(a[0], b[0]) and a[1] == b[1] and torch.equal(a[2], b[2])


def test_checkpoints_of_older_cnnviz_with_numpy_rng_still_load(tmp_path):
    run = quick_run(tmp_path / "run")
    ckpt = torch.load(run.checkpoint_file, weights_only=True)
    ckpt["rng"]["numpy"] = np.random.get_state()  # how cnnviz saved it before
    torch.save(ckpt, run.checkpoint_file)
    assert run.load_checkpoint()["epoch"] == 0


def test_the_core_refuses_it(hostile_run):
    run, marker = hostile_run
    with pytest.raises(CheckpointError, match="was refused: opening it would call posix.system"):
        run.load_checkpoint()
    with pytest.raises(CheckpointError, match="which could run code"):
        load_run_model(run.path)
    with pytest.raises(CheckpointError, match="was refused"):
        evaluate_run(run.path, dataset=SMALL)
    assert not marker.exists()


def test_cli_resume_refuses_it(hostile_run, capsys):
    run, marker = hostile_run
    assert main(["train", "lenet", "--resume", "--epochs", "2", "--quiet",
                 "--run-dir", str(run.path)]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert "was refused" in err and "Traceback" not in err and err.count("\n") == 1
    assert not marker.exists()


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not a zip", b"\x80\x04K\x01."])
def test_broken_or_foreign_checkpoints_are_one_sentence(tmp_path, content):
    run = RunDirectory(tmp_path)
    run.checkpoint_file.write_bytes(content)
    with pytest.raises(CheckpointError, match="checkpoint.pt is (broken|not a cnnviz)"):
        run.load_checkpoint()
