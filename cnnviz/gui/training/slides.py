"""The training view as a :class:`~cnnviz.gui.views.SlideView`: its form is a TrainingState."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from cnnviz.core.states import TrainingState

__all__ = ["TrainingSlides"]


class TrainingSlides:
    """Apply, capture and frame the training view's state; mixed into the TrainingView."""

    def apply_state(self, keys: dict[str, Any]) -> None:
        """Fill the form as a slide says (:class:`~cnnviz.core.states.TrainingState`).

        The network's recipe first, then the slide's fields; what it leaves out keeps the
        recipe (the whole training set, the default data set). Lays over the plot the runs
        the slide names in ``overlay`` and takes off every other one, so no run ticked in an
        earlier session is left over. Starts a run on ``autostart``.

        Raises ValueError, once all the rest is applied, naming the runs of ``overlay`` that
        the runs list does not have.
        """
        from cnnviz.core.training import TrainConfig

        state = TrainingState.from_slide(keys)
        self.set_model(state.network or self.model_name)
        dataset = state.dataset or TrainConfig.dataset
        self.dataset.setCurrentIndex(self.dataset.findData(dataset))
        for key in ("epochs", "lr", "batch_size"):
            value = getattr(state, key)
            if value is not None:
                getattr(self, key).setValue(value)
        self.train_subset.setValue(state.train_subset or 0)
        missing = self._show_overlays(state.overlay)
        if state.autostart and self.training_process is None:
            self.start_training()
        if missing:
            names = ", ".join(repr(n) for n in missing)
            raise ValueError(
                QCoreApplication.translate(
                    "TrainingView", "the runs list has no run {names} to lay over the curves"
                ).format(names=names)
            )

    def _show_overlays(self, names: tuple[str, ...]) -> list[str]:
        """Lay the runs called ``names`` over the plot, and no other; the names not found."""
        if names:
            self.refresh_runs()
        by_name: dict[str, str] = {}
        for path in self.run_paths():
            by_name.setdefault(Path(path).name, path)
        wanted = [by_name[n] for n in names if n in by_name]  # in the slide's order: colours
        for path in self.tabs.overlay_paths():
            if path not in wanted:
                self.set_overlay(path, False)
        for path in wanted:
            if path not in self.tabs.overlay_paths():
                self.set_overlay(path, True)
        return [n for n in names if n not in by_name]

    @property
    def state(self) -> TrainingState:
        """The recipe the form shows and the runs laid over, as a :class:`TrainingState`."""
        return TrainingState.from_slide(self.capture_state())

    def _emit_state(self, *_: object) -> None:
        self.state_changed.emit(self.state)

    def capture_state(self) -> dict[str, Any]:
        """The form's recipe and the runs laid over the plot, as slide keys."""
        state = TrainingState(
            dataset=self.dataset.currentData(),
            epochs=self.epochs.value(),
            lr=float(self.lr.value()),
            batch_size=self.batch_size.value(),
            train_subset=self.train_subset.value() or None,
            overlay=tuple(Path(p).name for p in self.tabs.overlay_paths()),
        )
        return state.to_slide()

    def frame(self, focus: str) -> bool:
        """Show the result tab ``focus`` ("curves", "confusion", …); False when there is none."""
        return self.tabs.frame(focus)
