"""One job per view: a new job cancels the old, results by callback, progress throttled."""

import threading
import time

from cnnviz.gui.jobs import MAX_PROGRESS_RATE, JobSlot
from cnnviz.gui.worker import running_workers


def _slow(state, value, gate):
    gate.wait(10)
    state.check()
    return value


def test_a_new_job_cancels_the_old_and_only_its_result_arrives(qtbot):
    slot = JobSlot()
    got = []
    gate = threading.Event()
    first = slot.start("a", _slow, "first", gate, on_result=lambda r: got.append(("a", r)))
    slot.start("b", lambda state: "second", on_result=lambda r: got.append(("b", r)))
    assert first.state.cancelled and slot.kind == "b"
    qtbot.waitUntil(lambda: got == [("b", "second")])
    gate.set()
    first.wait()
    qtbot.wait(50)
    assert got == [("b", "second")]  # the cancelled job's result never arrives
    assert not slot.busy and slot.kind == ""
    slot.stop()
    assert not running_workers()


def test_failures_reach_on_failed_with_the_exception(qtbot):
    slot = JobSlot()
    errors = []

    def boom(state):
        raise ValueError("this image cannot be read.")

    slot.start("x", boom, on_result=lambda r: None, on_failed=lambda e, d: errors.append((e, d)))
    qtbot.waitUntil(lambda: bool(errors))
    exc, details = errors[0]
    assert isinstance(exc, ValueError) and "cannot be read" in str(exc)
    assert "Traceback" in details
    slot.stop()


def test_progress_is_throttled_and_the_last_report_arrives(qtbot):
    slot = JobSlot()
    seen: list[int] = []
    times: list[float] = []
    done = []

    def chatty(state):
        for i in range(2000):
            state.report(i)
            time.sleep(0.0002)
        return "ok"

    def on_progress(i):
        seen.append(i)
        times.append(time.monotonic())

    slot.start("p", chatty, on_result=done.append, on_progress=on_progress)
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    assert done == ["ok"]
    assert seen[-1] == 1999  # the final progress is never dropped
    assert seen == sorted(seen)
    span = times[-1] - times[0]
    assert len(seen) <= MAX_PROGRESS_RATE * span + 3, (len(seen), span)
    assert len(seen) < 2000 / 4
    slot.stop()


def test_stop_waits_for_cancelled_jobs(qtbot):
    slot = JobSlot()
    gate = threading.Event()
    job = slot.start("a", _slow, 1, gate, on_result=lambda r: None)
    threading.Timer(0.2, gate.set).start()
    slot.stop()
    assert not job.isRunning() and not slot.busy
    assert not running_workers()


def test_stop_waits_for_a_thread_that_delivered_its_result_but_has_not_ended(qtbot):
    slot = JobSlot()
    done = []

    def slow_exit(state):
        return "ok"  # the result is emitted, then the thread still has to wind down

    for _ in range(20):
        slot.start("x", slow_exit, on_result=done.append)
        qtbot.waitUntil(lambda: bool(done))
        done.clear()
        slot.stop()
        assert not running_workers()
