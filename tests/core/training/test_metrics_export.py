"""Where runs live, and a run's metrics as CSV for the tools people already use."""

import csv
import io

import pytest

from cnnviz.cli import main
from cnnviz.core.training import Metrics, TrainConfig
from cnnviz.core.training.runs import (
    METRICS_COLUMNS,
    RunDirectory,
    default_runs_root,
    find_run,
    metrics_csv,
)


def _run(root, name="lenet-shapes-1"):
    run = RunDirectory(root / name)
    run.create(TrainConfig(model="lenet", dataset="shapes", epochs=2))
    run.append_metrics([
        Metrics(epoch=0.5, step=10, train_loss=2.31, train_acc=0.11, lr=0.9, time=1.0),
        Metrics(epoch=1.0, step=20, test_acc=0.42, time=2.0),
        Metrics(epoch=2.0, step=40, train_loss=1.2, train_acc=0.55, examples_per_sec=900.0),
    ])  # fmt: skip
    run.set_status("finished", best_test_acc=0.42, model="lenet", dataset="shapes")
    return run


def test_runs_do_not_follow_the_data_folder(tmp_path, monkeypatch):
    """Two data folders used to share one run list: their common parent's runs/."""
    monkeypatch.delenv("CNNVIZ_RUNS", raising=False)
    monkeypatch.setenv("CNNVIZ_DATA", str(tmp_path / "a" / "datasets"))
    first = default_runs_root()
    monkeypatch.setenv("CNNVIZ_DATA", str(tmp_path / "b" / "datasets"))
    assert default_runs_root() == first and tmp_path not in first.parents
    monkeypatch.setenv("CNNVIZ_RUNS", str(tmp_path / "mine"))
    assert default_runs_root() == tmp_path / "mine"


def test_metrics_as_csv(tmp_path):
    run = _run(tmp_path)
    rows = list(csv.DictReader(io.StringIO(metrics_csv(run.read_metrics()))))
    assert tuple(rows[0]) == METRICS_COLUMNS
    assert [r["step"] for r in rows] == ["10", "20", "40"]
    assert rows[0]["train_loss"] == "2.31" and rows[0]["test_acc"] == ""
    assert rows[1]["test_acc"] == "0.42" and rows[1]["train_loss"] == ""
    assert find_run("lenet-shapes-1", tmp_path).path == run.path
    assert find_run(run.path).path == run.path
    with pytest.raises(ValueError, match="there is no run 'nope'"):
        find_run("nope", tmp_path)


def test_the_runs_command_lists_and_exports(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CNNVIZ_RUNS", str(tmp_path / "runs"))
    assert main(["runs"]) == 0
    assert capsys.readouterr().out.startswith("no runs in")
    _run(tmp_path / "runs")
    assert main(["runs"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"1 run in {tmp_path / 'runs'}"
    assert out[1].split() == ["lenet-shapes-1", "finished", "best", "test", "accuracy", "0.420"]
    target = tmp_path / "m.csv"
    assert main(["runs", "export", "lenet-shapes-1", "-o", str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote 3 rows to {target}"
    assert target.read_text().splitlines()[0] == ",".join(METRICS_COLUMNS)
    assert main(["runs", "export", "lenet-shapes-1", "-o", str(tmp_path / "m.txt")]) == 2
    assert "to a .csv file" in capsys.readouterr().err
