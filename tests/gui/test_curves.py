"""Training curves a class can read: colour = run, line style = metric, a legend and a key that
match what is drawn, tick labels at every text scale, a smoothed loss, slides' overlays."""

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPicture
from PySide6.QtWidgets import QApplication

from cnnviz.core.training import Metrics, RunDirectory, TrainConfig, ema_smooth
from cnnviz.gui.appearance import base_font
from cnnviz.gui.theme import get_theme
from cnnviz.gui.training.curves import METRIC_STYLES, METRICS, RAW_ALPHA, CurvesPlot, run_colours

SOLID, DASH, DOT = Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine


def records(epochs: int = 3, per: int = 5, start: float = 2.0, seed: int = 0) -> list[Metrics]:
    """A run's log: ``per`` progress records an epoch, then the epoch's test accuracy."""
    rng = np.random.default_rng(seed)
    out, step = [], 0
    for e in range(epochs):
        for k in range(1, per + 1):
            step += 1
            x = e + k / per
            loss = start * math.exp(-x) + 0.2 + float(rng.normal(0, 0.05))
            acc = 0.9 * (1 - math.exp(-1.5 * (x - 1 / per)))  # from 0: the y axis' end tick
            out.append(Metrics(epoch=x, step=step, train_loss=loss, train_acc=acc))
        out.append(Metrics(epoch=float(e + 1), step=step, test_acc=0.5 + 0.1 * e))
    return out


def write_run(root: Path, name: str, log: list[Metrics]) -> str:
    """A finished run on disk (config, status, metrics), as ``cnnviz train`` leaves one."""
    run = RunDirectory(root / name)
    run.create(TrainConfig(model="lenet_bn", dataset="shapes", epochs=3, device="cpu"))
    run.append_metrics(log)
    run.set_status("finished", best_test_acc=max(m.test_acc or 0 for m in log))
    return str(run.path)


def colour(item) -> str:
    return item.opts["pen"].color().name()


def style(item) -> Qt.PenStyle:
    return item.opts["pen"].style()


def full_data(item) -> tuple[np.ndarray, np.ndarray]:
    """All of an item's points (``getData`` leaves out those beyond the x range)."""
    return item.xData, item.yData


def has_data(item) -> bool:
    x, _ = item.getData()
    return x is not None and len(x) > 0


def drawn_items(curves: CurvesPlot) -> list:
    """The data items on the plot that are visible and hold points."""
    items = curves.plot.getPlotItem().listDataItems()
    return [it for it in items if it.isVisible() and has_data(it)]


def legend_entries(curves: CurvesPlot) -> list[tuple[str, str]]:
    """(name, sample colour) of each legend entry, in order (none while hidden)."""
    if not curves.legend.isVisible():
        return []
    return [(label.text, sample.pen.color().name()) for sample, label in curves.legend.items]


@pytest.fixture
def curves(qtbot):
    w = CurvesPlot()
    qtbot.addWidget(w)
    w.resize(900, 520)
    w.set_names("train loss", "train acc", "test acc", "epoch")
    w.set_style(get_theme("light"), 1.0)
    w.show()
    qtbot.waitExposed(w)
    return w


def show_three_runs(curves: CurvesPlot) -> None:
    curves.set_epochs(3)
    curves.set_current_run("/runs/shown", "shown")
    curves.add_records(records(seed=0))
    curves.set_overlay("/runs/b", "run-b", records(start=2.5, seed=1))
    curves.set_overlay("/runs/c", "run-c", records(start=1.5, seed=2))


# --------------------------------------------------------------------------- colour and style


@pytest.mark.parametrize("theme", ["light", "dark", "contrast"])
def test_the_colour_says_the_run_and_the_line_style_the_metric(curves, theme):
    curves.set_style(get_theme(theme), 1.0)
    show_three_runs(curves)
    runs = [curves.current, curves.overlays["/runs/b"], curves.overlays["/runs/c"]]
    palette = run_colours(get_theme(theme))
    assert curves.current.colour == palette[0]
    assert len({r.colour for r in runs}) == 3  # one colour a run
    for run in runs:
        items = (run.loss.item, run.train_acc.item, run.test_acc.item)
        assert {colour(it) for it in items} == {run.colour}
        assert [style(it) for it in items] == [SOLID, DASH, DOT]  # the same for every run
        assert run.test_acc.item.opts["symbolBrush"].color().name() == run.colour
    # 3 runs × 3 metrics drawn, nothing twice, no smoothed curve while smoothing is off
    assert len(drawn_items(curves)) == 9


def test_a_theme_change_recolours_every_run_by_its_place(curves):
    show_three_runs(curves)
    curves.set_style(get_theme("contrast"), 2.0)
    palette = run_colours(get_theme("contrast"))
    b, c = curves.overlays["/runs/b"], curves.overlays["/runs/c"]
    assert [curves.current.colour, b.colour, c.colour] == list(palette[:3])
    assert colour(b.train_acc.item) == palette[1] and colour(c.test_acc.item) == palette[2]
    # a run taken off frees its colour for the next one
    curves.remove_overlay("/runs/b")
    curves.set_overlay("/runs/d", "run-d", records(seed=3))
    assert curves.overlays["/runs/d"].colour == palette[1]
    assert len(drawn_items(curves)) == 9


# --------------------------------------------------------------------------- legend and key


def test_the_legend_names_each_run_in_its_colour_and_the_key_each_metric(curves):
    assert legend_entries(curves) == []  # no run: no legend
    show_three_runs(curves)
    b, c = curves.overlays["/runs/b"], curves.overlays["/runs/c"]
    assert legend_entries(curves) == [
        ("shown", curves.current.colour),
        ("run-b", b.colour),
        ("run-c", c.colour),
    ]
    theme = get_theme("light")
    keys = curves.keys
    assert [keys[m].text for m in ("loss", "train_acc", "test_acc")] == [
        "train loss",
        "train acc",
        "test acc",
    ]
    for metric, key in keys.items():
        # the key's line is the style of that metric's curves, in the neutral colour
        drawn = b.series()[METRICS.index(metric)].item
        assert key.pen.style() == METRIC_STYLES[metric] == style(drawn)
        assert key.pen.color().name() == theme.muted
        assert key.pen.color().name() not in {r.colour for r in (curves.current, b, c)}
        assert key.isVisible() and key.width() >= QFontMetricsF(key.font()).horizontalAdvance(
            key.text
        )
    assert keys["test_acc"].symbol_size > 0 and keys["loss"].symbol_size == 0
    curves.remove_overlay("/runs/b")
    assert [name for name, _ in legend_entries(curves)] == ["shown", "run-c"]
    curves.set_current_run(None)
    curves.clear()
    assert [name for name, _ in legend_entries(curves)] == ["run-c"]


def test_the_run_shown_is_drawn_once_when_it_is_also_laid_over(curves):
    show_three_runs(curves)
    curves.set_overlay("/runs/shown", "shown", records(seed=0))  # ticked in the runs list too
    assert len(drawn_items(curves)) == 9
    assert [name for name, _ in legend_entries(curves)] == ["shown", "run-b", "run-c"]
    # another run shown: the laid-over one is drawn again, the new one once
    curves.set_current_run("/runs/b", "run-b")
    curves.clear()
    curves.add_records(records(start=2.5, seed=1))
    assert [name for name, _ in legend_entries(curves)] == ["run-b", "run-c", "shown"]
    assert len(drawn_items(curves)) == 9
    assert not curves.overlays["/runs/b"].loss.item.isVisible()
    assert curves.overlays["/runs/shown"].loss.item.isVisible()


# --------------------------------------------------------------------------- ticks and fonts


def left_tick_labels(curves: CurvesPlot) -> tuple[list, int]:
    """The y axis' tick labels as it draws them now (rect, flags, text), and how many major
    ticks lie in its range."""
    axis = curves.plot.getPlotItem().getAxis("left")
    picture = QPicture()
    painter = QPainter(picture)
    painter.setFont(axis.style["tickFont"])
    try:
        _, _, texts = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    lo, hi = axis.range
    _, values = axis.tickValues(lo, hi, axis.geometry().height())[0]
    return texts, sum(lo <= v <= hi for v in values)


@pytest.mark.parametrize(
    "theme, scale, size",
    [
        ("light", 1.0, (900, 520)),
        ("light", 2.0, (900, 520)),
        ("contrast", 1.6, (1100, 420)),
        ("contrast", 2.0, (900, 520)),
        ("contrast", 3.0, (900, 520)),
        ("contrast", 3.0, (700, 360)),
    ],
)
def test_every_y_tick_label_is_drawn_whole_at_any_text_scale(curves, qtbot, theme, scale, size):
    curves.resize(*size)
    curves.set_style(get_theme(theme), scale)
    show_three_runs(curves)
    QApplication.processEvents()
    texts, ticks = left_tick_labels(curves)
    assert ticks >= 2 and len(texts) == ticks, [t for _, _, t in texts]
    axis = curves.plot.getPlotItem().getAxis("left")
    area = curves.plot.rect()
    for rect, _, text in texts:
        assert rect.left() >= 0, f"{text!r} is cut on the left"  # within the axis' width
        shown = curves.plot.mapFromScene(axis.mapRectToScene(rect)).boundingRect()
        assert area.contains(shown), f"{text!r} at {shown} lies outside {area}"
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(base_font().pointSizeF() * scale)


def test_the_tick_fonts_and_the_y_axis_grow_with_the_text_scale(curves):
    show_three_runs(curves)
    axis = curves.plot.getPlotItem().getAxis("left")
    widths, sizes = [], []
    for scale in (1.0, 1.6, 2.0, 3.0):
        curves.set_style(get_theme("contrast"), scale)
        QApplication.processEvents()
        font = axis.style["tickFont"]
        fm = QFontMetricsF(font)
        sizes.append(font.pointSizeF())
        widths.append(axis.width())
        room = fm.horizontalAdvance("0.00") + axis.style["tickTextOffset"][0]
        assert axis.width() >= room  # "0.25" fits beside the axis
        bottom = curves.plot.getPlotItem().getAxis("bottom")
        assert bottom.style["tickFont"].pointSizeF() == pytest.approx(font.pointSizeF())
        legend = curves.legend_font().pointSizeF()
        assert curves.keys["loss"].font().pointSizeF() == pytest.approx(legend)
        assert curves.legend.opts["labelTextSize"] == f"{legend:.1f}pt"
        assert font.pointSizeF() >= legend >= base_font().pointSizeF()
    assert sizes == sorted(sizes) and len(set(sizes)) == 4
    assert sizes[-1] == pytest.approx(3 * sizes[0])
    assert widths == sorted(widths) and widths[-1] > 2 * widths[0]
    curves.set_style(get_theme("light"), 1.0)  # and back: the axis narrows again
    QApplication.processEvents()
    assert axis.width() == pytest.approx(widths[0])


# --------------------------------------------------------------------------- smoothing


def test_smooth_draws_the_ema_of_the_loss_over_faint_raw_values(curves, qtbot):
    show_three_runs(curves)
    run = curves.current
    assert not curves.smooth_box.isChecked() and curves.smoothing == 0
    assert not has_data(run.smoothed)
    qtbot.mouseClick(curves.smooth_box, Qt.MouseButton.LeftButton)  # default weight 0.6
    assert curves.smoothing == pytest.approx(0.6) and curves.smooth_value.text() == "0.60"
    x, y = run.loss.data()
    sx, sy = full_data(run.smoothed)
    assert np.array_equal(sx, x) and np.allclose(sy, ema_smooth(y, 0.6))
    assert not np.allclose(sy, y)
    raw, smooth = run.loss.item.opts["pen"].color(), run.smoothed.opts["pen"].color()
    assert raw.alpha() == RAW_ALPHA and smooth.alpha() == 255
    assert raw.name() == smooth.name() == run.colour and style(run.smoothed) == SOLID
    for o in curves.overlays.values():  # laid-over runs are smoothed alike
        _, oy = o.loss.data()
        assert np.allclose(full_data(o.smoothed)[1], ema_smooth(oy, 0.6))
        assert o.loss.item.opts["pen"].color().alpha() == RAW_ALPHA
    assert len(drawn_items(curves)) == 12  # each run's loss twice: raw and smoothed
    assert curves.keys["loss"].text == "train loss (smoothed)"

    curves.smooth_slider.setValue(90)  # a heavier weight
    assert np.allclose(full_data(run.smoothed)[1], ema_smooth(y, 0.9))
    curves.add_records(records(epochs=4, seed=0)[-6:])  # live: the next epoch comes
    x, y = run.loss.data()
    assert len(x) == 20 and np.allclose(full_data(run.smoothed)[1], ema_smooth(y, 0.9))

    qtbot.mouseClick(curves.smooth_box, Qt.MouseButton.LeftButton)  # off again
    assert curves.smoothing == 0 and not has_data(run.smoothed)
    assert run.loss.item.opts["pen"].color().alpha() == 255
    assert curves.keys["loss"].text == "train loss" and len(drawn_items(curves)) == 9
    curves.set_smoothing(0.75)  # the same from code: box and slider follow
    assert curves.smooth_box.isChecked() and curves.smooth_slider.value() == 75
    curves.set_smoothing(0)
    assert not curves.smooth_box.isChecked() and not has_data(run.smoothed)
    curves.smooth_slider.setValue(30)  # moving the weight turns smoothing on
    assert curves.smooth_box.isChecked() and curves.smoothing == pytest.approx(0.3)
    assert np.allclose(full_data(run.smoothed)[1], ema_smooth(y, 0.3))


# --------------------------------------------------------------------------- the view


@pytest.fixture
def view(training_view):
    return training_view


def ticked(view) -> list[str]:
    return sorted(Path(p).name for p in view.run_table.overlay_paths())


def test_the_view_draws_the_run_shown_once_and_names_it(view):
    root = view.runs_root
    a = write_run(root, "run-a", records(seed=0))
    b = write_run(root, "run-b", records(start=2.5, seed=1))
    view.refresh_runs()
    assert view.open_run(a)
    for path in (a, b):
        view.run_table._items[path].setCheckState(0, Qt.CheckState.Checked)
    assert set(view.curves.overlays) == {a, b}
    curves = view.curves
    assert [name for name, _ in legend_entries(curves)] == ["run-a", "run-b"]
    assert len(drawn_items(curves)) == 6  # run-a (shown) and run-b, 3 curves each
    assert view.open_run(b)
    assert [name for name, _ in legend_entries(curves)] == ["run-b", "run-a"]
    assert len(drawn_items(curves)) == 6
    assert curves.current.colour == run_colours(view.theme)[0]


def test_a_slide_shows_the_runs_it_names_and_no_other(view):
    root = view.runs_root
    paths = {
        n: write_run(root, n, records(seed=i)) for i, n in enumerate(["old", "lr-0.1", "lr-0.9"])
    }
    view.refresh_runs()
    for path in paths.values():  # ticked in an earlier session
        view.set_overlay(path, True)
    assert ticked(view) == ["lr-0.1", "lr-0.9", "old"]

    view.apply_state({"network": "lenet", "epochs": 3})  # a slide naming no run
    assert ticked(view) == [] and view.curves.overlays == {}
    assert legend_entries(view.curves) == [] and drawn_items(view.curves) == []

    view.set_overlay(paths["old"], True)
    view.apply_state({"network": "lenet", "overlay": ["lr-0.9", "lr-0.1"]})
    assert ticked(view) == ["lr-0.1", "lr-0.9"]
    assert [name for name, _ in legend_entries(view.curves)] == ["lr-0.9", "lr-0.1"]
    assert view.capture_state()["overlay"] == ["lr-0.9", "lr-0.1"]
    assert view.state.overlay == ("lr-0.9", "lr-0.1")

    with pytest.raises(ValueError, match="'gone'"):  # said, once the rest is applied
        view.apply_state({"network": "lenet", "epochs": 4, "overlay": ["gone", "lr-0.1"]})
    assert ticked(view) == ["lr-0.1"] and view.epochs.value() == 4
