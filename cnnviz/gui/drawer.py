"""Drawers and flowing rows: what lets a view give its space to the thing being taught.

A :class:`Drawer` lays a panel (a view's settings, a table) over the edge of its host instead
of beside it, so the panel takes no width from the view's layout: the view's minimum width is
that of its main content alone. Views move a panel into a drawer when they are presented or
too narrow to show it beside their content (see :class:`~cnnviz.gui.lab.view.ConvolutionLab`).

A :class:`FlowLayout` (after Qt's *Flow Layout* example) puts its widgets in a row and wraps
them onto more rows when the row is too narrow, so a toolbar of buttons never forces the
window wider than the screen; its minimum width is that of its widest widget.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QLayout,
    QLayoutItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "DraggedShare",
    "Drawer",
    "FlowLayout",
    "FoldingHost",
    "ModeBar",
    "SidePanel",
    "flow_row",
]


class Drawer(QFrame):
    """A panel laid over the left or right edge of ``host``, below ``top`` pixels.

    It is a child of ``host`` outside any layout; it follows the host's size. Its width is the
    content's preferred width, at most ``max_share`` of the host's width (the content scrolls
    when it needs more). :attr:`opened_changed` is sent when it opens or closes.
    """

    opened_changed = Signal(bool)

    def __init__(self, host: QWidget, side: str = "left", max_share: float = 0.5) -> None:
        super().__init__(host)
        if side not in ("left", "right"):
            raise ValueError(f"a drawer opens on the left or the right, not {side!r}")
        self.setObjectName("drawer")
        self.side = side
        self.max_share = max_share
        self.top = 0  # pixels of the host above the drawer (its tool row)
        self.content: QWidget | None = None
        # the width the content would like (None: its size hint), e.g. a table's columns
        self.preferred_width: Callable[[], int] | None = None
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(1, 1, 1, 1)
        self.hide()
        host.installEventFilter(self)

    def set_content(self, widget: QWidget | None) -> None:
        """Hold ``widget`` (reparented here); None gives the drawer nothing to show."""
        if self.content is not None and self.content.parent() is self:
            self._layout.removeWidget(self.content)
        self.content = widget
        if widget is not None:
            self._layout.addWidget(widget)
            widget.show()
        self.place()

    @property
    def is_open(self) -> bool:
        return self.isVisibleTo(self.parentWidget())

    def set_open(self, on: bool) -> None:
        if on == self.is_open:
            return
        self.setVisible(on)
        if on:
            self.place()
            self.raise_()
        self.opened_changed.emit(on)

    def place(self) -> None:
        """Put the drawer at its edge of the host, as high as the host below ``top``."""
        host = self.parentWidget()
        if host is None:
            return
        hw, hh = host.width(), host.height()
        if self.preferred_width is not None:
            want = self.preferred_width() + 2
        else:
            want = self.content.sizeHint().width() + 2 if self.content is not None else 200
        least = self.content.minimumSizeHint().width() + 2 if self.content is not None else 0
        width = max(min(want, round(hw * self.max_share)), least)
        width = max(min(width, hw - 24), 1)
        x = 0 if self.side == "left" else hw - width
        self.setGeometry(QRect(x, self.top, width, max(hh - self.top, 1)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False


class SidePanel(QObject):
    """A panel beside a view's content in ``splitter``, folded into a :class:`Drawer` over the
    content when the view is presented or too narrow for both.

    ``button`` (checkable) shows or hides the panel: docked it hides it, folded it opens the
    drawer. The host (a :class:`FoldingHost`) asks :meth:`arrange` on every resize.
    """

    folded_changed = Signal(bool)

    def __init__(self, host: QWidget, splitter: QSplitter, panel: QWidget,
                 button: QPushButton | None = None, side: str = "left",
                 max_share: float = 0.45) -> None:  # fmt: skip
        super().__init__(host)
        self.host, self.splitter, self.panel, self.button = host, splitter, panel, button
        self.side = side
        self.drawer = Drawer(host, side, max_share)
        self.drawer.opened_changed.connect(self._on_opened)
        self.presenting = False
        self.folded = False
        self.docked_width = 0  # the panel's width beside the content (0: as it comes)
        self.top_widget: QWidget = splitter  # the drawer opens from this widget's top down
        if button is not None:
            button.setCheckable(True)
            button.setChecked(True)
            button.toggled.connect(self._on_button)

    def set_presenting(self, on: bool) -> None:
        self.presenting = bool(on)
        self.arrange(force=True)

    def saving(self) -> int:
        """The width the content gains when the panel is folded (0 while it is)."""
        if self.folded or not self.panel.isVisibleTo(self.host):
            return 0
        side = max(self.panel.minimumSizeHint().width(), self.panel.minimumWidth())
        return side + self.splitter.handleWidth()

    def _needs_fold(self) -> bool:
        if self.presenting:
            return True
        others = [self.splitter.widget(i) for i in range(self.splitter.count())]
        content = next((w for w in others if w is not self.panel), None)
        if content is None:
            return False
        side = max(self.panel.minimumSizeHint().width(), self.panel.minimumWidth())
        full = side + self.splitter.handleWidth() + content.minimumSizeHint().width()
        return self.host.width() < full + 8  # the splitter spans the host

    def arrange(self, force: bool = False) -> None:
        """Fold or unfold the panel as presenting and the width ask."""
        fold = self._needs_fold()
        if fold == self.folded and not force:
            self.drawer.place()
            return
        was = self.folded
        self.folded = fold
        if fold and (not was or self.drawer.content is None):
            self.drawer.set_content(self.panel)
            self.drawer.set_open(False)
            self._check(False)
        elif not fold and was:
            self.drawer.set_open(False)
            self.drawer.set_content(None)
            self.splitter.insertWidget(0 if self.side == "left" else self.splitter.count(),
                                       self.panel)  # fmt: skip
            index = self.splitter.indexOf(self.panel)
            self.splitter.setStretchFactor(index, 0)
            self.splitter.setStretchFactor(1 - index, 1)
            self.panel.show()
            self._check(True)
            if self.docked_width:
                total = max(self.splitter.width(), self.docked_width * 3)
                sizes = [self.docked_width, total - self.docked_width]
                self.splitter.setSizes(sizes if index == 0 else sizes[::-1])
        self.host.updateGeometry()
        self.folded_changed.emit(fold)

    def _check(self, on: bool) -> None:
        if self.button is not None:
            with QSignalBlocker(self.button):
                self.button.setChecked(on)

    def _on_button(self, on: bool) -> None:
        if self.folded:
            self.drawer.set_open(on)
        else:
            self.panel.setVisible(on)

    def _on_opened(self, on: bool) -> None:
        self._check(on)


class FoldingHost:
    """Mixed into a view with :class:`SidePanel` s (listed in ``side_panels``): its minimum
    width leaves them out (they fold when it is narrower), and they follow its size."""

    side_panels: tuple[SidePanel, ...] = ()

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        saving = sum(p.saving() for p in self.side_panels)
        return QSize(max(hint.width() - saving, 0), hint.height())

    def showEvent(self, event) -> None:
        super().showEvent(event)
        for p in self.side_panels:
            p.arrange()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        for p in self.side_panels:
            p.drawer.top = p.top_widget.mapTo(self, QPoint(0, 0)).y()
            p.arrange()


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto new rows when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # ---- QLayout

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, apply=True)

    def sizeHint(self) -> QSize:
        """One row of everything."""
        m = self.contentsMargins()
        shown = [i for i in self._items if not i.isEmpty()]
        w = sum(i.sizeHint().width() for i in shown) + self._spacing * max(len(shown) - 1, 0)
        h = max((i.sizeHint().height() for i in shown), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As wide as the widest widget (the others wrap)."""
        m = self.contentsMargins()
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, apply: bool) -> int:
        """Place the items in rows within ``rect`` (when ``apply``); returns the height used."""
        m = self.contentsMargins()
        r = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        limit = QSize(max(r.width(), 1), 1 << 20)
        rows: list[list[tuple[QLayoutItem, int, QSize]]] = [[]]
        x = r.x()
        for item in self._items:
            if item.isEmpty():
                continue
            size = item.sizeHint().expandedTo(item.minimumSize()).boundedTo(limit)
            if rows[-1] and x + size.width() > r.x() + r.width():
                rows.append([])
                x = r.x()
            rows[-1].append((item, x, size))
            x += size.width() + self._spacing
        y = r.y()
        for row in rows:
            row_h = max((size.height() for _, _, size in row), default=0)
            if apply:
                for item, ix, size in row:
                    item.setGeometry(QRect(QPoint(ix, y + (row_h - size.height()) // 2), size))
            y += row_h + self._spacing
        return max(y - self._spacing - rect.y() + m.bottom(), 0)


def flow_row(parent: QWidget, widgets: list[QWidget], spacing: int = 4) -> QWidget:
    """A widget holding ``widgets`` in a :class:`FlowLayout` (wrapping when narrow)."""
    row = QWidget(parent)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    row.setSizePolicy(policy)
    flow = FlowLayout(row, spacing)
    for w in widgets:
        flow.addWidget(w)
    return row


class ModeBar(QWidget):
    """A row of exclusive mode buttons that wraps when narrow — a tab bar that never scrolls.

    It speaks a tab bar's language (``addTab``, ``setTabText``, ``tabText``, ``count``,
    ``currentIndex``, ``setCurrentIndex``, :attr:`currentChanged`), so a view can swap one for
    the other; a :class:`QTabBar` hides the modes it cannot fit behind ◂ ▸ arrows.
    """

    currentChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None, spacing: int = 2) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._flow = FlowLayout(self, spacing)
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._group.idToggled.connect(self._on_toggled)
        self._buttons: list[QToolButton] = []
        self._current = -1

    def addTab(self, text: str) -> int:
        b = QToolButton(self)
        b.setCheckable(True)
        b.setAutoRaise(True)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        b.setText(text)
        b.setObjectName("mode_button")
        index = len(self._buttons)
        self._buttons.append(b)
        self._group.addButton(b, index)
        self._flow.addWidget(b)
        if index == 0:
            self.setCurrentIndex(0)
        return index

    def count(self) -> int:
        return len(self._buttons)

    def button(self, index: int) -> QToolButton:
        return self._buttons[index]

    def setTabText(self, index: int, text: str) -> None:
        self._buttons[index].setText(text)
        self._flow.invalidate()

    def tabText(self, index: int) -> str:
        return self._buttons[index].text()

    def currentIndex(self) -> int:
        return self._current

    def setCurrentIndex(self, index: int) -> None:
        if 0 <= index < len(self._buttons) and index != self._current:
            self._buttons[index].setChecked(True)  # idToggled → currentChanged

    def _on_toggled(self, index: int, on: bool) -> None:
        if on and index != self._current:
            self._current = index
            self.currentChanged.emit(index)


class DraggedShare(QObject):
    """The share of a splitter's side ``index`` that the user dragged it to (None until a
    drag), so that a view re-laying itself out on resize keeps what the user chose."""

    def __init__(self, splitter: QSplitter, index: int = 1) -> None:
        super().__init__(splitter)
        self.splitter, self.index = splitter, index
        self.value: float | None = None
        splitter.splitterMoved.connect(self._remember)

    def _remember(self, *_: int) -> None:
        sizes = self.splitter.sizes()
        if sum(sizes) > 0:
            self.value = sizes[self.index] / sum(sizes)
