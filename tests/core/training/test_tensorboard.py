"""TensorBoard event files with the same scalars as the run's metrics, read back by
TensorBoard's own reader."""

import sys

import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

from cnnviz.cli import main
from cnnviz.core.training import TrainConfig, Trainer
from cnnviz.core.training.runs import RunDirectory

QUICK = dict(model="lenet", dataset="shapes", epochs=2, train_subset=512, test_subset=128,
             batch_size=64, device="cpu")  # fmt: skip


def _scalars(folder):
    ea = EventAccumulator(str(folder))
    ea.Reload()
    return {tag: [(e.step, e.value) for e in ea.Scalars(tag)] for tag in ea.Tags()["scalars"]}


def test_the_scalars_are_the_runs_metrics(tmp_path):
    run_dir = tmp_path / "run"
    Trainer(TrainConfig(**QUICK, tensorboard="tb"), run_dir=run_dir).fit()
    scalars = _scalars(run_dir / "tb")  # relative: inside the run's folder
    assert set(scalars) == {"train/loss", "train/accuracy", "train/examples_per_sec",
                            "train/lr", "test/accuracy"}  # fmt: skip
    records = RunDirectory(run_dir).read_metrics()
    tests = [(m.step, m.test_acc) for m in records if m.test_acc is not None]
    assert [s for s, _ in scalars["test/accuracy"]] == [s for s, _ in tests] and len(tests) == 2
    assert [v for _, v in scalars["test/accuracy"]] == pytest.approx([v for _, v in tests])
    losses = [(m.step, m.train_loss) for m in records if m.train_loss is not None]
    assert scalars["train/loss"] == [(s, pytest.approx(v)) for s, v in losses]


def test_the_command_writes_where_it_is_told(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    argv = ["train", "lenet", "--dataset", "shapes", "--epochs", "1", "--train-subset", "256",
            "--test-subset", "64", "--batch-size", "64", "--device", "cpu", "--quiet",
            "--tensorboard", "logs"]  # fmt: skip
    assert main(argv) == 0
    assert len(_scalars(tmp_path / "logs")["test/accuracy"]) == 1


def test_without_tensorboard_it_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboard", None)
    with pytest.raises(ValueError, match="needs the tensorboard package: pip install"):
        TrainConfig(**QUICK, tensorboard=str(tmp_path / "tb")).resolved()
    assert not (tmp_path / "tb").exists()
