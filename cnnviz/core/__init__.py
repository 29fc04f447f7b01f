"""The computing core of cnnviz: models, shapes, stepping, data and training.

Nothing here imports Qt or pyqtgraph, so every function works in a notebook or a script.
Modules: :mod:`~cnnviz.core.models` (the networks), :mod:`~cnnviz.core.ops` (the book's
from-scratch operations), :mod:`~cnnviz.core.graph` (shape, parameter and MAC inference),
:mod:`~cnnviz.core.summary` (text tables for the CLI and notebooks).
"""
