"""The schema of a lesson slide: every key it may have, what values each takes (in words the
GUI translates) and the check of one value (:func:`check_value`).

The checks that need more than one key, or the network, live in :mod:`cnnviz.core.lessons`.
"""

from __future__ import annotations

import math
from typing import Any

from cnnviz.core import catalog
from cnnviz.core.messages import message

__all__ = [
    "LAB_LIMITS",
    "LAB_MODES",
    "MAX_BIAS",
    "MAX_KERNEL_SIDE",
    "SLIDE_KEYS",
    "VIEWS",
    "check_value",
]

# the names and limits a slide may use are the catalog's (re-exported for the lesson schema)
VIEWS = catalog.VIEWS
LAB_MODES = catalog.LAB_MODES
LAB_LIMITS = catalog.LAB_LIMITS
MAX_KERNEL_SIDE = catalog.MAX_KERNEL_SIDE
MAX_BIAS = catalog.MAX_BIAS


def _int_pair_text(key: str) -> str:
    lo, hi = LAB_LIMITS[key]
    return message("an integer or a pair of integers from {lo} to {hi}", lo=lo, hi=hi)


def _int_text(key: str) -> str:
    lo, hi = LAB_LIMITS[key]
    return message("an integer from {lo} to {hi}", lo=lo, hi=hi)


def _one_of(names: list[str] | tuple[str, ...]) -> str:
    return message("one of {names}", names=", ".join(names))


#: every key a slide may have, and the values it takes in words (messages the GUI translates)
SLIDE_KEYS: dict[str, str] = {
    "title": message("text"),
    "title_zh": message("text"),
    "text": message("text"),
    "text_zh": message("text"),
    "view": _one_of(VIEWS),
    "network": message("a zoo network name"),
    "focus": message(
        "what the view brings into sight: a layer or block name (architecture: a block is "
        "unfolded and fills the view), a step number or "
        '"end" (lab; in the feature maps a layer, scrolled to the top), or curves, confusion, '
        "predictions or kernels (training)"
    ),
    # architecture view
    "unfold": message('a list of block names, or "all"'),
    "select": message("a layer name"),
    "table": message(
        "true or false: the shape table and layer details shown beside the graph (when "
        "presented they are a drawer, closed unless the slide opens it)"
    ),
    "zoom": message("a number from {lo:g} to {hi:g}", lo=0.05, hi=8),
    # convolution lab
    "lab_mode": _one_of(LAB_MODES),
    "input": message("a sample name"),
    "kernel": message(
        "a kernel preset name, a matrix (list of rows), or one matrix per input channel"
    ),
    "kernel_size": _int_pair_text("kernel_size"),
    "padding": _int_pair_text("padding"),
    "stride": _int_pair_text("stride"),
    "dilation": _int_pair_text("dilation"),
    "in_channels": _int_text("in_channels"),
    "out_channels": _int_text("out_channels"),
    "bias": message("a number from {lo:g} to {hi:g}", lo=-MAX_BIAS, hi=MAX_BIAS),
    "pool": message('"max" or "avg"'),
    "step": message('an integer (the output element) or "end"'),
    "gradient": message('"ones", "random" or "one"'),
    # training
    "dataset": message(
        "{names} or {last}",
        names=", ".join(catalog.dataset_names()[:-1]),
        last=catalog.dataset_names()[-1],
    ),
    "epochs": message("a positive integer"),
    "lr": message("a positive number"),
    "batch_size": message("a positive integer"),
    "train_subset": message("a positive integer"),
    "autostart": message("true or false"),
    "overlay": message(
        "a list of run names (folders in the runs list) whose curves are laid over the "
        "plot; the others are taken off"
    ),
    "expect_test_acc": message(
        "a number from 0 to 1: the test accuracy the slide's run reaches at least (a test "
        "trains it and checks)"
    ),
    "expect_stall": message(
        "true or false: the slide's run is expected not to learn (its loss stays near ln 10)"
    ),
    # what the text states, checked by the tests (cnnviz.core.claims)
    "claims": message(
        "a table of probes and the values the text states, such as output = [[19, 25], "
        '[37, 43]] or "params:total" = 61706'
    ),
    "given": message("a list of the numbers the text states that are not the app's state"),
    "bn_mode": message(
        '"train" or "eval": in the lab\'s feature maps, batch normalisation uses the batch\'s '
        "statistics or its running averages"
    ),
    # receptive fields (architecture view)
    "field": message(
        "a pair [row, column]: the output cell of the selected layer whose receptive field "
        "is drawn on the input"
    ),
}


# --------------------------------------------------------------------------- checks


def _is_int(v: Any, lo: int = 0, hi: int | None = None) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= lo and (hi is None or v <= hi)


def _int_pair(v: Any, key: str) -> bool:
    lo, hi = LAB_LIMITS[key]
    if _is_int(v, lo, hi):
        return True
    return isinstance(v, list) and len(v) == 2 and all(_is_int(x, lo, hi) for x in v)


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def rows_of_numbers(v: Any) -> bool:
    """A non-empty list of non-empty lists of numbers (rows may differ in length)."""
    return (
        isinstance(v, list)
        and len(v) > 0
        and all(isinstance(r, list) and len(r) > 0 and all(_number(x) for x in r) for r in v)
    )


def check_value(key: str, v: Any) -> bool:
    checks = {
        "title": lambda: isinstance(v, str) and v.strip() != "",
        "title_zh": lambda: isinstance(v, str),
        "text": lambda: isinstance(v, str),
        "text_zh": lambda: isinstance(v, str),
        "view": lambda: v in VIEWS,
        "focus": lambda: isinstance(v, str) and v != "",
        "network": lambda: _zoo_name(v),
        "unfold": lambda: (
            v == "all" or (isinstance(v, list) and all(isinstance(x, str) for x in v))
        ),
        "select": lambda: isinstance(v, str) and v != "",
        "table": lambda: isinstance(v, bool),
        "zoom": lambda: _number(v) and 0.05 <= v <= 8,
        "lab_mode": lambda: v in LAB_MODES,
        "input": lambda: isinstance(v, str) and v != "",
        "kernel": lambda: (
            (isinstance(v, str) and v != "")
            or rows_of_numbers(v)  # ragged rows get their own message (_kernel_problem)
            or (isinstance(v, list) and len(v) > 0 and all(rows_of_numbers(m) for m in v))
        ),
        "kernel_size": lambda: _int_pair(v, "kernel_size"),
        "padding": lambda: _int_pair(v, "padding"),
        "stride": lambda: _int_pair(v, "stride"),
        "dilation": lambda: _int_pair(v, "dilation"),
        "in_channels": lambda: _is_int(v, *LAB_LIMITS["in_channels"]),
        "out_channels": lambda: _is_int(v, *LAB_LIMITS["out_channels"]),
        "bias": lambda: _number(v) and math.isfinite(v) and abs(v) <= MAX_BIAS,
        "pool": lambda: v in ("max", "avg"),
        "step": lambda: v == "end" or _is_int(v, 0),
        "gradient": lambda: v in ("ones", "random", "one"),
        "dataset": lambda: v in catalog.DATASETS,
        "epochs": lambda: _is_int(v, 1),
        "lr": lambda: _number(v) and math.isfinite(v) and v > 0,
        "batch_size": lambda: _is_int(v, 1),
        "train_subset": lambda: _is_int(v, 1),
        "autostart": lambda: isinstance(v, bool),
        "overlay": lambda: isinstance(v, list) and all(isinstance(x, str) and x for x in v),
        "expect_test_acc": lambda: _number(v) and 0 <= v <= 1,
        "expect_stall": lambda: isinstance(v, bool),
        "bn_mode": lambda: v in ("train", "eval"),
        "claims": lambda: isinstance(v, dict) and all(isinstance(k, str) and k for k in v),
        "given": lambda: isinstance(v, list) and all(_number(x) for x in v),
        "field": lambda: isinstance(v, list) and len(v) == 2 and all(_is_int(x, 0) for x in v),
    }
    return checks[key]()


def _zoo_name(v: Any) -> bool:
    return isinstance(v, str) and v in catalog.NETWORKS
