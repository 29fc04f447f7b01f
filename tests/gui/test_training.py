"""TrainingView: a run in a worker process draws live curves, pauses, stops, fails visibly, is
listed, laid over others, deleted, evaluated, and a headless run is followed live."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cnnviz.core import data
from cnnviz.core.training import RunDirectory, TrainConfig, Trainer
from cnnviz.gui.theme import get_theme
from cnnviz.gui.training import TrainingView

SMALL = data.make_shapes(600, 100, seed=5)


def quick(**kw) -> TrainConfig:
    base = dict(model="lenet_bn", dataset="shapes", epochs=2, batch_size=64, lr=0.5,
                device="cpu", train_subset=800, test_subset=200)  # fmt: skip
    return TrainConfig(**{**base, **kw})


@pytest.fixture
def view(training_view):
    return training_view


def points(series) -> int:
    x, _ = series.item.getData()
    return 0 if x is None else len(x)


def test_the_view_is_built_with_the_books_recipe_and_runs_root(view, tmp_path):
    assert view.runs_root == tmp_path / "runs"
    view.set_model("alexnet")
    assert (view.lr.value(), view.epochs.value(), view.batch_size.value()) == (0.01, 10, 128)
    assert "224×224" in view.input_label.text()
    view.set_model("resnet18")
    assert (view.lr.value(), view.batch_size.value()) == (0.05, 256)
    assert view.train_button.isEnabled()
    view.set_model("torchvision:resnet50")  # any network's spec trains, on its own input
    assert view.train_button.isEnabled() and "224×224" in view.input_label.text()
    assert view.lr.value() == 0.1
    view.set_model("nonet")  # no such network
    assert not view.train_button.isEnabled() and "open one" in view.input_label.text()
    view.set_model("lenet")
    c = view.config_from_form()
    assert (c.model, c.optimizer, c.device, c.train_subset) == ("lenet", "sgd", "auto", None)
    # only the devices that exist can be chosen
    cpu = view.device.findData("cpu")
    assert view.device.model().item(cpu).isEnabled()
    v2 = TrainingView(runs_root=tmp_path / "elsewhere")
    assert v2.runs_root == tmp_path / "elsewhere"
    v2.shutdown()


def test_train_pause_resume_stop_with_live_curves(view, qtbot):
    view.set_model("lenet_bn")
    view.dataset.setCurrentIndex(view.dataset.findData("shapes"))
    view.train_subset.setValue(2000)
    view.epochs.setValue(40)
    view.batch_size.setValue(64)
    view.lr.setValue(0.5)
    view.device.setCurrentIndex(view.device.findData("cpu"))
    ended = []
    view.run_ended.connect(lambda path, status: ended.append(status))
    qtbot.mouseClick(view.train_button, Qt.MouseButton.LeftButton)
    path = view.current_run
    assert path and Path(path).parent == view.runs_root
    assert not view.train_button.isEnabled()
    qtbot.waitUntil(lambda: points(view.curves.loss) >= 3, timeout=60_000)
    x, y = view.curves.loss.item.getData()
    assert 0 < x[0] < x[-1] and all(v > 0 for v in y)  # fractional epochs, positive loss
    assert points(view.curves.train_acc) == points(view.curves.loss)
    qtbot.waitUntil(lambda: "examples/s" in view.stats["speed"].text(), timeout=2_000)
    assert view.stats["time_left"].text() != "—"
    assert "shapes: 2,000 training" in view.stats["data"].text()  # where the data came from

    qtbot.mouseClick(view.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.run_status == "paused", timeout=2_000)
    assert view.pause_button.text() == "Resume"
    n = points(view.curves.loss)
    qtbot.wait(600)
    assert points(view.curves.loss) == n  # nothing moves while paused
    qtbot.mouseClick(view.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: points(view.curves.loss) > n, timeout=5_000)

    t0 = time.monotonic()
    qtbot.mouseClick(view.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.run_status == "stopped", timeout=5_000)
    assert time.monotonic() - t0 < 1.5  # stop within 1 s, plus at most one poll
    qtbot.waitUntil(lambda: view.training_process is None, timeout=10_000)
    assert ended == ["stopped"]
    assert RunDirectory(path).checkpoint_file.exists()
    assert view.train_button.isEnabled()
    assert view.run_table.status_of(path) == "stopped"


def test_a_data_error_is_shown_with_the_core_sentence(view, qtbot, tmp_path):
    config = TrainConfig(model="lenet", dataset="mnist", data_root=str(tmp_path / "no-data"),
                         device="cpu")  # fmt: skip
    path = view.start_training(config)
    qtbot.waitUntil(lambda: view.run_status == "failed", timeout=60_000)
    assert "mnist is not in" in view.error_text
    assert "'shapes' data set" in view.error_text
    qtbot.waitUntil(lambda: view.training_process is None, timeout=10_000)
    assert view.train_button.isEnabled()  # the app stays usable
    assert view.run_table.status_of(path) == "failed"


def test_a_killed_worker_is_detected_and_the_run_resumes_where_it_stopped(view, qtbot):
    path = view.start_training(quick(epochs=40, train_subset=1500))
    qtbot.waitUntil(lambda: RunDirectory(path).checkpoint_file.exists(), timeout=60_000)
    qtbot.waitUntil(lambda: points(view.curves.test_acc) >= 1, timeout=10_000)
    view.training_process.kill()
    qtbot.waitUntil(lambda: view.run_status == "failed", timeout=5_000)
    assert "SIGKILL" in view.error_text
    qtbot.waitUntil(lambda: view.training_process is None, timeout=5_000)
    view.run_table.select_path(path)
    assert view.resume_button.isEnabled()
    first_x = view.curves.loss.item.getData()[0][0]
    epochs_done = points(view.curves.test_acc)
    assert view.resume_run(path)
    qtbot.waitUntil(lambda: points(view.curves.test_acc) > epochs_done, timeout=60_000)
    x, _ = view.curves.loss.item.getData()
    assert x[0] == first_x and list(x) == sorted(x)  # the curves go on where they stopped
    assert view.run_status == "running" and not view.error_text
    view.stop_training()
    qtbot.waitUntil(lambda: view.training_process is None, timeout=10_000)


def test_runs_list_evaluation_overlay_weights_and_delete(view, qtbot, monkeypatch):
    path = view.start_training(quick())
    with qtbot.waitSignal(view.run_ended, timeout=90_000) as blocker:
        pass
    assert blocker.args == [path, "finished"]
    best = RunDirectory(path).status()["best_test_acc"]
    view.refresh_runs()
    item = view.run_table._items[path]
    assert item.text(3) == "finished" and item.text(4) == f"{100 * best:.1f} %"
    assert points(view.curves.test_acc) == 2

    # results of the latest checkpoint, computed off the GUI thread
    with qtbot.waitSignal(view.evaluation_ready, timeout=60_000) as ev_block:
        view.tabs.setCurrentIndex(1)
    ev = ev_block.args[0]
    assert view.confusion.matrix.sum() == ev.test_count == 200
    assert ev.accuracy == pytest.approx(best)
    assert view.confusion.classes == data.SHAPES_CLASSES
    assert "200 test images" in view.confusion_caption.text()
    view.tabs.setCurrentIndex(2)
    grid = view.predictions.grid
    assert grid.count() == 40
    grid.setCurrentRow(3)
    assert view.predictions.bars.probabilities is not None
    assert view.predictions.bars.true_class == int(ev.labels[3])
    mistakes = [grid.item(i).data(Qt.ItemDataRole.UserRole) for i in range(grid.count())]
    assert sum(mistakes) == int((ev.predictions != ev.labels).sum())
    view.tabs.setCurrentIndex(3)
    assert view.kernels.tiles() == 6 and "6 kernels of 1×5×5" in view.kernel_caption.text()
    with qtbot.waitSignal(view.weights_ready, timeout=30_000) as w_block:
        qtbot.mouseClick(view.weights_button, Qt.MouseButton.LeftButton)
    name, model = w_block.args
    import torch

    assert name == "lenet_bn" and isinstance(model, torch.nn.Module) and not model.training

    # a second run, written in this process: lay its curves over the first run's
    other = view.runs_root / "other-run"
    Trainer(quick(epochs=2, train_subset=None, test_subset=None), dataset=SMALL,
            run_dir=other).fit()  # fmt: skip
    view.refresh_runs()
    assert str(other) in view.run_paths()
    view.run_table._items[str(other)].setCheckState(0, Qt.CheckState.Checked)
    assert str(other) in view.curves.overlays
    overlay = view.curves.overlays[str(other)]
    assert points(overlay.test_acc) == 2 and points(overlay.loss) > 0
    assert overlay.colour != view.curves.current.colour  # colour = run
    legend = [label.text for _, label in view.curves.legend.items]
    assert "other-run" in legend
    view.run_table._items[str(other)].setCheckState(0, Qt.CheckState.Unchecked)
    assert str(other) not in view.curves.overlays

    # delete: asked first (declined → kept), then bypassed
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert not view.delete_run(str(other))
    assert other.exists()
    view.set_overlay(str(other), True)
    assert view.delete_run(str(other), confirm=False)
    assert not other.exists() and str(other) not in view.run_paths()
    assert str(other) not in view.curves.overlays


def test_open_run_folder_follows_a_headless_run_of_another_process(view, qtbot, tmp_path):
    run_dir = tmp_path / "shared" / "headless"
    cmd = [sys.executable, "-m", "cnnviz", "train", "lenet_bn", "--dataset", "shapes",
           "--epochs", "50", "--train-subset", "3000", "--test-subset", "200", "--lr", "0.5",
           "--batch-size", "64", "--device", "cpu", "--quiet",
           "--run-dir", str(run_dir)]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: (run_dir / "status.json").exists(), timeout=60_000)
        assert view.open_run(run_dir)
        assert str(run_dir) in view.run_paths()  # listed, though outside the runs folder
        qtbot.waitUntil(lambda: points(view.curves.loss) >= 2, timeout=60_000)
        n = points(view.curves.loss)
        qtbot.waitUntil(lambda: points(view.curves.loss) > n, timeout=10_000)  # live
        qtbot.waitUntil(lambda: points(view.curves.test_acc) >= 1, timeout=30_000)
        assert view.run_status == "running"
        assert "shapes: 3,000 training" in view.stats["data"].text()
        assert not view.pause_button.isEnabled()  # not this view's process
        proc.kill()  # the writer dies without a final status: noticed by its pid
        proc.wait(10)
        qtbot.waitUntil(lambda: view.run_status == "failed", timeout=5_000)
        assert "killed or crashed" in view.error_text
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def test_not_a_run_folder_is_refused_with_a_message(view, tmp_path):
    assert not view.open_run(tmp_path)
    assert "no config.json" in view.error_text


def test_style_and_language_change_keep_the_view_whole(view, qtbot):
    from cnnviz.gui import appearance

    view.set_style(get_theme("contrast"), 2.0)
    view.retranslate()
    assert view.tabs.tabText(1) == "Confusion matrix"
    assert view.run_table.headerItem().text(4) == "Best test acc."
    appearance.apply_font(1.0)


def test_importing_the_view_loads_no_torch():
    code = (
        "import sys; import cnnviz.gui.training\n"
        "print(','.join(m for m in ('torch', 'torchvision') if m in sys.modules))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, env=env)  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


class Payload:
    """Unpickling this calls os.system: what a hostile checkpoint.pt does."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_open_run_evaluation_and_use_weights_refuse_a_crafted_checkpoint(view, qtbot, tmp_path):
    run_dir = tmp_path / "shared" / "run"
    config = TrainConfig(model="lenet", dataset="shapes", epochs=1, batch_size=64, lr=0.5,
                         device="cpu", train_subset=256, test_subset=64)  # fmt: skip
    Trainer(config, dataset=data.make_shapes(256, 64, seed=2), run_dir=run_dir).fit()
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


def test_a_runs_metrics_export_as_csv(view, tmp_path, monkeypatch):
    from cnnviz.core.training import Metrics, TrainConfig
    from cnnviz.core.training.runs import RunDirectory
    from cnnviz.gui.training.runs import export_metrics

    run = RunDirectory(view.runs_root / "lenet-shapes-1")
    run.create(TrainConfig(model="lenet", dataset="shapes", epochs=1))
    run.append_metrics([Metrics(epoch=1.0, step=5, train_loss=2.0, train_acc=0.2),
                        Metrics(epoch=1.0, step=5, test_acc=0.3)])  # fmt: skip
    run.set_status("finished", best_test_acc=0.3, model="lenet", dataset="shapes")
    view.refresh_runs()
    button = view.runs_box.export_button
    assert not button.isEnabled()  # nothing selected
    view.run_table.select_path(str(run.path))
    assert button.isEnabled() and button.text() == "Export CSV…"
    out = tmp_path / "lenet"  # the suffix is added
    monkeypatch.setattr(
        "cnnviz.gui.training.runs.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    button.click()
    lines = (tmp_path / "lenet.csv").read_text().splitlines()
    assert lines[0].startswith("epoch,step,train_loss") and len(lines) == 3
    assert export_metrics(view, str(run.path), str(tmp_path / "no" / "x.csv")) is None
    box = view.findChild(QMessageBox)
    assert box is not None and "could not be saved" in box.text()
    box.close()


def test_tensorboard_logs_go_in_the_runs_folder_when_ticked(view):
    box = view.form_box.tensorboard
    assert box.isVisible() and not box.isChecked() and box.text() == "TensorBoard logs"
    assert view.config_from_form().tensorboard is None
    box.setChecked(True)
    assert view.config_from_form().tensorboard == "tensorboard"  # relative: the run's folder


def test_the_recipe_is_called_the_books_only_for_the_books_networks(view):
    view.set_model("lenet")
    assert view.form_box.title() == "Recipe (the book's, editable)"
    assert view.form_box.recipe_button.text() == "Reset to the book's recipe"
    view.set_model("torchvision:resnet18")
    assert view.form_box.title() == "Recipe"
    assert view.form_box.recipe_button.text() == "Reset to the defaults"
