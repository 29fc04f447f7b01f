"""The training view as a :class:`~cnnviz.gui.views.SlideView`: its form is a TrainingState."""

from __future__ import annotations

from typing import Any

from cnnviz.core.states import TrainingState

__all__ = ["TrainingSlides"]


class TrainingSlides:
    """Apply, capture and frame the training view's state; mixed into the TrainingView."""

    def apply_state(self, keys: dict[str, Any]) -> None:
        """Fill the form as a slide says (:class:`~cnnviz.core.states.TrainingState`).

        The network's recipe first, then the slide's fields; what it leaves out keeps the
        recipe (the whole training set, the default data set). Starts a run on ``autostart``.
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
        if state.autostart and self.training_process is None:
            self.start_training()

    @property
    def state(self) -> TrainingState:
        """The recipe the form shows, as a :class:`TrainingState`."""
        return TrainingState.from_slide(self.capture_state())

    def _emit_state(self, *_: object) -> None:
        self.state_changed.emit(self.state)

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
        return self.tabs.frame(focus)
