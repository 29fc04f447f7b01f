"""Every file cnnviz writes gets the umask's permissions (0644 under 022), atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cnnviz.core import data
from cnnviz.core.files import atomic_path, atomic_write_text, remove_stale_temp_files
from cnnviz.core.training import RunDirectory, TrainConfig, Trainer


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o027, 0o002])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def test_atomic_writes_get_the_umasks_mode(tmp_path, umask):
    atomic_write_text(tmp_path / "a.txt", "hello")
    with atomic_path(tmp_path / "b.png", ".png") as tmp:
        tmp.write_bytes(b"png")
    for name in ("a.txt", "b.png"):
        assert mode(tmp_path / name) == 0o666 & ~umask
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.png"]


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    atomic_write_text(tmp_path / "a.txt", "old")
    with pytest.raises(RuntimeError), atomic_path(tmp_path / "a.txt") as tmp:
        tmp.write_text("half")
        raise RuntimeError("interrupted")
    assert (tmp_path / "a.txt").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_run_files_and_unpacked_data_get_the_umasks_mode(tmp_path, umask):
    config = TrainConfig(model="lenet", dataset="shapes", epochs=1, batch_size=64, lr=0.5,
                         device="cpu")  # fmt: skip
    Trainer(config, dataset=data.make_shapes(128, 32), run_dir=tmp_path / "run").fit()
    for name in RunDirectory.FILES:
        assert mode(tmp_path / "run" / name) == 0o666 & ~umask, name
    ds = data.load_dataset("fashion-mnist", root=tmp_path / "data")
    raw = Path(ds.path)
    for stem in data.FASHION_MNIST_FILES:
        assert mode(raw / stem) == 0o666 & ~umask, stem


def test_stale_temp_files_of_run_files_only(tmp_path):
    for name in (".checkpoint.pt.x1.tmp", ".metrics.jsonl.y2", ".notes.txt.z3", "checkpoint.pt"):
        (tmp_path / name).write_text("x")
    young = tmp_path / ".status.json.new.tmp"
    young.write_text("x")
    os.utime(tmp_path / ".checkpoint.pt.x1.tmp", (0, 0))
    os.utime(tmp_path / ".metrics.jsonl.y2", (0, 0))
    removed = remove_stale_temp_files(tmp_path, RunDirectory.FILES, min_age_s=60)
    assert sorted(p.name for p in removed) == [".checkpoint.pt.x1.tmp", ".metrics.jsonl.y2"]
    assert young.exists() and (tmp_path / ".notes.txt.z3").exists()
