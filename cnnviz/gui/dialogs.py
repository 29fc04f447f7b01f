"""Dialogs of the main window: readable errors, About, and "Open model…".

Every dialog here is opened with ``open()`` (window-modal, never a nested event loop), so the
app, and tests, keep running while it is shown.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass

import PySide6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, qVersion
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cnnviz import __version__
from cnnviz.core.recent import RecentModel

__all__ = ["ModelRequest", "OpenModelDialog", "about_text", "show_about", "show_error"]


def show_error(parent: QWidget | None, text: str, details: str = "") -> QMessageBox:
    """Show ``text`` (one sentence) with the traceback behind "Show Details…"; returns the box.

    The box is window-modal and opened without blocking; it deletes itself when closed.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("cnnviz")
    box.setText(text)
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("error_box")
    box.open()
    return box


def about_text() -> str:
    """The versions the About box lists (cnnviz, PyTorch, CUDA, Qt, PySide6, Python), as HTML."""
    import torch  # loaded by then: the About box is enabled after start-up

    cuda = torch.version.cuda or QCoreApplication.translate("Dialogs", "none")
    rows = [
        ("cnnviz", __version__),
        ("PyTorch", torch.__version__),
        ("CUDA", cuda),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", f"{platform.python_version()} ({sys.platform})"),
    ]
    table = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in rows)
    intro = QCoreApplication.translate(
        "Dialogs",
        "See convolutional networks work: the CNN chapter of <i>Dive into Deep Learning</i>, "
        "layer by layer.",
    )
    return f"<h3>cnnviz {__version__}</h3><p>{intro}</p><table>{table}</table>"


def show_about(parent: QWidget) -> QMessageBox:
    """The About box (non-blocking); returns it."""
    box = QMessageBox(parent)
    box.setWindowTitle(QCoreApplication.translate("Dialogs", "About cnnviz"))
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_text())
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("about_box")
    box.open()
    return box


# --------------------------------------------------------------------------- open model


@dataclass(frozen=True)
class ModelRequest:
    """A network to load from outside the zoo, and the input to show it on."""

    source: str  # "file" or "torchvision"
    input_shape: tuple[int, int, int, int]  # (1, C, H, W)
    path: str = ""  # file: the Python file
    attr: str = ""  # file: function or nn.Module class (or instance) in it
    kwargs: str = ""  # file: keyword arguments as Python ("num_classes=10")
    name: str = ""  # torchvision: architecture name
    num_classes: int = 1000  # torchvision

    @property
    def display_name(self) -> str:
        return self.attr if self.source == "file" else self.name

    @property
    def spec(self) -> str:
        """The model spec (:mod:`cnnviz.core.model_spec`) of this request."""
        if self.source == "torchvision":
            return f"torchvision:{self.name}"
        kwargs = self.kwargs.strip()
        return f"{self.path}:{self.attr}" + (f"({kwargs})" if kwargs else "")

    def recent(self) -> RecentModel:
        """This request as an entry of the recent list."""
        return RecentModel(self.spec, self.input_shape, self.num_classes)

    @classmethod
    def from_recent(cls, entry: RecentModel) -> ModelRequest:
        """The request that opens ``entry`` again; ``ValueError`` for a spec that is not a
        file or torchvision network."""
        from cnnviz.core.model_spec import parse_model_spec

        spec = parse_model_spec(entry.spec)
        if spec.source == "torchvision":
            return cls("torchvision", entry.input_shape, name=spec.name,
                       num_classes=entry.num_classes)  # fmt: skip
        if spec.source != "file":
            raise ValueError(f"{entry.spec!r} is a zoo network, not one to open")
        kwargs = ", ".join(f"{k}={v!r}" for k, v in spec.kwargs)
        return cls("file", entry.input_shape, path=spec.path, attr=spec.name, kwargs=kwargs)


class _InputSize(QWidget):
    """Three spin boxes: channels × height × width."""

    def __init__(self, c: int, h: int, w: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.spins: list[QSpinBox] = []
        for value, maximum in ((c, 4096), (h, 8192), (w, 8192)):
            s = QSpinBox(self)
            s.setRange(1, maximum)
            s.setValue(value)
            s.setAccelerated(True)
            self.spins.append(s)
        self.times = [QLabel("×", self), QLabel("×", self)]
        lay.addWidget(self.spins[0])
        lay.addWidget(self.times[0])
        lay.addWidget(self.spins[1])
        lay.addWidget(self.times[1])
        lay.addWidget(self.spins[2])
        lay.addStretch(1)

    def shape(self) -> tuple[int, int, int, int]:
        c, h, w = (s.value() for s in self.spins)
        return (1, c, h, w)

    def set_shape(self, c: int, h: int, w: int) -> None:
        for s, v in zip(self.spins, (c, h, w)):
            s.setValue(v)


class OpenModelDialog(QDialog):
    """Choose a network: a Python file and a name in it, or a torchvision architecture."""

    def __init__(self, torchvision_names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("open_model_dialog")
        self.tabs = QTabWidget(self)

        # a Python file
        self.file_page = QWidget()
        self.path_edit = QLineEdit(self.file_page)
        self.path_edit.setClearButtonEnabled(True)
        self.browse_button = QPushButton(self.file_page)
        self.browse_button.clicked.connect(self._browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.attr_combo = QComboBox(self.file_page)
        self.attr_combo.setEditable(True)
        self.attr_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.kwargs_edit = QLineEdit(self.file_page)
        self.file_size = _InputSize(1, 28, 28, self.file_page)
        self.file_labels = [QLabel(self.file_page) for _ in range(4)]
        file_form = QFormLayout(self.file_page)
        file_form.addRow(self.file_labels[0], path_row)
        file_form.addRow(self.file_labels[1], self.attr_combo)
        file_form.addRow(self.file_labels[2], self.kwargs_edit)
        file_form.addRow(self.file_labels[3], self.file_size)
        for label, buddy in zip(
            self.file_labels, (self.path_edit, self.attr_combo, self.kwargs_edit)
        ):
            label.setBuddy(buddy)
        self.path_edit.textChanged.connect(self._update_candidates)

        # torchvision
        self.tv_page = QWidget()
        self.tv_combo = QComboBox(self.tv_page)
        self.tv_combo.addItems(torchvision_names)
        self.tv_combo.setMaxVisibleItems(20)
        if "resnet18" in torchvision_names:
            self.tv_combo.setCurrentText("resnet18")
        self.tv_classes = QSpinBox(self.tv_page)
        self.tv_classes.setRange(1, 100_000)
        self.tv_classes.setValue(1000)
        self.tv_size = _InputSize(3, 224, 224, self.tv_page)
        self.tv_labels = [QLabel(self.tv_page) for _ in range(3)]
        tv_form = QFormLayout(self.tv_page)
        tv_form.addRow(self.tv_labels[0], self.tv_combo)
        tv_form.addRow(self.tv_labels[1], self.tv_classes)
        tv_form.addRow(self.tv_labels[2], self.tv_size)
        self.tv_labels[0].setBuddy(self.tv_combo)
        self.tv_labels[1].setBuddy(self.tv_classes)

        self.tabs.addTab(self.file_page, "")
        self.tabs.addTab(self.tv_page, "")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addWidget(self.hint)
        lay.addWidget(self.buttons)
        self.path_edit.textChanged.connect(self._update_ok)
        self.attr_combo.currentTextChanged.connect(self._update_ok)
        self.tabs.currentChanged.connect(self._update_ok)
        self.retranslate()
        self._update_ok()
        self.resize(self.sizeHint().expandedTo(self.minimumSizeHint()).width() + 160, 0)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Open model"))
        self.tabs.setTabText(0, self.tr("Python file"))
        self.tabs.setTabText(1, self.tr("torchvision"))
        self.browse_button.setText(self.tr("Browse…"))
        self.path_edit.setPlaceholderText(self.tr("path/to/my_net.py"))
        self.attr_combo.lineEdit().setPlaceholderText(self.tr("MyNet or build_model"))
        self.kwargs_edit.setPlaceholderText(self.tr("optional, e.g. num_classes=10"))
        file_texts = (
            self.tr("&File:"),
            self.tr("&Model:"),
            self.tr("&Arguments:"),
            self.tr("Input (C × H × W):"),
        )
        for label, text in zip(self.file_labels, file_texts):
            label.setText(text)
        tv_texts = (self.tr("&Architecture:"), self.tr("&Classes:"), self.tr("Input (C × H × W):"))
        for label, text in zip(self.tv_labels, tv_texts):
            label.setText(text)
        for size in (self.file_size, self.tv_size):
            for spin, tip in zip(
                size.spins, (self.tr("channels"), self.tr("height"), self.tr("width"))
            ):
                spin.setToolTip(tip)
        self.hint.setText(
            self.tr(
                "The model is built without weights on PyTorch's meta device: cnnviz only "
                "follows the shapes, so even very large networks open instantly."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def request(self) -> ModelRequest:
        """What the dialog describes now."""
        if self.tabs.currentWidget() is self.tv_page:
            return ModelRequest(
                source="torchvision",
                input_shape=self.tv_size.shape(),
                name=self.tv_combo.currentText().strip(),
                num_classes=self.tv_classes.value(),
            )
        return ModelRequest(
            source="file",
            input_shape=self.file_size.shape(),
            path=self.path_edit.text().strip(),
            attr=self.attr_combo.currentText().strip(),
            kwargs=self.kwargs_edit.text().strip(),
        )

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Python file with a model"), "", self.tr("Python files (*.py)")
        )
        if path:
            self.path_edit.setText(path)

    def _update_candidates(self, path: str) -> None:
        from cnnviz.core.loading import file_candidates  # torch is loaded by now

        current = self.attr_combo.currentText()
        names = file_candidates(path.strip()) if path.strip().endswith(".py") else []
        self.attr_combo.blockSignals(True)
        self.attr_combo.clear()
        self.attr_combo.addItems(names)
        self.attr_combo.setEditText(current if current in names or not names else names[0])
        self.attr_combo.blockSignals(False)
        self._update_ok()

    def _update_ok(self, *_: object) -> None:
        r = self.request()
        ok = bool(r.name) if r.source == "torchvision" else bool(r.path and r.attr)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(ok)
