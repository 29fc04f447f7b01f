"""A zoo network's compare row is plain Python over its LayerGraph and ModelInfo."""

import subprocess
import sys

import pytest

from cnnviz.core import models
from cnnviz.core.compare import CompareRow, best_test_accuracies, compare_row
from cnnviz.core.graph import layer_graph_for


def test_lenet_row_has_the_books_numbers():
    g = layer_graph_for("lenet")
    row = compare_row(g, models.model_info("lenet"))
    assert row == CompareRow(
        name="lenet",
        input_shape=(1, 1, 28, 28),
        depth=5,
        params=61_706,
        macs=g.total_macs,
        lr=0.9,
        epochs=10,
        batch_size=256,
        year=1998,
    )


@pytest.mark.parametrize("name", ["alexnet", "resnet18"])
def test_depth_counts_conv_and_linear_layers(name):
    g = layer_graph_for(name)
    row = compare_row(g, models.model_info(name))
    assert row.depth == sum(1 for n in g.nodes if n.kind in ("conv", "linear")) > 5
    assert (row.params, row.macs) == (g.total_params, g.total_macs)


def test_importing_the_module_loads_no_torch():
    code = "import sys, cnnviz.core.compare; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "False", out.stderr


# --------------------------------------------------------------------------- accuracies of runs


def _run(folder, name, model, dataset, status, best):
    """A run folder written by the core's own run code, as a run that ended with ``status``."""
    from cnnviz.core.training import RunDirectory, TrainConfig

    run = RunDirectory(folder / name)
    run.create(TrainConfig(model=model, dataset=dataset))
    run.set_status(status, model=model, dataset=dataset, best_test_acc=best)
    return run


def test_best_test_accuracy_per_network_of_finished_runs(tmp_path):
    from cnnviz.core import data
    from cnnviz.core.training import RunDirectory, TrainConfig, Trainer

    trained = tmp_path / "lenet-trained"
    config = TrainConfig(model="lenet", dataset="shapes", epochs=1, batch_size=64, lr=0.5,
                         device="cpu")  # fmt: skip
    Trainer(config, dataset=data.make_shapes(256, 64, seed=1), run_dir=trained).fit()
    real = RunDirectory(trained).status()
    assert real["status"] == "finished" and 0.0 <= real["best_test_acc"] <= 1.0

    _run(tmp_path, "lenet-worse", "lenet", "shapes", "finished", real["best_test_acc"] / 2)
    _run(tmp_path, "lenet-stopped", "lenet", "shapes", "stopped", 1.0)  # not finished
    _run(tmp_path, "alexnet-a", "alexnet", "shapes", "finished", 0.61)
    _run(tmp_path, "alexnet-b", "alexnet", "shapes", "finished", 0.74)
    _run(tmp_path, "alexnet-mnist", "alexnet", "mnist", "finished", 0.99)
    _run(tmp_path, "nin-failed", "nin", "shapes", "failed", 0.5)
    _run(tmp_path, "vgg11-no-acc", "vgg11", "shapes", "finished", None)
    (tmp_path / "not-a-run").mkdir()

    assert best_test_accuracies(tmp_path, dataset="shapes") == {
        "lenet": real["best_test_acc"],
        "alexnet": 0.74,
    }
    assert best_test_accuracies(tmp_path) == {"lenet": real["best_test_acc"], "alexnet": 0.99}
    assert best_test_accuracies(tmp_path, dataset="cifar10") == {}


def test_best_test_accuracies_of_a_missing_folder_are_none(tmp_path):
    assert best_test_accuracies(tmp_path / "missing") == {}
