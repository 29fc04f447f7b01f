"""The wheel ships every package and the resources."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "cnnviz").rglob("__init__.py")
    }
    assert found <= listed, sorted(found - listed)
    assert "cnnviz.resources" in listed


def test_resources_are_found_through_the_package():
    from cnnviz import resource_path

    assert resource_path("lessons").is_dir()
    assert (resource_path("translations") / "cnnviz_zh_CN.qm").is_file()
    assert (resource_path("graphs") / "lenet.json").is_file()  # the first graph, before torch
