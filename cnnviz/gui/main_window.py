"""The main window: network picker (left), Architecture and Compare tabs, menus, status bar.

Start-up is fast because nothing here imports torch: the window shows at once with a busy
indicator, a :class:`~cnnviz.gui.worker.Worker` imports torch and computes the zoo's graphs
(:func:`load_startup`), and the results arrive through queued signals — the first graph as
soon as it exists, then the other graphs and the Compare table, then torchvision's names.
The :class:`~cnnviz.gui.architecture.ArchitectureView` (whose module needs torch) is created
when the first graph arrives; until then its tab shows what is loading.
"""

from __future__ import annotations

import html
import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
)

from cnnviz import __version__
from cnnviz.core.graph.cache import cached_layer_graph
from cnnviz.core.recent import remember
from cnnviz.gui import appearance, i18n
from cnnviz.gui.compare import CompareView
from cnnviz.gui.core_text import user_text
from cnnviz.gui.device import DeviceInfo, describe_device
from cnnviz.gui.dialogs import ModelRequest, OpenModelDialog
from cnnviz.gui.jobs import JobSlot
from cnnviz.gui.lessons.classroom import Classroom
from cnnviz.gui.model_picker import ZOO_TITLES, ModelPicker, zoo_title
from cnnviz.gui.settings import AppSettings, open_settings
from cnnviz.gui.startup import FirstGraph, ZooLoaded, as_sentence, load_external, load_startup
from cnnviz.gui.window_actions import WindowActions
from cnnviz.gui.window_dialogs import WindowDialogs
from cnnviz.gui.window_host import WindowHost
from cnnviz.gui.window_look import PICKER_WIDTH, WindowLook
from cnnviz.gui.worker import UserCodeWorker

__all__ = ["MainWindow", "load_external", "load_startup"]


#: after this many milliseconds, a model still being opened shows "still running…" and Cancel
STILL_RUNNING_AFTER_MS = 3000


# --------------------------------------------------------------------------- the window


class MainWindow(WindowActions, WindowDialogs, WindowLook, WindowHost, QMainWindow):
    """cnnviz's top-level window.

    ``settings`` is the store to read and write (default: the user's, or ``$CNNVIZ_SETTINGS``);
    tests pass an ini file. Loading starts when the window is first shown, or with
    :meth:`start_loading`.
    """

    model_changed = Signal(str)  # model_name of the graph now shown
    model_load_failed = Signal(str)  # the sentence the error dialog shows
    zoo_loaded = Signal()  # every zoo graph and the Compare table are ready
    startup_finished = Signal()  # torchvision's names too: "Open model…" is ready

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.settings = AppSettings(settings if settings is not None else open_settings())
        self._graphs: dict[str, Any] = {}
        self._infos: dict[str, Any] = {}
        self._device: DeviceInfo | None = None
        self._torchvision_names: list[str] | None = None
        self.startup_jobs = JobSlot(self)  # torch and the zoo, behind the first window
        self._startup_started = False
        self._before_lesson: dict[str, bool] = {}  # the layout enter_lesson_layout replaced
        self._lesson_title: str | None = None  # "GoogLeNet — 2/8" while a lesson runs
        self._kept_language: str | None = None  # saved instead of a launch's --language
        # loading a network from outside the zoo: the user's file runs in a daemon thread
        self.model_jobs = JobSlot(self)  # a network being opened from a file or torchvision
        self._job_title = ""  # the file or architecture being opened
        self._job_slow = False  # it has run longer than STILL_RUNNING_AFTER_MS
        self._pending_zoo: str | None = None  # picked before the zoo was loaded
        self._shown_zoo: str | None = None  # the zoo network on screen (None: external/none)
        self._shown_title = ""
        self._presenting = False
        self._before_presentation: tuple[str, float] = ("system", 1.0)
        self._was_maximized = False
        self._closed = False
        self.graph: Any = None
        self.error_box: QMessageBox | None = None
        self.open_dialog: OpenModelDialog | None = None

        self._theme_choice = self.settings.theme
        if self._theme_choice not in appearance.THEME_CHOICES:
            self._theme_choice = "system"
        self._font_scale = min(max(self.settings.font_scale, 1.0), 3.0)
        language = self.settings.language
        i18n.set_language(language if language in i18n.LANGUAGES else i18n.default_language())

        self._build_widgets()
        self._build_actions()
        self._build_menus_and_toolbar()
        self.classroom = Classroom(self)
        self._build_status_bar()
        self._apply_look()
        self.retranslate()
        self._restore_window()
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_color_scheme_changed)

    # ------------------------------------------------------------------ construction
    def _build_widgets(self) -> None:
        self.view: Any = None  # the ArchitectureView, created with the first graph
        self.loading_label = QLabel(self)
        self.loading_label.setObjectName("loading_label")
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.loading_label.setWordWrap(True)
        self.architecture_page = QStackedWidget(self)
        self.architecture_page.addWidget(self.loading_label)
        self.compare = CompareView(self)
        self.compare.model_activated.connect(self._on_compare_activated)
        # the lab and the training view import torch: they are made when first shown
        self.lab: Any = None
        self.training: Any = None
        self.lab_page = QStackedWidget(self)
        self.training_page = QStackedWidget(self)
        self.lab_loading = QLabel(self)
        self.training_loading = QLabel(self)
        for page, label in ((self.lab_page, self.lab_loading),
                            (self.training_page, self.training_loading)):  # fmt: skip
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            page.addWidget(label)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("main_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.architecture_page, "")
        self.tabs.addTab(self.lab_page, "")
        self.tabs.addTab(self.training_page, "")
        self.tabs.addTab(self.compare, "")
        self.tabs.currentChanged.connect(lambda _i: self._ensure_current_tab())
        self.setCentralWidget(self.tabs)

        self.picker = ModelPicker(self)
        self.picker.model_selected.connect(self.show_zoo_model)
        self.picker.open_requested.connect(self.open_model_dialog)
        self.picker.recent_chosen.connect(self.open_recent)
        self._opening: ModelRequest | None = None  # being opened; remembered once shown
        self._shown_spec: str | None = None  # the model spec of the network shown
        self._show_recent()
        self.picker.open_button.setEnabled(False)  # until torchvision's names are known
        self.picker_dock = QDockWidget(self)
        self.picker_dock.setObjectName("picker_dock")
        # an ordinary label as title: the default title bar keeps a small font at large scales
        self.picker_title = QLabel(self.picker_dock)
        self.picker_title.setObjectName("picker_title")
        self.picker_title.setContentsMargins(8, 4, 8, 0)
        self.picker_dock.setTitleBarWidget(self.picker_title)
        self.picker_dock.setWidget(self.picker)
        self.picker_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.picker_dock.setAllowedAreas(
            Qt.DockWidgetArea.LeftDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.picker_dock)
        self.resizeDocks([self.picker_dock], [PICKER_WIDTH], Qt.Orientation.Horizontal)

    # ------------------------------------------------------------------ loading
    def start_loading(self) -> None:
        """Import torch and compute the zoo in the background (once; later calls do nothing)."""
        if self._startup_started:
            return
        self._startup_started = True
        first = self._pending_zoo or self.settings.last_model
        if self.graph is None and first in ZOO_TITLES:  # drawn now, from the shipped graph
            self.show_zoo_model(first)
        self.startup_jobs.start(
            "startup", load_startup, first,
            on_result=self._on_startup_done, on_failed=self._on_startup_failed,
            on_partial=self._on_startup_partial,
        )  # fmt: skip

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._startup_started:
            # after the first frame: neither the first graph nor torch may delay it
            QTimer.singleShot(0, self.start_loading)
        return handled

    @property
    def is_zoo_loaded(self) -> bool:
        return bool(self._graphs) and len(self._graphs) == len(ZOO_TITLES)

    def _on_startup_partial(self, value: Any) -> None:
        if self._closed:
            return
        if isinstance(value, FirstGraph):
            self._infos = value.infos
            self.picker.set_infos(value.infos)
            self._startup_phase = "zoo"
            self._update_busy()
            if self.graph is None and self._pending_zoo in (None, value.graph.model_name):
                self._graphs[value.graph.model_name] = value.graph
                self._show_graph(value.graph, zoo_name=value.graph.model_name)
        elif isinstance(value, ZooLoaded):
            self._graphs = value.graphs
            self.compare.set_rows(value.rows)
            self._device = value.device
            self._update_device_label()
            self._startup_phase = "torchvision"
            self._update_busy()
            pending, self._pending_zoo = self._pending_zoo, None
            if pending is not None and pending != self._shown_zoo:
                self.show_zoo_model(pending)
            self.zoo_loaded.emit()

    def _on_startup_done(self, torchvision_names: list[str]) -> None:
        if self._closed:
            return
        self._torchvision_names = torchvision_names
        for key in ("open", "export", "about"):
            self.actions[key].setEnabled(True)
        self.picker.open_button.setEnabled(True)
        self._startup_phase = ""
        self._update_busy()
        self.startup_finished.emit()

    def _on_startup_failed(self, exc: BaseException, details: str) -> None:
        if self._closed:
            return
        self._startup_phase = "failed"
        self._update_busy()
        self._show_error(
            self.tr("PyTorch could not be loaded: %1").replace(
                "%1", as_sentence(f"{type(exc).__name__}: {exc}")
            ),
            details,
        )

    def _update_busy(self) -> None:
        """Status bar: what is loading (a network being opened first, then start-up's phase)."""
        what = "model" if self.model_jobs.busy else self._startup_phase
        if what == "model" and self._job_slow:
            what = "slow"
        texts = {
            "torch": self.tr("Loading PyTorch…"),
            "zoo": self.tr("Computing the zoo…"),
            "torchvision": self.tr("Loading torchvision…"),
            "model": self.tr("Loading the model…"),
            "slow": self.tr("%1 is still running…").replace("%1", self._job_title),
            "failed": self.tr("PyTorch could not be loaded"),
        }
        self.busy_label.setText(texts.get(what, ""))
        self.busy_label.setVisible(bool(what))
        self.busy_bar.setVisible(bool(what) and what != "failed")
        self.cancel_load_button.setText(self.tr("Cancel"))
        self.cancel_load_button.setToolTip(self.tr("Stop opening this model"))
        self.cancel_load_button.setVisible(what == "slow")
        self.loading_label.setText(
            texts["failed"] if self._startup_phase == "failed" else texts["torch"]
        )

    # ------------------------------------------------------------------ showing networks
    def show_zoo_model(self, name: str) -> None:
        """Show the zoo network ``name`` (before the zoo is loaded: as soon as it is)."""
        if self.model_jobs.busy:  # a network being opened would replace this one: drop it
            self._drop_job()
        graph = self._graphs.get(name)
        if graph is None and not self.is_zoo_loaded:
            graph = cached_layer_graph(name)  # torch is still loading: the shipped graph
            self._pending_zoo = None if graph is not None else name
            if graph is None:
                self.picker.select(name)
                return
        if graph is None:
            try:
                from cnnviz.core.graph import layer_graph_for

                graph = self._graphs[name] = layer_graph_for(name)
            except Exception as exc:
                self.picker.select(self._shown_zoo)
                self._show_error(as_sentence(user_text(exc)), traceback.format_exc())
                self.model_load_failed.emit(user_text(exc))
                return
        self._show_graph(graph, zoo_name=name)

    def open_request(self, request: ModelRequest) -> None:
        """Load a network from a file or torchvision in the background and show it.

        The file runs in a daemon thread (it may never return): after
        :data:`STILL_RUNNING_AFTER_MS` the status bar says it is still running and offers
        Cancel (:meth:`cancel_loading`). On failure an error dialog explains why and the
        network shown before stays.
        """
        title = Path(request.path).name if request.source == "file" else request.name
        self.model_jobs.start(
            "model", load_external, request,
            on_result=self._on_external_loaded, on_failed=self._on_external_failed,
            make=lambda fn, *args: UserCodeWorker(fn, *args, name=f"opening {title}"),
        )  # fmt: skip
        self._job_title, self._job_slow = title, False
        self._opening = request
        self.slow_timer.start(STILL_RUNNING_AFTER_MS)
        self._update_busy()

    @property
    def is_closed(self) -> bool:
        """True once the window was closed (its settings are saved, its jobs stopped)."""
        return self._closed

    @property
    def is_loading_model(self) -> bool:
        """True while a network from a file or torchvision is being opened."""
        return self.model_jobs.busy

    def cancel_loading(self) -> None:
        """Stop opening a network (Cancel in the status bar); the network shown stays."""
        if not self.model_jobs.busy:
            return
        title = self._job_title
        self._drop_job()
        self.statusBar().showMessage(self.tr("Stopped opening %1").replace("%1", title), 5000)

    def _drop_job(self) -> None:
        """Cancel the network being opened: its thread is stopped or abandoned, never waited for."""
        self.model_jobs.cancel()  # a user's file is stopped or abandoned, never waited for
        self._end_job()

    def _end_job(self) -> None:
        self._job_slow = False
        self.slow_timer.stop()
        self._update_busy()

    def _on_job_slow(self) -> None:
        if self.model_jobs.busy and not self._closed:
            self._job_slow = True
            self._update_busy()

    def _on_external_loaded(self, graph: Any) -> None:
        if self._closed:
            return
        self._end_job()
        self._show_graph(graph, zoo_name=None)
        if self._opening is not None:  # trainable by its spec, remembered for the next launch
            self._shown_spec = self._opening.spec
            if self.training is not None:
                self.training.set_model(self._shown_spec)
            self.settings.recent_models = remember(
                self.settings.recent_models, self._opening.recent()
            )
            self._show_recent()

    def _show_recent(self) -> None:
        self.picker.set_recent([(e.spec, e.input_shape) for e in self.settings.recent_models])

    def open_recent(self, index: int) -> None:
        """Open the network ``index`` of the recent list again, without a dialog."""
        entries = self.settings.recent_models
        if 0 <= index < len(entries):
            self.open_request(ModelRequest.from_recent(entries[index]))

    def _on_external_failed(self, exc: BaseException, details: str) -> None:
        if self._closed:
            return
        self._end_job()
        if isinstance(exc, ValueError):  # ModelLoadError, ShapeError: readable sentences
            text = as_sentence(user_text(exc))
        else:
            text = self.tr("Loading the model failed unexpectedly: %1").replace(
                "%1", as_sentence(f"{type(exc).__name__}: {exc}")
            )
        self._show_error(text, details)
        self.model_load_failed.emit(text)

    def _ensure_view(self) -> Any:
        """The ArchitectureView, created on first use (its module imports torch)."""
        if self.view is None:
            from cnnviz.gui.architecture import ArchitectureView

            self.view = ArchitectureView(self.architecture_page)
            self.view.setObjectName("architecture_view")
            self.architecture_page.addWidget(self.view)
            self.architecture_page.setCurrentWidget(self.view)
            state = self.settings.splitter_state
            if state is not None:
                self.view.splitter.restoreState(state)
            self.view.set_style(appearance.resolve_theme(self._theme_choice), self._font_scale)
            self._lay_out_view(self.view)
            for key in ("zoom_in", "zoom_out", "fit", "fold_all", "unfold_all"):
                self.actions[key].setEnabled(True)
        return self.view

    @property
    def shown_zoo(self) -> str | None:
        """The zoo network shown now (None for a model opened from outside the zoo)."""
        return self._shown_zoo

    def show_error(self, text: str, details: str = "") -> None:
        """A readable error dialog (one sentence, details behind "Show Details…")."""
        self._show_error(text, details)

    def _ensure_current_tab(self) -> None:
        """Make the lab or the training view when its tab is shown (once torch is loaded)."""
        page = self.tabs.currentWidget()
        if page is self.lab_page:
            self._ensure_lab()
        elif page is self.training_page:
            self._ensure_training()

    def _ensure_lab(self) -> Any:
        if self.lab is None and self.view is not None:  # the view exists: torch is loaded
            from cnnviz.gui.lab import ConvolutionLab

            self.lab = ConvolutionLab(self.lab_page)
            self.lab.setObjectName("convolution_lab")
            self.lab_page.addWidget(self.lab)
            self.lab_page.setCurrentWidget(self.lab)
            self.lab.set_style(appearance.resolve_theme(self._theme_choice), self._font_scale)
            self._lay_out_view(self.lab)
            self.lab.set_model(self._shown_zoo)
        return self.lab

    def _ensure_training(self) -> Any:
        if self.training is None and self.view is not None:
            from cnnviz.gui.training import TrainingView

            self.training = TrainingView(parent=self.training_page)
            self.training.setObjectName("training_view")
            self.training_page.addWidget(self.training)
            self.training_page.setCurrentWidget(self.training)
            self.training.set_style(appearance.resolve_theme(self._theme_choice), self._font_scale)
            self._lay_out_view(self.training)
            self.training.weights_ready.connect(self._use_trained_weights)
            if self._shown_spec is not None:
                self.training.set_model(self._shown_spec)
        return self.training

    def _use_trained_weights(self, name: str, model: Any) -> None:
        """ "Use these weights": the convolution lab and its feature maps get the trained model."""
        if self._shown_spec != name and name in ZOO_TITLES:
            self.show_zoo_model(name)
        self.tabs.setCurrentWidget(self.lab_page)
        lab = self._ensure_lab()
        if lab is not None:
            lab.set_model(name, model)
        self.statusBar().showMessage(
            self.tr("The convolution lab now uses the trained weights of %1").replace("%1", name),
            5000,
        )

    def _show_graph(self, graph: Any, zoo_name: str | None) -> None:
        self.graph = graph
        self._shown_zoo = zoo_name
        self._shown_spec = zoo_name  # an opened network's is set once it is shown
        self._ensure_view().set_graph(graph)
        self._ensure_current_tab()
        if self.lab is not None:
            self.lab.set_model(zoo_name)
        if self.training is not None and zoo_name is not None:
            self.training.set_model(zoo_name)
        if zoo_name is not None:
            self.picker.select(zoo_name)
            self.settings.last_model = zoo_name
        self._update_model_texts()
        self.model_changed.emit(graph.model_name)

    def _update_model_texts(self) -> None:
        g = self.graph
        if g is None:
            lesson = self._lesson_title
            self.setWindowTitle(f"{lesson} — cnnviz" if lesson else f"cnnviz {__version__}")
            self.model_label.set_texts([""])
            return
        from cnnviz.core.summary import human  # loaded: there is a graph

        title = zoo_title(g.model_name) if self._shown_zoo else g.model_name
        self.setWindowTitle(f"{self._lesson_title or title} — cnnviz")
        shape = "×".join(map(str, g.input_shape[1:]))
        self.model_label.set_parts(
            self.tr("%1 · input %2 · %3 parameters · %4 MACs")
            .replace("%1", title)
            .replace("%2", shape)
            .replace("%3", human(g.total_params))
            .replace("%4", human(g.total_macs))
        )
        if self._shown_zoo is None:
            self.picker.show_external(
                self.tr("<b>%1</b><br>Opened from outside the zoo, input %2.")
                .replace("%1", html.escape(title))
                .replace("%2", shape)
            )

    def _on_compare_activated(self, name: str) -> None:
        self.show_zoo_model(name)
        self.tabs.setCurrentWidget(self.architecture_page)

    def _update_presentation_text(self) -> None:
        # the toolbar says how to leave presentation mode: a checked button is hard to see on
        # the black high-contrast theme
        self.actions["presentation"].setIconText(
            self.tr("Stop presenting") if self._presenting else self.tr("Present")
        )

    # ------------------------------------------------------------------ language
    def set_language(self, code: str, *, remember: bool = True) -> None:
        """Switch every text to the language ``code`` (``"en"``, ``"zh_CN"``) without restart.

        With ``remember`` False (``cnnviz --language``) the settings keep the language chosen
        before, for the next launch.
        """
        if remember:
            self._kept_language = None
        elif self._kept_language is None:
            self._kept_language = i18n.current_language()
        i18n.set_language(code)
        self._apply_look()
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Re-set every text of the window and its views in the current language."""
        a = self.actions
        texts = {
            "open": (
                self.tr("&Open model…"),
                self.tr("Show a network from a Python file or torchvision"),
            ),
            "export": (
                self.tr("&Export…"),
                self.tr("Save the graph as PNG or SVG, or the shape table as CSV"),
            ),
            "quit": (self.tr("&Quit"), ""),
            "zoom_in": (self.tr("Zoom &in"), self.tr("Zoom into the graph")),
            "zoom_out": (self.tr("Zoom &out"), self.tr("Zoom out of the graph")),
            "fit": (self.tr("&Fit to window"), self.tr("Show the whole graph")),
            "fold_all": (self.tr("Fol&d all"), self.tr("Fold every block into one box")),
            "unfold_all": (self.tr("&Unfold all"), self.tr("Open every block to its layers")),
            "larger_text": (self.tr("&Larger text"), self.tr("Make every text larger")),
            "smaller_text": (self.tr("&Smaller text"), self.tr("Make every text smaller")),
            "presentation": (
                self.tr("&Presentation mode"),
                self.tr("Large text, thick lines and high contrast, for a projector"),
            ),
            "full_screen": (self.tr("Full scr&een"), ""),
            "about": (self.tr("&About cnnviz"), ""),
        }
        native = QKeySequence.SequenceFormat.NativeText
        for key, (text, tip) in texts.items():
            a[key].setText(text)
            a[key].setStatusTip(tip)
            tip = tip or text.replace("&", "")
            shortcut = a[key].shortcut().toString(native)
            a[key].setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        # toolbar buttons: short labels
        self._update_presentation_text()
        a["larger_text"].setIconText(self.tr("A+"))
        a["smaller_text"].setIconText(self.tr("A−"))
        a["open"].setIconText(self.tr("Open model…"))
        a["export"].setIconText(self.tr("Export…"))
        for choice, text in zip(
            appearance.THEME_CHOICES,
            (self.tr("&System"), self.tr("&Light"), self.tr("&Dark"), self.tr("&High contrast")),
        ):
            self.theme_actions[choice].setText(text)
        self.file_menu.setTitle(self.tr("&File"))
        self.view_menu.setTitle(self.tr("&View"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.theme_menu.setTitle(self.tr("&Theme"))
        self.language_menu.setTitle(self.tr("Lan&guage"))
        self.toolbar.setWindowTitle(self.tr("Toolbar"))
        self.picker_dock.setWindowTitle(self.tr("Networks"))
        self.picker_title.setText(f"<b>{self.picker_dock.windowTitle()}</b>")
        if getattr(self, "classroom", None) is not None:
            self.classroom.retranslate()
        self.tabs.setTabText(self.tabs.indexOf(self.architecture_page), self.tr("Architecture"))
        self.tabs.setTabText(self.tabs.indexOf(self.compare), self.tr("Compare"))
        self.tabs.setTabText(self.tabs.indexOf(self.lab_page), self.tr("Convolution lab"))
        self.tabs.setTabText(self.tabs.indexOf(self.training_page), self.tr("Training"))
        for label in (self.lab_loading, self.training_loading):
            label.setText(self.tr("Loading PyTorch…"))
        self.tabs.setTabToolTip(
            self.tabs.indexOf(self.architecture_page),
            self.tr("The layer graph and shape table of one network"),
        )
        self.tabs.setTabToolTip(
            self.tabs.indexOf(self.compare), self.tr("Every zoo network side by side")
        )
        self._update_busy()
        self._update_device_label()
        self._update_model_texts()
        self.picker.retranslate()
        self.compare.retranslate()
        if self.view is not None:
            self.view.retranslate()

    def _update_device_label(self) -> None:
        if self._device is None:
            self.device_label.setText("")
            return
        self.device_label.setText(describe_device(self._device))
        self.device_label.setToolTip(self.tr("The device cnnviz computes on"))

    # ------------------------------------------------------------------ persistence
    def _restore_window(self) -> None:
        s = self.settings
        if s.geometry is None or not self.restoreGeometry(s.geometry):
            screen = QGuiApplication.primaryScreen()
            avail = screen.availableSize() if screen is not None else None
            if avail is not None and avail.width() > 0:
                self.resize(
                    min(1600, int(avail.width() * 0.9)), min(1000, int(avail.height() * 0.9))
                )
            else:
                self.resize(1400, 880)
        if s.window_state is not None:
            self.restoreState(s.window_state)
        last = s.last_model
        if last in ZOO_TITLES:
            self.picker.select(last)

    def save_settings(self) -> None:
        """Write the window's layout and the user's choices to the settings store."""
        s = self.settings
        if self._presenting:
            theme, scale = self._before_presentation
        else:
            theme, scale = self._theme_choice, self._font_scale
        splitter = self.view.splitter.saveState() if self.view is not None else s.splitter_state
        s.save_window(self.saveGeometry(), self.saveState(), splitter or QByteArray())
        s.theme = theme
        s.font_scale = scale
        s.language = self._kept_language or i18n.current_language()
        if self._shown_zoo is not None:
            s.last_model = self._shown_zoo
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.classroom.leave()  # the look before the lesson is what is saved
        self.save_settings()
        self._closed = True  # results still queued are dropped
        self.hide()  # waiting for start-up to finish must not look like a frozen window
        self.model_jobs.stop()  # a user's file is never waited for (see cnnviz.gui.app)
        self.slow_timer.stop()
        self.startup_jobs.stop()
        if self.lab is not None:
            self.lab.stop_jobs()
        if self.training is not None:
            self.training.shutdown()

        super().closeEvent(event)
