"""Training view under load: one training worker process, the view following it live.

* GUI responsiveness: a 10 ms precise QTimer in the GUI thread records the largest gap between
  its ticks (target: the event loop never stalls 50 ms or more) while the view follows the run,
  then while it also shows the confusion matrix (each epoch's checkpoint evaluated off the GUI
  thread and drawn).
* The cost of following live: during the same training run the view alternates between
  following (5.5 polls a second: curves, labels, run list) and idle, in 2.5 s phases (ABBA
  order); the examples per second of the two kinds of phase are compared (target < 3 %).
  One run, interleaved phases: the machine's changing load (it may be shared) hits both alike.
  As other processes' load still swings single phases, the GUI process's CPU time spent on
  following is reported too: on a machine the training saturates, that is what it loses.

LeNet (the book's, sigmoid) on the real Fashion-MNIST when it is installed, else on the
embedded ``shapes`` set, on the CPU with the view's worker settings (``nice`` 5).
"""

from __future__ import annotations

import itertools
import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import row

WARMUP_S = 4.0  # after the first metrics record: the first batches are slower (kernel set-up)
PHASE_S = 2.5
PAIRS = 8
TICK_MS = 10
CONFUSION_EVALUATIONS = 3  # epochs evaluated with the confusion matrix shown


def _dataset() -> str:
    from cnnviz.core.data import DataError, load_dataset

    try:
        load_dataset("fashion-mnist")
        return "fashion-mnist"
    except DataError:
        return "shapes"


def _throughput(records, t0: float, t1: float, batch_size: int) -> float:
    """Training examples per second between wall-clock times t0 and t1, from the metrics log.

    Sums over consecutive progress records only: the test-set evaluation at the end of each
    epoch (an epoch record lies between such a pair) is left out, so it can't add noise.
    """
    recs = [m for m in records if t0 <= m.time <= t1]
    steps, seconds = 0, 0.0
    for a, b in itertools.pairwise(recs):
        if a.test_acc is None and b.test_acc is None and b.step > a.step:
            steps += b.step - a.step
            seconds += b.time - a.time
    return steps * batch_size / seconds if seconds > 0 else float("nan")


def main() -> None:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication(sys.argv[:1])  # kept alive till the end

    from cnnviz.core.training import RunDirectory, TrainConfig
    from cnnviz.gui import gcpause
    from cnnviz.gui.training import TrainingView

    # as in the app, where the start-up job installs it: garbage collected in the GUI thread,
    # torch's objects frozen. Without it a full collection walks them at random (110–140 ms)
    gcpause.install()

    def pump(seconds: float) -> None:
        # an event loop, not processEvents() in a loop: PySide6 6.12 drops a reference to None
        # on every processEvents() call, and Python 3.11 aborts after some 10⁵ of them
        loop = QEventLoop()
        QTimer.singleShot(max(int(seconds * 1000), 1), loop.quit)
        loop.exec()

    gaps: list[tuple[float, float]] = []  # (wall-clock time, gap since the last tick in ms)
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((time.time(), (now - last[0]) * 1000))
        last[0] = now

    dataset = _dataset()
    config = TrainConfig(model="lenet", dataset=dataset, epochs=1000, device="cpu",
                         batch_size=256, lr=0.9)  # fmt: skip
    # where a stall comes from: the view's own work per poll and per plot repaint, timed
    # (wall-clock ms, CPU ms of the GUI thread): wall ≫ CPU means the thread waited for a core
    work: dict[str, list[tuple[float, float]]] = {"poll": [], "paint": []}

    def timed(kind: str, fn):
        def wrapper(*args):
            t, c = time.perf_counter(), time.thread_time()
            try:
                return fn(*args)
            finally:
                wall = (time.perf_counter() - t) * 1000
                work[kind].append((wall, (time.thread_time() - c) * 1000))

        return wrapper

    import pyqtgraph as pg

    pg.GraphicsView.paintEvent = timed("paint", pg.GraphicsView.paintEvent)
    with tempfile.TemporaryDirectory(prefix="cnnviz-bench-") as tmp:
        view = TrainingView(runs_root=tmp)
        view._timer.timeout.disconnect()
        view._timer.timeout.connect(timed("poll", view._tick))
        view.resize(1600, 1000)
        view.show()
        pump(0.5)
        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.setInterval(TICK_MS)
        timer.timeout.connect(tick)
        timer.start()
        last[0] = time.perf_counter()
        t_start = time.time()
        run = RunDirectory(view.start_training(config))
        try:
            deadline = time.monotonic() + 120
            while not run.read_metrics():
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no metrics within 120 s: {run.status()}")
                pump(0.05)
            t_first = time.time()
            pump(WARMUP_S)
            phases: list[tuple[bool, float, float]] = []
            cpu: dict[bool, list[float]] = {True: [], False: []}  # GUI CPU s per wall s
            for i in range(PAIRS):
                for on in (True, False) if i % 2 == 0 else (False, True):
                    view.set_polling(on)
                    t0, c0 = time.time(), time.process_time()
                    pump(PHASE_S)
                    t1, c1 = time.time(), time.process_time()
                    phases.append((on, t0, t1))
                    cpu[on].append((c1 - c0) / (t1 - t0))
            view.set_polling(True)
            pump(0.3)
            drawn = view.curves.loss.n
            # the confusion matrix shown: every new checkpoint is evaluated and drawn
            evaluations = [0]
            view.evaluation_ready.connect(
                lambda _ev: evaluations.__setitem__(0, evaluations[0] + 1)
            )
            view.tabs.setCurrentIndex(1)
            t_cm0 = time.time()
            deadline = time.monotonic() + 180
            while evaluations[0] < CONFUSION_EVALUATIONS and time.monotonic() < deadline:
                pump(0.2)
            t_cm1 = time.time()
        finally:
            timer.stop()
            view.shutdown()
        records = run.read_metrics()
    assert drawn > 0, "the view drew nothing"

    def gaps_in(on: bool) -> list[float]:
        return [g for t, g in gaps if any(o == on and a <= t <= b for o, a, b in phases)]

    following, idle = gaps_in(True), gaps_in(False)
    confusion = [g for t, g in gaps if t_cm0 <= t <= t_cm1]
    starting = [g for t, g in gaps if t_start <= t <= t_first]
    speed = {True: [], False: []}
    for on, a, b in phases:
        speed[on].append(_throughput(records, a + 0.2, b, config.batch_size))
    # pairs of adjacent phases (ABBA): each following phase against the idle one beside it
    losses = [100 * (1 - f / i) for f, i in zip(speed[True], speed[False]) if f == f and i == i]
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    note = f"lenet on {dataset}; load average {load} (shared machine)"
    p99 = statistics.quantiles(following, n=100)[98]
    row("GUI max stall, view following", max(following), "ms", target="< 50 ms", note=note)
    row("GUI 99th percentile tick gap, view following", p99, "ms", target=f"{TICK_MS} ms timer")
    row("GUI max stall, confusion matrix shown", max(confusion), "ms", target="< 50 ms",
        note=f"{evaluations[0]} checkpoints evaluated and drawn")  # fmt: skip
    for kind, what in (("poll", "poll of the run folder"), ("paint", "plot repaint")):
        wall, cpu_ms = max(work[kind])
        row(f"longest {what}", wall, "ms", note=f"{cpu_ms:.1f} ms of it on the CPU; "
            f"most CPU in one: {max(c for _, c in work[kind]):.1f} ms")  # fmt: skip
    row("GUI max stall, view idle (machine's baseline)", max(idle), "ms")
    row("GUI max stall while the worker starts", max(starting), "ms")
    row("throughput, view idle", statistics.median(speed[False]), "ex/s")
    row("throughput, view following live", statistics.median(speed[True]), "ex/s")
    row("throughput lost to following live", statistics.median(losses), "%", target="< 3 %",
        note=f"median of {len(losses)} phase pairs; noisy when others use the CPU")  # fmt: skip
    # the robust measure: the CPU the GUI process spends on following, taken from training
    view_cpu = 100 * (statistics.median(cpu[True]) - statistics.median(cpu[False]))
    cores = os.cpu_count() or 1
    share = f"≈ {view_cpu / cores:.1f} % of the {cores} cores the training uses"
    row("GUI CPU spent on following (of one core)", view_cpu, "%", note=share)


if __name__ == "__main__":  # required: the worker process (spawn) imports this script again
    main()
