"""The lab's kernel K: a preset, random values, typed values or a network's real kernels.

:class:`KernelSourceMixin` is a part of :class:`~cnnviz.gui.lab.view.ConvolutionLab`: it wires
the kernel controls of :class:`~cnnviz.gui.lab.settings_panel.LabSettingsPanel` and keeps the
kernel bank (one kernel per output/input channel pair) and the biases; the bank's arithmetic is
:mod:`cnnviz.core.lab_state`'s.
"""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import QSignalBlocker

from cnnviz.core import samples
from cnnviz.core.lab_state import (
    MAX_CHANNELS_IN,
    MAX_CHANNELS_OUT,
    broadcast_bank,
    centred,
    network_bank,
)
from cnnviz.gui.lab.names import kernel_title

__all__ = ["KernelSourceMixin"]


class KernelSourceMixin:
    """Kernel K and bias b of the lab (mixed into :class:`~cnnviz.gui.lab.view.ConvolutionLab`)."""

    def _connect_kernel_controls(self) -> None:
        self.kernel_source.currentIndexChanged.connect(self._on_kernel_source)
        self.layer_combo.currentIndexChanged.connect(self._on_layer_chosen)
        self.layer_channel.valueChanged.connect(self._on_layer_channel)
        self.out_channels.valueChanged.connect(self._on_out_channels)
        for s in (self.edit_out, self.edit_in):
            s.valueChanged.connect(lambda _v: self._show_kernel_editor())
        self.kernel_editor.matrix_edited.connect(self._on_kernel_edited)
        self.use_bias.toggled.connect(lambda _on: self._on_bias_changed())
        self.bias_value.valueChanged.connect(self._on_bias_value)
        self.btn_new_kernel.clicked.connect(self._new_random_kernel)

    def _fill_kernel_combo(self) -> None:
        """The kernel choices: presets, random, typed and the network's kernels."""
        with self._quiet():
            current = self.kernel_source.currentData()
            self.kernel_source.clear()
            for name in samples.list_kernel_presets():
                self.kernel_source.addItem(kernel_title(name), f"preset:{name}")
            self.kernel_source.insertSeparator(self.kernel_source.count())
            self.kernel_source.addItem(self.tr("Random values"), "random")
            self.kernel_source.addItem(self.tr("Custom (typed)"), "custom")
            self.kernel_source.addItem(self.tr("From the network"), "network")
            key = current or self._kernel_key()
            self.kernel_source.setCurrentIndex(max(self.kernel_source.findData(key), 0))

    def _kernel_key(self) -> str:
        return f"preset:{self._preset}" if self._kernel_kind == "preset" else self._kernel_kind

    def _fill_preset(self) -> None:
        self._bank = broadcast_bank(samples.get_kernel_preset(self._preset).tensor().numpy())

    def _on_kernel_source(self, _index: int) -> None:
        if self._updating:
            return
        key = self.kernel_source.currentData()
        if key is None:
            return
        if key.startswith("preset:"):
            self._kernel_kind, self._preset = "preset", key.split(":", 1)[1]
            self._fill_preset()
        else:
            self._kernel_kind = key
            if key == "random":
                self._fill_random_kernel()
            elif key == "network":
                self._update_visibility()
                self._need_model(self._fill_layers)
                return
        self._after_kernel_change("kernel_group")

    def _fill_random_kernel(self) -> None:
        kh, kw = self._bank.shape[2:]
        self._bank = samples.random_kernel(
            MAX_CHANNELS_OUT, MAX_CHANNELS_IN, kh, kw, seed=self._kernel_seed
        ).numpy()

    def _new_random_kernel(self) -> None:
        self._kernel_seed += 1
        self._kernel_kind = "random"
        self._set_combo(self.kernel_source, "random")
        self._fill_random_kernel()
        self._after_kernel_change("kernel_group")

    def _after_kernel_change(self, cause: str) -> None:
        """The bank changed: show its size and values, then rebuild."""
        if self.op != "pool":
            self._state = self._state.replace(kernel_size=self._bank.shape[2:])
            self._show_state()
        self._update_visibility()
        self._show_kernel_editor()
        self._rebuild(cause)

    def _on_kernel_size(self, size: tuple[int, int]) -> None:
        if self.op == "pool":
            self._edit("kernel", kernel_size=size)
            return
        if not self._take("kernel", kernel_size=size):
            return
        self._resize_kernel(size)
        self._show_kernel_editor()
        self._update_visibility()
        self._rebuild("kernel")

    def _resize_kernel(self, size: tuple[int, int]) -> None:
        """The bank in a new size: the old kernels centred in it (a preset becomes a custom
        kernel), or new random values."""
        kh, kw = size
        if self._kernel_kind == "random":
            self._bank = np.zeros((MAX_CHANNELS_OUT, MAX_CHANNELS_IN, kh, kw))
            self._fill_random_kernel()
        else:
            self._bank = centred(self._bank, (kh, kw))
            if self._kernel_kind != "custom":
                self._kernel_kind = "custom"
                self._set_combo(self.kernel_source, "custom")

    def _show_kernel_editor(self) -> None:
        C_out, C_in = self._state.out_channels, self._state.in_channels
        self.edit_out.setMaximum(C_out - 1)
        self.edit_in.setMaximum(C_in - 1)
        o, i = min(self.edit_out.value(), C_out - 1), min(self.edit_in.value(), C_in - 1)
        self.kernel_editor.set_matrix(self._bank[o, i])
        with QSignalBlocker(self.bias_value):
            self.bias_value.setValue(float(self._biases[o]))

    def _on_kernel_edited(self, values: np.ndarray) -> None:
        o, i = self.edit_out.value(), self.edit_in.value()
        self._bank[o, i] = values
        if self._kernel_kind != "custom":
            self._kernel_kind = "custom"
            self._set_combo(self.kernel_source, "custom")
            self._update_visibility()
        self._rebuild("kernel_group")

    def _on_out_channels(self, value: int) -> None:
        if self._take("kernel_group", out_channels=value):
            self._show_kernel_editor()
            self._rebuild("kernel_group")

    def _on_bias_changed(self) -> None:
        on = self.use_bias.isChecked()
        if self._take("kernel_group", bias=float(self._biases[0]) if on else None):
            self.bias_value.setEnabled(on)
            self._rebuild("kernel_group")

    def _on_bias_value(self, value: float) -> None:
        self._biases[self.edit_out.value()] = value
        if self._state.bias is not None:
            self._edit("kernel_group", bias=float(self._biases[0]))

    # ---- the network's kernels

    def _conv_layers(self) -> list[tuple[str, torch.nn.Conv2d]]:
        if self._extractor is None:
            return []
        return [
            (n, m)
            for n, m in self._extractor.model.named_modules()
            if isinstance(m, torch.nn.Conv2d)
        ]

    def _fill_layers(self) -> None:
        layers = self._conv_layers()
        with self._quiet():
            self.layer_combo.clear()
            for name, m in layers:
                kh, kw = m.kernel_size
                text = f"{name} · {m.in_channels}→{m.out_channels}, {kh}×{kw}"
                self.layer_combo.addItem(text, name)
            index = self.layer_combo.findData(self._net_layer) if self._net_layer else 0
            self.layer_combo.setCurrentIndex(max(index, 0))
        if self._kernel_kind == "network" and layers:
            self._load_network_kernel(self.layer_combo.currentData(), self.layer_channel.value())

    def _on_layer_chosen(self, _index: int) -> None:
        if self._updating or self.layer_combo.currentData() is None:
            return
        self._load_network_kernel(self.layer_combo.currentData(), 0)

    def _on_layer_channel(self, value: int) -> None:
        if self._updating or self._net_layer is None or self._kernel_kind != "network":
            return
        self._load_network_kernel(self._net_layer, value)

    def _load_network_kernel(self, layer: str, channel: int) -> None:
        """Kernels of output channels ``channel`` … of conv layer ``layer``, with its geometry."""
        if self._extractor is None:
            return
        conv = self._extractor.model.get_submodule(layer)
        assert isinstance(conv, torch.nn.Conv2d)
        weight = conv.weight.detach().to("cpu", torch.float64).numpy()  # (C_out, C_in/g, kh, kw)
        bias = None if conv.bias is None else conv.bias.detach().to("cpu", torch.float64).numpy()
        C_out = weight.shape[0]
        channel = max(0, min(channel, C_out - 1))
        self._net_layer, self._net_channel = layer, channel
        self._kernel_kind = "network"
        self._bank, self._biases, n_out, n_in = network_bank(weight, bias, channel)
        with self._quiet():
            self._set_combo(self.kernel_source, "network")
            self.layer_combo.setCurrentIndex(max(self.layer_combo.findData(layer), 0))
            self.layer_channel.setRange(0, C_out - 1)
            self.layer_channel.setValue(channel)
        self._state = self._state.replace(
            in_channels=n_in,
            out_channels=min(self._state.out_channels, n_out),
            bias=None if conv.bias is None else float(self._biases[0]),
        )
        self._show_state()
        if self.op == "conv" and isinstance(conv.padding, tuple):
            self._commit_geometry("conv", conv)
            self._load_geometry()
        self._update_network_texts()
        self._show_input_editor()
        self._update_input_info()
        self._after_kernel_change("kernel_group")

    def _update_network_texts(self) -> None:
        if self._model_name is None and self._given_model is None:
            text = self.tr("Choose a network first (left).")
        elif self._extractor is None:
            text = self.tr("Network {name}: loading when needed…").format(name=self._model_name)
        else:
            weights = (
                self.tr("trained weights")
                if self._given_model is not None
                else self.tr("initial weights (not trained yet)")
            )
            text = self.tr("Network {name}, {weights}.").format(
                name=self._model_name, weights=weights
            )
            layers = dict(self._conv_layers())
            if self._net_layer in layers and self._kernel_kind == "network":
                conv = layers[self._net_layer]
                cin = conv.in_channels // conv.groups
                if cin > MAX_CHANNELS_IN:
                    text += " " + self.tr(
                        "The layer has {n} input channels; the first {m} are shown."
                    ).format(n=cin, m=MAX_CHANNELS_IN)
        self.network_info.setText(text)
