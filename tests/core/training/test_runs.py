"""A folder of runs: scan_runs lists them newest first through RunDirectory, caches finished
ones by status.json's mtime, and new_run_dir never picks a folder that exists."""

import json
import os
import socket
import time

from cnnviz.core.training import (
    RunDirectory,
    RunSummary,
    TrainConfig,
    new_run_dir,
    read_run_summary,
    scan_runs,
)


def make_run(folder, name, status=None, *, model="lenet", dataset="shapes", mtime=None):
    run = RunDirectory(folder / name)
    run.create(TrainConfig(model=model, dataset=dataset))
    if status is not None:
        run.write_json(run.status_file, status)
        if mtime is not None:
            os.utime(run.status_file, (mtime, mtime))
    return run


def test_scan_lists_runs_newest_first_and_skips_other_folders(tmp_path):
    now = time.time()
    make_run(tmp_path, "old", {"status": "finished", "best_test_acc": 0.5}, mtime=now - 100)
    make_run(tmp_path, "new", {"status": "stopped", "model": "alexnet", "dataset": "mnist"},
             mtime=now)  # fmt: skip
    make_run(tmp_path, "no-status")  # config.json only: listed, status unknown
    (tmp_path / "not-a-run").mkdir()
    (tmp_path / "a-file.txt").write_text("x")
    runs = scan_runs(tmp_path)
    assert [r.name for r in runs] == ["new", "old", "no-status"]
    new, old, bare = runs
    assert isinstance(new, RunSummary)
    assert (new.model, new.dataset, new.status) == ("alexnet", "mnist", "stopped")  # status wins
    assert (old.model, old.dataset, old.best_test_acc) == ("lenet", "shapes", 0.5)
    assert (bare.status, bare.modified, bare.best_test_acc) == ("unknown", 0.0, None)
    assert old.path == str(tmp_path / "old")


def test_scan_of_a_missing_folder_is_empty_and_extra_folders_are_added(tmp_path):
    elsewhere = make_run(tmp_path / "shared", "there", {"status": "finished"})
    assert scan_runs(tmp_path / "missing") == []
    runs = scan_runs(tmp_path / "missing", [str(elsewhere.path), str(tmp_path / "gone")])
    assert [r.name for r in runs] == ["there"]


def test_broken_files_are_shown_not_raised(tmp_path):
    run = make_run(tmp_path, "broken-status")
    run.status_file.write_text("{not json")
    broken = tmp_path / "broken-config"
    broken.mkdir()
    (broken / "config.json").write_text("[1, 2]")
    runs = {r.name: r for r in scan_runs(tmp_path)}
    assert runs["broken-status"].status == "unknown"
    assert "broken-config" not in runs


def test_a_dead_writer_reads_failed_with_a_message(tmp_path):
    status = {"status": "running", "pid": 2**22 + 12345, "host": socket.gethostname()}
    make_run(tmp_path, "killed", status)
    (summary,) = scan_runs(tmp_path)
    assert summary.status == "failed" and "resumed" in summary.error


def test_the_cache_reads_a_finished_run_once_and_a_changed_one_again(tmp_path):
    run = make_run(tmp_path, "a", {"status": "finished", "best_test_acc": 0.5}, mtime=1000.0)
    cache: dict = {}
    first = read_run_summary(run.path, cache)
    assert read_run_summary(run.path, cache) is first  # unchanged: not read again
    run.write_json(run.status_file, {"status": "finished", "best_test_acc": 0.9})
    os.utime(run.status_file, (2000.0, 2000.0))
    assert read_run_summary(run.path, cache).best_test_acc == 0.9
    live = make_run(tmp_path, "b", {"status": "running"}, mtime=1000.0)
    one = read_run_summary(live.path, cache)
    assert read_run_summary(live.path, cache) is not one  # a live run is always read
    assert read_run_summary(tmp_path / "nothing", cache) is None


def test_new_run_dir_names_by_network_data_and_time_and_never_reuses(tmp_path):
    when = time.mktime((2024, 1, 31, 14, 25, 1, 0, 0, -1))
    first = new_run_dir(tmp_path, "lenet", "fashion-mnist", when)
    assert first == tmp_path / "lenet-fashion-mnist-20240131-142501"
    assert not first.exists()  # nothing is created
    first.mkdir()
    second = new_run_dir(tmp_path, "lenet", "fashion-mnist", when)
    assert second.name == "lenet-fashion-mnist-20240131-142501-2"
    second.mkdir()
    assert new_run_dir(tmp_path, "lenet", "fashion-mnist", when).name.endswith("-3")
    assert "/" not in new_run_dir(tmp_path, "user:a/b", "shapes", when).name


def test_summary_json_status_keys(tmp_path):
    run = make_run(tmp_path, "r", {"status": "failed", "error": "RuntimeError: boom"})
    (summary,) = scan_runs(tmp_path)
    assert (summary.status, summary.error) == ("failed", "RuntimeError: boom")
    assert json.loads(run.status_file.read_text())["status"] == "failed"
