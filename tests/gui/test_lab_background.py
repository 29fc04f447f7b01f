"""The lab never freezes the window: exporting steps and opening big images run in the
background (the event loop keeps turning), can be cancelled, and leave no partial file;
NaN and infinities typed into a cell are refused with the red message."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QProgressDialog, QPushButton

from cnnviz.gui.lab import ConvolutionLab
from cnnviz.gui.lab.step_export import write_gif, write_png_series
from cnnviz.gui.worker import Cancelled, JobState, running_workers

MAX_STALL_S = 0.2  # the longest the event loop may stand still


class Ticks:
    """A 10 ms timer that remembers the longest gap between two of its ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.longest = 0.0
        self.count = 0
        self._last = 0.0

    def __enter__(self) -> Ticks:
        self._last = time.perf_counter()
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()
        self._tick()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.count += 1


def random_steps(lab: ConvolutionLab, rows: int, cols: int) -> int:
    """A random input of rows × cols with the book's 2×2 kernel; the number of steps."""
    lab.input_source.setCurrentIndex(lab.input_source.findData("random"))
    lab.in_size.h.setValue(rows)
    lab.in_size.w.setValue(cols)
    return lab.stepper.num_steps


def progress_dialog(lab: ConvolutionLab) -> QProgressDialog:
    dialogs = [d for d in lab.findChildren(QProgressDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


# --------------------------------------------------------------------------- exporting steps


def test_gif_export_runs_with_the_window_responsive_and_shows_progress(lab, qtbot, tmp_path):
    n = random_steps(lab, 8, 9)  # 7 × 8 = 56 steps
    assert n == 56
    lab.stepper.set_step(5)
    gif = tmp_path / "steps.gif"
    progress: list[tuple[str, int, int]] = []
    labels: list[str] = []
    with Ticks() as ticks:
        export = lab.start_export_steps(gif)
        dialog = progress_dialog(lab)
        assert dialog.isModal() and dialog.maximum() == n
        export.progress_changed.connect(lambda *p: progress.append(p))
        export.progress_changed.connect(lambda *_: labels.append(dialog.labelText()))
        with qtbot.waitSignal(export.export_finished, timeout=120_000) as finished:
            pass
    assert finished.args[0] == [gif]
    assert ticks.longest < MAX_STALL_S, f"the event loop stood still {ticks.longest:.3f} s"
    assert ticks.count > 20
    frames = [p for p in progress if p[0] == "frame"]
    assert frames and frames[-1][1:] == (n, n)
    assert [d for _, d, _ in frames] == sorted(d for _, d, _ in frames)
    assert progress[-1] == ("writing", n, n)
    assert any(text.startswith("Exporting step ") and text.endswith(f" of {n}…") for text in labels)
    assert len(progress) <= n + 1  # at most one signal per frame, then "writing"
    with Image.open(gif) as im:
        assert im.n_frames == n
    assert lab.stepper.k == 5  # back where it was
    assert lab.stepper.export_job is None
    qtbot.waitUntil(lambda: not lab.findChildren(QProgressDialog))  # closed and deleted
    assert [p.name for p in tmp_path.iterdir()] == ["steps.gif"]


def test_export_progress_is_throttled_and_always_ends_with_the_last_frame():
    from cnnviz.gui.lab.step_export import REPORT_EVERY_S, _Progress

    seen: list[tuple[str, int, int]] = []
    progress = _Progress(JobState(seen.append), 1000)
    start = time.monotonic()
    for done in range(1, 1001):  # a thousand fast frames
        progress(done)
    elapsed = time.monotonic() - start
    assert seen[-1] == ("frame", 1000, 1000)
    assert len(seen) <= 2 + elapsed / REPORT_EVERY_S  # not one signal per frame


def test_png_series_export_in_the_background(lab, qtbot, tmp_path):
    n = random_steps(lab, 4, 5)
    export = lab.start_export_steps(tmp_path / "s.png", max_frames=6)
    assert export.total == 6 < n
    with qtbot.waitSignal(export.ended, timeout=60_000):
        pass
    assert export.outcome == "finished"
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [f"s_{k:04d}.png" for k in range(1, 7)]
    first, last = QImage(str(files[0])), QImage(str(files[-1]))
    assert first.size() == last.size() and first != last


@pytest.mark.parametrize("name", ["steps.gif", "steps.png"])
def test_cancelling_an_export_leaves_no_file(lab, qtbot, tmp_path, name):
    random_steps(lab, 12, 12)  # 121 steps: far from done when cancelled
    export = lab.start_export_steps(tmp_path / name)
    dialog = progress_dialog(lab)
    seen: list[int] = []
    export.progress_changed.connect(lambda _phase, done, _total: seen.append(done))
    qtbot.waitUntil(lambda: bool(seen) and seen[-1] >= 3, timeout=60_000)
    with qtbot.waitSignal(export.export_cancelled, timeout=30_000):
        dialog.findChild(QPushButton).click()  # its Cancel button
    assert export.outcome == "cancelled"
    assert list(tmp_path.iterdir()) == []  # neither the file nor a temporary one
    assert lab.stepper.k == -1
    assert not running_workers()


def test_closing_the_lab_stops_an_export(lab, qtbot, tmp_path):
    random_steps(lab, 12, 12)
    export = lab.start_export_steps(tmp_path / "steps.gif")
    qtbot.waitUntil(lambda: export.grabbed >= 2, timeout=30_000)
    lab.stop_jobs()  # waits for the writer
    assert export.outcome == "cancelled"
    assert not running_workers()
    assert list(tmp_path.iterdir()) == []


def test_changing_the_settings_cancels_the_export(lab, qtbot, tmp_path):
    random_steps(lab, 12, 12)
    export = lab.start_export_steps(tmp_path / "steps.gif")
    qtbot.waitUntil(lambda: export.grabbed >= 2, timeout=30_000)
    with qtbot.waitSignal(export.export_cancelled, timeout=30_000):
        lab.set_input_sample("book_3x3")  # the steps being exported are gone
    assert list(tmp_path.iterdir()) == []


def test_a_new_export_cancels_the_running_one(lab, qtbot, tmp_path):
    random_steps(lab, 6, 6)
    first = lab.start_export_steps(tmp_path / "first.gif")
    qtbot.waitUntil(lambda: first.grabbed >= 2, timeout=30_000)
    second = lab.start_export_steps(tmp_path / "second.gif")
    assert lab.stepper.export_job is second
    with qtbot.waitSignal(second.export_finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: first.outcome == "cancelled", timeout=30_000)
    assert [p.name for p in tmp_path.iterdir()] == ["second.gif"]
    qtbot.waitUntil(lambda: not lab.findChildren(QProgressDialog))


def test_an_export_that_cannot_write_says_why(lab, qtbot, tmp_path):
    random_steps(lab, 6, 6)
    lab.stepper.set_step(3)
    export = lab.start_export_steps(tmp_path / "missing" / "steps.gif")
    with qtbot.waitSignal(export.export_failed, timeout=60_000) as failed:
        pass
    assert "No such file or directory" in failed.args[0]
    assert export.outcome == "failed" and lab.stepper.k == 3
    qtbot.waitUntil(lambda: not running_workers(), timeout=30_000)


def test_writers_stop_inside_the_encoder_and_leave_nothing(tmp_path):
    frames = []
    for k in range(5):
        q = QImage(64, 48, QImage.Format.Format_ARGB32_Premultiplied)
        q.fill(0xFF000000 + 0x101010 * k)
        frames.append(q)
    # cancelled once Pillow writes the file: the check in the file object stops it
    state = JobState(lambda value: state.cancel() if value[0] == "writing" else None)
    with pytest.raises(Cancelled):
        write_gif(state, frames, tmp_path / "a.gif", 40, len(frames))
    # cancelled after three PNGs: none of them appears
    targets = [tmp_path / f"p_{k}.png" for k in range(5)]
    state = JobState(lambda value: state.cancel() if value[1] >= 3 else None)
    with pytest.raises(Cancelled):
        write_png_series(state, frames, targets)
    assert list(tmp_path.iterdir()) == []
    # and without cancelling both write every frame
    assert write_gif(JobState(lambda _v: None), frames, tmp_path / "a.gif", 40, 5)
    with Image.open(tmp_path / "a.gif") as im:
        assert im.n_frames == 5
    assert write_png_series(JobState(lambda _v: None), frames, targets) == targets


# --------------------------------------------------------------------------- opening images


@pytest.fixture(scope="module")
def big_png(tmp_path_factory):
    """A real 6000×6000 RGB PNG (a colourful gradient, so that it is quick to write)."""
    path = tmp_path_factory.mktemp("images") / "big.png"
    x = (np.arange(6000) % 256).astype(np.uint8)
    rgb = np.empty((6000, 6000, 3), np.uint8)
    rgb[..., 0] = x[None, :]
    rgb[..., 1] = x[:, None]
    rgb[..., 2] = x[None, :] // 2 + x[:, None] // 2
    Image.fromarray(rgb).save(path, compress_level=1)
    return path


def test_a_big_image_loads_in_the_background(lab, qtbot, big_png):
    with Ticks() as ticks:
        job = lab.start_open_image(big_png)
        assert lab.is_loading_image
        assert lab.file_status.isVisible() and lab.file_status.text() == "Loading big.png…"
        with qtbot.waitSignal(lab.image_opened, timeout=60_000) as opened:
            pass
    assert opened.args == [str(big_png)]
    assert ticks.longest < MAX_STALL_S, f"the event loop stood still {ticks.longest:.3f} s"
    assert not lab.is_loading_image and not lab.file_status.isVisible()
    assert lab.input_source.currentData() == "file"
    assert tuple(lab.trace.input.shape) == (3, 64, 64)
    qtbot.waitUntil(lambda: not job.isRunning())


def test_choosing_another_input_while_loading_drops_the_image(lab, qtbot, big_png, tmp_path):
    opened: list[str] = []
    lab.image_opened.connect(opened.append)
    job = lab.start_open_image(big_png)
    lab.set_input_sample("book_4x4")
    assert not lab.is_loading_image and not lab.file_status.isVisible()
    qtbot.waitUntil(lambda: not job.isRunning(), timeout=60_000)
    qtbot.wait(50)  # a late result would arrive now
    assert opened == []
    assert lab.input_source.currentData() == "sample:book_4x4"
    assert lab.input_source.findData("file") == -1
    # a second file chosen while the first loads wins, even when "file" is already the input
    small = tmp_path / "small.png"
    Image.fromarray(np.full((10, 20), 200, np.uint8)).save(small)
    assert lab.open_image(small)
    first = lab.start_open_image(big_png)
    with qtbot.waitSignal(lab.image_opened, timeout=60_000):
        lab.start_open_image(small)
    qtbot.waitUntil(lambda: not first.isRunning(), timeout=60_000)
    qtbot.wait(50)
    assert opened == [str(small), str(small)]
    assert tuple(lab.trace.input.shape) == (1, 10, 20)


def test_a_second_file_replaces_the_first_one(lab, qtbot, tmp_path):
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    Image.fromarray(np.zeros((8, 8), np.uint8)).save(a)
    Image.fromarray(np.full((5, 7, 3), (255, 0, 0), np.uint8)).save(b)
    for path, shape in ((a, (1, 8, 8)), (b, (3, 5, 7))):
        with qtbot.waitSignal(lab.image_opened, timeout=30_000):
            lab.start_open_image(path)
        assert tuple(lab.trace.input.shape) == shape
    assert "from b.png" in lab.input_info.text()


def test_a_broken_file_loaded_in_the_background_shows_why(lab, qtbot, tmp_path):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    before = lab.trace
    with qtbot.waitSignal(lab.image_failed, timeout=30_000) as failed:
        lab.start_open_image(broken)
    assert "broken.png could not be read" in failed.args[0]
    assert lab.file_error.isVisible() and not lab.file_status.isVisible()
    assert lab.trace is before


# --------------------------------------------------------------------------- typed cells


@pytest.mark.parametrize("text", ["nan", "inf", "-inf", "NaN", "−inf", "Infinity", "1e999"])
def test_nan_or_inf_typed_into_a_cell_is_refused_in_red(lab, text):
    lab.input_source.setCurrentIndex(lab.input_source.findData("typed"))
    lab.kernel_source.setCurrentIndex(lab.kernel_source.findData("custom"))
    trace = lab.trace
    values = lab.input_tensor().clone()
    lab.input_editor.set_cell(1, 2, text)
    assert lab.input_error.isVisible()
    assert f"“{text}” is not a finite number" in lab.error_text("input")
    red = lab.input_error.palette().color(QPalette.ColorRole.WindowText)
    assert red.red() > 150 and red.green() < 100
    assert lab.input_editor.item(1, 2).text() == "5"  # the old value is shown again
    assert lab.trace is trace and lab.input_tensor().equal(values)
    kernel = lab.trace.kernel.clone()
    lab.kernel_editor.set_cell(0, 1, text)
    assert "cell (0, 1) keeps 1" in lab.error_text("kernel_group")
    assert lab.kernel_editor.item(0, 1).text() == "1"
    assert lab.trace is trace and lab.trace.kernel.equal(kernel)
    assert not np.isnan(lab.trace.output.numpy()).any()
    lab.input_editor.set_cell(1, 2, "6")  # a real number is taken and the message goes
    assert lab.trace is not trace and lab.input_tensor()[0, 1, 2] == 6
    assert lab.error_text("input") == "" and lab.error_text("kernel_group") == ""
