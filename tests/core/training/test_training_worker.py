"""The training process (cnnviz.core.training.worker): it finishes, pauses, stops within a
second, fails with a readable message, a killed one is noticed, and a follower tails what it
writes.

(Named test_training_worker.py: tests/gui/test_worker.py already owns the basename.)
"""

import json
import os
import subprocess
import sys
import time

import pytest

from cnnviz.core.training import (
    Callback,
    Metrics,
    RunDirectory,
    RunFollower,
    TrainConfig,
    TrainingProcess,
    error_message,
    live_processes,
    run_state,
)


def quick(**kw) -> TrainConfig:
    base = dict(model="lenet_bn", dataset="shapes", epochs=2, batch_size=64, lr=0.5,
                device="cpu", train_subset=1000, test_subset=200)  # fmt: skip
    return TrainConfig(**{**base, **kw})


class FailAt(Callback):
    """Raises inside the training loop (runs in the child: must be picklable)."""

    def __init__(self, step: int) -> None:
        self.step = step

    def on_batch_end(self, state) -> None:
        if state.step == self.step:
            raise RuntimeError(f"boom at step {self.step}")


@pytest.fixture
def processes():
    """Make TrainingProcesses through this; none is left running after the test."""
    made: list[TrainingProcess] = []

    def make(*args, **kw) -> TrainingProcess:
        p = TrainingProcess(*args, **kw)
        made.append(p)
        return p

    yield make
    leaked = [p for p in made if p.poll() is None and p.started]
    for p in made:
        p.shutdown(timeout=5)
    assert not leaked, "a training process was left running"
    assert live_processes() == []


def wait_for(pred, timeout=60.0, step=0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return False


def test_a_run_in_a_process_finishes_with_metrics_and_a_checkpoint(tmp_path, processes):
    proc = processes(quick(), tmp_path / "run")
    proc.start()
    assert proc.pid and proc.pid != os.getpid()
    assert proc.wait(120) == "finished" and proc.exitcode == 0
    run = RunDirectory(tmp_path / "run")
    status = run.status()
    assert status["status"] == "finished"
    assert "shapes: 1,000 training and 200 test images" in status["dataset_info"]
    records = run.read_metrics()
    epochs = [m for m in records if m.test_acc is not None]
    assert [m.epoch for m in epochs] == [1.0, 2.0]
    assert any(m.test_acc is None and m.train_loss is not None for m in records)
    assert status["best_test_acc"] == max(m.test_acc for m in epochs)
    assert run.load_checkpoint()["epoch"] == 1


def test_pause_resume_and_stop_take_effect_within_a_second(tmp_path, processes):
    run = RunDirectory(tmp_path / "run")
    proc = processes(quick(epochs=50, train_subset=2000), run.path)
    proc.start()
    assert wait_for(lambda: len(run.read_metrics()) >= 3, 120)
    proc.pause()
    t0 = time.monotonic()
    assert wait_for(lambda: run.status().get("status") == "paused", 5)
    assert time.monotonic() - t0 < 1.0
    assert proc.paused
    n = len(run.read_metrics())
    time.sleep(0.6)
    assert len(run.read_metrics()) == n  # nothing moves while paused
    proc.resume_training()
    assert wait_for(lambda: len(run.read_metrics()) > n + 1, 10)
    assert wait_for(lambda: run.status().get("status") == "running", 5)
    proc.stop()
    t0 = time.monotonic()
    assert wait_for(lambda: run.status().get("status") == "stopped", 5, step=0.005)
    assert time.monotonic() - t0 < 1.0
    assert proc.wait(10) == "stopped"
    ckpt = run.load_checkpoint()
    assert ckpt["step"] > 0 and ckpt["step"] >= max(m.step for m in run.read_metrics())


def test_an_exception_inside_training_fails_the_run_with_its_message(tmp_path, processes):
    run = RunDirectory(tmp_path / "run")
    proc = processes(quick(), run.path, callbacks=[FailAt(5)])
    proc.start()
    assert proc.wait(120) == "failed" and proc.exitcode == 1
    status = run.status()
    assert status["error"] == "RuntimeError: boom at step 5"
    assert "Traceback" in status["traceback"]
    assert run_state(status) == ("failed", "RuntimeError: boom at step 5")


def test_a_data_error_shows_the_core_sentence(tmp_path, processes):
    run = RunDirectory(tmp_path / "run")
    config = quick(dataset="mnist", data_root=str(tmp_path / "no-data"))
    proc = processes(config, run.path)
    proc.start()
    assert proc.wait(120) == "failed"
    status = run.status()
    assert status["error_type"] == "DataError"
    assert status["error"].startswith("mnist is not in ")
    assert "'shapes' data set" in status["error"]
    assert run.read_config().dataset == "mnist"  # the run exists, with its config


def test_a_killed_process_is_detected_and_the_run_marked_failed(tmp_path, processes):
    run = RunDirectory(tmp_path / "run")
    proc = processes(quick(epochs=50), run.path)
    proc.start()
    assert wait_for(run.checkpoint_file.exists, 120)
    proc.kill()
    assert proc.wait(10) == "failed"
    status = run.status()
    assert status["status"] == "failed" and "SIGKILL" in status["error"]
    assert status["exit_code"] == -9
    assert run.load_checkpoint()["epoch"] >= 0  # the last checkpoint is kept for a resume


def test_run_state_says_failed_when_the_writer_is_gone():
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    import socket

    host = socket.gethostname()
    status, message = run_state({"status": "running", "pid": dead.pid, "host": host})
    assert status == "failed" and "killed or crashed" in message
    assert run_state({"status": "running", "pid": os.getpid(), "host": host}) == ("running", "")
    assert run_state({"status": "running", "pid": dead.pid, "host": "elsewhere"})[0] == "running"
    assert run_state({"status": "finished"}) == ("finished", "")


def test_error_messages_are_sentences():
    from cnnviz.core.data import DataError

    assert error_message(DataError("fashion-mnist is not in /x; allow it")) == (
        "fashion-mnist is not in /x; allow it"
    )
    assert error_message(KeyError("k")) == "KeyError: 'k'"
    oom = RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
    assert "smaller batch size" in error_message(oom)


def test_the_follower_tails_complete_lines_and_notices_a_rewrite(tmp_path):
    run = RunDirectory(tmp_path / "run")
    run.create(quick())
    run.metrics_file.write_text("")
    f = RunFollower(run.path)
    assert f.poll().records == []
    run.append_metrics([Metrics(epoch=0.5, step=5, train_loss=2.0, train_acc=0.2)])
    run.set_status("running", epoch=0)
    u = f.poll()
    assert [m.step for m in u.records] == [5] and not u.reset
    assert u.status["status"] == "running"
    assert f.poll().status is None  # unchanged
    with open(run.metrics_file, "a") as fh:  # a writer in the middle of a line
        fh.write(json.dumps({"epoch": 1.0, "step": 10})[:7])
    assert f.poll().records == []
    with open(run.metrics_file, "a") as fh:
        fh.write(json.dumps({"epoch": 1.0, "step": 10})[7:] + "\n")
    assert [m.step for m in f.poll().records] == [10]
    run.truncate_metrics(5)  # what a resume does: atomic rewrite
    u = f.poll()
    assert u.reset and [m.step for m in u.records] == [5]
    run.metrics_file.write_text("")  # a fresh start: truncated in place
    assert f.poll().reset
