"""The Training view opens a run whose checkpoint carries a payload: the results tabs and
"Use these weights" say it was refused, and the payload never runs."""

from __future__ import annotations

import os

import pytest
import torch
from PySide6.QtCore import Qt

from cnnviz.core.data import make_shapes
from cnnviz.core.train import TrainConfig, Trainer
from cnnviz.gui.training import TrainingView


class Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def view(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CNNVIZ_RUNS", str(tmp_path / "runs"))
    v = TrainingView()
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.show()
    qtbot.waitExposed(v)
    yield v
    v.shutdown()


def test_open_run_evaluation_and_use_weights_refuse_a_crafted_checkpoint(view, qtbot, tmp_path):
    run_dir = tmp_path / "shared" / "run"
    config = TrainConfig(model="lenet", dataset="shapes", epochs=1, batch_size=64, lr=0.5,
                         device="cpu", train_subset=256, test_subset=64)  # fmt: skip
    Trainer(config, dataset=make_shapes(256, 64, seed=2), run_dir=run_dir).fit()
    marker = tmp_path / "PWNED"
    ckpt_file = run_dir / "checkpoint.pt"
    ckpt = torch.load(ckpt_file, weights_only=True)
    ckpt["extra"] = Payload(marker)
    torch.save(ckpt, ckpt_file)
    stale = run_dir / ".checkpoint.pt.a1b2c3.tmp"
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))  # long ago: an interrupted write, not a live one

    assert view.open_run(run_dir)
    assert not stale.exists()
    view.tabs.setCurrentIndex(1)  # the confusion matrix: evaluates the checkpoint
    qtbot.waitUntil(lambda: "was refused" in view.confusion.empty_text, timeout=30_000)
    assert "could run code" in view.confusion.empty_text
    assert view.confusion.matrix is None
    with qtbot.waitSignal(view.weights_button.clicked, timeout=1000):
        qtbot.mouseClick(view.weights_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "was refused" in view.error_text, timeout=30_000)
    assert "The weights could not be loaded" in view.error_text
    assert not marker.exists()
