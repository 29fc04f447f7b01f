"""The result tabs of the run shown: curves, confusion matrix, predictions, first-layer kernels.

:class:`ResultTabs` lays the curves of other runs over the plot, evaluates the run's latest
checkpoint off the GUI thread (one :class:`~cnnviz.gui.jobs.JobSlot`) when a result tab is
shown and the checkpoint changed, and captions what the tabs show.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from cnnviz.gui.core_text import user_text
from cnnviz.gui.jobs import JobSlot
from cnnviz.gui.theme import Theme
from cnnviz.gui.training.curves import CurvesPlot
from cnnviz.gui.training.evaluation import ConfusionMatrixWidget, KernelGrid, PredictionPanel
from cnnviz.gui.worker import JobState

__all__ = ["ResultTabs", "evaluate_job"]

# the tabs, by the name a slide's focus gives them
PAGES = {"curves": 0, "confusion": 1, "predictions": 2, "kernels": 3}


def evaluate_job(state: JobState, run_dir: str, device: str) -> Any:
    """The :class:`~cnnviz.core.evaluate.Evaluation` of a run's latest checkpoint."""
    from cnnviz.core.evaluate import evaluate_run

    return evaluate_run(run_dir, device=device, check=state.check)


def _captioned(parent: QWidget, caption: QLabel, widget: QWidget) -> QWidget:
    page = QWidget(parent)
    lay = QVBoxLayout(page)
    lay.addWidget(caption)
    lay.addWidget(widget, 1)
    return page


class ResultTabs(QTabWidget):
    """Curves, confusion matrix, predictions and kernels of the run shown (:meth:`set_run`)."""

    evaluation_ready = Signal(object)  # the Evaluation now shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.curves = CurvesPlot(self)
        self.confusion = ConfusionMatrixWidget(self)
        self.confusion_caption = QLabel(self)
        self.confusion_caption.setWordWrap(True)
        self.predictions = PredictionPanel(self)
        self.kernels = KernelGrid(self)
        self.kernel_caption = QLabel(self)
        self.kernel_caption.setWordWrap(True)
        self.addTab(self.curves, "")
        self.addTab(_captioned(self, self.confusion_caption, self.confusion), "")
        self.addTab(self.predictions, "")
        self.addTab(_captioned(self, self.kernel_caption, self.kernels), "")

        self.jobs = JobSlot(self)  # the evaluation of the checkpoint
        self.device = "cpu"  # where evaluations run
        self._run_dir: str | None = None
        self._checkpoint: Path | None = None
        self._key: tuple[str, int, int] | None = None  # the checkpoint evaluated last
        self._message = ""  # what the evaluation is doing, or why it failed
        self._last: Any = None  # the Evaluation shown
        self._stopped = False
        self._overlays: dict[str, Any] = {}  # folder → RunFollower of the runs laid over
        self.currentChanged.connect(lambda _i: self.maybe_evaluate())

    def set_run(self, run_dir: str | None, checkpoint: str | os.PathLike | None = None) -> None:
        """Show the run in ``run_dir`` (None: none) whose checkpoint is ``checkpoint``: the
        tabs are emptied, its results come with the next :meth:`maybe_evaluate`."""
        self.jobs.cancel()
        self._run_dir = run_dir
        self._checkpoint = Path(checkpoint) if checkpoint is not None else None
        self._key, self._message, self._last = None, "", None
        self.curves.clear()
        self.curves.set_current_run(run_dir, Path(run_dir).name if run_dir else "")
        self.confusion.set_matrix(None)
        self.predictions.set_evaluation(None)
        self.kernels.set_kernels(None)
        self.update_captions(None)

    def frame(self, focus: str) -> bool:
        """Show the tab ``focus`` ("curves", "confusion", …); False when there is none."""
        if focus not in PAGES:
            return False
        self.setCurrentIndex(PAGES[focus])
        return True

    # ------------------------------------------------------------------ overlays

    def set_overlay(self, path: str, on: bool) -> None:
        """Lay the curves of the run in ``path`` over the plot (or take them away)."""
        from cnnviz.core.training import RunFollower

        if on and path not in self._overlays:
            follower = RunFollower(path)
            self._overlays[path] = follower
            update = follower.poll()
            self.curves.set_overlay(path, Path(path).name, update.records, reset=True)
        elif not on and path in self._overlays:
            del self._overlays[path]
            self.curves.remove_overlay(path)

    def overlay_paths(self) -> list[str]:
        """The folders of the runs laid over the plot."""
        return list(self._overlays)

    def poll_overlays(self) -> None:
        """Draw what the runs laid over wrote since the last poll."""
        for path, follower in list(self._overlays.items()):
            update = follower.poll()
            if update.records or update.reset:
                self.curves.set_overlay(path, Path(path).name, update.records, reset=update.reset)

    # ------------------------------------------------------------------ evaluation

    def maybe_evaluate(self, force: bool = False) -> None:
        """Evaluate the run's checkpoint when a result tab is shown (or ``force``) and it
        changed since the last evaluation."""
        if self._run_dir is None or self._checkpoint is None or self.jobs.busy or self._stopped:
            return
        if self.currentIndex() == 0 and not force:
            return
        try:
            st = os.stat(self._checkpoint)
        except OSError:
            self._message = self.tr(
                "No checkpoint yet: results appear after the first epoch (or a stop)."
            )
            self.update_captions(None)
            return
        key = (str(self._checkpoint), st.st_mtime_ns, st.st_size)
        if key == self._key:
            return
        self._key = key
        self._message = self.tr("Evaluating the latest checkpoint on the test set…")
        self.update_captions(None)
        self.jobs.start(
            "evaluation",
            evaluate_job,
            self._run_dir,
            self.device,
            on_result=self._on_evaluated,
            on_failed=self._on_evaluation_failed,
        )

    def stop(self) -> None:
        """Evaluate no more; cancel the evaluation running and wait for it."""
        self._stopped = True
        self.jobs.stop()

    def _on_evaluated(self, ev: Any) -> None:
        if self._run_dir is not None and Path(ev.run_dir) == Path(self._run_dir):
            self._message = ""
            self.confusion.set_matrix(ev.confusion, ev.classes)
            self.predictions.set_evaluation(ev)
            self.kernels.set_kernels(ev.kernels)
            self.update_captions(ev)
            self.evaluation_ready.emit(ev)
        self.maybe_evaluate()  # the checkpoint may have changed meanwhile

    def _on_evaluation_failed(self, exc: BaseException, details: str) -> None:
        self._message = self.tr("The evaluation failed: %1").replace("%1", user_text(exc))
        self.update_captions(None)
        self.maybe_evaluate()

    def update_captions(self, ev: Any) -> None:
        """Caption the tabs for the Evaluation ``ev`` (None: the one shown, or the message)."""
        if ev is not None:
            self._last = ev
        if ev is None and self._message and self.confusion.matrix is None:
            for w in (self.confusion, self.kernels):
                w.empty_text = self._message
                w.update()
            self.confusion_caption.setText("")
            self.kernel_caption.setText("")
            self.predictions.set_texts(self.tr("true: %1"), self.tr("predicted: %1"),
                                       self._message)  # fmt: skip
            return
        if ev is None:
            ev = self._last
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
        note = f"  ({self._message})" if self._message else ""
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

    # ------------------------------------------------------------------ style & language

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.curves.set_style(theme, font_scale)
        self.confusion.set_theme(theme)
        self.kernels.set_theme(theme)
        self.predictions.set_style(theme, font_scale)

    def retranslate(self) -> None:
        self.setTabText(0, self.tr("Curves"))
        self.setTabText(1, self.tr("Confusion matrix"))
        self.setTabText(2, self.tr("Predictions"))
        self.setTabText(3, self.tr("First-layer kernels"))
        self.curves.set_names(
            self.tr("train loss"), self.tr("train acc"), self.tr("test acc"), self.tr("epoch")
        )
        self.curves.retranslate()
        self.confusion.true_title = self.tr("true class")
        self.confusion.predicted_title = self.tr("predicted class")
        self.update_captions(None)
