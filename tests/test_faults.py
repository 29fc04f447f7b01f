"""Fault injection: ``kill -9`` at random moments of a real run, then resume; a full disk or a
refused permission on each kind of run file. ``make faults`` runs more trials on real
Fashion-MNIST (``CNNVIZ_FAULT_TRIALS``, ``CNNVIZ_FAULT_DATASET``); the bad-argument table is
``tests/test_cli_errors.py`` and crafted checkpoints
``tests/core/training/test_checkpoint_safety.py``."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cnnviz.cli import main
from cnnviz.core import files
from cnnviz.core.training import RunDirectory

TRIALS = int(os.environ.get("CNNVIZ_FAULT_TRIALS", "3"))
DATASET = os.environ.get("CNNVIZ_FAULT_DATASET", "shapes")
EPOCHS = 3
SIZE = ["--train-subset", "1536", "--test-subset", "256"] if DATASET == "shapes" else \
       ["--train-subset", "6000", "--test-subset", "1000"]  # fmt: skip


def train_cmd(run_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "cnnviz", "train", "lenet_bn", "--dataset", DATASET,
            "--epochs", str(EPOCHS), "--batch-size", "32", "--lr", "0.5", "--device", "cpu",
            *SIZE, "--quiet", "--run-dir", str(run_dir), *extra]  # fmt: skip


def check_run(run_dir: Path) -> None:
    """A finished run: its checkpoint loads, every metrics line is JSON, each epoch is
    evaluated exactly once and in order, steps never go back, and no temporary file is left."""
    run = RunDirectory(run_dir)
    assert run.status()["status"] == "finished", run.status()
    ckpt = run.load_checkpoint()
    assert ckpt["epoch"] == EPOCHS - 1 and ckpt["batch"] == 0
    lines = run.metrics_file.read_text().splitlines()
    records = [json.loads(line) for line in lines]  # a broken line would raise here
    evaluated = [r["epoch"] for r in records if "test_acc" in r]
    assert evaluated == [float(e) for e in range(1, EPOCHS + 1)]
    steps = [r["step"] for r in records]
    assert steps == sorted(steps)
    assert ckpt["step"] == steps[-1]
    assert not [p.name for p in run_dir.iterdir() if p.name.startswith(".")]


def test_kill_9_at_random_moments_then_resume(tmp_path):
    rng = random.Random(int(os.environ.get("CNNVIZ_FAULT_SEED", "9")))
    env = {**os.environ, "CNNVIZ_DATA": os.environ.get("CNNVIZ_DATA", str(tmp_path / "data"))}
    survived = 0
    for trial in range(TRIALS):
        run_dir = tmp_path / f"run{trial}"
        proc = subprocess.Popen(train_cmd(run_dir), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)  # fmt: skip
        # wait until it trains, then kill it somewhere within the run
        deadline = time.monotonic() + 60
        while not (run_dir / "status.json").exists() and proc.poll() is None:
            assert time.monotonic() < deadline, "the run never started"
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 4.0))
        killed = proc.poll() is None
        if killed:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        assert proc.returncode in (0, -signal.SIGKILL), proc.stderr.read().decode()
        proc.stderr.close()
        steps = [m.step for m in RunDirectory(run_dir).read_metrics()]
        at = f"killed after step {steps[-1] if steps else 0}" if killed else "finished first"
        resume = ["--resume"] if RunDirectory(run_dir).holds_run() else []
        seen = sorted((p.name, p.stat().st_size) for p in run_dir.iterdir())
        if not resume:  # killed before the first record: a new run starts there
            assert not (run_dir / "checkpoint.pt").exists()
        r = subprocess.run(train_cmd(run_dir, *resume), env=env, capture_output=True,
                           text=True, timeout=300)  # fmt: skip
        assert r.returncode == 0, f"{r.stderr} (after the kill: {seen}, {at})"
        assert "Traceback" not in r.stderr
        check_run(run_dir)
        survived += 1
        print(f"trial {trial + 1}: {at}, resumed ({' '.join(resume) or 'fresh'}) and intact")
    assert survived == TRIALS


WRITES = ["config.json", "status.json", "metrics.jsonl", "checkpoint.pt"]
FAULTS = {
    "ENOSPC": (OSError(errno.ENOSPC, "No space left on device"), "no space left on device"),
    "EACCES": (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
    "EDQUOT": (OSError(errno.EDQUOT, "Disk quota exceeded"), "the disk quota is used up"),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("target", WRITES)
def test_a_failing_write_of_each_run_file_is_one_line(target, fault, tmp_path, monkeypatch,
                                                      capsys):  # fmt: skip
    """The fault is raised by the file system layer itself (the atomic writer's temporary file
    or the log's open), on the first write of ``target``."""
    exc, words = FAULTS[fault]
    real_mkstemp, real_open = files.tempfile.mkstemp, open
    monkeypatch.setenv("CNNVIZ_DATA", str(tmp_path / "data"))

    def mkstemp(*a, prefix="", **k):
        if prefix.startswith(f".{target}."):
            raise exc
        return real_mkstemp(*a, prefix=prefix, **k)

    def open_(path, mode="r", *a, **k):
        if Path(str(path)).name == target and "a" in mode:
            raise exc
        return real_open(path, mode, *a, **k)

    monkeypatch.setattr(files.tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr("builtins.open", open_)
    run_dir = tmp_path / "run"
    code = main(["train", "lenet", "--dataset", "shapes", "--epochs", "2", "--batch-size", "64",
                 "--train-subset", "256", "--test-subset", "64", "--quiet",
                 "--run-dir", str(run_dir)])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err and err.count("\n") == 1
    assert f"{words} while writing {run_dir / target}" in err
    monkeypatch.undo()
    if target == "checkpoint.pt":
        assert "no checkpoint was saved yet" in err
        assert RunDirectory(run_dir).status()["status"] == "failed"
    assert not [p.name for p in run_dir.iterdir() if p.name.startswith(".")]
