"""Exports get the umask's permissions (0644 under 022), like the CSV always did: the graph as
PNG and SVG, the table as CSV, through the same code as ``cnnviz export``."""

from __future__ import annotations

import os
import stat

import pytest

from cnnviz.cli import main


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize(("view", "name"), [("graph", "g.png"), ("graph", "g.svg"),
                                            ("table", "t.csv")])  # fmt: skip
def test_exports_are_0644_under_umask_022(view, name, tmp_path, umask_022, qapp):
    out = tmp_path / name
    assert main(["export", "--model", "lenet", "--view", view, "-o", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
    assert out.stat().st_size > 100
    assert [p.name for p in tmp_path.iterdir()] == [name]  # no temporary file left
