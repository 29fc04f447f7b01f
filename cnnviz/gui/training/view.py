"""TrainingView: train a network in a worker process and watch it learn.

Left: the d2l recipe of the chosen network (editable), Train / Pause / Stop, progress and the
data set in use. Right: live curves, confusion matrix, predictions and first-layer kernels on
tabs, and the list of runs (open, resume, delete, lay curves over each other).

Training runs in a separate process (:class:`~cnnviz.core.training.TrainingProcess`); the view
follows the run directory it writes with a :class:`QTimer` (5.5 polls a second), so a run that
``cnnviz train --run-dir DIR`` writes — here or on another machine, over a shared folder — is
followed the same way ("Open run folder…"). Nothing in this module imports torch at import
time: the core modules are imported when the view is built.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.states import TrainingState
from cnnviz.gui.theme import Theme, get_theme
from cnnviz.gui.training.curves import CurvesPlot
from cnnviz.gui.training.evaluation import ConfusionMatrixWidget, KernelGrid, PredictionPanel
from cnnviz.gui.training.form import RecipeForm, available_devices
from cnnviz.gui.training.runs import RunTable
from cnnviz.gui.worker import JobState, Worker

__all__ = ["TrainingView", "default_runs_root", "evaluate_job", "load_weights_job"]

# a temporary file this old in a run folder is from an interrupted write, not a live one
STALE_TEMP_AGE_S = 120.0


def default_runs_root() -> Path:
    """``$CNNVIZ_RUNS``, else ``runs`` beside cnnviz's data sets folder."""
    env = os.environ.get("CNNVIZ_RUNS")
    if env:
        return Path(env).expanduser()
    from cnnviz.core.data import data_dir

    return data_dir().parent / "runs"


# --------------------------------------------------------------------------- background jobs


def evaluate_job(state: JobState, run_dir: str, device: str) -> Any:
    """The :class:`~cnnviz.core.evaluate.Evaluation` of a run's latest checkpoint."""
    from cnnviz.core.evaluate import evaluate_run

    return evaluate_run(run_dir, device=device, check=state.check)


def load_weights_job(state: JobState, run_dir: str) -> tuple[str, Any]:
    """(network name, trained model on the CPU in eval mode) from a run's latest checkpoint."""
    from cnnviz.core.evaluate import load_run_model

    model, config, _ = load_run_model(run_dir)
    return config.model, model


class TrainingView(QWidget):
    """Train the picked network and watch it: curves, confusion matrix, predictions, kernels.

    Public API: :meth:`set_model`, :meth:`set_style`, :meth:`retranslate`, :meth:`shutdown`,
    :attr:`runs_root`, :meth:`start_training`, :meth:`pause_training`,
    :meth:`resume_training`, :meth:`stop_training`, :meth:`open_run`, :meth:`resume_run`,
    :meth:`delete_run`, :meth:`set_overlay`, :meth:`use_weights`; signals
    :attr:`weights_ready`, :attr:`run_started`, :attr:`run_ended`.
    """

    weights_ready = Signal(str, object)  # network name, trained nn.Module on the CPU
    run_started = Signal(str)  # run folder
    run_ended = Signal(str, str)  # run folder, final status (finished, stopped, failed)
    evaluation_ready = Signal(object)  # the Evaluation now shown

    # how often the run directory is polled: 5.5 times a second — smooth to the eye, and on two
    # cores each repaint costs the training (whose threads wait for each other) noticeably
    TICK_MS = 180
    WORKER_NICE = 5  # the training process yields the CPU to the GUI on few cores

    def __init__(
        self, parent: QWidget | None = None, *, runs_root: str | os.PathLike | None = None
    ) -> None:
        super().__init__(parent)
        self._runs_root = Path(runs_root) if runs_root is not None else default_runs_root()
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self._devices = available_devices()
        self._proc: Any = None  # TrainingProcess of this view, while it runs
        self._proc_path: str | None = None
        self._follower: Any = None  # RunFollower of the run shown
        self._config: Any = None  # its TrainConfig
        self._status: dict[str, Any] = {}
        self._state = ""  # the shown run's status (after run_state)
        self._listed_best: float | None = None
        self._error = ""
        self._last_progress: Any = None
        self._last_epoch_record: Any = None
        self._anchor: tuple[float, float] | None = None  # (time, epoch) for the time left
        self._extra_runs: list[str] = []
        self._run_cache: dict[str, Any] = {}  # scan_runs' cache: finished runs are read once
        self._overlays: dict[str, Any] = {}  # folder → RunFollower
        self._eval_worker: Worker | None = None
        self._eval_key: tuple[str, int, int] | None = None
        self._eval_message = ""
        self._last_eval: Any = None  # the Evaluation shown
        self._weights_worker: Worker | None = None
        self._ticks = 0
        self._labels_stale = False  # progress labels behind the curves (updated less often)
        self._shut_down = False
        self.confirm_delete = True

        self._build()
        self.retranslate()
        self.set_model("lenet")
        self._timer = QTimer(self)
        self._timer.setInterval(self.TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()
        self.refresh_runs()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        # --- the recipe (its widgets are the view's too: view.epochs, view.dataset, …)
        self.form_box = RecipeForm(self._devices, self)
        f = self.form_box
        self.model_label, self.input_label = f.model_label, f.input_label
        self.epochs, self.lr, self.batch_size = f.epochs, f.lr, f.batch_size
        self.optimizer, self.momentum, self.weight_decay = f.optimizer, f.momentum, f.weight_decay
        self.device, self.dataset, self.train_subset = f.device, f.dataset, f.train_subset
        self.recipe_button = f.recipe_button
        self.recipe_button.clicked.connect(self._update_actions)
        bold = QFont(self.font())
        bold.setBold(True)

        # --- Train / Pause / Stop
        self.train_button = QPushButton(self)
        self.train_button.clicked.connect(lambda: self.start_training())
        self.pause_button = QPushButton(self)
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._on_pause_toggled)
        self.stop_button = QPushButton(self)
        self.stop_button.clicked.connect(self.stop_training)
        buttons = QHBoxLayout()
        for b in (self.train_button, self.pause_button, self.stop_button):
            b.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(b)

        # --- progress of the run shown
        self.status_box = QGroupBox(self)
        self.run_label = QLabel(self)
        self.run_label.setWordWrap(True)
        self.run_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state_label = QLabel(self)
        self.state_label.setFont(bold)
        self.state_label.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self._stat_names: dict[str, QLabel] = {}
        self.stats: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        for row, key in enumerate(("time_left", "speed", "lr", "best", "device", "data")):
            name, value = QLabel(self), QLabel(self)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value.setWordWrap(key == "data")  # the others change often: no re-layout for them
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            self._stat_names[key], self.stats[key] = name, value
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
        self.weights_button = QPushButton(self)
        self.weights_button.clicked.connect(self.use_weights)
        sl = QVBoxLayout(self.status_box)
        sl.addWidget(self.run_label)
        sl.addWidget(self.state_label)
        sl.addWidget(self.progress)
        sl.addWidget(self.error_label)
        sl.addLayout(grid)
        sl.addWidget(self.weights_button)

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.addWidget(self.form_box)
        ll.addLayout(buttons)
        ll.addWidget(self.status_box)
        ll.addStretch(1)
        self.left_scroll = QScrollArea(self)
        self.left_scroll.setWidgetResizable(True)
        self.left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.left_scroll.setWidget(left)

        # --- tabs: curves, confusion matrix, predictions, kernels
        self.curves = CurvesPlot(self)
        self.confusion = ConfusionMatrixWidget(self)
        self.confusion_caption = QLabel(self)
        self.confusion_caption.setWordWrap(True)
        cm_page = QWidget(self)
        cl = QVBoxLayout(cm_page)
        cl.addWidget(self.confusion_caption)
        cl.addWidget(self.confusion, 1)
        self.predictions = PredictionPanel(self)
        self.kernels = KernelGrid(self)
        self.kernel_caption = QLabel(self)
        self.kernel_caption.setWordWrap(True)
        k_page = QWidget(self)
        kl = QVBoxLayout(k_page)
        kl.addWidget(self.kernel_caption)
        kl.addWidget(self.kernels, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.curves, "")
        self.tabs.addTab(cm_page, "")
        self.tabs.addTab(self.predictions, "")
        self.tabs.addTab(k_page, "")
        self.tabs.currentChanged.connect(lambda _i: self._maybe_evaluate())

        # --- runs
        self.runs_box = QGroupBox(self)
        self.run_table = RunTable(self)
        self.run_table.overlay_toggled.connect(self.set_overlay)
        self.run_table.run_activated.connect(self.open_run)
        self.run_table.itemSelectionChanged.connect(self._update_actions)
        self.open_button = QPushButton(self)
        self.open_button.clicked.connect(self._open_selected)
        self.resume_button = QPushButton(self)
        self.resume_button.clicked.connect(lambda: self.resume_run())
        self.delete_button = QPushButton(self)
        self.delete_button.clicked.connect(lambda: self.delete_run())
        self.folder_button = QPushButton(self)
        self.folder_button.clicked.connect(self.open_run_folder)
        rb = QHBoxLayout()
        for b in (self.open_button, self.resume_button, self.delete_button):
            rb.addWidget(b)
        rb.addStretch(1)
        rb.addWidget(self.folder_button)
        rl = QVBoxLayout(self.runs_box)
        rl.addWidget(self.run_table, 1)
        rl.addLayout(rb)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.tabs)
        right.addWidget(self.runs_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        self.right_splitter = right

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.left_scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self._size_left()

    def _size_left(self) -> None:
        fm = QFontMetrics(self.font())
        width = fm.horizontalAdvance("M") * 26 + 40
        self.left_scroll.setMinimumWidth(width)
        self.splitter.setSizes([width, max(self.width() - width, width * 2)])
        self.run_table.setMinimumHeight(fm.height() * 6)

    # ------------------------------------------------------------------ properties

    @property
    def runs_root(self) -> Path:
        """The folder new runs are written to (and listed from)."""
        return self._runs_root

    @runs_root.setter
    def runs_root(self, path: str | os.PathLike) -> None:
        self._runs_root = Path(path)
        self.refresh_runs()

    @property
    def current_run(self) -> str | None:
        """The folder of the run shown, if any."""
        return str(self._follower.path) if self._follower is not None else None

    @property
    def training_process(self) -> Any:
        """This view's :class:`~cnnviz.core.training.TrainingProcess` while it runs, else None."""
        return self._proc

    @property
    def run_status(self) -> str:
        """The status of the run shown ("" when none)."""
        return self._state

    @property
    def error_text(self) -> str:
        """The error shown for the run ("" when none)."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    # ------------------------------------------------------------------ the recipe

    @property
    def model_name(self) -> str:
        """The network whose recipe the form shows."""
        return self.form_box.model_name

    def set_model(self, name: str) -> None:
        """Show the book's recipe for the zoo network ``name`` (others can't be trained)."""
        self.form_box.set_model(name)
        self._update_actions()

    def config_from_form(self) -> Any:
        """The :class:`~cnnviz.core.training.TrainConfig` the form describes."""
        return self.form_box.config()

    # ------------------------------------------------------------------ slides (SlideView)

    def apply_state(self, keys: dict[str, Any]) -> None:
        """Fill the form as a slide says (:class:`~cnnviz.core.states.TrainingState`).

        The network's recipe first, then the slide's fields; what it leaves out keeps the
        recipe (the whole training set, the default data set). Starts a run on ``autostart``.
        """
        from cnnviz.core.training import TrainConfig

        state = TrainingState.from_slide(keys)
        self.set_model(state.network or self.model_name)
        dataset = state.dataset or TrainConfig.__dataclass_fields__["dataset"].default
        self.dataset.setCurrentIndex(self.dataset.findData(dataset))
        for key in ("epochs", "lr", "batch_size"):
            value = getattr(state, key)
            if value is not None:
                getattr(self, key).setValue(value)
        self.train_subset.setValue(state.train_subset or 0)
        if state.autostart and self.training_process is None:
            self.start_training()

    def capture_state(self) -> dict[str, Any]:
        """The form's recipe, as slide keys."""
        state = TrainingState(
            dataset=self.dataset.currentData(),
            epochs=self.epochs.value(),
            lr=float(self.lr.value()),
            batch_size=self.batch_size.value(),
            train_subset=self.train_subset.value() or None,
        )
        return state.to_slide()

    def frame(self, focus: str) -> bool:
        """Show the result tab ``focus`` ("curves", "confusion", …); False when there is none."""
        pages = {"curves": 0, "confusion": 1, "predictions": 2, "kernels": 3}
        if focus not in pages:
            return False
        self.tabs.setCurrentIndex(pages[focus])
        return True

    # ------------------------------------------------------------------ training

    def start_training(self, config: Any = None) -> str | None:
        """Start a new run (``config``: a TrainConfig, else the form's) in a worker process.

        Returns the run's folder, or ``None`` (the reason is shown) when it can't start.
        """
        from cnnviz.core.training import TrainingProcess, new_run_dir

        if self._proc is not None:
            self._show_error(self.tr("A run is training already; stop it first."))
            return None
        if config is None:
            if not self.form_box.model_ok:
                self._show_error(self.input_label.text())
                return None
            config = self.config_from_form()
        path = new_run_dir(self._runs_root, config.model, config.dataset)
        try:
            proc = TrainingProcess(config, path, nice=self.WORKER_NICE)
            proc.start()
        except (ValueError, OSError) as exc:
            self._show_error(self.tr("Training could not start: %1").replace("%1", str(exc)))
            return None
        self._proc, self._proc_path = proc, str(path)
        self.open_run(path)
        self.run_started.emit(str(path))
        return str(path)

    def pause_training(self) -> None:
        """Pause this view's run before its next batch."""
        if self._proc is not None:
            self._proc.pause()
            with QSignalBlocker(self.pause_button):
                self.pause_button.setChecked(True)
            self._update_actions()

    def resume_training(self) -> None:
        """Go on with this view's paused run."""
        if self._proc is not None:
            self._proc.resume_training()
            self._anchor = None
            with QSignalBlocker(self.pause_button):
                self.pause_button.setChecked(False)
            self._update_actions()

    def _on_pause_toggled(self, on: bool) -> None:
        if on:
            self.pause_training()
        else:
            self.resume_training()

    def stop_training(self) -> None:
        """Stop this view's run before its next batch (it keeps a checkpoint to resume from)."""
        if self._proc is not None:
            self._proc.stop()
            self.state_label.setText(self.tr("Stopping…"))
            self._update_actions()

    def resume_run(self, path: str | os.PathLike | None = None) -> bool:
        """Continue a stopped or failed run from its last checkpoint in a worker process."""
        from cnnviz.core.training import RunDirectory, TrainingProcess

        path = str(path) if path is not None else self.run_table.selected_path()
        if not path:
            return False
        if self._proc is not None:
            self._show_error(self.tr("A run is training already; stop it first."))
            return False
        try:
            config = RunDirectory(path).read_config()
            proc = TrainingProcess(config, path, resume=True, nice=self.WORKER_NICE)
            proc.start()
        except (ValueError, OSError) as exc:
            self._show_error(self.tr("The run could not be resumed: %1").replace("%1", str(exc)))
            return False
        self._proc, self._proc_path = proc, path
        self.open_run(path)
        self.run_started.emit(path)
        return True

    def _process_ended(self, final: str) -> None:
        path = self._proc_path or ""
        self._proc, self._proc_path = None, None
        with QSignalBlocker(self.pause_button):
            self.pause_button.setChecked(False)
        if self._follower is not None and str(self._follower.path) == path:
            self._apply(self._follower.poll())
        self.refresh_runs()
        self._update_actions()
        self.run_ended.emit(path, final)

    # ------------------------------------------------------------------ following a run

    def open_run(self, path: str | os.PathLike) -> bool:
        """Show the run in ``path`` and follow it live while something writes it."""
        from cnnviz.core.training import RunDirectory, RunFollower

        path = Path(path)
        run = RunDirectory(path)
        if not run.config_file.exists():
            self._show_error(
                self.tr("%1 is not a training run folder: it has no config.json.").replace(
                    "%1", str(path)
                )
            )
            return False
        try:
            config = run.read_config()
        except ValueError as exc:
            self._show_error(str(exc))
            return False
        run.clean(min_age_s=STALE_TEMP_AGE_S)  # what interrupted writes left behind
        self._follower = RunFollower(path)
        self._config = config
        self._reset_shown_run()
        self.curves.set_epochs(config.epochs or 10)
        if path.parent.resolve() != self._runs_root.resolve() and str(path) not in self._extra_runs:
            self._extra_runs.append(str(path))
        self.run_label.setText(
            self.tr("Run %1 — %2 on %3").replace("%1", path.name)
            .replace("%2", config.model).replace("%3", config.dataset)
        )  # fmt: skip
        self.run_label.setToolTip(str(path))
        self._apply(self._follower.poll())
        self.refresh_runs()
        self.run_table.set_current_run(str(path))
        self.run_table.select_path(str(path))
        self._maybe_evaluate()
        return True

    def open_run_folder(self) -> None:
        """Ask for a run folder (e.g. one ``cnnviz train --run-dir`` writes) and follow it."""
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Open run folder"), str(self._runs_root)
        )
        if path:
            self.open_run(path)

    def _open_selected(self) -> None:
        path = self.run_table.selected_path()
        if path:
            self.open_run(path)

    def _reset_shown_run(self) -> None:
        self.curves.clear()
        self._status, self._state, self._error = {}, "", ""
        self._last_progress = self._last_epoch_record = None
        self._anchor = None
        self._eval_key = None
        self._eval_message = ""
        self._last_eval = None
        self.confusion.set_matrix(None)
        self.predictions.set_evaluation(None)
        self.kernels.set_kernels(None)
        self.error_label.hide()
        self._update_eval_captions(None)
        self._update_progress()

    def _tick(self) -> None:
        self._ticks += 1
        if self._proc is not None:
            final = self._proc.poll()
            if final is not None:
                self._process_ended(final)
        if self._follower is not None:
            self._apply(self._follower.poll())
        if self._ticks % 3 == 0:
            self._poll_overlays()
            if self._labels_stale:
                self._update_progress()
        if self._ticks % 6 == 0:  # about once a second
            self.refresh_runs()
            self._check_writer_alive()
        self._maybe_evaluate()

    def _check_writer_alive(self) -> None:
        """A followed run whose writer (on this machine) died says "running" for ever: notice."""
        from cnnviz.core.training import run_state

        if self._follower is None or self._state not in ("starting", "running", "paused"):
            return
        if run_state(self._follower.status)[0] != self._state:
            self._apply_status(self._follower.status)
            self._update_progress()

    def _apply(self, update: Any) -> None:
        if update.reset:
            self.curves.clear()
            self._last_progress = self._last_epoch_record = None
            self._anchor = None
        if update.records:
            self.curves.add_records(update.records)
            for m in update.records:
                if m.test_acc is not None:
                    self._last_epoch_record = m
                elif m.train_loss is not None:
                    self._last_progress = m
            if self._last_progress is not None and self._anchor is None:
                self._anchor = (self._last_progress.time, self._last_progress.epoch)
        if update.status is not None:
            self._apply_status(update.status)
        if update.status is not None or update.reset:
            self._update_progress()
        elif update.records:  # the numbers change a few times a second: 2 updates are plenty
            self._labels_stale = True

    def _apply_status(self, status: dict[str, Any]) -> None:
        from cnnviz.core.training import run_state

        before = self._state
        self._status = status
        self._state, self._error = run_state(status)
        if self._state != before and self._state == "running":
            self._anchor = None  # the time left restarts after a pause
        if self._state != before or status.get("best_test_acc") != self._listed_best:
            self._listed_best = status.get("best_test_acc")
            self.refresh_runs()  # the list shows the new status / best accuracy at once
        if self._state == "failed" and self._error:
            self.error_label.setText(self.tr("Training failed: %1").replace("%1", self._error))
            self.error_label.show()
        elif self._state != "failed":
            self.error_label.hide()
        self._update_actions()

    def _update_progress(self) -> None:
        self._labels_stale = False
        epochs = (self._config.epochs if self._config is not None else 0) or 0
        m = self._last_progress
        epoch = m.epoch if m is not None else 0.0
        if self._last_epoch_record is not None:
            epoch = max(epoch, self._last_epoch_record.epoch)
        state = self._state
        names = self._status_names()
        if not self._follower:
            self.state_label.setText(self.tr("No run yet: press Train, or open a run."))
        elif state in ("running", "paused") and epochs:
            current = min(int(epoch) + 1, epochs)
            self.state_label.setText(
                self.tr("%1 — epoch %2 of %3").replace("%1", names.get(state, state))
                .replace("%2", str(current)).replace("%3", str(epochs))
            )  # fmt: skip
        else:
            self.state_label.setText(names.get(state, state) if state else "")
        if self._proc is not None and self._proc.stop_requested_at is not None:
            self.state_label.setText(self.tr("Stopping…"))
        if state == "finished":
            frac = 1.0
        else:
            frac = epoch - math.floor(epoch) if epoch < epochs else 1.0
        self.progress.setValue(int(frac * 1000))
        shown = min(int(epoch) + (frac < 1), max(epochs, 1))
        self.progress.setFormat(
            self.tr("Epoch %1 of %2: %3 %").replace("%1", str(shown))
            .replace("%2", str(epochs or "?")).replace("%3", f"{frac * 100:.0f}")
            if self._follower else ""
        )  # fmt: skip
        s = self.stats
        live = state == "running" and m is not None
        s["time_left"].setText(self._time_left(epoch, epochs) if live else "—")
        if m is not None and m.examples_per_sec:
            s["speed"].setText(self.tr("%1 examples/s").replace("%1", f"{m.examples_per_sec:,.0f}"))
        else:
            s["speed"].setText("—")
        s["lr"].setText(f"{m.lr:g}" if m is not None and m.lr is not None else "—")
        best = self._status.get("best_test_acc")
        s["best"].setText("—" if best is None else f"{100 * best:.1f} %")
        s["device"].setText(str(self._status.get("device") or "—"))
        info = self._status.get("dataset_info")
        if info:
            s["data"].setText(str(info))
        elif state == "starting":
            s["data"].setText(self.tr("loading the data set…"))
        else:
            s["data"].setText("—")

    def _time_left(self, epoch: float, epochs: int) -> str:
        from cnnviz.core.training import seconds_left

        m = self._last_progress
        latest = (m.time, m.epoch) if m is not None else None
        left = seconds_left(self._anchor, latest, epochs, epoch=epoch)
        return self.tr("estimating…") if left is None else self._duration(left)

    def _duration(self, seconds: float) -> str:
        s = max(round(seconds), 0)
        if s >= 3600:
            h, m = str(s // 3600), str(s % 3600 // 60)
            return self.tr("%1 h %2 min").replace("%1", h).replace("%2", m)
        if s >= 60:
            return self.tr("%1 min %2 s").replace("%1", str(s // 60)).replace("%2", str(s % 60))
        return self.tr("%1 s").replace("%1", str(s))

    # ------------------------------------------------------------------ the run list

    def refresh_runs(self) -> None:
        """Read the runs folder again (also every second on its own)."""
        self.run_table.set_status_names(self._status_names())
        from cnnviz.core.training import scan_runs

        self.run_table.update_runs(scan_runs(self._runs_root, self._extra_runs, self._run_cache))
        self._update_actions()

    def run_paths(self) -> list[str]:
        """The folders listed, in their order."""
        return self.run_table.paths()

    def delete_run(
        self, path: str | os.PathLike | None = None, *, confirm: bool | None = None
    ) -> bool:
        """Delete a run folder after asking (``confirm=False`` skips the question)."""
        path = str(path) if path is not None else self.run_table.selected_path()
        if not path:
            return False
        if self._proc is not None and self._proc_path == path:
            self._show_error(self.tr("This run is training; stop it before deleting it."))
            return False
        ask = self.confirm_delete if confirm is None else confirm
        if ask:
            answer = QMessageBox.question(
                self,
                self.tr("Delete run"),
                self.tr("Delete the run %1 and everything in its folder?\n%2")
                .replace("%1", Path(path).name).replace("%2", path),
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            shutil.rmtree(path)
        except OSError as exc:
            self._show_error(self.tr("The run could not be deleted: %1").replace("%1", str(exc)))
            return False
        self.set_overlay(path, False)
        if path in self._extra_runs:
            self._extra_runs.remove(path)
        if self.current_run == path:
            self._follower, self._config = None, None
            self.run_label.setText("")
            self._reset_shown_run()
        self.refresh_runs()
        return True

    def set_overlay(self, path: str, on: bool) -> None:
        """Lay the curves of the run in ``path`` over the plot (or take them away)."""
        from cnnviz.core.training import RunFollower

        path = str(path)
        if on and path not in self._overlays:
            follower = RunFollower(path)
            self._overlays[path] = follower
            update = follower.poll()
            self.curves.set_overlay(path, Path(path).name, update.records, reset=True)
        elif not on and path in self._overlays:
            del self._overlays[path]
            self.curves.remove_overlay(path)
        with QSignalBlocker(self.run_table):
            self.run_table.set_overlay(path, on)

    def _poll_overlays(self) -> None:
        for path, follower in list(self._overlays.items()):
            update = follower.poll()
            if update.records or update.reset:
                self.curves.set_overlay(path, Path(path).name, update.records, reset=update.reset)

    # ------------------------------------------------------------------ evaluation & weights

    def _maybe_evaluate(self, force: bool = False) -> None:
        """Evaluate the shown run's checkpoint when a result tab is shown and it changed."""
        if self._follower is None or self._eval_worker is not None or self._shut_down:
            return
        if self.tabs.currentIndex() == 0 and not force:
            return
        ckpt = self._follower.run.checkpoint_file
        try:
            st = os.stat(ckpt)
        except OSError:
            self._eval_message = self.tr(
                "No checkpoint yet: results appear after the first epoch (or a stop)."
            )
            self._update_eval_captions(None)
            return
        key = (str(ckpt), st.st_mtime_ns, st.st_size)
        if key == self._eval_key:
            return
        self._eval_key = key
        device = "cpu"
        if str(self._status.get("device", "")).startswith("cuda") and "cuda" in self._devices:
            device = str(self._status["device"])
        self._eval_message = self.tr("Evaluating the latest checkpoint on the test set…")
        self._update_eval_captions(None)
        w = Worker(evaluate_job, str(self._follower.path), device, parent=self)
        w.result_produced.connect(self._on_evaluated)
        w.failed.connect(self._on_evaluation_failed)
        w.finished.connect(self._on_eval_worker_done)
        self._eval_worker = w
        w.start()

    def evaluate_now(self) -> None:
        """Evaluate the shown run's latest checkpoint whatever tab is shown."""
        self._maybe_evaluate(force=True)

    def _on_eval_worker_done(self) -> None:
        self._eval_worker = None
        self._maybe_evaluate()

    def _on_evaluated(self, ev: Any) -> None:
        if self._follower is None or Path(ev.run_dir) != Path(self._follower.path):
            return
        self._eval_message = ""
        self.confusion.set_matrix(ev.confusion, ev.classes)
        self.predictions.set_evaluation(ev)
        self.kernels.set_kernels(ev.kernels)
        self._update_eval_captions(ev)
        self.evaluation_ready.emit(ev)

    def _on_evaluation_failed(self, exc: BaseException, details: str) -> None:
        self._eval_message = self.tr("The evaluation failed: %1").replace("%1", str(exc))
        self._update_eval_captions(None)

    def _update_eval_captions(self, ev: Any) -> None:
        if ev is not None:
            self._last_eval = ev
        if ev is None and self._eval_message and self.confusion.matrix is None:
            for w in (self.confusion, self.kernels):
                w.empty_text = self._eval_message
                w.update()
            self.confusion_caption.setText("")
            self.kernel_caption.setText("")
            self.predictions.set_texts(self.tr("true: %1"), self.tr("predicted: %1"),
                                       self._eval_message)  # fmt: skip
            return
        if ev is None:
            ev = self._last_eval
        if ev is None:
            empty = self.tr("Open or train a run to see what the network learned.")
            for w in (self.confusion, self.kernels):
                w.empty_text = empty
                w.update()
            self.confusion_caption.setText("")
            self.kernel_caption.setText("")
            self.predictions.set_texts(self.tr("true: %1"), self.tr("predicted: %1"), empty)
            return
        when = self.tr("checkpoint after epoch %1").replace("%1", f"{ev.epoch:g}")
        note = f"  ({self._eval_message})" if self._eval_message else ""
        self.confusion_caption.setText(
            self.tr("Accuracy %1 % on %2 test images (%3). Rows: true class; columns: "
                    "predicted class; colour: share of the row.")
            .replace("%1", f"{100 * ev.accuracy:.1f}").replace("%2", f"{ev.test_count:,}")
            .replace("%3", when) + note
        )  # fmt: skip
        self.predictions.set_texts(
            self.tr("true: %1"),
            self.tr("predicted: %1"),
            self.tr("The first %1 test images, %2 of them misclassified (marked ✗). Click one "
                    "to see it large with the probability of every class.") + note,
        )  # fmt: skip
        if ev.kernels is None:
            self.kernel_caption.setText(self.tr("This network has no convolution."))
        else:
            o, i, kh, kw = ev.kernels.shape
            colours = (
                self.tr("colours: the three input channels")
                if i == 3
                else self.tr("red: positive weights, blue: negative")
            )
            self.kernel_caption.setText(
                self.tr("First convolution (layer '%1'): %2 kernels of %3×%4×%5 — %6 (%7).")
                .replace("%1", ev.kernel_layer).replace("%2", str(o)).replace("%3", str(i))
                .replace("%4", str(kh)).replace("%5", str(kw)).replace("%6", colours)
                .replace("%7", when) + note
            )  # fmt: skip

    def use_weights(self) -> None:
        """Load the shown run's latest checkpoint and emit :attr:`weights_ready` with it."""
        if self._follower is None or self._weights_worker is not None:
            return
        w = Worker(load_weights_job, str(self._follower.path), parent=self)
        w.result_produced.connect(lambda r: self.weights_ready.emit(r[0], r[1]))
        w.failed.connect(
            lambda exc, _d: self._show_error(
                self.tr("The weights could not be loaded: %1").replace("%1", str(exc))
            )
        )
        w.finished.connect(self._on_weights_worker_done)
        self._weights_worker = w
        w.start()

    def _on_weights_worker_done(self) -> None:
        self._weights_worker = None

    # ------------------------------------------------------------------ state of the buttons

    def _update_actions(self) -> None:
        proc = self._proc
        shown_is_proc = proc is not None and self.current_run == self._proc_path
        stopping = proc is not None and proc.stop_requested_at is not None
        self.train_button.setEnabled(proc is None and self.form_box.model_ok)
        self.pause_button.setEnabled(shown_is_proc and not stopping)
        self.stop_button.setEnabled(shown_is_proc and not stopping)
        paused = proc is not None and proc.paused
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        selected = self.run_table.selected_path()
        status = self.run_table.status_of(selected) if selected else None
        self.open_button.setEnabled(bool(selected))
        self.resume_button.setEnabled(
            bool(selected) and proc is None and status in ("stopped", "failed")
        )
        self.delete_button.setEnabled(bool(selected) and selected != self._proc_path)
        has_ckpt = self._follower is not None and self._follower.run.checkpoint_file.exists()
        self.weights_button.setEnabled(has_ckpt and self._weights_worker is None)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    # ------------------------------------------------------------------ life

    def set_polling(self, on: bool) -> None:
        """Follow the run directory (5.5 polls a second) or stop polling for now — e.g. while
        the view is hidden; the training process goes on either way."""
        if on and not self._shut_down:
            self._timer.start()
        else:
            self._timer.stop()

    def timers_active(self) -> bool:
        """Whether this view still polls (tests check it is off after :meth:`shutdown`)."""
        return self._timer.isActive()

    def shutdown(self) -> None:
        """Stop polling, stop this view's training process (it saves a checkpoint; killed
        after 5 s) and wait for background jobs: nothing is left running."""
        self._shut_down = True
        self._timer.stop()
        for w in (self._eval_worker, self._weights_worker):
            if w is not None:
                w.cancel_and_wait()
        self._eval_worker = self._weights_worker = None
        if self._proc is not None:
            path, final = self._proc_path, self._proc.shutdown(timeout=5.0)
            self._proc, self._proc_path = None, None
            self.run_ended.emit(path or "", final or "failed")

    # ------------------------------------------------------------------ style & language

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        self.curves.set_style(theme, font_scale)
        self.confusion.set_theme(theme)
        self.kernels.set_theme(theme)
        self.predictions.set_style(theme, font_scale)
        pal = self.error_label.palette()
        pal.setColor(QPalette.ColorRole.WindowText, QColor("#ff6f61" if theme.dark else "#b03a2e"))
        self.error_label.setPalette(pal)
        self.run_table.failed_colour = QColor("#ff6f61" if theme.dark else "#b03a2e")
        self._size_left()
        self.refresh_runs()

    def _status_names(self) -> dict[str, str]:
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
        self.form_box.retranslate()
        self.train_button.setText(self.tr("Train"))
        self.stop_button.setText(self.tr("Stop"))
        self.status_box.setTitle(self.tr("Progress"))
        stat_names = {
            "time_left": self.tr("Time left"),
            "speed": self.tr("Speed"),
            "lr": self.tr("Learning rate"),
            "best": self.tr("Best test acc."),
            "device": self.tr("Device"),
            "data": self.tr("Data"),
        }
        for key, text in stat_names.items():
            self._stat_names[key].setText(text)
        self.weights_button.setText(self.tr("Use these weights"))
        self.weights_button.setToolTip(
            self.tr("Send the trained network (latest checkpoint) to the convolution lab.")
        )
        self.tabs.setTabText(0, self.tr("Curves"))
        self.tabs.setTabText(1, self.tr("Confusion matrix"))
        self.tabs.setTabText(2, self.tr("Predictions"))
        self.tabs.setTabText(3, self.tr("First-layer kernels"))
        self.curves.set_names(
            self.tr("train loss"), self.tr("train acc"), self.tr("test acc"), self.tr("epoch")
        )
        self.confusion.true_title = self.tr("true class")
        self.confusion.predicted_title = self.tr("predicted class")
        self.runs_box.setTitle(self.tr("Runs (tick to lay their curves over the plot)"))
        self.run_table.setHeaderLabels(
            [
                self.tr("Run"),
                self.tr("Network"),
                self.tr("Data"),
                self.tr("Status"),
                self.tr("Best test acc."),
            ]
        )
        self.open_button.setText(self.tr("Open"))
        self.resume_button.setText(self.tr("Resume"))
        self.resume_button.setToolTip(
            self.tr("Continue a stopped or failed run from its checkpoint.")
        )
        self.delete_button.setText(self.tr("Delete…"))
        self.folder_button.setText(self.tr("Open run folder…"))
        self.folder_button.setToolTip(
            self.tr(
                "Follow a run that 'cnnviz train --run-dir DIR' writes, here or on another machine."
            )
        )
        self._update_actions()
        self._update_progress()
        self._update_eval_captions(None)
        if hasattr(self, "_timer"):
            self.refresh_runs()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
