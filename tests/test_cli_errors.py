"""Every mistake on the command line: exit status 2, one readable line, no traceback, and
nothing on disk changed. One table of argv → message; the cases that need a prepared folder
(an existing run, broken run files, odd data folders) follow it."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from cnnviz.cli import main
from cnnviz.core import files
from cnnviz.core.training import RunDirectory

QUICK = ["--dataset", "shapes", "--train-subset", "128", "--test-subset", "64",
         "--batch-size", "64", "--quiet"]  # fmt: skip


def cli(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def assert_one_clear_line(code: int, err: str, fragment: str) -> None:
    assert code == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("cnnviz: error: ")
    assert fragment.lower() in lines[0].lower(), lines[0]


@pytest.fixture(autouse=True)
def scratch_data(tmp_path, monkeypatch):
    monkeypatch.setenv("CNNVIZ_DATA", str(tmp_path / "data"))


# (argv, a fragment of the one line) — the run folder is never created by any of these
TABLE = [
    (["--lesson", "nope"], "no lesson called 'nope'; shipped: 01_cross_correlation"),
    (["--lesson", "07_googlenet", "--slide", "99"], "--slide must be from 1 to"),
    (["--lesson", "07_googlenet", "--slide", "0"], "--slide must be from 1 to"),
    (["--slide", "2"], "--slide needs --lesson NAME"),
    (["--lesson", "missing.toml"], "cannot read missing.toml"),
    (["train", "lenet", "--input-size", "32", *QUICK], "lenet takes 28×28 inputs"),
    (
        ["train", "lenet", "--input-size", "32", *QUICK],
        "layer '7' (Linear) failed on input 1×576: expected 400",
    ),
    (["train", "alexnet", "--input-size", "12", *QUICK], "alexnet takes 224×224"),
    (["train", "lenet", "--lr", "inf", *QUICK], "learning rate must be a positive number"),
    (["train", "lenet", "--lr", "nan", *QUICK], "learning rate must be a positive number"),
    (["train", "lenet", "--lr", "-0.1", *QUICK], "learning rate must be a positive number"),
    (["train", "lenet", "--weight-decay", "nan", *QUICK], "weight decay must be a number"),
    (["train", "lenet", "--weight-decay", "-1", *QUICK], "weight decay must be a number"),
    (["train", "lenet", "--momentum", "nan", *QUICK], "momentum must be a number"),
    (["train", "lenet", "--momentum", "1.5", *QUICK], "momentum must be a number"),
    (["train", "lenet", "--device", "tpu", *QUICK], "unknown device 'tpu'; this machine has cpu"),
    (["train", "lenet", "--device", "banana:7", *QUICK], "unknown device 'banana:7'"),
    (["train", "lenet", *QUICK, "--train-subset", "0"], "train subset (--train-subset) must be"),
    (["train", "lenet", *QUICK, "--train-subset", "-5"], "at least 1 example, got -5"),
    (["train", "lenet", *QUICK, "--test-subset", "0"], "test subset (--test-subset) must be"),
    (["train", "lenet", "--epochs", "0", *QUICK], "epochs must be at least 1"),
    (["train", "lenet", "--batch-size", "0", "--dataset", "shapes"], "batch size must be"),
    (["train", "nonet", *QUICK], "unknown"),
    (["train", "lenet", "--resume", *QUICK], "--resume needs --run-dir"),
    (["summary", "nonet"], "unknown"),
    (["summary", "lenet", "--depth", "0"], "--depth must be at least 1"),
    (["summary", "lenet", "--input-size", "0", "5"], "--input-size must be positive"),
    (["export", "--model", "nonet", "-o", "x.png"], "unknown"),
    (["summary", "torchvision:resnt50"], "did you mean resnet101"),
    (["summary", "torchvision:"], "write a torchvision network as torchvision:NAME"),
    (["summary", "no_such_file.py:Net"], "There is no file 'no_such_file.py'"),
    (["summary", "nets.py"], "name the function or nn.Module class in the file"),
    (["summary", "nets.py:Net(width="], "a closing parenthesis is missing"),
    (["summary", "nets.py:Net(print(1))"], "name=value pairs with plain values"),
    (["summary", "torchvision:resnet18", "--in-channels", "0"], "at least 1 channel, got 0"),
    (["summary", "torchvision:resnet18", "--in-channels", "1"], "expected input with 3 channels"),
    (["export", "--model", "torchvision:nope", "-o", "x.png"], "no classification model 'nope'"),
    (["export", "--lesson", "no_such_lesson", "-o", "out"], "no_such_lesson"),
    (["export", "--lesson", "01_cross_correlation", "--size", "big", "-o", "o"], "WIDTHxHEIGHT"),
    (["export", "--lesson", "01_cross_correlation", "--size", "9x9", "-o", "o"], "from 320x240"),
    (["export", "--model", "lenet", "--size", "1280x720", "-o", "x.png"], "--size is for"),
]

if torch.cuda.is_available():  # pragma: no cover - only on a GPU machine
    TABLE.append((["train", "lenet", "--device", "cuda:99", *QUICK], "there is no device"))
else:
    TABLE.append((["train", "lenet", "--device", "cuda", *QUICK], "no CUDA GPU is available"))


@pytest.mark.parametrize(("argv", "fragment"), TABLE, ids=[" ".join(a[:4]) for a, _ in TABLE])
def test_bad_arguments_give_one_line_and_status_2(argv, fragment, capsys, tmp_path):
    run_dir = tmp_path / "run"
    if argv[0] == "train" and "--resume" not in argv:
        argv = [*argv, "--run-dir", str(run_dir)]
    code, err = cli(argv, capsys)
    assert_one_clear_line(code, err, fragment)
    assert not run_dir.exists()


def test_the_real_command_prints_no_traceback(tmp_path):
    """The same through the installed entry point, as a user types it."""
    env = {**os.environ, "CNNVIZ_DATA": str(tmp_path / "data")}
    for argv in (["train", "lenet", "--device", "tpu"], ["train", "lenet", "--lr", "nan"]):
        r = subprocess.run([sys.executable, "-m", "cnnviz", *argv], capture_output=True,
                           text=True, env=env, timeout=120)  # fmt: skip
        assert r.returncode == 2, r.stderr
        assert "Traceback" not in r.stderr
        assert r.stderr.count("\n") == 1


# --------------------------------------------------------------------------- run folders


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory) -> Path:
    """A finished 2-epoch run of lenet on shapes, made once; tests copy it."""
    folder = tmp_path_factory.mktemp("finished") / "run"
    assert main(["train", "lenet", "--epochs", "2", "--lr", "0.9", *QUICK,
                 "--run-dir", str(folder)]) == 0  # fmt: skip
    return folder


@pytest.fixture
def run_copy(finished_run, tmp_path) -> Path:
    folder = tmp_path / "run"
    shutil.copytree(finished_run, folder)
    return folder


def test_a_new_run_never_overwrites_one(run_copy, capsys):
    before = snapshot(run_copy)
    lines = run_copy.joinpath("metrics.jsonl").read_text().count("\n")
    code, err = cli(["train", "lenet", "--epochs", "3", *QUICK, "--run-dir", str(run_copy)],
                    capsys)  # fmt: skip
    assert_one_clear_line(code, err, f"{run_copy} holds a run of lenet on shapes (2 of 2 epochs")
    assert "add --resume to continue it, or choose another --run-dir" in err
    assert "best test acc 0." in err
    assert snapshot(run_copy) == before
    assert run_copy.joinpath("metrics.jsonl").read_text().count("\n") == lines


def test_a_run_with_weights_but_no_metrics_is_kept_too(run_copy, capsys):
    run_copy.joinpath("metrics.jsonl").unlink()
    before = snapshot(run_copy)
    code, err = cli(["train", "lenet", *QUICK, "--run-dir", str(run_copy)], capsys)
    assert_one_clear_line(code, err, "holds a run of lenet")
    assert snapshot(run_copy) == before


def test_resume_extends_a_finished_run_and_cleans_stale_temp_files(run_copy, capsys):
    stale = run_copy / ".checkpoint.pt.k2j4l9.tmp"
    stale.write_bytes(b"half a checkpoint")
    old = run_copy / ".checkpoint.pt.abc123"  # the name older cnnviz versions used
    old.write_bytes(b"half")
    assert main(["train", "lenet", "--epochs", "3", "--resume", "--quiet",
                 "--run-dir", str(run_copy)]) == 0  # fmt: skip
    assert not stale.exists() and not old.exists()
    epochs = [m.epoch for m in RunDirectory(run_copy).read_metrics() if m.test_acc is not None]
    assert epochs == [1.0, 2.0, 3.0]


def test_resume_of_another_network_or_nothing(run_copy, tmp_path, capsys):
    before = snapshot(run_copy)
    code, err = cli(["train", "lenet_bn", "--resume", "--run-dir", str(run_copy)], capsys)
    assert_one_clear_line(code, err, "holds a run of lenet, not lenet_bn")
    assert snapshot(run_copy) == before
    empty = tmp_path / "empty"
    empty.mkdir()
    code, err = cli(["train", "lenet", "--resume", "--run-dir", str(empty)], capsys)
    assert_one_clear_line(code, err, "holds no run to resume")
    assert list(empty.iterdir()) == []


BROKEN_RUNS = {
    "config is a list": ("config.json", b"[1, 2, 3]", "must be a JSON object, not a list"),
    "config wrong type": ("config.json", None, "'epochs' must be an integer or null, not text"),
    "config not json": ("config.json", b"{epochs:", "config.json is broken"),
    "checkpoint garbage": ("checkpoint.pt", b"\x00garbage", "checkpoint.pt is broken"),
    "checkpoint no model": ("checkpoint.pt", None, "has no model weights ('model')"),
    "checkpoint other net": ("checkpoint.pt", None, "does not fit lenet"),
}


@pytest.mark.parametrize("case", BROKEN_RUNS)
def test_resume_of_a_broken_run_is_one_line(case, run_copy, capsys):
    name, content, fragment = BROKEN_RUNS[case]
    path = run_copy / name
    if case == "config wrong type":
        d = json.loads(path.read_text())
        content = json.dumps({**d, "epochs": "three"}).encode()
    elif case == "checkpoint no model":
        ckpt = torch.load(path, weights_only=True)
        del ckpt["model"]
        buf = path.with_suffix(".tmp")
        torch.save(ckpt, buf)
        content = buf.read_bytes()
        buf.unlink()
    elif case == "checkpoint other net":
        from cnnviz.core import models

        ckpt = torch.load(path, weights_only=True)
        ckpt["model"] = models.get_model("lenet_bn").state_dict()
        torch.save(ckpt, path)
        content = path.read_bytes()
    path.write_bytes(content)
    before = snapshot(run_copy)
    code, err = cli(["train", "lenet", "--resume", "--run-dir", str(run_copy)], capsys)
    assert_one_clear_line(code, err, fragment)
    changed = {k for k, v in snapshot(run_copy).items() if before.get(k) != v}
    assert changed <= {"status.json"}, changed  # the failure may be recorded, nothing else


def test_run_dir_that_is_a_file_or_cannot_be_made(tmp_path, capsys, monkeypatch):
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    code, err = cli(["train", "lenet", *QUICK, "--run-dir", str(a_file)], capsys)
    assert_one_clear_line(code, err, "is a file, not a folder")
    assert a_file.read_text() == "x"
    code, err = cli(["train", "lenet", *QUICK, "--run-dir", str(a_file / "run")], capsys)
    assert_one_clear_line(code, err, "cannot make the folder")

    def denied(*a, **k):  # as a read-only folder answers (tests run as root on CI)
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    code, err = cli(["train", "lenet", *QUICK, "--run-dir", str(tmp_path / "ro")], capsys)
    assert_one_clear_line(code, err, "permission denied while writing")


def test_full_disk_while_writing_a_checkpoint_ends_the_run_failed(tmp_path, capsys, monkeypatch):
    """The first epoch's checkpoint is written; the second finds the disk full."""
    run_dir = tmp_path / "run"
    real_write = RunDirectory._write
    calls = {"n": 0}

    def write(self, path, data):
        if path.name == "checkpoint.pt":
            calls["n"] += 1
            if calls["n"] == 2:
                raise files_error(path)
        return real_write(self, path, data)

    def files_error(path):
        from cnnviz.core.training.runs import _write_error

        return _write_error(OSError(errno.ENOSPC, "No space left on device"), path)

    monkeypatch.setattr(RunDirectory, "_write", write)
    code, err = cli(["train", "lenet", "--epochs", "3", *QUICK, "--run-dir", str(run_dir)],
                    capsys)  # fmt: skip
    assert_one_clear_line(code, err, "no space left on device while writing")
    assert "checkpoint.pt; the checkpoint of epoch 1 is kept" in err
    monkeypatch.undo()
    run = RunDirectory(run_dir)
    assert run.status()["status"] == "failed"
    assert "no space left on device" in run.status()["error"]
    assert run.load_checkpoint()["epoch"] == 0  # epoch 1 (0-based 0) is intact
    assert main(["train", "lenet", "--resume", "--quiet", "--run-dir", str(run_dir)]) == 0
    epochs = [m.epoch for m in run.read_metrics() if m.test_acc is not None]
    assert epochs == [1.0, 2.0, 3.0]


# --------------------------------------------------------------------------- data folders


def test_data_folder_that_is_a_file(tmp_path, capsys, monkeypatch):
    a_file = tmp_path / "data_file"
    a_file.write_text("x")
    monkeypatch.setenv("CNNVIZ_DATA", str(a_file))
    code, err = cli(["train", "lenet", "--epochs", "1", "--quiet", "--run-dir",
                     str(tmp_path / "r")], capsys)  # fmt: skip
    assert_one_clear_line(code, err, "is a file; point CNNVIZ_DATA at a folder")
    assert not (tmp_path / "r").exists()


def test_data_folder_that_cannot_be_written(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CNNVIZ_DATA", str(tmp_path / "data"))
    real_mkdir = Path.mkdir

    def mkdir(self, *a, **k):
        if "data" in self.parts:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_mkdir(self, *a, **k)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    code, err = cli(["train", "lenet", "--epochs", "1", "--quiet"], capsys)
    assert_one_clear_line(code, err, "point CNNVIZ_DATA at a folder you can write")


def test_data_folder_with_only_the_gz_files_is_unpacked(tmp_path):
    from cnnviz.core import data

    folder = tmp_path / "gz_only"
    folder.mkdir()
    for stem in data.FASHION_MNIST_FILES:
        shutil.copy(data.DEBIAN_FASHION_MNIST / f"{stem}.gz", folder)
    ds = data.load_dataset("fashion-mnist", root=folder)
    assert len(ds.train_labels) == 60000 and len(ds.test_labels) == 10000
    assert "unpacked from" in ds.source
