"""The shape table and its CSV are core functions over a LayerGraph (no Qt)."""

import csv
import io

from cnnviz.core.graph import layer_graph_for
from cnnviz.core.summary import TABLE_COLUMNS, table_csv, table_rows


def test_table_rows_list_every_layer_then_the_total():
    g = layer_graph_for("lenet")
    rows = table_rows(g)
    assert len(rows) == len(g.nodes) - 1 + 1  # input left out, total added
    first = rows[0]
    assert first[:5] == ("0", "Conv2d", "6×28×28", 156, 117_600)
    assert first[5].endswith("= 28")  # the output-size formula
    assert rows[-1] == ("total", "", "10", g.total_params, g.total_macs, "")
    assert sum(r[3] for r in rows[:-1]) == g.total_params == 61_706
    assert all(len(r) == len(TABLE_COLUMNS) for r in rows)


def test_table_csv_reads_back_as_the_rows():
    g = layer_graph_for("resnet18", (64, 64))
    parsed = list(csv.reader(io.StringIO(table_csv(g))))
    assert tuple(parsed[0]) == TABLE_COLUMNS
    assert parsed[1:] == [[str(c) for c in r] for r in table_rows(g)]


def test_table_csv_of_no_graph_is_the_header():
    assert table_csv(None).splitlines() == [",".join(TABLE_COLUMNS)]
