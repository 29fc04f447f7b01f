"""A user's model file can never hang the app: it runs off the GUI thread, can be cancelled,
and quitting ends the process whatever the file is doing."""

import os
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from PySide6.QtCore import Qt, QTimer

import cnnviz.gui.main_window as main_window
from cnnviz.gui.dialogs import ModelRequest
from cnnviz.gui.worker import running_user_code

LOOP = "while True:\n    pass\n"
# catches the stop the app raises inside it, and loops on: only ending the process helps
STUBBORN = textwrap.dedent(
    """
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
    """
)
GOOD = textwrap.dedent(
    """
    from torch import nn

    class Tiny(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 4, 5)

        def forward(self, x):
            return self.conv(x)
    """
)
FORWARD_RAISES = textwrap.dedent(
    """
    from torch import nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(1, 4, 3)

        def forward(self, x):
            features = {"y": self.conv(x)}
            return features["x"]
    """
)


def _request(tmp_path, text, attr, name="net.py"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return ModelRequest(source="file", input_shape=(1, 1, 28, 28), path=str(path), attr=attr)


@pytest.fixture(autouse=True)
def _short_delay(monkeypatch):
    monkeypatch.setattr(main_window, "STILL_RUNNING_AFTER_MS", 400)


@pytest.fixture(autouse=True)
def _no_user_code_left_running():
    yield
    deadline = time.monotonic() + 5
    while running_user_code() and time.monotonic() < deadline:
        time.sleep(0.05)
    left = running_user_code()
    for worker in left:
        worker.cancel()
    assert left == [], "a user file is still running after the test"


def _ticks_in(qtbot, ms):
    """How often a 20 ms timer fires in ``ms`` milliseconds of the event loop."""
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    qtbot.wait(ms)
    timer.stop()
    return len(ticks)


def test_a_looping_file_keeps_the_gui_responsive_and_can_be_cancelled(window, qtbot, tmp_path):
    before = window.graph
    window.open_request(_request(tmp_path, LOOP, "Net", "loop.py"))
    assert window.is_loading_model and len(running_user_code()) == 1
    assert window.busy_label.text() == "Loading the model…" and window.busy_bar.isVisibleTo(window)
    assert not window.cancel_load_button.isVisibleTo(window)  # not before the delay

    assert _ticks_in(qtbot, 1000) >= 10  # the event loop runs while the file loops
    window.set_font_scale(1.2)  # … and the window reacts
    assert window.font_scale == pytest.approx(1.2)

    qtbot.waitUntil(lambda: window.cancel_load_button.isVisibleTo(window), timeout=5000)
    assert window.busy_label.text() == "loop.py is still running…"
    assert window.cancel_load_button.text() == "Cancel"
    qtbot.mouseClick(window.cancel_load_button, Qt.MouseButton.LeftButton)
    assert not window.is_loading_model
    assert not window.busy_label.isVisibleTo(window) and not window.busy_bar.isVisibleTo(window)
    assert not window.cancel_load_button.isVisibleTo(window)
    assert window.statusBar().currentMessage() == "Stopped opening loop.py"
    assert window.graph is before and window.error_box is None
    qtbot.waitUntil(lambda: running_user_code() == [], timeout=5000)  # the loop was stopped

    with qtbot.waitSignal(window.model_changed, timeout=30_000) as blocker:
        window.open_request(_request(tmp_path, GOOD, "Tiny"))  # the window is still usable
    assert blocker.args == ["Tiny"] and window.graph.model_name == "Tiny"


def test_opening_another_model_drops_the_looping_one(window, qtbot, tmp_path):
    window.open_request(_request(tmp_path, LOOP, "Net", "loop.py"))
    with qtbot.waitSignal(window.model_changed, timeout=30_000):
        window.open_request(_request(tmp_path, GOOD, "Tiny"))
    assert window.graph.model_name == "Tiny" and not window.is_loading_model
    qtbot.waitUntil(lambda: running_user_code() == [], timeout=5000)
    qtbot.wait(2 * main_window.STILL_RUNNING_AFTER_MS)
    assert not window.cancel_load_button.isVisibleTo(window)  # the old job's timer is gone


def test_choosing_a_zoo_network_drops_the_looping_file(window, qtbot, tmp_path):
    window.open_request(_request(tmp_path, LOOP, "Net", "loop.py"))
    window.show_zoo_model("alexnet")
    assert window.graph.model_name == "alexnet" and not window.is_loading_model
    qtbot.waitUntil(lambda: running_user_code() == [], timeout=5000)


def test_closing_the_window_does_not_wait_for_a_looping_file(window, qtbot, tmp_path):
    window.open_request(_request(tmp_path, LOOP, "Net", "loop.py"))
    qtbot.wait(100)
    t0 = time.monotonic()
    window.close()
    assert time.monotonic() - t0 < 2
    qtbot.waitUntil(lambda: running_user_code() == [], timeout=5000)


def test_a_forward_that_raises_names_the_users_line(window, qtbot, tmp_path):
    with qtbot.waitSignal(window.model_load_failed, timeout=30_000) as blocker:
        window.open_request(_request(tmp_path, FORWARD_RAISES, "Net", "my_net.py"))
    text = "Your model's forward raised KeyError: 'x' (my_net.py, line 11)."
    assert blocker.args == [text] and window.error_box.text() == text
    assert "Proxy" not in text and "KeyError" in window.error_box.detailedText()
    window.error_box.close()


QUIT_SCRIPT = """
import sys, time
from PySide6.QtCore import QTimer

import cnnviz.gui.app as app
import cnnviz.gui.main_window as main_window
from cnnviz.gui.dialogs import ModelRequest

main_window.STILL_RUNNING_AFTER_MS = 300
request = ModelRequest(source="file", input_shape=(1, 1, 28, 28), path=sys.argv[1], attr="Net")


class Window(main_window.MainWindow):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.startup_finished.connect(lambda: self.open_request(request))
        self.poll = QTimer(self, interval=50, timeout=self.quit_when_stuck)
        self.poll.start()

    def quit_when_stuck(self):
        if self.cancel_load_button.isVisible():  # "still running…": quit as a user would
            self.poll.stop()
            print("quitting", time.monotonic(), flush=True)
            self.actions["quit"].trigger()


app.MainWindow = Window
sys.exit(app.run(["cnnviz"]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("text", [LOOP, STUBBORN], ids=["loop", "stubborn"])
def test_quitting_ends_the_process_while_a_file_runs(tmp_path, text):
    path = tmp_path / "loop.py"
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CNNVIZ_SETTINGS": str(tmp_path / "s.ini")}
    proc = subprocess.Popen(
        [sys.executable, "-c", QUIT_SCRIPT, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(180, proc.kill)  # a hung start-up fails instead of blocking
    watchdog.start()
    try:
        line = proc.stdout.readline()  # blocks until the script quits (start-up takes a while)
        assert line.startswith("quitting"), (line, proc.stderr.read() if proc.poll() else "")
        quit_at = float(line.split()[1])
        rc = proc.wait(timeout=10)
        ended_after = time.monotonic() - quit_at
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read()
    assert rc == 0, stderr
    assert ended_after < 3, f"the process took {ended_after:.1f} s to end"
    assert "QThread" not in stderr
    assert (tmp_path / "s.ini").read_text(encoding="utf-8")  # the settings were written


def test_an_opened_network_is_remembered_and_reopens_without_a_dialog(
    make_window, settings, qtbot, tmp_path
):
    window = make_window(settings)
    assert not window.picker.recent_button.isEnabled()  # nothing opened yet
    request = _request(tmp_path, GOOD, "Tiny", "my tiny.py")
    with qtbot.waitSignal(window.model_changed, timeout=30_000):
        window.open_request(request)
    broken = _request(tmp_path, FORWARD_RAISES, "Net", "broken.py")
    with qtbot.waitSignal(window.model_load_failed, timeout=30_000):
        window.open_request(broken)  # a network that fails to open is not remembered
    window.error_box.close()
    assert [a.toolTip() for a in window.picker.recent_actions()] == [f"{tmp_path}/my tiny.py:Tiny"]
    window.close()

    again = make_window(settings)  # the next launch
    actions = again.picker.recent_actions()
    assert again.picker.recent_button.isEnabled() and len(actions) == 1
    assert actions[0].text() == "my tiny.py:Tiny   (1×28×28)"
    with qtbot.waitSignal(again.model_changed, timeout=30_000) as shown:
        actions[0].trigger()  # no dialog: straight to the graph
    assert shown.args == ["Tiny"] and again.open_dialog is None
    assert again.graph.input_shape == (1, 1, 28, 28)


def test_a_request_and_its_recent_entry_are_the_same_network():
    request = ModelRequest("file", (1, 3, 32, 32), path="/x/nets.py", attr="Net",
                           kwargs="width=32, depth=(1, 2)")  # fmt: skip
    assert request.spec == "/x/nets.py:Net(width=32, depth=(1, 2))"
    assert ModelRequest.from_recent(request.recent()) == request
    tv = ModelRequest("torchvision", (1, 3, 224, 224), name="resnet18", num_classes=10)
    assert ModelRequest.from_recent(tv.recent()) == tv


SMALL = textwrap.dedent(
    """
    from torch import nn

    def small_cnn(num_classes=10, in_channels=1):
        return nn.Sequential(nn.Conv2d(in_channels, 6, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Flatten(), nn.Linear(6 * 14 * 14, num_classes))
    """
)


def test_an_opened_file_is_trained_and_its_weights_used_in_the_lab(
    window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setenv("CNNVIZ_RUNS", str(tmp_path / "runs"))
    request = _request(tmp_path, SMALL, "small_cnn", "small.py")
    with qtbot.waitSignal(window.model_changed, timeout=30_000):
        window.open_request(request)
    training = window.show_view("training")
    training.runs_root = tmp_path / "runs"
    form = training.form_box
    assert form.model_ok and form.model_name == request.spec  # trainable, by its spec
    assert "small.py:small_cnn" in form.model_label.text()
    form.dataset.setCurrentIndex(form.dataset.findData("shapes"))
    form.epochs.setValue(1)
    form.train_subset.setValue(512)
    with qtbot.waitSignal(training.run_ended, timeout=120_000) as ended:
        assert training.start_training() is not None
    assert ended.args[1] == "finished", training.error_text
    qtbot.waitUntil(lambda: training.weights_button.isEnabled(), timeout=30_000)
    with qtbot.waitSignal(training.weights_ready, timeout=60_000) as ready:
        training.weights_button.click()
    assert ready.args[0] == request.spec
    lab = window.lab
    assert window.tabs.currentWidget() is window.lab_page and lab is not None
    with qtbot.waitSignal(lab.features_computed, timeout=60_000):
        lab.set_mode("features")
    assert lab._features.get("0").shape == (6, 28, 28)  # the trained network, on its input
