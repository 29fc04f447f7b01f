"""Convolution lab speed: one step of a 64×64 input with a 3×3 kernel (target: under 16 ms,
i.e. 60 steps a second), the event loop while playing at full speed, and resnet18's feature maps
on one image (target: under 1 s on the CPU).

Baseline in the same process: the same steps with incremental repainting turned off (every step
repaints the whole canvas).
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import row
from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QApplication

app = QApplication.instance() or QApplication([])


from cnnviz.gui.lab import ConvolutionLab  # noqa: E402
from cnnviz.gui.theme import get_theme  # noqa: E402

lab = ConvolutionLab()
lab.resize(1920, 1080)
lab.set_style(get_theme("light"), 1.0)
lab.show()
app.processEvents()

# a 64×64 input with a 3×3 kernel, padding 1: 4096 steps
lab.input_source.setCurrentIndex(lab.input_source.findData("random"))
lab.in_size.h.setValue(64)
lab.in_size.w.setValue(64)
lab.set_kernel_preset("sobel_x")
lab.padding.h.setValue(1)
lab.padding.w.setValue(1)
assert lab.trace.input.shape == (1, 64, 64) and lab.trace.num_steps == 4096
app.processEvents()
canvas = lab.stepper.canvas


def steps(n: int, incremental: bool) -> list[float]:
    """ms per step: go one step forward and let Qt paint what changed."""
    canvas.incremental = incremental
    lab.stepper.reset()
    app.processEvents()
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        lab.stepper.step_forward()
        app.processEvents()
        times.append((time.perf_counter() - t0) * 1000)
    return times


steps(20, True)  # warm up
fast = steps(300, True)
slow = steps(300, False)
canvas.incremental = True
p95 = statistics.quantiles(fast, n=20)[-1]
row(
    "conv step 64×64, 3×3 kernel (incremental repaint)",
    statistics.mean(fast),
    "ms",
    target="< 16 ms",
)
row("conv step 64×64, 3×3 kernel, 95th percentile", p95, "ms", target="< 16 ms")
row("conv step without incremental repaint (baseline)", statistics.mean(slow), "ms")

# max pooling marks earlier winners too
lab.set_mode("pool")
lab.kernel_size.h.setValue(2)
lab.kernel_size.w.setValue(2)
lab.stride.h.setValue(2)
lab.stride.w.setValue(2)
lab.padding.h.setValue(0)
lab.padding.w.setValue(0)
pool = steps(300, True)
row("max-pool step 64×64, 2×2 window", statistics.mean(pool), "ms", target="< 16 ms")

# backward through the convolution
lab.set_mode("backward")
lab.back_through.setCurrentIndex(lab.back_through.findData("conv"))
back = steps(300, True)
row("backward step 64×64, 3×3 kernel", statistics.mean(back), "ms", target="< 16 ms")

# playing at full speed: how late does a timer that should fire every 10 ms come?
lab.set_mode("conv")
lab.stepper.reset()
lab.stepper.speed.setValue(100)  # 1000 steps a second
late: list[float] = []
clock = QElapsedTimer()
probe = QTimer()
probe.setInterval(10)


def on_probe() -> None:
    late.append(max(clock.restart() - 10, 0))


probe.timeout.connect(on_probe)
clock.start()
probe.start()
lab.stepper.play()
t0 = time.perf_counter()
start_step = lab.stepper.k
while time.perf_counter() - t0 < 2.0 and lab.stepper.is_playing:
    app.processEvents()
    time.sleep(0.001)
elapsed = time.perf_counter() - t0
done = lab.stepper.k - start_step
lab.stepper.pause()
probe.stop()
row("playing at full speed: steps shown a second", done / elapsed, "steps/s")
row(
    "playing at full speed: worst lateness of a 10 ms timer",
    max(late[1:] or [0]),
    "ms",
    target="< 50 ms",
)

# feature maps of resnet18 on one image, as the lab shows them: a background job builds the
# network (first time only), runs it, and the mosaic is drawn
lab.set_input_sample("fashion_ankle_boot")
lab.set_model("resnet18")


def features_shown(start) -> float:
    t0 = time.perf_counter()
    start()
    while lab.jobs.busy and time.perf_counter() - t0 < 60:
        app.processEvents()
        time.sleep(0.001)
    lab.features.mosaic.repaint()
    return (time.perf_counter() - t0) * 1000


cold = features_shown(lambda: lab.set_mode("features"))
assert len(lab.features.mosaic.layer_names()) == 67
warm = statistics.median(features_shown(lab.compute_features) for _ in range(5))
row(
    "resnet18 feature maps shown, first time (build + trace + run + draw)",
    cold,
    "ms",
    target="< 1000 ms",
)
row("resnet18 feature maps shown again (run + draw)", warm, "ms", target="< 1000 ms")

lab.stop_jobs()
lab.close()
lab.deleteLater()
app.processEvents()
