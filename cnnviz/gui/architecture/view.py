"""ArchitectureView: the layer graph (left) and its shape table with details (right).

Fold and unfold blocks by clicking (double-click a block box to open it, click a frame's title
to close it), zoom with the wheel or +/−, pan by dragging. Selecting a layer in the graph
selects its row in the table and the other way round.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QImage,
    QKeySequence,
    QPainter,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGraphicsItem,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from cnnviz.core.errors import FieldError
from cnnviz.core.files import atomic_path, atomic_write_text
from cnnviz.core.graph import LayerGraph
from cnnviz.core.layout import shape_text
from cnnviz.core.states import ZOOM_RANGE, ArchitectureState
from cnnviz.core.summary import human, table_csv
from cnnviz.gui.appearance import base_font
from cnnviz.gui.architecture.graph_view import GraphView, Legend, kind_name
from cnnviz.gui.architecture.scene import GraphScene, node_details_html
from cnnviz.gui.drawer import FoldingHost, SidePanel
from cnnviz.gui.field_maps import FieldPanel
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["ArchitectureView", "GraphView", "render_scene"]

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
NODE_ROLE = Qt.ItemDataRole.UserRole + 2


def render_scene(scene: GraphScene, path: str | os.PathLike) -> None:
    """Save the whole scene as PNG (at 2× pixel density) or SVG, chosen by the suffix.

    Raises ``ValueError`` for another suffix and ``OSError`` when the file can't be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg"):
        raise ValueError(f"can't export to {path.name!r}: use a .png or .svg file name")
    # cached items would be painted as screen-resolution pixmaps: draw them afresh instead
    cached = [(it, it.cacheMode()) for it in scene.items()]
    for it, _ in cached:
        it.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        _render(scene, path, suffix)
    finally:
        for it, mode in cached:
            it.setCacheMode(mode)


def _render(scene: GraphScene, path: Path, suffix: str) -> None:
    rect = scene.sceneRect()
    if suffix == ".png":
        ratio = 2.0
        image = QImage(
            int(rect.width() * ratio) + 1,
            int(rect.height() * ratio) + 1,
            QImage.Format.Format_ARGB32,
        )
        image.setDevicePixelRatio(ratio)
        image.fill(QColor(scene.theme.background))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
        with atomic_path(path, ".png") as tmp:
            if not image.save(str(tmp), "PNG"):
                raise OSError(f"could not write {path}")
    elif suffix == ".svg":
        with atomic_path(path, ".svg") as tmp:
            _write_svg(scene, rect, tmp)


def _write_svg(scene: GraphScene, rect: QRectF, buffer_path: Path) -> None:
    from PySide6.QtSvg import QSvgGenerator

    gen = QSvgGenerator()
    gen.setFileName(str(buffer_path))
    gen.setSize(QSize(int(rect.width()) + 1, int(rect.height()) + 1))
    gen.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
    gen.setTitle(scene.graph.model_name if scene.graph else "cnnviz")
    gen.setDescription("Layer graph drawn by cnnviz")
    painter = QPainter(gen)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()


class ArchitectureView(FoldingHost, QWidget):
    """Graph + shape table of one :class:`LayerGraph`, linked both ways.

    Used by the main window through: :meth:`set_graph`, :meth:`fold_all`, :meth:`unfold_all`,
    :meth:`zoom_in`, :meth:`zoom_out`, :meth:`fit_to_window`, :meth:`export_image`,
    :meth:`export_csv`, :meth:`set_style`, :meth:`retranslate` and :attr:`splitter`.
    """

    node_selected = Signal(str)  # qualified name of the selected layer
    folding_changed = Signal()
    state_changed = Signal(object)  # the ArchitectureState now shown (folding, selection, zoom)

    COLUMNS = ("Layer", "Type", "Output shape", "Parameters", "MACs")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graph: LayerGraph | None = None
        self.expanded: set[str] = set()
        self.group_repeats = True
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self._syncing = False

        self.scene = GraphScene(self)
        self.view = GraphView(self.scene, self)
        self.scene.box_clicked.connect(self._on_box_clicked)
        # queued: the rebuild deletes the item whose mouse handler emitted the signal
        self.scene.unfold_requested.connect(self.unfold, Qt.ConnectionType.QueuedConnection)
        self.scene.fold_requested.connect(self.fold, Qt.ConnectionType.QueuedConnection)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.act_unfold_all = QAction(self, triggered=self.unfold_all)
        self.act_fold_all = QAction(self, triggered=self.fold_all)
        self.act_zoom_in = QAction(self, triggered=self.zoom_in)
        self.act_zoom_out = QAction(self, triggered=self.zoom_out)
        self.act_fit = QAction(self, triggered=self.fit_to_window)
        self.act_repeats = QAction(self, checkable=True, checked=True)
        self.act_repeats.toggled.connect(self._set_group_repeats)
        self.act_zoom_in.setShortcut(QKeySequence(Qt.Key.Key_Plus))
        self.act_zoom_out.setShortcut(QKeySequence(Qt.Key.Key_Minus))
        for a in (self.act_zoom_in, self.act_zoom_out):
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        for a in (
            self.act_unfold_all,
            self.act_fold_all,
            self.act_repeats,
            None,
            self.act_zoom_in,
            self.act_zoom_out,
            self.act_fit,
        ):
            if a is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(a)
        self.zoom_label = QLabel(self)
        self.toolbar.addWidget(self.zoom_label)
        self.toolbar.addSeparator()
        # the shape table and details: beside the graph, or a drawer over it when presented
        self.act_table = QAction(self)
        self.act_table.setObjectName("action_table")
        self.toolbar.addAction(self.act_table)
        # the receptive field of a cell of the selected layer, below the graph
        self.act_field = QAction(self, checkable=True)
        self.act_field.setObjectName("action_field")
        self.act_field.toggled.connect(self.show_field)
        self.toolbar.addAction(self.act_field)
        self.view.zoom_changed.connect(lambda z: self.zoom_label.setText(f"  {z * 100:.0f} %"))
        for signal in (self.view.zoom_changed, self.folding_changed, self.node_selected):
            signal.connect(self._emit_state)

        self.model = QStandardItemModel(0, len(self.COLUMNS), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_row_changed)
        self.totals = QLabel(self)
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)

        right = QSplitter(Qt.Orientation.Vertical, self)
        table_box = QWidget(right)
        tl = QVBoxLayout(table_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.table)
        tl.addWidget(self.totals)
        right.addWidget(table_box)
        right.addWidget(self.details)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        self.right_splitter = right

        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.toolbar)
        self.legend = Legend(left)
        ll.addWidget(self.legend)
        self.field_panel = FieldPanel(left)
        self.field_panel.cell_changed.connect(self._emit_state)
        self.graph_splitter = QSplitter(Qt.Orientation.Vertical, left)
        self.graph_splitter.addWidget(self.view)
        self.graph_splitter.addWidget(self.field_panel)
        self.graph_splitter.setStretchFactor(0, 1)
        self.graph_splitter.setStretchFactor(1, 1)
        self.graph_splitter.setChildrenCollapsible(False)
        self.field_panel.hide()
        ll.addWidget(self.graph_splitter)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.table_side = SidePanel(self, self.splitter, right, self.act_table, "right", 0.7)
        self.table_side.drawer.preferred_width = self._table_width
        self.table_side.top_widget = self.view  # below the tool row and the legend
        self.side_panels = (self.table_side,)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.retranslate()

    # ------------------------------------------------------------------ model

    def set_graph(self, graph: LayerGraph | None) -> None:
        """Show ``graph`` (None clears the view); every block starts folded."""
        self.graph = graph
        self.expanded = set()
        self.field_panel.set_graph(graph)
        self.legend.update_legend(self.theme, self._kinds())
        self._fill_table()
        self._redraw(fit=True)
        self.details.setHtml("")

    def _kinds(self) -> set[str] | None:
        """The layer kinds of the network shown (what the legend names)."""
        return None if self.graph is None else {n.kind for n in self.graph.nodes}

    def visible_node_count(self) -> int:
        return len(self.scene.box_items)

    def fold(self, block: str) -> None:
        """Fold ``block`` (and everything inside it)."""
        if self.graph is None:
            return
        self.expanded = {b for b in self.expanded if b != block and not b.startswith(block + ".")}
        self._redraw()

    def unfold(self, block: str) -> None:
        """Unfold ``block`` and the blocks around it, and fit the view to it."""
        if self.graph is None or block not in self.graph.blocks:
            return
        b = self.graph.blocks[block]
        while b is not None:
            self.expanded.add(b.name)
            b = self.graph.blocks[b.parent] if b.parent else None
        self._redraw()
        self.fit_block(block)

    def block_rect(self, block: str) -> QRectF | None:
        """Where unfolded ``block``'s frame lies in the scene (None while it is folded)."""
        item = self.scene.frame_items.get(block)
        return None if item is None else item.sceneBoundingRect()

    def fit_block(self, block: str) -> bool:
        """Zoom and scroll so unfolded ``block`` fills most of the view, readably."""
        rect = self.block_rect(block)
        if rect is None:
            return False
        self.view.fit_rect(rect)
        return True

    def visible_scene_rect(self) -> QRectF:
        """The part of the scene the viewport shows now (less an open table drawer)."""
        rect = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        drawer = self.table_side.drawer
        if drawer.is_open:
            rect.setRight(rect.right() - drawer.width() / max(self.view.zoom(), 1e-6))
        return rect

    def fold_all(self) -> None:
        self.expanded = set()
        self._redraw(fit=True)

    def unfold_all(self) -> None:
        if self.graph is not None:
            self.expanded = set(self.graph.blocks)
            self._redraw(fit=True)

    def zoom_in(self) -> None:
        self.view.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.view.zoom_by(1 / 1.25)

    def fit_to_window(self) -> None:
        """Fit: the whole graph when it stays readable, else its width, scrolling the rest."""
        self.view.fit_readable()

    def _set_group_repeats(self, on: bool) -> None:
        self.group_repeats = on
        self._redraw()

    def _redraw(self, fit: bool = False) -> None:
        selected = self.selected_node()
        self.scene.rebuild(self.graph, self.expanded, self.group_repeats)
        if fit:
            self.view.fit_readable()
        if selected is not None:
            self._select_in_scene(selected, centre=False)
        self.folding_changed.emit()

    # ------------------------------------------------------------------ selection

    def selected_node(self) -> str | None:
        """Name of the selected layer, if any."""
        idx = self.table.currentIndex()
        if not idx.isValid():
            return None
        return self.proxy.index(idx.row(), 0).data(NODE_ROLE)

    def select_node(self, name: str) -> None:
        """Select the layer ``name`` in table and graph, unfolding the blocks around it."""
        if self.graph is None:
            return
        node = self.graph.node(name)
        if node.blocks and not all(b in self.expanded for b in node.blocks):
            for b in node.blocks:
                self.expanded.add(b)
            self.scene.rebuild(self.graph, self.expanded, self.group_repeats)
        self._select_in_table(name)
        self._select_in_scene(name, centre=True)
        self.details.setHtml(node_details_html(node))
        self.field_panel.set_layer(name)
        self.node_selected.emit(name)

    # ------------------------------------------------------------------ slides (SlideView)

    def apply_state(self, keys: dict[str, Any]) -> None:
        """Unfold, select and zoom as a slide says (:class:`ArchitectureState`), drawing once.

        Blocks the slide does not unfold are folded; without a zoom the graph is fitted.
        Raises FieldError when the slide selects or unfolds what this network lacks.
        """
        state = ArchitectureState.from_slide(keys)
        if self.graph is None:
            return
        graph = self.graph
        if state.unfold == "all":
            expanded = set(graph.blocks)
        else:
            expanded = set()
            for name in state.unfold:
                if name not in graph.blocks:
                    raise FieldError(
                        "unfold",
                        self.tr("{network} has no block {name!r} to unfold.").format(
                            network=graph.model_name, name=name
                        ),
                    )
                b = graph.blocks[name]
                while b is not None:
                    expanded.add(b.name)
                    b = graph.blocks[b.parent] if b.parent else None
        if state.select is not None and state.select not in {n.name for n in graph.nodes}:
            raise FieldError(
                "select",
                self.tr("this slide selects the layer {name!r}, which {network} does not have")
                .format(name=state.select, network=graph.model_name),
            )  # fmt: skip
        self.expanded = expanded
        self.table.clearSelection()
        self.table.setCurrentIndex(QModelIndex())
        self._redraw(fit=state.zoom is None)
        # presented, the table is a drawer a slide opens when its text quotes the table
        self.show_table(state.table or not self.table_side.folded)
        self.show_field(state.field is not None)
        if state.select is not None:
            self.select_node(state.select)
            if state.field is not None:
                self.field_panel.set_layer(state.select, state.field)
                if self.field_panel.cell != state.field:
                    raise FieldError(
                        "field",
                        self.tr("{layer} has no cell ({row}, {col})").format(
                            layer=state.select, row=state.field[0], col=state.field[1]
                        ),
                    )
        if state.zoom is not None:
            self.view.set_zoom(state.zoom)

    @property
    def state(self) -> ArchitectureState:
        """What the graph shows now, as an :class:`ArchitectureState` (``network`` is None:
        the host knows which network this is)."""
        return ArchitectureState.from_slide(self.capture_state())

    def _emit_state(self, *_: object) -> None:
        self.state_changed.emit(self.state)

    def capture_state(self) -> dict[str, Any]:
        """The unfolded blocks, the selection and the zoom, as slide keys."""
        keys: dict[str, Any] = {}
        if self.expanded and self.graph is not None:
            keys["unfold"] = [b for b in self.graph.blocks if b in self.expanded]
        selected = self.selected_node()
        if selected:
            keys["select"] = selected
        if self.table_side.folded and self.table_side.drawer.is_open:
            keys["table"] = True
        if self.field_visible() and selected and self.field_panel.field is not None:
            keys["field"] = list(self.field_panel.cell)
        lo, hi = ZOOM_RANGE  # a fit on a huge graph may go below what a slide may ask for
        keys["zoom"] = round(min(max(self.view.zoom(), lo), hi), 3)
        return keys

    def frame(self, focus: str) -> bool:
        """Bring ``focus`` into view: a block is unfolded and fills most of the view, a layer
        is selected and centred. False when the network has neither of that name."""
        if self.graph is None:
            return False
        if focus in self.graph.blocks:
            if focus not in self.expanded:
                self.unfold(focus)
            return self.fit_block(focus)
        if focus not in {n.name for n in self.graph.nodes}:
            return False
        self.select_node(focus)
        return True

    def _on_box_clicked(self, key: str) -> None:
        if self.graph is None or self._syncing:
            return
        if key.startswith("n:"):
            node = self.graph.nodes[int(key[2:])]
            self._select_in_table(node.name)
            self.details.setHtml(node_details_html(node))
            self.field_panel.set_layer(node.name)
            self.node_selected.emit(node.name)
        else:
            item = self.scene.box_items.get(key)
            if item is not None:
                self.details.setHtml(item.toolTip())

    def _on_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        name = self.proxy.index(current.row(), 0).data(NODE_ROLE)
        if name:
            self._syncing = True
            try:
                self.select_node(name)
            finally:
                self._syncing = False

    def _select_in_table(self, name: str) -> None:
        for row in range(self.proxy.rowCount()):
            idx = self.proxy.index(row, 0)
            if idx.data(NODE_ROLE) == name:
                was, self._syncing = self._syncing, True
                try:
                    self.table.selectionModel().setCurrentIndex(
                        idx,
                        QItemSelectionModel.SelectionFlag.ClearAndSelect
                        | QItemSelectionModel.SelectionFlag.Rows,
                    )
                    self.table.scrollTo(idx)
                finally:
                    self._syncing = was
                return

    def _select_in_scene(self, name: str, centre: bool) -> None:
        if self.graph is None:
            return
        key = f"n:{self.graph.node(name).index}"
        was, self._syncing = self._syncing, True
        try:
            self.scene.clearSelection()
            item = self.scene.box_items.get(key)
            if item is not None:
                item.setSelected(True)
                if centre:
                    self.view.centerOn(item)
                    self._clear_drawer(item)
        finally:
            self._syncing = was

    def _clear_drawer(self, item: Any) -> None:
        """With the table drawer open over the graph, move ``item`` into the part left free."""
        drawer = self.table_side.drawer
        if not drawer.is_open:
            return
        bar = self.view.horizontalScrollBar()
        bar.setValue(bar.value() + drawer.width() // 2)

    def _table_width(self) -> int:
        """The width that shows every column of the shape table whole."""
        header = self.table.horizontalHeader()
        columns = sum(
            max(header.sectionSizeHint(i), self.table.sizeHintForColumn(i))
            for i in range(self.model.columnCount())
        )
        return columns + self.table.verticalScrollBar().sizeHint().width() + 8

    def handout_widget(self) -> QWidget:
        """The graph as the view frames it (no tool row, table or legend), with the receptive
        field's maps below it when they are shown."""
        return self.graph_splitter if self.field_visible() else self.view.viewport()

    def set_presenting(self, on: bool) -> None:
        """Presented: the graph takes the view; the table and details fold into a drawer."""
        self.table_side.set_presenting(on)

    def show_field(self, on: bool = True) -> None:
        """Show or hide the receptive-field maps below the graph."""
        if self.act_field.isChecked() != on:
            self.act_field.setChecked(on)  # comes back here through toggled
            return
        self.field_panel.setVisible(on)
        if on:
            total = max(sum(self.graph_splitter.sizes()), 2)
            self.graph_splitter.setSizes([total // 3, total - total // 3])  # the maps teach
        self._emit_state()

    def field_visible(self) -> bool:
        return self.act_field.isChecked()

    def show_table(self, on: bool = True) -> None:
        """Show the shape table and details: beside the graph, or open their drawer."""
        self.act_table.setChecked(on)

    def table_visible(self) -> bool:
        """Whether the shape table can be seen now (docked, or its drawer open)."""
        side = self.table_side
        return side.drawer.is_open if side.folded else side.panel.isVisibleTo(self)

    def selected_scene_keys(self) -> list[str]:
        return [k for k, it in self.scene.box_items.items() if it.isSelected()]

    # ------------------------------------------------------------------ table

    def _fill_table(self) -> None:
        self.model.removeRows(0, self.model.rowCount())
        g = self.graph
        if g is None:
            self.totals.setText("")
            return
        for n in g.nodes[1:]:
            cells = [
                (n.name, n.index),
                (n.op, n.op),
                (shape_text(n.output_shape), _numel(n.output_shape)),
                (f"{n.params:,}", n.params),
                (f"{n.macs:,}", n.macs),
            ]
            row = []
            for col, (text, key) in enumerate(cells):
                item = QStandardItem(text)
                if isinstance(key, int):  # floats: ints above 2**31 may wrap around in Qt
                    key = float(key)
                if col == 1:
                    item.setToolTip(kind_name(n.kind))
                item.setData(key, SORT_ROLE)
                if col >= 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                row.append(item)
            row[0].setData(n.name, NODE_ROLE)
            self.model.appendRow(row)
        self._update_totals()

    def _update_totals(self) -> None:
        g = self.graph
        if g is None:
            return
        self.totals.setText(
            self.tr("Total: {params} parameters ({hp}), {macs} MACs ({hm}), output {shape}").format(
                params=f"{g.total_params:,}",
                hp=human(g.total_params),
                macs=f"{g.total_macs:,}",
                hm=human(g.total_macs),
                shape=shape_text(g.output_shape),
            )
            + (
                self.tr("; {unused} parameters no layer uses in this forward pass").format(
                    unused=f"{g.unused_params:,}"
                )
                if g.unused_params
                else ""
            )
        )

    # ------------------------------------------------------------------ export

    def export_image(self, path: str) -> None:
        """The current graph (as folded now) as PNG at 2× pixel density, or SVG."""
        render_scene(self.scene, path)

    def table_csv(self) -> str:
        """The shape table as CSV text (:func:`cnnviz.core.summary.table_csv`)."""
        return table_csv(self.graph)

    def export_csv(self, path: str) -> None:
        """The shape table as CSV (written atomically)."""
        atomic_write_text(path, table_csv(self.graph))

    # ------------------------------------------------------------------ style & language

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        # the unscaled application font: the scene applies font_scale itself
        self.scene.set_style(theme, font_scale, base_font())
        self.field_panel.set_style(theme, font_scale)
        self.legend.update_legend(theme, self._kinds())
        if font_scale >= 1.3 and not self.table_side.folded:  # the graph gets most of the width
            total = max(sum(self.splitter.sizes()), 1)
            self.splitter.setSizes([int(total * 0.68), total - int(total * 0.68)])
        self._redraw(fit=True)

    def retranslate(self) -> None:
        self.act_unfold_all.setText(self.tr("Unfold all"))
        self.act_fold_all.setText(self.tr("Fold all"))
        self.act_repeats.setText(self.tr("Group repeats ×N"))
        self.act_repeats.setToolTip(self.tr("Draw runs of identical blocks as one box marked ×N"))
        self.act_zoom_in.setText(self.tr("Zoom in"))
        self.act_zoom_out.setText(self.tr("Zoom out"))
        self.act_fit.setText(self.tr("Fit"))
        self.act_table.setText(self.tr("Table"))
        self.act_table.setToolTip(self.tr("Show or hide the shape table and the layer details"))
        self.act_field.setText(self.tr("Receptive field"))
        self.act_field.setToolTip(
            self.tr("Show which input pixels a cell of the selected layer depends on")
        )
        self.field_panel.retranslate()
        headers = [
            self.tr("Layer"),
            self.tr("Type"),
            self.tr("Output shape"),
            self.tr("Parameters"),
            self.tr("MACs"),
        ]
        self.model.setHorizontalHeaderLabels(headers)
        self._update_totals()
        self.legend.update_legend(self.theme, self._kinds())
        self._fill_table()
        self.details.setPlaceholderText(
            self.tr("Click a layer to see its hyper-parameters, shapes and output-size formula.")
        )
        if self.graph is not None:
            self._redraw()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _numel(shape: tuple[int, ...]) -> int:
    out = 1
    for s in shape:
        out *= s
    return out
