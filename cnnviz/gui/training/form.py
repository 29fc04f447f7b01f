"""The recipe form of the training view: network, epochs, learning rate, batch size, optimiser,
momentum, weight decay, device, data set and training examples, with the book's values.

:class:`RecipeForm` shows the recipe of a zoo network (:meth:`RecipeForm.set_model`) and gives
back the :class:`~cnnviz.core.training.TrainConfig` it describes
(:meth:`RecipeForm.config`). Data set names and titles come from :mod:`cnnviz.core.catalog`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core import catalog
from cnnviz.gui import i18n

__all__ = ["DEVICES", "RecipeForm", "available_devices"]

DEVICES = ("auto", "cpu", "cuda", "mps")


def available_devices() -> set[str]:
    """The entries of :data:`DEVICES` this machine has (imports torch)."""
    import torch

    out = {"auto", "cpu"}
    if torch.cuda.is_available():
        out.add("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        out.add("mps")
    return out


class _NumberSpin(QDoubleSpinBox):
    """A QDoubleSpinBox that shows 0.5 and 0.0001, not 0.50000 and 0.000100."""

    def textFromValue(self, value: float) -> str:
        return f"{value:.{self.decimals()}f}".rstrip("0").rstrip(".") or "0"


class RecipeForm(QGroupBox):
    """The editable recipe; ``devices`` are the entries of :data:`DEVICES` that can be picked."""

    def __init__(self, devices: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_name = ""
        self.model_ok = False
        self.input_size = 28
        self._devices = devices
        self.model_label = QLabel(self)
        self.model_label.setWordWrap(True)
        bold = QFont(self.model_label.font())
        bold.setBold(True)
        self.model_label.setFont(bold)
        self.input_label = QLabel(self)
        self.input_label.setWordWrap(True)
        self.epochs = QSpinBox(self)
        self.epochs.setRange(1, 10_000)
        self.lr = _NumberSpin(self)
        self.lr.setDecimals(5)
        self.lr.setRange(1e-5, 100.0)
        self.lr.setStepType(QDoubleSpinBox.StepType.AdaptiveDecimalStepType)
        self.batch_size = QSpinBox(self)
        self.batch_size.setRange(1, 65_536)
        self.optimizer = QComboBox(self)
        for key in catalog.OPTIMIZERS:
            self.optimizer.addItem(catalog.OPTIMIZER_TITLES[key].en, key)
        self.momentum = _NumberSpin(self)
        self.momentum.setDecimals(3)
        self.momentum.setRange(0.0, 0.999)
        self.momentum.setSingleStep(0.05)
        self.weight_decay = _NumberSpin(self)
        self.weight_decay.setDecimals(6)
        self.weight_decay.setRange(0.0, 1.0)
        self.weight_decay.setSingleStep(1e-4)
        self.device = QComboBox(self)
        for key in DEVICES:
            self.device.addItem(key, key)
        for i, key in enumerate(DEVICES):
            self.device.model().item(i).setEnabled(key in self._devices)
        self.dataset = QComboBox(self)
        for key in catalog.dataset_names():
            self.dataset.addItem(key, key)
        self.train_subset = QSpinBox(self)
        self.train_subset.setRange(0, 10_000_000)
        self.train_subset.setSingleStep(1000)
        self.train_subset.setGroupSeparatorShown(True)
        self.tensorboard = QCheckBox(self)  # event files in the run's folder, tensorboard/
        self.tensorboard.setObjectName("tensorboard_check")
        self.recipe_button = QPushButton(self)
        self.recipe_button.clicked.connect(lambda: self.set_model(self.model_name))

        box = QVBoxLayout(self)
        box.addWidget(self.model_label)
        box.addWidget(self.input_label)
        form = QFormLayout()
        box.addLayout(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.labels: dict[str, QLabel] = {}
        for key, field in (
            ("epochs", self.epochs),
            ("lr", self.lr),
            ("batch", self.batch_size),
            ("optimizer", self.optimizer),
            ("momentum", self.momentum),
            ("wd", self.weight_decay),
            ("device", self.device),
            ("dataset", self.dataset),
            ("subset", self.train_subset),
        ):
            label = QLabel(self)
            label.setBuddy(field)
            self.labels[key] = label
            form.addRow(label, field)
        form.addRow(self.tensorboard)
        form.addRow(self.recipe_button)

    def set_model(self, name: str) -> bool:
        """Show the book's recipe for the zoo network ``name``; False (and a hint) for a
        network that can't be trained here."""
        from cnnviz.core.training import TrainConfig

        self.model_name = name
        try:
            c = TrainConfig(model=name).resolved()
        except ValueError:
            self.model_ok = False
            self.update_model_label()
            return False
        self.model_ok = True
        defaults = TrainConfig()
        self.epochs.setValue(c.epochs)
        self.lr.setValue(c.lr)
        self.batch_size.setValue(c.batch_size)
        self.optimizer.setCurrentIndex(catalog.OPTIMIZERS.index(defaults.optimizer))
        self.momentum.setValue(defaults.momentum)
        self.weight_decay.setValue(defaults.weight_decay)
        self.input_size = c.input_size
        self.update_model_label()
        return True

    def update_model_label(self) -> None:
        book = self.model_name in catalog.NETWORKS  # other networks get a plain default recipe
        self.setTitle(self.tr("Recipe (the book's, editable)") if book else self.tr("Recipe"))
        self.recipe_button.setText(
            self.tr("Reset to the book's recipe") if book else self.tr("Reset to the defaults")
        )
        if self.model_ok:
            self.model_label.setText(self.tr("Network: %1").replace("%1", self.model_name))
            self.input_label.setText(
                self.tr("Images are resized to %1×%1 for this network.").replace(
                    "%1", str(self.input_size)
                )
            )
        else:
            self.model_label.setText(self.tr("Network: %1").replace("%1", self.model_name or "—"))
            self.input_label.setText(
                self.tr(
                    "Pick a network in the list, or open one from a file or torchvision, to "
                    "train it."
                )
            )

    def config(self) -> Any:
        """The :class:`~cnnviz.core.training.TrainConfig` the form describes."""
        from cnnviz.core.training import TrainConfig

        subset = self.train_subset.value()
        return TrainConfig(
            model=self.model_name,
            dataset=self.dataset.currentData(),
            epochs=self.epochs.value(),
            lr=self.lr.value(),
            batch_size=self.batch_size.value(),
            optimizer=self.optimizer.currentData(),
            momentum=self.momentum.value(),
            weight_decay=self.weight_decay.value(),
            device=self.device.currentData(),
            train_subset=subset or None,
            tensorboard="tensorboard" if self.tensorboard.isChecked() else None,
        )

    def retranslate(self) -> None:
        labels = {
            "epochs": self.tr("Epochs"),
            "lr": self.tr("Learning rate"),
            "batch": self.tr("Batch size"),
            "optimizer": self.tr("Optimizer"),
            "momentum": self.tr("Momentum"),
            "wd": self.tr("Weight decay"),
            "device": self.tr("Device"),
            "dataset": self.tr("Data set"),
            "subset": self.tr("Training examples"),
        }
        for key, text in labels.items():
            self.labels[key].setText(text)
        self.train_subset.setSpecialValueText(self.tr("all"))
        self.train_subset.setToolTip(
            self.tr("Use only the first N training examples (quick runs).")
        )
        device_names = {
            "auto": self.tr("automatic"),
            "cpu": self.tr("CPU"),
            "cuda": self.tr("CUDA GPU"),
            "mps": self.tr("Apple MPS"),
        }
        for i, key in enumerate(DEVICES):
            text = device_names[key]
            if key not in self._devices:
                text = self.tr("%1 (not available)").replace("%1", text)
            self.device.setItemText(i, text)
        lang = i18n.current_language()
        for i, key in enumerate(catalog.dataset_names()):
            self.dataset.setItemText(i, catalog.DATASETS[key].title.get(lang))
        self.tensorboard.setText(self.tr("TensorBoard logs"))
        self.tensorboard.setToolTip(
            self.tr(
                "Also write the curves as TensorBoard event files, in the run's folder under "
                "tensorboard/ (tensorboard --logdir FOLDER shows them)"
            )
        )
        self.update_model_label()
