"""Background workers: results arrive in the GUI thread, cancelling drops them, none is lost."""

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from cnnviz.gui.worker import Cancelled, Worker, running_workers


def test_results_arrive_in_the_gui_thread(qtbot):
    seen = []

    def job(state, n):
        for i in range(n):
            state.report(i)
        return threading.current_thread() is threading.main_thread()

    w = Worker(job, 3)
    w.partial_result_produced.connect(
        lambda v: seen.append((v, threading.current_thread() is threading.main_thread()))
    )
    with qtbot.waitSignal(w.result_produced) as blocker:
        w.start()
    assert blocker.args == [False]  # the job ran in another thread
    assert seen == [(0, True), (1, True), (2, True)]  # … and its partial results came here
    w.wait()
    qtbot.waitUntil(lambda: running_workers() == [])


def test_failure_carries_the_exception_and_traceback(qtbot):
    def job(state):
        raise KeyError("boom")

    w = Worker(job)
    with qtbot.waitSignal(w.failed) as blocker:
        w.start()
    exc, details = blocker.args
    assert isinstance(exc, KeyError) and "Traceback" in details and "boom" in details
    w.wait()


def test_cancel_stops_at_the_next_check_and_drops_results(qtbot):
    started, release = threading.Event(), threading.Event()

    def job(state):
        started.set()
        release.wait(10)
        state.check()
        return "too late"

    w = Worker(job)
    results = []
    w.result_produced.connect(results.append)
    w.start()
    assert started.wait(10)
    assert w in running_workers()
    w.cancel()
    release.set()
    w.cancel_and_wait()
    qtbot.wait(20)
    assert results == [] and running_workers() == []
    with pytest.raises(Cancelled):
        w.state.check()


def test_a_job_that_imports_torch_has_its_objects_frozen_out_of_the_collector():
    """Full collections over torch's objects stalled the GUI 150 ms: gcpause freezes them once
    a background job has imported it (a fresh process, so that torch is new there)."""
    script = textwrap.dedent(
        """
        import gc, sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from cnnviz.gui.worker import Worker

        app = QApplication([])
        w = Worker(lambda state: __import__("torch").__version__)
        w.finished.connect(lambda: QTimer.singleShot(1200, app.quit))
        w.start()
        app.exec()
        w.wait()
        print(gc.get_freeze_count())
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                       timeout=120)  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert int(r.stdout.split()[-1]) > 100_000  # torch's objects are out of the collector


def test_garbage_a_job_leaves_is_collected_in_the_gui_thread(qtbot):
    """Qt objects destroyed by a collection in a job's thread deadlocked the suite: while a
    job runs, only the GUI thread collects."""
    import gc
    import weakref

    from cnnviz.gui import gcpause

    where: list[bool] = []

    class Node:
        pass

    def job(state):
        kept = []  # live objects: past generation 0's threshold, many times over
        for _ in range(40):
            node = Node()
            node.me = node  # a cycle: only the collector frees it
            weakref.finalize(node, lambda: where.append(threading.current_thread().name))
            del node
            kept.append([[] for _ in range(1000)])
        state_now = gc.isenabled()
        time.sleep(0.6)  # the GUI thread's timer comes by while the objects are alive
        return state_now

    w = Worker(job)
    with qtbot.waitSignal(w.result_produced) as blocker:
        w.start()
    w.wait()
    assert gcpause.installed() and blocker.args == [False]  # the interpreter did not collect
    qtbot.waitUntil(lambda: len(where) == 40, timeout=5_000)  # the GUI thread's timer did
    assert set(where) == {threading.main_thread().name}
