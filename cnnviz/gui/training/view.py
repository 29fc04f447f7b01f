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

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cnnviz.gui.core_text import user_text
from cnnviz.gui.drawer import DraggedShare, SidePanel
from cnnviz.gui.jobs import JobSlot
from cnnviz.gui.theme import Theme, get_theme
from cnnviz.gui.training.form import RecipeForm, available_devices
from cnnviz.gui.training.layout import TrainingLayoutMixin
from cnnviz.gui.training.progress import ProgressPanel
from cnnviz.gui.training.results import ResultTabs, evaluate_job
from cnnviz.gui.training.runs import RunsBox, export_metrics
from cnnviz.gui.training.slides import TrainingSlides
from cnnviz.gui.worker import JobState

__all__ = [
    "TrainedWeights",
    "TrainingView",
    "evaluate_job",
    "load_weights_job",
]

# a temporary file this old in a run folder is from an interrupted write, not a live one
STALE_TEMP_AGE_S = 120.0


# --------------------------------------------------------------------------- background jobs


@dataclass(frozen=True)
class TrainedWeights:
    """What :func:`load_weights_job` returns: a run's trained network."""

    network: str  # the zoo name, e.g. "lenet_bn"
    model: Any  # the nn.Module, on the CPU, in eval mode


def load_weights_job(state: JobState, run_dir: str) -> TrainedWeights:
    """The trained network of a run's latest checkpoint (refused if it could run code)."""
    from cnnviz.core.evaluate import load_run_model

    model, config, _ = load_run_model(run_dir)
    return TrainedWeights(config.model, model)


class TrainingView(TrainingLayoutMixin, TrainingSlides, QWidget):
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
    state_changed = Signal(object)  # the TrainingState the form describes, after each edit

    # how often the run directory is polled: 5.5 times a second — smooth to the eye, and on two
    # cores each repaint costs the training (whose threads wait for each other) noticeably
    TICK_MS = 180
    WORKER_NICE = 5  # the training process yields the CPU to the GUI on few cores

    def __init__(
        self, parent: QWidget | None = None, *, runs_root: str | os.PathLike | None = None
    ) -> None:
        super().__init__(parent)
        from cnnviz.core.training.runs import default_runs_root  # the core imports torch

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
        self._extra_runs: list[str] = []
        self._run_cache: dict[str, Any] = {}  # scan_runs' cache: finished runs are read once
        self.weights_jobs = JobSlot(self)  # loading the trained network for "Use these weights"
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
        for spin in (self.epochs, self.lr, self.batch_size, self.train_subset):
            spin.valueChanged.connect(self._emit_state)
        self.dataset.currentIndexChanged.connect(self._emit_state)
        self.recipe_button.clicked.connect(self._update_actions)
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
        self.status_box = ProgressPanel(self)
        p = self.status_box
        self.run_label, self.state_label, self.progress = p.run_label, p.state_label, p.progress
        self.error_label, self.stats = p.error_label, p.stats
        self.weights_button = p.weights_button
        self.weights_button.clicked.connect(self.use_weights)

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
        self.tabs = ResultTabs(self)
        t = self.tabs
        self.curves, self.confusion, self.predictions = t.curves, t.confusion, t.predictions
        self.kernels, self.confusion_caption = t.kernels, t.confusion_caption
        self.kernel_caption = t.kernel_caption
        self.tabs.evaluation_ready.connect(self.evaluation_ready)

        # --- runs
        self.runs_box = RunsBox(self)
        r = self.runs_box
        self.run_table, self.open_button = r.run_table, r.open_button
        self.resume_button, self.delete_button = r.resume_button, r.delete_button
        self.folder_button = r.folder_button
        self.run_table.overlay_toggled.connect(self.set_overlay)
        self.run_table.run_activated.connect(self.open_run)
        self.run_table.itemSelectionChanged.connect(self._update_actions)
        self.open_button.clicked.connect(self._open_selected)
        self.resume_button.clicked.connect(lambda: self.resume_run())
        self.delete_button.clicked.connect(lambda: self.delete_run())
        self.folder_button.clicked.connect(self.open_run_folder)
        r.export_button.clicked.connect(
            lambda: export_metrics(self, self.run_table.selected_path())
        )

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.tabs)
        # the runs list scrolls rather than push the window past a short screen (720 px at
        # text scale 3 in Chinese); where there is room it fills its share as before
        self.runs_scroll = QScrollArea(self)
        self.runs_scroll.setWidget(self.runs_box)
        self.runs_scroll.setWidgetResizable(True)
        self.runs_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.runs_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right.addWidget(self.runs_scroll)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setChildrenCollapsible(False)
        self.right_splitter = right
        self._runs_share = DraggedShare(right, 1)  # the runs list's share, once dragged

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.left_scroll)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        # the recipe and progress: beside the results, or a drawer over them when presented
        self.recipe_toggle = QPushButton(self)
        self.recipe_toggle.setObjectName("recipe_toggle")
        self.recipe_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.setCornerWidget(self.recipe_toggle, Qt.Corner.TopRightCorner)
        self.recipe_side = SidePanel(self, self.splitter, self.left_scroll, self.recipe_toggle)
        self.side_panels = (self.recipe_side,)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.splitter)
        self._size_left()

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
        return self.status_box.error_text

    # ------------------------------------------------------------------ the recipe

    @property
    def model_name(self) -> str:
        """The network whose recipe the form shows."""
        return self.form_box.model_name

    def set_model(self, name: str) -> None:
        """Show the recipe for ``name``, a model spec: the book's for a zoo network."""
        self.form_box.set_model(name)
        self._update_actions()

    def config_from_form(self) -> Any:
        """The :class:`~cnnviz.core.training.TrainConfig` the form describes."""
        return self.form_box.config()

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
            self._show_error(self.tr("Training could not start: %1").replace("%1", user_text(exc)))
            return None
        self._follow_process(proc, str(path))
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
            self.status_box.restart_clock()
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
            self.status_box.show_stopping()
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
            self._show_error(
                self.tr("The run could not be resumed: %1").replace("%1", user_text(exc))
            )
            return False
        self._follow_process(proc, path)
        return True

    def _follow_process(self, proc: Any, path: str) -> None:
        self._proc, self._proc_path = proc, path
        self.open_run(path)
        self.run_started.emit(path)

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
            self._show_error(user_text(exc))
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
        self.tabs.maybe_evaluate()
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
        self._status, self._state, self._error = {}, "", ""
        self.status_box.reset_records()
        f = self._follower
        self.tabs.set_run(*((str(f.path), f.run.checkpoint_file) if f is not None else (None,)))
        self.tabs.device = self._evaluation_device()
        self.error_label.hide()
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
            self.tabs.poll_overlays()
            if self._labels_stale:
                self._update_progress()
        if self._ticks % 6 == 0:  # about once a second
            self.refresh_runs()
            self._check_writer_alive()
        self.tabs.maybe_evaluate()

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
            self.status_box.reset_records()
        if update.records:
            self.curves.add_records(update.records)
            self.status_box.add_records(update.records)
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
        self.tabs.device = self._evaluation_device()
        self._state, self._error = run_state(status)
        if self._state != before and self._state == "running":
            self.status_box.restart_clock()  # the time left restarts after a pause
        if self._state != before or status.get("best_test_acc") != self._listed_best:
            self._listed_best = status.get("best_test_acc")
            self.refresh_runs()  # the list shows the new status / best accuracy at once
        if self._state == "failed" and self._error:
            self._show_error(self.tr("Training failed: %1").replace("%1", user_text(self._error)))
        elif self._state != "failed":
            self.error_label.hide()
        self._update_actions()

    def _update_progress(self) -> None:
        self._labels_stale = False
        stopping = self._proc is not None and self._proc.stop_requested_at is not None
        self.status_box.update_progress(
            shown=self._follower is not None,
            state=self._state,
            epochs=(self._config.epochs if self._config is not None else 0) or 0,
            status=self._status,
            stopping=stopping,
        )

    def _evaluation_device(self) -> str:
        """Where the checkpoint is evaluated: the run's CUDA device if it has one, else CPU."""
        device = str(self._status.get("device", ""))
        return device if device.startswith("cuda") and "cuda" in self._devices else "cpu"

    # ------------------------------------------------------------------ the run list

    def refresh_runs(self) -> None:
        """Read the runs folder again (also every second on its own)."""
        self.run_table.set_status_names(self.status_box.status_names())
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
            self._show_error(
                self.tr("The run could not be deleted: %1").replace("%1", user_text(exc))
            )
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
        path = str(path)
        self.tabs.set_overlay(path, on)
        with QSignalBlocker(self.run_table):
            self.run_table.set_overlay(path, on)

    # ------------------------------------------------------------------ evaluation & weights

    def evaluate_now(self) -> None:
        """Evaluate the shown run's latest checkpoint whatever tab is shown."""
        self.tabs.maybe_evaluate(force=True)

    def use_weights(self) -> None:
        """Load the shown run's latest checkpoint and emit :attr:`weights_ready` with it."""
        if self._follower is None or self.weights_jobs.busy:
            return
        self.weights_jobs.start(
            "weights",
            load_weights_job,
            str(self._follower.path),
            on_result=self._on_weights_loaded,
            on_failed=self._on_weights_failed,
        )

    def _on_weights_loaded(self, weights: TrainedWeights) -> None:
        self.weights_ready.emit(weights.network, weights.model)

    def _on_weights_failed(self, exc: BaseException, details: str) -> None:
        self._show_error(
            self.tr("The weights could not be loaded: %1").replace("%1", user_text(exc))
        )

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
        self.runs_box.export_button.setEnabled(bool(selected))
        has_ckpt = self._follower is not None and self._follower.run.checkpoint_file.exists()
        self.weights_button.setEnabled(has_ckpt and not self.weights_jobs.busy)

    def _show_error(self, message: str) -> None:
        self.status_box.show_error(message)

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
        self.tabs.stop()
        self.weights_jobs.stop()
        if self._proc is not None:
            path, final = self._proc_path, self._proc.shutdown(timeout=5.0)
            self._proc, self._proc_path = None, None
            self.run_ended.emit(path or "", final or "failed")

    # ------------------------------------------------------------------ style & language

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        self.tabs.set_style(theme, font_scale)
        self.status_box.set_style(theme)
        self.run_table.failed_colour = QColor("#ff6f61" if theme.dark else "#b03a2e")
        self._size_left()
        self.refresh_runs()

    def retranslate(self) -> None:
        self.form_box.retranslate()
        self.train_button.setText(self.tr("Train"))
        self.recipe_toggle.setText(self.tr("Recipe"))
        self.recipe_toggle.setToolTip(
            self.tr("Show or hide the recipe, the Train button and the progress")
        )
        self.stop_button.setText(self.tr("Stop"))
        self.status_box.retranslate()
        self.tabs.retranslate()
        self.runs_box.retranslate()
        self._update_actions()
        self._update_progress()
        if hasattr(self, "_timer"):
            self.refresh_runs()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
