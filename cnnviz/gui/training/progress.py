"""The progress of the run shown: its status, the epoch bar, time left, speed and the rest.

:class:`ProgressPanel` keeps what the run's records said last (the latest batch and epoch
records, and the (time, epoch) the time left is measured from) and draws it on request; the
error of the run and the "Use these weights" button sit in it too.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.theme import Theme

__all__ = ["ProgressPanel"]

# the numbers shown under the bar, in their order
STATS = ("time_left", "speed", "lr", "best", "device", "data")


class ProgressPanel(QGroupBox):
    """Status, progress bar and numbers of the run shown, its error and "Use these weights"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bold = QFont(self.font())
        bold.setBold(True)
        selectable = Qt.TextInteractionFlag.TextSelectableByMouse
        self.run_label = QLabel(self)
        self.run_label.setWordWrap(True)
        self.run_label.setTextInteractionFlags(selectable)
        self.state_label = QLabel(self)
        self.state_label.setFont(bold)
        self.state_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(selectable)
        self.error_label.hide()
        self.stat_names: dict[str, QLabel] = {}
        self.stats: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, key in enumerate(STATS):
            name, value = QLabel(self), QLabel(self)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value.setWordWrap(key == "data")  # the others change often: no re-layout for them
            value.setTextInteractionFlags(selectable)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self.stat_names[key], self.stats[key] = name, value
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
        self.weights_button = QPushButton(self)
        sl = QVBoxLayout(self)
        sl.addWidget(self.run_label)
        sl.addWidget(self.state_label)
        sl.addWidget(self.progress)
        sl.addWidget(self.error_label)
        sl.addLayout(grid)
        sl.addWidget(self.weights_button)

        self.last_progress: Any = None  # the latest batch record (train loss, speed, lr)
        self.last_epoch_record: Any = None  # the latest record with a test accuracy
        self.anchor: tuple[float, float] | None = None  # (time, epoch) for the time left

    # ------------------------------------------------------------------ records

    def reset_records(self) -> None:
        """Forget the records (a new run is shown, or its metrics were rewritten)."""
        self.last_progress = self.last_epoch_record = None
        self.anchor = None

    def restart_clock(self) -> None:
        """Measure the time left from the next record on (after a pause)."""
        self.anchor = None

    def add_records(self, records: list[Any]) -> None:
        """Take the latest batch and epoch records of ``records`` (MetricRecords, in order)."""
        for m in records:
            if m.test_acc is not None:
                self.last_epoch_record = m
            elif m.train_loss is not None:
                self.last_progress = m
        if self.last_progress is not None and self.anchor is None:
            self.anchor = (self.last_progress.time, self.last_progress.epoch)

    # ------------------------------------------------------------------ drawing

    def update_progress(
        self, *, shown: bool, state: str, epochs: int, status: dict[str, Any], stopping: bool
    ) -> None:
        """Draw the run's ``state`` ("" when unknown) of ``epochs``, its ``status`` dict, and
        whether it is ``stopping``; ``shown`` is False when no run is shown."""
        m = self.last_progress
        epoch = m.epoch if m is not None else 0.0
        if self.last_epoch_record is not None:
            epoch = max(epoch, self.last_epoch_record.epoch)
        names = self.status_names()
        if not shown:
            self.state_label.setText(self.tr("No run yet: press Train, or open a run."))
        elif state in ("running", "paused") and epochs:
            current = min(int(epoch) + 1, epochs)
            self.state_label.setText(
                self.tr("%1 — epoch %2 of %3").replace("%1", names.get(state, state))
                .replace("%2", str(current)).replace("%3", str(epochs))
            )  # fmt: skip
        else:
            self.state_label.setText(names.get(state, state) if state else "")
        if stopping:
            self.show_stopping()
        if state == "finished":
            frac = 1.0
        else:
            frac = epoch - math.floor(epoch) if epoch < epochs else 1.0
        self.progress.setValue(int(frac * 1000))
        done = min(int(epoch) + (frac < 1), max(epochs, 1))
        self.progress.setFormat(
            self.tr("Epoch %1 of %2: %3 %").replace("%1", str(done))
            .replace("%2", str(epochs or "?")).replace("%3", f"{frac * 100:.0f}")
            if shown else ""
        )  # fmt: skip
        s = self.stats
        live = state == "running" and m is not None
        s["time_left"].setText(self.time_left(epoch, epochs) if live else "—")
        if m is not None and m.examples_per_sec:
            s["speed"].setText(self.tr("%1 examples/s").replace("%1", f"{m.examples_per_sec:,.0f}"))
        else:
            s["speed"].setText("—")
        s["lr"].setText(f"{m.lr:g}" if m is not None and m.lr is not None else "—")
        best = status.get("best_test_acc")
        s["best"].setText("—" if best is None else f"{100 * best:.1f} %")
        s["device"].setText(str(status.get("device") or "—"))
        info = status.get("dataset_info")
        if info:
            s["data"].setText(str(info))
        elif state == "starting":
            s["data"].setText(self.tr("loading the data set…"))
        else:
            s["data"].setText("—")

    def show_stopping(self) -> None:
        self.state_label.setText(self.tr("Stopping…"))

    def time_left(self, epoch: float, epochs: int) -> str:
        """The time left to ``epochs`` from ``epoch``, in words ("estimating…" at first)."""
        from cnnviz.core.training import seconds_left

        m = self.last_progress
        latest = (m.time, m.epoch) if m is not None else None
        left = seconds_left(self.anchor, latest, epochs, epoch=epoch)
        return self.tr("estimating…") if left is None else self.duration(left)

    def duration(self, seconds: float) -> str:
        """``seconds`` as "1 h 5 min", "3 min 20 s" or "42 s"."""
        s = max(round(seconds), 0)
        if s >= 3600:
            h, m = str(s // 3600), str(s % 3600 // 60)
            return self.tr("%1 h %2 min").replace("%1", h).replace("%2", m)
        if s >= 60:
            return self.tr("%1 min %2 s").replace("%1", str(s // 60)).replace("%2", str(s % 60))
        return self.tr("%1 s").replace("%1", str(s))

    # ------------------------------------------------------------------ errors

    @property
    def error_text(self) -> str:
        """The error shown ("" when none)."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    # ------------------------------------------------------------------ style & language

    def set_style(self, theme: Theme) -> None:
        pal = self.error_label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor("#ff6f61" if theme.dark else "#b03a2e"))
        self.error_label.setPalette(pal)

    def status_names(self) -> dict[str, str]:
        """A run's status ("running", …) in words of the language shown."""
        return {
            "starting": self.tr("starting"),
            "running": self.tr("running"),
            "paused": self.tr("paused"),
            "finished": self.tr("finished"),
            "failed": self.tr("failed"),
            "stopped": self.tr("stopped"),
            "unknown": self.tr("unknown"),
        }

    def retranslate(self) -> None:
        self.setTitle(self.tr("Progress"))
        stat_names = {
            "time_left": self.tr("Time left"),
            "speed": self.tr("Speed"),
            "lr": self.tr("Learning rate"),
            "best": self.tr("Best test acc."),
            "device": self.tr("Device"),
            "data": self.tr("Data"),
        }
        for key, text in stat_names.items():
            self.stat_names[key].setText(text)
        self.weights_button.setText(self.tr("Use these weights"))
        self.weights_button.setToolTip(
            self.tr("Send the trained network (latest checkpoint) to the convolution lab.")
        )
