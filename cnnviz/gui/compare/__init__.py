"""The Compare tab: every zoo network side by side.

* :mod:`~cnnviz.gui.compare.table` — :class:`CompareModel`, the table's rows and columns;
* :mod:`~cnnviz.gui.compare.chart` — ``CompareChart``: parameters and MACs (log scale) and
  test accuracy as bars, exported as PNG or SVG (imports pyqtgraph: not loaded from here);
* :mod:`~cnnviz.gui.compare.view` — :class:`CompareView`, table and chart in one page.
"""

from cnnviz.gui.compare.table import COLUMNS, CompareModel
from cnnviz.gui.compare.view import ACCURACY_DATASET, CompareView

__all__ = ["ACCURACY_DATASET", "COLUMNS", "CompareModel", "CompareView"]
