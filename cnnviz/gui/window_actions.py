"""The main window's actions, menus, toolbar and status bar (their texts: ``retranslate``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QProgressBar, QPushButton, QToolBar

from cnnviz.gui import appearance, i18n
from cnnviz.gui.fitting import FittingLabel

__all__ = ["WindowActions"]


class WindowActions:
    """Builds what the user clicks and reads around the views; mixed into the main window."""

    def _action(
        self,
        key: str,
        slot: Any,
        shortcuts: tuple[QKeySequence | str, ...] = (),
        *,
        checkable: bool = False,
    ) -> QAction:
        a = QAction(self)
        a.setObjectName(f"action_{key}")
        if shortcuts:
            a.setShortcuts([QKeySequence(s) for s in shortcuts])
        a.setCheckable(checkable)
        a.triggered.connect(slot)
        self.addAction(a)  # shortcuts work in full screen, where the menu bar may be hidden
        self.actions[key] = a
        return a

    def _view_call(self, method: str) -> Any:
        def call() -> None:
            if self.view is not None:
                getattr(self.view, method)()

        return call

    def _build_actions(self) -> None:
        self.actions: dict[str, QAction] = {}
        self._action("open", self.open_model_dialog, ("Ctrl+O",))
        self._action("export", self.export_dialog, ("Ctrl+E",))
        self._action("quit", self.close, ("Ctrl+Q",)).setMenuRole(QAction.MenuRole.QuitRole)
        self._action("zoom_in", self._view_call("zoom_in"), ("Ctrl+Alt+=", "Ctrl+Alt++"))
        self._action("zoom_out", self._view_call("zoom_out"), ("Ctrl+Alt+-",))
        self._action("fit", self._view_call("fit_to_window"), ("Ctrl+0",))
        self._action("fold_all", self._view_call("fold_all"))
        self._action("unfold_all", self._view_call("unfold_all"))
        self._action("larger_text", self.larger_text, ("Ctrl+=", "Ctrl++"))
        self._action("smaller_text", self.smaller_text, ("Ctrl+-",))
        self._action("presentation", self.set_presentation, ("F5",), checkable=True)
        self._action("full_screen", self.set_full_screen, ("F11",), checkable=True)
        self._action("about", self.show_about).setMenuRole(QAction.MenuRole.AboutRole)

        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for choice in appearance.THEME_CHOICES:
            a = QAction(self, checkable=True)
            a.setObjectName(f"action_theme_{choice}")
            a.triggered.connect(lambda _=False, c=choice: self.set_theme_choice(c))
            self.theme_group.addAction(a)
            self.theme_actions[choice] = a
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, name in i18n.LANGUAGES.items():
            a = QAction(name, self, checkable=True)  # each language is named in itself
            a.setObjectName(f"action_language_{code}")
            a.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.language_group.addAction(a)
            self.language_actions[code] = a
        for key in (
            "open",
            "export",
            "about",
            "zoom_in",
            "zoom_out",
            "fit",
            "fold_all",
            "unfold_all",
        ):
            self.actions[key].setEnabled(False)  # until torch is loaded

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addActions([a["open"], a["export"]])
        self.file_menu.addSeparator()
        self.file_menu.addAction(a["quit"])

        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addActions([a["zoom_in"], a["zoom_out"], a["fit"]])
        self.view_menu.addSeparator()
        self.view_menu.addActions([a["fold_all"], a["unfold_all"]])
        self.view_menu.addSeparator()
        self.view_menu.addActions([a["larger_text"], a["smaller_text"]])
        self.view_menu.addSeparator()
        self.view_menu.addActions([a["presentation"], a["full_screen"]])
        self.view_menu.addSeparator()
        self.theme_menu = QMenu(self.view_menu)
        self.theme_menu.addActions(list(self.theme_actions.values()))
        self.view_menu.addMenu(self.theme_menu)
        self.language_menu = QMenu(self.view_menu)
        self.language_menu.addActions(list(self.language_actions.values()))
        self.view_menu.addMenu(self.language_menu)

        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(a["about"])

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addActions([a["open"], a["export"]])
        self.toolbar.addSeparator()
        self.toolbar.addActions([a["smaller_text"], a["larger_text"], a["presentation"]])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        # drops its last parts rather than widen the window (or be cut) at large text sizes
        self.model_label = FittingLabel(self)
        self.model_label.setObjectName("model_label")
        self.busy_label = QLabel(self)
        self.busy_label.setObjectName("busy_label")
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setObjectName("busy_bar")
        self.busy_bar.setRange(0, 0)  # busy: an animation, no percentage
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(140)
        self.cancel_load_button = QPushButton(self)
        self.cancel_load_button.setObjectName("cancel_load_button")
        self.cancel_load_button.clicked.connect(self.cancel_loading)
        self.slow_timer = QTimer(self)  # "still running…" once opening a model takes long
        self.slow_timer.setSingleShot(True)
        self.slow_timer.timeout.connect(self._on_job_slow)
        self.device_label = QLabel(self)
        self.device_label.setObjectName("device_label")
        bar.addWidget(self.model_label, 1)
        bar.addPermanentWidget(self.busy_label)
        bar.addPermanentWidget(self.busy_bar)
        bar.addPermanentWidget(self.cancel_load_button)
        bar.addPermanentWidget(self.device_label)
        self._startup_phase = "torch"  # then "zoo", "torchvision", "" (done) or "failed"
        self._update_busy()
