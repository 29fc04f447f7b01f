"""GridCanvas: numbers on coloured cells, painted by hand so a step repaints only what changed.

A canvas shows :class:`Column` s of :class:`Grid` s (input channels, kernel, output…) and
:class:`Mark` s on top (the current window, the winner of a max window, cells receiving a
gradient).  Each grid's colours are one small QImage scaled up without smoothing; grid lines,
hatched padding and numbers are drawn only inside the repainted rectangles.  Changing a mark or a
few cells asks Qt to repaint just their rectangles (``incremental``; turn it off to repaint the
whole canvas every time, which the benchmark uses as its baseline).
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
)
from PySide6.QtWidgets import QToolTip, QWidget

from cnnviz.gui.lab.colors import accent, format_value, indices, lut, text_on, to_qimage, to_rgba
from cnnviz.gui.lab.grids import Column, Grid, Mark, arrange, widest_word
from cnnviz.gui.theme import Theme, get_theme

__all__ = ["Column", "Grid", "GridCanvas", "Mark"]


class GridCanvas(QWidget):
    """Columns of number grids with marks; emits :attr:`cell_clicked` (key, channel, i, j)."""

    cell_clicked = Signal(str, int, int, int)
    resized = Signal()  # its size changed: with the stepper, or when the sum below it grew

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns: list[Column] = []
        self._shown: list[Column] = []  # the columns laid out (all but an unreadable lens)
        self.marks: list[Mark] = []
        self.theme: Theme = get_theme("light")
        self.font_scale = 1.0
        self.max_cell = 96.0  # px at font scale 1
        self.incremental = True
        self.message = ""
        self.paint_count = 0  # paint events so far (tests and benchmarks read it)
        self._grids: dict[tuple[str, int], Grid] = {}
        self._titles: list[tuple[QRectF, str]] = []
        self._ops: list[tuple[QRectF, str]] = []
        self._fonts: dict[str, QFont] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(240, 160)

    # ------------------------------------------------------------------ content

    def set_columns(self, columns: list[Column], marks: list[Mark] | None = None) -> None:
        """Show ``columns`` (and ``marks``); lays everything out and repaints the whole canvas."""
        self.columns = columns
        self.marks = list(marks or [])
        self._grids = {(g.key, g.channel): g for c in columns for g in c.grids}
        for g in self._grids.values():
            self._make_image(g)
        self._layout()
        self.update()

    def grid(self, key: str, channel: int = 0) -> Grid:
        """The grid ``key`` of ``channel``; KeyError if it is not shown."""
        return self._grids[(key, channel)]

    def has_grid(self, key: str, channel: int = 0) -> bool:
        return (key, channel) in self._grids

    def set_values(
        self,
        key: str,
        channel: int,
        values: np.ndarray,
        changed: tuple[int, int, int, int] | None = None,
        mask: np.ndarray | None = None,
    ) -> None:
        """New values for one grid; ``changed`` = (i0, j0, rows, cols) limits the repaint;
        ``mask`` replaces the grid's padding cells (a lens moving over a padded input)."""
        g = self._grids[(key, channel)]
        g.values = values
        if mask is not None:
            g.mask = mask
        self._make_image(g)
        if changed is None:
            self._repaint_rect(g.rect())
        else:
            self._repaint_rect(g.block_rect(*changed))

    def set_marks(self, marks: list[Mark]) -> None:
        """Replace the marks, repainting the cells under the old and the new ones."""
        old = self.marks
        self.marks = list(marks)
        if not self.incremental:
            self.update()
            return
        region = QRegion()
        for m in set(old).symmetric_difference(self.marks):
            region = region.united(self._mark_bounds(m))
        if not region.isEmpty():
            self.update(region)

    def set_title(self, index: int, text: str) -> None:
        """Change the title of column ``index``, repainting only the title."""
        if not 0 <= index < len(self.columns):
            return
        column = self.columns[index]
        column.title = text
        at = next((k for k, c in enumerate(self._shown) if c is column), -1)
        if 0 <= at < len(self._titles):
            rect = self._titles[at][0]
            self._titles[at] = (rect, text)
            self._repaint_rect(rect)

    def set_message(self, text: str) -> None:
        self.message = text
        self.update()

    def shown_text(self, key: str, channel: int, i: int, j: int) -> str:
        """The number painted in cell (i, j) of a grid ("" when the cell shows no number)."""
        g = self._grids[(key, channel)]
        if not g.show_numbers:
            return ""
        return format_value(float(g.values[i, j]))

    def cell_at(self, pos: QPointF) -> tuple[str, int, int, int] | None:
        """(key, channel, i, j) of the cell under ``pos``, if any."""
        for g in self._grids.values():
            r = g.rect()
            if g.cell > 0 and r.contains(pos):
                i = min(int((pos.y() - g.y) / g.cell), g.rows - 1)
                j = min(int((pos.x() - g.x) / g.cell), g.cols - 1)
                return (g.key, g.channel, i, j)
        return None

    def cell_center(self, key: str, channel: int, i: int, j: int) -> QPointF:
        return self._grids[(key, channel)].cell_rect(i, j).center()

    # ------------------------------------------------------------------ style

    def set_style(self, theme: Theme, font_scale: float) -> None:
        self.theme, self.font_scale = theme, font_scale
        for g in self._grids.values():
            self._make_image(g)
        self._layout()
        self.update()

    def _font(self, role: str) -> QFont:
        f = QFont(self.font())
        base = f.pointSizeF() if f.pointSizeF() > 0 else 9.0
        if role == "title":
            f.setBold(True)
            f.setPointSizeF(base * 1.1)
        elif role == "op":
            f.setPointSizeF(base * 2.4)
            f.setBold(True)
        elif role == "label":
            f.setPointSizeF(base * 0.95)
        return f

    # ------------------------------------------------------------------ layout

    def resizeEvent(self, event) -> None:
        self._layout()
        super().resizeEvent(event)
        self.resized.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._layout()
            self.update()
        super().changeEvent(event)

    def _layout(self) -> None:
        self._titles, self._ops = [], []
        self._shown = list(self.columns)
        if not self.columns:
            return
        lens = [c for c in self._shown if c.lens]

        def readable() -> bool:
            return all(g.show_numbers for c in lens for g in c.grids)

        # a lens takes up to 60 % of the width, more when its numbers need it …
        for share in (0.6, 0.75, 0.85):
            self._titles, self._ops = [], []
            self._place(self._shown, share)
            if not lens or readable():
                return
        # … and one still too small for its numbers only takes room from the data: left out
        self._titles, self._ops = [], []
        self._shown = [c for c in self.columns if not c.lens]
        for c in lens:
            for g in c.grids:
                g.x, g.y, g.cell, g.show_numbers, g.label_rect = -1e4, -1e4, 0.0, False, None
        self._place(self._shown)

    def is_shown(self, key: str) -> bool:
        """Whether the grids ``key`` are laid out (a lens that cannot be read is left out)."""
        return any(g.key == key and g.cell > 0 for c in self._shown for g in c.grids)

    def _place(self, columns: list[Column], lens_share: float = 0.6) -> None:
        fs = self.font_scale
        title_f, label_f, op_f = self._font("title"), self._font("label"), self._font("op")
        word_f = self._font("title")
        self._fonts = {"title": title_f, "label": label_f, "op": op_f, "word": word_f}
        tm, lm = QFontMetricsF(title_f), QFontMetricsF(label_f)
        m = 10 * fs
        lh = lm.height() * 1.2
        gap_v = 8 * fs
        op_w = max((self._op_width(c.op) for c in columns if c.op), default=0.0)
        gap = max(26 * fs, op_w + 14 * fs)
        n = len(columns)
        avail_w = max(self.width() - 2 * m - gap * (n - 1), 20.0)
        max_cell = self.max_cell * fs
        small = [c for c in columns if c.small]
        # kernel cells are made big enough for their numbers at a legible size
        readable = max(34 * fs, self._needed_cell(small))
        data = [c for c in columns if not c.small]
        # with a lens the magnified crop (beside the kernel) is what is read: it may take most
        # of the width, and its cells are not held near the data's
        lensed = any(c.lens for c in columns)
        small_share = lens_share if lensed else 0.4
        gap_h = 12 * fs  # between grids side by side (wider where their labels need it)

        def cols_of(c: Column) -> int:
            return sum(g.cols for g in c.grids) if c.across else max(g.cols for g in c.grids)

        def fixed_w(c: Column) -> float:
            return gap_h * (len(c.grids) - 1) if c.across else 0.0

        def extra_h(c: Column) -> float:
            if c.across:
                if not any(g.label for g in c.grids):
                    return 0.0
                return lh if all(g.short for g in c.grids) else 2 * lh  # a long one may wrap
            return sum(lh if g.label else 0.0 for g in c.grids) + gap_v * (len(c.grids) - 1)

        def rows_of(c: Column) -> int:
            return max(g.rows for g in c.grids) if c.across else sum(g.rows for g in c.grids)

        fits = {"all": True}

        # side by side a label may wrap ("channel" over "0"): its widest word sets its width
        label_w = {
            id(g): widest_word(lm, g.short or g.label) + 6 * fs for c in columns for g in c.grids
        }

        def label_over(s: float, sk: float) -> float:
            """How much wider than their grids the labels of grids side by side are."""
            over = 0.0
            for c in columns:
                if c.across:
                    cell = sk if c.small else s
                    over += sum(max(0.0, label_w[id(g)] - g.cols * cell) for g in c.grids)
            return over

        def cells(th: float) -> tuple[float, float]:
            avail_h = max(self.height() - 2 * m - th, 20.0)
            small_w = sum(cols_of(c) for c in small)
            data_w = sum(cols_of(c) for c in data)

            def fit_h(c: Column) -> float:
                return (avail_h - extra_h(c)) / max(rows_of(c), 1)

            def solve(room_w: float) -> tuple[float, float]:
                sk = min([max_cell, *(fit_h(c) for c in small)])
                if small and data:
                    sk = min(sk, small_share * room_w / max(small_w, 1))
                s = min([max_cell, *(fit_h(c) for c in data)])
                if data:
                    s = min(s, (room_w - sk * small_w) / max(data_w, 1))
                    # kernel cells: big enough for numbers, otherwise not much bigger than
                    # the data's
                    if small and not lensed and sk > max(1.6 * s, readable):
                        sk = max(1.6 * s, readable)
                        s = min(
                            [
                                max_cell,
                                *(fit_h(c) for c in data),
                                (room_w - sk * small_w) / max(data_w, 1),
                            ]
                        )
                elif small:
                    sk = min(sk, room_w / max(small_w, 1))
                return s, sk

            base = avail_w - sum(fixed_w(c) for c in columns)
            over = 0.0
            for _ in range(4):  # labels wider than small grids side by side take room too
                s, sk = solve(max(base - over, 20.0))
                now = label_over(s, sk)
                if now <= over + 0.5:
                    break
                over = now
            fits["all"] = s >= 0.5 and sk >= 1 and label_over(s, sk) <= over + 1 and base > over
            # whole pixels keep grid lines even; below 4 px (no lines) a fraction still counts,
            # down to half a pixel (an overview of three 50×50 channels on a low canvas)
            s = math.floor(s) if s >= 4 else max(math.floor(s * 4) / 4, 0.5)
            return s, max(math.floor(sk), 1)

        def widths(s: float, sk: float) -> list[float]:
            def width(c: Column) -> float:
                cell = sk if c.small else s
                if c.across:  # each grid as wide as its label at least
                    grids = sum(max(g.cols * cell, label_w[id(g)]) for g in c.grids)
                    return grids + fixed_w(c)
                return cols_of(c) * cell

            return [width(c) for c in columns]

        def title_height(ws: list[float]) -> float:
            h = tm.height()
            for c, w in zip(columns, ws):
                if c.title:
                    box = QRectF(0, 0, max(w + gap - 4, 80 * fs, widest_word(tm, c.title)), 1e6)
                    h = max(h, tm.boundingRect(box, Qt.TextFlag.TextWordWrap, c.title).height())
            return h + tm.height() * 0.35

        need_data = self._needed_cell(data) if data else 0.0

        def score(s: float, sk: float) -> tuple[float, ...]:
            # first everything fits (cells() has just said), then numbers that can be read
            # stay readable (a lens's first: they are what is read), then the bigger cells
            data_ok, small_ok = s >= need_data, min(sk, readable)
            legible = (small_ok, data_ok) if lensed else (data_ok, small_ok)
            # but an image shrunk below 1.5 px a cell is lost: keep it an image first
            return (fits["all"], s >= 1.5 or not data, *legible, s, sk)

        th = tm.height() * 1.35 if any(c.title for c in columns) else 0.0
        arrange(columns, lambda: score(*cells(th)))
        s, sk = cells(th)
        for _ in range(3 if th else 0):  # wrapped titles take height: arrange again
            needed = title_height(widths(s, sk))
            if needed <= th + 0.5:
                break
            th = needed
            arrange(columns, lambda th=th: score(*cells(th)))
            s, sk = cells(th)
        ws = widths(s, sk)
        total = sum(ws) + gap * (n - 1)
        x = max(m, (self.width() - total) / 2)
        heights = []
        for c in columns:
            cell = sk if c.small else s
            heights.append(rows_of(c) * cell + extra_h(c))
        content_h = max(heights)
        avail_h = max(self.height() - 2 * m - th, 20.0)
        top = m + th + max(0.0, (avail_h - content_h) / 2 * 0.6)  # a little above the centre
        for k, (c, w, h) in enumerate(zip(columns, ws, heights)):
            c.x, c.width = x, w
            cell = sk if c.small else s
            tw = min(max(w + gap - 4, 80 * fs, widest_word(tm, c.title)), self.width() - 4)
            tx = min(max(x + w / 2 - tw / 2, 2.0), self.width() - tw - 2)
            self._titles.append((QRectF(tx, top - th, tw, th), c.title))
            if c.op and k > 0:
                self._ops.append((QRectF(x - gap, top, gap, content_h), c.op))
            y = top + max((content_h - h) / 2, 0)
            if c.across:
                self._place_across(c, x, y, float(cell), lh, gap_h, label_w)
            else:
                for g in c.grids:
                    if g.label:
                        lw = max(w + gap - 4, 80 * fs)
                        g.label_rect = QRectF(x + w / 2 - lw / 2, y, lw, lh)
                        g.label_text = g.label
                        y += lh
                    else:
                        g.label_rect = None
                    g.cell = float(cell)
                    g.x = float(round(x + (w - g.cols * cell) / 2))
                    g.y = float(round(y))
                    y += g.rows * cell + gap_v
                    self._fit_numbers(g)
            x += w + gap

    def _place_across(
        self,
        c: Column,
        x: float,
        y: float,
        cell: float,
        lh: float,
        gap_h: float,
        label_w: dict[int, float],
    ) -> None:
        has_labels = any(g.label for g in c.grids)
        label_h = lh if all(g.short for g in c.grids) else 2 * lh
        for g in c.grids:
            w = g.cols * cell
            slot = max(w, label_w[id(g)])  # a label wider than its grid widens its slot
            g.label_rect = QRectF(x, y, slot, label_h) if g.label else None
            g.label_text = g.short or g.label
            g.cell = cell
            g.x = float(round(x + (slot - w) / 2))
            g.y = float(round(y + (label_h if has_labels else 0.0)))
            x += slot + gap_h
            self._fit_numbers(g)

    def _op_width(self, op: str) -> float:
        role = "op" if len(op) <= 2 else "word"
        return QFontMetricsF(self._fonts.get(role) or self._font(role)).horizontalAdvance(op)

    def _min_px(self) -> float:
        """The smallest pixel size numbers are drawn at (they are left out below it)."""
        return 7.5 * max(self.font_scale, 1.0)

    def _needed_cell(self, columns: list[Column]) -> float:
        """The cell size that fits the widest number of ``columns`` at 1.2 × the smallest size."""
        font = QFont(self.font())
        font.setPixelSize(max(1, round(self._min_px() * 1.2)))
        fm = QFontMetricsF(font)
        widest = 0.0
        for c in columns:
            for g in c.grids:
                source = g.measure if g.measure is not None else g.values
                texts = {format_value(float(v)) for v in np.asarray(source).flat[:400]}
                widest = max([widest, *(fm.horizontalAdvance(t) for t in texts)])
        return widest / 0.88

    def _fit_numbers(self, g: Grid) -> None:
        min_px = self._min_px()
        g.show_numbers = False
        if g.cell < min_px * 1.5:
            return
        px = g.cell * 0.5
        source = g.measure if g.measure is not None else g.values
        texts = {format_value(float(v)) for v in np.asarray(source, dtype=np.float64).flat}
        if g.pad != (0, 0):
            texts.add("0")
        font = QFont(self.font())
        font.setPixelSize(max(1, round(px)))
        fm = QFontMetricsF(font)
        widest = max((fm.horizontalAdvance(t) for t in texts), default=0.0)
        if widest > g.cell * 0.88:
            px *= g.cell * 0.88 / widest
        g.font_px = px
        g.show_numbers = px >= min_px

    def _make_image(self, g: Grid) -> None:
        ph, pw = g.pad
        mask = None
        if g.mask is not None:
            mask = g.mask if g.mask.any() else None
        elif ph or pw:
            mask = np.ones(g.values.shape, dtype=bool)
            mask[ph : g.rows - ph, pw : g.cols - pw] = False
        g.pad_mask = mask
        g.image = to_qimage(to_rgba(g.values, *g.levels, g.cmap, mask, accent(self.theme, "pad")))

    # ------------------------------------------------------------------ painting

    def _repaint_rect(self, rect: QRectF) -> None:
        if self.incremental:
            self.update(rect.toAlignedRect().adjusted(-3, -3, 3, 3))
        else:
            self.update()

    def _pen_width(self, g: Grid) -> float:
        return max(2.0, min(3.5 * self.font_scale, g.cell * 0.22))

    def _mark_rects(self, m: Mark) -> list[QRectF]:
        g = self._grids.get((m.key, m.channel))
        if g is None:
            return []
        rects = [g.cell_rect(i, j) for i, j in m.cells]
        if m.block is not None:
            rects.append(g.block_rect(*m.block))
        return rects

    def _mark_bounds(self, m: Mark) -> QRegion:
        g = self._grids.get((m.key, m.channel))
        region = QRegion()
        if g is None:
            return region
        pad = math.ceil(self._pen_width(g)) + 3
        for r in self._mark_rects(m):
            region = region.united(QRegion(r.toAlignedRect().adjusted(-pad, -pad, pad, pad)))
        return region

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        p = QPainter(self)
        bg = QColor(self.theme.background)
        for rect in event.region():
            p.save()
            p.setClipRect(rect)
            p.fillRect(rect, bg)
            self._paint_rect(p, QRectF(rect))
            p.restore()
        p.end()

    def _paint_rect(self, p: QPainter, clip: QRectF) -> None:
        text = QColor(self.theme.text)
        if not self.columns:
            if self.message:
                p.setPen(text)
                p.drawText(
                    QRectF(self.rect()).adjusted(20, 20, -20, -20),
                    Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                    self.message,
                )
            return
        p.setPen(text)
        p.setFont(self._fonts["title"])
        for r, t in self._titles:
            if r.intersects(clip):
                p.drawText(
                    r,
                    Qt.AlignmentFlag.AlignHCenter
                    | Qt.AlignmentFlag.AlignBottom
                    | Qt.TextFlag.TextWordWrap,
                    t,
                )
        for r, t in self._ops:
            if r.intersects(clip):
                p.setFont(self._fonts["op" if len(t) <= 2 else "word"])
                p.drawText(r, Qt.AlignmentFlag.AlignCenter, t)
        p.setFont(self._fonts["label"])
        muted = QColor(self.theme.muted)
        for g in self._grids.values():
            lr = g.label_rect
            if lr is not None and lr.intersects(clip):
                p.setPen(muted)
                p.drawText(
                    lr,
                    Qt.AlignmentFlag.AlignHCenter
                    | Qt.AlignmentFlag.AlignBottom
                    | Qt.TextFlag.TextWordWrap,
                    g.label_text,
                )
        for g in self._grids.values():
            if g.rect().intersects(clip):
                self._paint_grid(p, g, clip)
        for m in self.marks:
            self._paint_mark(p, m, clip)

    def _paint_grid(self, p: QPainter, g: Grid, clip: QRectF) -> None:
        c = g.cell
        i0 = max(0, int((clip.top() - g.y) // c))
        i1 = min(g.rows, math.ceil((clip.bottom() - g.y) / c))
        j0 = max(0, int((clip.left() - g.x) // c))
        j1 = min(g.cols, math.ceil((clip.right() - g.x) / c))
        if i1 <= i0 or j1 <= j0:
            return
        target = g.block_rect(i0, j0, i1 - i0, j1 - j0)
        p.drawImage(target, g.image, QRectF(j0, i0, j1 - j0, i1 - i0))
        # hatched padding
        if g.pad_mask is not None and g.mask is not None:
            hatch = QBrush(accent(self.theme, "hatch"), Qt.BrushStyle.BDiagPattern)
            for a, b in np.argwhere(g.pad_mask[i0:i1, j0:j1]):
                p.fillRect(g.cell_rect(i0 + int(a), j0 + int(b)).intersected(clip), hatch)
        elif g.pad_mask is not None:
            ph, pw = g.pad
            hatch = QBrush(accent(self.theme, "hatch"), Qt.BrushStyle.BDiagPattern)
            bands = [
                g.block_rect(0, 0, ph, g.cols),
                g.block_rect(g.rows - ph, 0, ph, g.cols),
                g.block_rect(ph, 0, g.rows - 2 * ph, pw),
                g.block_rect(ph, g.cols - pw, g.rows - 2 * ph, pw),
            ]
            for band in bands:
                if band.width() > 0 and band.height() > 0 and band.intersects(clip):
                    p.fillRect(band.intersected(clip), hatch)
        # grid lines
        if c >= 5:
            line = QColor(self.theme.muted)
            line.setAlpha(110 if c >= 12 else 60)
            p.setPen(QPen(line, 1))
            x0, x1 = g.x + j0 * c, g.x + j1 * c
            y0, y1 = g.y + i0 * c, g.y + i1 * c
            lines = [QLineF(x0, g.y + i * c, x1, g.y + i * c) for i in range(i0, i1 + 1)]
            lines += [QLineF(g.x + j * c, y0, g.x + j * c, y1) for j in range(j0, j1 + 1)]
            p.drawLines(lines)
        frame = QColor(self.theme.frame)
        p.setPen(QPen(frame, max(1.0, self.font_scale)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(g.rect())
        if g.show_numbers:
            font = QFont(self.font())
            font.setPixelSize(max(1, round(g.font_px)))
            p.setFont(font)
            block = g.values[i0:i1, j0:j1]
            idx = indices(block, *g.levels)
            colours = lut(g.cmap)[idx]
            pad_text = text_on(np.array(accent(self.theme, "pad").getRgb()))
            for a in range(i1 - i0):
                for b in range(j1 - j0):
                    v = float(block[a, b])
                    t = format_value(v)
                    if not t:
                        continue
                    is_pad = g.pad_mask is not None and g.pad_mask[i0 + a, j0 + b]
                    p.setPen(pad_text if is_pad else text_on(colours[a, b]))
                    p.drawText(g.cell_rect(i0 + a, j0 + b), Qt.AlignmentFlag.AlignCenter, t)

    def _paint_mark(self, p: QPainter, m: Mark, clip: QRectF) -> None:
        g = self._grids.get((m.key, m.channel))
        if g is None:
            return
        rects = self._mark_rects(m)
        if not any(r.adjusted(-6, -6, 6, 6).intersects(clip) for r in rects):
            return
        w = self._pen_width(g)
        window, winner = accent(self.theme, "window"), accent(self.theme, "winner")
        p.setBrush(Qt.BrushStyle.NoBrush)
        if m.style in ("window", "current", "chosen"):
            pen = QPen(window, w)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            if m.style == "chosen":
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            for r in rects:
                if m.style == "current":
                    tint = QColor(window)
                    tint.setAlpha(70)
                    p.fillRect(r, tint)
                p.drawRect(r.adjusted(w / 2, w / 2, -w / 2, -w / 2))
        elif m.style == "lens":
            pen = QPen(QColor(self.theme.text), max(1.5, w * 0.6))
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            p.setPen(pen)
            for r in rects:
                p.drawRect(r.adjusted(-w / 2, -w / 2, w / 2, w / 2))
        elif m.style == "receive":
            p.setPen(QPen(winner, max(1.5, w * 0.8), Qt.PenStyle.SolidLine))
            for r in rects:
                p.drawRect(r.adjusted(w / 2, w / 2, -w / 2, -w / 2))
            px = round(g.cell * 0.19)
            if m.labels and px >= self._min_px() * 0.8:
                # what the cell receives, in a small tag in its top-left corner
                font = QFont(self.font())
                font.setPixelSize(px)
                font.setBold(True)
                p.setFont(font)
                fm = QFontMetricsF(font)
                for r, label in zip(rects, m.labels):
                    tag = QRectF(
                        r.left() + w, r.top() + w, fm.horizontalAdvance(label) + 4, fm.height()
                    )
                    tag = tag.intersected(r)
                    p.fillRect(tag, winner)
                    p.setPen(QColor("#000000"))
                    p.drawText(tag, Qt.AlignmentFlag.AlignCenter, label)
        elif m.style == "winner":
            p.setPen(QPen(winner, w))
            for r in rects:
                inset = max(w, r.width() * 0.1)
                p.drawEllipse(r.adjusted(inset, inset, -inset, -inset))
        elif m.style == "won":
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(winner)
            for r in rects:
                d = max(3.0, r.width() * 0.22)
                p.drawEllipse(QRectF(r.right() - d - 1, r.top() + 1, d, d))

    # ------------------------------------------------------------------ mouse

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        hit = self.cell_at(event.position())
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cell_clicked.emit(*hit)
        super().mousePressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            hit = self.cell_at(QPointF(event.pos()))
            if hit is None:
                QToolTip.hideText()
            else:
                key, ch, i, j = hit
                g = self._grids[(key, ch)]
                v = float(g.values[i, j])
                value = format_value(v, 6) or "—"
                text = f"{g.label or key} [{i}, {j}] = {value}"
                QToolTip.showText(event.globalPos(), text, self, QRect())
            return True
        return super().event(event)
