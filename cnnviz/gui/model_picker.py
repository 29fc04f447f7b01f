"""The network picker: every zoo network with its title and the idea it introduced.

The names and titles come from :mod:`cnnviz.core.catalog`, so the picker can show them before
torch (and so :mod:`cnnviz.core.models`) is imported. The ideas arrive with
:meth:`ModelPicker.set_infos` once the zoo is loaded.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core import catalog
from cnnviz.gui import i18n

__all__ = ["ZOO_TITLES", "ModelPicker", "zoo_title"]

#: zoo name → English title, in the chapter's order (read from the torch-free catalog)
ZOO_TITLES: dict[str, str] = {name: e.title.en for name, e in catalog.NETWORKS.items()}

NAME_ROLE = Qt.ItemDataRole.UserRole
IDEA_ROLE = Qt.ItemDataRole.UserRole + 1


def zoo_title(name: str) -> str:
    """The title of a zoo network in the current language (its name if it is unknown)."""
    entry = catalog.NETWORKS.get(name)
    return entry.title.get(i18n.current_language()) if entry else name


class _TwoLineDelegate(QStyledItemDelegate):
    """Title in bold on the first line, the idea (elided, muted) on the second."""

    PAD = 6

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        return title, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        title, idea = self._fonts(option)
        h = QFontMetrics(title).height() + QFontMetrics(idea).height() + 3 * self.PAD
        return QSize(QFontMetrics(title).averageCharWidth() * 24, h)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        enabled = bool(opt.state & QStyle.StateFlag.State_Enabled)
        group = QPalette.ColorGroup.Normal if enabled else QPalette.ColorGroup.Disabled
        fg = opt.palette.color(
            group,
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text,
        )
        muted = (
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        title_font, idea_font = self._fonts(opt)
        r = opt.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)
        th = QFontMetrics(title_font).height()
        painter.save()
        painter.setFont(title_font)
        painter.setPen(fg)
        title = QFontMetrics(title_font).elidedText(
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
            Qt.TextElideMode.ElideRight,
            r.width(),
        )
        painter.drawText(QRect(r.left(), r.top(), r.width(), th), Qt.AlignmentFlag.AlignLeft, title)
        idea = str(index.data(IDEA_ROLE) or "")
        if idea:
            painter.setFont(idea_font)
            painter.setPen(opt.palette.color(group, muted))
            fm = QFontMetrics(idea_font)
            line = fm.elidedText(idea, Qt.TextElideMode.ElideRight, r.width())
            painter.drawText(
                QRect(r.left(), r.top() + th + self.PAD, r.width(), fm.height()),
                Qt.AlignmentFlag.AlignLeft,
                line,
            )
        painter.restore()


class ModelPicker(QWidget):
    """List of the zoo networks; picking one emits :attr:`model_selected` with its name."""

    model_selected = Signal(str)
    open_requested = Signal()
    recent_chosen = Signal(int)  # the index of a network in the recent list

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._infos: Mapping[str, Any] = {}
        self._external: str | None = None
        self.list = QListWidget(self)
        self.list.setObjectName("model_list")
        self.list.setItemDelegate(_TwoLineDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        for name in ZOO_TITLES:
            item = QListWidgetItem()
            item.setData(NAME_ROLE, name)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._on_current_changed)
        # the picked network's whole idea; scrolls instead of squeezing the list at large text
        self.description = QTextBrowser(self)
        self.description.setObjectName("model_description")
        self.description.setFrameShape(QFrame.Shape.NoFrame)
        self.description.setOpenLinks(False)
        self.description.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.description.viewport().setAutoFillBackground(False)
        self.description.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("open_model_button")
        self.open_button.clicked.connect(self.open_requested)
        # networks opened before, from files and torchvision: reopened without a dialog
        self.recent_button = QPushButton(self)
        self.recent_button.setObjectName("recent_models_button")
        self.recent_menu = QMenu(self.recent_button)
        self.recent_button.setMenu(self.recent_menu)
        self._recent: list[tuple[str, tuple[int, ...]]] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.list, 3)
        lay.addWidget(self.description, 1)
        lay.addWidget(self.open_button)
        lay.addWidget(self.recent_button)
        self.set_recent([])
        self.retranslate()

    # ------------------------------------------------------------------ state
    def names(self) -> list[str]:
        return [self.list.item(i).data(NAME_ROLE) for i in range(self.list.count())]

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NAME_ROLE) if item is not None and item.isSelected() else None

    def select(self, name: str | None) -> None:
        """Show ``name`` as picked (``None``: nothing) without emitting :attr:`model_selected`."""
        self.list.blockSignals(True)
        try:
            if name is None:
                self.list.clearSelection()
                self.list.setCurrentItem(None)
            else:
                self._external = None
                row = self.names().index(name)
                self.list.setCurrentRow(row)
                self.list.scrollToItem(self.list.item(row))
        finally:
            self.list.blockSignals(False)
        self._update_description()

    def show_external(self, description: str) -> None:
        """A network from outside the zoo is shown: nothing picked, ``description`` below."""
        self.select(None)
        self._external = description
        self._update_description()

    def set_infos(self, infos: Mapping[str, Any]) -> None:
        """Zoo infos by name (objects with ``idea``, ``idea_zh``, ``input_shape``, ``year``)."""
        self._infos = dict(infos)
        self.retranslate()

    def set_recent(self, entries: list[tuple[str, tuple[int, ...]]]) -> None:
        """The recent list: (model spec, input shape) pairs, the last opened first."""
        self._recent = list(entries)
        self.recent_menu.clear()
        for i, (spec, shape) in enumerate(self._recent):
            name = spec.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]  # the file, not its folders
            size = "×".join(map(str, shape[1:]))
            action = self.recent_menu.addAction(f"{name}   ({size})")
            action.setToolTip(spec)
            action.setObjectName(f"recent_model_{i}")
            action.triggered.connect(lambda _checked=False, i=i: self.recent_chosen.emit(i))
        self.recent_menu.setToolTipsVisible(True)
        self.recent_button.setEnabled(bool(self._recent))

    def recent_actions(self) -> list[Any]:
        return self.recent_menu.actions()

    # ------------------------------------------------------------------ texts
    def _idea(self, name: str) -> str:
        info = self._infos.get(name)
        if info is None:
            return ""
        return info.idea_zh if i18n.is_chinese() else info.idea

    def retranslate(self) -> None:
        """Re-set every text in the current language."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            name = item.data(NAME_ROLE)
            idea = self._idea(name)
            item.setText(zoo_title(name))
            item.setData(IDEA_ROLE, idea or self.tr("Loading…"))
            item.setToolTip(f"<p>{html.escape(idea)}</p>" if idea else "")
        self.open_button.setText(self.tr("Open model…"))
        self.recent_button.setText(self.tr("Opened before"))
        self.recent_button.setToolTip(
            self.tr("Networks you opened from files and torchvision: pick one to open it again")
        )
        self.open_button.setToolTip(
            self.tr("Show a network from a Python file or from torchvision (Ctrl+O)")
        )
        self._update_description()

    def description_text(self) -> str:
        """The description below the list, as plain text."""
        return self.description.toPlainText()

    def _update_description(self) -> None:
        if self._external is not None:
            self.description.setHtml(self._external)
            return
        name = self.current_name()
        info = self._infos.get(name) if name else None
        if name is None or info is None:
            self.description.setHtml("")
            return
        shape = "×".join(map(str, info.input_shape[1:]))
        facts = self.tr("Input %1 · %2").replace("%1", shape).replace("%2", str(info.year))
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.description.setHtml(
            f"<b>{html.escape(zoo_title(name))}</b><br>{html.escape(self._idea(name))}"
            f"<br><span style='color: {muted}'>{html.escape(facts)}</span>"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._update_description()  # the muted colour is written into the HTML
        super().changeEvent(event)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self._external = None
            self._update_description()
            self.model_selected.emit(current.data(NAME_ROLE))
