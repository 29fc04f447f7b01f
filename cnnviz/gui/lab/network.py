"""The lab's network: built in the background, its feature maps, a layer opened in the stepper.

:class:`NetworkMixin` is a part of :class:`~cnnviz.gui.lab.view.ConvolutionLab`.  The network
is built (:func:`cnnviz.core.features.feature_extractor`) and run on the input off the GUI
thread, one job at a time (``lab.jobs``); code that needs the network waits in
:meth:`NetworkMixin._need_model`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import torch

from cnnviz.core import samples
from cnnviz.core.features import FeatureExtractor, FeatureResult, LayerCase, feature_extractor
from cnnviz.core.lab_state import MAX_CHANNELS_IN, MAX_CHANNELS_OUT
from cnnviz.gui.core_text import user_text
from cnnviz.gui.lab.names import network_title
from cnnviz.gui.worker import JobState

__all__ = ["NetworkMixin", "feature_job", "load_model_job"]


def load_model_job(
    state: JobState, name: str | None, given: torch.nn.Module | None
) -> tuple[FeatureExtractor, None]:
    """Worker function: build the network (no features)."""
    return feature_extractor(name, given), None


def feature_job(
    state: JobState,
    name: str | None,
    given: torch.nn.Module | None,
    extractor: FeatureExtractor | None,
    image: torch.Tensor,
    batch_norm: str = "eval",
) -> tuple[FeatureExtractor, FeatureResult, float]:
    """Worker function: build the network if needed and compute every layer's output."""
    t0 = time.perf_counter()
    if extractor is None:
        extractor = feature_extractor(name, given)
        state.check()
    result = extractor.run(image, check=state.check, batch_norm=batch_norm)
    extractor.layer_graph()  # built here, off the GUI thread, for the receptive fields
    return extractor, result, time.perf_counter() - t0


class NetworkMixin:
    """The chosen network of the lab (mixed into :class:`~cnnviz.gui.lab.view.ConvolutionLab`)."""

    def _need_model(self, then: Callable[[], None]) -> None:
        """Call ``then`` once the network is built (now, or when the background job ends)."""
        if self._extractor is not None:
            then()
            return
        if self._model_name is None and self._given_model is None:
            self._update_network_texts()
            return
        self._after_model.append(then)
        if not self.jobs.busy:
            self.jobs.start(
                "model", load_model_job, self._model_name, self._given_model,
                on_result=lambda result: self._on_job_done(*result, 0.0),
                on_failed=self._on_job_failed,
            )  # fmt: skip

    def _ensure_features(self) -> None:
        image = self._feature_input()
        same = self._feature_image is not None and (
            image.shape == self._feature_image.shape and torch.equal(image, self._feature_image)
        )
        same = same and self._feature_bn == self._state.bn_mode
        if self.jobs.kind == "features" and same:
            return  # already on its way
        if self._features is None or self._features_stale or not same:
            self.compute_features()

    def _feature_input(self) -> torch.Tensor:
        if self._input_kind == "layer" and self._feature_image is not None:
            return self._feature_image
        try:
            return self._candidate_input()
        except (ValueError, AssertionError):
            return samples.load_sample("fashion_ankle_boot")

    def compute_features(self) -> None:
        """Run the chosen network on the current input (in the background)."""
        if self._model_name is None and self._given_model is None:
            self.features.set_status(self.tr("Choose a network to see its feature maps."))
            return
        image = self._feature_input()
        self._feature_image = image
        self._feature_bn = self._state.bn_mode
        self._features_stale = False
        self.features.set_status(
            self.tr("Computing the feature maps of {name}…").format(name=self._model_name)
        )
        self.jobs.start(
            "features", feature_job, self._model_name, self._given_model, self._extractor, image,
            self._state.bn_mode,
            on_result=lambda result: self._on_job_done(*result), on_failed=self._on_job_failed,
        )  # fmt: skip

    def _on_job_done(
        self, extractor: FeatureExtractor, features: FeatureResult | None, seconds: float
    ) -> None:
        first = self._extractor is None
        self._extractor = extractor
        if first:
            self._update_network_texts()
            self.model_loaded.emit()
            pending, self._after_model = self._after_model, []
            for then in pending:
                then()
        if features is not None:
            self._features = features
            self._show_features(features, seconds)

    def _on_job_failed(self, exc: BaseException, _details: str) -> None:
        self._after_model = []
        message = user_text(exc) or type(exc).__name__
        self.features.set_status(
            self.tr("The feature maps failed: {message}").format(message=message)
        )
        self.network_info.setText(message)
        self.features_failed.emit(message)

    def _show_features(self, result: FeatureResult, seconds: float) -> None:
        weights = (
            self.tr("trained weights")
            if self._given_model is not None
            else self.tr("initial weights, not trained")
        )
        self.features.set_status(
            self.tr(
                "{name} ({weights}): {n} layers in {ms} ms. Click a channel of a convolution "
                "or pooling layer to step through it."
            ).format(
                name=network_title(self._model_name),
                weights=weights,
                n=len(result.maps) - 1,
                ms=f"{seconds * 1000:.0f}",
            )
        )
        notes = "; ".join(user_text(n) for n in result.notes)
        text = self.tr("Input: {notes}.").format(notes=notes) if notes else ""
        self.features.set_result(result, text)
        if self._extractor is not None:
            self.features.set_graph(self._extractor.layer_graph())
        self.features_computed.emit()

    def open_layer(self, name: str, channel: int) -> bool:
        """Open output channel ``channel`` of conv/pool layer ``name`` in the stepper, with the
        layer's real input and kernel (reduced to 3 channels and 64×64 if larger; the input
        panel says so).  Needs computed feature maps; returns False (and says why) otherwise."""
        if self._extractor is None or self._features is None:
            return False
        try:
            case = self._extractor.layer_case(self._features, name, channel)
        except ValueError as exc:
            self.features.set_status(user_text(exc))
            return False
        self._load_case(case)
        return True

    def _load_case(self, case: LayerCase) -> None:
        self._cancel_image_job()
        self._layer_tensor = case.X
        what = (
            self.tr("output channel {c}") if case.kind == "conv" else self.tr("channel {c}")
        ).format(c=case.channel)
        self._layer_text = self.tr("layer {name} ({op}), {what}").format(
            name=case.layer, op=case.op, what=what
        )
        if case.exact:
            self._layer_notes = self.tr(
                "The whole computation: the output equals the layer's feature map."
            )
        else:
            self._layer_notes = self.tr("Reduced: {notes}.").format(
                notes="; ".join(user_text(n) for n in case.notes)
            )
        self._input_kind = "layer"
        self._fill_source_combos()
        changes: dict = {"in_channels": case.X.shape[0]}
        with self._quiet():
            self._set_combo(self.input_source, "layer")
            if case.kind == "conv":
                assert case.K is not None
                C, kh, kw = case.K.shape[1:]
                self._bank = np.zeros((MAX_CHANNELS_OUT, MAX_CHANNELS_IN, kh, kw))
                self._bank[0, :C] = case.K[0].numpy()
                self._biases = np.zeros(MAX_CHANNELS_OUT)
                if case.bias is not None:
                    self._biases[0] = float(case.bias[0])
                changes["bias"] = None if case.bias is None else float(self._biases[0])
                changes["out_channels"] = 1
                self._kernel_kind = "network"
                self._net_layer, self._net_channel = case.layer, case.channel
                self._set_combo(self.kernel_source, "network")
                if self.layer_combo.count() == 0:
                    self._fill_layers()
                self.layer_combo.setCurrentIndex(max(self.layer_combo.findData(case.layer), 0))
                conv = self._extractor.model.get_submodule(case.layer) if self._extractor else None
                if conv is not None:
                    self.layer_channel.setRange(0, conv.out_channels - 1)
                self.layer_channel.setValue(case.channel)
                self._commit_geometry("conv", case)
            else:
                self._commit_geometry("pool", case)
                changes["pool"] = case.mode or "max"
        self._state = self._state.replace(**changes)
        self._show_state()
        self._update_network_texts()
        self._update_input_info()
        self._show_input_editor()
        self._show_kernel_editor()
        target = case.kind
        if self._mode != target:
            self.set_mode(target)
        else:
            self._load_geometry()
            self._update_visibility()
            self._rebuild("input")
        self.stepper.set_step(-1)
