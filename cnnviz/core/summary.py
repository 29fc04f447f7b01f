"""Text summaries of a :class:`~cnnviz.core.graph.LayerGraph`: an aligned table, the book's
printout, JSON and the shape table as CSV. Used by ``cnnviz summary``, ``cnnviz export`` and the
architecture view, and handy in a notebook::

    >>> from cnnviz.core.graph import layer_graph_for
    >>> print(format_d2l(layer_graph_for("lenet")).splitlines()[0])
    Conv2d output shape:	 torch.Size([1, 6, 28, 28])
"""

from __future__ import annotations

import csv
import io
import json

from cnnviz.core.graph import LayerGraph
from cnnviz.core.layout import shape_text

__all__ = [
    "FORMATS",
    "TABLE_COLUMNS",
    "format_d2l",
    "format_json",
    "format_summary",
    "format_table",
    "human",
    "table_csv",
    "table_rows",
]


def human(n: int) -> str:
    """Compact count: 61706 → '61.7K', 7547215872 → '7.55G'."""
    for unit, scale in (("G", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(n) >= scale:
            return f"{n / scale:.3g}{unit}"
    return str(n)


def _shape(s: tuple[int, ...]) -> str:
    return "(" + ", ".join(map(str, s)) + ")"


def format_table(g: LayerGraph, depth: int = 1) -> str:
    """Aligned table (name, type, output shape, parameters, MACs) with totals.

    Nested rows are indented; ``depth`` opens blocks down to that level.
    """
    header = ("Layer", "Type", "Output shape", "Params", "MACs")
    rows = [("input", "Input", _shape(g.input_shape), "", "")]
    for r in g.summary(depth):
        indent = "  " * (r.depth - 1)
        name = indent + r.name + (" ▾" if r.open else "")
        params = "" if r.open else f"{r.params:,}"
        macs = "" if r.open else f"{r.macs:,}"
        rows.append((name, r.type, _shape(r.output_shape), params, macs))
    if g.unused_params:  # parameters no layer of this forward pass uses
        rows.append(("(unused)", "unused in eval", "", f"{g.unused_params:,}", "0"))
    total = ("Total", "", _shape(g.output_shape), f"{g.total_params:,}", f"{g.total_macs:,}")
    widths = [max(len(row[i]) for row in [header, *rows, total]) for i in range(5)]

    def line(row: tuple[str, ...]) -> str:
        left = [row[i].ljust(widths[i]) for i in range(3)]
        right = [row[i].rjust(widths[i]) for i in range(3, 5)]
        return "  ".join(left + right).rstrip()

    rule = "  ".join("─" * w for w in widths)
    title = f"{g.model_name} on input {_shape(g.input_shape)}"
    foot = f"{human(g.total_params)} parameters, {human(g.total_macs)} multiply-accumulates"
    return "\n".join([title, line(header), rule, *map(line, rows), rule, line(total), foot])


#: the columns of :func:`table_rows` and :func:`table_csv` (the architecture view's shape table)
TABLE_COLUMNS = ("layer", "type", "output_shape", "parameters", "macs", "formula")


def table_rows(g: LayerGraph) -> list[tuple[str, str, str, int | str, int | str, str]]:
    """The shape table: one row per layer (input left out), then a ``total`` row.

    Each row follows :data:`TABLE_COLUMNS`; shapes read ``6×28×28`` (batch of 1 left out),
    parameters and MACs are ints.
    """
    rows: list[tuple[str, str, str, int | str, int | str, str]] = [
        (n.name, n.op, shape_text(n.output_shape), n.params, n.macs, n.formula) for n in g.nodes[1:]
    ]
    if g.unused_params:  # the layers' parameters plus these are the total
        rows.append(("unused", "unused in eval", "", g.unused_params, 0, ""))
    rows.append(("total", "", shape_text(g.output_shape), g.total_params, g.total_macs, ""))
    return rows


def table_csv(g: LayerGraph | None) -> str:
    """:func:`table_rows` as CSV text with a header line; only the header for ``None``."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(TABLE_COLUMNS)
    if g is not None:
        w.writerows(table_rows(g))
    return buf.getvalue()


def format_d2l(g: LayerGraph) -> str:
    """The book's printout, one line per top-level layer: ``Conv2d output shape: torch.Size(…)``."""
    lines = []
    for r in g.summary(1):
        name = r.base_type or r.type
        lines.append(f"{name} output shape:\t torch.Size([{', '.join(map(str, r.output_shape))}])")
    return "\n".join(lines)


def format_json(g: LayerGraph, depth: int = 1) -> str:
    """The summary rows at ``depth`` plus totals and the full graph, as JSON."""
    data = g.to_dict()
    data["rows"] = [
        {
            "name": r.name,
            "type": r.type,
            "output_shape": list(r.output_shape),
            "params": r.params,
            "macs": r.macs,
            "depth": r.depth,
            "is_block": r.is_block,
            "open": r.open,
        }
        for r in g.summary(depth)
    ]
    return json.dumps(data, indent=2, ensure_ascii=False)


FORMATS = ("table", "d2l", "json")


def format_summary(g: LayerGraph, fmt: str = "table", depth: int = 1) -> str:
    """Dispatch on ``fmt`` (one of :data:`FORMATS`); ``ValueError`` for another."""
    if fmt == "table":
        return format_table(g, depth)
    if fmt == "d2l":
        return format_d2l(g)
    if fmt == "json":
        return format_json(g, depth)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
