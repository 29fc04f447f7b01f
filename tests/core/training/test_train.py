"""The trainer: it learns, pauses, stops, resumes, survives crashes and runs under torchrun."""

import errno
import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
import torch

from cnnviz.core import data, files
from cnnviz.core.training import (
    Callback,
    RunDirectory,
    RunWriteError,
    TrainConfig,
    TrainControl,
    Trainer,
    optim,
    pick_device,
)

SHAPES = data.make_shapes(2000, 400, seed=1)


def quick(**kw) -> TrainConfig:
    base = dict(model="lenet_bn", dataset="shapes", epochs=2, batch_size=64, lr=0.5, device="cpu")
    return TrainConfig(**{**base, **kw})


class Recorder(Callback):
    def __init__(self):
        self.events = []
        self.progress = []

    def on_train_start(self, state):
        self.events.append("start")

    def on_progress(self, state, m):
        self.progress.append(m)

    def on_eval(self, state, m):
        self.events.append(("eval", m.epoch, m.test_acc))

    def on_epoch_end(self, state, m):
        self.events.append(("epoch_end", m.epoch))

    def on_exception(self, state, exc):
        self.events.append(("exception", type(exc).__name__))

    def on_train_end(self, state, status):
        self.events.append(("end", status))


def test_recipe_defaults_and_validation():
    c = TrainConfig(model="alexnet").resolved()
    assert (c.lr, c.epochs, c.batch_size, c.input_size) == (0.01, 10, 128, 224)
    assert TrainConfig(model="resnet18").resolved().input_size == 96
    with pytest.raises(ValueError, match="learning rate"):
        TrainConfig(lr=-1).resolved()
    with pytest.raises(ValueError, match="optimizer"):
        TrainConfig(optimizer="rmsprop").resolved()
    with pytest.raises(ValueError, match="unknown model"):
        TrainConfig(model="lenet7").resolved()
    assert pick_device("cpu").type == "cpu"
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="no CUDA GPU"):
            pick_device("cuda")


def test_training_on_a_small_subset_improves_accuracy(tmp_path):
    rec = Recorder()
    trainer = Trainer(quick(epochs=3), dataset=SHAPES, callbacks=[rec], run_dir=tmp_path / "r")
    history = trainer.fit()
    evals = [m for m in history if m.test_acc is not None]
    assert len(evals) == 3
    assert evals[-1].test_acc > 0.3 > 0.1  # chance is 0.1
    assert evals[-1].train_loss < evals[0].train_loss
    assert rec.events[0] == "start" and rec.events[-1] == ("end", "finished")
    assert rec.progress and all(m.examples_per_sec > 0 for m in rec.progress)
    run = RunDirectory(tmp_path / "r")
    assert run.status()["status"] == "finished"
    assert run.status()["best_test_acc"] == max(m.test_acc for m in evals)
    assert run.read_config().model == "lenet_bn"
    ckpt = run.load_checkpoint()
    assert ckpt["epoch"] == 2 and ckpt["step"] == 3 * 32 and "rng" in ckpt


def test_adam_and_momentum_are_used():
    t = Trainer(quick(epochs=1, optimizer="adam", lr=1e-3), dataset=SHAPES.subset(256, 64))
    t.fit()
    assert isinstance(t.optimizer, optim.Adam)
    assert all(s["exp_avg"].abs().sum() > 0 for s in t.optimizer.state.values())
    t = Trainer(quick(epochs=1, momentum=0.9, weight_decay=1e-4), dataset=SHAPES.subset(256, 64))
    t.fit()
    assert t.optimizer.param_groups[0]["momentum"] == 0.9
    assert all(s["momentum_buffer"].abs().sum() > 0 for s in t.optimizer.state.values())


class StopAfter(Callback):
    def __init__(self, control, step):
        self.control, self.step = control, step

    def on_batch_end(self, state):
        if state.step == self.step:
            self.control.cancel()


def test_stop_then_resume_continues_where_it_stopped(tmp_path):
    run_dir = tmp_path / "run"
    # reference: 3 epochs in one go
    ref = Trainer(quick(epochs=3), dataset=SHAPES).fit()
    # the same, stopped in the middle of epoch 2 (after 32 + 10 steps), then resumed
    control = TrainControl()
    rec = Recorder()
    t = Trainer(quick(epochs=3), dataset=SHAPES, run_dir=run_dir, control=control,
                callbacks=[StopAfter(control, 42), rec])  # fmt: skip
    t.fit()
    run = RunDirectory(run_dir)
    assert rec.events[-1] == ("end", "stopped") and run.status()["status"] == "stopped"
    ckpt = run.load_checkpoint()  # the exact position: epoch 1 done, 10 batches of epoch 2
    assert (ckpt["epoch"], ckpt["batch"], ckpt["step"]) == (0, 10, 42)
    resumed = Trainer(quick(epochs=3), dataset=SHAPES, run_dir=run_dir).fit(resume=True)
    evals = [m for m in resumed if m.test_acc is not None]
    assert [m.epoch for m in evals] == [1.0, 2.0, 3.0]
    steps = [m.step for m in run.read_metrics()]
    assert steps == sorted(steps) and max(steps) == 96  # curves continue, no lost duplicates
    # same data order and RNG ⇒ the same result as training without a stop
    ref_evals = [m for m in ref if m.test_acc is not None]
    assert [m.test_acc for m in evals] == pytest.approx([m.test_acc for m in ref_evals], abs=0.02)
    assert run.status()["status"] == "finished"


def test_killed_mid_run_loses_at_most_the_current_epoch(tmp_path):
    run_dir = tmp_path / "killed"
    cmd = [sys.executable, "-m", "cnnviz", "train", "lenet_bn", "--dataset", "shapes",
           "--epochs", "30", "--train-subset", "2000", "--test-subset", "200", "--lr", "0.5",
           "--batch-size", "64", "--device", "cpu", "--quiet",
           "--run-dir", str(run_dir)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    run = RunDirectory(run_dir)
    deadline = time.time() + 120
    while time.time() < deadline and not run.checkpoint_file.exists():
        time.sleep(0.05)
    time.sleep(0.3)  # somewhere inside a later epoch
    proc.kill()
    proc.wait(30)
    assert run.status()["status"] == "running"  # it never got to say otherwise
    done = run.load_checkpoint()["epoch"] + 1
    assert done >= 1
    resume = subprocess.run(
        [*cmd[:cmd.index("--epochs") + 1], str(done + 1), *cmd[cmd.index("--epochs") + 2 :],
         "--resume"],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert resume.returncode == 0, resume.stderr
    epochs = [m.epoch for m in run.read_metrics() if m.test_acc is not None]
    assert epochs == [float(e) for e in range(1, done + 2)]
    assert run.status()["status"] == "finished"


def test_pause_blocks_and_resume_continues():
    control = TrainControl()
    paused = threading.Event()

    class PauseOnce(Callback):
        def on_batch_end(self, state):
            if state.step == 3 and not paused.is_set():
                control.pause()

        def on_pause(self, state):
            paused.set()

    t = Trainer(quick(epochs=1), dataset=SHAPES.subset(640, 64), control=control,
                callbacks=[PauseOnce()])  # fmt: skip
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("h", t.fit()))
    thread.start()
    assert paused.wait(30)
    assert thread.is_alive() and control.paused
    control.resume()
    thread.join(60)
    assert not thread.is_alive() and result["h"][-1].test_acc is not None


def test_a_failure_is_reported_and_the_last_checkpoint_kept(tmp_path):
    rec = Recorder()

    class Boom(Callback):
        def on_batch_end(self, state):
            if state.epoch == 1 and state.batch == 2:
                raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")

    t = Trainer(quick(), dataset=SHAPES, run_dir=tmp_path, callbacks=[rec, Boom()])
    with pytest.raises(RuntimeError, match="out of memory"):
        t.fit()
    run = RunDirectory(tmp_path)
    assert run.status()["status"] == "failed"
    assert "out of memory" in run.status()["error"]
    assert run.load_checkpoint()["epoch"] == 0
    assert ("exception", "RuntimeError") in rec.events and rec.events[-1] == ("end", "failed")


def test_a_diverging_loss_fails_with_a_hint():
    net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(28 * 28, 10))
    config = quick(model="user:linear", lr=1e38, epochs=1, input_size=28)
    with pytest.raises(FloatingPointError, match="smaller learning rate"):
        Trainer(config, model=net, dataset=SHAPES.subset(512, 64)).fit()


def test_atomic_checkpoint_survives_an_interrupted_write(tmp_path, monkeypatch):
    run = RunDirectory(tmp_path)
    run.create(quick())
    run.save_checkpoint({"epoch": 1, "step": 10, "model": {"w": torch.ones(3)}})

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full_disk)
    with pytest.raises(RunWriteError, match="no space left on device while writing .*checkpoint"):
        run.save_checkpoint({"epoch": 2, "step": 20, "model": {"w": torch.zeros(3)}})
    monkeypatch.undo()
    assert run.load_checkpoint()["epoch"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_broken_checkpoint_and_config_are_readable_errors(tmp_path):
    run = RunDirectory(tmp_path)
    run.checkpoint_file.write_bytes(b"not a checkpoint")
    with pytest.raises(ValueError, match="checkpoint.pt is broken"):
        run.load_checkpoint()
    run.config_file.write_text("{")
    with pytest.raises(ValueError, match="config.json is broken"):
        run.read_config()


def test_metrics_log_skips_a_half_written_line(tmp_path):
    run = RunDirectory(tmp_path)
    run.metrics_file.write_text(json.dumps({"epoch": 0.5, "step": 3}) + '\n{"epoch": 1.0, "st')
    assert [m.step for m in run.read_metrics()] == [3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_torchrun_two_gloo_ranks_match_a_single_process(tmp_path):
    args = ["lenet", "--dataset", "shapes", "--epochs", "1", "--train-subset", "1024",
            "--test-subset", "256", "--batch-size", "64", "--lr", "0.1", "--device", "cpu",
            "--quiet"]  # fmt: skip
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    single = subprocess.run(
        [sys.executable, "-m", "cnnviz", "train", *args, "--run-dir", str(tmp_path / "one")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert single.returncode == 0, single.stderr
    ddp = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2",
         "--master-addr", "127.0.0.1", "--master-port", str(_free_port()),
         "-m", "cnnviz", "train", *args, "--run-dir", str(tmp_path / "two")],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert ddp.returncode == 0, ddp.stderr[-2000:]
    assert ddp.stdout.count("epoch 1:") == 1  # only rank 0 prints
    one = RunDirectory(tmp_path / "one").load_checkpoint()
    two = RunDirectory(tmp_path / "two").load_checkpoint()
    for k, v in one["model"].items():
        # float sums in another order differ slightly; other batches would differ by ~1e-3
        torch.testing.assert_close(two["model"][k], v, atol=5e-5, rtol=1e-3)
    acc1 = RunDirectory(tmp_path / "one").status()["best_test_acc"]
    acc2 = RunDirectory(tmp_path / "two").status()["best_test_acc"]
    assert acc1 == pytest.approx(acc2, abs=0.01)


def test_resume_loads_the_checkpoint_on_the_cpu(tmp_path, monkeypatch):
    """RNG states must stay CPU byte tensors (a CUDA-mapped checkpoint broke resume on GPUs)."""
    Trainer(quick(epochs=1), dataset=SHAPES.subset(256, 64), run_dir=tmp_path).fit()
    seen = []
    real = RunDirectory.load_checkpoint

    def spy(self, map_location="cpu"):
        seen.append(map_location)
        return real(self, map_location)

    monkeypatch.setattr(RunDirectory, "load_checkpoint", spy)
    Trainer(quick(epochs=2), dataset=SHAPES.subset(256, 64), run_dir=tmp_path).fit(resume=True)
    assert seen == ["cpu"]
    assert RunDirectory(tmp_path).status()["status"] == "finished"
